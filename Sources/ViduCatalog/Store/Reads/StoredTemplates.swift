import Foundation
import GRDB

/// Every template the catalog holds, active or removed, by ID: its key, content hash and state.
/// Read once at the start of a sync's transaction, shared read-only with the fetching side, which
/// uses it to prepare rows only for templates the catalog does not hold.
final class StoredTemplates: Sendable {
    struct Entry: Sendable {
        var pk: Int64
        var contentHash: [UInt8]
        var removed: Bool
        /// Where it stands in upstream order (`SnapshotWriter` moves it when the upstream reorders).
        var position: Int
    }

    let entries: [String: Entry]

    init(_ db: Database) throws {
        var entries: [String: Entry] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT pk, id, content_hash, removed_at IS NOT NULL, position FROM template
                """)
        while let row = try rows.next() {
            let table = "template"
            entries[try row.value(1, in: table, as: String.self)] = Entry(
                pk: try row.value(0, in: table), contentHash: [UInt8](try row.value(2, in: table, as: Data.self)),
                removed: try row.value(3, in: table), position: try row.value(4, in: table))
        }
        self.entries = entries
    }

    subscript(id: String) -> Entry? { entries[id] }

    /// How many are active.
    var activeCount: Int { entries.values.count { !$0.removed } }
}
