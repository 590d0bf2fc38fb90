import Foundation

/// A Crun API key. It prints as `<redacted>` everywhere, so it cannot leak through a log line,
/// an error message or string interpolation; only the HTTP header reads ``secret``.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key itself: for the `x-api-key` header and nothing else.
    let secret: String

    /// Wraps a key; surrounding whitespace (a trailing newline in a key file) is dropped.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        secret = trimmed
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
