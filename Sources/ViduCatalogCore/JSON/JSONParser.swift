/// A strict RFC 8259 JSON reader over UTF-8 bytes.
///
/// Why not Foundation: `JSONDecoder` cannot decode into an open tree without throwing and catching
/// on every value, `JSONSerialization` loses the difference between `1` and `true` on Linux, and
/// neither bounds nesting depth. This reader is one pass, allocation-light, rejects nesting deeper
/// than `maxDepth` without recursion risk, and reports line and column.
public struct JSONParser {
    /// Nesting deeper than this is rejected (the default is generous for catalogs).
    public var maxDepth: Int

    /// Creates a parser that rejects nesting deeper than `maxDepth` arrays and objects.
    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON value that must fill the whole input (surrounding whitespace allowed).
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Self.run(buffer, maxDepth: maxDepth)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { Self.run($0, maxDepth: maxDepth) }.get()
    }

    /// Parses a Swift string as JSON.
    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { Self.run($0, maxDepth: maxDepth) }
        return try result.get()
    }

    private static func run(_ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONSyntaxError> {
        var reader = Reader(bytes: buffer, maxDepth: maxDepth)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            if reader.index != buffer.count {
                throw reader.error("unexpected data after the JSON value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(reason: reason, offset: offset, line: line, column: offset - lineStart + 1)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input in a literal") }
        let start = literal.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] {
            throw error("invalid literal, expected \(literal)")
        }
        index += count
    }

    mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        // Gathered first and hashed once into a dictionary of the right size: growing one member by
        // member rehashes every key at each doubling (a template has about 15 members).
        var members: [(String, JSONValue)] = []
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in an object")
            }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after an object key")
            }
            index += 1
            skipWhitespace()
            members.append((key, try readValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                // A repeated key keeps its last value, as before.
                return .object(Dictionary(members, uniquingKeysWith: { _, last in last }))
            default: throw error("expected ',' or '}' after an object member")
            }
        }
    }

    mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw error("expected ',' or ']' after an array element")
            }
        }
    }

    /// At `"`: the string's value, read by the same reader as the validator's (``JSONString``).
    mutating func readString() throws(JSONSyntaxError) -> String {
        let start = index + 1
        guard let base = bytes.baseAddress else { throw error("a string is not closed", at: index) }
        let extent: JSONString.Extent
        do {
            extent = try JSONString.scan(base, from: start, end: bytes.count)
        } catch {
            throw self.error(error.message, at: error.offset)
        }
        index = extent.end + 1
        guard extent.escaped else {
            return String(decoding: UnsafeBufferPointer(start: base + start, count: extent.end - start), as: UTF8.self)
        }
        return String(decoding: JSONString.decode(base, from: start, to: extent.end), as: UTF8.self)
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var i = index
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number", at: start) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw error("leading zero in a number", at: start) }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit after '.'", at: i) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit in an exponent", at: i) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        index = i
        let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
        if isInteger, let value = parseInt64(text) {
            return .int(value)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw error("number out of range", at: start)
        }
        return .double(value)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Integers that fit 64 bits stay exact; larger ones fall back to `Double`.
    func parseInt64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var negative = false
        var i = 0
        if text[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var value: Int64 = 0
        while i < text.count {
            let digit = Int64(text[i] - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            i += 1
        }
        return value
    }
}
