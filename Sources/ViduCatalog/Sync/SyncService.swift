import Logging
import ServiceLifecycle

/// The periodic sync as a swift-service-lifecycle `Service`: syncs, sleeps, syncs again, until a
/// graceful shutdown (SIGINT, SIGTERM) ends the sleep.
///
/// A shutdown never interrupts a sync: the running one finishes (its transaction commits or rolls
/// back whole) and the loop then returns. A failed sync is logged and retried sooner, backing off;
/// only a refused key or missing credits (`CatalogError/Code/unauthorized`) end the loop, by throwing.
///
/// ```swift
/// let service = SyncService(engine: engine, schedule: SyncSchedule(interval: .seconds(900)))
/// try await ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger).run()
/// ```
public struct SyncService: Service {
    /// The sync to repeat.
    public var engine: SyncEngine
    /// When to repeat it.
    public var schedule: SyncSchedule
    /// One line per run goes here, at `info`.
    public var logger: Logger
    /// Called after every run with its outcome (tests count runs with it).
    public var onRun: @Sendable (Result<SyncResult, CatalogError>) async -> Void

    /// Creates a service.
    public init(
        engine: SyncEngine, schedule: SyncSchedule, logger: Logger = Logger(label: "vidu-catalog.sync"),
        onRun: @escaping @Sendable (Result<SyncResult, CatalogError>) async -> Void = { _ in }
    ) {
        self.engine = engine
        self.schedule = schedule
        self.logger = logger
        self.onRun = onRun
    }

    /// Syncs on the schedule until graceful shutdown; a running sync is never interrupted, only the wait.
    public func run() async throws {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let outcome: Result<SyncResult, CatalogError>
            do {
                outcome = .success(try await engine.run())
            } catch {
                outcome = .failure(error)
            }
            await onRun(outcome)
            switch outcome {
            case .success(let result):
                failures = 0
                logger.info(
                    "Sync run",
                    metadata: [
                        "sync.summary": "\(result.summary)", "sync.run": "\(result.run.map { "\($0.id)" } ?? "none")",
                    ])
            case .failure(let error):
                failures += 1
                logger.warning(
                    "Sync run failed", metadata: ["sync.error.code": "\(error.code)", "sync.error": "\(error.message)"])
                if error.code == .unauthorized { throw error }
            }
            let delay = schedule.delay(consecutiveFailures: failures, random: Double.random(in: 0...1))
            // Only the sleep is cancelled by a shutdown, never a sync.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        }
    }
}
