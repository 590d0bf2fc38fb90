import Foundation
import Hummingbird
import ViduCatalog

/// The change feeds, for clients that poll rather than take webhooks: the outbox's events as JSON
/// pages with a cursor that survives restarts (it is the event's place in the catalog file), the
/// same as an Atom feed, and the full change list of one run. Every answer has an ETag from the
/// newest event, and `If-None-Match` gets `304`, so polling an unchanged catalog costs one
/// indexed read.
struct ChangeFeedRoutes: Sendable {
    let store: CatalogStore

    static let defaultLimit = 100
    static let maxLimit = 500
    /// Entries the Atom feed carries.
    static let atomEntries = 50

    /// `GET /v1/changes?since=&limit=`: events after the cursor `since` (none: from the oldest kept),
    /// oldest first; `data.next` is the cursor to ask with next time.
    func changes(_ request: Request) async -> Response {
        let parameters = request.uri.queryParameters
        let since: Int
        let limit: Int
        do throws(TemplateQueryParameters.Refusal) {
            since = try TemplateQueryParameters.integer(parameters, "since", in: 0...Int(Int64.max)) ?? 0
            limit = try TemplateQueryParameters.integer(parameters, "limit", in: 1...Self.maxLimit) ?? Self.defaultLimit
        } catch {
            return Envelope.response(.badRequest, message: error.message)
        }
        let store = store
        let ifNoneMatch = request.headers[.ifNoneMatch]
        return await Routes.offPool {
            do throws(CatalogError) {
                let last = try store.lastEventSequence()
                var headers = Self.headers(etag: "\"changes-\(last)-\(since)-\(limit)\"")
                if let ifNoneMatch, Routes.matches(ifNoneMatch, headers[.eTag] ?? "") {
                    return Response(status: .notModified, headers: headers)
                }
                let events = try store.events(after: Int64(since), limit: limit)
                let next = events.last?.sequence ?? max(Int64(since), 0)
                headers[.contentType] = nil
                return Envelope.response(
                    .ok, message: "success",
                    data: [
                        "events": .array(
                            events.map { event in
                                guard case .object(var members) = event.payload else { return event.payload }
                                members["cursor"] = .string(String(event.sequence))
                                return .object(members)
                            }),
                        "next": .string(String(next)), "more": .bool(next < last),
                    ], headers: headers)
            } catch {
                return Envelope.response(.internalServerError, message: error.message)
            }
        }
    }

    /// `GET /v1/changes.atom`: the newest applied runs that changed something, as Atom.
    func atom(_ request: Request) async -> Response {
        let store = store
        let ifNoneMatch = request.headers[.ifNoneMatch]
        return await Routes.offPool {
            do throws(CatalogError) {
                let last = try store.lastEventSequence()
                var headers = Self.headers(etag: "\"atom-\(last)\"")
                if let ifNoneMatch, Routes.matches(ifNoneMatch, headers[.eTag] ?? "") {
                    return Response(status: .notModified, headers: headers)
                }
                let events = try store.latestEvents(kind: .catalogChanged, limit: Self.atomEntries)
                headers[.contentType] = "application/atom+xml; charset=utf-8"
                return Response(
                    status: .ok, headers: headers,
                    body: .init(byteBuffer: ByteBuffer(string: AtomFeed.document(events, now: Date()))))
            } catch {
                return Envelope.response(.internalServerError, message: error.message)
            }
        }
    }

    /// `GET /v1/runs/{id}/changes?offset=&limit=`: every change one run recorded, a page at a time.
    func runChanges(_ id: String, _ request: Request) async -> Response {
        let parameters = request.uri.queryParameters
        let offset: Int
        let limit: Int
        do throws(TemplateQueryParameters.Refusal) {
            offset = try TemplateQueryParameters.integer(parameters, "offset", in: 0...10_000_000) ?? 0
            limit = try TemplateQueryParameters.integer(parameters, "limit", in: 1...1000) ?? 1000
        } catch {
            return Envelope.response(.badRequest, message: error.message)
        }
        guard let run = DecimalText.integer(id).flatMap({ Int64(exactly: $0) }), run > 0 else {
            return Envelope.response(.notFound, message: "No run \"\(id.prefix(40))\": runs are numbered from 1.")
        }
        let store = store
        return await Routes.offPool {
            do throws(CatalogError) {
                guard let found = try store.run(id: run) else {
                    return Envelope.response(.notFound, message: "No run \(run) in the catalog.")
                }
                let changes = try store.changes(ofRun: run, offset: offset, limit: limit)
                let total = found.added + found.changed + found.removed
                return Envelope.response(
                    .ok, message: "success",
                    data: [
                        "run": .int(run), "offset": .int(Int64(offset)), "total": .int(Int64(total)),
                        "changes": .array(changes.map(Self.json)),
                    ])
            } catch {
                return Envelope.response(.internalServerError, message: error.message)
            }
        }
    }

    static func json(_ record: CatalogStore.ChangeRecord) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for field in record.change.fields {
            fields[field.field] = ["old": field.old ?? .null, "new": field.new ?? .null]
        }
        return [
            "template": .string(record.change.templateID), "kind": .string(record.change.kind.rawValue),
            "fields": .object(fields),
        ]
    }

    static func headers(etag: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.eTag] = etag
        headers[.cacheControl] = Routes.cacheControl
        return headers
    }
}
