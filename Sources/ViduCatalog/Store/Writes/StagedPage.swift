/// One page of a sync, made ready for the writer on the fetching side: every template hashed, and
/// the rows of templates the catalog does not hold yet already serialised and compressed, so the
/// single SQLite connection does only SQLite's work.
struct StagedPage: Sendable {
    /// The page number (1-based).
    var number: Int
    /// The catalog size the page reported.
    var total: Int
    /// The page's template IDs, in page order.
    var ids: [String]
    /// The page's templates with their content hashes, in page order; empty for a page answered
    /// `304`, whose templates are stored unchanged (see `CachedResponse`).
    var prepared: [CatalogStore.PreparedTemplate]
    /// The rows of the templates the catalog does not hold, by position on the page.
    var rows: [Int: CatalogStore.RowData]
    /// The answer's validators, to keep for the next sync.
    var cache: CachedResponse?
    /// The URL asked for.
    var url: String
    /// Whether the page was answered `304 Not Modified`.
    var notModified: Bool

    /// Stages a page answered in full: hashes every template and writes the rows of new ones.
    init(_ page: TemplatePage, url: String, cache: CachedResponse?, stored: StoredTemplates) {
        let writer = JSONWriter()
        number = page.page
        total = page.total
        let ids = page.templates.map(\.id)
        var prepared = page.templates.map {
            CatalogStore.PreparedTemplate($0, writer: writer, keepingJSON: stored[$0.id] == nil)
        }
        rows = CatalogStore.rowData(for: ids.indices.filter { stored[ids[$0]] == nil }, of: prepared)
        for index in prepared.indices { prepared[index].written = nil }
        self.ids = ids
        self.prepared = prepared
        self.cache = cache
        self.url = url
        notModified = false
    }

    /// Stages a page answered `304`: what the kept answer says it holds.
    init(number: Int, notModified cached: CachedResponse) {
        self.number = number
        total = cached.total
        ids = cached.templateIDs
        prepared = []
        rows = [:]
        cache = cached
        url = cached.url
        notModified = true
    }
}
