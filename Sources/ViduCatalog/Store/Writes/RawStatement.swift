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
    /// The first bind that failed (`SQLITE_RANGE`, `SQLITE_TOOBIG`, `SQLITE_NOMEM`), reported by ``run()``.
    private var bindFailure: Int32?

    /// SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        self.db = db
        self.handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Keeps the first failed bind's code.
    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK && bindFailure == nil { bindFailure = code }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        check(value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index))
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? Int64(1) : Int64(0) })
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else { return check(sqlite3_bind_null(handle, index)) }
        let (handle, index) = (handle, index)
        let code = value.withUTF8 { bytes -> Int32 in
            // sqlite3_bind_text64 takes the length at full width: a string past 2 GB cannot wrap.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, nil) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                sqlite3_bind_text64(handle, index, text, UInt64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
            }
        }
        check(code)
    }

    mutating func bind(_ value: [UInt8]) {
        index += 1
        let (handle, index) = (handle, index)
        check(
            value.withUnsafeBytes { bytes in
                sqlite3_bind_blob64(handle, index, bytes.baseAddress, UInt64(bytes.count), Self.transient)
            })
    }

    /// Runs the statement to completion and readies it for the next row.
    mutating func run() throws {
        if let failure = bindFailure {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
            bindFailure = nil
            throw DatabaseError(
                resultCode: ResultCode(rawValue: failure), message: String(cString: sqlite3_errstr(failure)))
        }
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
