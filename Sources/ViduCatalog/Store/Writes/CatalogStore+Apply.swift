import Foundation
import GRDB

extension CatalogStore {
    /// What applying a snapshot did: the run it recorded and the changes it made.
    public struct Update: Sendable, Hashable {
        /// The recorded run.
        public var run: CatalogRun
        /// The changes, field by field.
        public var diff: CatalogDiff
    }

    /// Adds or updates every template of `snapshot` in one transaction; templates it does not list are kept.
    ///
    /// This is `import`: files may hold single pages, so absence means nothing.
    @discardableResult
    public func importSnapshot(
        _ snapshot: CatalogSnapshot, kind: LoadKind, source: String, now: Date = Date()
    ) throws(CatalogError) -> Update {
        try apply(snapshot, removingMissing: false, kind: kind, source: source, now: now)
    }

    /// Applies `snapshot` in one write transaction and records the run and every change.
    ///
    /// New templates are inserted, changed ones updated, removed ones revived; with `removingMissing`
    /// (a whole catalog, as a sync fetches it), active templates the snapshot does not list are
    /// tombstoned. A template whose canonical content is unchanged is not written, so `updated_at`
    /// means "content last changed", and a snapshot that changes nothing writes no template row.
    /// Either all of it is applied or, on any error, none of it.
    ///
    /// `approve` sees the diff inside the transaction, before anything is written, and may throw to
    /// apply nothing (the sync engine's mass-removal guard).
    @discardableResult
    public func apply(
        _ snapshot: CatalogSnapshot, removingMissing: Bool, kind: LoadKind, source: String, pages: Int? = nil,
        now: Date = Date(),
        approve: (CatalogDiff) throws(CatalogError) -> Void = { _ in }
    ) throws(CatalogError) -> Update {
        let clock = ContinuousClock()
        let began = clock.now
        // Into an empty catalog every template is new: keep the JSON each one's hash was computed from,
        // which its metadata embeds, instead of writing it a second time (a tenth of a 100,000-template import).
        let empty = try read { db in try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM template)") ?? false) }
        let prepared = try Self.prepare(snapshot.templates, keepingJSON: empty)
        let update = try write { db in
            let plan = try Self.plan(prepared, removingMissing: removingMissing, in: db)
            try approve(plan.diff)
            // Big loads touch pages all over every index: keep them in memory rather than spilling to the WAL.
            if prepared.count > 10_000 { try db.execute(sql: "PRAGMA cache_size = -524288") }
            defer { try? db.execute(sql: "PRAGMA cache_size = -32768") }
            try Self.write(plan, of: prepared, in: db, now: now)
            if plan.inserts.count + plan.updates.count > 1000 { try Self.analyze(db) }
            let run = try Self.recordRun(
                plan.diff, total: prepared.count, pages: pages, kind: kind, source: source,
                snapshotDate: snapshot.sample?.snapshotDate,
                startedAt: now, finishedAt: now + (clock.now - began).timeInterval, in: db)
            return Update(run: run, diff: plan.diff)
        }
        logger.debug(
            "Applied snapshot",
            metadata: [
                "catalog.run.id": "\(update.run.id)", "catalog.run.kind": "\(kind.rawValue)",
                "catalog.run.added": "\(update.diff.added.count)",
                "catalog.run.changed": "\(update.diff.changed.count)",
                "catalog.run.removed": "\(update.diff.removed.count)",
                "catalog.run.unchanged": "\(update.diff.unchanged)",
            ])
        return update
    }

    /// What applying `snapshot` would change, without changing anything.
    public func diff(_ snapshot: CatalogSnapshot, removingMissing: Bool) throws(CatalogError) -> CatalogDiff {
        let prepared = try Self.prepare(snapshot.templates)
        return try read { db in try Self.plan(prepared, removingMissing: removingMissing, in: db).diff }
    }

    /// The rows to write, and the diff they amount to; templates are positions in the prepared array
    /// (copying a prepared template costs a retain per field, which showed in profiles).
    struct Plan {
        var diff = CatalogDiff()
        var inserts: [Int] = []
        var updates: [(pk: Int64, index: Int)] = []
        /// The cover probes an updated template keeps, by index (see `CoverMetadata/probes(keptFor:)`).
        var keptProbes: [Int: [CoverProbe]] = [:]
        var removals: [Int64] = []
    }

