import ArgumentParser
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog list`: templates filtered by the options they support.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List templates, filtered by the options they support.",
            discussion: """
                Repeated --aspect-ratio or --resolution values are alternatives: a template matches when it \
                supports any of them. Different filters must all match.
                """)

        @OptionGroup var catalog: CatalogOptions

        @Option(
            name: .customLong("aspect-ratio"),
            help: ArgumentHelp("Supports this aspect ratio, e.g. 9:16 (repeatable).", valueName: "ratio"))
        var aspectRatios: [String] = []
        @Option(
            name: .customLong("resolution"),
            help: ArgumentHelp("Supports this resolution, e.g. 1080p (repeatable).", valueName: "resolution"))
        var resolutions: [String] = []
        @Option(
            help: ArgumentHelp("Supports this duration in seconds, 0 to 3600.", valueName: "seconds"),
            transform: OptionValue.integer(in: 0...3600))
        var duration: Int?
        @Option(help: ArgumentHelp("In this category, by name (any case) or numeric ID.", valueName: "category"))
        var category: String?
        @Flag(inversion: .prefixedNo, help: "Only hot templates (--no-hot: only templates not hot).")
        var hot: Bool?
        @Flag(inversion: .prefixedNo, help: "Only new templates (--no-new: only templates not new).")
        var new: Bool?
        @Option(
            name: .customLong("max-credits"),
            help: ArgumentHelp("Costs at most this many credits (0 or more).", valueName: "credits"),
            transform: OptionValue.integer(in: 0...Int(Int32.max)))
        var maxCredits: Int?
        @Option(
            help: ArgumentHelp("Accepts this many input images, 1 to 100.", valueName: "count"),
            transform: OptionValue.integer(in: 1...100))
        var images: Int?
        @Flag(
            name: .customLong("prompt-required"), inversion: .prefixedNo,
            help: "Only templates that need a prompt (--no-prompt-required: only those that need none).")
        var promptRequired: Bool?
        @Option(help: ArgumentHelp("Words to find in ID, name, category and instructions.", valueName: "text"))
        var search: String?
        @Flag(name: .customLong("include-removed"), help: "Include templates upstream no longer lists.")
        var includeRemoved = false
        @Option(help: ArgumentHelp("The order: name, credits, category or newest.", valueName: "order"))
        var sort: TemplateSort = .name
        @Option(
            help: ArgumentHelp("At most this many templates (0 or more).", valueName: "count"),
            transform: OptionValue.integer(in: 0...Int(Int32.max)))
        var limit: Int?
        @Option(help: ArgumentHelp("The output format: table, json, jsonl or csv.", valueName: "format"))
        var format: ListFormat = .table

        var query: TemplateQuery {
            TemplateQuery(
                aspectRatios: aspectRatios, resolutions: resolutions, duration: duration, category: category, hot: hot,
                new: new, maxCredits: maxCredits, acceptsImages: images, promptRequired: promptRequired,
                search: search, includeRemoved: includeRemoved, sort: sort, limit: limit)
        }

        func run() throws {
            try Console.run {
                let entries = try catalog.openForReading().templates(matching: query)
                switch format {
                case .table:
                    Console.print(
                        TemplateTable(entries: entries).render(width: Console.width, colour: Console.useColour))
                case .json: Console.write(JSONWriter(pretty: true).data(.array(entries.map(\.machineJSON))) + [0x0A])
                case .jsonl:
                    var output: [UInt8] = []
                    for entry in entries {
                        JSONWriter().write(entry.machineJSON, into: &output)
                        output.append(0x0A)
                    }
                    Console.write(output)
                case .csv: Console.write(Array(TemplateCSV.render(entries).utf8))
                }
            }
        }
    }
}

extension TemplateSort: ExpressibleByArgument {}
