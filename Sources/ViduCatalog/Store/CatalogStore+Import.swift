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
                    searchText: searchText(template))
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

    /// The instruction texts and the template's `person_count` (once, when the instruction repeats it).
    static func searchText(_ template: Template) -> String {
        let instruction = template.inputInstruction
        let person = template.personCount == instruction?.personCount ? nil : template.personCount
        return [person, instruction?.searchableText].compactMap { $0 }.joined(separator: " ")
    }

    /// Writes the templates that are new or changed; returns what it did.
    ///
    /// Option and full-text rows are written after the template rows, sorted by their keys, so each
    /// B-tree grows at its end. Loading many templates into an empty catalog drops the secondary
    /// indexes and builds them again afterwards (sorting once beats inserting in random order);
    /// inside the transaction, so either all of it happens or none.
    static func upsert(_ prepared: [PreparedTemplate], in db: Database, now: Date) throws -> ImportSummary {
        var existing: [String: (pk: Int64, hash: [UInt8], removed: Bool)] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT t.pk, t.id, m.content_hash, t.removed_at IS NOT NULL FROM template t JOIN template_metadata m USING (pk)")
        while let row = try rows.next() {
            existing[row[1]] = (row[0], [UInt8](row[2] as Data), row[3])
        }
        let rebuiltIndexes = existing.isEmpty && prepared.count >= 5000 ? try dropSecondaryIndexes(db) : []
        var summary = ImportSummary()
        var position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM template") ?? -1) + 1
        var pk = (try Int64.fetchOne(db, sql: "SELECT max(pk) FROM template") ?? 0) + 1
        // The same text GRDB writes for a Date, so reads decode it as one.
        guard let stamp = String.fromDatabaseValue(now.databaseValue) else {
            throw CatalogError(.database, "Cannot store the time \(now) in the catalog.")
        }
        var written: [(pk: Int64, item: PreparedTemplate)] = []
        var changedPKs: [Int64] = []
        for item in prepared {
            if let current = existing[item.template.id] {
                if current.hash == item.contentHash && !current.removed {
                    summary.unchanged += 1
                    continue
                }
                try update(item, pk: current.pk, in: db, stamp: stamp)
                changedPKs.append(current.pk)
                written.append((current.pk, item))
                summary.changed.append(item.template.id)
            } else {
                try insert(item, pk: pk, position: position, in: db, stamp: stamp)
                written.append((pk, item))
                pk += 1
                position += 1
                summary.added.append(item.template.id)
            }
        }
        try deleteIndexRows(of: changedPKs, in: db)
        try insertOptionRows(written, in: db)
        try insertSearchRows(written, in: db)
        for sql in rebuiltIndexes { try db.execute(sql: sql) }
        return summary
    }

    private static func insert(_ item: PreparedTemplate, pk: Int64, position: Int, in db: Database, stamp: String)
        throws
    {
        var statement = try RawStatement(
            db,
            sql: """
                INSERT INTO template (name, output_type, credits, category_id, category_name, is_hot, is_new,
                    image_min, image_max, prompt_required, updated_at, removed_at, position, id, first_seen, pk)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
                """)
        bindContent(item, stamp: stamp, to: &statement)
        statement.bind(position)
        statement.bind(item.template.id)
        statement.bind(stamp)
        statement.bind(pk)
        try statement.run()
        var metadata = try RawStatement(
            db, sql: "INSERT INTO template_metadata (pk, metadata, metadata_size, content_hash) VALUES (?, ?, ?, ?)")
        metadata.bind(pk)
        metadata.bind(item.metadata)
        metadata.bind(item.metadataSize)
        metadata.bind(item.contentHash)
        try metadata.run()
    }

    /// Updates a template's content; its position (upstream order) stays, as one page cannot tell the whole order.
    private static func update(_ item: PreparedTemplate, pk: Int64, in db: Database, stamp: String) throws {
        var statement = try RawStatement(
            db,
            sql: """
                UPDATE template SET name = ?, output_type = ?, credits = ?, category_id = ?, category_name = ?,
                    is_hot = ?, is_new = ?, image_min = ?, image_max = ?, prompt_required = ?,
                    updated_at = ?, removed_at = NULL
                WHERE pk = ?
                """)
        bindContent(item, stamp: stamp, to: &statement)
        statement.bind(pk)
        try statement.run()
        var metadata = try RawStatement(
            db, sql: "UPDATE template_metadata SET metadata = ?, metadata_size = ?, content_hash = ? WHERE pk = ?")
        metadata.bind(item.metadata)
        metadata.bind(item.metadataSize)
        metadata.bind(item.contentHash)
        metadata.bind(pk)
        try metadata.run()
    }

    /// Stored as `image_max` for "no upper bound", so that "accepts N images" is one index range.
    static let unboundedImageCount = Int(Int32.max)

    /// The column values shared by insert and update, in the order both statements list them.
    private static func bindContent(_ item: PreparedTemplate, stamp: String, to statement: inout RawStatement) {
        let template = item.template
        statement.bind(template.name)
        statement.bind(template.outputType)
        statement.bind(template.credits)
        statement.bind(template.categoryID)
        statement.bind(template.categoryName)
        statement.bind(template.isHot ?? false)
        statement.bind(template.isNew ?? false)
        statement.bind(item.imageCount?.min)
        statement.bind(item.imageCount.map { $0.max ?? unboundedImageCount })
        statement.bind(item.promptRequired)
        statement.bind(stamp)
    }

    private static func deleteIndexRows(of pks: [Int64], in db: Database) throws {
        for pk in pks {
            var options = try RawStatement(db, sql: "DELETE FROM template_option WHERE template_pk = ?")
            options.bind(pk)
            try options.run()
            var search = try RawStatement(db, sql: "DELETE FROM template_fts WHERE rowid = ?")
            search.bind(pk)
            try search.run()
        }
    }

    /// One row per supported option value, in primary-key order so the B-tree grows at its end.
    ///
    /// Each (kind, value) group reaches SQLite as one JSON array of keys read by `json_each`: one
    /// statement per group instead of one per row, whose call overhead measured several times
    /// SQLite's own insertion work.
    private static func insertOptionRows(_ written: [(pk: Int64, item: PreparedTemplate)], in db: Database) throws {
        var groups: [OptionKey: [Int64]] = [:]
        for (pk, item) in written {
            let template = item.template
            for value in template.aspectRatios ?? [] {
                groups[OptionKey(kind: .aspectRatio, value: value), default: []].append(pk)
            }
            for value in template.resolutions ?? [] {
                groups[OptionKey(kind: .resolution, value: value), default: []].append(pk)
            }
            for value in template.durations ?? [] {
                groups[OptionKey(kind: .duration, value: String(value)), default: []].append(pk)
            }
        }
        for key in groups.keys.sorted() {
            let keys = (groups[key] ?? []).sorted()
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO template_option (kind, value, template_pk) SELECT ?, ?, value FROM json_each(?)",
                arguments: [key.kind.rawValue, key.value, "[" + keys.map(String.init).joined(separator: ",") + "]"])
        }
    }

    private struct OptionKey: Hashable, Comparable {
        var kind: TemplateOption
        var value: String

        static func < (lhs: OptionKey, rhs: OptionKey) -> Bool {
            (lhs.kind.rawValue, lhs.value) < (rhs.kind.rawValue, rhs.value)
        }
    }

    /// The full-text rows, in key order.
    private static func insertSearchRows(_ written: [(pk: Int64, item: PreparedTemplate)], in db: Database) throws {
        var statement = try RawStatement(
            db, sql: "INSERT INTO template_fts (rowid, template, name, category, instructions) VALUES (?, ?, ?, ?, ?)")
        for (pk, item) in written.sorted(by: { $0.pk < $1.pk }) {
            statement.bind(pk)
            statement.bind(item.template.id)
            statement.bind(item.template.name)
            statement.bind(item.template.categoryName)
            statement.bind(item.searchText)
            try statement.run()
        }
    }

    /// Drops the secondary indexes of the template and option tables; returns the statements that recreate them.
    private static func dropSecondaryIndexes(_ db: Database) throws -> [String] {
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND tbl_name IN ('template', 'template_option') AND sql IS NOT NULL
                """)
        for index in indexes {
            try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
        }
        return indexes.map { $0["sql"] }
    }
}
