import Foundation

/// A Crun API key. It prints as `<redacted>` everywhere, so it cannot leak through a log line,
/// an error message or string interpolation; only the HTTP header reads `secret`.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself: for the `x-api-key` header and nothing else.
    let secret: String

    /// Wraps a key; surrounding whitespace (a trailing newline in a key file) is dropped.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    /// Always `<redacted>`: the key never reaches output.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`, for `debugPrint` and the debugger too.
    public var debugDescription: String { "<redacted>" }
    /// `dump` and debuggers walk a value's mirror, not its description: this one has no children.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// `text` with every occurrence of the key (as is, or percent-encoded) replaced by `<redacted>`:
    /// for what an upstream says back (an error message may echo the request), before it is stored
    /// or printed.
    public static func redacting(_ key: APIKey?, in text: String) -> String {
        guard let key else { return text }
        var result = text.replacingOccurrences(of: key.secret, with: "<redacted>")
        if let encoded = key.secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
            encoded != key.secret
        {
            result = result.replacingOccurrences(of: encoded, with: "<redacted>")
        }
        return result
    }
}
