/// One page of the upstream template list.
public struct TemplatePage: Sendable, Hashable {
    /// The page number asked for.
    public var page: Int
    /// The size of the whole catalog, as this page reports it.
    public var total: Int
    /// The templates on this page.
    public var templates: [Template]

    /// Creates a page.
    public init(page: Int, total: Int, templates: [Template]) {
        self.page = page
        self.total = total
        self.templates = templates
    }
}
