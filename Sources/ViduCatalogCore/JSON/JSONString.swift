/// The one reader of JSON string contents (RFC 8259 section 7, UTF-8 per RFC 3629), shared by the
/// tree reader (``JSONParser``) and the byte scanner (``JSONScanner``), so the two cannot disagree on
/// what a string is or what it holds.
///
/// A string is read in two steps: ``scan(_:from:end:)`` finds its closing quote, checking every
/// escape and every multi-byte UTF-8 sequence on the way (invalid UTF-8 is refused, with its offset:
/// never repaired), and ``decode(_:from:to:)`` resolves the escapes of a string that has any (most
/// have none, and their bytes are their value).
enum JSONString {
    /// Why a string is not JSON, and where.
    struct Failure: Error, Sendable {
        /// What is wrong, as a clause ("a string is not closed").
        var message: String
        /// Byte offset of the problem.
        var offset: Int
        /// Whether the input ended inside the string (more input could complete it).
        var truncated = false
    }

    /// A string's extent, once scanned.
    struct Extent {
        /// The offset of the closing quote.
        var end: Int
        /// Whether it holds escapes (then its bytes are not its value: ``decode(_:from:to:)``).
        var escaped: Bool
        /// UTF-8 continuation bytes in it: without escapes, its length in code points is its length
        /// in bytes minus these.
        var continuations: Int
    }

    /// Scans a string's content from `start` (just after the opening quote) to its closing quote,
    /// within `base[..<end]`.
    @inline(__always)
    static func scan(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) throws(Failure) -> Extent {
        var index = start
        var escaped = false
        var continuations = 0
        while true {
            // Eight bytes at a time while none needs a decision (Swift's SIMD types are generic
            // and far slower here than plain 64-bit arithmetic).
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if needsDecision(word) { break }
                index += 8
            }
            guard index < end else {
                throw Failure(message: "a string is not closed", offset: start - 1, truncated: true)
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                return Extent(end: index, escaped: escaped, continuations: continuations)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index = try escape(base, at: index, end: end)
            } else if byte < 0x20 {
                throw Failure(
                    message: "a string holds an unescaped control character (0x\(String(byte, radix: 16)))",
                    offset: index)
            } else if byte >= 0x80 {
                let run = try utf8Run(base, at: index, end: end)
                index = run.next
                continuations += run.continuations
            } else {
                index += 1
            }
        }
    }

    /// Whether any of eight bytes is a quote, a backslash, a control character or not ASCII.
    @inline(__always)
    static func needsDecision(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = word &- (ones &* 0x20)
        return ((zeroQuote | zeroBackslash | control | word) & high) != 0
    }

    /// Checks the escape at `index` (a backslash); returns the offset after it.
    private static func escape(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) throws(Failure) -> Int {
        guard index + 1 < end else {
            throw Failure(message: "a string ends inside an escape", offset: index)
        }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            guard index + 6 <= end, (2..<6).allSatisfy({ hexValue(base[index + $0]) != nil }) else {
                throw Failure(message: "a \\u escape needs four hex digits", offset: index)
            }
            return index + 6
        default:
            let shown =
                base[index + 1] < 0x80 && base[index + 1] >= 0x20
                ? String(Character(Unicode.Scalar(base[index + 1]))) : "x" + String(base[index + 1], radix: 16)
            throw Failure(message: "a string holds an unknown escape \\\(shown)", offset: index)
        }
    }

    /// The value of a hex digit.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The four hex digits at `at`, already checked by ``scan(_:from:end:)``.
    @inline(__always)
    static func hex4(_ base: UnsafePointer<UInt8>, _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 4 | (hexValue(base[at + $1]) ?? 0) }
    }

    /// A run of multi-byte UTF-8 sequences (RFC 3629: no overlongs, no surrogates, at most U+10FFFF)
    /// from `index` up to the next ASCII byte: where it ends, and how many continuation bytes it held.
    private static func utf8Run(_ base: UnsafePointer<UInt8>, at start: Int, end: Int) throws(Failure) -> (
        next: Int, continuations: Int
    ) {
        var index = start
        var continuations = 0
        while index < end {
            let lead = base[index]
            if lead < 0x80 { break }
            let count: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: count = 1
            case 0xE1...0xEC, 0xEE...0xEF: count = 2
            case 0xE0:
                count = 2
                low = 0xA0
            case 0xED:
                count = 2
                high = 0x9F
            case 0xF1...0xF3: count = 3
            case 0xF0:
                count = 3
                low = 0x90
            case 0xF4:
                count = 3
                high = 0x8F
            default: throw invalidUTF8(at: index, end: end)
            }
            guard index + count < end else { throw invalidUTF8(at: index, end: end) }
            let second = base[index + 1]
            guard second >= low && second <= high else { throw invalidUTF8(at: index, end: end) }
            if count >= 2 {
                guard base[index + 2] & 0xC0 == 0x80 else { throw invalidUTF8(at: index, end: end) }
                if count == 3 {
                    guard base[index + 3] & 0xC0 == 0x80 else { throw invalidUTF8(at: index, end: end) }
                }
            }
            index += count + 1
            continuations += count
        }
        return (index, continuations)
    }

    private static func invalidUTF8(at offset: Int, end: Int) -> Failure {
        Failure(message: "a string is not valid UTF-8", offset: offset)
    }

    /// The value of a scanned string's content `base[start..<end]` as UTF-8: escapes resolved, a
    /// surrogate pair written as two escapes joined, a lone surrogate escape read as U+FFFD.
    static func decode(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var at = start
        while at < end {
            // Copy the run up to the next escape in one go.
            var run = at
            while run < end && base[run] != UInt8(ascii: "\\") { run += 1 }
            if run > at {
                output.append(contentsOf: UnsafeBufferPointer(start: base + at, count: run - at))
                at = run
                continue
            }
            let kind = base[at + 1]
            at += 2
            switch kind {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(base, at)
                at += 4
                if (0xD800...0xDBFF).contains(scalar), at + 6 <= end, base[at] == UInt8(ascii: "\\"),
                    base[at + 1] == UInt8(ascii: "u"), case let low = hex4(base, at + 2),
                    (0xDC00...0xDFFF).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    at += 6
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &output)
            default: output.append(kind)
            }
        }
        return output
    }

    /// Appends a scalar's UTF-8 bytes without building a `String`.
    @inline(__always)
    private static func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
