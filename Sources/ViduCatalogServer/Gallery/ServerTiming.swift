import Hummingbird

/// The `Server-Timing` header (W3C Server Timing): how long each step of a page took on the server,
/// which a browser's developer tools show beside the network timings, and which the benchmark reads
/// to tell the server's time from the loopback's.
struct ServerTiming {
    private var steps: [(name: String, milliseconds: Double)] = []
    private let clock = ContinuousClock()

    /// Runs `body` and records how long it took as `name`.
    mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let began = clock.now
        let result = try body()
        let elapsed = clock.now - began
        steps.append((name, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15))
        return result
    }

    /// `facets;dur=1.02, list;dur=1.10, …, total;dur=3.64`.
    var header: String {
        let total = steps.reduce(0) { $0 + $1.milliseconds }
        return (steps + [("total", total)]).map { "\($0.name);dur=\(Self.format($0.milliseconds))" }
            .joined(separator: ", ")
    }

    func write(into headers: inout HTTPFields) {
        if let name = HTTPFields.Element.Name("Server-Timing") { headers[name] = header }
    }

    /// Milliseconds to two decimals, without Foundation's formatter.
    static func format(_ milliseconds: Double) -> String {
        let hundredths = Int((max(0, min(milliseconds, 1e9)) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
