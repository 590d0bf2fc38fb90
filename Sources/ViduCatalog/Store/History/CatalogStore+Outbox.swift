import Foundation
import GRDB

extension CatalogStore {
    /// The outbox keeps this many of the newest events; older ones are dropped by the load that
    /// writes past it (a feed reader that far behind starts again from the oldest kept).
    public static let outboxCapacity = 100_000

    /// Queues the events of an applied run in the current transaction: one `catalog.changed`, and one
    /// `template.removed` per template it removed. Called by `recordRun`, so a load and its events
    /// commit or roll back together.
    static func enqueueEvents(run: CatalogRun, diff: CatalogDiff, hashBefore: String?, in db: Database) throws {
        guard run.status == .applied, !diff.changes.isEmpty else { return }
        let timestamp = Timestamp.string(run.finishedAt)
        let runJSON: JSONValue = [
            "id": .int(run.id), "kind": .string(run.kind.rawValue), "source": .string(run.source),
            "finished_at": .string(timestamp),
        ]
        let after: JSONValue = run.catalogHash.map(JSONValue.string) ?? .null
        let detailed = diff.changes.filter { !$0.fields.isEmpty }
        var truncated = detailed.count > CatalogEvent.maxDetailed
        func list(_ ids: [String]) -> JSONValue {
            if ids.count > CatalogEvent.maxListed { truncated = true }
            return .array(ids.prefix(CatalogEvent.maxListed).map(JSONValue.string))
        }
        var data: [String: JSONValue] = [
            "run": runJSON, "catalog_hash_before": hashBefore.map(JSONValue.string) ?? .null,
            "catalog_hash_after": after,
            "counts": [
                "added": .int(Int64(diff.added.count)), "removed": .int(Int64(diff.removed.count)),
                "revived": .int(Int64(diff.revived.count)), "changed": .int(Int64(diff.changed.count)),
            ],
            "added": list(diff.added), "removed": list(diff.removed), "revived": list(diff.revived),
            "changed": list(diff.changed),
            "fields": .array(
                detailed.prefix(CatalogEvent.maxDetailed).map { change in
                    [
                        "template": .string(change.templateID),
                        "changes": .array(
                            change.fields.map { field in
                                ["field": .string(field.field), "old": quoted(field.old), "new": quoted(field.new)]
                            }),
                    ]
                }),
            "changes_url": .string("/v1/runs/\(run.id)/changes"),
        ]
        data["truncated"] = .bool(truncated)
        try insertEvent(.catalogChanged, data: data, run: run, timestamp: timestamp, in: db)
        for id in diff.removed {
            let name = try String.fetchOne(db, sql: "SELECT name FROM template WHERE id = ?", arguments: [id])
            try insertEvent(
                .templateRemoved,
                data: [
                    "template": .string(id), "name": name.map(JSONValue.string) ?? .null,
                    "removed_at": .string(timestamp), "run": runJSON, "catalog_hash_after": after,
                ], run: run, timestamp: timestamp, in: db)
        }
        try db.execute(
            sql: "DELETE FROM outbox_event WHERE id <= (SELECT max(id) FROM outbox_event) - ?",
            arguments: [outboxCapacity])
    }

    /// A field value as an event quotes it: long strings and long structures cut to
    /// `CatalogEvent.maxQuoted` characters with "…" (absent stays absent: `null`).
    static func quoted(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .null }
        let limit = CatalogEvent.maxQuoted
        switch value {
        case .string(let text) where text.count > limit: return .string(String(text.prefix(limit)) + "…")
        case .array, .object:
            let text = JSONWriter().string(value)
            return text.count > limit ? .string(String(text.prefix(limit)) + "…") : value
        default: return value
        }
    }

    private static func insertEvent(
        _ kind: CatalogEvent.Kind, data: [String: JSONValue], run: CatalogRun, timestamp: String, in db: Database
    ) throws {
        let id = newEventID()
        var data = data
        data["event_id"] = .string(id)
        let payload: JSONValue = [
            "type": .string(kind.rawValue), "timestamp": .string(timestamp), "data": .object(data),
        ]
        try db.execute(
            sql: "INSERT INTO outbox_event (event_id, type, run_id, created_at, payload) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, kind.rawValue, run.id, run.finishedAt, JSONWriter().string(payload)])
    }

    /// `evt_` and 128 random bits in hex (the system's cryptographic generator).
    static func newEventID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return "evt_" + hex(high) + hex(low)
    }

    /// Events after `sequence` (0: from the oldest kept), oldest first, at most `limit`.
    public func events(after sequence: Int64, limit: Int) throws(CatalogError) -> [CatalogEvent] {
        try read { db in
            try Self.events(
                in: db, where: "id > \(sequence)", order: "id", limit: max(0, min(limit, Self.outboxCapacity)))
        }
    }

    /// The `limit` newest events, newest first; of one kind, or all.
    public func latestEvents(kind: CatalogEvent.Kind? = nil, limit: Int) throws(CatalogError) -> [CatalogEvent] {
        try read { db in
            try Self.events(
                in: db, where: kind.map { "type = \($0.rawValue)" } ?? "1", order: "id DESC",
                limit: max(0, min(limit, Self.outboxCapacity)))
        }
    }

    /// The events one run queued, in order.
    public func events(ofRun runID: Int64) throws(CatalogError) -> [CatalogEvent] {
        try read { db in try Self.events(in: db, where: "run_id = \(runID)", order: "id", limit: Self.outboxCapacity) }
    }

    /// The newest event's sequence, 0 when there is none: what tells a feed reader whether anything
    /// is new without reading it.
    public func lastEventSequence() throws(CatalogError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM outbox_event") ?? 0 }
    }

    private static func events(in db: Database, where condition: SQL, order: SQL, limit: Int) throws
        -> [CatalogEvent]
    {
        let request = SQLRequest<Row>(
            literal: """
                SELECT id, event_id, type, run_id, created_at, payload FROM outbox_event
                WHERE \(condition) ORDER BY \(order) LIMIT \(limit)
                """)
        return try Row.fetchAll(db, request).map { row in
            let table = "outbox_event"
            let text: String = try row.value(5, in: table)
            guard let payload = try? JSONParser().parse(text) else {
                throw DamagedRow(table: table, column: "payload", found: "text that is not JSON")
            }
            let type: String = try row.value(2, in: table)
            guard let kind = CatalogEvent.Kind(rawValue: type) else {
                throw DamagedRow(table: table, column: "type", found: "an unknown event type")
            }
            return CatalogEvent(
                sequence: try row.value(0, in: table), id: try row.value(1, in: table), kind: kind,
                runID: try row.value(3, in: table), createdAt: try row.value(4, in: table), payload: payload)
        }
    }
}
