/// How many templates each value of each filter would leave, given the query's other filters: what a
/// faceted view shows beside each choice ("9:16 (84)").
///
/// Each facet is counted with its own filter left out and every other filter kept, so choosing a
/// value never hides the alternatives to it. Counted in SQLite from the option index and the
/// template columns (`CatalogStore.facets(for:)`), never by reading templates.
public struct TemplateFacets: Sendable, Hashable {
    /// One value of a facet and the templates it would leave.
    public struct Count: Sendable, Hashable {
        /// The value as the filter takes it (`9:16`, `1080p`, `5`, a category name, `true`).
        public var value: String
        /// Templates matching the other filters and this value.
        public var count: Int

        /// Creates a count.
        public init(value: String, count: Int) {
            self.value = value
            self.count = count
        }
    }

    /// Templates matching the whole query.
    public var total = 0
    /// By aspect ratio, resolution and duration: every value some template matching the other filters
    /// supports, in value order (durations as numbers).
    public var aspectRatios: [Count] = []
    /// By resolution, in value order.
    public var resolutions: [Count] = []
    /// By duration, in numeric order.
    public var durations: [Count] = []
    /// By category name (templates without one are not counted), most common first.
    public var categories: [Count] = []
    /// `true` and `false`, for hot, new and prompt required (a template whose need of a prompt is
    /// unknown is in neither).
    public var hot: [Count] = []
    /// `true` and `false` for new.
    public var new: [Count] = []
    /// `true` (a prompt is required) and `false` (none is).
    public var promptRequired: [Count] = []
    /// For each number of images from 1 to ``maxImages``: the templates accepting that many.
    public var images: [Count] = []
    /// For each credit price some template has: the templates costing at most that, cheapest first.
    public var maxCredits: [Count] = []
    /// Templates removed upstream that match the other filters (what "include removed" would add).
    public var removed = 0

    /// The largest image count offered as a facet: templates take one to a few images.
    public static let maxImages = 6

    /// Creates empty facets.
    public init() {}
}
