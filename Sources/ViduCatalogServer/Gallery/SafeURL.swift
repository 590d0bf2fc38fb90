import Foundation

/// Which upstream strings may become a `src`, `poster` or `href` in the gallery: template fields are
/// hostile input, and a `javascript:` cover or a `data:text/html` video must load nothing.
enum SafeURL {
    /// An image or video source: an absolute `http` or `https` URL with a host, or a base64 data URI
    /// of a raster image type (not SVG, which can carry script). `nil` for anything else.
    static func source(_ text: String?) -> String? {
        guard let text else { return nil }
        if let web = link(text) { return web }
        return isRasterDataURI(text) ? text : nil
    }

    /// A link target: an absolute `http` or `https` URL with a host and nothing a browser would read
    /// otherwise (no whitespace or control characters, which browsers strip from a scheme). `nil` else.
    static func link(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.utf8.count <= 8192 else { return nil }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }) else {
            return nil
        }
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        return text
    }

    private static let rasterTypes = ["png", "jpeg", "jpg", "gif", "webp", "avif"]

    /// `data:image/<raster type>;base64,<base64>` and nothing else (compared as ASCII bytes).
    static func isRasterDataURI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= 16 * 1024 * 1024, let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else {
            return false
        }
        let header = String(decoding: bytes[..<comma], as: UTF8.self).lowercased()
        guard rasterTypes.contains(where: { header == "data:image/\($0);base64" }) else { return false }
        return bytes[(comma + 1)...].allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == 0x2B || byte == 0x2F || byte == 0x3D
        }
    }
}
