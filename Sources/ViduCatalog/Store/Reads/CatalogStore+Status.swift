import Foundation
import GRDB

extension CatalogStore {
    /// Counts, categories, provenance and sizes.
    public func status() throws(CatalogError) -> CatalogStatus {
        let fileBytes = [path, path + "-wal"].reduce(Int64(0)) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
        return try read { db in
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM template WHERE removed_at IS NULL),
                           (SELECT count(*) FROM template WHERE removed_at IS NOT NULL),
                           coalesce(sum(metadata_size), 0), coalesce(sum(length(metadata)), 0)
                    FROM template_metadata
                    """)!
            let categories = try Row.fetchAll(
                db, sql: "SELECT name, id, templates FROM category ORDER BY templates DESC, name COLLATE NOCASE"
            ).map {
                CatalogStatus.Category(
                    name: try $0.value(0, in: "category"), id: try $0.value(1, in: "category"),
                    count: try $0.value(2, in: "category"))
            }
            let load = try Row.fetchOne(
                db,
                sql: """
                    SELECT kind, source, snapshot_date, finished_at FROM catalog_run
                    WHERE status != 'failed' ORDER BY id DESC LIMIT 1
                    """)
            let onlySample = try Bool.fetchOne(
                db,
                sql: """
                    SELECT count(*) > 0 AND count(*) = count(*) FILTER (WHERE kind = 'snapshot')
                    FROM catalog_run WHERE status != 'failed'
                    """)
            return CatalogStatus(
                path: path, fileBytes: fileBytes, activeCount: counts[0], removedCount: counts[1],
                categories: categories,
                lastLoad: try load.map {
                    CatalogStatus.Load(
                        kind: LoadKind(rawValue: try $0.value(0, in: "catalog_run")) ?? .import,
                        source: try $0.value(1, in: "catalog_run"), snapshotDate: try $0.value(2, in: "catalog_run"),
                        loadedAt: try $0.value(3, in: "catalog_run"))
                },
                metadataBytes: counts[2], compressedMetadataBytes: counts[3], onlySample: onlySample ?? false,
                catalogHash: try Self.catalogHash(in: db))
        }
    }

    /// The number of active templates, and whether every load so far was the bundled sample: what a
    /// sync's guard needs, without the rest of ``status()``.
    public func guardFacts() throws(CatalogError) -> (activeCount: Int, onlySample: Bool) {
        try read { db in
            let active = try Int.fetchOne(db, sql: "SELECT count(*) FROM template WHERE removed_at IS NULL") ?? 0
            let onlySample =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) > 0 AND count(*) = count(*) FILTER (WHERE kind = 'snapshot')
                        FROM catalog_run WHERE status != 'failed'
                        """) ?? false
            return (active, onlySample)
        }
    }
}
