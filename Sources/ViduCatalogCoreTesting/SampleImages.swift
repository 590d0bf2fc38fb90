import ViduCatalogCore

/// Image files of a given pixel size, for the fake upstream's cover assets: a real header of each
/// format the cover probe reads, then filler up to `length` bytes (only headers are ever read).
public enum SampleImages {
    /// The kinds of asset the fake serves, by file extension.
    public enum Kind: String, Sendable, CaseIterable {
        case png, jpeg = "jpg", gif
        /// Lossy WebP (a `VP8 ` chunk).
        case webp
        /// Lossless WebP (`VP8L`).
        case webpLossless = "vp8l.webp"
        /// Extended WebP (`VP8X`).
        case webpExtended = "vp8x.webp"
        /// Not an image: a probe records its type and length only.
        case mp4

        /// The `Content-Type` served.
        public var contentType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .gif: "image/gif"
            case .webp, .webpLossless, .webpExtended: "image/webp"
            case .mp4: "video/mp4"
            }
        }

        /// The format a probe should report.
        public var format: ImageHeader.Format? {
            switch self {
            case .png: .png
            case .jpeg: .jpeg
            case .gif: .gif
            case .webp, .webpLossless, .webpExtended: .webp
            case .mp4: nil
            }
        }
    }

    /// The bytes of a `kind` file of `width`×`height` pixels, `length` bytes long.
    public static func bytes(_ kind: Kind, width: Int, height: Int, length: Int = 200_000) -> [UInt8] {
        var bytes = header(kind, width: width, height: height)
        if bytes.count < length { bytes += [UInt8](repeating: 0x00, count: length - bytes.count) }
        return bytes
    }

    static func header(_ kind: Kind, width: Int, height: Int) -> [UInt8] {
        switch kind {
        case .png:
            return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + bigEndian(13, 4) + Array("IHDR".utf8)
                + bigEndian(width, 4) + bigEndian(height, 4) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
        case .jpeg:
            // JFIF, a 3 KB EXIF segment and a quantisation table come before the frame header, as in camera files.
            let jfif: [UInt8] = [0xFF, 0xE0] + bigEndian(16, 2) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
            let exif: [UInt8] =
                [0xFF, 0xE1] + bigEndian(3002, 2) + Array("Exif".utf8) + [0, 0]
                + [UInt8](repeating: 0xFF, count: 2994)
            let table: [UInt8] = [0xFF, 0xDB] + bigEndian(67, 2) + [UInt8](repeating: 1, count: 65)
            let frame: [UInt8] =
                [0xFF, 0xC0] + bigEndian(17, 2) + [8] + bigEndian(height, 2) + bigEndian(width, 2)
                + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
            return [0xFF, 0xD8] + jfif + exif + table + frame
        case .gif:
            return Array("GIF89a".utf8) + littleEndian(width, 2) + littleEndian(height, 2) + [0xF7, 0, 0]
        case .webp:
            return riff(
                "VP8 ", [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A] + littleEndian(width, 2) + littleEndian(height, 2))
        case .webpLossless:
            let bits = (width - 1) | (height - 1) << 14
            return riff("VP8L", [0x2F] + littleEndian(bits, 4))
        case .webpExtended:
            return riff("VP8X", [0x10, 0, 0, 0] + littleEndian(width - 1, 3) + littleEndian(height - 1, 3))
        case .mp4:
            return bigEndian(24, 4) + Array("ftypmp42".utf8) + [0, 0, 0, 0] + Array("mp42isom".utf8)
        }
    }

    private static func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + littleEndian(payload.count + 12, 4) + Array("WEBP".utf8) + Array(chunk.utf8)
            + littleEndian(payload.count, 4) + payload
    }

    private static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func littleEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
