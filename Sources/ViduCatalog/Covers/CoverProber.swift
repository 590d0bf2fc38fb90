import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Probes cover and video URLs over HTTP: what they are, how big, and for images their pixel size.
///
/// Each URL gets a `HEAD`. When that is refused (any non-2xx answer: many CDNs do not allow `HEAD`
/// on signed URLs) or when the asset is an image, whose size only its first bytes tell, a ranged
/// `GET` of the first 64 KiB follows, read no further even when the server ignores the range.
/// A probe never throws: what went wrong is its `CoverProbe/error`.
///
/// The assets live on a CDN, not on Crun: the API key is never sent with a probe. Hosts that
/// resolve to loopback, private or link-local addresses are refused unless ``addressPolicy`` allows
/// them (see ``AddressPolicy``); redirects are followed by the prober itself, at most
/// ``maxRedirects`` of them, each target checked the same way and never from https down to http.
public struct CoverProber: Sendable {
    /// How much of an asset a probe reads at most.
    public static let rangeBytes = 64 << 10

    /// Requests in flight at once.
    public var concurrency: Int
    /// Connect timeout of each request.
    public var connectTimeout: Duration
    /// Deadline of each request, answer included.
    public var requestTimeout: Duration
    /// Which hosts may be probed.
    public var addressPolicy: AddressPolicy
    /// When a request that got no answer, a 5xx or a 429 is tried again: briefly, since a probe that
    /// still fails is only recorded and tried again by the next probing sync.
    public var retry: RetryPolicy
    /// Where diagnostics go.
    public var logger: Logger

    /// Redirects followed per request.
    public static let maxRedirects = 5

    /// Creates a prober.
    public init(
        concurrency: Int = 8, connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(15),
        addressPolicy: AddressPolicy = AddressPolicy(),
        retry: RetryPolicy = RetryPolicy(
            maxRetries: 2, baseDelay: .milliseconds(250), maxDelay: .seconds(2), deadline: .seconds(10)),
        logger: Logger = Logger(label: "vidu-catalog.covers")
    ) {
        self.concurrency = max(concurrency, 1)
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.addressPolicy = addressPolicy
        self.retry = retry
        self.logger = logger
    }

    /// One asset to probe; `key` is the caller's (the template's row), handed back with the result.
    public struct Asset<Key: Sendable & Hashable>: Sendable {
        /// The caller's key for the asset, handed back with its probe.
        public var key: Key
        /// Which of the template's assets it is.
        public var role: CoverProbe.Role
        /// The asset's URL.
        public var url: String

        /// Creates an asset to probe.
        public init(key: Key, role: CoverProbe.Role, url: String) {
            self.key = key
            self.role = role
            self.url = url
        }
    }

    /// Probes every asset, `concurrency` at a time; `progress` is told after each one.
    public func probe<Key>(
        _ assets: [Asset<Key>], now: @escaping @Sendable () -> Date = Date.init,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async -> [Key: [CoverProbe]] {
        guard !assets.isEmpty else { return [:] }
        var settings = HTTPClient.Configuration(
            timeout: .init(connect: .nanoseconds(connectTimeout.saturatingNanoseconds)))
        // Redirects are followed here, one checked hop at a time; a refused connection fails at once.
        settings.redirectConfiguration = .disallow
        settings.connectionPool.retryConnectionEstablishment = false
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        var results: [Key: [CoverProbe]] = [:]
        await withTaskGroup(of: (Key, CoverProbe).self) { group in
            var next = 0
            var done = 0
            func start() {
                let asset = assets[next]
                next += 1
                group.addTask { (asset.key, await probe(asset.role, asset.url, http: http, now: now)) }
            }
            while next < min(concurrency, assets.count) { start() }
            for await (key, probe) in group {
                results[key, default: []].append(probe)
                done += 1
                progress?(done, assets.count)
                if next < assets.count { start() }
            }
        }
        try? await http.shutdown()
        return results
    }

    /// Probes one URL: `HEAD`, then a ranged `GET` when needed.
    func probe(_ role: CoverProbe.Role, _ url: String, http: HTTPClient, now: @Sendable () -> Date) async
        -> CoverProbe
    {
        var probe = CoverProbe(role: role, url: url, probedAt: now(), method: "HEAD")
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased()),
            parsed.host?.isEmpty == false
        else {
            probe.error = "not an http(s) URL"
            return probe
        }
        do {
            let head = try await send(.HEAD, url, http: http)
            probe.status = head.status
            if (200..<300).contains(head.status) {
                take(head.headers, into: &probe)
                if !Self.mayBeImage(probe.contentType, role: role) { return probe }
            }
            probe.method = "GET"
            let get = try await send(.GET, url, http: http)
            probe.status = get.status
            guard (200..<300).contains(get.status) else {
                probe.error = "HTTP \(get.status)"
                return probe
            }
            take(get.headers, into: &probe)
            probe.image = ImageHeader.parse(get.bytes)
            if probe.image == nil, let type = probe.contentType, Self.readableTypes.contains(type) {
                probe.error =
                    "the first \(get.bytes.count) bytes hold no readable \(type) header, so the size is unknown"
            }
        } catch {
            probe.error = Self.describe(error)
        }
        logger.debug(
            "Probed asset",
            metadata: ["cover.url": "\(url)", "cover.status": "\(probe.status.map(String.init) ?? "-")"])
        return probe
    }

