import GRDB

extension TemplateQuery {
    /// The columns every template read selects, in the order ``CatalogStore`` decodes them.
    static let selectedColumns: SQL = """
        m.metadata, m.metadata_size, t.first_seen, t.updated_at, t.removed_at
        """

    /// The tables every template read joins: template rows first, their metadata by primary key.
    static let fromClause: SQL = "template t CROSS JOIN template_metadata m ON m.pk = t.pk"

    /// One filter in two spellings: one SQLite may answer from an index, and one it can only check row by row.
    struct Filter {
        /// Lets SQLite find the matching rows through an index.
        var searchable: SQL
        /// The same test, written so SQLite will not drive the query from it (`+column`, correlated `EXISTS`).
        var checked: SQL
        /// Counts the matches, at most `cap`, through the filter's own index and nothing else.
        var count: (_ cap: Int) -> SQL
        /// The sorts whose order the filter's index keeps among its matches (an equality on the
        /// index's first column, followed by the sort's columns): walking it needs no sort at all.
        var keepsOrder: Set<TemplateSort> = []
    }

    /// The statement that answers this query with `strategy`; `nil` when the search text holds no word.
    func sql(strategy: TemplateQueryStrategy = .sqliteChooses) -> SQL? {
        guard let conditions = conditions(strategy: strategy) else { return nil }
        var sql: SQL = "SELECT \(Self.selectedColumns) FROM \(Self.fromClause)"
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        sql += " ORDER BY " + orderBy
        if let limit { sql += " LIMIT \(max(limit, 0))" }
        if offset > 0 { sql += (limit == nil ? " LIMIT -1" : "") + " OFFSET \(offset)" }
        return sql
    }

    /// The conditions on `template t` this query puts, joined by AND; `nil` when the search text holds
    /// no word (nothing matches). Shared by the list and the counts (`CatalogStore.facets(for:)`).
    func conditions(strategy: TemplateQueryStrategy = .sqliteChooses) -> [SQL]? {
        guard let filters = filters() else { return nil }
        var conditions: [SQL] = includeRemoved ? [] : ["t.removed_at IS NULL"]
        for (index, filter) in filters.enumerated() {
            switch strategy {
            case .sqliteChooses: conditions.append(filter.searchable)
            case .drive(let driver): conditions.append(index == driver ? filter.searchable : filter.checked)
            case .walk(let along): conditions.append(index == along ? filter.searchable : filter.checked)
            }
        }
        return conditions
    }

    /// The rows a walk must visit before it can stop: the limit, and the results skipped before it.
    var rowsToReach: Int? {
        limit.map { max($0, 0).addingReportingOverflow(max(offset, 0)) }.map { $0.overflow ? Int.max : $0.partialValue }
    }

    /// The filters of this query, each backed by an index; `nil` when the search text holds no word.
    func filters() -> [Filter]? {
        var filters: [Filter] = []
        func option(_ kind: TemplateOption, _ values: [String]) {
            guard !values.isEmpty else { return }
            let matches: SQL = "FROM template_option WHERE kind = \(kind.rawValue) AND value IN \(values)"
            filters.append(
                Filter(
                    searchable:
                        "t.pk IN (SELECT template_pk FROM template_option WHERE kind = \(kind.rawValue) AND value IN \(values))",
                    checked: """
                        EXISTS (SELECT 1 FROM template_option o \
                        WHERE o.kind = \(kind.rawValue) AND o.value IN \(values) AND o.template_pk = t.pk)
                        """,
                    count: { "SELECT count(*) FROM (SELECT 1 \(matches) LIMIT \($0))" }))
        }
        func column(_ searchable: SQL, _ checked: SQL, keepsOrder: Set<TemplateSort> = []) {
            filters.append(
                Filter(
                    searchable: searchable, checked: checked,
                    count: { "SELECT count(*) FROM (SELECT 1 FROM template t WHERE \(searchable) LIMIT \($0))" },
                    keepsOrder: keepsOrder))
        }
        option(.aspectRatio, aspectRatios)
        option(.resolution, resolutions)
        option(.duration, duration.map { [String($0)] } ?? [])
        if let category {
            if let id = Int(category) {
                column("t.category_id = \(id)", "+t.category_id = \(id)", keepsOrder: [.name])
            } else {
                column(
                    "t.category_name = \(category) COLLATE NOCASE", "+t.category_name = \(category) COLLATE NOCASE",
                    keepsOrder: [.name, .category])
            }
        }
        // Only "hot" and "new" have (partial) indexes; "not hot" is most of the catalog and is only checked.
        if let hot { column("t.is_hot = \(hot ? 1 : 0)", "+t.is_hot = \(hot ? 1 : 0)", keepsOrder: hot ? [.name] : []) }
        if let new { column("t.is_new = \(new ? 1 : 0)", "+t.is_new = \(new ? 1 : 0)", keepsOrder: new ? [.name] : []) }
        if let maxCredits { column("t.credits <= \(maxCredits)", "+t.credits <= \(maxCredits)") }
        if let count = acceptsImages {
            // image_max holds a large number for "no upper bound", so this is one range on (image_max, image_min).
            column(
                "t.image_max >= \(count) AND t.image_min <= \(count)",
                "+t.image_max >= \(count) AND t.image_min <= \(count)")
        }
        if let promptRequired {
            let flag = promptRequired ? 1 : 0
            column("t.prompt_required = \(flag)", "+t.prompt_required = \(flag)", keepsOrder: [.name])
        }
        if let search {
            guard let pattern = SearchPattern.pattern(for: search) else { return nil }
            let matches: SQL = "SELECT rowid FROM template_fts WHERE template_fts MATCH \(pattern)"
            filters.append(
                Filter(
                    searchable: "t.pk IN (\(matches))", checked: "+t.pk IN (\(matches))",
                    count: { "SELECT count(*) FROM (\(matches) LIMIT \($0))" }))
        }
        return filters
    }

    /// The orders match the sort indexes column for column, so SQLite can walk them instead of sorting.
    private var orderBy: SQL {
        switch sort {
        case .name: "t.name COLLATE NOCASE, t.id"
        case .credits: "t.credits, t.name COLLATE NOCASE, t.id"
        case .category: "t.category_name COLLATE NOCASE, t.name COLLATE NOCASE, t.id"
        case .newest: "t.first_seen DESC, t.name COLLATE NOCASE, t.id"
        }
    }
}
