import Foundation
import ViduCatalog
import ViduCatalogTesting

/// Validating a JSON Lines file of generated CreateTask bodies (about 60% valid, the rest spread
/// over every rule): the library alone from raw bytes on one core, the release CLI end to end, its
/// memory on a file three times larger, and jsonschema-rs on the same file against the exported
/// schema, in the same run (when .venv has it: `scripts/python-env.sh`).
struct ValidationBench {
    var requests: Int
    var options: BenchOptions

    func run(into report: inout Report) throws {
        print("\n== validation, \(requests.formatted()) requests")
        let database = options.work + "/validate.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let store = try CatalogStore(path: database)
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: .import, source: "bundled sample")
        let catalog = try store.validationCatalog()
        let validator = RequestValidator(catalog: catalog)
        let corpus = RequestCorpus(catalog: catalog)

        let file = options.work + "/requests-\(requests).jsonl"
        let entries = corpus.generate(count: requests, seed: 99)
        var bytes: [UInt8] = []
        for entry in entries { bytes += entry.bytes + [0x0A] }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let schemaPath = options.work + "/schema.json"
        try Data(JSONWriter().data(RequestSchema.document(for: catalog))).write(to: URL(fileURLWithPath: schemaPath))
        let validShare = Double(entries.filter(\.isValid).count) / Double(requests)
        print(
            String(
                format: "  file: %@, %.2f KB per request, %.0f%% valid", file,
                Double(bytes.count) / Double(requests) / 1024, validShare * 100))

        // The library alone, one core, from bytes already in memory.
        var ranges: [Range<Int>] = []
        var offset = 0
        for entry in entries {
            ranges.append(offset..<(offset + entry.bytes.count))
            offset += entry.bytes.count + 1
        }
        var best = Double.infinity
        var invalid = 0
        // VALIDATION_ROUNDS=50 makes this loop dominate a profile (`perf record`).
        let rounds = ProcessInfo.processInfo.environment["VALIDATION_ROUNDS"].flatMap { Int($0) } ?? 5
        for _ in 0..<rounds {
            let clock = ContinuousClock()
            let began = clock.now
            invalid = 0
            bytes.withUnsafeBytes { all in
                for range in ranges
                where validator.validate(body: UnsafeRawBufferPointer(rebasing: all[range])).verdict != .valid {
                    invalid += 1
                }
            }
            best = min(best, (clock.now - began).seconds)
        }
        let libraryRate = Double(requests) / best

        // What a tree-building reader costs on the same bodies: the parser the validator did not use.
        let parser = JSONParser()
        let clock = ContinuousClock()
        let began = clock.now
        var trees = 0
        bytes.withUnsafeBytes { all in
            for range in ranges where (try? parser.parse(UnsafeRawBufferPointer(rebasing: all[range]))) != nil {
                trees += 1
            }
        }
        let treeRate = Double(requests) / (clock.now - began).seconds
        report.add(
            requests, "validate: library, 1 core (\(invalid) not valid)", rate(libraryRate),
            target: (libraryRate >= 500_000, ">= 500k/s"))
        report.add(requests, "parse only, JSON tree (JSONParser), 1 core, for comparison", rate(treeRate), target: nil)

        guard FileManager.default.isExecutableFile(atPath: options.cli) else {
            print("no CLI at \(options.cli): build it with `swift build -c release` to measure it end to end")
            return
        }
        let cli = try bestOf(3) { try Child.run(options.cli, ["validate", "--db", database, file]) }
        let cliRate = Double(requests) / cli.seconds
        let json = try bestOf(3) {
            try Child.run(options.cli, ["validate", "--db", database, "--format", "json", file])
        }
        report.add(requests, "validate: CLI end to end, text", "\(rate(cliRate)) (\(cli.summary))", target: nil)
        report.add(
            requests, "validate: CLI end to end, json", "\(rate(Double(requests) / json.seconds)) (\(json.summary))",
            target: nil)

        // Memory stays flat: three times the file, the same peak.
        let triple = options.work + "/requests-\(requests * 3).jsonl"
        _ = FileManager.default.createFile(atPath: triple, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: triple))
        for _ in 0..<3 { handle.write(Data(bytes)) }
        try handle.close()
        let big = try Child.run(options.cli, ["validate", "--db", database, triple])
        try? FileManager.default.removeItem(atPath: triple)
        report.add(
            requests * 3, "validate: CLI peak memory, 3× the file", "\(big.peakMB) MB (vs \(cli.peakMB) MB)",
            target: (big.peakMB <= cli.peakMB + 16, "flat (±16 MB)"))

        let python = ".venv/bin/python"
        let script = "scripts/jsonschema-rs-throughput.py"
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script)
        else {
            print("no .venv with jsonschema-rs: run scripts/bench-validate.sh to compare with it")
            return
        }
        let yardstick = try JSONSchemaRS.rate(python: python, script: script, schema: schemaPath, file: file)
        report.add(requests, "validate: jsonschema-rs end to end (Python, json.loads)", rate(yardstick), target: nil)
        report.add(
            requests, "validate: CLI / jsonschema-rs", String(format: "%.1f×", cliRate / yardstick),
            target: (cliRate >= 5 * yardstick, ">= 5×"))
    }

    private func rate(_ perSecond: Double) -> String {
        String(format: "%.0fk requests/s", perSecond / 1000)
    }

    private func bestOf(_ rounds: Int, _ body: () throws -> Child.Measured) throws -> Child.Measured {
        var best: Child.Measured?
        for _ in 0..<rounds {
            let measured = try body()
            guard measured.status == 1 else { throw BenchError("validate exited with \(measured.status), not 1") }
            if best == nil || measured.seconds < best!.seconds { best = measured }
        }
        return best!
    }
}
