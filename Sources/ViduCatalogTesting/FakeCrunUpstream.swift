import Foundation
import Hummingbird
import Logging
import ViduCatalog

/// A fake Crun template list on 127.0.0.1, for tests and benchmarks: real HTTP, pagination, key
/// checks, and scriptable faults consumed one per request. It also serves cover assets (see
/// ``assetURL(_:width:height:behaviour:)``): images of every kind the cover probe reads, with
/// ranges, ETags, and assets that refuse `HEAD`, ignore `Range`, are missing or are not what they claim.
///
/// ```swift
/// try await FakeCrunUpstream.run(templates: sample) { upstream in
///     await upstream.enqueue(.status(429, retryAfter: "0"))
///     … sync against upstream.baseURL …
/// }
/// ```
public actor FakeCrunUpstream {
    /// What the next request gets: each request consumes one fault, in order.
    public enum Fault: Sendable {
        /// A normal answer (to line faults up with later requests).
        case pass
        /// An error envelope with this HTTP status (and body `code`, the same unless given), optionally `Retry-After`.
        case status(Int, code: Int? = nil, retryAfter: String? = nil)
        /// A 200 whose body is not JSON.
        case malformedBody
        /// A 200 whose JSON body is cut in half.
        case truncatedBody
        /// Wait this long, then answer normally.
        case delay(Duration)
        /// Replace the catalog, then answer from the new one (the catalog shifts between pages).
        case replaceCatalog([Template])
        /// Answer with this `total` instead of the true one.
        case wrongTotal(Int)
        /// Answer with every template of the page twice.
        case duplicates
        /// Answer with this redirect status and `Location` (to test that the key never follows one).
        case redirect(Int, location: String)
        /// An error envelope with this HTTP status whose message repeats the request's `x-api-key`, as a
        /// careless upstream might ("invalid key …").
        case echoKey(Int)
    }

    /// One request as the fake saw it.
    public struct Request: Sendable, Hashable {
        public var page: Int?
        public var pageSize: Int?
        public var template: String?
        /// Whether the request carried the expected `x-api-key`.
        public var authorized: Bool
        public var userAgent: String?
        /// The `If-None-Match` it sent.
        public var ifNoneMatch: String?
        /// Whether it was answered `304 Not Modified`.
        public var notModified = false
    }

    /// How an asset URL misbehaves: a path segment before the file name.
    public enum AssetBehaviour: String, Sendable, CaseIterable {
        /// `HEAD` is answered `405 Method Not Allowed`.
        case noHead = "no-head"
        /// `Range` is ignored: a `GET` gets the whole file with `200`.
        case noRange = "no-range"
        /// `404` to everything.
        case missing
        /// Claims its image type but holds no readable header.
        case garbage
        /// `302` to the same asset without this segment (a CDN's redirect to its edge).
        case redirect
        /// `302` to itself, for ever.
        case redirectLoop = "redirect-loop"
    }

    /// One asset request as the fake saw it.
    public struct AssetRequest: Sendable, Hashable {
        public var method: String
        public var path: String
        public var range: String?
        /// Whether it carried an `x-api-key` header (it never should: assets are not Crun's).
        public var carriedAPIKey: Bool
    }

    /// Every asset request so far.
    public private(set) var assetRequests: [AssetRequest] = []

    /// The catalog served.
    public private(set) var templates: [Template] {
        didSet { rendered = [:] }
    }
    /// Page answers already written, with their ETags, by page, size, total and doubling: the same
    /// catalog gives the same bytes, so a page is written once (see ``prerender(pageSize:)``).
    private var rendered: [String: (text: String, etag: String)] = [:]
    /// Every request so far.
    public private(set) var requests: [Request] = []
    /// The base URL, once running.
    public nonisolated let baseURL: String
    private let apiKey: String?
    private var faults: [Fault] = []
    /// When set, every answer reports this `total` (a catalog whose count never matches).
    private var reportedTotal: Int?

    init(templates: [Template], apiKey: String?, baseURL: String) {
        self.templates = templates
        self.apiKey = apiKey
        self.baseURL = baseURL
    }

    /// Queues faults for the next requests, in order.
    public func enqueue(_ faults: Fault...) {
        self.faults += faults
    }

    /// Makes every answer report `total` (nil: the true count) until changed.
    public func setReportedTotal(_ total: Int?) {
        reportedTotal = total
    }

    /// Serves another catalog from now on.
    public func setTemplates(_ templates: [Template]) {
        self.templates = templates
    }

    /// Starts a fake on a free loopback port, runs `body`, and stops it.
    public static func run<T: Sendable>(
        templates: [Template], apiKey: String? = "test-key", _ body: (FakeCrunUpstream) async throws -> T
    ) async throws -> T {
        let port = PortBox()
        let holder = UpstreamHolder()
        let router = Router()
        router.get("/api/v1/client/job/vidu-templates") { request, _ -> Response in
            guard let upstream = await holder.upstream else { return Response(status: .serviceUnavailable) }
            return await upstream.respond(to: request)
        }
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/assets/**", method: method) { request, _ -> Response in
                guard let upstream = await holder.upstream else { return Response(status: .serviceUnavailable) }
                return await upstream.asset(request)
            }
        }
        var logger = Logger(label: "fake-crun-upstream")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await port.set(channel.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.run() }
        let number = await port.wait()
        let upstream = FakeCrunUpstream(templates: templates, apiKey: apiKey, baseURL: "http://127.0.0.1:\(number)")
        await holder.set(upstream)
        do {
            let result = try await body(upstream)
            server.cancel()
            _ = await server.result
            return result
        } catch {
            server.cancel()
            _ = await server.result
            throw error
        }
    }

    private func respond(to request: Hummingbird.Request) async -> Response {
        let query = request.uri.queryParameters
        let recorded = Request(
            page: query.get("page", as: Int.self), pageSize: query.get("page_size", as: Int.self),
            template: query.get("template"),
            authorized: apiKey == nil
                || request.headers.first { $0.name.canonicalName == "x-api-key" }?.value == apiKey,
            userAgent: request.headers[.userAgent], ifNoneMatch: request.headers[.ifNoneMatch])
        requests.append(recorded)
        var total = reportedTotal
        var doubled = false
        if !faults.isEmpty {
            switch faults.removeFirst() {
            case .pass: break
            case .status(let status, let code, let retryAfter):
                return Self.envelope(
                    status: status, code: code ?? status, message: "fake fault \(status)", retryAfter: retryAfter)
            case .malformedBody:
                return Self.body("<html>upstream proxy error</html>", status: 200)
            case .truncatedBody:
                let text = String(decoding: JSONWriter().data(page(recorded, total: total)), as: UTF8.self)
                return Self.body(String(text.prefix(text.count / 2)), status: 200)
            case .delay(let duration):
                try? await Task.sleep(for: duration)
            case .replaceCatalog(let templates):
                self.templates = templates
            case .wrongTotal(let wrong):
                total = wrong
            case .duplicates:
                doubled = true
            case .redirect(let status, let location):
                var headers = HTTPFields()
                headers[.location] = location
                return Response(status: .init(code: status), headers: headers)
            case .echoKey(let status):
                let key = request.headers.first { $0.name.canonicalName == "x-api-key" }?.value ?? ""
                return Self.envelope(
                    status: status, code: status, message: "invalid api key \(key) for this account", retryAfter: nil)
            }
        }
        guard recorded.authorized else {
            return Self.envelope(status: 401, code: 401, message: "invalid api key", retryAfter: nil)
        }
        let (text, etag) = render(recorded, total: total, doubled: doubled)
        if recorded.ifNoneMatch == etag {
            requests[requests.count - 1].notModified = true
            var headers = HTTPFields()
            headers[.eTag] = etag
            return Response(status: .notModified, headers: headers)
        }
        var response = Self.body(text, status: 200)
        response.headers[.eTag] = etag
        return response
    }

    /// Serves `/assets/[behaviour/…]WIDTHxHEIGHT.KIND` (see ``SampleImages``).
    private func asset(_ request: Hummingbird.Request) -> Response {
        let path = request.uri.path
        let range = request.headers[.range]
        assetRequests.append(
            AssetRequest(
                method: request.method.rawValue, path: path, range: range,
                carriedAPIKey: request.headers.contains { $0.name.canonicalName == "x-api-key" }))
        let segments = path.split(separator: "/").dropFirst().map(String.init)
        let behaviours = Set(segments.dropLast().compactMap(AssetBehaviour.init(rawValue:)))
        guard let file = segments.last, let dot = file.firstIndex(of: "."),
            let kind = SampleImages.Kind(rawValue: String(file[file.index(after: dot)...])),
            case let size = file[..<dot].split(separator: "x").compactMap({ Int($0) }), size.count == 2,
            !behaviours.contains(.missing)
        else { return Response(status: .notFound) }
        if behaviours.contains(.redirect) || behaviours.contains(.redirectLoop) {
            var headers = HTTPFields()
            headers[.location] =
                behaviours.contains(.redirectLoop) ? path : path.replacingOccurrences(of: "/redirect/", with: "/")
            return Response(status: .found, headers: headers)
        }
        if request.method == .head && behaviours.contains(.noHead) { return Response(status: .methodNotAllowed) }
        var bytes = SampleImages.bytes(kind, width: size[0], height: size[1])
        if behaviours.contains(.garbage) { bytes = [UInt8](repeating: 0x41, count: bytes.count) }
        var headers = HTTPFields()
        headers[.contentType] = kind.contentType
        headers[.eTag] = "\"asset-\(size[0])x\(size[1])-\(kind.rawValue)\""
        headers[.acceptRanges] = "bytes"
        var status = HTTPResponse.Status.ok
        var body = bytes[...]
        if let range, !behaviours.contains(.noRange), range.hasPrefix("bytes=0-"),
            let last = Int(range.dropFirst("bytes=0-".count))
        {
            status = .partialContent
            body = bytes[..<min(last + 1, bytes.count)]
            headers[.contentRange] = "bytes 0-\(body.count - 1)/\(bytes.count)"
        }
        if request.method == .head {
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The success envelope for a request: one template, or one page.
    /// Writes every page of the catalog ahead, so that a benchmark measures the sync and not the fake
    /// writing JSON on the same cores.
    public func prerender(pageSize: Int = 50) {
        for number in 1...max(1, (templates.count + pageSize - 1) / pageSize) {
            let request = Request(
                page: number, pageSize: pageSize, template: nil, authorized: true, userAgent: nil, ifNoneMatch: nil)
            _ = render(request, total: reportedTotal, doubled: false)
        }
    }

    /// A page answer's body and a strong validator of it, written once per catalog.
    private func render(_ request: Request, total: Int?, doubled: Bool) -> (text: String, etag: String) {
        let key = "\(request.page ?? 1)-\(request.pageSize ?? 50)-\(request.template ?? "")-\(total ?? -1)-\(doubled)"
        if let done = rendered[key] { return done }
        let text = String(decoding: JSONWriter().data(page(request, total: total, doubled: doubled)), as: UTF8.self)
        // The same page content always has the same ETag in one run.
        let etag = "\"\(String(UInt(bitPattern: text.hashValue), radix: 16))\""
        rendered[key] = (text, etag)
        return (text, etag)
    }

    private func page(_ request: Request, total: Int?, doubled: Bool = false) -> JSONValue {
        let list: [Template]
        if let id = request.template {
            list = templates.filter { $0.id == id }
        } else {
            let size = min(max(request.pageSize ?? 50, 1), 50)
            let start = (max(request.page ?? 1, 1) - 1) * size
            list = start < templates.count ? Array(templates[start..<min(start + size, templates.count)]) : []
        }
        let served = doubled ? list + list : list
        return [
            "code": 200, "message": "success",
            "data": ["total": .int(Int64(total ?? templates.count)), "templates": .array(served.map(\.json))],
        ]
    }

    private static func envelope(status: Int, code: Int, message: String, retryAfter: String?) -> Response {
        var response = body(
            String(
                decoding: JSONWriter().data(["code": .int(Int64(code)), "message": .string(message), "data": nil]),
                as: UTF8.self),
            status: status)
        if let retryAfter { response.headers[.retryAfter] = retryAfter }
        return response
    }

    private static func body(_ text: String, status: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Hands the bound port from the server's callback to the starter.
private actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func set(_ value: Int) {
        port = value
        for waiter in waiters { waiter.resume(returning: value) }
        waiters = []
    }

    func wait() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

/// The fake, for the route handler that is built before the fake knows its URL.
private actor UpstreamHolder {
    private(set) var upstream: FakeCrunUpstream?
    func set(_ value: FakeCrunUpstream) { upstream = value }
}

extension FakeCrunUpstream {
    /// The URL of an asset this fake serves: a `kind` file of `width`×`height` pixels.
    public nonisolated func assetURL(
        _ kind: SampleImages.Kind, width: Int, height: Int, behaviour: [AssetBehaviour] = []
    ) -> String {
        ([baseURL, "assets"] + behaviour.map(\.rawValue) + ["\(width)x\(height).\(kind.rawValue)"]).joined(
            separator: "/")
    }

    /// The key the fake accepts unless told otherwise.
    public static let defaultKey = "test-key"

    /// A configuration that reaches this fake with `apiKey`.
    public nonisolated func configuration(apiKey: String? = FakeCrunUpstream.defaultKey) throws -> UpstreamConfiguration
    {
        try UpstreamConfiguration(baseURL: baseURL, apiKey: apiKey.flatMap(APIKey.init))
    }
}
