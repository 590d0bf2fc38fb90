import Hummingbird
import Mustache

/// A gallery page as an HTTP response: rendered from its template, with the headers every page
/// carries (a Content-Security-Policy that runs only the server's own scripts, no sniffing, no
/// referrer sent to the image hosts, not framed).
enum HTMLPage {
    /// Scripts and styles from this server only, nothing inline; images and videos from any web
    /// origin (the covers live on Vidu's CDN) or a data URI; forms and fetches to this server only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
        + "media-src https: http:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// The headers of every page and asset.
    static func headers(contentType: String = "text/html; charset=utf-8") -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        if let referrer = HTTPFields.Element.Name("Referrer-Policy") { headers[referrer] = "no-referrer" }
        headers[.cacheControl] = "no-cache"
        return headers
    }

    /// `template` rendered with `values` alone (no layout values), for a part of a page; `nil` when
    /// the templates did not compile.
    static func fragment(_ template: String, _ values: [String: Any]) -> String? {
        guard case .success(let library) = GalleryAssets.library else { return nil }
        return library.render(values, withTemplate: template)
    }

    /// `template` rendered with `values` (every value HTML-escaped by Mustache), as `status`.
    static func response(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok)
        -> Response
    {
        let library: MustacheLibrary
        switch GalleryAssets.library {
        case .success(let compiled): library = compiled
        case .failure(let error):
            return Response(
                status: .internalServerError, headers: headers(contentType: "text/plain; charset=utf-8"),
                body: .init(byteBuffer: ByteBuffer(string: "The gallery's templates are broken: \(error)")))
        }
        var values = values
        values["assetVersion"] = GalleryAssets.version
        guard let html = library.render(values, withTemplate: template) else {
            return Response(
                status: .internalServerError, headers: headers(contentType: "text/plain; charset=utf-8"),
                body: .init(byteBuffer: ByteBuffer(string: "No gallery template \(template).")))
        }
        return Response(status: status, headers: headers(), body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
