/// One template's change.
public struct TemplateChange: Sendable, Hashable {
    /// What happened to the template.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case added, removed, changed, revived
    }

    /// The template's ID.
    public var templateID: String
    /// What happened.
    public var kind: Kind
    /// The fields that differ, with old and new values (empty for additions and removals).
    public var fields: [FieldChange]

    /// Creates a change.
    public init(templateID: String, kind: Kind, fields: [FieldChange] = []) {
        self.templateID = templateID
        self.kind = kind
        self.fields = fields
    }
}
