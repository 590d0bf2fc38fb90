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
    }

    let entries: [String: Entry]

    init(_ db: Database) throws {
        var entries: [String: Entry] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT pk, id, content_hash, removed_at IS NOT NULL FROM template
                """)
        while let row = try rows.next() {
            entries[row[1]] = Entry(pk: row[0], contentHash: [UInt8](row[2] as Data), removed: row[3])
        }
        self.entries = entries
    }

    subscript(id: String) -> Entry? { entries[id] }

    /// How many are active.
    var activeCount: Int { entries.values.count { !$0.removed } }
}
