/// Per-template CreateTask rules that the template list does not carry (`Data/parameter-rules.json`):
/// extra enumerated parameters such as `area` for `exotic_princess`, and templates that take no prompt.
public struct ParameterRules: Sendable, Hashable {
    /// An enumerated parameter only some templates accept.
    public struct Parameter: Sendable, Hashable {
        /// The accepted values.
        public var values: [String]
        /// The value used when the parameter is absent.
        public var defaultValue: String?
    }

    /// The rules of one template.
    public struct TemplateRules: Sendable, Hashable {
        /// Extra parameters by name (`area`, `beast`).
        public var parameters: [String: Parameter]
        /// `true` when the template takes no prompt at all.
        public var takesNoPrompt: Bool
    }

    /// Rules by template ID.
    public var templates: [String: TemplateRules]

    /// Reads the rules file's JSON; throws a sentence naming the first thing that is wrong.
    public init(json: JSONValue) throws(CatalogError) {
        guard let entries = json["templates"]?.objectValue else {
            throw CatalogError(.malformedInput, "The parameter rules have no \"templates\" object.")
        }
        var templates: [String: TemplateRules] = [:]
        for (id, entry) in entries {
            var parameters: [String: Parameter] = [:]
            for (name, spec) in entry["parameters"]?.objectValue ?? [:] {
                guard let values = spec["values"]?.arrayValue?.compactMap(\.stringValue), !values.isEmpty else {
                    throw CatalogError(
                        .malformedInput, "The parameter rules give no values for \(name) of template \(id).")
                }
                parameters[name] = Parameter(values: values, defaultValue: spec["default"]?.stringValue)
            }
            templates[id] = TemplateRules(
                parameters: parameters, takesNoPrompt: entry["prompt"]?.stringValue == "none")
        }
        self.templates = templates
    }
}
