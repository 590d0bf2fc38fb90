import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ViduCatalog
import ViduCatalogServer

extension ViduCatalogCommand {
    /// `vidu-catalog serve`: the catalog and validation over HTTP.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Serve Crun's template list from the local catalog, request validation and template queries over HTTP.",
            discussion: """
                GET /api/v1/client/job/vidu-templates answers like Crun (page, page_size, template; ETag and \
                304), so another vidu-catalog (or any Crun client) syncs from it with --base-url. \
                POST /v1/validate checks a CreateTask body (200 valid, 422 not, 400 not JSON, 413 over 20 MB). \
                GET /v1/templates takes the list command's filters as query parameters; GET /v1/templates/ID \
                one template; GET /healthz the catalog's age (503 when older than --max-age).

                In a browser, / is the template gallery (filters, template pages with a request builder,                 /catalog); --no-ui turns the pages off.

                Binds loopback unless --host says otherwise. When $VIDU_CATALOG_SERVE_KEY is set, every request \
                must carry it as x-api-key (a browser signs in once on /login and keeps a cookie). With --sync-every the periodic sync runs in this process (upstream \
                from --base-url, $CRUN_BASE_URL; key from --api-key-file, $CRUN_API_KEY) and each applied sync \
                is served at once. SIGINT or SIGTERM drains the requests in flight and exits 0.
                """)

        @OptionGroup var catalog: CatalogOptions
        @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
        var host = "127.0.0.1"
        @Option(
            help: ArgumentHelp(
                "The port to listen on, 0 to 65535 (0: any free port, printed on stderr).", valueName: "port"),
            transform: OptionValue.integer(in: 0...65535))
        var port = 8080
        @Option(
            name: .customLong("sync-every"),
            help: ArgumentHelp(
                "Sync from the upstream at this interval (15m, 1h; at most 30d).", valueName: "interval"),
            transform: OptionValue.interval(upTo: .seconds(30 * 86400)))
        var syncEvery: Duration?
        @Option(name: .customLong("base-url"), help: ArgumentHelp("With --sync-every: the upstream.", valueName: "url"))
        var baseURL: String?
        @Option(
            name: .customLong("api-key-file"),
            help: ArgumentHelp("With --sync-every: read the upstream API key from this file.", valueName: "path"))
        var apiKeyFile: String?
        @Option(
            name: .customLong("max-age"),
            help: ArgumentHelp(
                "/healthz fails, and validation warns, past this catalog age (at most 3650d).", valueName: "age"),
            transform: OptionValue.interval(upTo: .seconds(3650 * 86400)))
        var maxAge: Duration = .seconds(24 * 3600)
        @Flag(name: .customLong("no-ui"), help: "Serve the API only: no gallery, template or catalog pages.")
        var noUI = false

        func run() async throws {
            try await Console.run {
                let store = try catalog.openForReading()
                let validation = RequestValidator.Options(maxAge: maxAge)
                let state = ServedCatalogState(try ServedCatalog.load(from: store, options: validation))
                var configuration = CatalogServer.Configuration(host: host, port: port)
                configuration.serveKey = ProcessInfo.processInfo.environment["VIDU_CATALOG_SERVE_KEY"]
                configuration.maxAge = maxAge
                configuration.ui = !noUI
                var logger = Logger(label: "vidu-catalog.serve")
                if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { logger.logLevel = .info }
                let server = CatalogServer(store: store, state: state, configuration: configuration, logger: logger)
                let application = server.application { port in
                    Console.note(
                        "serving \(store.path) on http://\(host):\(port)"
                            + (noUI ? "" : " (open it in a browser for the template gallery)"))
                }
                var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: application)]
                if let syncEvery {
                    let upstream = try UpstreamConfiguration.resolve(
                        baseURL: baseURL, apiKeyFile: apiKeyFile, environment: ProcessInfo.processInfo.environment)
                    let engine = SyncEngine(store: store, upstream: upstream)
                    let sync = SyncService(
                        engine: engine, schedule: SyncSchedule(interval: syncEvery, jitter: 0.1),
                        logger: logger
                    ) { outcome in
                        server.syncCompleted(outcome, options: validation)
                    }
                    services.append(.init(service: sync))
                }
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                do {
                    try await group.run()
                } catch let error as CatalogError {
                    throw error
                } catch {
                    throw CatalogError(.io, "The server stopped: \(error).")
                }
            }
        }
    }
}
