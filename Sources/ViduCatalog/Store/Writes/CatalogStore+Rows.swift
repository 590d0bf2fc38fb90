import Foundation
import GRDB

/// The row writes of a load: each one bound through `RawStatement` (see there why).
extension CatalogStore {
    /// Inserts templates at the given keys and positions; the two statements are prepared once for all.
    static func insert(
        _ targets: [(pk: Int64, position: Int, index: Int)], of prepared: [PreparedTemplate], rows: [Int: RowData],
        in db: Database, stamp: String
    ) throws {
        guard !targets.isEmpty else { return }
        var statement = try RawStatement(
            db,
            sql: """
                INSERT INTO template (name, output_type, credits, category_id, category_name, is_hot, is_new,
                    image_min, image_max, prompt_required, updated_at, content_hash, validation_record, removed_at,
                    position, id, first_seen, pk)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
                """)
        var metadata = try RawStatement(
            db,
            sql: """
                INSERT INTO template_metadata (pk, metadata, metadata_size, covers_probed)
                VALUES (?, ?, ?, ?)
                """)
        for (pk, position, index) in targets {
            let item = prepared[index]
            guard let row = rows[index] else { throw missingRow(item) }
            bindContent(item, row, stamp: stamp, to: &statement)
            statement.bind(position)
            statement.bind(item.template.id)
            statement.bind(stamp)
            statement.bind(pk)
            try statement.run()
            metadata.bind(pk)
            metadata.bind(row.metadata)
            metadata.bind(row.metadataSize)
            metadata.bind(row.coversProbed)
            try metadata.run()
        }
    }

    /// Updates templates' content; their position (upstream order) stays, as one page cannot tell the
    /// whole order.
    static func update(
        _ targets: [(pk: Int64, index: Int)], of prepared: [PreparedTemplate], rows: [Int: RowData], in db: Database,
        stamp: String
    ) throws {
        guard !targets.isEmpty else { return }
        var statement = try RawStatement(
            db,
            sql: """
                UPDATE template SET name = ?, output_type = ?, credits = ?, category_id = ?, category_name = ?,
                    is_hot = ?, is_new = ?, image_min = ?, image_max = ?, prompt_required = ?,
                    updated_at = ?, content_hash = ?, validation_record = ?, removed_at = NULL
                WHERE pk = ?
                """)
        var metadata = try RawStatement(
            db,
            sql: """
                UPDATE template_metadata SET metadata = ?, metadata_size = ?, covers_probed = ?
                WHERE pk = ?
                """)
        for (pk, index) in targets {
            let item = prepared[index]
            guard let row = rows[index] else { throw missingRow(item) }
            bindContent(item, row, stamp: stamp, to: &statement)
            statement.bind(pk)
            try statement.run()
            metadata.bind(row.metadata)
            metadata.bind(row.metadataSize)
            metadata.bind(row.coversProbed)
            metadata.bind(pk)
            try metadata.run()
        }
    }

    /// A template to write whose rows were not prepared: a programming error, reported as a failed load.
    private static func missingRow(_ item: PreparedTemplate) -> CatalogError {
        CatalogError(.database, "The rows of template \(item.template.id) were not prepared; nothing was written.")
    }

    /// Stored as `image_max` for "no upper bound", so that "accepts N images" is one index range.
    static let unboundedImageCount = Int(Int32.max)

    /// The column values shared by insert and update, in the order both statements list them.
    private static func bindContent(
        _ item: PreparedTemplate, _ row: RowData, stamp: String, to statement: inout RawStatement
    ) {
        let template = item.template
        statement.bind(template.name)
        statement.bind(template.outputType)
        statement.bind(template.credits)
        statement.bind(template.categoryID)
        statement.bind(template.categoryName)
        statement.bind(template.isHot ?? false)
        statement.bind(template.isNew ?? false)
        statement.bind(row.imageCount?.min)
        statement.bind(row.imageCount.map { $0.max ?? unboundedImageCount })
        statement.bind(row.promptRequired)
        statement.bind(stamp)
        statement.bind(item.contentHash)
        statement.bind(row.validationRecord)
    }

