import Foundation

/// A summary of the catalog, for `vidu-catalog status`.
public struct CatalogStatus: Sendable, Hashable {
    /// One category and how many active templates it holds.
    public struct Category: Sendable, Hashable {
        /// Vidu's category name, when templates give one.
        public var name: String?
        /// Vidu's category ID, when templates give one.
        public var id: Int?
        /// Active templates in it.
        public var count: Int
    }

    /// One load of templates into the catalog.
    public struct Load: Sendable, Hashable {
        /// Where it came from.
        public var kind: LoadKind
        /// A file path, a URL or "bundled sample".
        public var source: String
        /// The sample's date, when the load was a dated sample.
        public var snapshotDate: String?
        /// When it was applied.
        public var loadedAt: Date
    }

    /// The database file.
    public var path: String
    /// Bytes on disk: the database file plus its write-ahead log.
    public var fileBytes: Int64
    /// Templates upstream still lists.
    public var activeCount: Int
    /// Templates upstream stopped listing.
    public var removedCount: Int
    /// Categories of the active templates, largest first.
    public var categories: [Category]
    /// The most recent load, `nil` for an empty catalog.
    public var lastLoad: Load?
    /// Cover metadata bytes before compression.
    public var metadataBytes: Int64
    /// Cover metadata bytes as stored.
    public var compressedMetadataBytes: Int64

    /// `true` when every load so far was the bundled sample, i.e. the catalog is not live data.
    public var onlySample: Bool
    /// The catalog's identity (see ``CatalogStore/catalogHash()``).
    public var catalogHash: String
}
