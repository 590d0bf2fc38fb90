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
        @Option(help: ArgumentHelp("Retries per request after the first attempt.", valueName: "count"))
        var retries = 5
        @Option(
            name: .customLong("max-removal"),
            help: ArgumentHelp(
                "The largest share of active templates one sync may remove, e.g. 25%.", valueName: "percent"))
        var maxRemoval = "25%"
        @Flag(
            name: .customLong("allow-mass-removal"), help: "Apply even when more than --max-removal would be removed.")
        var allowMassRemoval = false
        @Option(name: .customLong("page-size"), help: ArgumentHelp("Templates per page, 1 to 50.", valueName: "count"))
        var pageSize = 50
        @Option(help: ArgumentHelp("Pages fetched at once.", valueName: "count"))
        var concurrency = 4
        @Option(
            name: .customLong("connect-timeout"),
            help: ArgumentHelp("Seconds to wait for a connection.", valueName: "seconds"))
        var connectTimeout = 10.0
        @Option(
            name: .customLong("read-timeout"),
            help: ArgumentHelp("Seconds to wait for one response.", valueName: "seconds"))
        var readTimeout = 30.0
        @Flag(
            help: """
                After applying, probe the cover image and video of new or changed templates (and of those \
                whose last probe failed): content type, size, ETag and pixel size, shown by `show`.
                """)
        var covers = false
        @Option(
            name: .customLong("cover-concurrency"),
            help: ArgumentHelp("With --covers: asset probes in flight at once.", valueName: "count"))
        var coverConcurrency = 8
        @Option(help: ArgumentHelp("The output format: text or json.", valueName: "format"))
        var format: DetailFormat = .text
        @Option(
            help: ArgumentHelp(
                "Sync again and again at this interval (90s, 15m, 1h) until SIGINT or SIGTERM.", valueName: "interval"))
        var every: IntervalArgument?
        @Option(
            help: ArgumentHelp(
                "With --every: vary each wait by up to this share of the interval.", valueName: "percent"))
        var jitter = "10%"

        func validate() throws {
            if let every, every.duration < .seconds(1) {
                throw ValidationError("--every must be at least 1 second.")
            }
            guard Self.share(jitter).map({ $0 <= 1 }) == true else {
                throw ValidationError("--jitter takes a percentage from 0% to 100%, such as 10%, not '\(jitter)'.")
            }
            guard (0...20).contains(retries) else {
                throw ValidationError("--retries must be 0 to 20, not \(retries).")
            }
            guard (1...UpstreamConfiguration.maxPageSize).contains(pageSize) else {
                throw ValidationError("--page-size must be 1 to \(UpstreamConfiguration.maxPageSize), not \(pageSize).")
            }
            guard (1...16).contains(concurrency) else {
                throw ValidationError("--concurrency must be 1 to 16, not \(concurrency).")
            }
            guard (1...64).contains(coverConcurrency) else {
                throw ValidationError("--cover-concurrency must be 1 to 64, not \(coverConcurrency).")
            }
            guard connectTimeout > 0, readTimeout > 0 else {
                throw ValidationError("--connect-timeout and --read-timeout must be more than 0 seconds.")
            }
            guard removalShare != nil else {
                throw ValidationError(
                    "--max-removal takes a percentage from 0% to 100%, such as 25%, not '\(maxRemoval)'.")
            }
        }

        /// "25%" or "25" → 0.25.
        var removalShare: Double? { Self.share(maxRemoval) }

        static func share(_ text: String) -> Double? {
            let number = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard let percent = Double(number), (0...100).contains(percent) else { return nil }
            return percent / 100
        }

        func run() async throws {
            try await Console.run {
                var upstream = try UpstreamConfiguration.resolve(
                    baseURL: baseURL, apiKeyFile: apiKeyFile, environment: ProcessInfo.processInfo.environment)
                upstream.pageSize = pageSize
                upstream.concurrency = concurrency
                upstream.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
                upstream.readTimeout = .milliseconds(Int64(readTimeout * 1000))
                var options = SyncOptions()
                options.dryRun = dryRun
                options.maxRemoval = removalShare ?? 0.25
                options.allowMassRemoval = allowMassRemoval
                options.retry.maxRetries = retries
                options.templateID = template
                options.waitForLock = wait
                options.probeCovers = covers
                options.coverConcurrency = coverConcurrency
                if Console.stderrIsTerminal && every == nil {
                    options.progress = Console.progressBar(label: "Fetching pages")
                    if covers { options.coverProgress = Console.progressBar(label: "Probing covers") }
                }
                // A sync never seeds the bundled sample: it opens (or creates) the catalog as it is.
                let store = try CatalogStore(path: catalog.path)
                let engine = SyncEngine(store: store, upstream: upstream, options: options)
                if let every {
                    try await runPeriodically(engine, every: every.duration)
                    return
                }
                let result = try await engine.run()
                if options.progress != nil || options.coverProgress != nil { Console.clearProgress() }
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
    func runPeriodically(_ engine: SyncEngine, every interval: Duration) async throws {
        var logger = Logger(label: "vidu-catalog.sync")
        // One line per run is the point of a long-running sync: at least `info`, unless LOG_LEVEL says otherwise.
        if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { logger.logLevel = .info }
        let schedule = SyncSchedule(interval: interval, jitter: Self.share(jitter) ?? 0.1)
        let service = SyncService(engine: engine, schedule: schedule, logger: logger)
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

/// `--every 15m`: seconds (`90s` or `90`), minutes (`15m`), hours (`1h`), or combinations (`1h30m`).
struct IntervalArgument: ExpressibleByArgument {
    var duration: Duration

    init?(argument: String) {
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        for character in argument.lowercased() {
            if character.isNumber {
                number.append(character)
                continue
            }
            guard let value = Int64(number) else { return nil }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        if !number.isEmpty {
            guard let value = Int64(number), !sawUnit else { return nil }
            total += value
        }
        guard total > 0 else { return nil }
        duration = .seconds(total)
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
