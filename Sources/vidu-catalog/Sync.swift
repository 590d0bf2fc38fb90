import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ViduCatalog

extension ViduCatalogCommand {
    /// `vidu-catalog sync`: pull the live catalog and apply it.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pull the template list from Crun, diff it against the catalog and apply it atomically.",
            discussion: """
                The API key comes from --api-key-file, else $CRUN_API_KEY; it is sent as x-api-key and never \
                printed, logged or stored. The base URL comes from --base-url, else $CRUN_BASE_URL, else \
                https://api.crun.ai. Nothing is applied unless the whole catalog was fetched consistently, and \
                not when it would remove more than --max-removal of the active templates.

                One sync writes a catalog at a time (the lock covers the fetch too); readers are never blocked.

                Exit codes: 0 applied (or nothing to apply); 1 --template names a template Crun does not list; \
                65 the upstream catalog kept changing during the fetch; 69 upstream unavailable; 75 still rate \
                limited, refused by the removal guard, or another sync holds the catalog; 77 the API key was \
                refused (401) or the account has no credits (402).
                """)

        @OptionGroup var catalog: CatalogOptions
        @Option(name: .customLong("base-url"), help: ArgumentHelp("The upstream base URL.", valueName: "url"))
        var baseURL: String?
        @Option(
            name: .customLong("api-key-file"), help: ArgumentHelp("Read the API key from this file.", valueName: "path")
        )
        var apiKeyFile: String?
        @Flag(name: .customLong("dry-run"), help: "Fetch and diff, print, change nothing.")
        var dryRun = false
        @Option(help: ArgumentHelp("Refresh only this template (nothing is removed).", valueName: "id"))
        var template: String?
        @Flag(help: "Wait for another sync of this catalog to finish instead of exiting 75.")
        var wait = false
        @Option(
            help: ArgumentHelp("Retries per request after the first attempt, 0 to 20.", valueName: "count"),
            transform: OptionValue.integer(in: 0...20))
        var retries = 5
        @Option(
            name: .customLong("max-removal"),
            help: ArgumentHelp(
                "The largest share of active templates one sync may remove, e.g. 25%.", valueName: "percent"),
            transform: OptionValue.share)
        var maxRemoval = OptionValue.Share(fraction: 0.25)
        @Flag(
            name: .customLong("allow-mass-removal"), help: "Apply even when more than --max-removal would be removed.")
        var allowMassRemoval = false
        @Option(
            name: .customLong("page-size"), help: ArgumentHelp("Templates per page, 1 to 50.", valueName: "count"),
            transform: OptionValue.integer(in: 1...UpstreamConfiguration.maxPageSize))
        var pageSize = 50
        @Option(
            help: ArgumentHelp("Pages fetched at once, 1 to 16.", valueName: "count"),
            transform: OptionValue.integer(in: 1...16))
        var concurrency = 4
        @Option(
            name: .customLong("connect-timeout"),
            help: ArgumentHelp("Seconds to wait for a connection, 0.1 to 300.", valueName: "seconds"),
            transform: OptionValue.seconds(in: 0.1...300))
        var connectTimeout: Duration = .seconds(10)
        @Option(
            name: .customLong("read-timeout"),
            help: ArgumentHelp("Seconds to wait for one response, 0.1 to 3600.", valueName: "seconds"),
            transform: OptionValue.seconds(in: 0.1...3600))
        var readTimeout: Duration = .seconds(30)
        @Flag(
            help: """
                After applying, probe the cover image and video of new or changed templates (and of those \
                whose last probe failed): content type, size, ETag and pixel size, shown by `show`.
                """)
        var covers = false
        @Option(
            name: .customLong("cover-concurrency"),
            help: ArgumentHelp("With --covers: asset probes in flight at once, 1 to 64.", valueName: "count"),
            transform: OptionValue.integer(in: 1...64))
        var coverConcurrency = 8
        @Flag(
            name: .customLong("covers-allow-private"),
            help: """
                With --covers: also probe assets on loopback, private, link-local (metadata) and other \
                non-public addresses, which are refused by default.
                """)
        var coversAllowPrivate = false
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text
        @Option(
            help: ArgumentHelp(
                "Sync again and again at this interval (90s, 15m, 1h; at most 30d) until SIGINT or SIGTERM.",
                valueName: "interval"),
            transform: OptionValue.interval(upTo: .seconds(30 * 86400)))
        var every: Duration?
        @Option(
            help: ArgumentHelp(
                "With --every: vary each wait by up to this share of the interval.", valueName: "percent"),
            transform: OptionValue.share)
        var jitter = OptionValue.Share(fraction: 0.1)
        @Option(
            name: .customLong("on-change"),
            help: ArgumentHelp(
                "After a sync that changed something, run this shell command with the change event as JSON on stdin.",
                valueName: "command"))
        var onChange: String?
        @Option(
            name: .customLong("on-change-timeout"),
            help: ArgumentHelp(
                "Stop the --on-change command after this many seconds (1 to 3600).", valueName: "seconds"),
            transform: OptionValue.seconds(in: 1...3600))
        var onChangeTimeout: Duration = .seconds(60)

        func run() async throws {
            try await Console.run {
                var upstream = try UpstreamConfiguration.resolve(
                    baseURL: baseURL, apiKeyFile: apiKeyFile, environment: ProcessInfo.processInfo.environment)
                upstream.pageSize = pageSize
                upstream.concurrency = concurrency
                upstream.connectTimeout = connectTimeout
                upstream.readTimeout = readTimeout
                var options = SyncOptions()
                options.dryRun = dryRun
                options.maxRemoval = maxRemoval.fraction
                options.allowMassRemoval = allowMassRemoval
                options.retry.maxRetries = retries
                options.templateID = template
                options.waitForLock = wait
                options.probeCovers = covers
                options.coverConcurrency = coverConcurrency
                options.coverAddresses = AddressPolicy(allowPrivate: coversAllowPrivate)
                if Console.stderrIsTerminal && every == nil {
                    options.progress = Console.progressBar(label: "Fetching pages")
                    if covers { options.coverProgress = Console.progressBar(label: "Probing covers") }
                }
                // A sync never seeds the bundled sample: it opens (or creates) the catalog as it is.
                let store = try CatalogStore(path: catalog.path)
                let engine = SyncEngine(store: store, upstream: upstream, options: options)
                let hook = onChange.map { ChangeHook(command: $0, timeout: onChangeTimeout) }
                if let every {
                    try await runPeriodically(engine, every: every, hook: hook)
                    return
                }
                let result = try await engine.run()
                if options.progress != nil || options.coverProgress != nil { Console.clearProgress() }
                if let hook { await Self.runHook(hook, after: result, store: store) }
                switch format {
                case .text:
                    Console.print((dryRun ? "Dry run, nothing applied: " : "") + result.summary)
                case .json:
                    Console.write(JSONWriter(pretty: true).data(SyncReport.json(result, dryRun: dryRun)) + [0x0A])
                }
            }
        }
    }
}

