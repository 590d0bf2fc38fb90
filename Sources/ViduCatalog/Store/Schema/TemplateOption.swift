/// The option lists a template supports, as stored in the indexed `template_option` table.
public enum TemplateOption: String, Sendable, Hashable, CaseIterable {
    /// `aspect_ratio`, e.g. `9:16`.
    case aspectRatio = "aspect_ratio"
    /// `resolution`, e.g. `1080p`.
    case resolution
    /// `duration` in seconds, stored as decimal text.
    case duration
}
