import Foundation
import Hummingbird
import NIOPosix
import ViduCatalog

/// The handlers: each takes the current catalog once and answers from it alone.
struct Routes: Sendable {
    let store: CatalogStore
    let state: ServedCatalogState
    let metrics: ServerMetrics
    let maxAge: Duration
    let bodyTimeout: Duration
    let bodyBudget: BodyBudget

    static let maxPageSize = 50
    /// The highest `page` the list answers: enough for the largest catalog a sync accepts in pages of one.
    static let maxPage = UpstreamConfiguration.maxTotal
    /// Not `no-cache`, which means the same to RFC 9111 but which nginx takes as "do not store":
    /// a one-second lifetime lets every common cache store a page and revalidate it with a 304.
    static let cacheControl = "public, max-age=1, must-revalidate"
    static let maxBodyBytes = 20 * 1024 * 1024
    /// Bodies up to this size are validated where they are read and need no room in the body budget.
    static let smallBody = 64 * 1024
    /// The longest `template` or template ID a request may name, in characters (Unicode scalars, as
    /// JSON Schema's `maxLength` counts them in the OpenAPI document).
    static let maxTextParameter = 1024
    /// `/v1/templates` answers this many templates unless `limit` asks for fewer or more…
    static let defaultQueryLimit = 100
    /// …and never more than this many.
    static let maxQueryLimit = 1000

