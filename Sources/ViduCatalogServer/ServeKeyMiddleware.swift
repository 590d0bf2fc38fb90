import Hummingbird

/// When `$VIDU_CATALOG_SERVE_KEY` is set, every request must carry it as `x-api-key`, or, from a
/// browser with the gallery on, the session cookie `/login` gives (``GallerySession``). Keys are
/// compared in constant time, so the time of a refusal says nothing about how much of a guess was
/// right. The login form and the style sheet it uses are open; a browser asking for a page without
/// the cookie is sent to the form, anything else gets `401`.
struct ServeKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let key: [UInt8]
    /// The gallery's sessions; `nil` with `--no-ui`, where only `x-api-key` is accepted.
    let session: GallerySession?

    init(key: [UInt8], session: GallerySession? = nil) {
        self.key = key
        self.session = session
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let given = request.headers.first { $0.name.canonicalName == "x-api-key" }.map { Array($0.value.utf8) } ?? []
        if Self.constantTimeEqual(given, key) { return try await next(request, context) }
        if let session {
            let path = request.uri.path
            if path == "/login" || path.hasPrefix("/assets/") || session.admits(request) {
                return try await next(request, context)
            }
            if request.method == .get, Self.wantsPage(request) {
                var headers = HTMLPage.headers()
                headers[.location] = "/login?next=" + TemplateQueryParameters.encode(request.uri.description)
                return Response(status: .seeOther, headers: headers)
            }
        }
        return Envelope.response(
            .unauthorized, message: "Missing or wrong x-api-key: this server requires its serve key.")
    }

    /// A browser navigating: it asks for HTML.
    static func wantsPage(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("text/html") == true
    }

    /// Equal bytes, in time that depends only on the lengths. The lengths are compared at full width:
    /// folding them into a byte would let a guess 256 bytes longer than the key, padded with zeros,
    /// compare equal.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0 && a.count == b.count
    }
}
