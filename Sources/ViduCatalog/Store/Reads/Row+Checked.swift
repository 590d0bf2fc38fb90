import GRDB

extension Row {
    /// The value at `index`, or ``DamagedRow`` naming `table` when the stored value cannot be one.
    ///
    /// GRDB's `row[index]` traps on a value of the wrong type (a NULL, say); a catalog file is input
    /// like any other, so every read goes through here.
    func value<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ index: Int, in table: String, as type: Value.Type = Value.self
    ) throws -> Value {
        do {
            return try decode(Value.self, atIndex: index)
        } catch let error as RowDecodingError {
            throw damaged(index, in: table, error)
        }
    }

    /// ``value(_:in:as:)`` for types SQLite has no direct column conversion for (`Date`, `Data`).
    func value<Value: DatabaseValueConvertible>(_ index: Int, in table: String, as type: Value.Type = Value.self)
        throws -> Value
    {
        do {
            return try decode(Value.self, atIndex: index)
        } catch let error as RowDecodingError {
            throw damaged(index, in: table, error)
        }
    }

    private func damaged(_ index: Int, in table: String, _ error: RowDecodingError) -> DamagedRow {
        let column =
            index < count ? columnNames[columnNames.index(columnNames.startIndex, offsetBy: index)] : "#\(index)"
        let stored = index < count ? self[index] as DatabaseValue : .null
        let found: String
        switch stored.storage {
        case .null: found = "NULL where a value belongs"
        case .int64: found = "a number of the wrong kind"
        case .double: found = "a real number where another kind belongs"
        case .string: found = "text of the wrong form"
        case .blob: found = "bytes where another kind belongs"
        }
        return DamagedRow(table: table, column: column, found: found)
    }
}
