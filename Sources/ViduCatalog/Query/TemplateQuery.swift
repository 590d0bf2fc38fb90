/// A typed filter over the catalog, compiled to one parameterised SQL statement that uses the indexes.
///
/// Values within one option list are alternatives (`aspectRatios: ["9:16", "1:1"]` matches templates
/// supporting either); different filters all apply.
///
/// ```swift
/// var query = TemplateQuery()
/// query.aspectRatios = ["9:16"]
/// query.maxCredits = 10
/// query.acceptsImages = 2
/// let entries = try store.templates(matching: query)
/// ```
public struct TemplateQuery: Sendable, Hashable {
    /// Templates supporting any of these aspect ratios.
    public var aspectRatios: [String] = []
    /// Templates supporting any of these resolutions.
    public var resolutions: [String] = []
    /// Templates supporting this duration in seconds.
    public var duration: Int?
    /// A category name (case-insensitive) or a category ID given as digits.
    public var category: String?
    /// Only hot (`true`) or only not-hot (`false`) templates.
    public var hot: Bool?
    /// Only new (`true`) or only not-new (`false`) templates.
    public var new: Bool?
    /// Templates costing at most this many credits.
    public var maxCredits: Int?
    /// Templates whose stated image count admits this many images (templates with an unknown count are excluded).
    public var acceptsImages: Int?
    /// Templates that need a prompt (`true`) or need none (`false`); unknown ones are excluded either way.
    public var promptRequired: Bool?
    /// Words to find in ID, name, category and instruction texts; each word matches as a prefix.
    public var search: String?
    /// Include templates removed upstream.
    public var includeRemoved = false
    /// The order of the results.
    public var sort: TemplateSort = .name
    /// At most this many results.
    public var limit: Int?
    /// Skip this many results first (a page of a long list: `offset` = page × `limit`); 0 or more.
    public var offset = 0

    /// Creates a query; every filter is off by default.
    public init(
        aspectRatios: [String] = [], resolutions: [String] = [], duration: Int? = nil, category: String? = nil,
        hot: Bool? = nil, new: Bool? = nil, maxCredits: Int? = nil, acceptsImages: Int? = nil,
        promptRequired: Bool? = nil, search: String? = nil, includeRemoved: Bool = false,
        sort: TemplateSort = .name, limit: Int? = nil
    ) {
        self.aspectRatios = aspectRatios
        self.resolutions = resolutions
        self.duration = duration
        self.category = category
        self.hot = hot
        self.new = new
        self.maxCredits = maxCredits
        self.acceptsImages = acceptsImages
        self.promptRequired = promptRequired
        self.search = search
        self.includeRemoved = includeRemoved
        self.sort = sort
        self.limit = limit
    }
}
