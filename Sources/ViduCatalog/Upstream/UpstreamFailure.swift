/// Why one request to the upstream failed, in the detail the retry policy needs.
///
/// It becomes a ``CatalogError`` at the library's edge (``catalogError``).
public enum UpstreamFailure: Error, Sendable, Hashable {
    /// The upstream answered with an error code (from the body's `code`, else the HTTP status).
    case status(code: Int, message: String?, retryAfter: Duration?)
    /// No answer: connection refused or reset, a timeout, DNS.
    case network(String)
    /// An answer that is not a template list: not JSON, truncated, the wrong shape.
    case malformed(String)
    /// A template list that cannot be true (a `total` past ``UpstreamConfiguration/maxTotal``, a page
    /// short of `total` before the last): asking again would not help.
    case implausible(String)
    /// A redirect (`location` is its target's origin only), never followed: it would carry the key away.
    case redirected(status: Int, location: String)

    /// Whether trying again may succeed: rate limits, maintenance, server errors, network faults, bad bodies.
    public var isTransient: Bool {
        switch self {
        case .status(let code, _, _):
            code == 429 || code == 455 || code == 408 || (500...599).contains(code) && code != 501 && code != 505
        case .network, .malformed: true
        case .implausible, .redirected: false
        }
    }

    /// The wait the upstream asked for, if any.
    public var retryAfter: Duration? {
        if case .status(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    /// The error a user sees once retries are over.
    public var catalogError: CatalogError {
        switch self {
        case .status(401, let message, _):
            return CatalogError(
                .unauthorized,
                "Crun refused the API key (401\(message.map { ": \($0)" } ?? "")); set CRUN_API_KEY or --api-key-file to a valid key."
            )
        case .status(402, let message, _):
            return CatalogError(
                .unauthorized,
                "Crun says the account has insufficient credits (402\(message.map { ": \($0)" } ?? "")); top up the account behind CRUN_API_KEY."
            )
        case .status(429, let message, _):
            return CatalogError(
                .rateLimited,
                "Crun is still rate limiting the sync (429\(message.map { ": \($0)" } ?? "")); try again later.")
        case .status(let code, let message, _):
            let detail = message.map { ": \($0)" } ?? ""
            return isTransient
                ? CatalogError(.unavailable, "Crun is unavailable (\(code)\(detail)); try again later.")
                : CatalogError(.upstreamRejected, "Crun rejected the request (\(code)\(detail)).")
        case .network(let reason):
            return CatalogError(
                .unavailable, "Cannot reach the upstream (\(reason)); check the base URL and the network.")
        case .malformed(let reason):
            return CatalogError(
                .unavailable, "The upstream kept sending bodies that are not a template list (\(reason)).")
        case .implausible(let reason):
            return CatalogError(
                .malformedInput, "The upstream's answer cannot be true (\(reason)); nothing was applied.")
        case .redirected(let status, let location):
            return CatalogError(
                .unavailable,
                "The upstream answered \(status) with a redirect to \(location); vidu-catalog does not follow "
                    + "redirects, so the API key only ever goes to the base URL: set --base-url to the address "
                    + "that answers.")
        }
    }
}
