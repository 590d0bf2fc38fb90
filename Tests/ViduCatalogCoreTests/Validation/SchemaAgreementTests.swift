import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// The exported JSON Schema and the validator reach the same verdict on generated requests, judged on
/// the schema's side by Python's jsonschema (installed into .venv by scripts/python-env.sh).
@Suite struct SchemaAgreementTests {
    let folder = TemporaryDirectory()

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func catalog() throws -> ValidationCatalog {
        ValidationCatalog(
            snapshot: BundledData.sampleSnapshot(), rules: BundledData.parameterRules(),
            context: .init(catalogHash: "sample-hash", loadedAt: Date(), loadKind: .import, source: "sample"))
    }

    /// `.venv/bin/python`, after making sure once per test run that `.venv` holds the pinned packages
    /// (`scripts/python-env.sh` does nothing when they are there), so that `swift test` alone works on
    /// a new machine; `nil` with the script's exit status when it could not.
    static let python: Result<String, ScriptFailure> = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/python-env.sh").path]
        do {
            _ = try process.runAndWait()
        } catch {
            return .failure(ScriptFailure(status: -1))
        }
        guard process.terminationStatus == 0 else { return .failure(ScriptFailure(status: process.terminationStatus)) }
        return .success(root.appendingPathComponent(".venv/bin/python").path)
    }()

    struct ScriptFailure: Error {
        var status: Int32
    }

    /// Python's verdicts, in order.
    func pythonVerdicts(schema: JSONValue, requests: [[UInt8]]) throws -> [String] {
        guard case .success(let python) = Self.python else {
            Issue.record("scripts/python-env.sh could not set up .venv (it needs python3-venv and PyPI).")
            return []
        }
        let schemaPath = folder.file("schema-\(UUID().uuidString).json")
        let requestsPath = folder.file("requests-\(UUID().uuidString).jsonl")
        try Data(JSONWriter().data(schema)).write(to: URL(fileURLWithPath: schemaPath))
        try Data(requests.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: requestsPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Self.root.appendingPathComponent("scripts/schema-verdicts.py").path, schemaPath, requestsPath,
        ]
        let outputPath = folder.file("verdicts-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        #expect(try process.runAndWait() == 0)
        return String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    @Test func theWholeCatalogSchemaAgreesOnEveryGeneratedRequest() throws {
        let catalog = try catalog()
        let validator = RequestValidator(catalog: catalog)
        let corpus = RequestCorpus(catalog: catalog).generate(count: 1200, huge: true)
        // Every shape is in the corpus, valid ones and one per rule.
        let shapes = Set(corpus.map(\.intent))
        #expect(shapes == Set(RequestCorpus.validShapes + RequestCorpus.invalidShapes + ["payload.too_long"]))
        let ours = corpus.map { validator.validate(bytes: $0.bytes) }
        // The generator's intent holds: each invalid body gets the finding it was built for.
        for (entry, report) in zip(corpus, ours) {
            #expect((report.verdict == .valid) == entry.isValid, "\(entry.intent): \(report.findings.map(\.code))")
            if !entry.isValid && !entry.intent.hasPrefix("parameter.") {
                #expect(
                    report.errors.contains { $0.code.rawValue == entry.intent },
                    "\(entry.intent): \(report.findings.map(\.code))")
            }
        }
        let theirs = try pythonVerdicts(schema: RequestSchema.document(for: catalog), requests: corpus.map(\.bytes))
        #expect(theirs.count == corpus.count)
        var disagreements: [String] = []
        for (index, (entry, report)) in zip(corpus, ours).enumerated() where index < theirs.count {
            if theirs[index] != report.verdict.rawValue {
                disagreements.append(
                    "\(entry.intent): validator \(report.verdict), schema \(theirs[index]): \(String(decoding: entry.bytes.prefix(300), as: UTF8.self))"
                )
            }
        }
        #expect(disagreements == [])
        #expect(ours.filter { $0.verdict == .valid }.count > 300)
        #expect(ours.filter { $0.verdict == .invalid }.count > 300)
    }

    @Test func strictAndSingleTemplateSchemasAgreeToo() throws {
        let catalog = try catalog()
        let corpus = RequestCorpus(catalog: catalog).generate(count: 600, seed: 11)
        let strict = RequestValidator(catalog: catalog, options: .init(strict: true))
        let strictVerdicts = corpus.map { strict.validate(bytes: $0.bytes).verdict.rawValue }
        #expect(
            try pythonVerdicts(
                schema: RequestSchema.document(for: catalog, strict: true), requests: corpus.map(\.bytes))
                == strictVerdicts)
        #expect(strictVerdicts.contains("valid") && strictVerdicts.contains("invalid"))

        // One template's schema: bodies for other templates are invalid to both.
        let hugging = try #require(catalog.template(id: "hugging"))
        let validator = RequestValidator(catalog: catalog)
        let single = RequestSchema.document(for: catalog, template: hugging)
        let verdicts = corpus.map { entry -> String in
            let report = validator.validate(bytes: entry.bytes)
            return report.verdict == .valid && report.template == "hugging" ? "valid" : "invalid"
        }
        #expect(try pythonVerdicts(schema: single, requests: corpus.map(\.bytes)) == verdicts)
        #expect(verdicts.contains("valid"))
    }
}
