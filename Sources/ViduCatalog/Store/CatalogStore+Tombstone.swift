import GRDB

extension CatalogStore {
    /// Marks a template removed upstream; its row, options and history stay.
    static func tombstone(pk: Int64, in db: Database, stamp: String) throws {
        var statement = try RawStatement(db, sql: "UPDATE template SET removed_at = ? WHERE pk = ?")
        statement.bind(stamp)
        statement.bind(pk)
        try statement.run()
    }
}
