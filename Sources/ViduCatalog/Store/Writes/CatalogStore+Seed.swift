import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CatalogStore {
    /// Opens the catalog at `path`; when no file exists there, creates it from the bundled sample snapshot.
    ///
    /// The sample is written to a temporary file beside `path` and linked into place only once it is
    /// whole, so a seed that fails (a full disk, a killed process) leaves no empty or half-made catalog
    /// for the next command to trust; when two commands seed at once, the first link wins and the other
    /// opens its catalog. Returns the sample's description when it seeded, so callers can say so (the
    /// CLI prints it on stderr).
    public static func openSeedingIfAbsent(path: String) throws(CatalogError) -> (
        store: CatalogStore, seeded: SampleInfo?
    ) {
        guard !exists(at: path) else { return (try CatalogStore(path: path), nil) }
        let sample = BundledData.sampleSnapshot()
        let temporary = path + ".seeding-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var linked = false
        do throws(CatalogError) {
            defer { removeDatabaseFiles(temporary) }
            let seeding = try CatalogStore(path: temporary)
            try seeding.importSnapshot(sample, kind: .snapshot, source: "bundled sample snapshot")
            // Closing checkpoints the write-ahead log into the file, which is then whole on its own.
            try seeding.close()
            if link(temporary, path) == 0 {
                linked = true
            } else if errno != EEXIST {
                throw CatalogError(.io, String(cString: strerror(errno)))
            }
        } catch {
            throw CatalogError(
                error.code == .database ? .io : error.code,
                "Cannot create the catalog \(path) from the bundled sample (\(error.message)); nothing was left there.")
        }
        let store = try CatalogStore(path: path)
        return (store, linked ? sample.sample ?? SampleInfo(description: "", snapshotDate: "unknown") : nil)
    }

    /// Checkpoints the write-ahead log into the database file and closes every connection; the store
    /// is not used afterwards.
    func close() throws(CatalogError) {
        do {
            // Every page into the file itself, so it is whole without its write-ahead log.
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw Self.databaseError(error, path: path)
        }
    }

    /// Removes a database file and its write-ahead log and shared-memory files, if present.
    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