    static func deleteIndexRows(of pks: [Int64], in db: Database) throws {
        guard !pks.isEmpty else { return }
        var options = try RawStatement(db, sql: "DELETE FROM template_option WHERE template_pk = ?")
        var search = try RawStatement(db, sql: "DELETE FROM template_fts WHERE rowid = ?")
        for pk in pks {
            options.bind(pk)
            try options.run()
            search.bind(pk)
            try search.run()
        }
    }

    /// One row per supported option value, in primary-key order so the B-tree grows at its end.
    ///
    /// Each (kind, value) group reaches SQLite as one JSON array of keys read by `json_each`: one
    /// statement per group instead of one per row, whose call overhead measured several times
    /// SQLite's own insertion work.
    static func insertOptionRows(
        _ written: [(pk: Int64, index: Int)], of prepared: [PreparedTemplate], in db: Database
    ) throws {
        var groups: [OptionKey: [Int64]] = [:]
        addOptionRows(written, of: prepared, to: &groups)
        try insertOptionGroups(groups, in: db)
    }

    /// Gathers the option rows of `written` by (kind, value), for ``insertOptionGroups(_:in:)``.
    static func addOptionRows(
        _ written: [(pk: Int64, index: Int)], of prepared: [PreparedTemplate], to groups: inout [OptionKey: [Int64]]
    ) {
        for (pk, index) in written {
            let template = prepared[index].template
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
    }

    /// One statement per (kind, value) group, keys sorted.
    static func insertOptionGroups(_ groups: [OptionKey: [Int64]], in db: Database) throws {
        for key in groups.keys.sorted() {
            let keys = (groups[key] ?? []).sorted()
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO template_option (kind, value, template_pk) SELECT ?, ?, value FROM json_each(?)",
                arguments: [key.kind.rawValue, key.value, "[" + keys.map(String.init).joined(separator: ",") + "]"])
        }
    }

    /// One group of option rows: a kind and a value.
    struct OptionKey: Hashable, Comparable {
        var kind: TemplateOption
        var value: String

        static func < (lhs: OptionKey, rhs: OptionKey) -> Bool {
            (lhs.kind.rawValue, lhs.value) < (rhs.kind.rawValue, rhs.value)
        }
    }

    /// The full-text rows, in key order.
    static func insertSearchRows(
        _ written: [(pk: Int64, index: Int)], of prepared: [PreparedTemplate], rows: [Int: RowData], in db: Database
    ) throws {
        var statement = try RawStatement(
            db, sql: "INSERT INTO template_fts (rowid, template, name, category, instructions) VALUES (?, ?, ?, ?, ?)")
        for (pk, index) in written.sorted(by: { $0.pk < $1.pk }) {
            let item = prepared[index]
            statement.bind(pk)
            statement.bind(item.template.id)
            statement.bind(item.template.name)
            statement.bind(item.template.categoryName)
            statement.bind(rows[index]?.searchText ?? "")
            try statement.run()
        }
    }

    /// Drops the secondary indexes of the template and option tables; returns the statements that recreate them.
    static func dropSecondaryIndexes(_ db: Database) throws -> [String] {
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND tbl_name IN ('template', 'template_option') AND sql IS NOT NULL
                """)
        for index in indexes {
            let name: String = try index.value(0, in: "sqlite_master")
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
        return try indexes.map { try $0.value(1, in: "sqlite_master") }
    }
}

extension CatalogStore {
    /// Marks a template removed upstream; its row, options and history stay.
    static func tombstone(pk: Int64, in db: Database, stamp: String) throws {
        var statement = try RawStatement(db, sql: "UPDATE template SET removed_at = ? WHERE pk = ?")
        statement.bind(stamp)
        statement.bind(pk)
        try statement.run()
    }
}
