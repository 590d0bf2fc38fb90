import GRDB
import Synchronization

/// The FTS5 pattern for a search text: every word as a prefix, all required.
///
/// The words are cut by the same tokenizer the full-text table uses (`unicode61 remove_diacritics 2`),
/// not by GRDB's `FTS5Pattern(matchingAllPrefixesIn:)`, which cuts with the ASCII tokenizer: a word
/// with characters the two tokenizers split differently ("0ý ï¤J") became a phrase, which a table
/// with `detail=none` cannot answer, and the query failed (found by Schemathesis on `/v1/templates`).
enum SearchPattern {
    /// The pattern, `nil` when the text holds no word.
    static func pattern(for text: String) -> FTS5Pattern? {
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return nil }
        // Each token is one token of the table's tokenizer, quoted so no character in it is syntax.
        let raw = tokens.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
        return try? FTS5Pattern(rawPattern: raw)
    }

    /// The tokens of `text` under `unicode61 remove_diacritics 2`.
    static func tokenize(_ text: String) -> [String] {
        tokenizer.withLock { state -> [String] in
            do {
                if state == nil {
                    let queue = try DatabaseQueue()
                    state = (queue, try queue.inDatabase { try $0.makeTokenizer(.unicode61(diacritics: .remove)) })
                }
                guard let (queue, tokenizer) = state else { return [] }
                return try queue.inDatabase { _ in
                    try tokenizer.tokenize(query: text).compactMap { $0.flags.contains(.colocated) ? nil : $0.token }
                }
            } catch {
                return []
            }
        }
    }

    /// One in-memory database holding the tokenizer, made on first use; SQLite's tokenizer objects
    /// are not meant for several threads at once, hence the lock.
    private static let tokenizer = Mutex<(DatabaseQueue, any FTS5Tokenizer)?>(nil)
}
