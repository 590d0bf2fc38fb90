import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// The report's direct JSON writer (what `validate --format json` prints) writes exactly the bytes the
/// canonical writer gives for the report's tree, so the documented format does not change with it.
@Suite struct ValidationReportJSONTests {
    static let contexts: [ValidationCatalog.Context] = [
        .init(
            catalogHash: "abc", loadedAt: Date(timeIntervalSince1970: 1_764_000_000.123), loadKind: .sync,
            source: "/var/lib/c.sqlite"),
        .init(catalogHash: "d\"e\\f", loadedAt: nil, snapshotDate: "2026-11-20", source: "the bundled sample ✨\n"),
    ]

    /// The tree's bytes, with `source` and `line` added as the CLI adds them.
    func canonical(_ report: ValidationReport, source: String?, line: Int?) -> [UInt8] {
        guard case .object(var members) = report.json else { return [] }
        if let source { members["source"] = .string(source) }
        if let line { members["line"] = .int(Int64(line)) }
        return JSONWriter().data(.object(members))
    }

    @Test(arguments: 0..<2)
    func theDirectWriterGivesTheCanonicalBytes(context: Int) {
        let sample = BundledData.sampleSnapshot()
        let catalog = ValidationCatalog(
            templates: sample.templates.filter { $0.id != "hugging" }, removed: ["hugging": Date()],
            rules: BundledData.parameterRules(), context: Self.contexts[context])
        var bodies = RequestCorpus(catalog: catalog).generate(count: 3000, validShare: 0.3).map(\.bytes)
        bodies.append(Array(#"{"model":"vidu/template","input":{"template":"hugging","images":[]}}"#.utf8))
        bodies.append(Array("[".utf8) + Array(repeating: UInt8(ascii: "1"), count: 3))
        let manyBad = "[" + Array(repeating: "1", count: 150).joined(separator: ",") + "]"
        bodies.append(Array(#"{"model":"vidu/template","input":{"template":"x\"y","images":\#(manyBad)}}"#.utf8))
        let validator = RequestValidator(catalog: catalog, options: .init(strict: context == 1))
        var mismatches = 0
        for (index, body) in bodies.enumerated() {
            let report = validator.validate(bytes: body)
            var direct: [UInt8] = []
            report.writeJSON(source: "requests \"\(index)\".jsonl", line: index + 1, into: &direct)
            var bare: [UInt8] = []
            report.writeJSON(into: &bare)
            if direct != canonical(report, source: "requests \"\(index)\".jsonl", line: index + 1)
                || bare != canonical(report, source: nil, line: nil)
            {
                mismatches += 1
                if mismatches < 3 {
                    Issue.record("body \(index): \(String(decoding: direct, as: UTF8.self))")
                }
            }
        }
        #expect(mismatches == 0)
    }
}
