import Crypto
import Foundation
import Hummingbird

/// The browser's way past a serve key: the key is typed once on `/login`, and the browser keeps a
/// cookie (`HttpOnly`: no script reads it; `SameSite=Strict`: no other site's page sends it) that
/// holds a token derived from the key, never the key itself. API clients keep using `x-api-key`.
struct GallerySession: Sendable {
    static let cookieName = "vidu_catalog_session"
    /// Thirty days, then the key is asked again.
    static let lifetime = 30 * 24 * 3600
    /// The most a login form body may hold.
    static let maxFormBytes = 4096

    let key: [UInt8]
    /// HMAC-SHA256 of a fixed label under the key, base64url: the cookie's value. Changing the key
    /// changes it, which signs every browser out.
    let token: [UInt8]

    init(key: [UInt8]) {
        self.key = key
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("vidu-catalog gallery session".utf8), using: SymmetricKey(data: key))
        token = Array(
            Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "").utf8)
    }

    /// Whether the request's cookies hold this session's token.
    func admits(_ request: Request) -> Bool {
        for field in request.headers where field.name == .cookie {
            for pair in field.value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == Self.cookieName else {
                    continue
                }
                let value = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
                if ServeKeyMiddleware<BasicRequestContext>.constantTimeEqual(value, token) { return true }
            }
        }
        return false
    }

    /// The `Set-Cookie` value that signs a browser in.
    var cookie: String {
        "\(Self.cookieName)=\(String(decoding: token, as: UTF8.self)); Path=/; Max-Age=\(Self.lifetime); HttpOnly; SameSite=Strict"
    }

    /// A local path to go back to after signing in: one starting with a single `/` and holding no
    /// backslash or control character (never another origin); else the gallery.
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), text.utf8.count <= 2048,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { return "/" }
        return text
    }

    /// `GET /login`: the form.
    static func form(next: String?, failed: Bool, status: HTTPResponse.Status = .ok) -> Response {
        HTMLPage.response("login", ["next": localPath(next), "failed": failed], status: status)
    }

    /// `POST /login`: the key from the form; right, a cookie and back to where the user was going;
    /// wrong, the form again (401).
    func signIn(_ request: Request) async -> Response {
        guard let body = try? await request.body.collect(upTo: Self.maxFormBytes) else {
            return Self.form(next: nil, failed: true, status: .contentTooLarge)
        }
        let fields = Self.formFields(String(buffer: body))
        let given = Array((fields["key"] ?? "").utf8)
        let next = Self.localPath(fields["next"])
        guard ServeKeyMiddleware<BasicRequestContext>.constantTimeEqual(given, key) else {
            return Self.form(next: next, failed: true, status: .unauthorized)
        }
        var headers = HTMLPage.headers()
        headers[.location] = next
        headers[.setCookie] = cookie
        return Response(status: .seeOther, headers: headers)
    }

    /// `application/x-www-form-urlencoded` pairs (the first of each name).
    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count == 2 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
