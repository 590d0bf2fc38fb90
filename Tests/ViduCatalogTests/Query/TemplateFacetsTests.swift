import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// Facet counts against the list itself: every count a facet shows is the number of templates the
/// list gives when that value is chosen with the other filters kept.
@Suite struct TemplateFacetsTests {
    let folder = TemporaryDirectory()
    let store: CatalogStore

    /// The bundled sample, with three of its templates removed by a later load.
    init() throws {
        store = try CatalogStore(path: folder.file("facets.sqlite"))
        let sample = BundledData.sampleSnapshot()
        try store.importSnapshot(sample, kind: .import, source: "sample")
        let kept = CatalogSnapshot(templates: Array(sample.templates.dropFirst(3)))
        try store.apply(kept, removingMissing: true, kind: .import, source: "sample minus three")
    }

    func count(_ query: TemplateQuery) throws -> Int { try store.templates(matching: query).count }

    static let queries: [TemplateQuery] = [
        TemplateQuery(),
        TemplateQuery(aspectRatios: ["9:16"]),
        TemplateQuery(resolutions: ["1080p"], duration: 4),
        TemplateQuery(hot: true, maxCredits: 20),
        TemplateQuery(acceptsImages: 2, promptRequired: false),
        TemplateQuery(search: "hug"),
        TemplateQuery(includeRemoved: true),
        TemplateQuery(aspectRatios: ["16:9", "1:1"], new: false),
    ]

    @Test(arguments: queries) func everyCountIsWhatTheListGivesForThatChoice(query: TemplateQuery) throws {
        let facets = try store.facets(for: query)
        let total = try count(query)
        #expect(facets.total == total)
        #expect(try store.count(matching: query) == total)
        func check(_ counts: [TemplateFacets.Count], _ name: String, choose: (inout TemplateQuery, String) -> Void)
            throws
        {
            for item in counts {
                var chosen = query
                choose(&chosen, item.value)
                let expected = try count(chosen)
                #expect(item.count == expected, "\(name) = \(item.value)")
            }
        }
        #expect(!facets.aspectRatios.isEmpty || facets.total == 0)
        try check(facets.aspectRatios, "aspect_ratio") { $0.aspectRatios = [$1] }
        try check(facets.resolutions, "resolution") { $0.resolutions = [$1] }
        try check(facets.durations, "duration") { $0.duration = Int($1) }
        try check(facets.categories, "category") { $0.category = $1 }
        try check(facets.hot, "hot") { $0.hot = $1 == "true" }
        try check(facets.new, "new") { $0.new = $1 == "true" }
        try check(facets.promptRequired, "prompt_required") { $0.promptRequired = $1 == "true" }
        try check(facets.images, "images") { $0.acceptsImages = Int($1) }
        try check(facets.maxCredits, "max_credits") { $0.maxCredits = Int($1) }
        var withRemoved = query
        withRemoved.includeRemoved = true
        var withoutRemoved = query
        withoutRemoved.includeRemoved = false
        let removed = try count(withRemoved) - count(withoutRemoved)
        #expect(facets.removed == removed)
    }

    /// Every value of a facet that the catalog has appears (nothing matching is left out of the list).
    @Test func theFacetsListEveryValueTheCatalogOffers() throws {
        let facets = try store.facets(for: TemplateQuery())
        let active = try store.templates(matching: TemplateQuery())
        let ratios = Set(active.flatMap { $0.template.aspectRatios ?? [] })
        #expect(Set(facets.aspectRatios.map(\.value)) == ratios)
        let durations: Set<String> = Set(active.flatMap { $0.template.durations ?? [] }.map { String($0) })
        #expect(Set(facets.durations.map(\.value)) == durations)
        let order: [Int] = facets.durations.map { Int($0.value) ?? -1 }
        #expect(order == order.sorted())
        #expect(facets.removed == 3)
        let priced = active.filter { $0.template.credits != nil }.count
        #expect(facets.maxCredits.last?.count == priced)
    }

    /// Pages through `offset` put together are the whole list, in order.
    @Test func pagesPutTogetherAreTheWholeList() throws {
        var query = TemplateQuery(sort: .credits)
        let whole = try store.templates(matching: query).map(\.id)
        var paged: [String] = []
        query.limit = 25
        while true {
            let page = try store.templates(matching: query).map(\.id)
            paged += page
            if page.count < 25 { break }
            query.offset += 25
        }
        #expect(paged == whole)
        #expect(whole.count > 50)
    }

    /// A search with no word in it matches nothing, and says so in every count.
    @Test func aSearchWithoutAWordCountsNothing() throws {
        let facets = try store.facets(for: TemplateQuery(search: "  "))
        #expect(facets.total == 0)
        #expect(facets.aspectRatios.isEmpty)
    }
}
