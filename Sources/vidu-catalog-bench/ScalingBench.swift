import Foundation
import ViduCatalog
import ViduCatalogTesting

/// Validation as the catalog grows: at each size (the bundled sample, grown with synthetic templates),
/// the library alone and the release CLI end to end (text and JSON) on the same generated bodies,
/// start-up to the first verdict, the stored index's size, and jsonschema-rs on the same catalog's
/// schema where it finishes in reasonable time. The share of bodies naming an unknown template is
/// printed, since those are the ones whose cost could depend on the catalog's size.
struct ScalingBench {
    var sizes: [Int]
    var requests: Int
    var options: BenchOptions

    /// Throughput of each size, to compare with the smallest.
    private struct Rates {
        var text: Double
        var json: Double
    }

    func run(into report: inout Report) throws {
        print("\n== validation by catalog size, \(requests.formatted()) requests each")
        var baseline: Rates?
        for size in sizes {
            let rates = try measure(size: size, baseline: baseline, into: &report)
            if baseline == nil { baseline = rates }
        }
    }

    private func measure(size: Int, baseline: Rates?, into report: inout Report) throws -> Rates? {
        let database = options.work + "/scaling-\(size).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let store = try CatalogStore(path: database)
        // The sample, grown with synthetic templates: every size holds the templates the rules file
        // names, so the same shares of bodies use extra parameters at every size.
        let sample = BundledData.sampleSnapshot().templates
        let templates = sample + SyntheticCatalog(count: max(0, size - sample.count)).templates()
        try store.importSnapshot(CatalogSnapshot(templates: templates), kind: .import, source: "bench")
        let catalog = try store.validationCatalog()
        let count = catalog.count
        let entries = RequestCorpus(catalog: catalog).generate(count: requests, seed: 99)
        let unknown = entries.filter { $0.intent == "template.unknown" }.count
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for entry in entries {
            ranges.append(bytes.count..<(bytes.count + entry.bytes.count))
            bytes += entry.bytes + [0x0A]
        }
        let file = options.work + "/scaling-requests-\(size).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        print(
            String(
                format: "  %d templates: %@, %.2f KB per request, %.2f%% name an unknown template", count, file,
                Double(bytes.count) / Double(requests) / 1024, Double(unknown) / Double(requests) * 100))

        // Start-up, in process: open the store, read the index, judge one body.
        let first = Array(entries[0].bytes)
        var startup = Double.infinity
        for _ in 0..<5 {
            let clock = ContinuousClock()
            let began = clock.now
            let opened = try CatalogStore(path: database)
            _ = RequestValidator(catalog: try opened.validationCatalog()).validate(bytes: first)
            startup = min(startup, (clock.now - began).seconds)
        }
        let indexBytes = try store.validationIndexBytes() ?? 0
        report.add(
            count, "validate: start-up to first verdict, library",
            String(
                format: "%.1f ms; stored index %.0f KB (%.1f bytes per template)", startup * 1000,
                Double(indexBytes) / 1024, Double(indexBytes) / Double(max(count, 1))),
            target: count >= 100_000 ? (startup < 0.05, "< 50 ms") : nil)

