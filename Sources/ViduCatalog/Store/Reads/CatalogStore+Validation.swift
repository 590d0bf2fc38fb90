import Foundation
import GRDB

extension CatalogStore {
    /// The index a `RequestValidator` needs, read in one transaction: the active templates, the
    /// removed ones with their dates, and which catalog this is (its identity, its last live load,
    /// or the bundled sample's date). The parameter rules are the bundled `Data/parameter-rules.json`
    /// unless given.
    ///
    /// Read from the compact index each load writes (`ValidationIndex`): no template's metadata is
    /// inflated, so it takes milliseconds at 100,000 templates. When that index is missing or damaged,
    /// the validator is built from the metadata instead (slower, the same answers) and a warning logged.
    public func validationCatalog(rules: ParameterRules = BundledData.parameterRules()) throws(CatalogError)
        -> ValidationCatalog
    {
        // One read, so that the index and the context describe the same catalog.
        let stored = try read { db -> (index: [UInt8], context: ValidationCatalog.Context)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT format, catalog_hash, data FROM validation_index WHERE id = 1"),
                try row.value(0, in: "validation_index", as: Int.self) == ValidationIndex.format
            else { return nil }
            let hash = try row.value(1, in: "validation_index", as: String.self)
            return (
                Array(try row.value(2, in: "validation_index", as: Data.self)),
                try Self.validationContext(catalogHash: hash, in: db, path: path)
            )
        }
        if let stored {
            do {
                return try ValidationCatalog(index: stored.index, rules: rules, context: stored.context)
            } catch {
                logger.warning(
                    "The catalog's validation index is damaged; reading every template instead",
                    metadata: ["catalog.path": "\(path)", "error": "\(error)"])
            }
        } else {
            logger.warning(
                "The catalog has no validation index of this version; reading every template instead",
                metadata: ["catalog.path": "\(path)"])
        }
        return try catalogForServing(rules: rules).catalog
    }

    /// The stored validation index's size in bytes, `nil` when there is none (what the benchmark
    /// reports per template).
    public func validationIndexBytes() throws(CatalogError) -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT length(data) FROM validation_index WHERE id = 1") }
    }

    /// Which catalog the verdicts come from: `catalogHash` (the catalog's identity), its last live load,
    /// or the bundled sample's date.
    static func validationContext(catalogHash: String, in db: Database, path: String) throws
        -> ValidationCatalog.Context
    {
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
        return ValidationCatalog.Context(
            catalogHash: catalogHash,
            loadedAt: try live?.value(1, in: "catalog_run", as: Date.self),
            loadKind: try live.flatMap { LoadKind(rawValue: try $0.value(0, in: "catalog_run", as: String.self)) },
            snapshotDate: live == nil ? sampleDate : nil,
            source: path)
    }

    /// The active templates in upstream order and their validation index, read in one transaction, so
    /// that both describe the same catalog.
    public func catalogForServing(rules: ParameterRules = BundledData.parameterRules()) throws(CatalogError)
        -> (templates: [Template], catalog: ValidationCatalog)
    {
        let (blobs, removed, context) = try read { db -> ([(Data, Int)], [String: Date], ValidationCatalog.Context) in
            var removed: [String: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, removed_at FROM template WHERE removed_at IS NOT NULL") {
                removed[try row.value(0, in: "template")] = try row.value(1, in: "template", as: Date.self)
            }
            let context = try Self.validationContext(catalogHash: try Self.catalogHash(in: db), in: db, path: path)
            return (try Self.activeMetadata(in: db), removed, context)
        }
        let active = try decode(blobs)
        return (active, ValidationCatalog(templates: active, removed: removed, rules: rules, context: context))
    }

    /// The active templates in upstream order, when the catalog is still the one whose identity is
    /// `catalogHash` (read in one transaction with that check); `nil` when it has changed since.
    ///
    /// What `serve` reads in the background after answering from the compact validation index: the
    /// listing must describe the same catalog as the validator and the ETags.
    public func activeTemplates(ifCatalogHash catalogHash: String) throws(CatalogError) -> [Template]? {
        let blobs = try read { db -> [(Data, Int)]? in
            let indexed = try String.fetchOne(
                db, sql: "SELECT catalog_hash FROM validation_index WHERE id = 1 AND format = ?",
                arguments: [ValidationIndex.format])
            guard try (indexed ?? Self.catalogHash(in: db)) == catalogHash else { return nil }
            return try Self.activeMetadata(in: db)
        }
        return try blobs.map { blobs throws(CatalogError) in try decode(blobs) }
    }

    /// Every active template's compressed metadata and its size, in upstream order.
    private static func activeMetadata(in db: Database) throws -> [(Data, Int)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT m.metadata, m.metadata_size FROM template t CROSS JOIN template_metadata m ON m.pk = t.pk
                WHERE t.removed_at IS NULL ORDER BY t.position, t.id
                """
        ).map { row -> (Data, Int) in
            (try row.value(0, in: "template_metadata"), try row.value(1, in: "template_metadata"))
        }
    }

    /// Decompresses and reads metadata: 100,000 templates take seconds, so on every core.
    private func decode(_ blobs: [(Data, Int)]) throws(CatalogError) -> [Template] {
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
        return active
    }
}
