import Foundation

extension CatalogStore {
    /// Opens the catalog at `path`; when no file exists there, creates it from the bundled sample snapshot.
    ///
    /// Returns the sample's description when it seeded, so callers can say so (the CLI prints it on stderr).
    public static func openSeedingIfAbsent(path: String) throws(CatalogError) -> (
        store: CatalogStore, seeded: SampleInfo?
    ) {
        let absent = !exists(at: path)
        let store = try CatalogStore(path: path)
        guard absent else { return (store, nil) }
        let sample = BundledData.sampleSnapshot()
        try store.importSnapshot(sample, kind: .snapshot, source: "bundled sample snapshot")
        return (store, sample.sample ?? SampleInfo(description: "", snapshotDate: "unknown"))
    }
}
