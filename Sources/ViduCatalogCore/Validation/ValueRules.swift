import Foundation

/// The checks on single values that do not depend on the template: URLs, data URIs, integers.
///
/// Each is written to agree exactly with the pattern the exported JSON Schema uses for it
/// (``RequestSchema``), so the validator and the schema give the same verdicts.
enum ValueRules {
    /// Data URI images must decode to fewer bytes than this (10 MB).
    static let maxImageBytes = 10 * 1024 * 1024
    /// Prompt length limit, in code points.
    static let maxPromptLength = 2000
    /// Payload length limit, in code points.
    static let maxPayloadLength = 1_048_576
    /// Body size limit (20 MB).
    static let maxBodyBytes = 20 * 1024 * 1024

    /// `^[Hh][Tt][Tt][Pp][Ss]?://` userinfo@ host (or `[IPv6]`) `:port`? then `/`, `?` or `#` and the
    /// rest; no control character, space or DEL anywhere.
    static let urlPattern =
        #"^[Hh][Tt][Tt][Pp][Ss]?://(?:[^\x00-\x20\x7f/?#@]*@)?(?:\[[0-9A-Fa-f:.]+\]|[^\x00-\x20\x7f/?#@:\[\]]+)(?::[0-9]{0,5})?(?:[/?#][^\x00-\x20\x7f]*)?(?![\s\S])"#

    /// The media types a data URI image may have.
    static let dataURITypes = ["png", "jpeg", "jpg", "webp"]

    /// `data:image/(png|jpeg|jpg|webp);base64,` then base64 (RFC 4648, padded, not empty).
    static let dataURIPattern =
        #"^data:image/(?:png|jpeg|jpg|webp);base64,(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})(?![\s\S])"#

    /// Whether `bytes` is an absolute http(s) URL with a host (``urlPattern``).
    static func isHTTPURL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var at = 0
        let count = bytes.count
        func lower(_ offset: Int) -> UInt8 { bytes[offset] | 0x20 }
        guard count >= 7, lower(0) == UInt8(ascii: "h"), lower(1) == UInt8(ascii: "t"),
            lower(2) == UInt8(ascii: "t"), lower(3) == UInt8(ascii: "p")
        else { return false }
        at = 4
        if lower(at) == UInt8(ascii: "s") { at += 1 }
        guard at + 3 <= count, bytes[at] == UInt8(ascii: ":"), bytes[at + 1] == UInt8(ascii: "/"),
            bytes[at + 2] == UInt8(ascii: "/")
        else { return false }
        at += 3
        // The authority runs to the first '/', '?' or '#'.
        var authorityEnd = at
        while authorityEnd < count {
            let byte = bytes[authorityEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            guard isURLByte(byte) else { return false }
            authorityEnd += 1
        }
        for offset in authorityEnd..<count where !isURLByte(bytes[offset]) { return false }
        // At most one '@': userinfo before it, host and port after.
        var hostStart = at
        for offset in at..<authorityEnd where bytes[offset] == UInt8(ascii: "@") {
            guard hostStart == at else { return false }
            hostStart = offset + 1
        }
        var position = hostStart
        if position < authorityEnd && bytes[position] == UInt8(ascii: "[") {
            position += 1
            let start = position
            while position < authorityEnd && isIPv6Byte(bytes[position]) { position += 1 }
            guard position > start, position < authorityEnd, bytes[position] == UInt8(ascii: "]") else { return false }
            position += 1
        } else {
            let start = position
            while position < authorityEnd {
                let byte = bytes[position]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                    || byte == UInt8(ascii: "@")
                {
                    break
                }
                position += 1
            }
            guard position > start else { return false }
        }
        if position < authorityEnd {
            guard bytes[position] == UInt8(ascii: ":") else { return false }
            position += 1
            let digits = authorityEnd - position
            guard digits <= 5 else { return false }
            for offset in position..<authorityEnd where !JSONScanner.isDigit(bytes[offset]) { return false }
        }
        return true
    }

