import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// One set of finding codes: those the validator emits over the test corpus, those ``FindingCatalog``
/// declares, those the JSON Schema export lists under `x-finding-codes`, and those the README's table
/// names are the same. A code added in one place and forgotten in another fails here.
@Suite struct FindingCodeSetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let rules = BundledData.parameterRules()

    static func catalog(loadedAt: Date? = Date(), removed: [String: Date] = [:]) -> ValidationCatalog {
        let sample = BundledData.sampleSnapshot()
        return ValidationCatalog(
            templates: sample.templates.filter { removed[$0.id] == nil }, removed: removed, rules: rules,
            context: .init(catalogHash: "h", loadedAt: loadedAt, loadKind: loadedAt == nil ? nil : .import, source: "t")
        )
    }

    /// The bodies no generated request reaches: the size, depth and finding limits, duplicate keys,
    /// a removed template, warnings on integers written with a fraction, a prompt the template ignores.
    static func edgeBodies() -> [[UInt8]] {
        let valid = #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/x.png"]"#
        func with(_ members: String) -> [UInt8] { Array((valid + members + "}}").utf8) }
        let noPrompt =
            #"{"model":"vidu/template","input":{"template":"subject_3","images":["https://a.com/x.png"],"prompt":"x"}}"#
        let manyBad = "[" + Array(repeating: "1", count: 300).joined(separator: ",") + "]"
        let bigImage = "data:image/png;base64," + String(repeating: "A", count: 14 * 1024 * 1024)
        return [
            Array(#"{"model":"vidu/template","input":"#.utf8),
            with(#","duration":99999999999999999999,"wm_url":5"#),
            with(#","payload":""# + String(repeating: "p", count: 1_048_577) + #"""#),
            Array(#"{"model":"vidu/template","input":{"template":"hugging","images":["\#(bigImage)"]}}"#.utf8),
            Array(repeating: UInt8(ascii: "["), count: 200),
            Array(#"{"model":"vidu/template","model":"vidu/template","input":{}}"#.utf8),
            [UInt8](repeating: UInt8(ascii: " "), count: 20 * 1024 * 1024 + 1),
            with(#","seed":4.0,"duration":8.0,"wm_position":2.0"#),
            with(#","images2":1"#), with(#","area":"x","beast":3"#),
            Array(noPrompt.utf8),
            Array(#"{"model":"vidu/template","input":{"template":"hugging","images":\#(manyBad)}}"#.utf8),
            Array(#"{"model":"vidu/template","input":{"template":"hugging","images":["https://a.com/x.png"]}}"#.utf8),
            Array(#"{"model":"vidu/template","input":{"template":"brand_new","images":["https://a.com/x.png"]}}"#.utf8),
        ]
    }

    /// Every code the validator emits over the generated corpus and the edge bodies, under a fresh
    /// catalog, a stale one, one that removed `hugging`, and strict options.
    static func emitted() -> Set<String> {
        let fresh = catalog()
        let corpus = RequestCorpus(catalog: fresh).generate(count: 4000, validShare: 0.2)
        let bodies = corpus.map(\.bytes) + edgeBodies()
        var codes: Set<String> = []
        let validators = [
            RequestValidator(catalog: fresh), RequestValidator(catalog: fresh, options: .init(strict: true)),
            RequestValidator(catalog: catalog(loadedAt: Date().addingTimeInterval(-3 * 86400))),
            RequestValidator(catalog: catalog(removed: ["hugging": Date()])),
        ]
        for validator in validators {
            for body in bodies {
                codes.formUnion(validator.validate(bytes: body).findings.map(\.code.rawValue))
            }
        }
        return codes
    }

    static var declared: Set<String> {
        Set(FindingCatalog.all(parameters: fresh.parameterNames).map(\.code.rawValue))
    }

    static let fresh = catalog()

    /// The codes in the README's table (first column), `area.*` standing for a parameter's three codes.
    static func readmeCodes() throws -> Set<String> {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "| code | meaning |") else { return [] }
        var codes: Set<String> = []
        for line in readme[start.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("|") else { break }
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            for match in first.matches(of: /`([a-z_0-9]+)\.([a-z_0-9*]+)`/) {
                let (field, problem) = (String(match.1), String(match.2))
                if problem == "*" {
                    codes.formUnion(FindingCatalog.parameterCodes(field).map(\.code.rawValue))
                } else {
                    codes.insert("\(field).\(problem)")
                }
            }
        }
        return codes
    }

    @Test func theCodesEmittedAreTheCodesDeclared() {
        let emitted = Self.emitted()
        #expect(emitted.subtracting(Self.declared).sorted() == [], "emitted but not declared in FindingCatalog")
        #expect(Self.declared.subtracting(emitted).sorted() == [], "declared but never emitted by the corpus")
    }

    @Test func theSchemaExportListsTheDeclaredCodes() throws {
        for strict in [false, true] {
            let schema = RequestSchema.document(for: Self.fresh, strict: strict)
            let listed = Set(schema["x-finding-codes"]?.objectValue?.keys.map { $0 } ?? [])
            #expect(listed == Self.declared)
        }
        let one = try #require(Self.fresh.template(id: "exotic_princess"))
        let listed = RequestSchema.document(for: Self.fresh, template: one)["x-finding-codes"]?.objectValue?.keys
        #expect(Set(listed.map(Array.init) ?? []) == Self.declared)
    }

    @Test func theReadmeTableNamesTheDeclaredCodes() throws {
        let readme = try Self.readmeCodes()
        #expect(readme.subtracting(Self.declared).sorted() == [], "in the README, not declared")
        #expect(Self.declared.subtracting(readme).sorted() == [], "declared, not in the README")
    }

    @Test func everyCodeIsDeclaredOnce() {
        let codes = FindingCatalog.all(parameters: Self.fresh.parameterNames).map(\.code)
        #expect(codes.count == Set(codes).count)
    }
}
