/// The format and pixel size of an image, read from its first bytes.
///
/// Only headers are read, never pixels: a cover probe fetches at most the first 64 KiB, which holds
/// the size for every PNG, GIF and WebP, and for any JPEG whose metadata segments (EXIF, ICC) before
/// the frame header fit in it.
public struct ImageHeader: Sendable, Hashable {
    /// The image formats a probe recognises.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case png, jpeg, gif, webp
    }

    /// The format the signature names.
    public var format: Format
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a header.
    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// Reads the header at the start of `bytes`; `nil` when the format is not recognised or the bytes
    /// end before the size.
    public static func parse(_ bytes: [UInt8]) -> ImageHeader? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageHeader? {
        if starts(bytes, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if starts(bytes, with: [0xFF, 0xD8]) { return jpeg(bytes) }
        if starts(bytes, with: Array("GIF87a".utf8)) || starts(bytes, with: Array("GIF89a".utf8)) {
            return gif(bytes)
        }
        if starts(bytes, with: Array("RIFF".utf8)), bytes.count >= 12, Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return webp(bytes)
        }
        return nil
    }

    /// PNG: the first chunk is IHDR, width and height big-endian at 16 and 20.
    private static func png(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageHeader? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return sized(.png, bigEndian32(bytes, 16), bigEndian32(bytes, 20))
    }

    /// GIF: the logical screen size, little-endian at 6 and 8.
    private static func gif(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageHeader? {
        guard bytes.count >= 10 else { return nil }
        return sized(.gif, littleEndian(bytes, 6, 2), littleEndian(bytes, 8, 2))
    }

    /// JPEG: walks the marker segments to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC).
    private static func jpeg(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageHeader? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {  // fill byte
                offset += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // markers without a length
                offset += 2
                continue
            }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image, start of scan: no frame header
            let length = bigEndian16(bytes, offset + 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard offset + 9 <= bytes.count else { return nil }
                return sized(.jpeg, bigEndian16(bytes, offset + 7), bigEndian16(bytes, offset + 5))
            }
            offset += 2 + length
        }
        return nil
    }

    /// WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended), each with its own layout.
    private static func webp(_ bytes: UnsafeBufferPointer<UInt8>) -> ImageHeader? {
        guard bytes.count >= 16 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            // A key frame's start code, then 14-bit sizes (the top two bits are scaling).
            guard bytes.count >= 30, bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A else { return nil }
            return sized(.webp, littleEndian(bytes, 26, 2) & 0x3FFF, littleEndian(bytes, 28, 2) & 0x3FFF)
        case "VP8L":
            guard bytes.count >= 25, bytes[20] == 0x2F else { return nil }
            let bits = littleEndian(bytes, 21, 4)
            return sized(.webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard bytes.count >= 30 else { return nil }
            return sized(.webp, littleEndian(bytes, 24, 3) + 1, littleEndian(bytes, 27, 3) + 1)
        default:
            return nil
        }
    }

    private static func sized(_ format: Format, _ width: Int, _ height: Int) -> ImageHeader? {
        width > 0 && height > 0 ? ImageHeader(format: format, width: width, height: height) : nil
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, with prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
    }

    private static func bigEndian16(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    private static func bigEndian32(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        bigEndian16(bytes, at) << 16 | bigEndian16(bytes, at + 2)
    }

    private static func littleEndian(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int {
        (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
    }
}
