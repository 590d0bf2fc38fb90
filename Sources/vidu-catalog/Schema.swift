import ArgumentParser
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog schema`: the CreateTask body as a JSON Schema.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a JSON Schema (draft 2020-12) of the CreateTask body, for one template or all.",
            discussion: """
                Without TEMPLATE the schema accepts any active template of the catalog and applies each one's \
                options, image count and prompt rule by dispatching on input.template. It agrees with validate's \
                verdicts; what JSON Schema cannot express is listed in its description. Exit 1 when TEMPLATE is \
                not in the catalog.
                """)

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: ArgumentHelp("Only this template (case-sensitive).", valueName: "template"))
        var template: String?
        @Flag(help: "Refuse members CreateTask does not define (as validate --strict does).")
        var strict = false

        func run() throws {
            try Console.run {
                let index = try catalog.openForReading().validationCatalog()
                var rules: ValidationCatalog.TemplateRules?
                if let template {
                    guard let found = index.template(id: template) else {
                        let suggestions = index.suggestions(for: template)
                        let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
                        throw CatalogError(
                            .templateNotFound, "No template \"\(template)\" in the catalog.\(hint)",
                            suggestions: suggestions)
                    }
                    rules = found
                }
                let schema = RequestSchema.document(for: index, template: rules, strict: strict)
                Console.write(JSONWriter(pretty: true).data(schema) + [0x0A])
            }
        }
    }
}
