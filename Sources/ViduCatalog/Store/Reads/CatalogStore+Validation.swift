import Foundation
import GRDB

extension CatalogStore {
    /// The index a `RequestValidator` needs, read in one transaction: the active templates, the
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
        let (blobs, removed, context) = try read { db -> ([(Data, Int)], [String: Date], ValidationCatalog.Context) in
            // Only the active templates' metadata is decoded; a removed one needs its ID and date.
            let blobs = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.metadata, m.metadata_size FROM template t CROSS JOIN template_metadata m ON m.pk = t.pk
                    WHERE t.removed_at IS NULL ORDER BY t.position, t.id
                    """
            ).map { row -> (Data, Int) in
                (try row.value(0, in: "template_metadata"), try row.value(1, in: "template_metadata"))
            }
            var removed: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, removed_at FROM template WHERE removed_at IS NOT NULL") {
                removed[try row.value(0, in: "template")] = try row.value(1, in: "template", as: Date.self)
            }
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
                catalogHash: try Self.catalogHash(in: db),
                loadedAt: try live?.value(1, in: "catalog_run", as: Date.self),
                loadKind: try live.flatMap { LoadKind(rawValue: try $0.value(0, in: "catalog_run", as: String.self)) },
                snapshotDate: live == nil ? sampleDate : nil,
                source: path)
            return (blobs, removed, context)
        }
        // Decompressing and reading 100,000 templates' metadata takes seconds: on every core.
        let file = path
        let decoded = ParallelMap.map(blobs) { blob, size in
            Result { () throws(CatalogError) -> Template in
                do {
                    return try Self.metadata(blob: blob, size: size, path: file).template
                } catch let error as CatalogError {
                    throw error
                } catch {
                    throw CatalogError(.notADatabase, "\(file) is damaged: \(error).")
                }
            }
        }
        var active: [Template] = []
        active.reserveCapacity(decoded.count)
        for result in decoded { active.append(try result.get()) }
        return (active, ValidationCatalog(templates: active, removed: removed, rules: rules, context: context))
    }
}
