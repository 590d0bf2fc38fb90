import GRDB

extension TemplateQuery {
    /// The columns every template read selects, in the order ``CatalogStore`` decodes them.
    static let selectedColumns: SQL = """
        t.metadata, t.metadata_size, t.first_seen, t.updated_at, t.removed_at
        """

    /// The one statement that answers this query; `nil` when the search text holds no word at all.
    ///
    /// Option filters are `pk IN (…)` over the `(kind, value, template_pk)` primary key; the other
    /// filters are plain comparisons on indexed columns, so SQLite can drive from whichever is most selective.
    func sql() -> SQL? {
        guard let conditions = conditions() else { return nil }
        var sql: SQL = "SELECT \(Self.selectedColumns) FROM template t"
        if !conditions.isEmpty {
            sql += " WHERE " + conditions.joined(separator: " AND ")
        }
        sql += " ORDER BY " + orderBy
        if let limit { sql += " LIMIT \(max(limit, 0))" }
        return sql
    }

    /// The WHERE terms over `template t`, all of them index-backed; `nil` when the search text holds no word.
    func conditions() -> [SQL]? {
        var conditions: [SQL] = []
        if !includeRemoved { conditions.append("t.removed_at IS NULL") }
        for (kind, values) in [(TemplateOption.aspectRatio, aspectRatios), (.resolution, resolutions)]
        where !values.isEmpty {
            conditions.append(
                "t.pk IN (SELECT template_pk FROM template_option WHERE kind = \(kind.rawValue) AND value IN \(values))")
        }
        if let duration {
            conditions.append(
                "t.pk IN (SELECT template_pk FROM template_option WHERE kind = \(TemplateOption.duration.rawValue) AND value = \(String(duration)))")
        }
        if let category {
            if let id = Int(category) {
                conditions.append("t.category_id = \(id)")
            } else {
                conditions.append("t.category_name = \(category) COLLATE NOCASE")
            }
        }
        if let hot { conditions.append("t.is_hot = \(hot ? 1 : 0)") }
        if let new { conditions.append("t.is_new = \(new ? 1 : 0)") }
        if let maxCredits { conditions.append("t.credits <= \(maxCredits)") }
        if let acceptsImages {
            conditions.append("t.image_min <= \(acceptsImages) AND coalesce(t.image_max, \(acceptsImages)) >= \(acceptsImages)")
        }
        if let promptRequired { conditions.append("t.prompt_required = \(promptRequired ? 1 : 0)") }
        if let search {
            guard let pattern = FTS5Pattern(matchingAllPrefixesIn: search) else { return nil }
            conditions.append("t.pk IN (SELECT rowid FROM template_fts WHERE template_fts MATCH \(pattern))")
        }
        return conditions
    }

    private var orderBy: SQL {
        switch sort {
        case .name: "t.name COLLATE NOCASE, t.id"
        case .credits: "t.credits IS NULL, t.credits, t.name COLLATE NOCASE, t.id"
        case .category: "t.category_name IS NULL, t.category_name COLLATE NOCASE, t.name COLLATE NOCASE, t.id"
        case .newest: "t.first_seen DESC, t.name COLLATE NOCASE, t.id"
        }
    }
}
