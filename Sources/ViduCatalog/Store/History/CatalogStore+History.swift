import Crypto
import Foundation
import GRDB

extension CatalogStore {
    /// The catalog's identity: SHA-256 over the content hashes of the active templates in ID order, in hex.
    ///
    /// Two catalogs with the same templates (in canonical form) have the same hash, whatever their history.
    public func catalogHash() throws(CatalogError) -> String {
        try read { db in try Self.catalogHash(in: db) }
    }

    static func catalogHash(in db: Database) throws -> String {
        var hasher = SHA256()
        let hashes = try Data.fetchCursor(
            db,
            sql: """
                SELECT content_hash FROM template WHERE removed_at IS NULL ORDER BY position, id
                """)
        while let hash = try hashes.next() { hasher.update(data: hash) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Records a run and one change row per template change, in the current transaction.
    static func recordRun(
        _ diff: CatalogDiff, total: Int, pages: Int?, kind: LoadKind, source: String, snapshotDate: String?,
        startedAt: Date, finishedAt: Date, in db: Database
    ) throws -> CatalogRun {
        // The identity before this load: the last run's that recorded one (a failed run changed nothing).
        let hashBefore = try String.fetchOne(
            db,
            sql:
                "SELECT catalog_hash FROM catalog_run WHERE status != 'failed' AND catalog_hash IS NOT NULL ORDER BY id DESC LIMIT 1"
        )
        var run = CatalogRun(
            id: 0, kind: kind, source: source, snapshotDate: snapshotDate, startedAt: startedAt, finishedAt: finishedAt,
            status: diff.isEmpty && diff.moved == 0 ? .unchanged : .applied, error: nil, pages: pages, total: total,
            added: diff.added.count,
            changed: diff.changed.count + diff.revived.count, removed: diff.removed.count, unchanged: diff.unchanged,
            catalogHash: try catalogHash(in: db))
        try db.execute(
            sql: """
                INSERT INTO catalog_run (kind, source, snapshot_date, started_at, finished_at, status, error, pages,
                    total, added, changed, removed, unchanged, catalog_hash)
                VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                kind.rawValue, source, snapshotDate, startedAt, finishedAt, run.status.rawValue, pages, total,
                run.added,
                run.changed, run.removed, run.unchanged, run.catalogHash,
            ])
        run.id = db.lastInsertedRowID
        if run.status == .applied {
            try writeValidationIndex(catalogHash: run.catalogHash ?? "", in: db)
            try enqueueEvents(run: run, diff: diff, hashBefore: hashBefore, in: db)
        }
        guard !diff.changes.isEmpty else { return run }
        // Bound directly (a first sync records 100,000 rows): no array of boxed arguments, no JSON.
        let writer = JSONWriter()
        var statement = try RawStatement(
            db, sql: "INSERT INTO template_change (run_id, template_id, kind, fields) VALUES (?, ?, ?, ?)")
        for change in diff.changes {
            statement.bind(run.id)
            statement.bind(change.templateID)
            statement.bind(change.kind.rawValue)
            statement.bind(change.fields.isEmpty ? nil : writer.string(fieldsJSON(change.fields)))
            try statement.run()
        }
        return run
    }

    /// Records a run that failed: its error, and nothing else changed.
    public func recordFailure(kind: LoadKind, source: String, error: String, startedAt: Date) throws(CatalogError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO catalog_run (kind, source, started_at, finished_at, status, error, total, added,
                        changed, removed, unchanged)
                    VALUES (?, ?, ?, ?, 'failed', ?, 0, 0, 0, 0, 0)
                    """,
                arguments: [kind.rawValue, source, startedAt, Date(), error])
        }
    }

    /// `{"credits":{"old":8,"new":10}}`; an absent side is left out.
    static func fieldsJSON(_ fields: [FieldChange]) -> JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: fields.map { field in
                    var sides: [String: JSONValue] = [:]
                    sides["old"] = field.old
                    sides["new"] = field.new
                    return (field.field, JSONValue.object(sides))
                }))
    }

    /// The hook columns of a `runs` row (15 to 18); `nil` when no command ran.
    private static func hookOutcome(_ row: Row) throws -> CatalogRun.HookOutcome? {
        let table = "run_hook"
        let ran: Int64? = try row.value(15, in: table)
        guard ran != nil else { return nil }
        let status: Int64? = try row.value(16, in: table)
        let milliseconds: Int64 = try row.value(18, in: table)
        return CatalogRun.HookOutcome(
            exitStatus: status.flatMap { Int32(exactly: $0) }, error: try row.value(17, in: table),
            duration: .milliseconds(milliseconds))
    }

    /// Records what a run's on-change command did.
    public func recordHookOutcome(runID: Int64, _ outcome: CatalogRun.HookOutcome) throws(CatalogError) {
        let milliseconds =
            max(0, outcome.duration.components.seconds) * 1000
            + outcome.duration.components.attoseconds / 1_000_000_000_000_000
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO run_hook (run_id, exit_status, error, milliseconds) VALUES (?, ?, ?, ?)",
                arguments: [runID, outcome.exitStatus.map { Int64($0) }, outcome.error, milliseconds])
        }
    }

    /// The run with this ID; `nil` when there is none.
    public func run(id: Int64) throws(CatalogError) -> CatalogRun? {
        try runs(where: "id = \(id)", limit: 1).first
    }

    /// The most recent runs, newest first.
    public func runs(limit: Int? = nil) throws(CatalogError) -> [CatalogRun] {
        try runs(where: "1", limit: limit)
    }

    private func runs(where condition: SQL, limit: Int?) throws(CatalogError) -> [CatalogRun] {
        try read { db in
            let request = SQLRequest<Row>(
                literal: """
                    SELECT id, kind, source, snapshot_date, started_at, finished_at, status, catalog_run.error, total,
                        added, changed, removed, unchanged, catalog_hash, pages,
                        h.run_id, h.exit_status, h.error, h.milliseconds
                    FROM catalog_run LEFT JOIN run_hook h ON h.run_id = catalog_run.id
                    WHERE \(condition) ORDER BY id DESC LIMIT \(limit ?? -1)
                    """)
            return try Row.fetchAll(db, request).map { row in
                let table = "catalog_run"
                return CatalogRun(
                    id: try row.value(0, in: table), kind: LoadKind(rawValue: try row.value(1, in: table)) ?? .import,
                    source: try row.value(2, in: table), snapshotDate: try row.value(3, in: table),
                    startedAt: try row.value(4, in: table), finishedAt: try row.value(5, in: table),
                    status: CatalogRun.Status(rawValue: try row.value(6, in: table)) ?? .failed,
                    error: try row.value(7, in: table), pages: try row.value(14, in: table),
                    total: try row.value(8, in: table), added: try row.value(9, in: table),
                    changed: try row.value(10, in: table), removed: try row.value(11, in: table),
                    unchanged: try row.value(12, in: table), catalogHash: try row.value(13, in: table),
                    hook: try Self.hookOutcome(row))
            }
        }
    }

    /// A recorded template change with its run.
    public struct ChangeRecord: Sendable, Hashable {
        /// The run that made it.
        public var runID: Int64
        /// When the run finished.
        public var at: Date
        /// The change.
        public var change: TemplateChange
    }

    /// Recorded changes, oldest first: after run `sinceRun` or at or after `sinceDate`, of one template or all.
    public func changes(sinceRun: Int64? = nil, sinceDate: Date? = nil, templateID: String? = nil)
        throws(CatalogError) -> [ChangeRecord]
    {
        var conditions: [SQL] = []
        if let sinceRun { conditions.append("c.run_id > \(sinceRun)") }
        if let sinceDate { conditions.append("r.finished_at >= \(sinceDate)") }
        if let templateID { conditions.append("c.template_id = \(templateID)") }
        return try changeRecords(where: conditions, order: "c.id", limit: nil)
    }

    /// The `limit` most recent changes, newest first, of one template or all: what a page shows
    /// without reading a history of 100,000 additions.
    public func latestChanges(limit: Int, templateID: String? = nil) throws(CatalogError) -> [ChangeRecord] {
        try changeRecords(
            where: templateID.map { ["c.template_id = \($0)"] } ?? [], order: "c.id DESC", limit: max(limit, 0))
    }

    /// The changes one run recorded, in the order it recorded them, `limit` from `offset`: the full
    /// list a `catalog.changed` event links to when it lists only the first ones.
    public func changes(ofRun runID: Int64, offset: Int, limit: Int) throws(CatalogError) -> [ChangeRecord] {
        try changeRecords(where: ["c.run_id = \(runID)"], order: "c.id", limit: max(0, limit), offset: max(0, offset))
    }

    private func changeRecords(where conditions: [SQL], order: SQL, limit: Int?, offset: Int = 0) throws(CatalogError)
        -> [ChangeRecord]
    {
        try read { db in
            var sql: SQL = """
                SELECT c.run_id, r.finished_at, c.template_id, c.kind, c.fields
                FROM template_change c JOIN catalog_run r ON r.id = c.run_id
                """
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY " + order
            if let limit { sql += " LIMIT \(limit)" }
            if offset > 0 { sql += (limit == nil ? " LIMIT -1" : "") + " OFFSET \(offset)" }
            return try Row.fetchAll(db, SQLRequest<Row>(literal: sql)).map { row in
                let table = "template_change"
                let fieldsText: String? = try row.value(4, in: table)
                var object: [String: JSONValue] = [:]
                if let fieldsText {
                    guard let parsed = try? JSONParser().parse(fieldsText).objectValue else {
                        throw DamagedRow(table: table, column: "fields", found: "text that is not a JSON object")
                    }
                    object = parsed
                }
                let fields = object.sorted { $0.key < $1.key }
                    .map { FieldChange(field: $0.key, old: $0.value["old"], new: $0.value["new"]) }
                return ChangeRecord(
                    runID: try row.value(0, in: table), at: try row.value(1, in: "catalog_run"),
                    change: TemplateChange(
                        templateID: try row.value(2, in: table),
                        kind: TemplateChange.Kind(rawValue: try row.value(3, in: table)) ?? .changed, fields: fields))
            }
        }
    }
}
