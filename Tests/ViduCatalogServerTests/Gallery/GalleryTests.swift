import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ViduCatalog
import ViduCatalogServer
import ViduCatalogTesting

/// The browser pages through HummingbirdTesting over a real catalog file: what they list, that they
/// agree with the query library, that hostile strings stay text, and the headers and key they carry.
/// (Tests/Browser/test_gallery.py drives the same pages in Chromium.)
@Suite struct GalleryTests {
    let folder = TemporaryDirectory()

    /// A template whose every string is an attack: script in the name, a `javascript:` cover and
    /// video, markup in the category, a script URL and an SVG among the example images.
    static let hostile = #"""
        {"templates": [{"template": "xss_probe", "name": "<script>alert(1)</script>", "resolution": ["720p"],
          "duration": [4], "aspect_ratio": ["9:16"], "cover": "javascript:alert(2)", "video": "JaVaScRiPt:alert(3)",
          "credits": 5, "category_name": "<img src=x onerror=alert(4)>", "category_id": 99, "is_hot": false,
          "is_new": true, "input_instruction": "{\"image_count\":\"Only one image can be uploaded\",\"image_url\":[\"javascript:alert(5)\",\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\",\"https://cdn.example/ok.png\"],\"prompt_instruction\":\"<b onmouseover=alert(6)>x</b>\"}"}]}
        """#

    /// The bundled sample imported now (fresh), plus the hostile template.
    func store(hostile: Bool = false, kind: LoadKind = .import) throws -> CatalogStore {
        let store = try CatalogStore(path: folder.file("gallery.sqlite"))
        try store.importSnapshot(BundledData.sampleSnapshot(), kind: kind, source: "sample")
        if hostile {
            try store.importSnapshot(
                CatalogSnapshot(data: Array(Self.hostile.utf8), source: "hostile"), kind: .import, source: "hostile")
        }
        return store
    }

    func server(_ store: CatalogStore, key: String? = nil, ui: Bool = true, maxAge: Duration = .seconds(86400)) throws
        -> CatalogServer
    {
        var configuration = CatalogServer.Configuration()
        configuration.serveKey = key
        configuration.ui = ui
        configuration.maxAge = maxAge
        return CatalogServer(
            store: store, state: ServedCatalogState(try ServedCatalog.load(from: store)), configuration: configuration)
    }

    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The IDs of the cards on a page, in order.
    static func cardIDs(_ html: String) -> [String] {
        html.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .map(unescape)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func theGalleryListsTheCatalogAPageAtATimeWithItsHeaders() async throws {
        let store = try store()
        let app = Application(router: try server(store).router())
        var query = TemplateQuery()
        let all = try store.templates(matching: query).map(\.id)
        query.limit = 60
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("default-src 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                let html = Self.html(response)
                #expect(Self.cardIDs(html) == Array(all.prefix(60)))
                #expect(html.contains("\(all.count) templates"))
                #expect(html.contains(#"<a rel="next" href="/?page=2">"#))
                #expect(!html.contains("<script>") && !html.contains(" style="), "no inline script or style")
                #expect(html.utf8.count < 100 * 1024, "\(html.utf8.count) bytes")
            }
            try await client.execute(uri: "/?page=2", method: .get) { response in
                #expect(Self.cardIDs(Self.html(response)) == Array(all.dropFirst(60).prefix(60)))
            }
        }
    }

    /// The same query string gives the gallery and the query library (what `list` prints) the same
    /// templates, in the same order; each facet count is the list's count for that choice.
    @Test(arguments: [
        ("aspect_ratio=9%3A16", TemplateQuery(aspectRatios: ["9:16"])),
        (
            "aspect_ratio=9%3A16&aspect_ratio=1%3A1&sort=credits",
            TemplateQuery(aspectRatios: ["9:16", "1:1"], sort: .credits)
        ),
        ("resolution=1080p&duration=4&hot=true", TemplateQuery(resolutions: ["1080p"], duration: 4, hot: true)),
        ("category=Romance&images=2", TemplateQuery(category: "Romance", acceptsImages: 2)),
        (
            "max_credits=6&prompt_required=false&sort=newest",
            TemplateQuery(maxCredits: 6, promptRequired: false, sort: .newest)
        ),
        ("search=dance&new=false&duration=", TemplateQuery(new: false, search: "dance")),
        ("include_removed=true&sort=category", TemplateQuery(includeRemoved: true, sort: .category)),
    ])
    func filtersGiveTheListsTemplates(query string: String, query: TemplateQuery) async throws {
        let store = try store()
        let expected = try store.templates(matching: query).map(\.id)
        #expect(!expected.isEmpty, "a query that matches something")
        let app = Application(router: try server(store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/?\(string)&limit=200", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.html(response)
                #expect(Self.cardIDs(html) == expected)
                #expect(html.contains(">\(expected.count) template"))
            }
        }
    }

    @Test func facetCountsAreWhatChoosingThemLeaves() async throws {
        let store = try store()
        let app = Application(router: try server(store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/?hot=true", method: .get) { response in
                let html = Self.html(response)
                for ratio in ["9:16", "16:9", "1:1"] {
                    let count = try store.templates(matching: TemplateQuery(aspectRatios: [ratio], hot: true)).count
                    #expect(
                        html.contains(
                            #"value="\#(ratio)"> \#(ratio) <span class="count">(\#(count))</span>"#), "\(ratio)")
                }
                let notHot = try store.templates(matching: TemplateQuery(hot: false)).count
                #expect(html.contains(#"value="false"> No <span class="count">(\#(notHot))</span>"#))
                #expect(html.contains(#"name="hot" value="true" checked>"#))
            }
        }
    }

    @Test func hostileStringsAreEscapedAndLoadNothing() async throws {
        let app = Application(router: try server(try store(hostile: true)).router())
        try await app.test(.router) { client in
            for uri in ["/?search=xss_probe", "/templates/xss_probe", "/catalog", "/?category=%3Cimg"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let html = Self.html(response)
                    #expect(!html.contains("<script>alert"), "\(uri)")
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    #expect(!html.contains("<b onmouseover"), "\(uri)")
                    let lower = html.lowercased()
                    for attribute in ["src=\"", "href=\"", "poster=\""] {
                        #expect(!lower.contains(attribute + "javascript:"), "\(uri) \(attribute)")
                        #expect(!lower.contains(attribute + "data:image/svg"), "\(uri) \(attribute)")
                    }
                }
            }
            try await client.execute(uri: "/templates/xss_probe", method: .get) { response in
                let html = Self.html(response)
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(html.contains("&lt;b onmouseover=alert(6)&gt;x&lt;/b&gt;"))
                #expect(!html.contains("<video"))
                #expect(html.contains(#"<img src="https://cdn.example/ok.png""#), "the one safe example stays")
                #expect(html.contains("shown as text only"))
            }
        }
    }

    @Test func anUnknownTemplateIsA404PageWithSuggestionLinks() async throws {
        let app = Application(router: try server(try store()).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/templates/huging", method: .get) { response in
                #expect(response.status == .notFound)
                let html = Self.html(response)
                #expect(html.contains(#"<a href="/templates/hugging">hugging</a>"#))
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/templates/" + String(repeating: "x", count: 2000), method: .get) {
                response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aTemplatePageShowsItsFieldsBuilderAndHistory() async throws {
        let store = try store()
        var sample = BundledData.sampleSnapshot().templates
        let index = try #require(sample.firstIndex { $0.id == "hugging" })
        sample[index].credits = 12
        try store.importSnapshot(CatalogSnapshot(templates: sample), kind: .import, source: "repriced")
        let app = Application(router: try server(store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/templates/hugging", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.html(response)
                #expect(html.contains(#"<th scope="row">Credits</th><td>12</td>"#))
                #expect(html.contains(#"<span class="kind changed">changed</span>"#))
                #expect(html.contains("<code>credits</code>: <del>10</del> → <ins>12</ins>"))
                #expect(html.contains(#"data-template="hugging""#))
                // Two image fields (hugging takes two), its ratios only, and no prompt (it takes none).
                #expect(html.components(separatedBy: #"name="images""#).count - 1 == 2)
                #expect(html.contains(#"<option value="3:4">3:4</option><option value="4:3">4:3</option></select>"#))
                #expect(!html.contains(#"name="prompt""#))
                #expect(html.contains(#"<video controls muted playsinline preload="none""#))
                #expect(html.contains(#"<script src="/assets/builder.js?v="#))
            }
            // A template with extra parameters offers them, and only it.
            try await client.execute(uri: "/templates/beast_companion", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.html(response)
                #expect(html.contains(#"<select name="beast">"#))
                #expect(html.contains(#"<option value="tiger">tiger</option>"#))
                #expect(!html.contains(#"<select name="area">"#))
            }
        }
    }

    /// A cover `sync --covers` probed reserves its card's box (width and height on the image); the
    /// template page lists the probe.
    @Test func aProbedCoverReservesItsBox() async throws {
        let store = try store()
        let target = try #require(try store.coverTargets().first { $0.metadata.template.id == "hugging" })
        let cover = try #require(target.metadata.template.cover)
        try store.recordCoverProbes([
            target.pk: [
                CoverProbe(
                    role: .cover, url: cover, probedAt: Date(), method: "GET", status: 200, contentType: "image/png",
                    byteLength: 123_456, image: ImageHeader(format: .png, width: 720, height: 1280))
            ]
        ])
        let app = Application(router: try server(store).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/?search=hugging", method: .get) { response in
                let html = Self.html(response)
                let card = try #require(html.components(separatedBy: #"data-id="hugging""#).dropFirst().first)
                #expect(card.contains(#"width="720" height="1280">"#))
                #expect(card.contains(#"<div class="cover">"#), "a sized box, not the default one")
            }
            try await client.execute(uri: "/templates/hugging", method: .get) { response in
                let html = Self.html(response)
                #expect(html.contains("<td>png 720×1280</td>"))
                #expect(html.contains("<td>123456</td>"))
            }
        }
    }

    @Test func badFiltersGetA400PageThatSaysWhy() async throws {
        let app = Application(router: try server(try store()).router())
        try await app.test(.router) { client in
            for (query, words) in [
                ("duration=abc", "duration must be an integer"), ("page=0", "page must be an integer"),
                ("limit=100000", "limit must be"), ("sort=%3Cb%3E", "sort must be one of"),
                ("hot=maybe", "hot must be true or false"),
                ("search=" + String(repeating: "a", count: 300), "search must be at most"),
                ("page=99999999999999999999", "page must be"),
            ] {
                try await client.execute(uri: "/?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(Self.html(response).contains(words), "\(query)")
                }
            }
            // Past the last page: no cards, a way back.
            try await client.execute(uri: "/?page=1000", method: .get) { response in
                #expect(response.status == .ok)
                let html = Self.html(response)
                #expect(Self.cardIDs(html).isEmpty)
                #expect(html.contains(#"rel="prev""#))
            }
        }
    }

    @Test func assetsCarryETagsAndAnswer304() async throws {
        let app = Application(router: try server(try store()).router())
        try await app.test(.router) { client in
            var etag = ""
            try await client.execute(uri: "/assets/gallery.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                etag = response.headers[.eTag] ?? ""
                #expect(String(buffer: response.body).contains(".cards"))
            }
            try await client.execute(uri: "/assets/gallery.css", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/assets/builder.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
            try await client.execute(uri: "/assets/..%2FPackage.swift", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aServeKeyIsAskedOnceAndKeptInAnHttpOnlyCookie() async throws {
        let key = "gallery-serve-key-\(UInt64.random(in: 0...UInt64.max))"
        let app = Application(router: try server(try store(), key: key).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/catalog", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=%2Fcatalog")
            }
            try await client.execute(uri: "/v1/templates", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/assets/gallery.css", method: .get) { response in
                #expect(response.status == .ok)
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "key=wrong&next=%2Fcatalog")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
            }
            var cookie = ""
            let encoded = TemplateQueryParametersForTests.encode(key)
            try await client.execute(
                uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "key=\(encoded)&next=%2Fcatalog")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/catalog")
                let set = response.headers[.setCookie] ?? ""
                #expect(set.contains("HttpOnly"))
                #expect(set.contains("SameSite=Strict"))
                #expect(!set.contains(key))
                cookie = String(set.prefix { $0 != ";" })
            }
            try await client.execute(uri: "/catalog", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(!Self.html(response).contains(key))
            }
            // The builder's checks pass with the cookie; API clients keep using x-api-key.
            try await client.execute(
                uri: "/v1/validate", method: .post, headers: [.cookie: cookie], body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/templates", method: .get, headers: [.cookie: "vidu_catalog_session=x"]) {
                response in
                #expect(response.status == .unauthorized)
            }
            // Signing in never sends the browser to another origin.
            for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let body = "key=\(encoded)&next=\(TemplateQueryParametersForTests.encode(next))"
                try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.headers[.location] == "/", "\(next)")
                }
            }
        }
    }

    @Test func noUIServesNoPages() async throws {
        let app = Application(router: try server(try store(), ui: false).router())
        try await app.test(.router) { client in
            for uri in ["/", "/templates/hugging", "/catalog", "/assets/gallery.css", "/login"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/templates/hugging", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aStaleCatalogOrTheSampleCarriesABannerOnEveryPage() async throws {
        let fresh = Application(router: try server(try store()).router())
        try await fresh.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(!Self.html(response).contains(#"class="banner""#))
            }
        }
        let sampleStore = try CatalogStore(path: folder.file("sample.sqlite"))
        try sampleStore.importSnapshot(BundledData.sampleSnapshot(), kind: .snapshot, source: "bundled sample")
        let sample = Application(router: try server(sampleStore).router())
        try await sample.test(.router) { client in
            for uri in ["/", "/templates/hugging", "/catalog", "/templates/nope"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(Self.html(response).contains("This is the bundled sample"), "\(uri)")
                }
            }
        }
        let old = Application(router: try server(try store(), maxAge: .seconds(0)).router())
        try await Task.sleep(for: .milliseconds(1100))
        try await old.test(.router) { client in
            try await client.execute(uri: "/catalog", method: .get) { response in
                #expect(Self.html(response).contains("past the allowed age"))
            }
        }
    }
}

/// Percent-encoding for form bodies and query strings in these tests.
enum TemplateQueryParametersForTests {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
