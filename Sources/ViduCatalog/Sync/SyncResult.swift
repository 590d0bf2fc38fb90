import Foundation

/// What one sync did.
public struct SyncResult: Sendable {
    /// The changes (applied, or that would be applied in a dry run).
    public var diff: CatalogDiff
    /// The recorded run; `nil` for a dry run.
    public var run: CatalogRun?
    /// Pages fetched for the accepted snapshot.
    public var pages: Int
    /// HTTP requests made, retries and restarts included.
    public var requests: Int
    /// Pages the upstream answered `304 Not Modified` (reused from the last sync).
    public var notModified = 0
    /// Templates in the accepted snapshot.
    public var total: Int
    /// Active templates after the sync.
    public var activeCount: Int
    /// What probing the covers did; `nil` unless asked for (and never in a dry run).
    public var covers: CoverProbeReport?
    /// How long it took.
    public var duration: Duration

    /// `+3 added, -1 removed, ~5 changed (credits 4, aspect_ratio 1); 120 active; 3 pages in 0.8 s`.
    public var summary: String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let pagesText = "\(pages) page\(pages == 1 ? "" : "s")"
        let coversText = covers.map { "; \($0.summary)" } ?? ""
        return
            "\(diff.summary); \(activeCount) active\(coversText); \(pagesText) in \(String(format: "%.1f", seconds)) s"
    }
}
