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
            ? [("openAPIDocument", data.appending(path: "openapi.json"))]
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
}
