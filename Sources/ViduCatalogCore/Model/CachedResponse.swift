/// What a sync keeps of one page answer for the next: its validators, and what the page held (the
/// catalog size it reported and its template IDs in order).
///
/// The body itself is not kept: a `304 Not Modified` is only asked for while the catalog is still
/// exactly as the sync that kept the answer left it (the same catalog hash), and then the page's
/// templates are known to be stored unchanged, so their IDs are all a re-sync needs.
public struct CachedResponse: Sendable, Hashable {
    /// The URL it answered (it carries no secret: the key travels in a header).
    public var url: String
    /// The `ETag` header, verbatim.
    public var etag: String?
    /// The `Last-Modified` header, verbatim.
    public var lastModified: String?
    /// The `total` the page reported.
    public var total: Int
    /// The IDs of the page's templates, in page order.
    public var templateIDs: [String]

    /// Creates a cached response.
    public init(url: String, etag: String?, lastModified: String?, total: Int, templateIDs: [String]) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.total = total
        self.templateIDs = templateIDs
    }
}
