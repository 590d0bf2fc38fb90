import GRDB

extension CatalogStore {
    /// Connection settings: memory-mapped reads (no read syscalls on hot queries) and a larger page cache.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "vidu-catalog"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768")
        }
        return configuration
    }
}
