import Foundation
import Testing
// @testable: the Retry-After reader is internal to the upstream client; its date and delay forms are tested here.
@testable import ViduCatalog

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 3, baseDelay: .seconds(1), maxDelay: .seconds(8), deadline: .seconds(60))

    @Test func backsOffExponentiallyWithHalfJitter() {
        let failure = UpstreamFailure.status(code: 503, message: nil, retryAfter: nil)
        #expect(
            policy.decide(after: failure, attempt: 1, elapsed: .zero, jitter: 0) == .retry(after: .milliseconds(500)))
        #expect(policy.decide(after: failure, attempt: 1, elapsed: .zero, jitter: 1) == .retry(after: .seconds(1)))
        #expect(policy.decide(after: failure, attempt: 3, elapsed: .zero, jitter: 1) == .retry(after: .seconds(4)))
        #expect(policy.decide(after: failure, attempt: 4, elapsed: .zero, jitter: 1) == .giveUp)
    }

    @Test func honoursRetryAfterAndTheDeadline() {
        let limited = UpstreamFailure.status(code: 429, message: nil, retryAfter: .seconds(20))
        #expect(policy.decide(after: limited, attempt: 1, elapsed: .zero, jitter: 0) == .retry(after: .seconds(20)))
        #expect(policy.decide(after: limited, attempt: 1, elapsed: .seconds(50), jitter: 0) == .giveUp)
    }

    @Test(arguments: [401, 402, 404, 422, 501, 505])
    func neverRetriesPermanentFailures(code: Int) {
        let failure = UpstreamFailure.status(code: code, message: nil, retryAfter: nil)
        #expect(policy.decide(after: failure, attempt: 1, elapsed: .zero, jitter: 0) == .giveUp)
    }

    @Test(arguments: [429, 455, 500, 502, 503, 504])
    func retriesTransientStatuses(code: Int) {
        #expect(RetryPolicy.isTransient(UpstreamFailure.status(code: code, message: nil, retryAfter: nil)))
    }

    @Test func retriesNetworkFaultsAndBadBodies() {
        #expect(RetryPolicy.isTransient(UpstreamFailure.network("reset")))
        #expect(RetryPolicy.isTransient(UpstreamFailure.malformed("truncated")))
    }

    @Test func readsRetryAfterInSecondsAndAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_784_000_000)
        #expect(RetryAfter.parse("7", now: now) == .seconds(7))
        let later = now.addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(RetryAfter.parse(formatter.string(from: later), now: now) == .seconds(30))
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-3", now: now) == nil)
    }
}
