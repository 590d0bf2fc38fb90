import Foundation
import GRDB
import Logging

/// Pulls the live catalog, diffs it against the local one and applies it atomically.
///
/// A sync never applies half a catalog: the whole snapshot is fetched and checked first
/// (`SnapshotFetcher`), then applied in one transaction, which a mass-removal guard may veto.
/// A failed sync records its run and changes nothing else.
///
/// ```swift
/// let upstream = try UpstreamConfiguration.resolve(baseURL: nil, apiKeyFile: nil, environment: ProcessInfo.processInfo.environment)
/// let result = try await SyncEngine(store: store, upstream: upstream).run()
/// print(result.summary)
/// ```
public struct SyncEngine: Sendable {
    /// The catalog to update.
    public var store: CatalogStore
    /// Where the catalog comes from.
    public var upstream: UpstreamConfiguration
    /// How to behave.
    public var options: SyncOptions
    /// Where diagnostics go.
    public var logger: Logger

    /// Creates an engine.
    public init(
        store: CatalogStore, upstream: UpstreamConfiguration, options: SyncOptions = SyncOptions(),
        logger: Logger = Logger(label: "vidu-catalog.sync")
    ) {
        self.store = store
        self.upstream = upstream
        self.options = options
        self.logger = logger
    }

    /// Runs one sync, holding the catalog's writer lock from the first request to the commit, and to
    /// the end of cover probing when asked for.
    public func run() async throws(CatalogError) -> SyncResult {
        let lock = try await SyncLock.acquire(catalog: store.path, wait: options.waitForLock)
        defer { withExtendedLifetime(lock) {} }
        let clock = ContinuousClock()
        let began = clock.now
        var result = try await apply(startedAt: Date(), began: began, clock: clock)
        if options.probeCovers && !options.dryRun {
            result.covers = await probeCovers()
            result.duration = clock.now - began
        }
        return result
    }

    /// Fetches, checks and applies; a failure is recorded as a failed run.
    private func apply(startedAt: Date, began: ContinuousClock.Instant, clock: ContinuousClock)
        async throws(CatalogError) -> SyncResult
    {
        do {
            if let id = options.templateID {
                return try await refresh(id: id, startedAt: startedAt, began: began, clock: clock)
            }
            let status = try store.guardFacts()
            let guardRemovals = !status.onlySample && !options.allowMassRemoval
            let limit = options.maxRemoval
            let update = try await fetchAndApply(startedAt: startedAt) { diff throws(CatalogError) in
                if guardRemovals { try Self.checkRemovals(diff, active: status.activeCount, limit: limit) }
            }
            let active =
                options.dryRun
                ? status.activeCount + update.diff.added.count + update.diff.revived.count - update.diff.removed.count
                : try store.guardFacts().activeCount
            var result = SyncResult(
                diff: update.diff, run: update.run, pages: update.summary.pages, requests: update.summary.requests,
                total: update.total, activeCount: active, duration: clock.now - began)
            result.notModified = update.summary.notModified
            logger.debug(
                "Sync applied",
                metadata: [
                    "sync.run": "\(update.run?.id ?? 0)", "sync.added": "\(update.diff.added.count)",
                    "sync.removed": "\(update.diff.removed.count)", "sync.changed": "\(update.diff.changed.count)",
                    "sync.pages": "\(update.summary.pages)", "sync.requests": "\(update.summary.requests)",
                    "sync.dry_run": "\(options.dryRun)",
                ])
            return result
        } catch {
            if !options.dryRun {
                do {
                    try store.recordFailure(
                        kind: .sync, source: upstream.baseURL, error: error.message, startedAt: startedAt)
                } catch let recording {
                    logger.warning("Could not record the failed run", metadata: ["sync.error": "\(recording.message)"])
                }
            }
            logger.debug("Sync failed", metadata: ["sync.error.code": "\(error.code)"])
            throw error
        }
    }

    /// Probes the assets of the templates that need it and stores what was found. Never throws: a
    /// failed probe is recorded on its template, and a failure to store is reported, not raised,
    /// since the catalog itself is already applied.
    private func probeCovers() async -> CoverProbeReport {
        var report = CoverProbeReport()
        let targets: [CatalogStore.CoverTarget]
        do {
            targets = try store.coverTargets()
        } catch {
            report.storeError = error.message
            return report
        }
        var assets: [CoverProber.Asset<Int64>] = []
        var ids: [Int64: String] = [:]
        for target in targets {
            let pending = target.assets
            ids[target.pk] = target.metadata.template.id
            assets += pending.map { CoverProber.Asset(key: target.pk, role: $0.role, url: $0.url) }
        }
        let prober = CoverProber(
            concurrency: options.coverConcurrency, connectTimeout: upstream.connectTimeout,
            requestTimeout: upstream.readTimeout, addressPolicy: options.coverAddresses, logger: logger)
        // Templates with nothing left to probe (no cover, no video) are still written, to mark them done.
        var found = Dictionary(uniqueKeysWithValues: targets.map { ($0.pk, [CoverProbe]()) })
        found.merge(await prober.probe(assets, progress: options.coverProgress)) { $1 }
        report.templates = targets.count
        report.probed = assets.count
        for (pk, probes) in found.sorted(by: { $0.key < $1.key }) {
            for probe in probes {
                guard let error = probe.error else { continue }
                report.failures.append(
                    .init(templateID: ids[pk] ?? "?", role: probe.role, url: probe.url, error: error))
            }
        }
        do {
            try store.recordCoverProbes(found)
        } catch {
            report.storeError = error.message
            logger.warning("Could not store the cover probes", metadata: ["sync.error": "\(error.message)"])
        }
        return report
    }

