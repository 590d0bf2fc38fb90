import Foundation
import Hummingbird
import ViduCatalog

/// The browser pages of `serve`: the gallery, a template's page, the catalog page and their assets.
/// Each handler parses, reads the catalog off the cooperative pool, and renders; the logic lives in
/// the query library and the view values.
struct GalleryRoutes: Sendable {
    let store: CatalogStore
    let state: ServedCatalogState
    let maxAge: Duration

    /// Cards per gallery page unless `limit` says otherwise (1 to ``maxLimit``).
    static let pageSize = 60
    static let maxLimit = 200
    /// The highest `page`: enough for the largest catalog a sync accepts, one card per page.
    static let maxPage = UpstreamConfiguration.maxTotal
    /// History lines a template page shows, newest first; recent changes the catalog page shows.
    static let historyLines = 50

    /// The banner and footer every page carries.
    func layout(now: Date = Date()) -> [String: Any] {
        let context = state.catalog.context
        var values: [String: Any] = [
            "footer": [
                "hash": String(context.catalogHash.prefix(12)), "active": String(state.catalog.count),
                "source": context.loadKind == .snapshot || context.loadedAt == nil ? "bundled sample" : context.source,
            ]
        ]
        if let banner = Self.banner(context, maxAge: maxAge, now: now) { values["banner"] = banner }
        return values
    }

    /// Why the catalog should not be trusted as live, if it should not: the bundled sample, or older
    /// than `serve --max-age`.
    static func banner(_ context: ValidationCatalog.Context, maxAge: Duration, now: Date) -> String? {
        guard let loadedAt = context.loadedAt, context.loadKind != .snapshot else {
            let dated = context.snapshotDate.map { " (dated \($0))" } ?? ""
            return "This is the bundled sample\(dated), not Crun's live catalog: run vidu-catalog sync to mirror it."
        }
        let age = now.timeIntervalSince(loadedAt)
        guard age > Double(maxAge.components.seconds) else { return nil }
        return "This catalog was last loaded \(CatalogPageView.age(age)) ago, past the allowed age: "
            + "it may not match Crun's catalog any more."
    }

