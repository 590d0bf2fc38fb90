import ArgumentParser
import Foundation
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog status`: what the catalog holds and where it came from.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show counts, categories, where the data came from and its age, and storage sizes.")

        @OptionGroup var catalog: CatalogOptions
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text

        func run() throws {
            try Console.run {
                let status = try catalog.openForReading().status()
                switch format {
                case .text: Console.print(StatusReport(status: status, now: Date()).text)
                case .json:
                    Console.write(
                        JSONWriter(pretty: true).data(StatusReport(status: status, now: Date()).json) + [0x0A])
                }
            }
        }
    }
}
