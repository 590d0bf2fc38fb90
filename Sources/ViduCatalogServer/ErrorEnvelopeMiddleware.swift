import Hummingbird

/// Turns every HTTP error (unknown route, wrong method, a body too large) into Crun's envelope with
/// the same status, so a client never has to parse two shapes.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: AllowedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError where error.status == .notFound {
            // A known path asked with a method it does not answer: 405 with the methods it does.
            guard let methods = allowed.methods(for: request.uri.path) else {
                return Envelope.response(.notFound, message: "No route \(request.method.rawValue) \(request.uri.path).")
            }
            var headers = HTTPFields()
            headers[.allow] = methods.joined(separator: ", ")
            return Envelope.response(
                .methodNotAllowed,
                message:
                    "\(request.method.rawValue) is not allowed on \(request.uri.path); it answers \(methods.joined(separator: ", ")).",
                headers: headers)
        } catch let error as HTTPResponseError {
            let status = error.status
            let message: String
            switch status {
            case .notFound: message = "No route \(request.method.rawValue) \(request.uri.path)."
            case .methodNotAllowed: message = "\(request.method.rawValue) is not allowed on \(request.uri.path)."
            case .contentTooLarge: message = "The body is over 20 MB."
            default: message = status.reasonPhrase
            }
            return Envelope.response(status, message: message)
        }
    }
}
