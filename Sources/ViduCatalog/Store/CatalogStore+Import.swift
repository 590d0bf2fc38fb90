import Crypto
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
    struct PreparedTemplate {
        var template: Template
        var contentHash: [UInt8]
        var metadata: [UInt8]
        var metadataSize: Int
    }

    /// Serialises, hashes and compresses outside the transaction; refuses conflicting duplicates.
    static func prepare(_ templates: [Template]) throws(CatalogError) -> [PreparedTemplate] {
        var seen: [String: Int] = [:]
        var prepared: [PreparedTemplate] = []
        prepared.reserveCapacity(templates.count)
        let writer = JSONWriter()
        for template in templates {
            let contentHash = Array(SHA256.hash(data: writer.data(template.canonicalJSON)))
            if let earlier = seen[template.id] {
                guard prepared[earlier].contentHash == contentHash else {
                    throw CatalogError(
                        .malformedInput,
                        "Template \(template.id) appears twice in the input with different content; "
                            + "import the files separately or remove one copy.")
                }
                continue
            }
            let metadata = writer.data(CoverMetadata(template: template).json)
            seen[template.id] = prepared.count
            prepared.append(
                PreparedTemplate(
                    template: template, contentHash: contentHash, metadata: Zlib.compress(metadata),
                    metadataSize: metadata.count))
        }
        return prepared
    }

    /// Writes the templates that are new or changed; returns what it did.
    static func upsert(_ prepared: [PreparedTemplate], in db: Database, now: Date) throws -> ImportSummary {
        var existing: [String: (pk: Int64, hash: [UInt8], removed: Bool)] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT pk, id, content_hash, removed_at IS NOT NULL FROM template")
        while let row = try rows.next() {
            existing[row[1]] = (row[0], [UInt8](row[2] as Data), row[3])
        }
        var summary = ImportSummary()
        let basePosition = (try Int.fetchOne(db, sql: "SELECT max(position) FROM template") ?? -1) + 1
        for (offset, item) in prepared.enumerated() {
            let position = basePosition + offset
            if let current = existing[item.template.id] {
                if current.hash == item.contentHash && !current.removed {
                    summary.unchanged += 1
                    continue
                }
                try update(item, pk: current.pk, in: db, now: now)
                summary.changed.append(item.template.id)
            } else {
                try insert(item, position: position, in: db, now: now)
                summary.added.append(item.template.id)
            }
        }
        return summary
    }

    private static func insert(_ item: PreparedTemplate, position: Int, in db: Database, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO template (name, output_type, credits, category_id, category_name, is_hot, is_new,
                    image_min, image_max, prompt_required, content_hash, metadata, metadata_size,
                    updated_at, removed_at, position, id, first_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
                """)
        var arguments = contentArguments(item, now: now)
        arguments += [position, item.template.id, now]
        try statement.execute(arguments: arguments)
        try writeIndexes(item.template, pk: db.lastInsertedRowID, replacing: false, in: db)
    }

    /// Updates a template's content; its position (upstream order) stays, as one page cannot tell the whole order.
    private static func update(_ item: PreparedTemplate, pk: Int64, in db: Database, now: Date) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE template SET name = ?, output_type = ?, credits = ?, category_id = ?, category_name = ?,
                    is_hot = ?, is_new = ?, image_min = ?, image_max = ?, prompt_required = ?,
                    content_hash = ?, metadata = ?, metadata_size = ?, updated_at = ?, removed_at = NULL
                WHERE pk = ?
                """)
        var arguments = contentArguments(item, now: now)
        arguments += [pk]
        try statement.execute(arguments: arguments)
        try writeIndexes(item.template, pk: pk, replacing: true, in: db)
    }

    /// The column values shared by insert and update, in the order both statements list them.
    private static func contentArguments(_ item: PreparedTemplate, now: Date) -> StatementArguments {
        let template = item.template
        let imageCount = template.imageCount
        return [
            template.name, template.outputType, template.credits, template.categoryID, template.categoryName,
            template.isHot ?? false, template.isNew ?? false, imageCount?.min, imageCount?.max,
            template.promptRequired, Data(item.contentHash), Data(item.metadata), item.metadataSize, now,
        ]
    }

    /// Rewrites the option rows and the full-text row of one template.
    private static func writeIndexes(_ template: Template, pk: Int64, replacing: Bool, in db: Database) throws {
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
        ).execute(arguments: [
            pk, template.id, template.name, template.categoryName,
            [template.personCount, template.inputInstruction?.searchableText].compactMap { $0 }.joined(separator: " "),
        ])
    }
}
