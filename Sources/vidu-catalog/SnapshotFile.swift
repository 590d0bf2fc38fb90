import Foundation
import ViduCatalog

/// Reading and writing snapshot files, with the file errors a user can act on.
enum SnapshotFile {
    /// Reads and decodes one file; missing → `input.missing`, unreadable → `io.failed`, bad content → `input.malformed`.
    static func read(_ path: String) throws(CatalogError) -> CatalogSnapshot {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CatalogError(.inputMissing, "No such file: \(path).")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CatalogError(.io, "Cannot read \(path) (is it a readable file?).")
        }
        return try CatalogSnapshot(data: data, source: path)
    }

    /// Writes through a temporary file and a rename, so readers never see half a file.
    static func write(_ bytes: [UInt8], to path: String) throws(CatalogError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CatalogError(.io, "Cannot write \(path): \((error as NSError).localizedDescription).")
        }
    }
}
