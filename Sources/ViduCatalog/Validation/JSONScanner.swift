import Foundation

/// A JSON reader (RFC 8259, UTF-8) over bytes that checks syntax without building values: strings
/// and numbers come back as byte ranges, decoded only when a rule needs their content.
///
/// The validator's speed comes from here: a request is read once, front to back, with no allocation
/// for a well-formed body whose strings have no escapes. Strings are scanned eight bytes at a time
/// and only bytes that need a decision (quote, backslash, control, non-ASCII) are looked at alone.
struct JSONScanner {
    /// A syntax error: what was expected, and where.
    struct Failure: Error, Sendable {
        var message: String
        /// Byte offset in the body.
        var offset: Int
        /// Whether the input ended before the value did (more input could complete it).
        var truncated = false
        /// Whether arrays and objects nest deeper than ``JSONScanner/maxDepth``.
        var tooDeep = false
    }

    /// A string's content, without its quotes.
    struct StringToken {
        var start: Int
        var end: Int
        /// Whether it holds escapes (then its bytes are not its value: ``JSONScanner/decode(_:)``).
        var escaped: Bool
        /// UTF-8 continuation bytes in it: without escapes, its length in code points is its length
        /// in bytes minus these.
        var continuations: Int
    }

    /// A number's text.
    struct NumberToken {
        var start: Int
        var end: Int
        /// No fraction and no exponent.
        var integral: Bool
        var negative: Bool
    }

    /// What the next value is, from its first byte.
    enum Kind {
        case object, array, string, number, bool, null, invalid

