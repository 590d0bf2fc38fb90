import GRDB

extension CatalogStore {
    /// How many templates match `query`, and how many each value of each filter would leave given
    /// the others (``TemplateFacets``): a dozen grouped counts in one read transaction, each over the
    /// templates the other filters leave, through the option index and the template columns.
    public func facets(for query: TemplateQuery) throws(CatalogError) -> TemplateFacets {
        try read { db in
            var facets = TemplateFacets()
            // A search without a word matches nothing: every count is zero.
            guard let conditions = query.conditions() else { return facets }
            func without(_ change: (inout TemplateQuery) -> Void) -> [SQL] {
                var other = query
                change(&other)
                return other.conditions() ?? ["0"]
            }
            facets.total = try Self.count(where: conditions, in: db)
            facets.aspectRatios = try Self.optionCounts(.aspectRatio, where: without { $0.aspectRatios = [] }, in: db)
            facets.resolutions = try Self.optionCounts(.resolution, where: without { $0.resolutions = [] }, in: db)
            facets.durations = try Self.optionCounts(.duration, where: without { $0.duration = nil }, in: db)
                .sorted { (Int($0.value) ?? .max, $0.value) < (Int($1.value) ?? .max, $1.value) }
            let named = without { $0.category = nil } + ["t.category_name IS NOT NULL"]
            facets.categories = try Self.counts(
                """
                SELECT t.category_name, count(*) FROM template t\(Self.whereClause(named)) \
                GROUP BY t.category_name COLLATE NOCASE ORDER BY 2 DESC, 1 COLLATE NOCASE
                """, in: db)
            facets.hot = try Self.flagCounts("is_hot", where: without { $0.hot = nil }, in: db)
            facets.new = try Self.flagCounts("is_new", where: without { $0.new = nil }, in: db)
            facets.promptRequired = try Self.flagCounts(
                "prompt_required", where: without { $0.promptRequired = nil }, in: db)
            facets.images = try Self.imageCounts(where: without { $0.acceptsImages = nil }, in: db)
            var cumulative = 0
            let priced = without { $0.maxCredits = nil } + ["t.credits IS NOT NULL"]
            facets.maxCredits = try Self.counts(
                "SELECT t.credits, count(*) FROM template t\(Self.whereClause(priced)) GROUP BY t.credits ORDER BY t.credits",
                in: db
            ).map { price in
                cumulative += price.count
                return TemplateFacets.Count(value: price.value, count: cumulative)
            }
            facets.removed = try Self.count(
                where: without { $0.includeRemoved = true } + ["t.removed_at IS NOT NULL"], in: db)
            return facets
        }
    }

    /// The templates `query` matches in all: what a page of it is a part of.
    public func count(matching query: TemplateQuery) throws(CatalogError) -> Int {
        guard let conditions = query.conditions() else { return 0 }
        return try read { db in try Self.count(where: conditions, in: db) }
    }

    private static func whereClause(_ conditions: [SQL]) -> SQL {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    private static func count(where conditions: [SQL], in db: Database) throws -> Int {
        try Int.fetchOne(db, SQLRequest<Int>(literal: "SELECT count(*) FROM template t" + whereClause(conditions)))
            ?? 0
    }

    /// Rows of (value, count), the value read as text whatever its column's type.
    private static func counts(_ sql: SQL, in db: Database) throws -> [TemplateFacets.Count] {
        try Row.fetchAll(db, SQLRequest<Row>(literal: sql)).compactMap { row in
            let value: DatabaseValue = row[0]
            let text: String? =
                switch value.storage {
                case .string(let string): string
                case .int64(let number): String(number)
                default: nil
                }
            guard let text, let count = Int.fromDatabaseValue(row[1]) else { return nil }
            return TemplateFacets.Count(value: text, count: count)
        }
    }

    /// Each value of one option kind among the templates the conditions leave, in value order.
    private static func optionCounts(_ kind: TemplateOption, where conditions: [SQL], in db: Database) throws
        -> [TemplateFacets.Count]
    {
        try counts(
            """
            SELECT o.value, count(*) FROM template t \
            JOIN template_option o ON o.template_pk = t.pk AND o.kind = \(kind.rawValue)\(whereClause(conditions)) \
            GROUP BY o.value ORDER BY o.value
            """, in: db)
    }

    /// `true` and `false` for a 0/1 column (NULL, unknown, in neither).
    private static func flagCounts(_ column: String, where conditions: [SQL], in db: Database) throws
        -> [TemplateFacets.Count]
    {
        let found = try counts(
            "SELECT t.\(sql: column), count(*) FROM template t\(whereClause(conditions)) GROUP BY 1", in: db)
        let count = { (flag: String) in found.first { $0.value == flag }?.count ?? 0 }
        return [.init(value: "true", count: count("1")), .init(value: "false", count: count("0"))]
    }

    /// For 1 to `TemplateFacets.maxImages` images, the templates whose image count admits that many.
    private static func imageCounts(where conditions: [SQL], in db: Database) throws -> [TemplateFacets.Count] {
        let images = Array(1...TemplateFacets.maxImages)
        let sums: [SQL] = images.map { "coalesce(sum(t.image_min <= \($0) AND t.image_max >= \($0)), 0)" }
        let sql: SQL = "SELECT " + sums.joined(separator: ", ") + " FROM template t" + whereClause(conditions)
        guard let row = try Row.fetchOne(db, SQLRequest<Row>(literal: sql)) else { return [] }
        return images.indices.map { index in
            TemplateFacets.Count(value: String(images[index]), count: Int.fromDatabaseValue(row[index]) ?? 0)
        }
    }
}
