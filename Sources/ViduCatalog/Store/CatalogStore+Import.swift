import Crypto
import Dispatch
import Foundation
import GRDB

extension CatalogStore {
    /// Adds or updates every template of `snapshot` in one transaction; templates it does not hold are kept.
    ///
    /// A template whose canonical content is unchanged is not written at all, so `updated_at` means
    /// "content last changed". Either every template is applied or, on any error, none is.
    @discardableResult
    public func importSnapshot(
        _ snapshot: CatalogSnapshot, kind: LoadKind, source: String, now: Date = Date()
    ) throws(CatalogError) -> ImportSummary {
        let prepared = try Self.prepare(snapshot.templates)
        let summary = try write { db in
            // Big loads touch pages all over every index: keep them in memory rather than spilling to the WAL.
            if prepared.count > 10_000 { try db.execute(sql: "PRAGMA cache_size = -524288") }
            defer { try? db.execute(sql: "PRAGMA cache_size = -32768") }
            let summary = try Self.upsert(prepared, in: db, now: now)
            try db.execute(
                sql: """
                    INSERT INTO catalog_load (kind, source, snapshot_date, loaded_at, templates, added, changed, unchanged)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kind.rawValue, source, snapshot.sample?.snapshotDate, now, summary.total, summary.added.count,
                    summary.changed.count, summary.unchanged,
                ])
            if summary.added.count + summary.changed.count > 1000 {
                // A large load changes the value distributions the planner relies on.
                try db.execute(sql: "ANALYZE template; ANALYZE template_option")
            }
            return summary
        }
        logger.debug(
            "Imported templates",
            metadata: [
                "catalog.load.kind": "\(kind.rawValue)", "catalog.load.added": "\(summary.added.count)",
                "catalog.load.changed": "\(summary.changed.count)", "catalog.load.unchanged": "\(summary.unchanged)",
            ])
        return summary
    }

    /// A template with everything the database needs, computed before the write transaction opens.
    struct PreparedTemplate: Sendable {
        var template: Template
        var contentHash: [UInt8]
        var metadata: [UInt8]
        var metadataSize: Int
        var imageCount: ImageCount?
        var promptRequired: Bool?
        var searchText: String
    }

    /// Serialises, hashes and compresses on every core, outside the transaction; refuses conflicting duplicates.
    static func prepare(_ templates: [Template]) throws(CatalogError) -> [PreparedTemplate] {
        let prepared = ParallelMap.mapChunks(templates) { chunk in
            let compressor = Zlib.Compressor()
            let writer = JSONWriter()
            return chunk.map { template in
                let metadata = writer.data(CoverMetadata(template: template).json)
                let instruction = template.inputInstruction
                return PreparedTemplate(
                    template: template, contentHash: Array(SHA256.hash(data: writer.data(template.canonicalJSON))),
                    metadata: compressor.compress(metadata), metadataSize: metadata.count,
                    imageCount: instruction?.imageCount, promptRequired: instruction?.promptRequired,
                    searchText: [template.personCount, instruction?.searchableText].compactMap { $0 }
                        .joined(separator: " "))
            }
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(prepared.count)
        var unique: [PreparedTemplate] = []
        unique.reserveCapacity(prepared.count)
        for item in prepared {
            if let earlier = seen[item.template.id] {
                guard unique[earlier].contentHash == item.contentHash else {
                    throw CatalogError(
                        .malformedInput,
                        "Template \(item.template.id) appears twice in the input with different content; "
                            + "import the files separately or remove one copy.")
                }
                continue
            }
            seen[item.template.id] = unique.count
            unique.append(item)
        }
        return unique
    }

    /// Writes the templates that are new or changed; returns what it did.
    static func upsert(_ prepared: [PreparedTemplate], in db: Database, now: Date) throws -> ImportSummary {
        var existing: [String: (pk: Int64, hash: [UInt8], removed: Bool)] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT pk, id, content_hash, removed_at IS NOT NULL FROM template")
        while let row = try rows.next() {
            existing[row[1]] = (row[0], [UInt8](row[2] as Data), row[3])
        }
        var summary = ImportSummary()
        var position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM template") ?? -1) + 1
        for item in prepared {
            if let current = existing[item.template.id] {
                if current.hash == item.contentHash && !current.removed {
                    summary.unchanged += 1
                    continue
                }
                try update(item, pk: current.pk, in: db, now: now)
                summary.changed.append(item.template.id)
            } else {
                try insert(item, position: position, in: db, now: now)
                position += 1
                summary.added.append(item.template.id)
            }
        }
        return summary
    }

    private static func insert(_ item: PreparedTemplate, position: Int, in db: Database, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO template (name, output_type, credits, category_id, category_name, is_hot, is_new,
                    image_min, image_max, prompt_required, content_hash, updated_at, removed_at, position, id, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
                """)
        var arguments = contentArguments(item, now: now)
        arguments += [position, item.template.id, now]
        try statement.execute(arguments: arguments)
        let pk = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO template_metadata (pk, metadata, metadata_size) VALUES (?, ?, ?)")
            .execute(arguments: [pk, Data(item.metadata), item.metadataSize])
        try writeIndexes(item, pk: pk, replacing: false, in: db)
    }

    /// Updates a template's content; its position (upstream order) stays, as one page cannot tell the whole order.
    private static func update(_ item: PreparedTemplate, pk: Int64, in db: Database, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE template SET name = ?, output_type = ?, credits = ?, category_id = ?, category_name = ?,
                    is_hot = ?, is_new = ?, image_min = ?, image_max = ?, prompt_required = ?,
                    content_hash = ?, updated_at = ?, removed_at = NULL
                WHERE pk = ?
                """)
        var arguments = contentArguments(item, now: now)
        arguments += [pk]
        try statement.execute(arguments: arguments)
        try db.cachedStatement(sql: "UPDATE template_metadata SET metadata = ?, metadata_size = ? WHERE pk = ?")
            .execute(arguments: [Data(item.metadata), item.metadataSize, pk])
        try writeIndexes(item, pk: pk, replacing: true, in: db)
    }

    /// The column values shared by insert and update, in the order both statements list them.
    private static func contentArguments(_ item: PreparedTemplate, now: Date) -> StatementArguments {
        let template = item.template
        return [
            template.name, template.outputType, template.credits, template.categoryID, template.categoryName,
            template.isHot ?? false, template.isNew ?? false, item.imageCount?.min, item.imageCount?.max,
            item.promptRequired, Data(item.contentHash), now,
        ]
    }

    /// Rewrites the option rows and the full-text row of one template.
    private static func writeIndexes(_ item: PreparedTemplate, pk: Int64, replacing: Bool, in db: Database) throws {
        let template = item.template
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM template_option WHERE template_pk = ?").execute(arguments: [pk])
            try db.cachedStatement(sql: "DELETE FROM template_fts WHERE rowid = ?").execute(arguments: [pk])
        }
        let option = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO template_option (kind, value, template_pk) VALUES (?, ?, ?)")
        for value in template.aspectRatios ?? [] {
            try option.execute(arguments: [TemplateOption.aspectRatio.rawValue, value, pk])
        }
        for value in template.resolutions ?? [] {
            try option.execute(arguments: [TemplateOption.resolution.rawValue, value, pk])
        }
        for value in template.durations ?? [] {
            try option.execute(arguments: [TemplateOption.duration.rawValue, String(value), pk])
        }
        try db.cachedStatement(
            sql: "INSERT INTO template_fts (rowid, template, name, category, instructions) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [pk, template.id, template.name, template.categoryName, item.searchText])
    }
}
