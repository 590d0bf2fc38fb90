/// When the periodic sync runs next: every `interval`, spread by `jitter`, backing off after failures.
///
/// A plain value; ``SyncService`` asks it and sleeps, so it is tested without clocks.
public struct SyncSchedule: Sendable, Hashable {
    /// The time between the starts of two successful syncs.
    public var interval: Duration
    /// The share of the interval the delay may vary by, either way (0.1 = ±10%), so a fleet spreads out.
    public var jitter: Double
    /// The first retry after a failure; each further failure doubles it, up to `interval`.
    public var failureBackoff: Duration

    /// Creates a schedule.
    public init(interval: Duration, jitter: Double = 0.1, failureBackoff: Duration = .seconds(30)) {
        self.interval = interval
        self.jitter = jitter
        self.failureBackoff = failureBackoff
    }

    /// The wait before the next sync, after `consecutiveFailures` failed runs in a row (0 after a success);
    /// `random` in 0...1.
    public func delay(consecutiveFailures: Int, random: Double) -> Duration {
        let base: Duration
        if consecutiveFailures == 0 {
            base = interval
        } else {
            base = min(interval, failureBackoff * (1 << min(consecutiveFailures - 1, 30)))
        }
        let spread = min(max(jitter, 0), 1) * (min(max(random, 0), 1) * 2 - 1)
        return base + base * spread
    }
}
