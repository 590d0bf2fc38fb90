import Foundation
import GRDB
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The outbox: an applied load queues its events in its own transaction, a load that changes nothing
/// or is rolled back queues nothing, and the events say what changed.
@Suite struct OutboxTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 40).templates()

    func store(_ name: String = "outbox.sqlite") throws -> CatalogStore {
        try CatalogStore(path: folder.file(name))
    }

    func data(_ event: CatalogEvent) -> JSONValue { event.payload["data"] ?? .null }

    @Test func aFirstLoadQueuesOneCatalogChangedEvent() throws {
        let store = try store()
        let update = try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        let events = try store.events(after: 0, limit: 100)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.kind == .catalogChanged)
        #expect(event.runID == update.run.id)
        #expect(event.id.hasPrefix("evt_") && event.id.count == 36)
        #expect(event.payload["type"] == "catalog.changed")
        #expect(event.payload["timestamp"]?.stringValue == Timestamp.string(update.run.finishedAt))
        let data = data(event)
        #expect(data["event_id"]?.stringValue == event.id)
        #expect(data["added"]?.arrayValue?.compactMap(\.stringValue) == update.diff.added)
        #expect(data["counts"]?["added"]?.intValue == 40)
        #expect(data["catalog_hash_before"] == .null)
        #expect(data["catalog_hash_after"]?.stringValue == update.run.catalogHash)
        #expect(data["truncated"] == false)
        #expect(data["run"]?["id"]?.intValue.map(Int64.init) == update.run.id)
        #expect(data["changes_url"]?.stringValue == "/v1/runs/\(update.run.id)/changes")
        #expect(try store.lastEventSequence() == event.sequence)
    }

    @Test func aChangeAndARemovalSayWhatChangedAndEachRemovalIsItsOwnEvent() throws {
        let store = try store()
        let first = try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        var next = catalog
        next[3].credits = (next[3].credits ?? 0) + 7
        let gone = next.remove(at: 10)
        let second = try store.apply(
            CatalogSnapshot(templates: next), removingMissing: true, kind: .sync, source: "second")
        let events = try store.events(after: try store.events(after: 0, limit: 1)[0].sequence, limit: 100)
        #expect(events.map(\.kind) == [.catalogChanged, .templateRemoved])
        let changed = data(events[0])
        #expect(changed["catalog_hash_before"]?.stringValue == first.run.catalogHash)
        #expect(changed["catalog_hash_after"]?.stringValue == second.run.catalogHash)
        #expect(changed["removed"] == [.string(gone.id)])
        #expect(changed["changed"] == [.string(catalog[3].id)])
        let fields = try #require(changed["fields"]?.arrayValue?.first)
        #expect(fields["template"]?.stringValue == catalog[3].id)
        let credits = try #require(fields["changes"]?.arrayValue?.first { $0["field"] == "credits" })
        #expect(credits["old"]?.intValue == catalog[3].credits)
        #expect(credits["new"]?.intValue == (catalog[3].credits ?? 0) + 7)
        let removed = data(events[1])
        #expect(removed["template"]?.stringValue == gone.id)
        #expect(removed["name"]?.stringValue == gone.name)
        #expect(events[1].payload["type"] == "template.removed")
        #expect(events[0].id != events[1].id)
        #expect(try store.latestEvents(kind: .templateRemoved, limit: 5).map(\.id) == [events[1].id])
    }

    @Test func aLoadThatChangesNothingQueuesNothing() throws {
        let store = try store()
        try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        let before = try store.lastEventSequence()
        let again = try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "again")
        #expect(again.run.status == .unchanged)
        #expect(try store.lastEventSequence() == before)
    }

    @Test func aRolledBackLoadQueuesNothing() throws {
        let store = try store()
        try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        let before = try store.lastEventSequence()
        #expect(throws: CatalogError.self) {
            try store.apply(
                CatalogSnapshot(templates: Array(catalog.prefix(5))), removingMissing: true, kind: .sync,
                source: "refused"
            ) { _ throws(CatalogError) in
                throw CatalogError(.massRemoval, "refused in the test")
            }
        }
        #expect(try store.lastEventSequence() == before)
        #expect(try store.events(after: before, limit: 10).isEmpty)
    }

    @Test func aLargeLoadListsTheFirstThousandAndLinksToAllOfThem() throws {
        let store = try store()
        let many = SyntheticCatalog(count: 1_200).templates()
        let update = try store.importSnapshot(CatalogSnapshot(templates: many), kind: .import, source: "many")
        let event = try #require(try store.events(after: 0, limit: 10).first)
        #expect(data(event)["added"]?.arrayValue?.count == CatalogEvent.maxListed)
        #expect(data(event)["counts"]?["added"]?.intValue == 1_200)
        #expect(data(event)["truncated"] == true)
        var all: [String] = []
        while true {
            let page = try store.changes(ofRun: update.run.id, offset: all.count, limit: 500)
            all += page.map(\.change.templateID)
            if page.count < 500 { break }
        }
        #expect(all.sorted() == many.map(\.id).sorted())
    }

    @Test func aLongFieldValueIsQuotedShort() throws {
        let store = try store()
        try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        var next = catalog
        next[0].name = String(repeating: "n", count: 5000)
        try store.importSnapshot(CatalogSnapshot(templates: next), kind: .import, source: "long")
        let event = try #require(try store.latestEvents(kind: .catalogChanged, limit: 1).first)
        let name = try #require(
            data(event)["fields"]?.arrayValue?.first?["changes"]?.arrayValue?.first { $0["field"] == "name" })
        #expect(name["new"]?.stringValue?.count == CatalogEvent.maxQuoted + 1)
        #expect(name["new"]?.stringValue?.hasSuffix("…") == true)
    }

    /// A streamed sync queues its events in its transaction too.
    @Test func aSyncQueuesItsEvents() async throws {
        let store = try store("sync.sqlite")
        try await FakeCrunUpstream.run(templates: catalog) { upstream in
            var configuration = try upstream.configuration()
            configuration.pageSize = 15
            var options = SyncOptions()
            options.retry = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))
            let result = try await SyncEngine(store: store, upstream: configuration, options: options).run()
            let events = try store.events(after: 0, limit: 10)
            #expect(events.count == 1)
            #expect(events.first?.runID == result.run?.id)
            #expect(data(events[0])["counts"]?["added"]?.intValue == catalog.count)
        }
    }
}
