import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer lock of a catalog: one sync or import at a time, a sync's fetch included. Readers never
/// take it.
///
/// An advisory `flock` on `<catalog>.sync-lock`, holding the owner's pid and start time for the
/// message a second sync prints. The kernel drops the lock when the process dies, so a crashed
/// sync never leaves the catalog locked.
public final class SyncLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock file beside a catalog.
    public static func path(forCatalog catalog: String) -> String {
        catalog + ".sync-lock"
    }

    /// Takes the lock of the catalog at `catalog`; held until the returned value is released.
    ///
    /// When another process holds it: waits (polling every `pollInterval`) if `wait`, else throws
    /// `CatalogError/Code/locked` naming the holder. `purpose` (`sync`, `import`) is what the holder
    /// is said to be doing.
    public static func acquire(
        catalog: String, wait: Bool, purpose: String = "sync", pollInterval: Duration = .milliseconds(100)
    ) async throws(CatalogError) -> SyncLock {
        let path = path(forCatalog: catalog)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CatalogError(.io, "Cannot open the lock file \(path): \(String(cString: strerror(errno))).")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK, wait else {
                let holder = describeHolder(descriptor)
                close(descriptor)
                throw CatalogError(
                    .locked,
                    "Another \(holder) is writing this catalog; wait for it to finish, or run again with --wait.")
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                close(descriptor)
                throw CatalogError(.locked, "Stopped waiting for the catalog's sync lock.")
            }
        }
        let owner = "\(purpose) (pid \(getpid()), since \(Timestamp.string(Date())))"
        ftruncate(descriptor, 0)
        _ = owner.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return SyncLock(descriptor: descriptor)
    }

    private static func describeHolder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return "process (owner unknown)" }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
