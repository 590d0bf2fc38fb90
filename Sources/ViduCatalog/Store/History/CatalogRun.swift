import Foundation

/// One load of templates into the catalog, as `history` lists it.
public struct CatalogRun: Sendable, Hashable, Identifiable {
    /// How a run ended.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Changes were written.
        case applied
        /// Nothing differed; no template row was written.
        case unchanged
        /// The run failed; the catalog was left as it was.
        case failed
    }

    /// The run's number, increasing.
    public var id: Int64
    /// Where the templates came from.
    public var kind: LoadKind
    /// File paths, a base URL, or "bundled sample snapshot".
    public var source: String
    /// The sample's date, when the run loaded a dated sample.
    public var snapshotDate: String?
    /// When the run started.
    public var startedAt: Date
    /// When the run ended.
    public var finishedAt: Date
    /// How it ended.
    public var status: Status
    /// Why it failed.
    public var error: String?
    /// Pages fetched, for syncs.
    public var pages: Int?
    /// Templates read.
    public var total: Int
    /// Templates added.
    public var added: Int
    /// Templates changed (revivals included).
    public var changed: Int
    /// Templates removed.
    public var removed: Int
    /// Templates present and identical.
    public var unchanged: Int
    /// The catalog's identity after the run (see ``CatalogStore/catalogHash()``), hex; `nil` for failed runs.
    public var catalogHash: String?
    /// What `sync --on-change` did after this run; `nil` when no command ran.
    public var hook: HookOutcome?

    /// What a command run after the run (`sync --on-change`) did.
    public struct HookOutcome: Sendable, Hashable {
        /// The exit status; `nil` when it did not start or was killed.
        public var exitStatus: Int32?
        /// Why it failed, in one sentence; `nil` when it exited 0.
        public var error: String?
        /// How long it ran.
        public var duration: Duration

        /// Whether it exited 0.
        public var succeeded: Bool { error == nil }

        /// Creates an outcome.
        public init(exitStatus: Int32?, error: String?, duration: Duration) {
            self.exitStatus = exitStatus
            self.error = error
            self.duration = duration
        }
    }
}
