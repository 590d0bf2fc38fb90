import Foundation
import Logging
import Synchronization

/// Fetches the whole upstream catalog page by page into a sync's writer (`StagedPageQueue`).
///
/// Page 1 gives `total`; the other pages follow with bounded concurrency, each retried per the
/// ``RetryPolicy`` and staged (hashed, new templates' rows written) as it arrives. The writer checks
/// that the pages agree; a failure on either side stops both, and nothing is applied.
struct SnapshotFetcher: Sendable {
    var client: CrunClient
    var retry: RetryPolicy
    /// Answers of the last sync by URL, for conditional requests (see ``CatalogStore/conditionalCache()``).
    var cache: [String: CachedResponse] = [:]
    /// Told after each page: pages done, pages in all.
    var progress: (@Sendable (Int, Int) -> Void)?
    var logger: Logger
    /// Random numbers for the jitter; injectable so tests are repeatable.
    var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }
    /// Every request made, retries included; shared by the attempts of one sync, which reports the sum.
    var requests: RequestCounter

    /// Fetches every page into `queue`, then finishes it; on a failure, fails it.
    func fetch(into queue: StagedPageQueue) async {
        do {
            queue.finish(try await fetchPages(into: queue))
        } catch {
            queue.fail(error)
        }
    }

    private func fetchPages(into queue: StagedPageQueue) async throws -> StagedPageQueue.Summary {
        let stored = try await queue.storedTemplates()
        let first = try await withRetry { () async throws(UpstreamFailure) in try await answer(1) }
        let firstPage = stage(first, number: 1, stored: stored)
        let pageSize = max(1, client.configuration.pageSize)
        // `total` is at most UpstreamConfiguration.maxTotal (CrunClient refuses more), so this cannot overflow.
        let pageCount = max(1, firstPage.total / pageSize + (firstPage.total % pageSize == 0 ? 0 : 1))
        try Self.checkFull(firstPage, total: firstPage.total, pageCount: pageCount, pageSize: pageSize)
        try await queue.put(firstPage)
        progress?(1, pageCount)
        var notModified = firstPage.notModified ? 1 : 0
        if pageCount > 1 {
            notModified += try await fetchPages(
                2...pageCount, total: firstPage.total, stored: stored, into: queue)
        }
        return .init(pages: pageCount, requests: requests.value, notModified: notModified)
    }

    /// A page before the last that comes back short of a full page while it reports the same `total` as
    /// the first cannot be true: the fetch stops there (exit 65) instead of asking for every page a
    /// `total` promises. (A page reporting another total is the catalog shifting, which the writer
    /// sees and which starts the fetch over.)
    static func checkFull(_ page: StagedPage, total: Int, pageCount: Int, pageSize: Int) throws(CatalogError) {
        guard page.number < pageCount, page.total == total, page.ids.count < pageSize else { return }
        throw UpstreamFailure.implausible(
            "page \(page.number) of \(pageCount) holds \(page.ids.count) templates, though the upstream says "
                + "it holds \(total) in pages of \(pageSize)"
        ).catalogError
    }

    /// One page, conditionally when the last sync kept its answer.
    private func answer(_ number: Int) async throws(UpstreamFailure) -> PageAnswer {
        try await client.page(number, cached: cache[client.configuration.pageURL(number)])
    }

    private func stage(_ answer: PageAnswer, number: Int, stored: StoredTemplates) -> StagedPage {
        switch answer {
        case .fresh(let page, let cache):
            return StagedPage(page, url: client.configuration.pageURL(number), cache: cache, stored: stored)
        case .notModified(let cached):
            return StagedPage(number: number, notModified: cached)
        }
    }

    /// The pages, at most `client.configuration.concurrency` requests at a time, each put into the
    /// queue as it is staged; the first failure cancels the others. Returns how many were answered `304`.
    private func fetchPages(
        _ numbers: ClosedRange<Int>, total: Int, stored: StoredTemplates, into queue: StagedPageQueue
    ) async throws -> Int {
        let width = max(1, client.configuration.concurrency)
        let pageSize = max(1, client.configuration.pageSize)
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            var notModified = 0
            var done = 1
            var next = numbers.lowerBound
            func add(_ number: Int) {
                group.addTask {
                    let answer = try await withRetry { () async throws(UpstreamFailure) in
                        try await self.answer(number)
                    }
                    let page = stage(answer, number: number, stored: stored)
                    try Self.checkFull(page, total: total, pageCount: numbers.upperBound, pageSize: pageSize)
                    try await queue.put(page)
                    return page.notModified
                }
            }
            while next <= numbers.upperBound && next < numbers.lowerBound + width {
                add(next)
                next += 1
            }
            while let wasNotModified = try await group.next() {
                if wasNotModified { notModified += 1 }
                done += 1
                progress?(done, numbers.upperBound)
                if next <= numbers.upperBound {
                    add(next)
                    next += 1
                }
            }
            return notModified
        }
    }

    /// One request with retries (``RetryPolicy/run(jitter:onAttempt:onRetry:_:)``); counts every attempt
    /// in ``requests``.
    private func withRetry<T>(_ operation: () async throws(UpstreamFailure) -> T) async throws(CatalogError) -> T {
        do {
            return try await retry.run(
                jitter: jitter, onAttempt: { requests.add() },
                onRetry: { attempt, delay, failure in
                    logger.debug(
                        "Retrying upstream request",
                        metadata: [
                            "sync.attempt": "\(attempt)", "sync.delay": "\(delay)", "sync.failure": "\(failure)",
                        ])
                }, operation)
        } catch {
            if error.cancelled { throw CatalogError(.unavailable, "The sync was cancelled while waiting to retry.") }
            throw error.failure.catalogError
        }
    }
}
