import Foundation
import ViduCatalog

/// `validate`'s output formats: text lines, JSON Lines, JUnit XML and SARIF 2.1.0, all streamed
/// (JUnit keeps one file's test cases in a temporary file until it can write the file's counts).
struct ValidationOutput {
    /// Rendered results of one chunk of requests, with their verdicts.
    struct Chunk: Sendable {
        var bytes: [UInt8] = []
        var counts = ValidationCounts()
    }

    let format: ValidationFormat
    let validator: RequestValidator
    private var wroteResult = false
    private var fileCounts = ValidationCounts()
    private var source = ""
    private var spool: FileHandle?
    private var spoolURL: URL?

    static func make(_ format: ValidationFormat, validator: RequestValidator) -> ValidationOutput {
        ValidationOutput(format: format, validator: validator)
    }

    private init(format: ValidationFormat, validator: RequestValidator) {
        self.format = format
        self.validator = validator
    }

    // MARK: Rendering (in parallel, per chunk)

    static func render(
        _ results: [(request: RequestReader.Request, report: ValidationReport)], source: String,
        format: ValidationFormat, validator: RequestValidator
    ) -> Chunk {
        var chunk = Chunk()
        let writer = JSONWriter()
        for (request, report) in results {
            chunk.counts.add(report.verdict)
            switch format {
            case .text: text(report, source: source, line: request.line, into: &chunk.bytes)
            case .json:
                report.writeJSON(source: source, line: request.line, into: &chunk.bytes)
                chunk.bytes.append(0x0A)
            case .junit: junit(report, source: source, line: request.line, into: &chunk.bytes)
            case .sarif: sarif(report, source: source, line: request.line, writer: writer, into: &chunk.bytes)
            }
        }
        return chunk
    }

    /// `file:line: error code /pointer: message (hint)`, one line per finding; a stale-catalog warning
    /// is said once on stderr instead.
    private static func text(_ report: ValidationReport, source: String, line: Int, into bytes: inout [UInt8]) {
        for finding in report.findings where !(finding.code == .catalogStale && finding.severity == .warning) {
            var text = "\(source):\(line): \(finding.severity.rawValue) \(finding.code)"
            if !finding.pointer.isEmpty { text += " \(finding.pointer)" }
            text += ": \(finding.message)"
            if let hint = finding.hint { text += " (\(hint))" }
            bytes += text.utf8
            bytes.append(0x0A)
        }
    }

