import Foundation
import Testing

/// Every public declaration of the three libraries has a `///` summary (DocC shows it, and
/// `scripts/docs.sh` builds the catalogs with warnings as errors in CI).
@Suite struct DocumentationTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// `file:line: declaration` for each public declaration without a doc comment above it (above its
    /// attributes, if any). Extensions and imports are not declarations of their own.
    static func undocumented() throws -> [String] {
        var missing: [String] = []
        for library in ["ViduCatalogCore", "ViduCatalog", "ViduCatalogServer"] {
            let folder = sources.appendingPathComponent(library)
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in files where url.pathExtension == "swift" {
                let lines = try String(contentsOf: url, encoding: .utf8).split(
                    separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    let declaration = code.replacing(/^(@\w+(\([^)]*\))?\s+)*/, with: "")
                    guard declaration.hasPrefix("public "), !declaration.hasPrefix("public extension"),
                        !declaration.hasPrefix("public import")
                    else { continue }
                    var above = index - 1
                    while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
                    let previous = above >= 0 ? lines[above].trimmingCharacters(in: .whitespaces) : ""
                    if !previous.hasPrefix("///") {
                        missing.append("\(library)/\(url.lastPathComponent):\(index + 1): \(code)")
                    }
                }
            }
        }
        return missing.sorted()
    }

    @Test func everyPublicDeclarationHasADocComment() throws {
        let missing = try Self.undocumented()
        #expect(missing == [], "public declarations without a /// summary:\n\(missing.joined(separator: "\n"))")
    }
}
