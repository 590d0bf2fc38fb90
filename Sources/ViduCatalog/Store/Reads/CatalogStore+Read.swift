import Foundation
import GRDB

extension CatalogStore {
    /// The templates matching `query`, in its order.
    public func templates(matching query: TemplateQuery) throws(CatalogError) -> [CatalogEntry] {
        guard let filters = query.filters() else { return [] }
        return try read { db in
            let strategy = try Self.strategy(for: query, filters: filters, in: db)
            guard let sql = query.sql(strategy: strategy) else { return [] }
            let request = SQLRequest<Row>(literal: sql)
            let rows = try Row.fetchCursor(db, request)
            var entries: [CatalogEntry] = []
            while let row = try rows.next() {
                entries.append(try Self.entry(from: row, path: path))
            }
            return entries
        }
    }

    /// Counts each filter's matches up to ``TemplateQueryStrategy/countCap(catalogSize:limit:)`` (index lookups only) and chooses.
    static func strategy(for query: TemplateQuery, filters: [TemplateQuery.Filter], in db: Database) throws
        -> TemplateQueryStrategy
    {
        guard !filters.isEmpty else { return .sqliteChooses }
        // Without a limit every match is read anyway: let SQLite drive from its best index.
        guard let limit = query.rowsToReach else { return .sqliteChooses }
        // The largest rowid approximates the catalog size in O(log n); tombstones keep their rows.
        let size = try Int.fetchOne(db, sql: "SELECT max(pk) FROM template") ?? 0
        // Past the smallest count so far, a filter cannot be the narrowest: stop counting it there.
        var cap = TemplateQueryStrategy.countCap(catalogSize: size, limit: limit)
        var counts: [Int] = []
        for filter in filters {
            let count = try Int.fetchOne(db, SQLRequest<Int>(literal: filter.count(cap))) ?? 0
            counts.append(count)
            cap = max(min(cap, count), 1)
        }
        let keepingOrder = Set(filters.indices.filter { filters[$0].keepsOrder.contains(query.sort) })
        return TemplateQueryStrategy.choose(
            matchCounts: counts, keepingOrder: keepingOrder, catalogSize: size, limit: limit)
    }

    /// The template with exactly this ID, active or removed; `nil` when the catalog never held it.
    public func entry(id: String) throws(CatalogError) -> CatalogEntry? {
        try read { db in
            let request = SQLRequest<Row>(
                literal: "SELECT \(TemplateQuery.selectedColumns) FROM \(TemplateQuery.fromClause) WHERE t.id = \(id)")
            return try Row.fetchOne(db, request).map { try Self.entry(from: $0, path: path) }
        }
    }

    /// Like ``entry(id:)``, but throws `CatalogError/Code/templateNotFound` with up to three suggestions.
    public func requireEntry(id: String) throws(CatalogError) -> CatalogEntry {
        if let entry = try entry(id: id) { return entry }
        let suggestions = try suggestions(for: id)
        let hint = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
        throw CatalogError(.templateNotFound, "No template \"\(id)\" in the catalog.\(hint)", suggestions: suggestions)
    }

    /// Up to three active template IDs close to `id`.
    public func suggestions(for id: String) throws(CatalogError) -> [String] {
        let ids = try read { db in try String.fetchAll(db, sql: "SELECT id FROM template WHERE removed_at IS NULL") }
        return TemplateSuggester.suggestions(for: id, among: ids)
    }

    /// The active templates in upstream order, as a snapshot ready to export.
    public func snapshot() throws(CatalogError) -> CatalogSnapshot {
        let entries = try read { db in
            let request = SQLRequest<Row>(
                literal:
                    "SELECT \(TemplateQuery.selectedColumns) FROM \(TemplateQuery.fromClause) WHERE t.removed_at IS NULL ORDER BY t.position, t.id"
            )
            return try Row.fetchAll(db, request).map { try Self.entry(from: $0, path: path) }
        }
        return CatalogSnapshot(templates: entries.map(\.template), total: entries.count)
    }

    /// Whether the catalog holds no template at all, active or removed.
    public func isEmpty() throws(CatalogError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM template)") ?? true }
    }

    /// Decodes a row of ``TemplateQuery/selectedColumns``.
    static func entry(from row: Row, path: String) throws -> CatalogEntry {
        let blob: Data = try row.value(0, in: "template")
        let size: Int = try row.value(1, in: "template")
        let metadata = try metadata(blob: blob, size: size, path: path)
        return CatalogEntry(
            template: metadata.template, firstSeen: try row.value(2, in: "template"),
            updatedAt: try row.value(3, in: "template"), removedAt: try row.value(4, in: "template"),
            metadataSize: size,
            compressedSize: blob.count, coverProbes: metadata.probes)
    }
}
