import Foundation
import Testing

/// No `try!`, `fatalError(`, `precondition(` or `preconditionFailure(` in Sources unless this list
/// says why no input can reach it. A new one fails this test until it is removed (an error returned
/// instead) or added here with its reason, for a reviewer to judge.
@Suite struct TrapAllowListTests {
    /// `file: trimmed line` → why input cannot reach it.
    static let allowed: [String: String] = [
        "Sources/ViduCatalog/Compression/Zlib.swift: precondition(status == Z_OK, \"zlib deflateInit2 failed with status \\(status)\")":
            "deflateInit2 fails only on invalid constant parameters or when memory is exhausted; no input is involved.",
        "Sources/ViduCatalog/Compression/Zlib.swift: guard let stream else { preconditionFailure(\"a compressor with neither backend\") }":
            "init always sets one of the two backends; the state is private.",
        "Sources/ViduCatalog/Compression/Zlib.swift: precondition(status == Z_STREAM_END, \"zlib deflate failed with status \\(status)\")":
            "deflateBound sizes the output for any input, so one Z_FINISH call always completes; inputs are bounded by the 64 MB body limit, far inside zlib's 32-bit counts.",
        "Sources/ViduCatalog/Compression/Libdeflate.swift: guard let api else { preconditionFailure(\"libdeflate compressor without the library\") }":
            "a compressor exists only when the library was loaded (Libdeflate.allocate returns nil otherwise).",
        "Sources/ViduCatalog/Compression/Libdeflate.swift: precondition(produced > 0, \"libdeflate overflowed its own bound\")":
            "the output is sized by libdeflate's own bound for the input, so compression always fits.",
        "Sources/ViduCatalogCore/Snapshot/BundledData.swift: fatalError(\"The bundled sample snapshot does not decode: \\(error)\")":
            "the bytes are compiled in from Data/ and decoded by the tests of every build; no runtime input.",
        "Sources/ViduCatalogCore/Snapshot/BundledData.swift: fatalError(\"The bundled parameter rules do not decode: \\(error)\")":
            "the bytes are compiled in from Data/ and decoded by the tests of every build; no runtime input.",
        "Sources/ViduCatalogCore/Snapshot/BundledData.swift: guard let data = Data(base64Encoded: base64) else { fatalError(\"EmbedData wrote invalid base64\") }":
            "the base64 is written by the EmbedData build tool, not read from anywhere at run time.",
        "Sources/ViduCatalogCoreTesting/RequestCorpus.swift: default: fatalError(\"unknown corpus shape \\(shape)\")":
            "the testing module's generator is called with shapes from its own fixed list, by tests and the benchmark only.",
    ]

    static let patterns = ["try!", "fatalError(", "precondition(", "preconditionFailure("]

    /// The package root, from this file's path (Tests/ViduCatalogTests/Source/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every trap in Sources, as `file: trimmed line`, comments left out.
    static func traps() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), patterns.contains(where: { code.contains($0) }) else { continue }
                found.append("\(relative): \(code)")
            }
        }
        return found.sorted()
    }

    @Test func everyTrapInSourcesIsOnTheAllowListWithAReason() throws {
        let found = try Self.traps()
        #expect(!found.isEmpty, "the scan found no Sources at \(Self.root.path)")
        let unexplained = found.filter { Self.allowed[$0] == nil }
        #expect(
            unexplained.isEmpty, "traps input may reach, not on the allow-list:\n\(unexplained.joined(separator: "\n"))"
        )
        // An entry whose line is gone is stale: the list says only what is there.
        let stale = Set(Self.allowed.keys).subtracting(found)
        #expect(stale.isEmpty, "allow-list entries with no such line:\n\(stale.sorted().joined(separator: "\n"))")
    }
}
