import Foundation
import Testing
import ViduCatalogCore

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser().parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null, "x"], "b": {}, "c": []} "#)
        #expect(value["a"] == [1, -2, .double(3.5), .double(1000), true, false, nil, "x"])
        #expect(value["b"] == .object([:]))
        #expect(value["c"] == .array([]))
    }

    @Test func keepsIntegersExactAndBigOnesAsDoubles() throws {
        #expect(try JSONParser().parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser().parse("-9223372036854775808") == .int(Int64.min))
        #expect(try JSONParser().parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser().parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test func stringsOfEveryLengthAndEscapeRoundTripThroughTheWriter() throws {
        // Lengths across the eight-byte steps of the scan, escapes and non-ASCII at every offset.
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "春", "😀",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<40 {
            for _ in 0..<8 {
                var text = ""
                for _ in 0..<length {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text.append(alphabet[Int(state >> 33) % alphabet.count])
                }
                let written = JSONWriter().data(.string(text))
                #expect(try JSONParser().parse(written) == .string(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        #expect(try JSONParser().parse(#"{"a": 1, "b": 2, "a": 3}"#) == .object(["a": 3, "b": 2]))
    }

    @Test func aControlCharacterDeepInALongStringIsRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser().parse("\"abcdefghijklmnop\u{01}qrs\"") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser().parse("\"abcdefghij\\\"klmnop\u{02}\"") }
    }

    @Test func keepsRawUnicode() throws {
        #expect(try JSONParser().parse("\"春节 ✨ Café\"") == .string("春节 ✨ Café"))
    }

    @Test(arguments: [
        ("", "unexpected end of input"), ("{", "expected a string key"), ("[1,]", "unexpected character"),
        ("{\"a\" 1}", "expected ':'"), ("01", "leading zero"), ("1.", "expected a digit"), ("tru", "unexpected end"),
        ("\"abc", "not closed"), ("\"a\u{01}\"", "control character"), ("[1] x", "unexpected data"),
        ("\"\\x\"", "unknown escape"), ("nul", "unexpected end"), ("1e999", "out of range"),
    ])
    func rejectsMalformedInput(input: String, reason: String) {
        #expect {
            try JSONParser().parse(input)
        } throws: { error in
            (error as? JSONSyntaxError)?.reason.contains(reason) == true
        }
    }

    /// Invalid UTF-8 inside a string: an overlong form, a surrogate, past U+10FFFF, a sequence cut
    /// short, a lone continuation byte, a byte no UTF-8 has. The tree reader and the validator's
    /// scanner share one string reader, so both refuse it at the same byte (never repair it).
    @Test(
        arguments: [
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF5, 0x80, 0x80, 0x80],
        ] as [[UInt8]])
    func invalidUTF8IsRefusedAtItsByteByBothReaders(sequence: [UInt8]) throws {
        let prefix = Array(#"{"model":"vidu/template","input":{"template":"ab"#.utf8)
        let body = prefix + sequence + Array(#"cd"}}"#.utf8)
        #expect {
            try JSONParser().parse(body)
        } throws: { error in
            let error = error as? JSONSyntaxError
            return error?.offset == prefix.count && error?.reason.contains("not valid UTF-8") == true
        }
        let catalog = ValidationCatalog(
            snapshot: BundledData.sampleSnapshot(), rules: BundledData.parameterRules(),
            context: .init(catalogHash: "h", loadedAt: Date(), source: "sample"))
        let report = RequestValidator(catalog: catalog).validate(bytes: body)
        #expect(report.findings.map(\.code) == [.jsonSyntax])
        #expect(report.findings.first?.message.contains("not valid UTF-8 at byte \(prefix.count)") == true)
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try JSONParser().parse("{\n  \"a\": 1,\n  \"b\" 2\n}")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 7)
        }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser(maxDepth: 64).parse(deep) }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? JSONParser(maxDepth: 64).parse(ok)) != nil)
    }

    @Test func writerRoundTripsAndSortsKeys() throws {
        let text = #"{"b":[1,2.5,"x\"y\n",null],"a":{"z":true,"y":false},"c":"\u0001é"}"#
        let value = try JSONParser().parse(text)
        let written = JSONWriter().string(value)
        #expect(written == #"{"a":{"y":false,"z":true},"b":[1,2.5,"x\"y\n",null],"c":"\u0001é"}"#)
        #expect(try JSONParser().parse(written) == value)
        #expect(try JSONParser().parse(JSONWriter(pretty: true).string(value)) == value)
    }
}
