import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

/// `Data/openapi.json` is the contract Schemathesis tests `serve` against (scripts/schemathesis.sh):
/// it must name exactly the routes the server has, and be served as written.
@Suite struct OpenAPIDocumentTests {
    let folder = TemporaryDirectory()

    func server() throws -> CatalogServer {
        let store = try CatalogStore(path: folder.file("catalog.sqlite"))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: .import, source: "sample")
        return CatalogServer(
            store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: .init())
    }

    @Test func theDocumentsRoutesAreTheServersRoutes() throws {
        let served = Set(
            try server().router().routes.map { route in
                let path = route.path.description.split(separator: "/", omittingEmptySubsequences: false).map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }.joined(separator: "/")
                return "\(route.method.rawValue) \(path)"
            })
        #expect(served == (try OpenAPIDocument.operations()))
        #expect(served.contains("GET /v1/templates/{id}"))
    }

    @Test func theDocumentIsServedAsWrittenAndIsOpenAPI31() async throws {
        let document = try JSONParser().parse(OpenAPIDocument.bytes)
        #expect(document["openapi"] == "3.1.0")
        // Every numeric parameter declares both its bounds, so generated tests probe each edge.
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (_, operation) in item.objectValue ?? [:] {
                for parameter in operation["parameters"]?.arrayValue ?? []
                where parameter["schema"]?["type"] == "integer" {
                    #expect(parameter["schema"]?["minimum"] != nil, "\(path) \(parameter)")
                    #expect(parameter["schema"]?["maximum"] != nil, "\(path) \(parameter)")
                }
            }
        }
        try await Application(router: try server().router()).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(Array(response.body.readableBytesView) == OpenAPIDocument.bytes)
            }
        }
    }
}
