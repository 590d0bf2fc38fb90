import GRDB
import GRDBSQLite

/// Binds and steps a GRDB-prepared statement through SQLite's C API.
///
/// Used only by bulk loads: there, converting each argument to a `DatabaseValue` cost more than
/// SQLite's own work (measured with `perf`; see the README). Statements still come from GRDB's
/// cache, inside GRDB's transaction; this only skips the argument boxing.
struct RawStatement {
    private let db: Database
    private let handle: OpaquePointer
    private var index: Int32 = 0

    /// SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        self.db = db
        self.handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? Int64(1) : Int64(0) })
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else { return _ = sqlite3_bind_null(handle, index) }
        value.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return _ = sqlite3_bind_text(handle, index, "", 0, nil) }
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                _ = sqlite3_bind_text(handle, index, text, Int32(bytes.count), Self.transient)
            }
        }
    }

    mutating func bind(_ value: [UInt8]) {
        index += 1
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement to completion and readies it for the next row.
    mutating func run() throws {
        let code = sqlite3_step(handle)
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        index = 0
        if let message {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
