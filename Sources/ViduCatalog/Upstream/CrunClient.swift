import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Reads Crun's template list over HTTP: one page or one template per call, no retries (see ``RetryPolicy``).
///
/// ```swift
/// let configuration = try UpstreamConfiguration(baseURL: "https://api.crun.ai", apiKey: APIKey("…"))
/// let first = try await CrunClient.with(configuration) { try await $0.page(1) }
/// ```
public struct CrunClient: Sendable {
    /// Responses larger than this are refused as malformed (a page of 50 templates is about 100 KB).
    static let maxBodyBytes = 64 << 20

    let configuration: UpstreamConfiguration
    let http: HTTPClient
    let logger: Logger

    /// Runs `body` with a client whose connections are closed when it returns.
    public static func with<T: Sendable>(
        _ configuration: UpstreamConfiguration, logger: Logger = Logger(label: "vidu-catalog.upstream"),
        _ body: (CrunClient) async throws -> T
    ) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration(configuration))
        let client = CrunClient(configuration: configuration, http: http, logger: logger)
        do {
            let result = try await body(client)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// The HTTP client's settings. Redirects are not followed: a redirect would carry `x-api-key` to
    /// wherever it points (AsyncHTTPClient strips only `Authorization` and cookies on a cross-origin
    /// hop, and follows https to http), so a 3xx is an answer of its own (``UpstreamFailure/redirected``).
    /// A connection that cannot be made fails at once instead of being retried until the connect
    /// timeout: the sync's own ``RetryPolicy`` decides whether to try again.
    static func httpConfiguration(_ configuration: UpstreamConfiguration) -> HTTPClient.Configuration {
        // Decompression asks for gzip and deflate: a mirror (`serve`, or a cache before it) sends pages
        // gzipped, a fifth of their size. The limit applies to the decompressed bytes.
        var settings = HTTPClient.Configuration(
            timeout: .init(
                connect: .nanoseconds(configuration.connectTimeout.saturatingNanoseconds),
                read: .nanoseconds(configuration.readTimeout.saturatingNanoseconds)),
            decompression: .enabled(limit: .size(maxBodyBytes)))
        settings.redirectConfiguration = .disallow
        settings.connectionPool.retryConnectionEstablishment = false
        return settings
    }

    /// Page `number` (1-based) of the list.
    public func page(_ number: Int) async throws(UpstreamFailure) -> TemplatePage {
        switch try await page(number, cached: nil) {
        case .fresh(let page, _): return page
        case .notModified: throw .malformed("a 304 answer to a request without validators")
        }
    }

    /// Page `number`, conditionally when `cached` is the kept answer of the same URL.
    public func page(_ number: Int, cached: CachedResponse?) async throws(UpstreamFailure) -> PageAnswer {
        let url = configuration.pageURL(number)
        let cached = cached?.url == url ? cached : nil
        let answer = try await get(url, cached: cached)
        if answer.status == 304 {
            guard let cached else { throw .malformed("a 304 answer to a request without validators") }
            return .notModified(cached)
        }
        let page = TemplatePage(page: number, total: answer.total, templates: answer.templates)
        let etag = answer.headers.first(name: "etag")
        let lastModified = answer.headers.first(name: "last-modified")
        let cache =
            etag == nil && lastModified == nil
            ? nil
            : CachedResponse(
                url: url, etag: etag, lastModified: lastModified, total: answer.total,
                templateIDs: answer.templates.map(\.id))
        return .fresh(page, cache: cache)
    }

    /// One template by ID, `nil` when the upstream does not list it.
    public func template(id: String) async throws(UpstreamFailure) -> Template? {
        do {
            return try await get(configuration.templateURL(id), cached: nil).templates.first { $0.id == id }
        } catch {
            if error.code == .status, error.status == 404 { return nil }
            throw error
        }
    }

    /// One GET, conditional when `cached` has validators; a `304` comes back with no templates.
    private func get(_ url: String, cached: CachedResponse?) async throws(UpstreamFailure) -> (
        status: Int, headers: HTTPHeaders, total: Int, templates: [Template]
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "vidu-catalog/\(ViduCatalogInfo.version)")
        if let key = configuration.apiKey { request.headers.add(name: "x-api-key", value: key.secret) }
        if let etag = cached?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = cached?.lastModified {
            request.headers.add(name: "If-Modified-Since", value: lastModified)
        }
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        do {
            // The whole exchange may take the read timeout and five seconds more (at most a day).
            let deadline = min(configuration.readTimeout, .seconds(86400)) + .seconds(5)
            let response = try await http.execute(request, timeout: .nanoseconds(deadline.saturatingNanoseconds))
            status = Int(response.status.code)
            headers = response.headers
            body = try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            // The URL carries no secret; the key is only in a header.
            throw .network(Self.describe(error))
        }
        logger.debug("Upstream answered", metadata: ["upstream.url": "\(url)", "upstream.status": "\(status)"])
        if status == 304 { return (status, headers, 0, []) }
        if (300...399).contains(status) {
            throw .redirected(status: status, location: headers.first(name: "location").map(Self.origin) ?? "nowhere")
        }
        let decoded = try Self.decode(
            status: status, retryAfter: headers.first(name: "retry-after"), body: Array(buffer: body),
            key: configuration.apiKey)
        return (status, headers, decoded.total, decoded.templates)
    }

    /// Maps a response to templates or a failure: the body's `code` wins over the HTTP status when both speak.
    /// `key`, when given, is cut out of the upstream's message before it is kept anywhere.
    static func decode(status: Int, retryAfter header: String?, body: [UInt8], key: APIKey? = nil)
        throws(UpstreamFailure) -> (total: Int, templates: [Template])
    {
        let retryAfter = header.flatMap { RetryAfter.parse($0, now: Date()) }
        let root = try? JSONParser().parse(body)
        let code = root?["code"]?.intValue ?? status
        let message = root?["message"]?.stringValue
        guard status == 200 || status == 203, code == 200 else {
            throw .status(
                code: code == 200 ? status : code,
                message: message.map { String(APIKey.redacting(key, in: $0).prefix(200)) },
                retryAfter: retryAfter)
        }
        guard let root else { throw .malformed("the body is not JSON (\(body.count) bytes)") }
        guard let data = root["data"], data.objectValue != nil, let list = data["templates"]?.arrayValue else {
            throw .malformed("the body has no data.templates list")
        }
        guard let total = data["total"]?.intValue, total >= 0 else {
            throw .malformed("the body has no data.total")
        }
        guard total <= UpstreamConfiguration.maxTotal else {
            throw .implausible(
                "the upstream says it holds \(total) templates, more than the \(UpstreamConfiguration.maxTotal) "
                    + "a catalog may hold")
        }
        var templates: [Template] = []
        templates.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            do {
                templates.append(try Template(json: element))
            } catch {
                throw .malformed("template \(index + 1) of the page \(error)")
            }
        }
        return (total, templates)
    }

    /// `scheme://host:port` of a redirect's target: enough to say where it pointed, nothing of its path
    /// or query, which may carry anything.
    static func origin(_ location: String) -> String {
        guard let url = URL(string: location), let host = url.host, let scheme = url.scheme else {
            return "a relative or unreadable location"
        }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: error)
    }
}
