import Foundation
import PackagePlugin

/// Embeds files from `Data/` into the target that asks: the bundled sample snapshot and the parameter
/// rules into the core (ViduCatalogCore), the OpenAPI document into the server, so the binary works from any
/// directory without a resource bundle beside it.
@main
struct EmbedDataPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let data = context.package.directoryURL.appending(path: "Data")
        let files =
            target.name == "ViduCatalogServer"
            ? [("openAPIDocument", data.appending(path: "openapi.json"))] + (try galleryFiles(in: data))
            : [
                ("sampleSnapshot", data.appending(path: "sample-snapshot.json")),
                ("parameterRules", data.appending(path: "parameter-rules.json")),
            ]
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedData.swift")
        return [
            .buildCommand(
                displayName: "Embedding Data/ into \(target.name)",
                executable: try context.tool(named: "EmbedData").url,
                arguments: [output.path()] + files.map { "\($0.0)=\($0.1.path())" },
                inputFiles: files.map(\.1),
                outputFiles: [output]
            )
        ]
    }

    /// The browser gallery's templates, style sheet and scripts (`Data/gallery/`), each named
    /// `gallery_` and its file name with every other character than a letter or digit as `_`.
    func galleryFiles(in data: URL) throws -> [(String, URL)] {
        let folder = data.appending(path: "gallery")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path())
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { file in
                let name = "gallery_" + String(file.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
                return (name, folder.appending(path: file))
            }
    }
}