        let validator = RequestValidator(catalog: catalog)
        var best = Double.infinity
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let began = clock.now
            bytes.withUnsafeBytes { all in
                for range in ranges { _ = validator.validate(body: UnsafeRawBufferPointer(rebasing: all[range])) }
            }
            best = min(best, (clock.now - began).seconds)
        }
        report.add(count, "validate: library, 1 core", rate(Double(requests) / best), target: nil)

        guard FileManager.default.isExecutableFile(atPath: options.cli) else {
            print("no CLI at \(options.cli): build it with `swift build -c release` to measure it end to end")
            return nil
        }
        let oneBody = options.work + "/scaling-one-\(size).jsonl"
        try Data(first + [0x0A]).write(to: URL(fileURLWithPath: oneBody))
        var cliStartup = Double.infinity
        for _ in 0..<5 {
            let run = try Child.run(options.cli, ["validate", "--db", database, oneBody], measureMemory: false)
            cliStartup = min(cliStartup, run.seconds)
        }
        let startupMemory = try Child.run(options.cli, ["validate", "--db", database, oneBody])
        report.add(
            count, "validate: start-up to first verdict, CLI process",
            String(format: "%.1f ms, peak %d MB", cliStartup * 1000, startupMemory.peakMB),
            target: count >= 100_000 ? (cliStartup < 0.05, "< 50 ms") : nil)

        var serveStartup = Double.infinity
        for round in 0..<3 {
            let seconds = try ServeStartup.measure(
                cli: options.cli, database: database, body: first, port: UInt16(18_400 + round))
            serveStartup = min(serveStartup, seconds)
        }
        report.add(
            count, "serve: start-up to first verdict (POST /v1/validate)",
            String(format: "%.1f ms", serveStartup * 1000),
            target: count >= 100_000 ? (serveStartup < 0.05, "< 50 ms") : nil)

        let text = try bestOf(3) { try Child.run(options.cli, ["validate", "--db", database, file]) }
        let json = try bestOf(3) {
            try Child.run(options.cli, ["validate", "--db", database, "--format", "json", file])
        }
        let rates = Rates(text: Double(requests) / text.seconds, json: Double(requests) / json.seconds)
        func versus(_ rate: Double, _ base: Double?) -> (Bool, String)? {
            base.map { (rate >= 0.9 * $0, "within 10% of 120 templates") }
        }
        report.add(
            count, "validate: CLI end to end, text", "\(rate(rates.text)) (\(text.summary))",
            target: versus(rates.text, baseline?.text))
        report.add(
            count, "validate: CLI end to end, json",
            String(format: "%@ (%@), %.0f%% of text", rate(rates.json), json.summary, rates.json / rates.text * 100),
            target: (rates.json >= 0.8 * rates.text, ">= 80% of text"))
        if let base = baseline?.json {
            report.add(
                count, "validate: CLI json against 120 templates",
                String(format: "%.0f%%", rates.json / base * 100), target: versus(rates.json, base))
        }
        try compareWithJSONSchema(size: count, catalog: catalog, file: file, cliJSON: rates.json, into: &report)
        return rates
    }

    /// jsonschema-rs on this catalog's schema: the whole file at the sample's size, a 1,000-request
    /// prefix at 10,000 templates (it checks every template's branch), skipped above.
    private func compareWithJSONSchema(
        size: Int, catalog: ValidationCatalog, file: String, cliJSON: Double, into report: inout Report
    ) throws {
        let python = ".venv/bin/python"
        let script = "scripts/jsonschema-rs-throughput.py"
        guard size <= 10_000 else { return }
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script)
        else { return print("  no .venv with jsonschema-rs: run scripts/bench-validate.sh to compare with it") }
        let schema = options.work + "/scaling-schema-\(size).json"
        try Data(JSONWriter().data(RequestSchema.document(for: catalog))).write(to: URL(fileURLWithPath: schema))
        var input = file
        if size > 120 {
            input = options.work + "/scaling-prefix-\(size).jsonl"
            let lines = try Data(contentsOf: URL(fileURLWithPath: file)).split(separator: 0x0A).prefix(1000)
            try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: input))
        }
        let yardstick = try JSONSchemaRS.rate(
            python: python, script: script, schema: schema, file: input, rounds: size > 120 ? 1 : 3)
        let wanted = size <= 120 ? 5.0 : 100.0
        report.add(
            size, "validate: CLI json / jsonschema-rs",
            String(
                format: "%.0f× (jsonschema-rs %@%@)", cliJSON / yardstick, rate(yardstick),
                size > 120 ? ", 1,000 requests" : ""),
            target: (cliJSON >= wanted * yardstick, String(format: ">= %.0f×", wanted)))
    }

    private func rate(_ perSecond: Double) -> String {
        perSecond >= 10_000
            ? String(format: "%.0fk requests/s", perSecond / 1000) : String(format: "%.0f requests/s", perSecond)
    }

    private func bestOf(_ rounds: Int, _ body: () throws -> Child.Measured) throws -> Child.Measured {
        var best: Child.Measured?
        for _ in 0..<rounds {
            let measured = try body()
            guard measured.status == 1 else { throw BenchError("validate exited with \(measured.status), not 1") }
            if best.map({ measured.seconds < $0.seconds }) ?? true { best = measured }
        }
        guard let best else { throw BenchError("no rounds to measure") }
        return best
    }
}
