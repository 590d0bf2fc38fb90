import ArgumentParser
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog show ID`: one template, every field.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one template: every field, its cover metadata and its history in the catalog.",
            discussion: "An unknown ID exits 1 and suggests up to three close IDs.")

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: ArgumentHelp("The template ID (case matters).", valueName: "id"))
        var id: String
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text

        func run() throws {
            try Console.run {
                let entry = try catalog.openForReading().requireEntry(id: id)
                switch format {
                case .text: Console.print(TemplateDetail(entry: entry).render())
                case .json:
                    guard case .object(var members) = entry.machineJSON else { return }
                    members["metadata_bytes"] = .int(Int64(entry.metadataSize))
                    members["metadata_compressed_bytes"] = .int(Int64(entry.compressedSize))
                    Console.write(JSONWriter(pretty: true).data(.object(members)) + [0x0A])
                }
            }
        }
    }
}
