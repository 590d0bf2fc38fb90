import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// Applying whole snapshots (as a sync will): removals become tombstones, returns are revivals,
/// and every run and change is recorded.
@Suite struct ApplyAndHistoryTests {
    let folder = TemporaryDirectory()
    let store: CatalogStore
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        store = try CatalogStore(path: folder.file("apply.sqlite"))
        try store.importSnapshot(Self.small(), kind: .import, source: "small", now: start)
    }

    static func small() throws -> CatalogSnapshot {
        try CatalogSnapshot(data: Array(Fixtures.smallCatalog.utf8), source: "small")
    }

    @Test func aWholeSnapshotTombstonesWhatItNoLongerLists() throws {
        var next = try Self.small()
        next.templates.removeAll { $0.id == "gamma_melt" }
        let update = try store.apply(next, removingMissing: true, kind: .sync, source: "test", now: start + 60)
        #expect(update.diff.removed == ["gamma_melt"])
        #expect(update.diff.unchanged == 4)
        let removed = try #require(try store.entry(id: "gamma_melt"))
        #expect(removed.removedAt == start + 60)
        #expect(removed.updatedAt == start)
        #expect(try store.snapshot().templates.map(\.id).contains("gamma_melt") == false)
        #expect(try store.status().removedCount == 1)
    }

    @Test func aTemplateThatComesBackIsRevivedWithAChangeRecorded() throws {
        var without = try Self.small()
        without.templates.removeAll { $0.id == "gamma_melt" }
        try store.apply(without, removingMissing: true, kind: .sync, source: "test", now: start + 60)
        var back = try Self.small()
        back.templates[2].credits = 7
        let update = try store.apply(back, removingMissing: true, kind: .sync, source: "test", now: start + 120)
        #expect(update.diff.revived == ["gamma_melt"])
        #expect(update.diff.changes.first?.fields == [FieldChange(field: "credits", old: 6, new: 7)])
        let entry = try #require(try store.entry(id: "gamma_melt"))
        #expect(entry.isActive)
        #expect(entry.firstSeen == start)
        let history = try store.changes(templateID: "gamma_melt").map(\.change.kind)
        #expect(history == [.added, .removed, .revived])
    }

    @Test func importNeverRemoves() throws {
        let update = try store.importSnapshot(
            CatalogSnapshot(templates: [Template(id: "solo")]), kind: .import, source: "page")
        #expect(update.diff.added == ["solo"])
        #expect(update.diff.removed.isEmpty)
        #expect(try store.status().activeCount == 6)
    }

    @Test func diffChangesNothing() throws {
        let before = try store.snapshot()
        let runs = try store.runs()
        let diff = try store.diff(CatalogSnapshot(templates: [Template(id: "other")]), removingMissing: true)
        #expect(diff.added == ["other"])
        #expect(diff.removed.count == 5)
        #expect(diff.summary == "+1 added, -5 removed, ~0 changed")
        #expect(try store.snapshot() == before)
        #expect(try store.runs() == runs)
    }

    @Test func theSummaryCountsChangedFields() throws {
        var next = try Self.small()
        next.templates[0].credits = 1
        next.templates[1].credits = 2
        next.templates[1].aspectRatios = ["1:1"]
        let diff = try store.diff(next, removingMissing: true)
        #expect(diff.summary == "+0 added, -0 removed, ~2 changed (credits 2, aspect_ratio 1)")
    }

    @Test func runsAreRecordedNewestFirstWithTheCatalogIdentity() throws {
        var next = try Self.small()
        next.templates[0].credits = 1
        try store.apply(next, removingMissing: true, kind: .sync, source: "https://example.test", now: start + 60)
        let runs = try store.runs()
        #expect(runs.map(\.kind) == [.sync, .import])
        #expect(runs[0].changed == 1)
        #expect(runs[0].status == .applied)
        #expect(runs[0].catalogHash == (try store.catalogHash()))
        #expect(runs[0].catalogHash != runs[1].catalogHash)
        #expect(try store.runs(limit: 1).count == 1)
        #expect(try store.changes(sinceRun: runs[1].id).map(\.change.templateID) == ["alpha_dance"])
        #expect(try store.changes(sinceDate: start + 30).count == 1)
    }

    /// The identity covers the templates and their upstream order (what `serve` sends, so what its
    /// ETags name), not the history that led there.
    @Test func equalCatalogsHaveEqualIdentitiesWhateverTheirHistory() throws {
        let other = try CatalogStore(path: folder.file("other.sqlite"))
        try other.importSnapshot(CatalogSnapshot(templates: [Template(id: "temporary")]), kind: .import, source: "x")
        try other.apply(try Self.small(), removingMissing: true, kind: .sync, source: "y")
        #expect(try other.catalogHash() == (try store.catalogHash()))
        // The same templates in another order are another catalog.
        let reordered = try CatalogStore(path: folder.file("reordered.sqlite"))
        var reversed = try Self.small()
        reversed.templates.reverse()
        try reordered.importSnapshot(reversed, kind: .import, source: "z")
        #expect(try reordered.catalogHash() != (try store.catalogHash()))
    }
}
