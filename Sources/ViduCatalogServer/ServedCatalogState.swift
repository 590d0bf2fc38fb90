import Foundation
import Synchronization
import ViduCatalog

/// The catalog `serve` answers from, swapped whole after each applied sync: a request takes the
/// current one once and uses only it, so it never mixes two catalogs.
public final class ServedCatalogState: Sendable {
    private let current: Mutex<ServedCatalog>
    /// The outcome of the last sync this process ran (`--sync-every`), if any.
    private let lastSync: Mutex<SyncOutcome?>

    /// What the last in-process sync did, for `/healthz`.
    public struct SyncOutcome: Sendable {
        /// When the sync ended.
        public var finishedAt: Date
        /// Whether it applied (or found nothing to apply).
        public var succeeded: Bool
        /// Its summary line, or its error.
        public var summary: String

        /// Creates an outcome.
        public init(finishedAt: Date, succeeded: Bool, summary: String) {
            self.finishedAt = finishedAt
            self.succeeded = succeeded
            self.summary = summary
        }
    }

    /// Starts serving `catalog`.
    public init(_ catalog: ServedCatalog) {
        current = Mutex(catalog)
        lastSync = Mutex(nil)
    }

    /// The catalog to answer one request from.
    public var catalog: ServedCatalog { current.withLock { $0 } }

    /// Replaces the catalog.
    public func replace(with catalog: ServedCatalog) {
        current.withLock { $0 = catalog }
    }

    /// Records an in-process sync's outcome.
    public func record(_ outcome: SyncOutcome) {
        lastSync.withLock { $0 = outcome }
    }

    /// The last in-process sync's outcome.
    public var lastSyncOutcome: SyncOutcome? { lastSync.withLock { $0 } }
}