extension ViduCatalogCommand.Sync {
    /// `--every`: the sync as a service, stopped cleanly by SIGINT or SIGTERM (exit 0).
    func runPeriodically(_ engine: SyncEngine, every interval: Duration, hook: ChangeHook?) async throws {
        var logger = Logger(label: "vidu-catalog.sync")
        // One line per run is the point of a long-running sync: at least `info`, unless LOG_LEVEL says otherwise.
        if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { logger.logLevel = .info }
        let schedule = SyncSchedule(interval: interval, jitter: jitter.fraction)
        let store = engine.store
        let service = SyncService(engine: engine, schedule: schedule, logger: logger) { outcome in
            if let hook, case .success(let result) = outcome { await Self.runHook(hook, after: result, store: store) }
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as CatalogError {
            throw error
        } catch let error as ServiceGroupError {
            throw CatalogError(.unavailable, "The periodic sync stopped: \(error).")
        }
    }
}

extension ViduCatalogCommand.Sync {
    /// `--on-change`: after an applied run, its `catalog.changed` event to the command; what the command
    /// did is recorded with the run, and a failure is said on stderr (the sync stands, and exits 0).
    static func runHook(_ hook: ChangeHook, after result: SyncResult, store: CatalogStore) async {
        guard let run = result.run, run.status == .applied else { return }
        do throws(CatalogError) {
            guard let event = try store.events(ofRun: run.id).first(where: { $0.kind == .catalogChanged }) else {
                return
            }
            let outcome = await hook.run(
                event: event, catalogPath: store.path, environment: ProcessInfo.processInfo.environment)
            try store.recordHookOutcome(runID: run.id, outcome)
            if let error = outcome.error {
                Console.note("warning: run #\(run.id) was applied; \(error.prefix(1).lowercased() + error.dropFirst())")
            }
        } catch {
            Console.note("warning: run #\(run.id) was applied; its on-change command's outcome: \(error.message)")
        }
    }
}

/// `sync --format json`.
enum SyncReport {
    static func json(_ result: SyncResult, dryRun: Bool) -> JSONValue {
        [
            "run": result.run.map { .int($0.id) } ?? .null,
            "dry_run": .bool(dryRun),
            "pages": .int(Int64(result.pages)),
            "requests": .int(Int64(result.requests)),
            "total": .int(Int64(result.total)),
            "active": .int(Int64(result.activeCount)),
            "catalog_hash": result.run?.catalogHash.map(JSONValue.string) ?? .null,
            "added": .array(result.diff.added.map(JSONValue.string)),
            "removed": .array(result.diff.removed.map(JSONValue.string)),
            "changed": .array(
                result.diff.changes.filter { $0.kind == .changed || $0.kind == .revived }.map(HistoryReport.json)),
            "unchanged": .int(Int64(result.diff.unchanged)),
            "covers": result.covers?.json ?? .null,
            "summary": .string(result.summary),
        ]
    }
}
