import ArgumentParser
import Foundation
import Logging
import ViduCatalog

/// The `vidu-catalog` root command.
@main
struct ViduCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vidu-catalog",
        abstract: "Keep Crun's Vidu effect template catalog on this machine, and query it.",
        discussion: """
            The catalog is one SQLite file: --db PATH, else $VIDU_CATALOG_DB, else \
            $XDG_DATA_HOME/vidu-catalog/catalog.sqlite (XDG default ~/.local/share). A read command that finds \
            no catalog creates one from the bundled sample snapshot and says so on stderr.

            Exit codes: 0 success; 1 the answer is "no" (unknown template); 64 usage error; \
            65 malformed input data (or an upstream catalog that kept changing); 66 input file missing; \
            69 upstream unavailable; 74 I/O or database error; 75 rate limited or refused by the removal \
            guard; 77 API key refused or no credits. `diff` exits 1 when \
            the file differs from the catalog.

            Diagnostics go to stderr at the level named by $LOG_LEVEL (trace, debug, info, notice, \
            warning, error, critical; default warning).
            """,
        version: "\(ViduCatalogInfo.version) (catalog schema \(CatalogStore.schemaVersion))",
        subcommands: [
            List.self, Show.self, Import.self, Export.self, Status.self, Sync.self, Diff.self, History.self,
            Changes.self, Validate.self, Schema.self, Serve.self,
        ]
    )

    /// Bootstraps logging once, then runs the command line.
    static func main() async {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level ?? .warning
            return handler
        }
        await main(nil)
    }
}
