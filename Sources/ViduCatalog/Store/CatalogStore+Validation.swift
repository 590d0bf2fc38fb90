import Foundation
import GRDB

extension CatalogStore {
    /// The index a ``RequestValidator`` needs, read in one transaction: the active templates, the
    /// removed ones with their dates, and which catalog this is (its identity, its last live load,
    /// or the bundled sample's date). The parameter rules are the bundled `Data/parameter-rules.json`
    /// unless given.
    public func validationCatalog(rules: ParameterRules = BundledData.parameterRules()) throws(CatalogError)
        -> ValidationCatalog
    {
        try catalogForServing(rules: rules).catalog
    }

    /// The active templates in upstream order and their validation index, read in one transaction, so
    /// that both describe the same catalog (what `serve` swaps in after a sync).
    public func catalogForServing(rules: ParameterRules = BundledData.parameterRules()) throws(CatalogError)
        -> (templates: [Template], catalog: ValidationCatalog)
    {
        let (entries, context) = try read { db -> ([CatalogEntry], ValidationCatalog.Context) in
            let request = SQLRequest<Row>(
                literal:
                    "SELECT \(TemplateQuery.selectedColumns) FROM \(TemplateQuery.fromClause) ORDER BY t.position, t.id"
            )
            let entries = try Row.fetchAll(db, request).map { try Self.entry(from: $0, path: path) }
            let live = try Row.fetchOne(
                db,
                sql: """
                    SELECT kind, finished_at FROM catalog_run
                    WHERE status != 'failed' AND kind != 'snapshot' ORDER BY id DESC LIMIT 1
                    """)
            let sampleDate = try String.fetchOne(
                db,
                sql: """
                    SELECT snapshot_date FROM catalog_run
                    WHERE status != 'failed' AND kind = 'snapshot' ORDER BY id DESC LIMIT 1
                    """)
            let context = ValidationCatalog.Context(
                catalogHash: try Self.catalogHash(in: db), loadedAt: live?[1],
                loadKind: live.flatMap { LoadKind(rawValue: $0[0]) }, snapshotDate: live == nil ? sampleDate : nil,
                source: path)
            return (entries, context)
        }
        var removed: [String: Date] = [:]
        for entry in entries {
            if let removedAt = entry.removedAt { removed[entry.id] = removedAt }
        }
        let active = entries.filter(\.isActive).map(\.template)
        return (active, ValidationCatalog(templates: active, removed: removed, rules: rules, context: context))
    }
}
