import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The validation catalog a store builds names the stored catalog (its hash, how and when it was
/// loaded) and its removed templates, so verdicts carry the store's staleness and removals.
@Suite struct CatalogStoreValidationTests {
    let folder = TemporaryDirectory()

    func store(_ name: String = "catalog.sqlite", loadedAt: Date = Date(), kind: LoadKind = .import) throws
        -> CatalogStore
    {
        let store = try CatalogStore(path: folder.file(name))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: kind, source: "sample", now: loadedAt)
        return store
    }

    /// A body for the sample's `template` with one image.
    func body(_ input: [String: JSONValue?] = [:], template: String = "Easter_cute_pets") -> [UInt8] {
        var members: [String: JSONValue] = [
            "template": .string(template),
            "images": ["https://static.crunai.com/u/9b4262e8-4051-4ae8-abf8-e8d8955a948c.png"],
        ]
        for (key, value) in input { members[key] = value }
        return JSONWriter().data(["model": "vidu/template", "input": .object(members)])
    }

    func codes(_ report: ValidationReport) -> [String] { report.findings.map(\.code.rawValue) }

    @Test func theDocumentedExampleIsValidWithItsCredits() throws {
        let text = """
            {
              "model": "vidu/template",
              "input": {
                "template": "Easter_cute_pets",
                "images": [
                  "https://static.crunai.com/u/9b4262e8-4051-4ae8-abf8-e8d8955a948c.png"
                ],
                "bgm": true
              }
            }
            """
        let store = try store()
        let report = RequestValidator(catalog: try store.validationCatalog()).validate(bytes: Array(text.utf8))
        #expect(report.verdict == .valid)
        #expect(report.findings == [])
        #expect(report.template == "Easter_cute_pets")
        #expect(report.credits == 15)
        #expect(report.catalog.catalogHash == (try store.status().catalogHash))
        #expect(report.catalog.loadKind == .import)
    }

    @Test func aTemplateMissingFromAStaleCatalogIsUndecided() throws {
        let old = try store("old.sqlite", loadedAt: Date().addingTimeInterval(-3 * 86400))
        let validator = RequestValidator(catalog: try old.validationCatalog())
        let report = validator.validate(bytes: body(template: "brand_new_template"))
        #expect(report.verdict == .undecided)
        #expect(codes(report) == ["template.unknown", "catalog.stale"])
        #expect(report.findings[0].severity == .undecided)
        #expect(report.findings[0].hint?.contains("sync") == true)
        // Anything else wrong still makes it invalid.
        #expect(validator.validate(bytes: body(["seed": "1"], template: "brand_new_template")).verdict == .invalid)
        // A known template in a stale catalog: valid, with a warning.
        let known = validator.validate(bytes: body())
        #expect(known.verdict == .valid)
        #expect(codes(known) == ["catalog.stale"])
        #expect(known.findings[0].severity == .warning)
        // --require-fresh makes staleness an error.
        let strict = RequestValidator(catalog: try old.validationCatalog(), options: .init(requireFresh: true))
        #expect(strict.validate(bytes: body()).verdict == .invalid)
        // A younger catalog than --max-age is fresh.
        let lenient = RequestValidator(
            catalog: try old.validationCatalog(), options: .init(maxAge: .seconds(7 * 86400)))
        #expect(lenient.validate(bytes: body()).findings == [])
    }

    @Test func onlyTheBundledSampleIsStaleAndSaysSo() throws {
        let sample = try store("sample.sqlite", kind: .snapshot)
        let report = RequestValidator(catalog: try sample.validationCatalog()).validate(bytes: body())
        #expect(report.verdict == .valid)
        #expect(report.catalog.snapshotDate == "2026-11-20")
        #expect(report.catalog.loadedAt == nil)
        #expect(
            report.findings.map(\.message) == [
                "The catalog holds only the bundled sample of 2026-11-20, not the live catalog."
            ])
    }

    @Test func aRemovedTemplateNamesWhenItWasRemoved() throws {
        let store = try store("removed.sqlite")
        var templates = BundledData.sampleSnapshot().templates
        templates.removeAll { $0.id == "hugging" }
        try store.apply(CatalogSnapshot(templates: templates), removingMissing: true, kind: .sync, source: "test")
        let report = RequestValidator(catalog: try store.validationCatalog()).validate(bytes: body(template: "hugging"))
        #expect(codes(report) == ["template.removed"])
        #expect(report.findings[0].message.hasPrefix("Template hugging was removed from the catalog on 20"))
    }
}
