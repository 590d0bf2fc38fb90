import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

/// `serve`'s routes, through HummingbirdTesting, over a real catalog file.
@Suite struct CatalogServerTests {
    let folder = TemporaryDirectory()

    /// A catalog holding the bundled sample, imported now (fresh) unless `fresh` is false.
    func server(fresh: Bool = true, key: String? = nil, name: String = "catalog.sqlite") throws -> CatalogServer {
        let store = try CatalogStore(path: folder.file(name))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: fresh ? .import : .snapshot, source: "sample")
        var configuration = CatalogServer.Configuration()
        configuration.serveKey = key
        return CatalogServer(
            store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: configuration)
    }

    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONParser().parse(Array(response.body.readableBytesView))
    }

    @Test func theListSpeaksCrunsShapeWithEveryFieldAndPages() async throws {
        let server = try server()
        let sample = BundledData.sampleSnapshot().templates
        try await Application(router: server.router()).test(.router) { client in
            var served: [Template] = []
            for page in 1...3 {
                try await client.execute(
                    uri: "/api/v1/client/job/vidu-templates?page=\(page)&page_size=50", method: .get
                ) {
                    response in
                    #expect(response.status == .ok)
                    let body = try json(response)
                    #expect(body["code"] == 200)
                    #expect(body["message"] == "success")
                    #expect(body["data"]?["total"]?.intValue == sample.count)
                    served += try body["data"]?["templates"]?.arrayValue?.map { try Template(json: $0) } ?? []
                    #expect(response.headers[.cacheControl] == "public, max-age=1, must-revalidate")
                    #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
                }
            }
            // Every field, unknown ones included, and upstream order.
            #expect(served == sample)
            #expect(served.map(\.json) == sample.map(\.json))
            try await client.execute(uri: "/api/v1/client/job/vidu-templates?template=hugging", method: .get) {
                response in
                let body = try json(response)
                #expect(body["data"]?["templates"]?.arrayValue?.map { $0["template"] } == ["hugging"])
                #expect(body["data"]?["total"]?.intValue == sample.count)
            }
            // Out of range or not a number: Crun's 422 in its envelope, never a trap (the overflow of
            // `(page - 1) * page_size` once took the server down).
            for bad in [
                "page_size=51", "page_size=0", "page=0", "page=two", "page=999999999999999999", "page=1000001",
                "page=-1", "page=0x10", "page=1e3", "page_size=99999999999999999999", "page=",
            ] {
                try await client.execute(uri: "/api/v1/client/job/vidu-templates?\(bad)", method: .get) { response in
                    #expect(response.status == .unprocessableContent, "\(bad)")
                    #expect((try? json(response))?["code"] == 422)
                }
            }
            // The largest page is answered, empty, like any page past the end.
            try await client.execute(uri: "/api/v1/client/job/vidu-templates?page=1000000", method: .get) { response in
                #expect(response.status == .ok)
                #expect((try? json(response))?["data"]?["templates"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test func anETagAnswersIfNoneMatchWith304() async throws {
        let server = try server()
        try await Application(router: server.router()).test(.router) { client in
            let uri = "/api/v1/client/job/vidu-templates?page=2&page_size=10"
            let etag = try await client.execute(uri: uri, method: .get) { $0.headers[.eTag] }
            let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag ?? ""]) { $0 }
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let otherPage = try await client.execute(
                uri: "/api/v1/client/job/vidu-templates?page=3&page_size=10", method: .get,
                headers: [.ifNoneMatch: etag ?? ""]
            ) { $0 }
            #expect(otherPage.status == .ok)
        }
    }

    @Test func pagesComeGzippedToClientsThatAcceptItWithTheirOwnETag() async throws {
        let server = try server()
        try await Application(router: server.router()).test(.router) { client in
            let uri = "/api/v1/client/job/vidu-templates?page=1&page_size=50"
            let plain = try await client.execute(uri: uri, method: .get) { $0 }
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            let zipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "br, gzip"]) {
                $0
            }
            #expect(zipped.status == .ok)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.headers[.eTag] != plain.headers[.eTag])
            let body = try #require(Gunzip.decompress(Array(zipped.body.readableBytesView)))
            #expect(body == Array(plain.body.readableBytesView))
            #expect(zipped.body.readableBytes * 3 < plain.body.readableBytes)

            // Each representation revalidates against its own validator only.
            let gzipTag = zipped.headers[.eTag] ?? ""
            let revalidated = try await client.execute(
                uri: uri, method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag]
            ) { $0 }
            #expect(revalidated.status == .notModified)
            let otherRepresentation = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: gzipTag])
            { $0 }
            #expect(otherRepresentation.status == .ok)
            #expect(otherRepresentation.headers[.contentEncoding] == nil)

            // Refused or unweighted gzip, and one template, come as is.
            for refusal in ["gzip;q=0", "identity", "*;q=0", "gzip; q=0.0, deflate", "*, gzip;q=0"] {
                try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: refusal]) { response in
                    #expect(response.headers[.contentEncoding] == nil, "\(refusal)")
                }
            }
            for acceptance in ["*", "x-gzip", "deflate, gzip;q=0.5", "GZIP"] {
                try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: acceptance]) { response in
                    #expect(response.headers[.contentEncoding] == "gzip", "\(acceptance)")
                }
            }
            try await client.execute(
                uri: "/api/v1/client/job/vidu-templates?template=hugging", method: .get,
                headers: [.acceptEncoding: "gzip"]
            ) { response in
                #expect(response.headers[.contentEncoding] == nil)
                let body = try json(response)
                #expect(body["data"]?["templates"]?.arrayValue?.count == 1)
            }
        }
    }

    @Test func validateAnswers200422400And413InTheEnvelope() async throws {
        let server = try server()
        try await Application(router: server.router()).test(.router) { client in
            let valid =
                #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/1.png"],"bgm":true}}"#
            try await client.execute(uri: "/v1/validate", method: .post, body: ByteBuffer(string: valid)) { response in
                #expect(response.status == .ok)
                let body = try json(response)
                #expect(body["code"] == 200)
                #expect(body["message"] == "success")
                #expect(body["data"]?["verdict"] == "valid")
                #expect(body["data"]?["credits"] == 15)
            }
            let invalid = #"{"model":"vidu/template","input":{"template":"hugging","images":["https://a.com/1.png"]}}"#
            try await client.execute(uri: "/v1/validate", method: .post, body: ByteBuffer(string: invalid)) {
                response in
                #expect(response.status == .unprocessableContent)
                let body = try json(response)
                #expect(body["code"] == 422)
                #expect(body["message"] == "Template hugging takes exactly 2 images; input.images holds 1.")
                #expect(body["data"]?["errors"]?[0]?["code"] == "images.count")
            }
            try await client.execute(uri: "/v1/validate", method: .post, body: ByteBuffer(string: "{not json")) {
                response in
                #expect(response.status == .badRequest)
                #expect((try? json(response))?["code"] == 400)
            }
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: 20 * 1024 * 1024 + 1)
            try await client.execute(uri: "/v1/validate", method: .post, body: huge) { response in
                #expect(response.status == .contentTooLarge)
                #expect((try? json(response))?["code"] == 413)
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((try? json(response))?["code"] == 404)
            }
        }
    }

    @Test func templatesFilterLikeTheListCommand() async throws {
        let server = try server()
        let expected = try server.store.templates(matching: TemplateQuery(aspectRatios: ["9:16"], limit: 5)).map(\.id)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/v1/templates?aspect_ratio=9:16&limit=5", method: .get) { response in
                let ids = try json(response)["data"]?["templates"]?.arrayValue?.compactMap {
                    $0["template"]?.stringValue
                }
                #expect(ids == expected)
                #expect(ids?.count == 5)
            }
            try await client.execute(uri: "/v1/templates?hot=maybe", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/templates/hugging", method: .get) { response in
                #expect((try? json(response))?["data"]?["credits"] == 10)
            }
            try await client.execute(uri: "/v1/templates/hugginh", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((try? json(response))?["data"]?["suggestions"] == ["hugging"])
            }
        }
    }

    @Test func healthSaysHowOldTheCatalogIs() async throws {
        try await Application(router: try server().router()).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let age = try json(response)["data"]?["age_seconds"]?.intValue
                // Imported at the start of this test: seconds old, unless a loaded run (ThreadSanitizer,
                // two cores) held the test up; a stale catalog is days old.
                #expect(age != nil && age! < 600)
            }
        }
        try await Application(router: try server(fresh: false, name: "sample.sqlite").router()).test(.router) {
            client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect((try? json(response))?["message"] == "The catalog holds only the bundled sample; sync it.")
            }
        }
    }

    @Test func aServeKeyIsRequiredWhenSet() async throws {
        let server = try server(key: "s3rve-k3y")
        try await Application(router: server.router()).test(.router) { client in
            for headers: HTTPFields in [
                [:], [HTTPField.Name("x-api-key")!: "wrong"], [HTTPField.Name("x-api-key")!: "s3rve-k3"],
            ] {
                try await client.execute(uri: "/healthz", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect((try? json(response))?["code"] == 401)
                    #expect(!String(buffer: response.body).contains("s3rve-k3y"))
                }
            }
            try await client.execute(
                uri: "/healthz", method: .get, headers: [HTTPField.Name("x-api-key")!: "s3rve-k3y"]
            ) {
                response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aSwappedCatalogIsNeverSeenHalfWay() async throws {
        let server = try server()
        let sample = BundledData.sampleSnapshot().templates
        let other = try CatalogStore(path: folder.file("other.sqlite"))
        try other.importSnapshot(CatalogSnapshot(templates: Array(sample.prefix(40))), kind: .import, source: "part")
        let catalogs = [try ServedCatalog.load(from: server.store), try ServedCatalog.load(from: other)]
        try await Application(router: server.router()).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for index in 0..<400 { server.state.replace(with: catalogs[index % 2]) }
                }
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<50 {
                            try await client.execute(
                                uri: "/api/v1/client/job/vidu-templates?page=1&page_size=50", method: .get
                            ) {
                                response in
                                // The ETag names the catalog; the body must be that catalog's.
                                let body = try json(response)
                                let total = body["data"]?["total"]?.intValue
                                let count = body["data"]?["templates"]?.arrayValue?.count
                                let etag = response.headers[.eTag] ?? ""
                                let hash = catalogs.first { etag.contains($0.context.catalogHash.prefix(24)) }
                                #expect(hash?.count == total)
                                #expect(count == min(total ?? 0, 50))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func anotherInstanceSyncsFromThisOneAndExportsTheSame() async throws {
        let server = try server()
        let mirror = try CatalogStore(path: folder.file("mirror.sqlite"))
        try await Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                let upstream = try UpstreamConfiguration(baseURL: "http://127.0.0.1:\(client.port!)", apiKey: nil)
                let first = try await SyncEngine(store: mirror, upstream: upstream).run()
                #expect(first.diff.added.count == BundledData.sampleSnapshot().templates.count)
                let again = try await SyncEngine(store: mirror, upstream: upstream).run()
                #expect(again.diff.isEmpty)
                #expect(again.notModified == again.pages)
            }
        #expect(JSONWriter().data(try mirror.snapshot().json) == JSONWriter().data(try server.store.snapshot().json))
        #expect(try mirror.status().catalogHash == (try server.store.status().catalogHash))
    }

    @Test func metricsCountRequestsValidationsAndSyncsInPrometheusText() async throws {
        let server = try server()
        try await Application(router: server.router()).test(.router) { client in
            let valid =
                #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/1.png"]}}"#
            for _ in 0..<2 {
                _ = try await client.execute(uri: "/v1/validate", method: .post, body: ByteBuffer(string: valid)) {
                    $0.status
                }
            }
            _ = try await client.execute(uri: "/v1/validate", method: .post, body: ByteBuffer(string: "{}")) {
                $0.status
            }
            _ = try await client.execute(uri: "/v1/templates/hugging", method: .get) { $0.status }
            _ = try await client.execute(uri: "/random/\(UUID())", method: .get) { $0.status }
            let text = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
            #expect(text.contains(#"vidu_catalog_http_requests_total{route="/v1/validate",status="200"} 2"#))
            #expect(text.contains(#"vidu_catalog_http_requests_total{route="/v1/validate",status="422"} 1"#))
            #expect(text.contains(#"vidu_catalog_http_requests_total{route="/v1/templates/{id}",status="200"} 1"#))
            #expect(text.contains(#"vidu_catalog_http_requests_total{route="other",status="404"} 1"#))
            #expect(text.contains(#"vidu_catalog_validations_total{verdict="valid"} 2"#))
            #expect(text.contains(#"vidu_catalog_validations_total{verdict="invalid"} 1"#))
            #expect(text.contains("vidu_catalog_active_templates 119"))
            #expect(text.contains("vidu_catalog_catalog_age_seconds "))
        }
    }

    @Test func anInProcessSyncIsServedAtOnceAndReported() async throws {
        let server = try server()
        var changed = BundledData.sampleSnapshot().templates
        changed.removeLast(10)
        changed[0].credits = 99
        try await FakeCrunUpstream.run(templates: changed) { upstream in
            let engine = SyncEngine(store: server.store, upstream: try upstream.configuration())
            let outcome: Result<SyncResult, CatalogError>
            do throws(CatalogError) { outcome = .success(try await engine.run()) } catch { outcome = .failure(error) }
            server.syncCompleted(outcome, options: .init())
        }
        #expect(server.state.catalog.validator.catalog.templates.map(\.id) == changed.map(\.id))
        #expect(server.state.catalog.validator.catalog.templates.first?.credits == 99)
        #expect(server.state.lastSyncOutcome?.succeeded == true)
        try await Application(router: server.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/client/job/vidu-templates?page=1&page_size=1", method: .get) {
                response in
                #expect((try? json(response))?["data"]?["total"]?.intValue == 109)
                #expect((try? json(response))?["data"]?["templates"]?[0]?["credits"] == 99)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect((try? json(response))?["data"]?["last_sync"]?["succeeded"] == true)
            }
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(text.contains(#"vidu_catalog_sync_runs_total{outcome="success"} 1"#))
        }
    }
}
