import Foundation
import GRDB

extension CatalogStore {
    /// How a streamed sync ended: the diff, and the run it recorded (none for a dry run).
    struct StreamedUpdate: Sendable {
        var diff: CatalogDiff
        var run: CatalogRun?
        var summary: StagedPageQueue.Summary
        var total: Int
    }

    /// Applies a whole catalog as `fetch` delivers it page by page, in one write transaction held
    /// from before the first page to the commit: either all of it is applied, with its run, its
    /// changes and the kept page answers, or (any failure, a `SnapshotProblem`, the guard in
    /// `approve`, or `dryRun`) none of it. Readers are never blocked; the catalog is never held in
    /// memory whole.
    ///
    /// `fetch` puts `StagedPage`s into the queue and finishes or fails it; the transaction runs on
    /// a thread of its own, since SQLite's connection cannot wait for the network in between.
    func applyStream(
        kind: LoadKind, source: String, now: Date, pageSize: Int, dryRun: Bool,
        approve: @escaping @Sendable (CatalogDiff) throws(CatalogError) -> Void,
        fetch: @Sendable (StagedPageQueue) async -> Void
    ) async throws -> StreamedUpdate {
        let queue = StagedPageQueue()
        let pool = self.pool
        async let written: Result<StreamedUpdate, any Error> = withCheckedContinuation { continuation in
            let thread = Thread {
                let result = Result { () throws -> StreamedUpdate in
                    var update: StreamedUpdate?
                    try pool.writeWithoutTransaction { db in
                        // The writer adds a template's row before the rows that refer to it and deletes
                        // nothing, so foreign-key checks (a parent lookup per row) would only cost time;
                        // they cannot be switched inside a transaction, hence here.
                        // Without memory-mapped reads: a sync visits most of the file once, and through
                        // the map every page visited would stay in the process's memory (160 MB at 100k
                        // templates), where SQLite's page cache stays within cache_size.
                        try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA mmap_size = 0")
                        defer {
                            try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA mmap_size = \(Self.mmapSize)")
                        }
                        try db.inTransaction(.immediate) {
                            update = try Self.consume(
                                queue, db: db, kind: kind, source: source, now: now, pageSize: pageSize,
                                dryRun: dryRun, approve: approve)
                            return dryRun ? .rollback : .commit
                        }
                    }
                    guard let update else {
                        throw CatalogError(.database, "The sync's transaction ended without an outcome.")
                    }
                    return update
                }
                if case .failure(let error) = result { queue.fail(error) }
                continuation.resume(returning: result)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        await fetch(queue)
        return try await written.get()
    }

    /// The writer's side of ``applyStream``: every page into a `SnapshotWriter`, then the run.
    private static func consume(
        _ queue: StagedPageQueue, db: Database, kind: LoadKind, source: String, now: Date, pageSize: Int,
        dryRun: Bool, approve: (CatalogDiff) throws(CatalogError) -> Void
    ) throws -> StreamedUpdate {
        let writer = try SnapshotWriter(db, now: now, pageSize: pageSize, discard: queue.discard)
        queue.open(writer.stored)
        while let page = try queue.take() {
            try writer.add(page)
            queue.discard(page)
        }
        guard let summary = queue.finished else {
            throw CatalogError(.database, "The sync's pages ended without a summary.")
        }
        let diff = try writer.finish(pages: summary.pages, approve: approve)
        let total = writer.total ?? 0
        guard !dryRun else { return StreamedUpdate(diff: diff, run: nil, summary: summary, total: total) }
        let run = try recordRun(
            diff, total: total, pages: summary.pages, kind: kind, source: source, snapshotDate: nil, startedAt: now,
            finishedAt: max(now, Date()), in: db)
        try replaceHTTPCache(
            fresh: writer.freshAnswers, revalidated: writer.revalidatedURLs, catalogHash: run.catalogHash ?? "",
            now: now, in: db)
        return StreamedUpdate(diff: diff, run: run, summary: summary, total: total)
    }
}
