import Hummingbird

/// Counts every answer by route pattern and status (unknown paths share one label, so a scan of
/// random URLs cannot grow the metrics without bound).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let response = try await next(request, context)
        metrics.request(route: Self.route(request.uri.path), status: Int(response.status.code))
        return response
    }

    static func route(_ path: String) -> Int {
        switch path {
        case "/api/v1/client/job/vidu-templates": 0
        case "/v1/validate": 1
        case "/v1/templates": 2
        case _ where path.hasPrefix("/v1/templates/"): 3
        case "/healthz": 4
        case "/metrics": 5
        default: 6
        }
    }
}

/// The route patterns `/metrics` labels requests with, by index (a request is counted by index,
/// not by a built string).
let metricsRoutes = [
    "/api/v1/client/job/vidu-templates", "/v1/validate", "/v1/templates", "/v1/templates/{id}", "/healthz",
    "/metrics", "other",
]
