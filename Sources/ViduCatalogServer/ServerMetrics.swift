import Foundation
import Metrics
import Prometheus
import Synchronization
import ViduCatalog

/// What `serve` counts, through swift-metrics into its own Prometheus registry (no global
/// bootstrap, so several servers in one process, as in tests, keep their counts apart):
/// requests by route and status, validations by verdict, sync runs and failures, and at each
/// scrape the active templates and the catalog's age.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: Metrics.Counter]>([:])
    /// Request counters by route index and status, looked up without building a key string.
    private let requestCounters = Mutex<[Int: Metrics.Counter]>([:])

    /// Creates the counters, in a registry of their own that `/metrics` renders.
    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// One answered request; `route` indexes `metricsRoutes` (bounded label values).
    func request(route: Int, status: Int) {
        let key = route << 16 | status
        let counter = requestCounters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Metrics.Counter(
                label: "vidu_catalog_http_requests_total",
                dimensions: [("route", metricsRoutes[route]), ("status", String(status))],
                factory: factory)
            cache[key] = counter
            return counter
        }
        counter.increment()
    }

    /// One validation, by verdict.
    func validation(_ verdict: ValidationReport.Verdict) {
        counter("vidu_catalog_validations_total", [("verdict", verdict.rawValue)]).increment()
    }

    /// One in-process sync run.
    func syncRun(succeeded: Bool) {
        counter("vidu_catalog_sync_runs_total", [("outcome", succeeded ? "success" : "failure")]).increment()
        if !succeeded { counter("vidu_catalog_sync_failures_total", []).increment() }
    }

    /// The Prometheus text exposition, the catalog's gauges set first.
    func exposition(for catalog: ServedCatalog, now: Date = Date()) -> [UInt8] {
        Metrics.Gauge(label: "vidu_catalog_active_templates", dimensions: [], factory: factory)
            .record(catalog.count)
        let age = catalog.context.loadedAt.map { now.timeIntervalSince($0) } ?? -1
        Metrics.Gauge(label: "vidu_catalog_catalog_age_seconds", dimensions: [], factory: factory).record(age)
        var output: [UInt8] = []
        registry.emit(into: &output)
        return output
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        return counters.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
            cache[key] = counter
            return counter
        }
    }
}
