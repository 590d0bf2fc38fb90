/// Numbers written in decimal digits, read strictly: the one reader of integers that come from
/// outside as text (command-line options, query parameters, headers, environment variables).
///
/// `Int(_:)` alone accepts a leading `+` and nothing past `Int`'s bounds, but its callers also used to
/// meet `Double(_:)`, which takes `inf`, `nan`, `1e300` and `0x10`; here only digits are numbers.
public enum DecimalText {
    /// `-?[0-9]+` that fits in an `Int`, else `nil` (signs twice, hex, spaces, exponents, 20 digits).
    public static func integer(_ text: some StringProtocol) -> Int? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// ``integer(_:)`` without a sign: a count or a length (`Content-Length`).
    public static func natural(_ text: some StringProtocol) -> Int? {
        guard !text.hasPrefix("-") else { return nil }
        return integer(text)
    }
}
