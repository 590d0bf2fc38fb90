import Hummingbird

/// When `$VIDU_CATALOG_SERVE_KEY` is set, every request must carry it as `x-api-key`; compared in
/// constant time, so the time of a refusal says nothing about how much of a guess was right.
struct ServeKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let key: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let given = request.headers.first { $0.name.canonicalName == "x-api-key" }.map { Array($0.value.utf8) } ?? []
        guard Self.constantTimeEqual(given, key) else {
            return Envelope.response(
                .unauthorized, message: "Missing or wrong x-api-key: this server requires its serve key.")
        }
        return try await next(request, context)
    }

    /// Equal bytes, in time that depends only on the lengths. The lengths are compared at full width:
    /// folding them into a byte would let a guess 256 bytes longer than the key, padded with zeros,
    /// compare equal.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0 && a.count == b.count
    }
}
