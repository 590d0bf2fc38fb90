/// What a snapshot changes in the catalog: templates added, removed, changed (field by field) or revived.
///
/// Computed on canonical values, so key order, whitespace, or the same `input_instruction`
/// document written differently never make a change.
public struct CatalogDiff: Sendable, Hashable {
    /// Every template that differs, in snapshot order (removals last, by ID).
    public var changes: [TemplateChange]
    /// Templates present and identical.
    public var unchanged: Int
    /// Templates the upstream now lists at another place (order is part of the catalog: `export` and
    /// `serve` keep the upstream's); a sync that only reorders is applied, with no template change.
    public var moved = 0

    /// Creates a diff.
    public init(changes: [TemplateChange] = [], unchanged: Int = 0) {
        self.changes = changes
        self.unchanged = unchanged
    }

    /// IDs of templates the catalog did not hold.
    public var added: [String] { ids(.added) }
    /// IDs of active templates the snapshot no longer lists.
    public var removed: [String] { ids(.removed) }
    /// IDs of templates whose content changed.
    public var changed: [String] { ids(.changed) }
    /// IDs of removed templates the snapshot lists again.
    public var revived: [String] { ids(.revived) }
    /// Whether applying the snapshot would change no template (it may still move some: ``moved``).
    public var isEmpty: Bool { changes.isEmpty }

    /// How many changed or revived templates changed each field, most first: `[("credits", 4), ("aspect_ratio", 1)]`.
    public var fieldCounts: [(field: String, count: Int)] {
        var counts: [String: Int] = [:]
        for change in changes { for field in change.fields { counts[field.field, default: 0] += 1 } }
        return counts.map { ($0.key, $0.value) }.sorted { ($1.count, $0.field) < ($0.count, $1.field) }
    }

    /// `+3 added, -1 removed, ~5 changed (credits 4, aspect_ratio 1)`, revivals counted when there are any.
    public var summary: String {
        var text = "+\(added.count) added, -\(removed.count) removed, ~\(changed.count) changed"
        if !revived.isEmpty { text += ", ^\(revived.count) revived" }
        if moved > 0 { text += ", \(moved) moved" }
        let fields = fieldCounts
        if !fields.isEmpty {
            text += " (" + fields.map { "\($0.field) \($0.count)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    private func ids(_ kind: TemplateChange.Kind) -> [String] {
        changes.filter { $0.kind == kind }.map(\.templateID)
    }
}
