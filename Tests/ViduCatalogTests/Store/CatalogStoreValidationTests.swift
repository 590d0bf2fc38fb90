import Foundation
import GRDB
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

    /// Every field the validator reads, so two catalogs can be compared in one expectation.
    func facts(_ catalog: ValidationCatalog) -> [String] {
        catalog.templates.map { rules in
            "\(rules.id) \(String(describing: rules.credits)) \(String(describing: rules.aspectRatios)) "
                + "\(String(describing: rules.resolutions)) \(String(describing: rules.durations)) "
                + "\(String(describing: rules.imageCount)) \(rules.prompt) \(rules.parameters.sorted { $0.key < $1.key })"
        } + catalog.removed.sorted { $0.key < $1.key }.map { "removed \($0.key) \($0.value.timeIntervalSince1970)" }
    }

    /// A store after an import and a sync that removed one template and changed another's options.
    func changedStore(_ name: String) throws -> CatalogStore {
        let store = try store(name)
        var templates = BundledData.sampleSnapshot().templates
        templates.removeAll { $0.id == "hugging" }
        templates[0].aspectRatios = ["21:9"]
        try store.apply(CatalogSnapshot(templates: templates), removingMissing: true, kind: .sync, source: "test")
        return store
    }

    /// The compact index each load writes reads back to the catalog the metadata gives.
    @Test func theStoredIndexAgreesWithTheMetadata() throws {
        let store = try changedStore("index.sqlite")
        let fromIndex = try store.validationCatalog()
        let fromMetadata = try store.catalogForServing().catalog
        #expect(facts(fromIndex) == facts(fromMetadata))
        #expect(fromIndex.context == fromMetadata.context)
        #expect(fromIndex.templates[0].aspectRatios == ["21:9"])
        #expect(fromIndex.removed["hugging"] != nil)
    }

    /// A damaged index row is input like any other: the validator is built from the metadata instead.
    @Test func aDamagedIndexFallsBackToTheMetadata() throws {
        let store = try changedStore("damaged.sqlite")
        let expected = facts(try store.catalogForServing().catalog)
        let queue = try DatabaseQueue(path: folder.file("damaged.sqlite"))
        for damage in ["x'00'", "substr(data, 1, length(data) - 3)", "data || x'01'"] {
            try queue.write { db in try db.execute(sql: "UPDATE validation_index SET data = \(damage)") }
            #expect(facts(try store.validationCatalog()) == expected, "\(damage)")
        }
        try queue.write { db in try db.execute(sql: "DELETE FROM validation_index") }
        #expect(facts(try store.validationCatalog()) == expected)
    }

    /// A catalog written before the index existed gets one when a new version opens it.
    @Test func aCatalogFromBeforeTheIndexGetsOneWhenOpened() throws {
        let expected = facts(try changedStore("old.sqlite").catalogForServing().catalog)
        let queue = try DatabaseQueue(path: folder.file("old.sqlite"))
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE validation_index;
                    ALTER TABLE template DROP COLUMN validation_record;
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%';
                    """)
        }
        try queue.close()
        let reopened = try CatalogStore(path: folder.file("old.sqlite"))
        let rows = try DatabaseQueue(path: folder.file("old.sqlite")).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM validation_index") ?? 0
        }
        #expect(rows == 1)
        #expect(facts(try reopened.validationCatalog()) == expected)
    }

    /// `serve` reads its listing after its validator: only while the catalog is still the same one.
    @Test func theListingIsReadOnlyForTheSameCatalog() throws {
        let store = try store("listing.sqlite")
        let hash = try store.validationCatalog().context.catalogHash
        #expect(
            try store.activeTemplates(ifCatalogHash: hash)?.map(\.id)
                == BundledData.sampleSnapshot().templates.map(\.id))
        var templates = BundledData.sampleSnapshot().templates
        templates[0].credits = 1
        try store.apply(CatalogSnapshot(templates: templates), removingMissing: true, kind: .sync, source: "test")
        #expect(try store.activeTemplates(ifCatalogHash: hash) == nil)
        let fresh = try store.validationCatalog().context.catalogHash
        #expect(fresh != hash)
        #expect(try store.activeTemplates(ifCatalogHash: fresh)?.first?.credits == 1)
    }

    /// A damaged or missing validation record does not fail the next load: it is made again from the
    /// template's metadata, and the index agrees with the metadata.
    @Test func aDamagedRecordIsMadeAgainByTheNextLoad() throws {
        let store = try store("records.sqlite")
        let queue = try DatabaseQueue(path: folder.file("records.sqlite"))
        try queue.write { db in
            try db.execute(sql: "UPDATE template SET validation_record = x'FF' WHERE id = 'hugging'")
            try db.execute(sql: "UPDATE template SET validation_record = NULL WHERE id = 'Easter_cute_pets'")
            try db.execute(
                sql: "UPDATE template SET validation_record = 42 WHERE id = (SELECT id FROM template LIMIT 1 OFFSET 5)")
        }
        var templates = BundledData.sampleSnapshot().templates
        templates[templates.count - 1].credits = 77
        try store.apply(CatalogSnapshot(templates: templates), removingMissing: true, kind: .sync, source: "test")
        #expect(facts(try store.validationCatalog()) == facts(try store.catalogForServing().catalog))
        let unreadable = try queue.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM template WHERE typeof(validation_record) != 'blob' OR length(validation_record) < 2"
            ) ?? -1
        }
        #expect(unreadable == 0)
    }
}
