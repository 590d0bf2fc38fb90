/// A catalog row that cannot be what the schema promises: a NULL where a value belongs, text where a
/// number belongs, JSON that does not parse. The file was edited by hand or damaged; reading it must
/// end in a sentence naming where, never a trap or a silently skipped row.
struct DamagedRow: Error, CustomStringConvertible {
    /// The table the row is in.
    var table: String
    /// The column, or what the row holds that is damaged.
    var column: String
    /// What was found, in a few words.
    var found: String

    var description: String { "table \(table), column \(column): \(found)" }
}