        var name: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            case .invalid: "not JSON"
            }
        }
    }

    /// Deepest nesting of arrays and objects accepted.
    static let maxDepth = 64

    let base: UnsafePointer<UInt8>
    let end: Int
    var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
    }

    var atEnd: Bool { index >= end }

    func fail(_ message: String) -> Failure {
        Failure(message: message, offset: index, truncated: index >= end)
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < end {
            let byte = base[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// The kind of the value at the current position (after whitespace).
    @inline(__always) func kind() -> Kind {
        guard index < end else { return .invalid }
        switch base[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .invalid
        }
    }

    func describeHere() -> String {
        guard index < end else { return "the end of the body" }
        let byte = base[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    // MARK: Containers

    /// At `{`: consumes it; `false` when the object is empty (its `}` consumed too).
    mutating func beginObject() -> Bool {
        index += 1
        skipWhitespace()
        if index < end && base[index] == UInt8(ascii: "}") {
            index += 1
            return false
        }
        return true
    }

    /// A member's key and its colon; leaves the position at the value.
    mutating func key() throws(Failure) -> StringToken {
        guard index < end, base[index] == UInt8(ascii: "\"") else {
            throw fail("expected a member name in quotes, found \(describeHere())")
        }
        let token = try string()
        skipWhitespace()
        guard index < end, base[index] == UInt8(ascii: ":") else {
            throw fail("expected ':' after a member name, found \(describeHere())")
        }
        index += 1
        skipWhitespace()
        return token
    }

    /// After a member's value: `true` when another member follows (its comma consumed).
    mutating func nextMember() throws(Failure) -> Bool {
        skipWhitespace()
        guard index < end else { throw fail("the body ends inside an object") }
        switch base[index] {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return true
        case UInt8(ascii: "}"):
            index += 1
            return false
        default:
            throw fail("expected ',' or '}' in an object, found \(describeHere())")
        }
    }

    /// At `[`: consumes it; `false` when the array is empty.
    mutating func beginArray() -> Bool {
        index += 1
        skipWhitespace()
        if index < end && base[index] == UInt8(ascii: "]") {
            index += 1
            return false
        }
        return true
    }

    /// After an element: `true` when another follows.
    mutating func nextElement() throws(Failure) -> Bool {
        skipWhitespace()
        guard index < end else { throw fail("the body ends inside an array") }
        switch base[index] {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return true
        case UInt8(ascii: "]"):
            index += 1
            return false
        default:
            throw fail("expected ',' or ']' in an array, found \(describeHere())")
        }
    }

    /// Skips any value, checking its syntax; `depth` is the nesting of the value's container.
    mutating func skipValue(depth: Int) throws(Failure) {
        switch kind() {
        case .object:
            guard depth < Self.maxDepth else { throw tooDeep() }
            guard beginObject() else { return }
            repeat {
                _ = try key()
                try skipValue(depth: depth + 1)
            } while try nextMember()
        case .array:
            guard depth < Self.maxDepth else { throw tooDeep() }
            guard beginArray() else { return }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextElement()
        case .string: _ = try string()
        case .number: _ = try number()
        case .bool, .null: _ = try literal()
        case .invalid: throw fail("expected a value, found \(describeHere())")
        }
    }

    private func tooDeep() -> Failure {
        Failure(
            message: "the body nests arrays and objects deeper than \(Self.maxDepth) levels", offset: index,
            tooDeep: true)
    }

    // MARK: Scalars

    /// `true`, `false` or `null` (`nil`).
    mutating func literal() throws(Failure) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard end - index >= count else { return false }
            for offset in 0..<count where base[index + offset] != word.utf8Start[offset] { return false }
            return true
        }
        if matches("true") {
            index += 4
            return true
        }
        if matches("false") {
            index += 5
            return false
        }
        if matches("null") {
            index += 4
            return nil
        }
        throw fail("expected true, false or null, found \(describeHere())")
    }

    /// At `"`: the string's content range; checks escapes and UTF-8.
    mutating func string() throws(Failure) -> StringToken {
        index += 1
        let start = index
        var escaped = false
        var continuations = 0
        while true {
            // Eight bytes at a time while none needs a decision (Swift's SIMD types are generic
            // and far slower here than plain 64-bit arithmetic).
            while index + 8 <= end {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if Self.needsDecision(word) { break }
                index += 8
            }
            guard index < end else {
                throw Failure(message: "a string is not closed", offset: start - 1, truncated: true)
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return StringToken(
                    start: start, end: index - 1, escaped: escaped, continuations: continuations)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try escape()
            } else if byte < 0x20 {
                throw fail("a string holds an unescaped control character (0x\(String(byte, radix: 16)))")
            } else if byte >= 0x80 {
                continuations += try utf8Run()
            } else {
                index += 1
            }
        }
    }

    /// Whether any of eight bytes is a quote, a backslash, a control character or not ASCII.
    @inline(__always) static func needsDecision(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = word &- (ones &* 0x20)
        return ((zeroQuote | zeroBackslash | control | word) & high) != 0
    }

    private mutating func escape() throws(Failure) {
        guard index + 1 < end else { throw fail("a string ends inside an escape") }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard index + 6 <= end, (2..<6).allSatisfy({ Self.hexValue(base[index + $0]) != nil }) else {
                throw fail("a \\u escape needs four hex digits")
            }
            index += 6
        default:
            throw fail("a string holds an unknown escape \\\(Character(Unicode.Scalar(base[index + 1])))")
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A run of multi-byte UTF-8 sequences (RFC 3629: no overlongs, no surrogates, at most U+10FFFF),
    /// up to the next ASCII byte; returns how many continuation bytes it held.
    private mutating func utf8Run() throws(Failure) -> Int {
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
            default: throw fail("the body is not valid UTF-8")
            }
            guard index + count < end else { throw fail("the body is not valid UTF-8") }
            let second = base[index + 1]
            guard second >= low && second <= high else { throw fail("the body is not valid UTF-8") }
            if count >= 2 {
                guard base[index + 2] & 0xC0 == 0x80 else { throw fail("the body is not valid UTF-8") }
                if count == 3 {
                    guard base[index + 3] & 0xC0 == 0x80 else { throw fail("the body is not valid UTF-8") }
                }
            }
            index += count + 1
            continuations += count
        }
        return continuations
    }

    /// A number's range, its grammar checked.
    mutating func number() throws(Failure) -> NumberToken {
        let start = index
        var negative = false
        if base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < end, Self.isDigit(base[index]) else { throw fail("a number needs digits after '-'") }
        if base[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < end && Self.isDigit(base[index]) { index += 1 }
        }
        var integral = true
        if index < end && base[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < end, Self.isDigit(base[index]) else { throw fail("a number needs digits after '.'") }
            while index < end && Self.isDigit(base[index]) { index += 1 }
        }
        if index < end && (base[index] == UInt8(ascii: "e") || base[index] == UInt8(ascii: "E")) {
            integral = false
            index += 1
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < end, Self.isDigit(base[index]) else { throw fail("a number needs digits in its exponent") }
            while index < end && Self.isDigit(base[index]) { index += 1 }
        }
        return NumberToken(start: start, end: index, integral: integral, negative: negative)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: Reading tokens

    /// The raw bytes of a token.
    func bytes(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// Whether a string's value is exactly `text` (`text` is ASCII).
    func equals(_ token: StringToken, _ text: StaticString) -> Bool {
        if token.escaped {
            return decode(token) == Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        let count = text.utf8CodeUnitCount
        guard token.end - token.start == count else { return false }
        return memcmp(base + token.start, text.utf8Start, count) == 0
    }

    /// A string's value as UTF-8 (escapes resolved; a lone surrogate becomes U+FFFD).
    func decode(_ token: StringToken) -> [UInt8] {
        guard token.escaped else { return Array(bytes(token.start, token.end)) }
        var output: [UInt8] = []
        output.reserveCapacity(token.end - token.start)
        var at = token.start
        while at < token.end {
            let byte = base[at]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                at += 1
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
                var scalar = hex4(at)
                at += 4
                if (0xD800...0xDBFF).contains(scalar), at + 6 <= token.end, base[at] == UInt8(ascii: "\\"),
                    base[at + 1] == UInt8(ascii: "u"), case let low = hex4(at + 2), (0xDC00...0xDFFF).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    at += 6
                }
                output += String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8
            default: output.append(kind)
            }
        }
        return output
    }

    private func hex4(_ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 4 | (Self.hexValue(base[at + $1]) ?? 0) }
    }

    /// A string's value as a Swift string.
    func text(_ token: StringToken) -> String {
        token.escaped
            ? String(decoding: decode(token), as: UTF8.self)
            : String(decoding: bytes(token.start, token.end), as: UTF8.self)
    }

    /// A string's length in Unicode code points, as JSON Schema's `maxLength` counts (a surrogate
    /// pair written as two escapes is one code point; a lone surrogate escape is one).
    func codePoints(_ token: StringToken) -> Int {
        if !token.escaped { return token.end - token.start - token.continuations }
        var count = 0
        var at = token.start
        while at < token.end {
            let byte = base[at]
            if byte == UInt8(ascii: "\\") {
                if base[at + 1] == UInt8(ascii: "u") {
                    let scalar = hex4(at + 2)
                    at += 6
                    if (0xD800...0xDBFF).contains(scalar), at + 6 <= token.end, base[at] == UInt8(ascii: "\\"),
                        base[at + 1] == UInt8(ascii: "u"), (0xDC00...0xDFFF).contains(hex4(at + 2))
                    {
                        at += 6
                    }
                } else {
                    at += 2
                }
            } else {
                at += 1
                if byte & 0xC0 == 0x80 { continue }
            }
            count += 1
        }
        return count
    }
}