    /// `GET /api/v1/client/job/vidu-templates`: Crun's list, from the local catalog; `ETag`, `304` on
    /// `If-None-Match`, and `Cache-Control: public, max-age=1, must-revalidate`: any cache may keep a
    /// page and reuse it for a second, then must revalidate (``cacheControl``).
    func list(_ request: Request) async -> Response {
        let catalog: ServedCatalog
        let listing: ServedCatalog.Listing
        switch await currentListing() {
        case .success(let current): (catalog, listing) = current
        case .failure(let error): return Envelope.response(.internalServerError, message: error.message)
        }
        let query = request.uri.queryParameters
        let template = query.get("template")
        if let template, template.unicodeScalars.count > Self.maxTextParameter {
            return Envelope.response(
                .unprocessableContent, message: "template must be at most \(Self.maxTextParameter) characters.")
        }
        var page = 1
        var pageSize = Self.maxPageSize
        // Like Crun: a page or size out of range is a validation error (422), in the envelope; they are
        // checked even beside `template`, which makes them irrelevant but not any less wrong.
        do throws(TemplateQueryParameters.Refusal) {
            page = try TemplateQueryParameters.integer(query, "page", in: 1...Self.maxPage) ?? 1
            pageSize =
                try TemplateQueryParameters.integer(query, "page_size", in: 1...Self.maxPageSize) ?? Self.maxPageSize
        } catch {
            return Envelope.response(.unprocessableContent, message: error.message)
        }
        // Pages come gzipped to clients that accept it, each representation with its own ETag; a
        // one-template answer is small and comes as is.
        let gzip = template == nil && Self.acceptsGzip(request.headers[.acceptEncoding])
        let key = template.map { "t-\(Self.token($0))" } ?? "p\(page)-s\(pageSize)\(gzip ? "-gz" : "")"
        let etag = catalog.etag(for: key)
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = Self.cacheControl
        if template == nil { headers[.vary] = "Accept-Encoding" }
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag) {
            return Response(status: .notModified, headers: headers)
        }
        if let template {
            return Envelope.json(
                catalog.listBody(page: 1, pageSize: Self.maxPageSize, template: template, listing: listing),
                headers: headers)
        }
        let written = catalog.listPage(page: page, pageSize: pageSize, listing: listing)
        guard gzip else { return Envelope.json(written.plain, headers: headers) }
        headers[.contentEncoding] = "gzip"
        return Envelope.json(written.gzip, headers: headers)
    }

    /// The served catalog with its listing, once read. When another process changed the catalog after
    /// the served one was read, the new one is loaded and served instead (a few tries, in case it keeps
    /// changing).
    func currentListing() async -> Result<(ServedCatalog, ServedCatalog.Listing), CatalogError> {
        var catalog = state.catalog
        for _ in 0..<3 {
            switch await catalog.listing.value {
            case .ready(let listing): return .success((catalog, listing))
            case .failed(let error): return .failure(error)
            case .changed:
                do throws(CatalogError) {
                    let fresh = try ServedCatalog.load(from: store, options: catalog.validator.options)
                    state.replace(with: fresh)
                    catalog = fresh
                } catch {
                    return .failure(error)
                }
            }
        }
        return .failure(CatalogError(.database, "The catalog kept changing while it was read; try again."))
    }

    /// Whether an `Accept-Encoding` value admits gzip (RFC 9110 section 12.5.3): `gzip` (or its old
    /// name `x-gzip`) listed with a non-zero weight, or unlisted and covered by `*` with one.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzipWeight: Double?
        var anyWeight: Double?
        for element in header.split(separator: ",") {
            let parts = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = parts.first?.lowercased(), !coding.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if pair.count == 2, pair[0].lowercased() == "q" { weight = Double(pair[1]) ?? 0 }
            }
            switch coding {
            case "gzip", "x-gzip": gzipWeight = max(gzipWeight ?? 0, weight)
            case "*": anyWeight = weight
            default: break
            }
        }
        return (gzipWeight ?? anyWeight ?? 0) > 0
    }

    /// `POST /v1/validate`: `200` and the report when valid, `422` when not (invalid or undecided),
    /// `400` when the body is not JSON, `413` over 20 MB.
    func validate(_ request: Request) async throws -> Response {
        // A declared length past the limit is refused before a byte is read; a large or undeclared one
        // must fit in the budget of bodies held at once (BodyBudget), else 503 at once.
        let declared = request.headers[.contentLength].flatMap { DecimalText.natural($0) }
        if let declared, declared > Self.maxBodyBytes {
            return Envelope.response(.contentTooLarge, message: "The body is over 20 MB.")
        }
        let reserved = (declared ?? Self.maxBodyBytes) > Self.smallBody ? (declared ?? Self.maxBodyBytes) : 0
        guard reserved == 0 || bodyBudget.reserve(reserved) else {
            var headers = HTTPFields()
            headers[.retryAfter] = "1"
            return Envelope.response(
                .serviceUnavailable,
                message:
                    "The server is validating \(bodyBudget.capacity >> 20) MB of bodies already; try again shortly.",
                headers: headers)
        }
        defer { if reserved > 0 { bodyBudget.release(reserved) } }
        let body: ByteBuffer
        do {
            body = try await Self.collect(request.body, within: bodyTimeout)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            return Envelope.response(.contentTooLarge, message: "The body is over 20 MB.")
        } catch is BodyTimeout {
            return Envelope.response(
                .requestTimeout,
                message: "The body did not arrive within \(bodyTimeout.components.seconds) seconds.")
        }
        let validator = state.catalog.validator
        let check: @Sendable () -> ValidationReport = {
            body.readableBytesView.withContiguousStorageIfAvailable {
                validator.validate(body: UnsafeRawBufferPointer($0))
            } ?? validator.validate(bytes: Array(body.readableBytesView))
        }
        // A large body takes a while to read through: on NIO's thread pool, so the cooperative threads
        // keep reading the other requests (else their bodies time out behind it).
        let report: ValidationReport
        if body.readableBytes <= Self.smallBody {
            report = check()
        } else {
            do {
                report = try await NIOThreadPool.singleton.runIfActive(check)
            } catch {
                return Envelope.response(.serviceUnavailable, message: "The server is shutting down.")
            }
        }
        metrics.validation(report.verdict)
        if let syntax = report.errors.first(where: { $0.code == .jsonSyntax || $0.code == .jsonTooDeep }) {
            return Envelope.response(.badRequest, message: syntax.message, data: report.json)
        }
        switch report.verdict {
        case .valid:
            return Envelope.response(.ok, message: "success", data: report.json)
        case .invalid, .undecided:
            return Envelope.response(
                .unprocessableContent, message: report.errors.first?.message ?? "invalid", data: report.json)
        }
    }

    /// `GET /v1/templates`: the query library's filters as query parameters, at most ``maxQueryLimit``
    /// templates (``defaultQueryLimit`` unless `limit` says otherwise).
    func templates(_ request: Request) async -> Response {
        let parameters = request.uri.queryParameters
        var query: TemplateQuery
        do throws(TemplateQueryParameters.Refusal) {
            query = try TemplateQueryParameters.query(parameters)
            query.limit =
                try TemplateQueryParameters.integer(parameters, "limit", in: 1...Self.maxQueryLimit)
                ?? Self.defaultQueryLimit
        } catch {
            return Envelope.response(.badRequest, message: error.message)
        }
        let store = store
        let finished = query
        return await Self.offPool {
            do throws(CatalogError) {
                let entries = try store.templates(matching: finished)
                return Envelope.response(
                    .ok, message: "success",
                    data: ["total": .int(Int64(entries.count)), "templates": .array(entries.map(\.machineJSON))])
            } catch {
                return Envelope.response(.internalServerError, message: error.message)
            }
        }
    }

    /// `GET /v1/templates/{id}`; an unknown ID gets `404` with suggestions from the served catalog's
    /// index, built once per catalog (`ValidationCatalog/suggestions(for:)`).
    func template(_ id: String) async -> Response {
        let store = store
        let catalog = state.catalog.validator.catalog
        return await Self.offPool {
            do throws(CatalogError) {
                if let entry = try store.entry(id: id) {
                    return Envelope.response(.ok, message: "success", data: entry.machineJSON)
                }
                let suggestions = catalog.suggestions(for: id)
                let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
                return Envelope.response(
                    .notFound, message: "No template \"\(id.prefix(200))\" in the catalog.\(hint)",
                    data: ["suggestions": .array(suggestions.map(JSONValue.string))])
            } catch {
                return Envelope.response(.internalServerError, message: error.message)
            }
        }
    }

    /// Runs a blocking SQLite read on NIO's thread pool, so it never holds a thread of Swift's
    /// cooperative pool (two on this kind of machine) that every other request needs.
    static func offPool(_ body: @escaping @Sendable () -> Response) async -> Response {
        do {
            return try await NIOThreadPool.singleton.runIfActive(body)
        } catch {
            return Envelope.response(.serviceUnavailable, message: "The server is shutting down.")
        }
    }

    /// `GET /healthz`: the catalog's age and the last sync; `503` when the catalog is stale.
    func health() -> Response {
        let catalog = state.catalog
        let context = catalog.context
        let age = context.loadedAt.map { Date().timeIntervalSince($0) }
        var data: [String: JSONValue] = [
            "catalog": context.json, "active": .int(Int64(catalog.count)),
            "age_seconds": age.map { .int(Int64(saturating: $0)) } ?? .null,
            "max_age_seconds": .int(Int64(maxAge.components.seconds)),
        ]
        if let last = state.lastSyncOutcome {
            data["last_sync"] = [
                "finished_at": .string(Timestamp.string(last.finishedAt)), "succeeded": .bool(last.succeeded),
                "summary": .string(last.summary),
            ]
        } else {
            data["last_sync"] = .null
        }
        guard let age, age <= Double(maxAge.components.seconds) else {
            let message =
                age == nil
                ? "The catalog holds only the bundled sample; sync it." : "The catalog is older than the allowed age."
            return Envelope.response(.serviceUnavailable, message: message, data: .object(data))
        }
        return Envelope.response(.ok, message: "ok", data: .object(data))
    }

    /// `GET /metrics`: Prometheus text format.
    func metricsText() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(for: state.catalog))))
    }

    // MARK: Helpers

    struct BodyTimeout: Error {}

    /// The whole body, at most ``maxBodyBytes``, or ``BodyTimeout`` when it takes longer than `timeout`.
    static func collect(_ body: RequestBody, within timeout: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: maxBodyBytes) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else { throw BodyTimeout() }
            return buffer
        }
    }

    /// An ETag-safe spelling of a template ID.
    static func token(_ text: String) -> String {
        text.unicodeScalars.map {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
                ? String($0) : String(format: "%%%02X", $0.value)
        }.joined()
    }

    /// `If-None-Match`: a list of validators, or `*`; weak ones compare too (RFC 9110 section 13.1.2).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
        }
    }
}
