/// How a sync behaves.
public struct SyncOptions: Sendable {
    /// Fetch and diff, change nothing.
    public var dryRun = false
    /// The largest share of active templates one sync may remove (0.25 = 25%).
    public var maxRemoval = 0.25
    /// Apply even when more than ``maxRemoval`` would be removed, or the upstream returned nothing.
    public var allowMassRemoval = false
    /// Retries for each request.
    public var retry = RetryPolicy()
    /// Wait for another sync to finish instead of failing with `CatalogError/Code/locked`.
    public var waitForLock = false
    /// Refresh only this template (no removals possible).
    public var templateID: String?
    /// Told after each fetched page: pages done, pages in all (the CLI draws a progress bar with it).
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// After applying, probe the cover and video of templates that have no successful probe of their current URLs.
    public var probeCovers = false
    /// Cover probes in flight at once.
    public var coverConcurrency = 8
    /// Which asset hosts cover probes may reach (by default, none on loopback, private or link-local
    /// addresses).
    public var coverAddresses = AddressPolicy()
    /// Told after each probed asset: assets done, assets in all.
    public var coverProgress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// Creates options with the defaults.
    public init() {}
}
