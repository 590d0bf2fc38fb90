import Foundation
import ViduCatalog
import ViduCatalogTesting

/// Import, query, show and CLI measurements on one synthetic catalog size.
struct CatalogBench {
    var size: Int
    var options: BenchOptions

    /// Typical filters of a template picker.
    static let queries: [(String, TemplateQuery)] = [
        ("aspect 9:16, limit 20", TemplateQuery(aspectRatios: ["9:16"], limit: 20)),
        ("resolution 1080p + duration 8, limit 20", TemplateQuery(resolutions: ["1080p"], duration: 8, limit: 20)),
        ("category + hot, limit 20", TemplateQuery(category: "Dance", hot: true, limit: 20)),
        ("max credits 8 + 2 images, limit 20", TemplateQuery(maxCredits: 8, acceptsImages: 2, limit: 20)),
        ("no prompt, by credits, limit 20", TemplateQuery(promptRequired: false, sort: .credits, limit: 20)),
        ("search \"neon\", limit 20", TemplateQuery(search: "neon", limit: 20)),
    ]

    func run(into report: inout Report) throws {
        let label = size.formatted()
        print("\n== \(label) templates")
        let body = SyntheticCatalog(count: size).responseBody()
        let input = options.work + "/catalog-\(size).json"
        try Data(body).write(to: URL(fileURLWithPath: input))
        print("input: \(body.count / size) bytes of JSON per template")

        let path = options.work + "/catalog-\(size).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try CatalogStore(path: path)
        let clock = ContinuousClock()
        let importTime = try clock.measure {
            let snapshot = try CatalogSnapshot(data: body, source: input)
            try store.importSnapshot(snapshot, kind: .import, source: input)
        }
        let seconds = importTime.seconds
        report.add(
            size, "import (parse, compress, index)",
            String(format: "%.2f s (%.0f templates/s)", seconds, Double(size) / seconds),
            target: size == 100_000 ? (seconds < 3, "< 3 s") : nil)

        try store.checkpoint()
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        report.add(size, "database bytes per template", "\(bytes / size) B", target: nil)

        for (name, query) in Self.queries {
            let latencies = try measure(rounds: options.rounds) { _ = try store.templates(matching: query) }
            report.add(
                size, "query \(name)", latencies.summary,
                target: size == 100_000 ? (latencies.p50 < 0.002, "p50 < 2 ms") : nil)
        }

        let ids = SyntheticCatalog(count: size).templates().map(\.id)
        var random = SplitMix64(seed: 7)
        let showLatencies = try measure(rounds: options.rounds) { _ = try store.entry(id: ids[random.next(ids.count)]) }
        report.add(size, "show (entry by ID)", showLatencies.summary, target: nil)

        if FileManager.default.isExecutableFile(atPath: options.cli) {
            let cold = try measure(rounds: 20) {
                try runCLI(["list", "--aspect-ratio", "9:16", "--limit", "20", "--db", path])
            }
            report.add(
                size, "CLI list --aspect-ratio 9:16 --limit 20", cold.summary,
                target: size == 100_000 ? (cold.p50 < 0.050, "p50 < 50 ms") : nil)
        } else {
            print("no CLI at \(options.cli): build it with `swift build -c release` to measure end to end")
        }
    }

    func measure(rounds: Int, _ body: () throws -> Void) throws -> Latencies {
        for _ in 0..<min(5, rounds) { try body() }
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(rounds)
        for _ in 0..<rounds {
            samples.append(try clock.measure(body).seconds)
        }
        return Latencies(samples: samples)
    }

    /// Runs the CLI (see ``Child/run(_:_:environment:measureMemory:)``: no polling, no Foundation `Process`).
    func runCLI(_ arguments: [String]) throws {
        let measured = try Child.run(options.cli, arguments, environment: nil, measureMemory: false)
        guard measured.status == 0 else { throw BenchError("the CLI exited with status \(measured.status)") }
    }
}

struct Latencies {
    var samples: [Double]

    func percentile(_ p: Double) -> Double {
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    var p50: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var summary: String { String(format: "p50 %.3f ms, p99 %.3f ms", p50 * 1000, p99 * 1000) }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
