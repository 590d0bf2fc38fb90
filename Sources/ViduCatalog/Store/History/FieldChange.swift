/// One upstream field's old and new value; `nil` when the field is absent on that side.
public struct FieldChange: Sendable, Hashable {
    /// The upstream field name, e.g. `credits`.
    public var field: String
    /// The value before.
    public var old: JSONValue?
    /// The value after.
    public var new: JSONValue?

    /// Creates a field change.
    public init(field: String, old: JSONValue?, new: JSONValue?) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// The fields that differ between two versions of a template, compared in canonical form.
    public static func between(_ old: Template, _ new: Template) -> [FieldChange] {
        let before = old.canonicalJSON.objectValue ?? [:]
        let after = new.canonicalJSON.objectValue ?? [:]
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : FieldChange(field: key, old: before[key], new: after[key])
        }
    }
}
