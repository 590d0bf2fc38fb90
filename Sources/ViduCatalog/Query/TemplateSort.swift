/// Orders for template lists.
public enum TemplateSort: String, Sendable, Hashable, CaseIterable {
    /// By name, case-insensitively, then ID.
    case name
    /// Cheapest first, then by name.
    case credits
    /// By category name, then by name.
    case category
    /// Most recently first seen first, then by name.
    case newest
}
