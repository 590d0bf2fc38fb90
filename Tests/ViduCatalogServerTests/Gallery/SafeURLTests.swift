import Testing

// @testable: which strings may become a src or href is an internal rule of the pages; it is tested
// here string by string, beyond what a rendered page shows.
@testable import ViduCatalogServer

@Suite struct SafeURLTests {
    @Test(arguments: [
        "https://scene.cf.vidu.studio/media-asset/a.png", "http://cdn.example/x.jpg?a=1&b=2",
        "HTTPS://CDN.EXAMPLE/X.PNG", "data:image/png;base64,iVBORw0KGgo=", "data:image/JPEG;base64,/9j/4AAQ",
    ])
    func webAddressesAndRasterDataURIsAreSources(url: String) {
        #expect(SafeURL.source(url) == url)
    }

    @Test(arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
        "\u{1}javascript:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "data:image/png,<svg onload=alert(1)>",
        "data:image/png;base64,AAAA\"onerror=\"alert(1)", "https://", "https:///path", "//evil.example/x.png",
        "/relative.png", "ftp://example.com/a.png", "https://exa mple.com/", "https://example.com\\@evil.example/",
        "",
    ])
    func everythingElseIsNot(url: String) {
        #expect(SafeURL.source(url) == nil, "\(url)")
    }

    @Test func linksAreWebAddressesOnly() {
        #expect(SafeURL.link("https://example.com/v.mp4") == "https://example.com/v.mp4")
        #expect(SafeURL.link("data:image/png;base64,AAAA") == nil)
        #expect(SafeURL.link(nil) == nil)
        #expect(SafeURL.link(String(repeating: "a", count: 9000)) == nil)
    }
}
