/// Why one request to the upstream (Crun, or a CDN a cover probe asks) failed, in the detail the
/// retry policy needs.
///
/// A struct with an extensible `Code`, like `CatalogError`, so a new kind of failure does not
/// break callers that switch over the kinds. It becomes a `CatalogError` at the library's edge
/// (``catalogError``); whether it is worth trying again is ``RetryPolicy``'s decision alone.
///
/// ```swift
/// do { _ = try await client.page(1) }
/// catch { if error.code == .status, error.status == 429 { print(error.retryAfter ?? .zero) } }
/// ```
public struct UpstreamFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, dotted identifier of the kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The dotted code, e.g. `upstream.status`.
        public var rawValue: String
        /// Creates a code; prefer the named constants.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The dotted code.
        public var description: String { rawValue }

        /// The upstream answered with an error code (from the body's `code`, else the HTTP status).
        public static let status = Code(rawValue: "upstream.status")
        /// No answer: connection refused or reset, a timeout, DNS.
        public static let network = Code(rawValue: "upstream.network")
        /// An answer that is not a template list: not JSON, truncated, the wrong shape.
        public static let malformed = Code(rawValue: "upstream.malformed")
        /// A template list that cannot be true (a `total` past ``UpstreamConfiguration/maxTotal``, a page
        /// short of `total` before the last): asking again would not help.
        public static let implausible = Code(rawValue: "upstream.implausible")
        /// A redirect, never followed: it would carry the key away.
        public static let redirected = Code(rawValue: "upstream.redirected")
        /// A request that was not sent: its address or its redirect broke a rule (cover probes).
        public static let refused = Code(rawValue: "upstream.refused")
    }

    /// What kind of failure this is.
    public var code: Code
    /// The error code of a `Code/status` failure; the HTTP status of a `Code/redirected` one.
    public var status: Int?
    /// What went wrong, for people: the upstream's message, the network error, what the body lacked,
    /// or a redirect's target origin. Never holds the API key.
    public var reason: String?
    /// The wait the upstream asked for (`Retry-After`), if any.
    public var retryAfter: Duration?

    /// Creates a failure.
    public init(_ code: Code, status: Int? = nil, reason: String? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.status = status
        self.reason = reason
        self.retryAfter = retryAfter
    }

    /// The upstream answered with error `code` (the body's, else the HTTP status).
    public static func status(code: Int, message: String?, retryAfter: Duration?) -> Self {
        Self(.status, status: code, reason: message, retryAfter: retryAfter)
    }

    /// No answer came, for `reason`.
    public static func network(_ reason: String) -> Self { Self(.network, reason: reason) }

    /// The answer is not a template list, for `reason`.
    public static func malformed(_ reason: String) -> Self { Self(.malformed, reason: reason) }

    /// The answer cannot be true, for `reason`.
    public static func implausible(_ reason: String) -> Self { Self(.implausible, reason: reason) }

    /// A `status` redirect to `location` (its target's origin only).
    public static func redirected(status: Int, location: String) -> Self {
        Self(.redirected, status: status, reason: location)
    }

    /// A request not sent, for `reason`.
    public static func refused(_ reason: String) -> Self { Self(.refused, reason: reason) }

    /// A short account for logs (never the key): the status and message, or the kind and reason.
    public var description: String {
        switch code {
        case .status: "status \(status ?? 0)" + (reason.map { ": \($0)" } ?? "")
        case .redirected: "redirect \(status ?? 0) to \(reason ?? "nowhere")"
        default: "\(code): \(reason ?? "")"
        }
    }

    /// The error a user sees once retries are over.
    public var catalogError: CatalogError {
        let detail = reason.map { ": \($0)" } ?? ""
        switch (code, status) {
        case (.status, 401):
            return CatalogError(
                .unauthorized,
                "Crun refused the API key (401\(detail)); set CRUN_API_KEY or --api-key-file to a valid key.")
        case (.status, 402):
            return CatalogError(
                .unauthorized,
                "Crun says the account has insufficient credits (402\(detail)); top up the account behind CRUN_API_KEY."
            )
        case (.status, 429):
            return CatalogError(.rateLimited, "Crun is still rate limiting the sync (429\(detail)); try again later.")
        case (.status, let status):
            let status = status ?? 0
            return RetryPolicy.isTransient(self)
                ? CatalogError(.unavailable, "Crun is unavailable (\(status)\(detail)); try again later.")
                : CatalogError(.upstreamRejected, "Crun rejected the request (\(status)\(detail)).")
        case (.network, _):
            return CatalogError(
                .unavailable, "Cannot reach the upstream (\(reason ?? "")); check the base URL and the network.")
        case (.malformed, _):
            return CatalogError(
                .unavailable, "The upstream kept sending bodies that are not a template list (\(reason ?? "")).")
        case (.implausible, _):
            return CatalogError(
                .malformedInput, "The upstream's answer cannot be true (\(reason ?? "")); nothing was applied.")
        case (.redirected, let status):
            return CatalogError(
                .unavailable,
                "The upstream answered \(status ?? 0) with a redirect to \(reason ?? "nowhere"); vidu-catalog does not "
                    + "follow redirects, so the API key only ever goes to the base URL: set --base-url to the address "
                    + "that answers.")
        default:
            return CatalogError(.unavailable, "The upstream request was not sent (\(reason ?? "")).")
        }
    }
}
