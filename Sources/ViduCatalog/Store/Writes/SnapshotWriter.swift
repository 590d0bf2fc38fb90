import Foundation
import GRDB

/// Applies a sync's pages as they arrive, inside the one transaction that makes the sync atomic.
///
/// Pages come in any order; each template is compared with the stored one by content hash, and new
/// or changed ones are written in batches (option and full-text rows grouped, as a load does). The
/// checks that need every page (the count equals `total`, removals, the mass-removal guard) run in
/// ``finish(pages:approve:)``; any failure throws, and the transaction rolls back whole. A page
/// answered `304` costs only its IDs. Memory holds the stored hashes, the IDs seen and one batch.
final class SnapshotWriter {
    private let db: Database
    private let stamp: String
    private let pageSize: Int
    let stored: StoredTemplates
    /// Set by the first page: every other page must report the same.
    private(set) var total: Int?
    private var seen: Set<String> = []
    /// Changes with their place in the snapshot, sorted when the diff is made.
    private var changes: [(order: Int, change: TemplateChange)] = []
    private var unchanged = 0
    private var nextPK: Int64
    /// Templates the catalog holds at another place than the upstream now lists them: (key, place).
    private var moves: [(pk: Int64, position: Int)] = []
    /// The listed templates the catalog already held: (new place, stored place). Pages arrive in any
    /// order; sorted by the new place, how far the stored places are from sorted says how many
    /// templates the upstream moved (see ``moved(_:)``).
    private var heldPositions: [(order: Int, stored: Int)] = []
    private let catalogWasEmpty: Bool
    private var droppedIndexes: [String] = []
    private var batch = Batch()
    /// The option rows of every template written, by (kind, value): about 16 bytes per row.
    private var optionRows: [CatalogStore.OptionKey: [Int64]] = [:]
    private var writtenRows = 0
    /// For the kept page answers: those of pages answered in full with validators, and the URLs of
    /// pages answered `304`, whose kept answers stay; every other kept row is stale.
    private(set) var freshAnswers: [CachedResponse] = []
    private(set) var revalidatedURLs: Set<String> = []

    /// Templates to write, gathered over pages: one statement per option group needs many templates.
    private struct Batch {
        var prepared: [CatalogStore.PreparedTemplate] = []
        var rows: [Int: CatalogStore.RowData] = [:]
        var inserts: [(pk: Int64, position: Int, index: Int)] = []
        var updates: [(pk: Int64, index: Int)] = []
        var keptProbes: [Int: [CoverProbe]] = [:]
        var isEmpty: Bool { prepared.isEmpty }
    }

    static let batchSize = 2_000

    /// Where consumed values go to be released off this thread (see `StagedPageQueue/discard(_:)`).
    private let discard: (any Sendable) -> Void

    /// Reads the catalog; call inside the write transaction.
    init(_ db: Database, now: Date, pageSize: Int, discard: @escaping (any Sendable) -> Void = { _ in }) throws {
        self.db = db
        self.discard = discard
        self.pageSize = pageSize
        guard let stamp = String.fromDatabaseValue(now.databaseValue) else {
            throw CatalogError(.database, "Cannot store the time \(now) in the catalog.")
        }
        self.stamp = stamp
        stored = try StoredTemplates(db)
        catalogWasEmpty = stored.entries.isEmpty
        nextPK = (try Int64.fetchOne(db, sql: "SELECT max(pk) FROM template") ?? 0) + 1
    }

    /// Compares and writes one page's templates; throws `SnapshotProblem` when the page contradicts
    /// the others (another total, an ID already seen).
    func add(_ page: StagedPage) throws {
        if let total, total != page.total {
            throw SnapshotProblem(description: "pages reported different totals \([total, page.total].sorted())")
        }
        if total == nil {
            total = page.total
            // A first load of many templates builds the secondary indexes once at the end instead.
            if catalogWasEmpty && page.total >= 5000 {
                try db.execute(sql: "PRAGMA cache_size = -65536")
                droppedIndexes = try CatalogStore.dropSecondaryIndexes(db)
            }
        }
        if page.notModified {
            revalidatedURLs.insert(page.url)
        } else if let cache = page.cache {
            freshAnswers.append(cache)
        }
        var duplicates: [String] = []
        for (offset, id) in page.ids.enumerated() {
            guard seen.insert(id).inserted else {
                duplicates.append(id)
                continue
            }
            let order = (page.number - 1) * pageSize + offset
            if let entry = stored[id] {
                heldPositions.append((order, entry.position))
                if entry.position != order { moves.append((entry.pk, order)) }
            }
            if page.notModified {
                // Kept answers are only revalidated while the catalog is as they left it.
                guard let entry = stored[id], !entry.removed else {
                    throw CatalogError(
                        .database, "The kept answer of page \(page.number) lists \(id), which the catalog lacks.")
                }
                unchanged += 1
                continue
            }
            try add(page.prepared[offset], row: page.rows[offset], order: order)
        }
        if !duplicates.isEmpty {
            throw SnapshotProblem(
                description: "IDs on two pages: \(duplicates.prefix(5).joined(separator: ", "))"
                    + (duplicates.count > 5 ? " and \(duplicates.count - 5) more" : ""))
        }
        if batch.prepared.count >= Self.batchSize { try flush() }
    }

