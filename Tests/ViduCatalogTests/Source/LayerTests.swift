import Foundation
import Testing

/// The arrows inside the catalog module that the compiler cannot hold (they are folders of one
/// module, not modules): the store names no type of the sync or of the upstream client, so it can be
/// read, tested and changed as a store alone. The arrows between modules are held by the package graph.
@Suite struct LayerTests {
    static let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/ViduCatalog")

    /// The Swift files of a folder of the library and its subfolders, with their code (comments left out).
    static func code(in folder: String) throws -> [(name: String, code: String)] {
        let url = library.appendingPathComponent(folder)
        let names = FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? []
        return try names.filter { $0.hasSuffix(".swift") }.sorted()
            .map { name in
                let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
                let code = text.split(separator: "\n").filter {
                    !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                }.joined(separator: "\n")
                return (name, code)
            }
    }

    /// The types a folder declares.
    static func types(in folder: String) throws -> Set<String> {
        var names: Set<String> = []
        for (_, code) in try code(in: folder) {
            for match in code.matches(of: /(?:struct|enum|class|actor|protocol|typealias)\s+([A-Z][A-Za-z0-9]*)/) {
                names.insert(String(match.1))
            }
        }
        return names
    }

    @Test func theStoreNamesNoTypeOfTheSyncOrTheUpstreamClient() throws {
        let foreign = try Self.types(in: "Sync").union(Self.types(in: "Upstream"))
        #expect(foreign.contains("SyncEngine") && foreign.contains("CrunClient"), "the scan found the folders")
        var uses: [String] = []
        for (name, code) in try Self.code(in: "Store") {
            let identifiers = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for type in foreign.intersection(identifiers).sorted() { uses.append("Store/\(name) uses \(type)") }
        }
        #expect(uses == [])
    }
}