    @inline(__always) private static func isURLByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0x7F
    }

    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        JSONScanner.isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }

    /// What is wrong with a data URI, or its decoded size when nothing is.
    enum DataURI {
        case size(Int)
        case mediaType
        case base64(offset: Int)
    }

    /// `data:image/png;base64,` and the other accepted headers, as bytes.
    private static let dataURIHeaders: [[UInt8]] = dataURITypes.map { Array("data:image/\($0);base64,".utf8) }

    /// Checks a string starting with `data:` against ``dataURIPattern``.
    static func dataURI(_ bytes: UnsafeRawBufferPointer) -> DataURI {
        var header = -1
        for prefix in dataURIHeaders where bytes.count >= prefix.count {
            if prefix.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, prefix.count) == 0 }) {
                header = prefix.count
                break
            }
        }
        guard header > 0 else { return .mediaType }
        let count = bytes.count - header
        guard count > 0 else { return .base64(offset: header) }
        // Padding: at most two '=' at the very end.
        var padding = 0
        while padding < 2 && padding < count && bytes[bytes.count - 1 - padding] == UInt8(ascii: "=") { padding += 1 }
        let data = bytes.baseAddress! + header
        let alphabetEnd = count - padding
        var offset = 0
        // Eight bytes at a time; a word with a byte outside the alphabet is looked at byte by byte.
        while offset + 8 <= alphabetEnd {
            let word = (data + offset).loadUnaligned(as: UInt64.self)
            if !allBase64(word) {
                for index in offset..<(offset + 8) where !isBase64((data + index).load(as: UInt8.self)) {
                    return .base64(offset: header + index)
                }
            }
            offset += 8
        }
        while offset < alphabetEnd {
            guard isBase64((data + offset).load(as: UInt8.self)) else { return .base64(offset: header + offset) }
            offset += 1
        }
        guard count % 4 == 0 else { return .base64(offset: bytes.count) }
        return .size(count / 4 * 3 - padding)
    }

    @inline(__always) private static func isBase64(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "/")
    }

    /// Whether all eight bytes are in the base64 alphabet (SWAR: per-byte range checks without carries
    /// across bytes, since every byte is first checked to be below 0x80).
    @inline(__always) private static func allBase64(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard word & high == 0 else { return false }
        /// Bytes in lower...upper (inclusive) get their high bit set.
        @inline(__always) func inRange(_ x: UInt64, _ lower: UInt8, _ upper: UInt8) -> UInt64 {
            let below = (x &+ (0x0101_0101_0101_0101 &* UInt64(0x80 - lower))) & high  // x >= lower
            let above = (x &+ (0x0101_0101_0101_0101 &* UInt64(0x7F - upper))) & high  // x > upper
            return below & ~above
        }
        let letters = inRange(word | 0x2020_2020_2020_2020, 0x61, 0x7A)
        let digits = inRange(word, 0x30, 0x39)
        let plus = inRange(word, 0x2B, 0x2B)
        let slash = inRange(word, 0x2F, 0x2F)
        return (letters | digits | plus | slash) == high
    }

    /// A JSON number judged as an integer, the way JSON Schema's `"type": "integer"` judges it: any
    /// number whose value is whole, `1.0` and `1e2` included.
    enum Integer {
        /// Written without fraction or exponent, and fits in 64 bits (signed or unsigned).
        case exact(Int128)
        /// Whole and within 64 bits, but written with a fraction or exponent (`4.0`).
        case decimal(Int128)
        /// Whole but beyond 64 bits.
        case outOfRange
        /// Not whole.
        case fraction
    }

    /// The smallest and largest values a 64-bit integer field takes (signed minimum, unsigned maximum).
    static let integerRange: ClosedRange<Int128> = Int128(Int64.min)...Int128(UInt64.max)

    static func integer(_ token: JSONScanner.NumberToken, in scanner: JSONScanner) -> Integer {
        let bytes = scanner.bytes(token.start, token.end)
        if token.integral {
            let digits = token.negative ? bytes.count - 1 : bytes.count
            guard digits <= 20 else { return .outOfRange }
            var value: Int128 = 0
            for byte in bytes where byte != UInt8(ascii: "-") { value = value * 10 + Int128(byte - UInt8(ascii: "0")) }
            if token.negative { value = -value }
            return integerRange.contains(value) ? .exact(value) : .outOfRange
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return .outOfRange }
        guard value.rounded(.towardZero) == value else { return .fraction }
        // Compared as doubles, where 2^64 and -2^63 are exact.
        guard value >= -9_223_372_036_854_775_808.0 && value < 18_446_744_073_709_551_616.0 else { return .outOfRange }
        return .decimal(Int128(value))
    }
}
