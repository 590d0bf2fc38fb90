import Foundation
import NIOCore
import ViduCatalog

/// `Data/openapi.json`, compiled into the server: the source of truth for every route, parameter
/// range, status and envelope of `serve`, published at `GET /openapi.json` (a test keeps the
/// document's routes and the router's the same set).
public enum OpenAPIDocument {
    /// The document's bytes, as written in the repository.
    public static let bytes: [UInt8] = Array(Data(base64Encoded: EmbeddedData.openAPIDocument) ?? Data())

    /// Shared by every answer, never copied.
    static let buffer = ByteBuffer(bytes: bytes)

    /// `METHOD /path` for every operation, paths with `{name}` parameters, e.g. `GET /v1/templates/{id}`.
    public static func operations() throws -> Set<String> {
        let document = try JSONParser().parse(bytes)
        var operations: Set<String> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in (item.objectValue ?? [:]).keys
            where ["get", "post", "put", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }
}
