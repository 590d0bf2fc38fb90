import GRDB

extension CatalogStore {
    /// Folds the write-ahead log into the database file and refreshes the planner's statistics.
    public func checkpoint() throws(CatalogError) {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA optimize")
                try db.checkpoint(.truncate)
            }
        } catch {
            throw Self.databaseError(error, path: path)
        }
    }
}
