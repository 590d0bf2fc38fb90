import ArgumentParser
import Foundation
import ViduCatalog

/// The options every command shares.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog database file.", valueName: "path"))
    var db: String?

    /// The path from --db, else the environment, else the XDG default.
    var path: String {
        db ?? CatalogLocation.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the catalog for a read command, seeding it from the bundled snapshot when absent.
    func openForReading() throws(CatalogError) -> CatalogStore {
        let (store, seeded) = try CatalogStore.openSeedingIfAbsent(path: path)
        if let seeded {
            Console.note(
                "no catalog at \(path); created one from the bundled sample snapshot of \(seeded.snapshotDate). "
                    + "It is a sample in the real format, not the live catalog.")
        }
        return store
    }
}
