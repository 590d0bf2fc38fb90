import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ViduCatalog

/// `vidu-catalog serve`: Crun's template list from the local catalog, request validation and the
/// query library over HTTP, for a fleet of app servers.
///
/// ```swift
/// let state = ServedCatalogState(try ServedCatalog.load(from: store))
/// let app = CatalogServer(store: store, state: state, configuration: .init()).application()
/// try await app.runService()
/// ```
public struct CatalogServer: Sendable {
    /// What the server listens on and how it answers.
    public struct Configuration: Sendable {
        /// The address to bind: loopback unless told otherwise.
        public var host = "127.0.0.1"
        /// The port to listen on; 0 picks a free one.
        public var port = 8080
        /// `$VIDU_CATALOG_SERVE_KEY`: when set, every request must carry it as `x-api-key`.
        public var serveKey: String?
        /// `/healthz` answers 503 when the catalog is older than this.
        public var maxAge: Duration = .seconds(24 * 3600)
        /// A connection that sends nothing for this long is closed, and so is one still sending its
        /// request head after this long: nothing is decoded until the head is whole, so a client
        /// dribbling headers (slowloris) is idle to the server.
        public var idleTimeout: Duration = .seconds(30)
        /// The whole of a request body must arrive within this long (else `408`): a body dribbled a
        /// byte at a time never goes idle, so the idle timeout alone would not end it.
        public var bodyTimeout: Duration = .seconds(30)
        /// The most request body bytes held at once across all requests (see `BodyBudget`): with
        /// 256 MB, a dozen bodies of 20 MB are read at once and the next gets 503.
        public var bodyBytesInFlight = 256 * 1024 * 1024
        /// The browser pages (gallery, template pages, catalog page); `serve --no-ui` turns them off.
        public var ui = true

        /// Creates a configuration.
        public init(host: String = "127.0.0.1", port: Int = 8080, serveKey: String? = nil) {
            self.host = host
            self.port = port
            self.serveKey = serveKey
        }
    }

    /// The catalog file read for queries and single templates.
    public let store: CatalogStore
    /// The catalog being served, swapped whole after a sync.
    public let state: ServedCatalogState
    /// Where and how it listens.
    public let configuration: Configuration
    /// The counters `/metrics` exposes.
    public let metrics: ServerMetrics
    /// Where request and sync logs go.
    public var logger: Logger

    /// Creates a server over a store and the catalog it serves.
    public init(
        store: CatalogStore, state: ServedCatalogState, configuration: Configuration,
        metrics: ServerMetrics = ServerMetrics(), logger: Logger = Logger(label: "vidu-catalog.serve")
    ) {
        self.store = store
        self.state = state
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// After an in-process sync (`--sync-every`): records it (for `/healthz` and `/metrics`) and,
    /// when it changed the catalog, serves the new one, swapped whole.
    public func syncCompleted(_ outcome: Result<SyncResult, CatalogError>, options: RequestValidator.Options) {
        switch outcome {
        case .success(let result):
            state.record(.init(finishedAt: Date(), succeeded: true, summary: result.summary))
            metrics.syncRun(succeeded: true)
            guard result.run?.status == .applied else { return }
            do {
                state.replace(with: try ServedCatalog.load(from: store, options: options))
            } catch {
                logger.error("Could not load the synced catalog", metadata: ["serve.error": "\(error.message)"])
            }
        case .failure(let error):
            state.record(.init(finishedAt: Date(), succeeded: false, summary: error.message))
            metrics.syncRun(succeeded: false)
        }
    }

    /// The routes, for an application or for HummingbirdTesting.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        let allowed = AllowedMethods()
        router.add(middleware: ErrorEnvelopeMiddleware(allowed: allowed))
        let session = configuration.serveKey.flatMap { $0.isEmpty ? nil : GallerySession(key: Array($0.utf8)) }
        if let key = configuration.serveKey, !key.isEmpty {
            router.add(
                middleware: ServeKeyMiddleware(key: Array(key.utf8), session: configuration.ui ? session : nil))
        }
        let routes = Routes(
            store: store, state: state, metrics: metrics, maxAge: configuration.maxAge,
            bodyTimeout: configuration.bodyTimeout, bodyBudget: BodyBudget(capacity: configuration.bodyBytesInFlight))
        router.get("/api/v1/client/job/vidu-templates") { request, _ in await routes.list(request) }
        router.post("/v1/validate") { request, _ in try await routes.validate(request) }
        router.get("/v1/templates") { request, _ in await routes.templates(request) }
        router.get("/v1/templates/:id") { _, context in await routes.template(context.parameters.get("id") ?? "") }
        router.get("/healthz") { _, _ in routes.health() }
        router.get("/metrics") { _, _ in routes.metricsText() }
        router.get("/openapi.json") { _, _ in Envelope.json(OpenAPIDocument.buffer) }
        let feeds = ChangeFeedRoutes(store: store)
        router.get("/v1/changes") { request, _ in await feeds.changes(request) }
        router.get("/v1/changes.atom") { request, _ in await feeds.atom(request) }
        router.get("/v1/runs/:id/changes") { request, context in
            await feeds.runChanges(context.parameters.get("id") ?? "", request)
        }
        if configuration.ui {
            let gallery = GalleryRoutes(store: store, state: state, maxAge: configuration.maxAge)
            router.get("/") { request, _ in await gallery.gallery(request) }
            router.get("/templates/:id") { _, context in await gallery.template(context.parameters.get("id") ?? "") }
            router.get("/catalog") { _, _ in await gallery.catalog() }
            router.get("/assets/:name") { request, context in
                GalleryRoutes.asset(context.parameters.get("name") ?? "", ifNoneMatch: request.headers[.ifNoneMatch])
            }
            if let session {
                router.get("/login") { request, _ in
                    GallerySession.form(next: request.uri.queryParameters.get("next"), failed: false)
                }
                router.post("/login") { request, _ in await session.signIn(request) }
            }
        }
        allowed.set(router.routes)
        return router
    }

    /// The server, ready to run as a service (it stops on graceful shutdown, draining requests).
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        // Header limits below Hummingbird's 80 KB: the longest request this server takes (a template ID
        // of 1,024 characters, percent-encoded) fits in 16 KB.
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(
            maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100)
        return Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    idleTimeout: .nanoseconds(configuration.idleTimeout.saturatingNanoseconds),
                    httpDecoderConfiguration: decoder)),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "vidu-catalog"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