    /// `GET /`: the gallery, filtered by the query string (the names of `/v1/templates`), a page at a time.
    func gallery(_ request: Request) async -> Response {
        // A form without JavaScript sends its unset fields empty: no filter, as unsent.
        let parameters = TemplateQueryParameters.nonEmpty(request.uri.queryParameters)
        var query: TemplateQuery
        let page: Int
        let limit: Int
        do throws(TemplateQueryParameters.Refusal) {
            query = try TemplateQueryParameters.query(parameters, emptyIsAbsent: true)
            page = try TemplateQueryParameters.integer(parameters, "page", in: 1...Self.maxPage) ?? 1
            limit = try TemplateQueryParameters.integer(parameters, "limit", in: 1...Self.maxLimit) ?? Self.pageSize
        } catch {
            return errorPage(.badRequest, "These filters cannot be read", error.message)
        }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: limit)
        query.limit = limit
        query.offset = overflow ? Int.max : offset
        let store = store
        let finished = query
        return await Routes.offPool {
            let layout = self.layout()
            do throws(CatalogError) {
                var timing = ServerTiming()
                let facets = try timing.measure("facets") { () throws(CatalogError) in try store.facets(for: finished) }
                let entries = try timing.measure("list") { () throws(CatalogError) in
                    try store.templates(matching: finished)
                }
                let values = timing.measure("values") {
                    Self.galleryValues(finished, facets: facets, entries: entries, page: page, limit: limit)
                        .merging(layout) { own, _ in own }
                }
                var response = timing.measure("render") { HTMLPage.response("gallery", values) }
                timing.write(into: &response.headers)
                return response
            } catch {
                return errorPage(.internalServerError, "The catalog cannot be read", error.message)
            }
        }
    }

    static func galleryValues(
        _ query: TemplateQuery, facets: TemplateFacets, entries: [CatalogEntry], page: Int, limit: Int
    ) -> [String: Any] {
        var values: [String: Any] = [
            "total": String(facets.total), "one": facets.total == 1,
            "cards": entries.map { ["html": TemplateCard.html($0)] },
            "facetGroups": FacetGroups.values(facets, query: query),
            "sorts": TemplateSort.allCases.map { sort in
                ["value": sort.rawValue, "label": sortLabel(sort), "selected": sort == query.sort] as [String: Any]
            },
        ]
        values["search"] = query.search
        let active = activeFilters(query)
        if active > 0 { values["activeFilters"] = String(active) }
        let pages = facets.total == 0 ? 1 : (facets.total - 1) / limit + 1
        if pages > 1 || page > 1 {
            let filters = TemplateQueryParameters.string(
                for: query, extra: limit == pageSize ? [] : [("limit", String(limit))])
            var pager: [String: Any] = ["current": String(page), "count": String(pages)]
            if page > 1 { pager["previous"] = GalleryPaths.gallery(filters, page: min(page - 1, pages)) }
            if page < pages { pager["next"] = GalleryPaths.gallery(filters, page: page + 1) }
            values["pages"] = pager
            values["pageInfo"] = "page \(page) of \(pages)"
        }
        return values
    }

    /// How many filter values the query sets (each checked option counts).
    static func activeFilters(_ query: TemplateQuery) -> Int {
        let set: [Bool] = [
            query.duration != nil, query.category != nil, query.hot != nil, query.new != nil,
            query.maxCredits != nil, query.acceptsImages != nil, query.promptRequired != nil, query.search != nil,
            query.includeRemoved,
        ]
        return query.aspectRatios.count + query.resolutions.count + set.filter { $0 }.count
    }

    static func sortLabel(_ sort: TemplateSort) -> String {
        switch sort {
        case .name: "Name"
        case .credits: "Cheapest first"
        case .category: "Category"
        case .newest: "Newest first"
        }
    }

    /// `GET /templates/{id}`: the template's page; an unknown ID gets a 404 page with suggestions.
    func template(_ id: String) async -> Response {
        guard id.unicodeScalars.count <= Routes.maxTextParameter else {
            return errorPage(.notFound, "No such template", "No template ID is that long.")
        }
        let store = store
        let catalog = state.catalog.validator.catalog
        return await Routes.offPool {
            let layout = self.layout()
            do throws(CatalogError) {
                guard let entry = try store.entry(id: id) else {
                    let suggestions = catalog.suggestions(for: id).map {
                        ["id": $0, "href": GalleryPaths.template($0)]
                    }
                    return HTMLPage.response(
                        "not-found",
                        layout.merging(["id": id, "suggestions": suggestions, "hasSuggestions": !suggestions.isEmpty]) {
                            $1
                        }, status: .notFound)
                }
                var timing = ServerTiming()
                let history = try timing.measure("history") { () throws(CatalogError) in
                    try store.latestChanges(limit: Self.historyLines, templateID: id)
                }
                let values = timing.measure("values") {
                    TemplatePageView.values(entry, rules: catalog.template(id: id), history: history)
                        .merging(layout) { own, _ in own }
                }
                var response = timing.measure("render") { HTMLPage.response("template", values) }
                timing.write(into: &response.headers)
                return response
            } catch {
                return errorPage(.internalServerError, "The catalog cannot be read", error.message)
            }
        }
    }

    /// `GET /catalog`: source, age, identity, counts, recent runs and changes.
    func catalog() async -> Response {
        let store = store
        return await Routes.offPool {
            let layout = self.layout()
            do throws(CatalogError) {
                var timing = ServerTiming()
                let status = try timing.measure("status") { () throws(CatalogError) in try store.status() }
                let runs = try timing.measure("runs") { () throws(CatalogError) in try store.runs(limit: 10) }
                let changes = try timing.measure("changes") { () throws(CatalogError) in
                    try store.latestChanges(limit: Self.historyLines)
                }
                let values = CatalogPageView.values(status, runs: runs, changes: changes, now: Date())
                var response = timing.measure("render") {
                    HTMLPage.response("catalog", values.merging(layout) { own, _ in own })
                }
                timing.write(into: &response.headers)
                return response
            } catch {
                return errorPage(.internalServerError, "The catalog cannot be read", error.message)
            }
        }
    }

    /// `GET /assets/{name}`: the style sheet and scripts, with an ETag; pages ask for them with the
    /// assets' version in the URL, so they may be kept for a day.
    static func asset(_ name: String, ifNoneMatch: String?) -> Response {
        guard let asset = GalleryAssets.assets[name] else {
            return Response(status: .notFound, headers: HTMLPage.headers(contentType: "text/plain; charset=utf-8"))
        }
        var headers = HTMLPage.headers(contentType: asset.contentType)
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "public, max-age=86400"
        if let ifNoneMatch, Routes.matches(ifNoneMatch, asset.etag) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }

    func errorPage(_ status: HTTPResponse.Status, _ heading: String, _ message: String) -> Response {
        HTMLPage.response("error", layout().merging(["heading": heading, "message": message]) { $1 }, status: status)
    }
}
