import GRDB

extension CatalogStore {
    /// Connection settings: memory-mapped reads (no read syscalls on hot queries), a larger page cache,
    /// and `synchronous = NORMAL`, SQLite's advice for WAL: a commit survives a crash of the process,
    /// and only a power loss may roll back the last commits, never corrupt the file.
    /// Memory-mapped reads up to 1 GB (see ``CatalogStore/applyStream`` for the one place that turns them off).
    static let mmapSize = 1 << 30

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "vidu-catalog"
        configuration.prepareDatabase { db in
            try db.execute(
                sql: "PRAGMA mmap_size = \(mmapSize); PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL")
        }
        return configuration
    }
}