    /// Content types whose pixel size a probe reads.
    static let readableTypes: Set = ["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp"]

    /// Whether a `GET` could tell a pixel size: an image type, or no useful type on a cover.
    static func mayBeImage(_ contentType: String?, role: CoverProbe.Role) -> Bool {
        guard let contentType, contentType != "application/octet-stream" else { return role == .cover }
        return readableTypes.contains(contentType)
    }

    private struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var bytes: [UInt8]
        var location: String?
    }

    /// A probe that cannot be sent (a refused address, a redirect it will not follow): its sentence.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// One request, following redirects itself: each hop's target must be http(s), must not go from
    /// https to http, and must pass ``addressPolicy``.
    private func send(_ method: HTTPMethod, _ url: String, http: HTTPClient) async throws -> Answer {
        var target = url
        var secure = url.lowercased().hasPrefix("https:")
        for _ in 0...Self.maxRedirects {
            guard let parsed = URL(string: target), let scheme = parsed.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
            else {
                throw Refused(description: "a redirect to something other than an http(s) URL")
            }
            if secure && scheme == "http" { throw Refused(description: "a redirect from https down to http") }
            secure = scheme == "https"
            if let refusal = await refusal(host: host) { throw Refused(description: "refused: \(refusal)") }
            let answer = try await sendRetrying(method, target, http: http)
            guard [301, 302, 303, 307, 308].contains(answer.status), let location = answer.location else {
                return answer
            }
            guard let next = URL(string: location, relativeTo: parsed)?.absoluteString else {
                throw Refused(description: "a redirect to an unreadable location")
            }
            target = next
        }
        throw Refused(description: "more than \(Self.maxRedirects) redirects")
    }

    /// ``AddressPolicy/refusal(host:)``, resolved on a thread of Dispatch's: name resolution blocks.
    private func refusal(host: String) async -> String? {
        guard !addressPolicy.allowPrivate else { return nil }
        let policy = addressPolicy
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: policy.refusal(host: host)) }
        }
    }

    /// One request through ``retry``: no answer, a 5xx or a 429 is tried again while the policy says so;
    /// when it gives up on an answer, that answer is the result (the probe records its status).
    private func sendRetrying(_ method: HTTPMethod, _ url: String, http: HTTPClient) async throws -> Answer {
        var last: Answer?
        do {
            return try await retry.run { () async throws(UpstreamFailure) -> Answer in
                let answer: Answer
                do {
                    answer = try await sendOnce(method, url, http: http)
                } catch {
                    throw .network(Self.describe(error))
                }
                let failure = UpstreamFailure.status(
                    code: answer.status, message: nil,
                    retryAfter: answer.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0, now: Date()) })
                guard RetryPolicy.isTransient(failure) else { return answer }
                last = answer
                throw failure
            }
        } catch {
            if error.failure.code == .status, let last { return last }
            throw error
        }
    }

    /// One request; a `GET` asks for the first ``rangeBytes`` and stops reading there.
    private func sendOnce(_ method: HTTPMethod, _ url: String, http: HTTPClient) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "vidu-catalog/\(ViduCatalogInfo.version)")
        if method == .GET { request.headers.add(name: "Range", value: "bytes=0-\(Self.rangeBytes - 1)") }
        let response = try await http.execute(
            request, deadline: .now() + .nanoseconds(requestTimeout.saturatingNanoseconds))
        var bytes: [UInt8] = []
        if method == .GET, (200..<300).contains(Int(response.status.code)) {
            for try await chunk in response.body {
                bytes += chunk.readableBytesView.prefix(Self.rangeBytes - bytes.count)
                if bytes.count >= Self.rangeBytes { break }
            }
        }
        return Answer(
            status: Int(response.status.code), headers: response.headers, bytes: bytes,
            location: response.headers.first(name: "location"))
    }

    /// Content type, whole length and ETag; a `206`'s `Content-Range` gives the whole length.
    private func take(_ headers: HTTPHeaders, into probe: inout CoverProbe) {
        if let type = headers.first(name: "content-type") {
            probe.contentType = type.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
        }
        if let range = headers.first(name: "content-range"), let slash = range.lastIndex(of: "/"),
            let total = Int64(range[range.index(after: slash)...].trimmingCharacters(in: .whitespaces))
        {
            probe.byteLength = total
        } else if probe.method == "HEAD" || probe.byteLength == nil,
            let length = headers.first(name: "content-length").flatMap({ Int64($0) })
        {
            probe.byteLength = length
        }
        if let etag = headers.first(name: "etag") { probe.etag = etag }
    }

    private static func describe(_ error: any Error) -> String {
        if let refused = error as? Refused { return refused.description }
        if let stop = error as? RetryPolicy.Stop { return stop.failure.reason ?? "\(stop.failure)" }
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}
