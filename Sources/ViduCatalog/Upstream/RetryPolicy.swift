/// When to try a failed request again: exponential backoff with jitter, honouring `Retry-After`,
/// bounded by a number of retries and an overall deadline.
///
/// A plain value with one decision method, so it is tested without sockets or clocks; ``run(jitter:onAttempt:onRetry:_:)`` is
/// the one loop that applies it, around every request the upstream client makes (list pages, single
/// templates, cover probes).
public struct RetryPolicy: Sendable, Hashable {
    /// What to do after a failure.
    public enum Decision: Sendable, Hashable {
        /// Wait this long, then try again.
        case retry(after: Duration)
        /// Stop and report the failure.
        case giveUp
    }

    /// Retries after the first attempt.
    public var maxRetries: Int
    /// The first backoff; each retry doubles it.
    public var baseDelay: Duration
    /// The longest backoff (a `Retry-After` may ask for more, up to the deadline).
    public var maxDelay: Duration
    /// No retry starts later than this after the first attempt.
    public var deadline: Duration

    /// Creates a policy; the defaults suit a cron job: 5 retries, 0.5 s doubling to 30 s, 5 minutes in all.
    public init(
        maxRetries: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        deadline: Duration = .seconds(300)
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.deadline = deadline
    }

    /// The decision after failed attempt number `attempt` (1 for the first), `elapsed` after the first
    /// started; `jitter` in 0...1 spreads clients apart (half the backoff is fixed, half random).
    public func decide(after failure: UpstreamFailure, attempt: Int, elapsed: Duration, jitter: Double) -> Decision {
        guard Self.isTransient(failure), attempt <= maxRetries else { return .giveUp }
        let exponent = min(attempt - 1, 30)
        let backoff = min(maxDelay, baseDelay * (1 << exponent))
        var delay = backoff / 2 + backoff / 2 * min(max(jitter, 0), 1)
        if let asked = failure.retryAfter { delay = max(delay, asked) }
        guard elapsed + delay <= deadline else { return .giveUp }
        return .retry(after: delay)
    }

    /// Whether trying again may succeed: rate limits, maintenance, server errors, network faults and
    /// bad bodies may pass; a refusal, a redirect or an answer that cannot be true will not.
    public static func isTransient(_ failure: UpstreamFailure) -> Bool {
        switch failure.code {
        case .status:
            guard let code = failure.status else { return false }
            return code == 429 || code == 455 || code == 408 || (500...599).contains(code) && code != 501 && code != 505
        case .network, .malformed: return true
        default: return false
        }
    }
}