    /// `--template ID`: one template fetched and upserted; nothing can be removed.
    private func refresh(id: String, startedAt: Date, began: ContinuousClock.Instant, clock: ContinuousClock)
        async throws(CatalogError) -> SyncResult
    {
        let found: Result<Template?, CatalogError>
        do {
            found = try await CrunClient.with(upstream, logger: logger) { client in
                await Self.fetchOne(id, client: client, retry: options.retry)
            }
        } catch {
            throw CatalogError(.unavailable, "The HTTP client failed: \(error).")
        }
        guard let template = try found.get() else {
            throw CatalogError(.templateNotFound, "Crun does not list template \"\(id)\"; nothing changed.")
        }
        let snapshot = CatalogSnapshot(templates: [template])
        if options.dryRun {
            let diff = try store.diff(snapshot, removingMissing: false)
            return SyncResult(
                diff: diff, run: nil, pages: 1, requests: 1, total: 1,
                activeCount: try store.guardFacts().activeCount + diff.added.count + diff.revived.count,
                duration: clock.now - began)
        }
        let update = try store.apply(
            snapshot, removingMissing: false, kind: .sync, source: upstream.baseURL + " (template \(id))",
            now: startedAt)
        return SyncResult(
            diff: update.diff, run: update.run, pages: 1, requests: 1, total: 1,
            activeCount: try store.guardFacts().activeCount, duration: clock.now - began)
    }

    private static func fetchOne(_ id: String, client: CrunClient, retry: RetryPolicy) async -> Result<
        Template?, CatalogError
    > {
        do {
            return .success(
                try await retry.run { () async throws(UpstreamFailure) in try await client.template(id: id) })
        } catch {
            return .failure(error.failure.catalogError)
        }
    }

    /// Fetches the catalog into one write transaction (``CatalogStore/applyStream``); when the pages
    /// disagree (the catalog shifted during the fetch), rolls back and starts over, up to
    /// ``restarts`` times, then fails with the evidence of every attempt.
    private func fetchAndApply(
        startedAt: Date, approve: @escaping @Sendable (CatalogDiff) throws(CatalogError) -> Void
    ) async throws(CatalogError) -> CatalogStore.StreamedUpdate {
        // Revalidated only while the catalog is as the last sync left it; see CachedResponse.
        let cache = (try? store.conditionalCache()) ?? [:]
        var evidence: [String] = []
        let requests = RequestCounter()
        for attempt in 0...Self.restarts {
            do {
                return try await CrunClient.with(upstream, logger: logger) { client in
                    let fetcher = SnapshotFetcher(
                        client: client, retry: options.retry, cache: attempt == 0 ? cache : [:],
                        progress: options.progress, logger: logger, requests: requests)
                    return try await store.applyStream(
                        kind: .sync, source: upstream.baseURL, now: startedAt, pageSize: upstream.pageSize,
                        dryRun: options.dryRun, approve: approve, fetch: fetcher.fetch(into:))
                }
            } catch let problem as SnapshotProblem {
                evidence.append("attempt \(attempt + 1): \(problem)")
                logger.debug("Snapshot shifted during fetch", metadata: ["sync.problem": "\(problem)"])
            } catch let error as CatalogError {
                throw error
            } catch let error as DatabaseError {
                throw CatalogStore.databaseError(error, path: store.path)
            } catch {
                throw CatalogError(.unavailable, "The HTTP client failed: \(error).")
            }
        }
        throw CatalogError(
            .inconsistentSnapshot,
            "The upstream catalog kept changing while it was fetched, so nothing was applied; "
                + evidence.joined(separator: "; ") + ".")
    }

    /// Fetches started over when the pages disagree, after the first.
    static let restarts = 3

    /// The guard: refuses to remove more than `limit` of the active templates, or all of them.
    static func checkRemovals(_ diff: CatalogDiff, active: Int, limit: Double) throws(CatalogError) {
        let removed = diff.removed.count
        guard active > 0, removed > 0 else { return }
        let kept = active - removed + diff.added.count + diff.revived.count
        if kept == 0 {
            throw CatalogError(
                .massRemoval,
                "The upstream returned an empty catalog while \(active) templates are active; nothing was applied. "
                    + "Run again with --allow-mass-removal if the catalog really is empty.")
        }
        let share = Double(removed) / Double(active)
        if share > limit {
            throw CatalogError(
                .massRemoval,
                "This sync would remove \(removed) of \(active) active templates (\(Int((share * 100).rounded()))%), "
                    + "more than the \(Int((limit * 100).rounded()))% allowed by --max-removal; nothing was applied. "
                    + "Run again with --allow-mass-removal if this is expected.")
        }
    }
}