    private func add(_ item: CatalogStore.PreparedTemplate, row: CatalogStore.RowData?, order: Int) throws {
        let comparison = try CatalogStore.compare(item, with: stored[item.template.id], in: db)
        let index = batch.prepared.count
        switch comparison {
        case .unchanged:
            unchanged += 1
            return
        case .added(let change):
            batch.rows[index] = row
            batch.inserts.append((nextPK, order, index))
            nextPK += 1
            changes.append((order, change))
        case .updated(let pk, let change, let keptProbes):
            if !keptProbes.isEmpty { batch.keptProbes[index] = keptProbes }
            batch.updates.append((pk, index))
            changes.append((order, change))
        }
        batch.prepared.append(item)
    }

    /// Writes the gathered templates: updates, then inserts, then their option and full-text rows.
    private func flush() throws {
        guard !batch.isEmpty else { return }
        let updated = batch.updates.map(\.index)
        if !updated.isEmpty {
            // Updated templates keep probes read from the catalog, so their rows are made here.
            batch.rows.merge(CatalogStore.rowData(for: updated, of: batch.prepared, probes: batch.keptProbes)) { $1 }
        }
        try CatalogStore.update(batch.updates, of: batch.prepared, rows: batch.rows, in: db, stamp: stamp)
        try CatalogStore.deleteIndexRows(of: batch.updates.map(\.pk), in: db)
        try CatalogStore.insert(batch.inserts, of: batch.prepared, rows: batch.rows, in: db, stamp: stamp)
        let written = batch.updates + batch.inserts.map { (pk: $0.pk, index: $0.index) }
        // Option rows wait for the last page: one statement per (kind, value) for the whole sync.
        CatalogStore.addOptionRows(written, of: batch.prepared, to: &optionRows)
        try CatalogStore.insertSearchRows(written, of: batch.prepared, rows: batch.rows, in: db)

        writtenRows += written.count
        discard(batch.prepared)
        discard(batch.rows)
        batch = Batch()
    }

    /// How many of `positions` must move for the rest to be in order: their count less the length of
    /// their longest increasing subsequence (patience sorting, O(n log n)).
    static func moved(_ positions: [Int]) -> Int {
        var tails: [Int] = []
        for position in positions {
            var low = 0
            var high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if tails[middle] < position { low = middle + 1 } else { high = middle }
            }
            if low == tails.count { tails.append(position) } else { tails[low] = position }
        }
        return positions.count - tails.count
    }

    /// After the last page: checks the count, tombstones what the snapshot no longer lists, lets
    /// `approve` veto the diff, and rebuilds what a first load dropped. Throws `SnapshotProblem`
    /// when the pages do not add up to `total`.
    func finish(pages: Int, approve: (CatalogDiff) throws(CatalogError) -> Void) throws -> CatalogDiff {
        guard let total else { throw SnapshotProblem(description: "no page was fetched") }
        guard seen.count == total else {
            throw SnapshotProblem(description: "total \(total) but \(seen.count) templates on \(pages) pages")
        }
        try flush()
        var diff = CatalogDiff(changes: changes.sorted { $0.order < $1.order }.map(\.change), unchanged: unchanged)
        // Every listed template takes its place in the upstream's order (new ones were written there);
        // a template shifted only by an addition or removal before it is not counted as moved.
        diff.moved = Self.moved(heldPositions.sorted { $0.order < $1.order }.map(\.stored))
        if !moves.isEmpty {
            var statement = try RawStatement(db, sql: "UPDATE template SET position = ? WHERE pk = ?")
            for (pk, position) in moves {
                statement.bind(position)
                statement.bind(pk)
                try statement.run()
            }
        }
        for (id, entry) in stored.entries.sorted(by: { $0.key < $1.key }) where !entry.removed && !seen.contains(id) {
            try CatalogStore.tombstone(pk: entry.pk, in: db, stamp: stamp)
            diff.changes.append(TemplateChange(templateID: id, kind: .removed))
        }
        try approve(diff)
        try CatalogStore.insertOptionGroups(optionRows, in: db)
        for sql in droppedIndexes { try db.execute(sql: sql) }
        if !droppedIndexes.isEmpty { try db.execute(sql: "PRAGMA cache_size = -32768") }
        if writtenRows > 1000 { try CatalogStore.analyze(db) }
        return diff
    }
}
