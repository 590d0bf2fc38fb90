import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

/// A strong ETag names exact bytes: two mirrors holding the same templates in another order (an
/// upstream that reordered between their syncs) must not send the same one.
@Suite struct ETagTests {
    let folder = TemporaryDirectory()

    func served(_ templates: [Template], name: String) throws -> CatalogServer {
        let store = try CatalogStore(path: folder.file(name))
        try store.importSnapshot(CatalogSnapshot(templates: templates), kind: .import, source: name)
        return CatalogServer(
            store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: .init())
    }

    func firstPage(_ server: CatalogServer) async throws -> (etag: String?, body: [UInt8]) {
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/client/job/vidu-templates?page=1&page_size=50", method: .get) {
                response in (response.headers[.eTag], Array(response.body.readableBytesView))
            }
        }
    }

    @Test func theSameTemplatesInAnotherOrderGetAnotherETag() async throws {
        let templates = BundledData.sampleSnapshot().templates
        let a = try await firstPage(served(templates, name: "a.sqlite"))
        let b = try await firstPage(served(templates.reversed(), name: "b.sqlite"))
        let c = try await firstPage(served(templates, name: "c.sqlite"))
        #expect(a.body != b.body)
        #expect(a.etag != nil && a.etag != b.etag)
        // The same templates in the same order: the same bytes and the same validator.
        #expect(a.body == c.body)
        #expect(a.etag == c.etag)
    }
}
