import ArgumentParser
import Foundation
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog changes`: field-level changes recorded by the runs.
    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List recorded template changes, field by field, oldest first.",
            discussion: "--since takes a run number (changes after that run) or an ISO 8601 date or time.")

        @OptionGroup var catalog: CatalogOptions
        @Option(
            help: ArgumentHelp(
                "Only changes after this run number, or at or after this ISO 8601 time.", valueName: "run|time"))
        var since: String?
        @Option(help: ArgumentHelp("Only changes of this template.", valueName: "id"))
        var template: String?
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text

        func validate() throws {
            if let since, Int64(since) == nil, Self.date(since) == nil {
                throw ValidationError(
                    "--since takes a run number such as 12 or an ISO 8601 time such as 2026-11-26 or "
                        + "2026-11-26T08:00:00Z, not '\(since)'.")
            }
        }

        /// A date (`2026-11-26`, midnight UTC) or a time (`2026-11-26T08:00:00Z`).
        static func date(_ text: String) -> Date? {
            (try? Date(text, strategy: .iso8601)) ?? (try? Date(text + "T00:00:00Z", strategy: .iso8601))
        }

        func run() throws {
            try Console.run {
                let store = try catalog.openForReading()
                let records = try store.changes(
                    sinceRun: since.flatMap { Int64($0) },
                    sinceDate: since.flatMap { Int64($0) == nil ? Self.date($0) : nil },
                    templateID: template)
                switch format {
                case .text: Console.print(records.map(HistoryReport.line).joined(separator: "\n"))
                case .json:
                    Console.write(JSONWriter(pretty: true).data(.array(records.map(HistoryReport.json))) + [0x0A])
                }
            }
        }
    }
}
