import Foundation
import Logging

/// Fetches the whole upstream catalog as one consistent snapshot, or fails without a partial one.
///
/// Page 1 gives `total`; the other pages follow with bounded concurrency, each retried per the
/// ``RetryPolicy``. The snapshot is accepted only when every page reports the same `total`, IDs are
/// unique across pages and their count equals `total`; otherwise the catalog shifted during the
/// fetch, and the fetch starts over (up to `restarts` times) before failing with the evidence.
struct SnapshotFetcher {
    var client: CrunClient
    var retry: RetryPolicy
    /// Answers of the last sync by URL, for conditional requests.
    var cache: [String: CachedResponse] = [:]
    /// Told after each page: pages done, pages in all.
    var progress: (@Sendable (Int, Int) -> Void)?
    var restarts = 3
    var logger: Logger
    /// Random numbers for the jitter; injectable so tests are repeatable.
    var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }

    struct Fetched: Sendable {
        var templates: [Template]
        var total: Int
        var pages: Int
        var requests: Int
        /// What to keep for the next sync's conditional requests.
        var cache: [CachedResponse]
        /// Pages answered `304 Not Modified`.
        var notModified: Int
    }

    /// One page with its caching outcome.
    struct Answer: Sendable {
        var page: TemplatePage
        var cache: CachedResponse?
        var notModified: Bool
    }

    func fetch() async throws(CatalogError) -> Fetched {
        var evidence: [String] = []
        var requests = 0
        for attempt in 0...restarts {
            let first = try await withRetry(&requests) { () async throws(UpstreamFailure) in try await answer(1) }
            let pageSize = client.configuration.pageSize
            let pageCount = max(1, (first.page.total + pageSize - 1) / pageSize)
            var answers = [first]
            progress?(1, pageCount)
            if pageCount > 1 {
                answers += try await fetchPages(2...pageCount, requests: &requests)
            }
            switch Self.check(answers.map(\.page)) {
            case .success(let templates):
                return Fetched(
                    templates: templates, total: first.page.total, pages: pageCount, requests: requests,
                    cache: answers.compactMap(\.cache), notModified: answers.filter(\.notModified).count)
            case .failure(let problem):
                evidence.append("attempt \(attempt + 1): \(problem)")
                logger.debug("Snapshot shifted during fetch", metadata: ["sync.problem": "\(problem)"])
            }
        }
        throw CatalogError(
            .inconsistentSnapshot,
            "The upstream catalog kept changing while it was fetched, so nothing was applied; "
                + evidence.joined(separator: "; ") + ".")
    }

    /// One page, conditionally when the last sync kept its answer.
    private func answer(_ number: Int) async throws(UpstreamFailure) -> Answer {
        let url = client.configuration.pageURL(number)
        let result = try await client.page(number, cached: cache[url])
        return Answer(page: result.page, cache: result.cache, notModified: result.notModified)
    }

    /// The pages in order, at most `client.configuration.concurrency` requests at a time.
    private func fetchPages(_ numbers: ClosedRange<Int>, requests: inout Int) async throws(CatalogError)
        -> [Answer]
    {
        let width = max(1, client.configuration.concurrency)
        let outcome: Result<([Answer], Int), CatalogError> = await withTaskGroup(
            of: Result<(Answer, Int), CatalogError>.self
        ) { group in
            var pages: [Answer] = []
            var count = 0
            var next = numbers.lowerBound
            func add(_ number: Int) {
                group.addTask {
                    var local = 0
                    do throws(CatalogError) {
                        let page = try await withRetry(&local) { () async throws(UpstreamFailure) in
                            try await answer(number)
                        }
                        return .success((page, local))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            while next <= numbers.upperBound && next < numbers.lowerBound + width {
                add(next)
                next += 1
            }
            while let result = await group.next() {
                switch result {
                case .success(let (page, made)):
                    pages.append(page)
                    count += made
                    progress?(pages.count + 1, numbers.upperBound)
                    if next <= numbers.upperBound {
                        add(next)
                        next += 1
                    }
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
            }
            return .success((pages.sorted { $0.page.page < $1.page.page }, count))
        }
        let (pages, made) = try outcome.get()
        requests += made
        return pages
    }

    /// One request with retries; counts every attempt in `requests`.
    private func withRetry<T>(
        _ requests: inout Int, _ operation: () async throws(UpstreamFailure) -> T
    ) async throws(CatalogError) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            requests += 1
            do {
                return try await operation()
            } catch {
                switch retry.decide(after: error, attempt: attempt, elapsed: clock.now - start, jitter: jitter()) {
                case .giveUp:
                    throw error.catalogError
                case .retry(let delay):
                    logger.debug(
                        "Retrying upstream request",
                        metadata: ["sync.attempt": "\(attempt)", "sync.delay": "\(delay)", "sync.failure": "\(error)"])
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        throw CatalogError(.unavailable, "The sync was cancelled while waiting to retry.")
                    }
                }
            }
        }
    }

    /// The templates in page order when the pages agree; else what is wrong with them.
    static func check(_ pages: [TemplatePage]) -> Result<[Template], SnapshotProblem> {
        let totals = Set(pages.map(\.total))
        guard totals.count == 1, let total = totals.first else {
            return .failure(SnapshotProblem(description: "pages reported different totals \(totals.sorted())"))
        }
        var seen: Set<String> = []
        var duplicates: [String] = []
        var templates: [Template] = []
        for page in pages {
            for template in page.templates {
                if seen.insert(template.id).inserted {
                    templates.append(template)
                } else {
                    duplicates.append(template.id)
                }
            }
        }
        if !duplicates.isEmpty {
            return .failure(
                SnapshotProblem(
                    description: "IDs on two pages: \(duplicates.prefix(5).joined(separator: ", "))"
                        + (duplicates.count > 5 ? " and \(duplicates.count - 5) more" : "")))
        }
        guard templates.count == total else {
            return .failure(
                SnapshotProblem(description: "total \(total) but \(templates.count) templates on \(pages.count) pages"))
        }
        return .success(templates)
    }
}

/// What made a fetched snapshot inconsistent, for the error message.
struct SnapshotProblem: Error, CustomStringConvertible {
    var description: String
}