    /// Compares by content hash first; only templates whose hash differs are decoded for a field diff.
    static func plan(_ prepared: [PreparedTemplate], removingMissing: Bool, in db: Database) throws -> Plan {
        let existing = try StoredTemplates(db).entries
        var plan = Plan()
        for (index, item) in prepared.enumerated() {
            switch try compare(item, with: existing[item.template.id], in: db) {
            case .unchanged:
                plan.diff.unchanged += 1
            case .added(let change):
                plan.inserts.append(index)
                plan.diff.changes.append(change)
            case .updated(let pk, let change, let keptProbes):
                plan.updates.append((pk, index))
                plan.diff.changes.append(change)
                if !keptProbes.isEmpty { plan.keptProbes[index] = keptProbes }
            }
        }
        if removingMissing {
            let listed = Set(prepared.map(\.template.id))
            for (id, current) in existing.sorted(by: { $0.key < $1.key }) where !current.removed && !listed.contains(id)
            {
                plan.removals.append(current.pk)
                plan.diff.changes.append(TemplateChange(templateID: id, kind: .removed))
            }
        }
        return plan
    }

    /// What one snapshot template is to the catalog.
    enum Comparison {
        case unchanged
        case added(TemplateChange)
        /// Changed or revived: the row to update, the change, and the cover probes it keeps.
        case updated(pk: Int64, TemplateChange, keptProbes: [CoverProbe])
    }

    /// Compares a template with its stored entry by content hash; only when the hashes differ is the
    /// stored metadata decoded, for the field diff and the probes of unchanged asset URLs. Shared by
    /// loads of whole snapshots (``plan(_:removingMissing:in:)``) and streamed syncs (`SnapshotWriter`).
    static func compare(_ item: PreparedTemplate, with entry: StoredTemplates.Entry?, in db: Database) throws
        -> Comparison
    {
        let id = item.template.id
        guard let entry else { return .added(TemplateChange(templateID: id, kind: .added)) }
        if entry.contentHash == item.contentHash && !entry.removed { return .unchanged }
        var fields: [FieldChange] = []
        var kept: [CoverProbe] = []
        if entry.contentHash != item.contentHash {
            let stored = try storedMetadata(pk: entry.pk, in: db)
            fields = FieldChange.between(stored.template, item.template)
            kept = stored.probes(keptFor: item.template)
        }
        let change = TemplateChange(templateID: id, kind: entry.removed ? .revived : .changed, fields: fields)
        return .updated(pk: entry.pk, change, keptProbes: kept)
    }

    /// The template and its cover probes as stored, decoded from the compressed metadata.
    static func storedMetadata(pk: Int64, in db: Database) throws -> CoverMetadata {
        let request = SQLRequest<Row>(
            literal: "SELECT \(TemplateQuery.selectedColumns) FROM \(TemplateQuery.fromClause) WHERE t.pk = \(pk)")
        guard let row = try Row.fetchOne(db, request) else {
            throw CatalogError(.database, "The catalog lost the metadata of a template while reading it.")
        }
        let entry = try entry(from: row, path: db.configuration.label ?? "the catalog")
        return CoverMetadata(template: entry.template, probes: entry.coverProbes)
    }

    /// Writes a plan: tombstones, updates, inserts, then option and full-text rows in key order.
    ///
    /// Loading many templates into an empty catalog drops the secondary indexes and builds them again
    /// afterwards (sorting once beats inserting in random order), inside the same transaction.
    static func write(_ plan: Plan, of prepared: [PreparedTemplate], in db: Database, now: Date) throws {
        // The same text GRDB writes for a Date, so reads decode it as one.
        guard let stamp = String.fromDatabaseValue(now.databaseValue) else {
            throw CatalogError(.database, "Cannot store the time \(now) in the catalog.")
        }
        let empty = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM template)") ?? false)
        let rebuiltIndexes = empty && plan.inserts.count >= 5000 ? try dropSecondaryIndexes(db) : []
        for pk in plan.removals {
            try tombstone(pk: pk, in: db, stamp: stamp)
        }
        let rows = rowData(for: plan.inserts + plan.updates.map(\.index), of: prepared, probes: plan.keptProbes)
        try update(plan.updates, of: prepared, rows: rows, in: db, stamp: stamp)
        try deleteIndexRows(of: plan.updates.map(\.pk), in: db)
        let position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM template") ?? -1) + 1
        let pk = (try Int64.fetchOne(db, sql: "SELECT max(pk) FROM template") ?? 0) + 1
        let inserts = plan.inserts.enumerated().map { offset, index in
            (pk: pk + Int64(offset), position: position + offset, index: index)
        }
        try insert(inserts, of: prepared, rows: rows, in: db, stamp: stamp)
        let written = plan.updates + inserts.map { (pk: $0.pk, index: $0.index) }
        try insertOptionRows(written, of: prepared, in: db)
        try insertSearchRows(written, of: prepared, rows: rows, in: db)
        for sql in rebuiltIndexes { try db.execute(sql: sql) }
    }
}

extension CatalogStore {
    /// After a large load, which changes the value distributions the planner relies on: sampled
    /// (`analysis_limit`, as `PRAGMA optimize` does), since estimates are all the planner needs and a
    /// full pass over 100k templates' indexes took 0.2 s.
    static func analyze(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE template; ANALYZE template_option")
    }
}
