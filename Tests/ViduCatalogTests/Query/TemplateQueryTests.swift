import Foundation
import GRDB
import Testing
// @testable: these tests read the generated SQL filters and the search pattern, and the store's pool, to
// check what the query asks SQLite, not only what it returns.
@testable import ViduCatalog
import ViduCatalogTesting

/// Each filter against the hand-checked table in ``Fixtures/smallCatalog``.
@Suite struct TemplateQueryTests {
    let folder = TemporaryDirectory()
    let store: CatalogStore

    init() throws {
        store = try CatalogStore(path: folder.file("q.sqlite"))
        try store.importSnapshot(
            CatalogSnapshot(data: Array(Fixtures.smallCatalog.utf8), source: "small"), kind: .import, source: "small")
    }

    func ids(_ query: TemplateQuery) throws -> [String] {
        try store.templates(matching: query).map(\.id)
    }

    @Test(arguments: [
        (TemplateQuery(), ["alpha_dance", "Beta_Hug", "delta_zombie", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(aspectRatios: ["9:16"]), ["alpha_dance", "Beta_Hug", "delta_zombie"]),
        (TemplateQuery(aspectRatios: ["1:1", "16:9"]), ["Beta_Hug", "delta_zombie", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(aspectRatios: ["4:3"]), []),
        (TemplateQuery(resolutions: ["1080p"]), ["alpha_dance", "Beta_Hug"]),
        (TemplateQuery(resolutions: ["540p", "1080p"]), ["alpha_dance", "Beta_Hug", "delta_zombie"]),
        (TemplateQuery(duration: 4), ["alpha_dance", "Beta_Hug", "epsilon_pets"]),
        (TemplateQuery(duration: 0), ["gamma_melt"]),
        (TemplateQuery(category: "romance"), ["Beta_Hug"]),
        (TemplateQuery(category: "14"), ["delta_zombie"]),
        (TemplateQuery(category: "Nope"), []),
        (TemplateQuery(hot: true), ["alpha_dance", "delta_zombie"]),
        (TemplateQuery(hot: false), ["Beta_Hug", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(new: true), ["Beta_Hug", "delta_zombie"]),
        (TemplateQuery(maxCredits: 8), ["alpha_dance", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(acceptsImages: 1), ["alpha_dance", "gamma_melt"]),
        (TemplateQuery(acceptsImages: 2), ["Beta_Hug", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(acceptsImages: 5), ["epsilon_pets"]),
        (TemplateQuery(promptRequired: true), ["Beta_Hug"]),
        (TemplateQuery(promptRequired: false), ["alpha_dance", "epsilon_pets", "gamma_melt"]),
        (TemplateQuery(search: "zombie"), ["delta_zombie"]),
        (TemplateQuery(search: "delta"), ["delta_zombie"]),
        (TemplateQuery(search: "twirl"), ["alpha_dance"]),
        (TemplateQuery(search: "transf"), ["gamma_melt"]),
        (TemplateQuery(search: "hug romance"), ["Beta_Hug"]),
        (TemplateQuery(search: "\"*^ OR"), []),
        // Diacritics are folded like the table folds them; "délta" and "Délta" find "Délta Zombie".
        (TemplateQuery(search: "délta"), ["delta_zombie"]),
        (TemplateQuery(search: "DÉLTA zomb"), ["delta_zombie"]),
        (TemplateQuery(search: "  "), []),
        (TemplateQuery(aspectRatios: ["9:16"], hot: true, maxCredits: 10), ["alpha_dance"]),
        (TemplateQuery(limit: 2), ["alpha_dance", "Beta_Hug"]),
    ])
    func filtersMatchTheHandCheckedTable(query: TemplateQuery, expected: [String]) throws {
        #expect(try ids(query) == expected)
    }

    @Test(arguments: [
        (TemplateSort.name, ["alpha_dance", "Beta_Hug", "delta_zombie", "epsilon_pets", "gamma_melt"]),
        (.credits, ["alpha_dance", "gamma_melt", "epsilon_pets", "Beta_Hug", "delta_zombie"]),
        (.category, ["alpha_dance", "delta_zombie", "epsilon_pets", "Beta_Hug", "gamma_melt"]),
    ])
    func sorts(sort: TemplateSort, expected: [String]) throws {
        #expect(try ids(TemplateQuery(sort: sort)) == expected)
    }

    /// Texts the ASCII tokenizer and the table's unicode61 tokenizer cut differently once became FTS5
    /// phrases, which a `detail=none` table cannot answer: the query failed (a 500 from `serve`).
    @Test(arguments: [
        "0\u{F37C5}ýï¤J", "a\u{00B7}b", "x\u{2019}y z", "\u{1F600}smile", "é\u{0301}", "中文搜索", "a-b_c.d", "\u{0000}x",
        String(repeating: "ab\u{00A0}", count: 100),
    ])
    func anySearchTextGivesAnAnswerNotAnError(text: String) throws {
        _ = try ids(TemplateQuery(search: text))
        #expect(SearchPattern.tokenize(text).allSatisfy { !$0.isEmpty })
    }

    @Test func newestFirstSortsByFirstSeen() throws {
        var later = try CatalogSnapshot(data: Array(Fixtures.smallCatalog.utf8), source: "small")
        later.templates = [Template(id: "zeta_new")]
        try store.importSnapshot(later, kind: .import, source: "later", now: Date() + 60)
        #expect(try ids(TemplateQuery(sort: .newest)).first == "zeta_new")
    }

    @Test func removedTemplatesAppearOnlyWhenAskedFor() throws {
        try store.pool.write {
            try $0.execute(sql: "UPDATE template SET removed_at = ? WHERE id = 'gamma_melt'", arguments: [Date()])
        }
        #expect(try !ids(TemplateQuery()).contains("gamma_melt"))
        #expect(try ids(TemplateQuery(includeRemoved: true)).contains("gamma_melt"))
        #expect(try store.entry(id: "gamma_melt")?.isActive == false)
        #expect(try store.snapshot().templates.count == 4)
    }

    @Test func everyFilterRunsOnAnIndex() throws {
        let queries = [
            TemplateQuery(aspectRatios: ["9:16"]), TemplateQuery(resolutions: ["720p"]), TemplateQuery(duration: 4),
            TemplateQuery(category: "Dance"), TemplateQuery(category: "8"), TemplateQuery(hot: true),
            TemplateQuery(new: true), TemplateQuery(maxCredits: 5), TemplateQuery(acceptsImages: 2),
            TemplateQuery(promptRequired: true), TemplateQuery(search: "dance"),
        ]
        for query in queries {
            var unfiltered = query
            unfiltered.includeRemoved = true
            let filters = try #require(unfiltered.filters())
            let sql: SQL = "SELECT t.pk FROM template t WHERE " + filters.map(\.searchable).joined(separator: " AND ")
            let plan = try store.pool.read { db in
                let (text, arguments) = try sql.build(db)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + text, arguments: arguments)
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
            // A full scan of the template table reads "SCAN t"; every filter must go through an index instead
            // (a search of one, a scan of a partial one, the option table's key or the full-text index).
            let steps = plan.components(separatedBy: "; ")
            #expect(!steps.contains("SCAN t"), "\(query): \(plan)")
            #expect(
                steps.contains {
                    $0.hasPrefix("SEARCH t") || $0.hasPrefix("SCAN t USING") || $0.contains("VIRTUAL TABLE")
                }, "\(query): \(plan)")
        }
    }

    @Test func suggestsCloseIDs() throws {
        #expect(try store.suggestions(for: "beta_hug") == ["Beta_Hug"])
        #expect(try store.suggestions(for: "alpha_dnce") == ["alpha_dance"])
        #expect(try store.suggestions(for: "completely different").isEmpty)
        #expect {
            try store.requireEntry(id: "gama_melt")
        } throws: { error in
            let error = error as? CatalogError
            return error?.code == .templateNotFound && error?.suggestions == ["gamma_melt"]
                && error?.message == #"No template "gama_melt" in the catalog. Did you mean gamma_melt?"#
        }
    }
}

@Suite struct TemplateSuggesterTests {
    @Test func prefersACaseInsensitiveMatchThenTheSmallestDistanceAndGivesAtMostThree() {
        let ids = ["Hugging", "hugging_2", "huggin", "kissing", "hug", "mugging"]
        #expect(TemplateSuggester.suggestions(for: "HUGGING", among: ids) == ["Hugging", "huggin", "mugging"])
        #expect(TemplateSuggester.suggestions(for: "xyz", among: ids).isEmpty)
        #expect(TemplateSuggester.suggestions(for: "Hugging", among: ids).count == 3)
        #expect(!TemplateSuggester.suggestions(for: "Hugging", among: ids).contains("Hugging"))
    }
}
