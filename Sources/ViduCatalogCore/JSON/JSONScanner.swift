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

    /// At `"`: the string's content range; checks escapes and UTF-8 (``JSONString/scan(_:from:end:)``).
    @inline(__always)
    mutating func string() throws(Failure) -> StringToken {
        let start = index + 1
        do {
            let extent = try JSONString.scan(base, from: start, end: end)
            index = extent.end + 1
            return StringToken(
                start: start, end: extent.end, escaped: extent.escaped, continuations: extent.continuations)
        } catch {
            index = error.offset
            throw Failure(message: error.message, offset: error.offset, truncated: error.truncated)
        }
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
        return JSONString.decode(base, from: token.start, to: token.end)
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
                    let scalar = JSONString.hex4(base, at + 2)
                    at += 6
                    if (0xD800...0xDBFF).contains(scalar), at + 6 <= token.end, base[at] == UInt8(ascii: "\\"),
                        base[at + 1] == UInt8(ascii: "u"), (0xDC00...0xDFFF).contains(JSONString.hex4(base, at + 2))
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
