import ArgumentParser
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog history`: the runs that loaded the catalog.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs that loaded the catalog (sample seed, imports, syncs), newest first.")

        @OptionGroup var catalog: CatalogOptions
        @Option(
            help: ArgumentHelp("At most this many runs (1 or more).", valueName: "count"),
            transform: OptionValue.integer(in: 1...Int(Int32.max)))
        var limit: Int?
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text

        func run() throws {
            try Console.run {
                let runs = try catalog.openForReading().runs(limit: limit)
                switch format {
                case .text: Console.print(runs.map(HistoryReport.line).joined(separator: "\n"))
                case .json: Console.write(JSONWriter(pretty: true).data(.array(runs.map(HistoryReport.json))) + [0x0A])
                }
            }
        }
    }
}
