import ArgumentParser
import Foundation
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog import FILE...`: templates from files in the upstream response shape.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update templates from files in the upstream response shape.",
            discussion: """
                Each file holds a whole list or one page: the upstream response, its data object, or an array \
                of templates. All files are read before anything is written, and they are applied in one \
                transaction: a bad file changes nothing. Templates the files do not mention are kept.

                An import takes the catalog's writer lock, as a sync does: while a sync holds it, import exits 75 \
                naming the holder, or waits with --wait.
                """)

        @OptionGroup var catalog: CatalogOptions
        @Argument(help: ArgumentHelp("Files to import, applied in order.", valueName: "file"))
        var files: [String]
        @Flag(help: "Wait for a sync or import of this catalog to finish instead of exiting 75.")
        var wait = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file to import.") }
        }

        func run() async throws {
            try await Console.run {
                var templates: [Template] = []
                for file in files {
                    templates += try SnapshotFile.read(file).templates
                }
                let store = try CatalogStore(path: catalog.path)
                let lock = try await SyncLock.acquire(catalog: catalog.path, wait: wait, purpose: "import")
                defer { withExtendedLifetime(lock) {} }
                let update = try store.importSnapshot(
                    CatalogSnapshot(templates: templates), kind: .import, source: files.joined(separator: ", "))
                let count = update.run.total
                Console.print(
                    "Imported \(count) template\(count == 1 ? "" : "s") from \(files.count) "
                        + "file\(files.count == 1 ? "" : "s"): \(update.diff.summary), \(update.diff.unchanged) unchanged "
                        + "(run #\(update.run.id)).")
            }
        }
    }
}
