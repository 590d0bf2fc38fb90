/// What one import did to the catalog.
public struct ImportSummary: Sendable, Hashable {
    /// IDs of templates the catalog did not hold.
    public var added: [String]
    /// IDs of templates whose content changed, or that were removed and came back.
    public var changed: [String]
    /// How many templates were already present with the same content (and were not written).
    public var unchanged: Int

    /// Creates a summary.
    public init(added: [String] = [], changed: [String] = [], unchanged: Int = 0) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
    }

    /// Templates read from the input.
    public var total: Int { added.count + changed.count + unchanged }
}