    private static func junit(_ report: ValidationReport, source: String, line: Int, into bytes: inout [UInt8]) {
        let name = "line \(line)" + (report.template.map { ": \($0)" } ?? "")
        var xml =
            "    <testcase name=\"\(escape(name))\" classname=\"\(escape(source))\" file=\"\(escape(source))\" line=\"\(line)\""
        let errors = report.errors
        // A stale-catalog warning is a property of the whole run, not of each test case.
        let findings = report.findings.filter { !($0.code == .catalogStale && $0.severity == .warning) }
        let lines = findings.map { finding in
            "\(finding.severity.rawValue) \(finding.code)\(finding.pointer.isEmpty ? "" : " " + finding.pointer): \(finding.message)"
        }
        if findings.isEmpty {
            xml += "/>\n"
        } else {
            xml += ">\n"
            if let first = errors.first {
                let tag = report.verdict == .invalid ? "failure" : "skipped"
                xml += "      <\(tag) type=\"\(escape(first.code.rawValue))\" message=\"\(escape(first.message))\">"
                xml += escape(lines.joined(separator: "\n")) + "</\(tag)>\n"
            } else {
                xml += "      <system-out>\(escape(lines.joined(separator: "\n")))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        bytes += xml.utf8
    }

    private static func sarif(
        _ report: ValidationReport, source: String, line: Int, writer: JSONWriter, into bytes: inout [UInt8]
    ) {
        for finding in report.findings {
            let level = finding.severity == .error ? "error" : finding.severity == .undecided ? "warning" : "note"
            var properties: [String: JSONValue] = ["severity": .string(finding.severity.rawValue)]
            if let accepted = finding.accepted { properties["accepted"] = .array(accepted.map(JSONValue.string)) }
            if let template = report.template { properties["template"] = .string(template) }
            let message = finding.hint.map { "\(finding.message) (\($0))" } ?? finding.message
            let result: JSONValue = [
                "ruleId": .string(finding.code.rawValue), "level": .string(level),
                "message": ["text": .string(message)],
                "locations": [
                    [
                        "physicalLocation": [
                            "artifactLocation": ["uri": .string(source)], "region": ["startLine": .int(Int64(line))],
                        ],
                        "logicalLocations": [["fullyQualifiedName": .string(finding.pointer), "kind": "member"]],
                    ]
                ],
                "properties": .object(properties),
            ]
            bytes += ",\n".utf8
            writer.write(result, into: &bytes)
        }
    }

    /// XML 1.0 text and attribute escaping; characters XML cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\t", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    escaped += "\u{FFFD}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    // MARK: Writing (in order)

    mutating func begin() {
        switch format {
        case .text, .json: break
        case .junit:
            let context = validator.catalog.context
            var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vidu-catalog validate\">\n"
            head += "  <properties>\n    <property name=\"catalog\" value=\"\(Self.escape(context.summary))\"/>\n"
            head += "    <property name=\"catalog.hash\" value=\"\(context.catalogHash)\"/>\n"
            if validator.isStale() {
                head +=
                    "    <property name=\"catalog.stale\" value=\"\(Self.escape(validator.staleness().message))\"/>\n"
            }
            head += "  </properties>\n"
            Console.write(Array(head.utf8))
        case .sarif:
            let rules = FindingCatalog.all(parameters: validator.catalog.parameterNames).map { rule -> JSONValue in
                ["id": .string(rule.code.rawValue), "shortDescription": ["text": .string(rule.meaning)]]
            }
            let driver: JSONValue = [
                "name": "vidu-catalog", "version": .string(ViduCatalogInfo.version),
                "informationUri": "https://github.com/vidu-catalog/vidu-catalog", "rules": .array(rules),
            ]
            var head = Array(
                "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":"
                    .utf8)
            JSONWriter().write(driver, into: &head)
            head += "},\"properties\":{\"catalog\":".utf8
            JSONWriter().write(validator.catalog.context.json, into: &head)
            head += "},\"results\":[".utf8
            Console.write(head)
        }
    }

    mutating func beginFile(_ source: String) {
        self.source = source
        fileCounts = ValidationCounts()
        guard format == .junit else { return }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vidu-catalog-junit-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        spoolURL = url
        spool = try? FileHandle(forUpdating: url)
    }

    mutating func write(_ chunk: Chunk) {
        fileCounts.add(chunk.counts)
        guard !chunk.bytes.isEmpty else { return }
        switch format {
        case .text, .json: Console.write(chunk.bytes)
        case .junit:
            do {
                try spool?.write(contentsOf: chunk.bytes)
            } catch {
                Console.note("error: Cannot write the JUnit report's temporary file: \(error.localizedDescription).")
                exit(74)
            }
        case .sarif:
            // Every result starts with ",\n"; the first one of the run must not.
            Console.write(wroteResult ? chunk.bytes : Array(chunk.bytes.dropFirst(2)))
            wroteResult = true
        }
    }

    mutating func endFile() {
        guard format == .junit, let spool, let spoolURL else { return }
        let counts = fileCounts
        Console.write(
            Array(
                "  <testsuite name=\"\(Self.escape(source))\" tests=\"\(counts.total)\" failures=\"\(counts.invalid)\" errors=\"0\" skipped=\"\(counts.undecided)\">\n"
                    .utf8))
        try? spool.seek(toOffset: 0)
        while let data = try? spool.read(upToCount: 1 << 20), !data.isEmpty {
            Console.write([UInt8](data))
        }
        try? spool.close()
        try? FileManager.default.removeItem(at: spoolURL)
        self.spool = nil
        self.spoolURL = nil
        Console.write(Array("  </testsuite>\n".utf8))
    }

    mutating func end(_ counts: ValidationCounts) {
        switch format {
        case .text, .json: break
        case .junit: Console.write(Array("</testsuites>\n".utf8))
        case .sarif: Console.write(Array("]}]}\n".utf8))
        }
    }
}
