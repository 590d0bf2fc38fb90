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

    static func route(_ path: String) -> String {
        switch path {
        case "/api/v1/client/job/vidu-templates", "/v1/validate", "/v1/templates", "/healthz", "/metrics": path
        case _ where path.hasPrefix("/v1/templates/"): "/v1/templates/{id}"
        default: "other"
        }
    }
}
