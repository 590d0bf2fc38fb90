import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The change feeds over a real catalog: cursors, paging, ETags, the Atom document, a run's list.
@Suite struct ChangeFeedTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 30).templates()

    /// Three loads: 30 added; one repriced, one removed; a hostile rename.
    func store() throws -> CatalogStore {
        let store = try CatalogStore(path: folder.file("feeds.sqlite"))
        try store.importSnapshot(CatalogSnapshot(templates: catalog), kind: .import, source: "first")
        var next = catalog
        next[2].credits = (next[2].credits ?? 0) + 1
        next.remove(at: 5)
        try store.apply(CatalogSnapshot(templates: next), removingMissing: true, kind: .sync, source: "second")
        next[0].name = "<script>alert(1)</script>\u{1}&"
        try store.importSnapshot(CatalogSnapshot(templates: next), kind: .import, source: "third")
        return store
    }

    func app(_ store: CatalogStore) throws -> some ApplicationProtocol {
        Application(
            router: CatalogServer(
                store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: .init()
            ).router())
    }

    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONParser().parse(Array(response.body.readableBytesView))
    }

    @Test func theCursorWalksEveryEventOnceInOrder() async throws {
        let store = try store()
        try await app(store).test(.router) { client in
            var cursor = "0"
            var seen: [String] = []
            var types: [String] = []
            for _ in 0..<10 {
                let body = try await client.execute(uri: "/v1/changes?since=\(cursor)&limit=1", method: .get) {
                    try json($0)
                }
                let events = body["data"]?["events"]?.arrayValue ?? []
                seen += events.compactMap { $0["data"]?["event_id"]?.stringValue }
                types += events.compactMap { $0["type"]?.stringValue }
                cursor = try #require(body["data"]?["next"]?.stringValue)
                if body["data"]?["more"] == false { break }
            }
            #expect(types == ["catalog.changed", "catalog.changed", "template.removed", "catalog.changed"])
            #expect(Set(seen).count == 4)
            #expect(seen == (try store.events(after: 0, limit: 10)).map(\.id))
            // Past the end: nothing, the same cursor back.
            let end = try await client.execute(uri: "/v1/changes?since=\(cursor)", method: .get) { try json($0) }
            #expect(end["data"]?["events"] == [])
            #expect(end["data"]?["next"]?.stringValue == cursor)
        }
    }

    @Test func anUnchangedFeedIs304AndANewLoadChangesItsETag() async throws {
        let store = try store()
        try await app(store).test(.router) { client in
            for (round, uri) in ["/v1/changes?since=2", "/v1/changes.atom"].enumerated() {
                let etag = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    return response.headers[.eTag] ?? ""
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response in
                    #expect(response.status == .notModified, "\(uri)")
                }
                var next = catalog
                next[7].credits = (next[7].credits ?? 0) + 5 + round
                next.remove(at: 5)
                next[0].name = "<script>alert(1)</script>\u{1}&"
                try store.importSnapshot(CatalogSnapshot(templates: next), kind: .import, source: uri)
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test func aCursorOrLimitOutOfRangeIs400() async throws {
        try await app(try store()).test(.router) { client in
            for query in ["since=abc", "since=-1", "limit=0", "limit=501", "since=99999999999999999999", "since=0x10"] {
                try await client.execute(uri: "/v1/changes?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                }
            }
        }
    }

    @Test func theAtomFeedIsWellFormedAndEscapesEverything() async throws {
        try await app(try store()).test(.router) { client in
            try await client.execute(uri: "/v1/changes.atom", method: .get) { response in
                #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(!text.contains("<script>"))
                #expect(!text.contains("\u{1}"))
                let parser = XMLParser(data: Data(text.utf8))
                let counter = EntryCounter()
                parser.delegate = counter
                #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
                #expect(counter.entries == 3, "one entry per applied run that changed something")
                // The hostile name comes back as text once parsed: escaped, its control character replaced.
                #expect(counter.texts.joined().contains("→ <script>alert(1)</script>\u{FFFD}&"))
                #expect(text.contains(#"<title>Run 2: 1 removed, 1 changed</title>"#))
                #expect(text.contains("credits \(catalog[2].credits ?? 0) → \((catalog[2].credits ?? 0) + 1)"))
            }
        }
    }

    @Test func aRunsChangesComeInPages() async throws {
        try await app(try store()).test(.router) { client in
            var templates: [String] = []
            for offset in stride(from: 0, to: 40, by: 12) {
                let body = try await client.execute(uri: "/v1/runs/1/changes?offset=\(offset)&limit=12", method: .get) {
                    try json($0)
                }
                #expect(body["data"]?["total"]?.intValue == 30)
                templates += (body["data"]?["changes"]?.arrayValue ?? []).compactMap { $0["template"]?.stringValue }
            }
            #expect(templates == catalog.map(\.id))
            let second = try await client.execute(uri: "/v1/runs/2/changes", method: .get) { try json($0) }
            let changed = second["data"]?["changes"]?.arrayValue?.first { $0["kind"] == "changed" }
            #expect(changed?["fields"]?["credits"]?["new"]?.intValue == (catalog[2].credits ?? 0) + 1)
            for id in ["99", "abc", "0", "-1"] {
                try await client.execute(uri: "/v1/runs/\(id)/changes", method: .get) { response in
                    #expect(response.status == .notFound, "\(id)")
                }
            }
        }
    }
}

/// Counts `<entry>` elements and gathers text.
final class EntryCounter: NSObject, XMLParserDelegate, @unchecked Sendable {
    var entries = 0
    var texts: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if elementName == "entry" { entries += 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
}
