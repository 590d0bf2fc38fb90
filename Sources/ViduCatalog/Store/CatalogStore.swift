import Foundation
import GRDB
import Logging

/// The local template catalog: one SQLite file in WAL mode, migrated when opened.
///
/// All writes go through intent-named methods (``importSnapshot(_:kind:source:now:)``) that run in one
/// transaction each; readers never block them and never see half of one.
///
/// ```swift
/// let store = try CatalogStore(path: "/tmp/catalog.sqlite")
/// try store.importSnapshot(BundledData.sampleSnapshot(), kind: .snapshot, source: "bundled sample")
/// let portrait = try store.templates(matching: TemplateQuery(aspectRatios: ["9:16"], limit: 20))
/// ```
public struct CatalogStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let logger: Logger

    /// `PRAGMA application_id` of vidu-catalog databases ("VIDU" in ASCII), telling ours from other SQLite files.
    static let applicationID: Int32 = 0x5649_4455

    /// Opens (creating when absent) the catalog at `path` and brings its schema up to date.
    ///
    /// Throws `CatalogError/Code/notADatabase` for a file that is not SQLite,
    /// `CatalogError/Code/foreignDatabase` for another application's database and
    /// `CatalogError/Code/newerDatabase` for one written by a newer vidu-catalog; the file is left untouched.
    public init(path: String, logger: Logger = Logger(label: "vidu-catalog.store")) throws(CatalogError) {
        self.path = path
        self.logger = logger
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw CatalogError(.io, "Cannot create the folder \(directory) for the catalog: \(Self.reason(error)).")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
            // Checked with a read: a catalog that is ours and up to date is opened without taking the
            // write lock, so readers never wait for a sync's long write transaction.
            let ready = try pool.read { db in
                try Self.isOurs(db, path: path) && Self.migrator.hasCompletedMigrations(db)
            }
            if !ready {
                try pool.write { db in try Self.stampIfNew(db, path: path) }
                try Self.migrator.migrate(pool)
            }
        } catch {
            throw Self.mapOpenError(error, path: path)
        }
        logger.debug("Opened catalog", metadata: ["catalog.path": "\(path)"])
    }

    /// Whether `path` names an existing file.
    public static func exists(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Whether the file is a vidu-catalog catalog; throws for another application's database and for
    /// one written by a newer version. `false` for a new, empty file.
    private static func isOurs(_ db: Database, path: String) throws -> Bool {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID == Self.applicationID {
            if try migrator.hasBeenSuperseded(db) {
                throw CatalogError(
                    .newerDatabase,
                    "\(path) was written by a newer version of vidu-catalog; upgrade vidu-catalog to use it.")
            }
            return true
        }
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        guard tables == 0 else {
            throw CatalogError(
                .foreignDatabase,
                "\(path) is an SQLite database of another application, not a vidu-catalog catalog; "
                    + "choose another path with --db.")
        }
        return false
    }

    /// Stamps a new file as ours, checking again inside the write (another process may have got there first).
    private static func stampIfNew(_ db: Database, path: String) throws {
        if try !isOurs(db, path: path) {
            try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
        }
    }

    static func mapOpenError(_ error: any Error, path: String) -> CatalogError {
        if let error = error as? CatalogError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return CatalogError(
                    .notADatabase, "\(path) is not a vidu-catalog database (the file is not SQLite or is damaged).")
            case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR:
                return CatalogError(.io, "Cannot open the catalog \(path): \(error.message ?? "I/O error").")
            default:
                break
            }
        }
        return databaseError(error, path: path)
    }

    /// Wraps an error from SQLite in a sentence; statement arguments are never included.
    static func databaseError(_ error: any Error, path: String) -> CatalogError {
        if let error = error as? CatalogError { return error }
        if let damaged = error as? DamagedRow {
            return CatalogError(
                .database,
                "The catalog \(path) holds a damaged row (\(damaged)); restore it from a backup, or move it "
                    + "aside and sync or import again.")
        }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                return CatalogError(
                    .notADatabase, "\(path) is damaged: \(error.message ?? "database disk image is malformed").")
            }
            return CatalogError(.database, "The catalog \(path) failed: \(error.message ?? "\(error.resultCode)").")
        }
        return CatalogError(.database, "The catalog \(path) failed: \(reason(error)).")
    }

    static func reason(_ error: any Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }

    /// Runs a read, mapping errors to `CatalogError`.
    func read<T>(_ body: (Database) throws -> T) throws(CatalogError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.databaseError(error, path: path)
        }
    }

    /// Runs a write transaction, mapping errors to `CatalogError`.
    func write<T>(_ body: (Database) throws -> T) throws(CatalogError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.databaseError(error, path: path)
        }
    }
}

extension CatalogStore {
    /// Folds the write-ahead log into the database file and refreshes the planner's statistics.
    public func checkpoint() throws(CatalogError) {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA optimize")
                try db.checkpoint(.truncate)
            }
        } catch {
            throw Self.databaseError(error, path: path)
        }
    }
}
