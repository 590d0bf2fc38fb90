import Foundation
import Testing
// @testable: the staged page queue and the snapshot writer are the sync's internal streaming path, driven
// here page by page to test orderings a real sync cannot be made to produce on demand.
@testable import ViduCatalog
import ViduCatalogTesting

/// ``CatalogStore/applyStream``: pages fed straight into the writer, past its batch size, so rows are
/// really written inside the transaction before the outcome is known.
@Suite struct StreamingApplyTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 3 * SnapshotWriter.batchSize / 2, seed: 11).templates()

    /// Feeds `pages` (slices of `templates`, page size `size`) and finishes the queue.
    func feed(_ templates: [Template], size: Int, total: Int? = nil) -> @Sendable (StagedPageQueue) async -> Void {
        { queue in
            do {
                let stored = try await queue.storedTemplates()
                let count = (templates.count + size - 1) / size
                for number in 1...count {
                    let slice = Array(templates[(number - 1) * size..<min(number * size, templates.count)])
                    let page = TemplatePage(page: number, total: total ?? templates.count, templates: slice)
                    try await queue.put(StagedPage(page, url: "test://\(number)", cache: nil, stored: stored))
                }
                queue.finish(.init(pages: count, requests: count, notModified: 0))
            } catch {
                queue.fail(error)
            }
        }
    }

    func apply(
        _ store: CatalogStore, _ fetch: @escaping @Sendable (StagedPageQueue) async -> Void, dryRun: Bool = false
    )
        async throws -> CatalogStore.StreamedUpdate
    {
        try await store.applyStream(
            kind: .sync, source: "test", now: Date(), pageSize: 1000, dryRun: dryRun, approve: { _ in }, fetch: fetch)
    }

    @Test func aWholeCatalogIsAppliedInUpstreamOrderWithItsRun() async throws {
        let store = try CatalogStore(path: folder.file("whole.sqlite"))
        let update = try await apply(store, feed(catalog, size: 1000))
        #expect(update.diff.added.count == catalog.count)
        #expect(update.run?.added == catalog.count)
        #expect(try store.snapshot().templates == catalog)
        #expect(try store.runs().first?.catalogHash == (try store.catalogHash()))
    }

    @Test func aContradictionAfterRowsWereWrittenRollsBackEverything() async throws {
        let store = try CatalogStore(path: folder.file("rollback.sqlite"))
        try store.importSnapshot(CatalogSnapshot(templates: Array(catalog.prefix(10))), kind: .import, source: "seed")
        let before = JSONWriter().data(try store.snapshot().json)
        let runs = try store.runs().count
        // Pages 1 and 2 fill a batch, which is written; page 3 repeats an ID of page 1.
        var pages = catalog
        pages[2_100] = catalog[5]
        await #expect(throws: SnapshotProblem.self) { try await apply(store, feed(pages, size: 1000)) }
        #expect(JSONWriter().data(try store.snapshot().json) == before)
        #expect(try store.runs().count == runs)
        #expect(try store.status().activeCount == 10)
    }

    @Test func pagesShortOfTheTotalAreRefused() async throws {
        let store = try CatalogStore(path: folder.file("short.sqlite"))
        await #expect(throws: SnapshotProblem.self) {
            try await apply(store, feed(catalog, size: 1000, total: catalog.count + 1))
        }
        #expect(try store.isEmpty())
    }

    @Test func metadataFromTheKeptJSONIsByteForByteWhatWritingItGives() {
        let templates = BundledData.sampleSnapshot().templates + Array(catalog.prefix(200))
        let writer = JSONWriter()
        let plain = templates.map { CatalogStore.PreparedTemplate($0, writer: writer) }
        let kept = templates.map { CatalogStore.PreparedTemplate($0, writer: writer, keepingJSON: true) }
        #expect(plain.map(\.contentHash) == kept.map(\.contentHash))
        // Some sample instructions are not in canonical form: those take the long way.
        #expect(kept.contains { $0.written == nil } && kept.contains { $0.written != nil })
        let indices = Array(templates.indices)
        let slow = CatalogStore.rowData(for: indices, of: plain)
        let fast = CatalogStore.rowData(for: indices, of: kept)
        for index in indices {
            #expect(fast[index]?.metadata == slow[index]?.metadata, "\(templates[index].id)")
            #expect(fast[index]?.metadataSize == slow[index]?.metadataSize)
        }
    }

    @Test func aDryRunReportsTheDiffAndWritesNothing() async throws {
        let store = try CatalogStore(path: folder.file("dry.sqlite"))
        let update = try await apply(store, feed(catalog, size: 1000), dryRun: true)
        #expect(update.diff.added.count == catalog.count)
        #expect(update.run == nil)
        #expect(try store.isEmpty())
        #expect(try store.runs().isEmpty)
    }

    @Test(arguments: [
        ([0, 1, 2, 3], 0), ([3, 2, 1, 0], 3), ([1, 2, 3, 0], 1), ([10, 20, 5, 30], 1), ([], 0), ([7], 0),
        ([0, 2, 1, 3, 5, 4], 2),
    ])
    func movesAreCountedByRelativeOrder(positions: [Int], moved: Int) {
        #expect(SnapshotWriter.moved(positions) == moved)
    }
}
