/// The gallery's URLs, built in one place: an ID is percent-encoded into its path segment, so an ID
/// holding `/`, `?` or `#` still names its own page.
enum GalleryPaths {
    static func template(_ id: String) -> String { "/templates/" + TemplateQueryParameters.encode(id) }

    /// The gallery with `query`, at `page` (1 is left out).
    static func gallery(_ query: String, page: Int = 1) -> String {
        let pagepart = page > 1 ? "page=\(page)" : ""
        let parts = [query, pagepart].filter { !$0.isEmpty }
        return parts.isEmpty ? "/" : "/?" + parts.joined(separator: "&")
    }
}
