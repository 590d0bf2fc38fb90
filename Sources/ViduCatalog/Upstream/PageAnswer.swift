/// The upstream's answer to one page request: the page, or "not modified" for a conditional request.
public enum PageAnswer: Sendable {
    /// A `200` with the page, and what to keep for the next conditional request (`nil` when the
    /// answer carried neither `ETag` nor `Last-Modified`).
    case fresh(TemplatePage, cache: CachedResponse?)
    /// A `304 Not Modified` to a conditional request: the page is the one `cached` describes.
    case notModified(CachedResponse)
}
