/// A page body kept with its validators, for conditional requests: the next sync sends
/// `If-None-Match` / `If-Modified-Since`, and on `304 Not Modified` reuses the body.
public struct CachedResponse: Sendable, Hashable {
    /// The URL it answered (it carries no secret: the key travels in a header).
    public var url: String
    /// The `ETag` header, verbatim.
    public var etag: String?
    /// The `Last-Modified` header, verbatim.
    public var lastModified: String?
    /// The 200 body.
    public var body: [UInt8]

    /// Creates a cached response.
    public init(url: String, etag: String?, lastModified: String?, body: [UInt8]) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.body = body
    }
}
