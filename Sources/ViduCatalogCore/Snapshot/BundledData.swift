import Foundation

/// The data files of `Data/`, compiled into the library so the CLI works from any directory.
public enum BundledData {
    /// The bundled sample snapshot: about 120 templates in the real upstream format, dated, not the live catalog.
    public static func sampleSnapshot() -> CatalogSnapshot {
        do {
            return try CatalogSnapshot(data: bytes(EmbeddedData.sampleSnapshot), source: "the bundled sample snapshot")
        } catch {
            // The file is checked by the tests at build time; failing here is a packaging bug.
            fatalError("The bundled sample snapshot does not decode: \(error)")
        }
    }

    /// The bundled per-template parameter rules (`Data/parameter-rules.json`).
    public static func parameterRules() -> ParameterRules {
        do {
            return try ParameterRules(json: JSONParser().parse(bytes(EmbeddedData.parameterRules)))
        } catch {
            fatalError("The bundled parameter rules do not decode: \(error)")
        }
    }

    private static func bytes(_ base64: String) -> [UInt8] {
        guard let data = Data(base64Encoded: base64) else { fatalError("EmbedData wrote invalid base64") }
        return [UInt8](data)
    }
}
