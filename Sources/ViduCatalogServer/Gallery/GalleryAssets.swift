import Foundation
import Mustache
import NIOCore

/// The gallery's files, embedded in the binary from `Data/gallery/` (no resource bundle, no CDN):
/// the Mustache templates, compiled once into a library, and the style sheet and scripts, each with
/// an ETag from its bytes.
enum GalleryAssets {
    /// A static file `serve` answers under `/assets/`.
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
    }

    /// The embedded file called `name` in `Data/gallery/` (`gallery.css`), decoded.
    private static func file(_ name: String) -> [UInt8]? {
        let key = "gallery_" + String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        return EmbeddedData.all[key].flatMap { Data(base64Encoded: $0) }.map { Array($0) }
    }

    /// `/assets/NAME`: the style sheet and the two scripts.
    static let assets: [String: Asset] = {
        var assets: [String: Asset] = [:]
        for (name, type) in [
            ("gallery.css", "text/css; charset=utf-8"), ("gallery.js", "text/javascript; charset=utf-8"),
            ("builder.js", "text/javascript; charset=utf-8"),
        ] {
            guard let bytes = file(name) else { continue }
            assets[name] = Asset(bytes: ByteBuffer(bytes: bytes), contentType: type, etag: "\"\(fingerprint(bytes))\"")
        }
        return assets
    }()

    /// Changes whenever an asset does: pages name assets with `?v=` this, so a browser may keep
    /// them for a year and still never run an old script against a new page.
    static let version: String = fingerprint(
        assets.keys.sorted().flatMap { Array((assets[$0]?.etag ?? "").utf8) })

    /// The page templates, or why they did not compile (a build defect the tests catch; the pages
    /// then answer 500 rather than trap).
    static let library: Result<MustacheLibrary, any Error> = Result {
        MustacheContentTypes.register(GalleryHTMLEscaping(), named: GalleryHTMLEscaping.name)
        var templates: [String: MustacheTemplate] = [:]
        for name in ["layout", "gallery", "card", "template", "builder", "not-found", "catalog", "login", "error"] {
            guard let bytes = file("\(name).mustache") else { throw MissingTemplate(name: name) }
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.hasPrefix("{{% CONTENT_TYPE: \(GalleryHTMLEscaping.name)}}") else {
                throw MissingTemplate(name: name + " (without the escaping pragma first)")
            }
            templates[name] = try MustacheTemplate(string: text)
        }
        return MustacheLibrary(templates: templates)
    }

    struct MissingTemplate: Error, CustomStringConvertible {
        var name: String
        var description: String { "The gallery template \(name) is not in the binary." }
    }

    /// FNV-1a, 64 bits, in hex: enough to tell versions of a file apart.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
