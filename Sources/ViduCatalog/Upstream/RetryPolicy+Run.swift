extension RetryPolicy {
    /// Why ``run(jitter:onAttempt:onRetry:_:)`` stopped without a result: the last failure, and whether the
    /// policy gave up or the task was cancelled while it waited to try again.
    public struct Stop: Error, Sendable {
        /// The last attempt's failure.
        public var failure: UpstreamFailure
        /// `true` when the task was cancelled during a wait, `false` when the policy gave up.
        public var cancelled: Bool
    }

    /// Runs `operation` until it succeeds or ``decide(after:attempt:elapsed:jitter:)`` gives up,
    /// sleeping between attempts as it says; `onRetry` hears of each retry before its wait (for a
    /// log line), `onAttempt` of every attempt (for a request count).
    public func run<T>(
        jitter: () -> Double = { Double.random(in: 0...1) },
        onAttempt: () -> Void = {},
        onRetry: (_ attempt: Int, _ delay: Duration, _ failure: UpstreamFailure) -> Void = { _, _, _ in },
        _ operation: () async throws(UpstreamFailure) -> T
    ) async throws(Stop) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            onAttempt()
            do {
                return try await operation()
            } catch {
                switch decide(after: error, attempt: attempt, elapsed: clock.now - start, jitter: jitter()) {
                case .giveUp:
                    throw Stop(failure: error, cancelled: false)
                case .retry(let delay):
                    let failure = error
                    onRetry(attempt, delay, failure)
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        throw Stop(failure: failure, cancelled: true)
                    }
                }
            }
        }
    }
}
