import ArgumentParser
import Foundation
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog export`: the active catalog in the upstream response shape.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the active templates in the upstream response shape.",
            discussion: "`import` of the output reproduces every field of every template, unknown ones included.")

        @OptionGroup var catalog: CatalogOptions
        @Option(
            help: ArgumentHelp(
                "Write to this file (replaced atomically) instead of standard output.", valueName: "file"))
        var out: String?

        func run() throws {
            try Console.run {
                let snapshot = try catalog.openForReading().snapshot()
                let bytes = JSONWriter(pretty: true).data(snapshot.json) + [0x0A]
                if let out {
                    try SnapshotFile.write(bytes, to: out)
                    Console.note("exported \(snapshot.templates.count) templates to \(out)")
                } else {
                    Console.write(bytes)
                }
            }
        }
    }
}
