/// Why a byte sequence is not JSON, and where: a 1-based line and column, as editors count them.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    public var reason: String
    /// Byte offset of the problem from the start of the input.
    public var offset: Int
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column (in bytes) of the problem.
    public var column: Int

    /// `line L, column C: reason`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}
