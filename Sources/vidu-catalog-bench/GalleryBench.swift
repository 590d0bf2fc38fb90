import Foundation
import ViduCatalog
import ViduCatalogTesting

/// The gallery's pages as `serve` (release CLI) answers them over loopback: time from sending the
/// request to the last byte (so the server's time plus a loopback round trip: an upper bound), p50
/// and p99 over sequential requests, and the HTML's size before images.
struct GalleryBench {
    var sizes: [Int]
    var options: BenchOptions
    static let requests = 300

    func run(into report: inout Report) throws {
        print(
            "\n== gallery pages, by catalog size (\(Self.requests) sequential requests each, a connection per request)")
        guard FileManager.default.isExecutableFile(atPath: options.cli) else {
            return print("no CLI at \(options.cli): build it with `swift build -c release`")
        }
        for size in sizes {
            let database = options.work + "/gallery-\(size).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            let templates: [Template]
            if size <= 120 {
                templates = BundledData.sampleSnapshot().templates
                _ = try Child.run(options.cli, ["status", "--db", database], measureMemory: false)
            } else {
                let file = options.work + "/gallery-\(size).json"
                let synthetic = SyntheticCatalog(count: size)
                try Data(synthetic.responseBody()).write(to: URL(fileURLWithPath: file))
                let run = try Child.run(options.cli, ["import", "--db", database, file], measureMemory: false)
                guard run.status == 0 else { throw BenchError("import exited with \(run.status)") }
                templates = (0..<min(size, 100)).map { synthetic.template($0) }
            }
            let port: UInt16 = 18_000 + UInt16(size % 1000)
            let pid = try Child.spawn(options.cli, ["serve", "--db", database, "--port", "\(port)"], environment: nil)
            defer {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            try Self.waitForServer(port: port)
            let id = templates[templates.count / 2].id
            let pages: [(String, String)] = [
                ("gallery: first page", "/"),
                ("gallery: 9:16 and 1080p, cheapest first", "/?aspect_ratio=9%3A16&resolution=1080p&sort=credits"),
                ("gallery: full-text search", "/?search=dance"),
                ("gallery: template page", "/templates/" + id),
                ("gallery: catalog page", "/catalog"),
            ]
            for (label, path) in pages {
                var times: [Double] = []
                var server: [Double] = []
                var bytes = 0
                for _ in 0..<Self.requests {
                    let began = ContinuousClock.now
                    guard let answer = Self.get(path, port: port), answer.status == "200" else {
                        throw BenchError("GET \(path) failed")
                    }
                    times.append((ContinuousClock.now - began).seconds * 1000)
                    if let total = answer.serverMilliseconds { server.append(total) }
                    bytes = answer.bodyBytes
                }
                let (p50, p99) = Self.percentiles(times)
                let (serverP50, serverP99) = Self.percentiles(server)
                let first = size <= 120 && path == "/"
                report.add(
                    size, label,
                    String(
                        format: "server p50 %.2f ms (p99 %.2f); loopback p50 %.2f ms (p99 %.2f); %d KB of HTML",
                        serverP50, serverP99, p50, p99, (bytes + 1023) / 1024),
                    target: first ? (serverP50 < 5 && bytes < 100 * 1024, "server < 5 ms p50, < 100 KB") : nil)
            }
        }
    }

    /// The median and the 99th percentile; zeros when there is nothing.
    static func percentiles(_ values: [Double]) -> (Double, Double) {
        guard !values.isEmpty else { return (0, 0) }
        let sorted = values.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }

    static func waitForServer(port: UInt16) throws {
        let began = ContinuousClock.now
        while ContinuousClock.now - began < .seconds(30) {
            if get("/healthz", port: port) != nil { return }
            usleep(10_000)
        }
        throw BenchError("serve did not start on port \(port)")
    }

    /// One `GET` on a new connection, read to its end: the status, the body's size, and the
    /// server's own time when it sent `Server-Timing` (its `total`).
    static func get(_ path: String, port: UInt16) -> (status: String, bodyBytes: Int, serverMilliseconds: Double?)? {
        guard let socket = LoopbackSocket.connect(port: port) else { return nil }
        defer { close(socket) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard LoopbackSocket.send(request, on: socket) else { return nil }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if received <= 0 { break }
            answer += chunk[0..<received]
        }
        guard answer.count >= 12 else { return nil }
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd = answer.count
        for index in 0..<(answer.count - 3) where Array(answer[index..<(index + 4)]) == separator {
            headerEnd = index + 4
            break
        }
        let head = String(decoding: answer[0..<headerEnd], as: UTF8.self).lowercased()
        var server: Double?
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("server-timing:") }),
            let total = line.range(of: "total;dur=")
        {
            server = Double(line[total.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        return (String(decoding: answer[9..<12], as: UTF8.self), answer.count - headerEnd, server)
    }
}
