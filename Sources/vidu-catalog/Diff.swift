import ArgumentParser
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog diff FILE`: what a snapshot file would change, offline.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a snapshot file with the catalog, changing nothing.",
            discussion: """
                The file is taken as the whole catalog (the upstream response, its data object or an array of \
                templates): active templates it does not list count as removed. Exits 0 when nothing differs \
                and 1 when something does, like diff(1).
                """)

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: ArgumentHelp("The snapshot file.", valueName: "file"))
        var file: String
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text

        func run() throws {
            try Console.run {
                let snapshot = try SnapshotFile.read(file)
                let diff = try catalog.openForReading().diff(snapshot, removingMissing: true)
                switch format {
                case .text:
                    var lines = diff.changes.map(HistoryReport.line)
                    lines.append("\(diff.summary); \(diff.unchanged) unchanged")
                    Console.print(lines.joined(separator: "\n"))
                case .json:
                    let json: JSONValue = [
                        "added": .array(diff.added.map(JSONValue.string)),
                        "removed": .array(diff.removed.map(JSONValue.string)),
                        "changed": .array(
                            diff.changes.filter { $0.kind == .changed || $0.kind == .revived }.map(HistoryReport.json)),
                        "unchanged": .int(Int64(diff.unchanged)),
                    ]
                    Console.write(JSONWriter(pretty: true).data(json) + [0x0A])
                }
                if !diff.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
