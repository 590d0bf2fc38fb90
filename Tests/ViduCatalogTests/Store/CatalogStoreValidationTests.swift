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

    /// A body with `input` members replaced (nil removes one).
    func body(_ input: [String: JSONValue?] = [:], template: String = "Easter_cute_pets") -> [UInt8] {
        Fixtures.createTaskBody(input, template: template)
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

    /// The stored load date makes the catalog stale (what staleness then does to verdicts is the
    /// validator's, tested in the core).
    @Test func aCatalogLoadedDaysAgoIsStale() throws {
        let loadedAt = Date().addingTimeInterval(-3 * 86400)
        let catalog = try store("old.sqlite", loadedAt: loadedAt).validationCatalog()
        #expect(abs((catalog.context.loadedAt ?? .distantPast).timeIntervalSince(loadedAt)) < 60)
        let report = RequestValidator(catalog: catalog).validate(bytes: body(template: "brand_new_template"))
        #expect(report.verdict == .undecided)
        #expect(codes(report) == ["template.unknown", "catalog.stale"])
        let lenient = RequestValidator(catalog: catalog, options: .init(maxAge: .seconds(7 * 86400)))
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
