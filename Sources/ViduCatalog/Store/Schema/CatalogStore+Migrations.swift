import GRDB

extension CatalogStore {
    /// The schema's history. Shipped migrations are never edited: add a new one instead.
    /// The catalog schema this version writes: the number of its migrations (v1, v2, …). A file of a
    /// higher one was written by a newer vidu-catalog and is refused.
    public static var schemaVersion: Int { migrator.migrations.count }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: templates, options, full-text index, runs and changes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE template (
                        pk INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        name TEXT,
                        output_type TEXT,
                        credits INTEGER,
                        category_id INTEGER,
                        category_name TEXT,
                        is_hot INTEGER NOT NULL CHECK (is_hot IN (0, 1)),
                        is_new INTEGER NOT NULL CHECK (is_new IN (0, 1)),
                        image_min INTEGER,
                        image_max INTEGER, -- 2147483647 when the text states no upper bound ("at least 2")
                        prompt_required INTEGER CHECK (prompt_required IN (0, 1)),
                        position INTEGER NOT NULL,
                        first_seen TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        removed_at TEXT
                    );
                    -- Sort orders double as filter indexes, and equality filters keep name order, so a
                    -- limited list can walk an index in order and stop early instead of sorting.
                    CREATE INDEX template_by_name ON template(name COLLATE NOCASE, id);
                    CREATE INDEX template_by_credits ON template(credits, name COLLATE NOCASE, id);
                    CREATE INDEX template_by_category_name ON template(category_name COLLATE NOCASE, name COLLATE NOCASE, id);
                    CREATE INDEX template_by_first_seen ON template(first_seen DESC, name COLLATE NOCASE, id);
                    CREATE INDEX template_by_category_id ON template(category_id, name COLLATE NOCASE, id);
                    CREATE INDEX template_hot ON template(name COLLATE NOCASE, id) WHERE is_hot = 1;
                    CREATE INDEX template_new ON template(name COLLATE NOCASE, id) WHERE is_new = 1;
                    CREATE INDEX template_by_image_count ON template(image_max, image_min);
                    CREATE INDEX template_by_prompt ON template(prompt_required, name COLLATE NOCASE, id);

                    -- The bulky cover metadata lives apart, so template rows stay narrow and index walks stay
                    -- fast. content_hash is SHA-256 of the canonical template: equal hashes, no change.
                    CREATE TABLE template_metadata (
                        pk INTEGER PRIMARY KEY REFERENCES template(pk) ON DELETE CASCADE,
                        metadata BLOB NOT NULL,
                        metadata_size INTEGER NOT NULL CHECK (metadata_size >= 0),
                        content_hash BLOB NOT NULL CHECK (length(content_hash) = 32)
                    );

                    -- Vidu's categories as the active templates name them.
                    CREATE VIEW category AS
                        SELECT category_id AS id, category_name AS name, count(*) AS templates
                        FROM template WHERE removed_at IS NULL
                        GROUP BY category_id, category_name;

                    CREATE TABLE template_option (
                        kind TEXT NOT NULL CHECK (kind IN ('aspect_ratio', 'resolution', 'duration')),
                        value TEXT NOT NULL,
                        template_pk INTEGER NOT NULL REFERENCES template(pk) ON DELETE CASCADE,
                        PRIMARY KEY (kind, value, template_pk)
                    ) WITHOUT ROWID;
                    CREATE INDEX template_option_by_template ON template_option(template_pk);

                    -- detail=none: search matches words and prefixes, never phrases, so positions are not
                    -- worth their cost (half the index build time).
                    CREATE VIRTUAL TABLE template_fts USING fts5(
                        template, name, category, instructions,
                        tokenize = 'unicode61 remove_diacritics 2', detail = none
                    );

                    -- Every load: the bundled sample, an import, a sync. catalog_hash is the catalog's identity after it.
                    CREATE TABLE catalog_run (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'import', 'sync')),
                        source TEXT NOT NULL,
                        snapshot_date TEXT,
                        started_at TEXT NOT NULL,
                        finished_at TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('applied', 'unchanged', 'failed')),
                        error TEXT,
                        pages INTEGER,
                        total INTEGER NOT NULL,
                        added INTEGER NOT NULL,
                        changed INTEGER NOT NULL,
                        removed INTEGER NOT NULL,
                        unchanged INTEGER NOT NULL,
                        catalog_hash TEXT
                    );

                    -- One row per template change of a run; fields holds {"field": {"old": …, "new": …}} for changes.
                    CREATE TABLE template_change (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES catalog_run(id),
                        template_id TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'changed', 'revived')),
                        fields TEXT
                    );
                    CREATE INDEX template_change_by_template ON template_change(template_id, id);
                    CREATE INDEX template_change_by_run ON template_change(run_id);

                    -- The last sync's page answers with their validators (ETag, Last-Modified), zlib-compressed,
                    -- for conditional requests. URLs carry no secret. Replaced by v3.
                    CREATE TABLE http_cache (
                        url TEXT PRIMARY KEY,
                        etag TEXT,
                        last_modified TEXT,
                        body BLOB NOT NULL,
                        body_size INTEGER NOT NULL,
                        stored_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2: cover probe state") { db in
            // 1 when every asset URL of the template has a successful probe in its metadata: `sync --covers`
            // probes the active templates still at 0. No index: only a probing sync reads it, and it scans anyway.
            try db.execute(
                sql: """
                    ALTER TABLE template_metadata ADD COLUMN covers_probed INTEGER NOT NULL DEFAULT 0
                        CHECK (covers_probed IN (0, 1))
                    """)
        }
        migrator.registerMigration("v3: page validators without bodies") { db in
            // A sync now asks for 304s only while the catalog is as the sync that kept them left it
            // (catalog_hash), so a kept page needs its IDs and total, not its body. Dropping the old
            // rows costs one full fetch.
            try db.execute(
                sql: """
                    DROP TABLE http_cache;
                    CREATE TABLE http_cache (
                        url TEXT PRIMARY KEY,
                        etag TEXT,
                        last_modified TEXT,
                        total INTEGER NOT NULL,
                        template_ids TEXT NOT NULL,
                        catalog_hash TEXT NOT NULL,
                        stored_at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4: content hash beside the template") { db in
            // Syncs read every template's hash to compare; in the narrow template rows that is a few MB
            // read, where beside the metadata BLOBs it was the whole metadata table.
            try db.execute(
                sql: """
                    ALTER TABLE template ADD COLUMN content_hash BLOB CHECK (length(content_hash) = 32);
                    UPDATE template SET content_hash = (SELECT content_hash FROM template_metadata m WHERE m.pk = template.pk);
                    ALTER TABLE template_metadata DROP COLUMN content_hash;
                    """)
        }
        migrator.registerMigration("v5: the validator's compact index") { db in
            // What the validator needs of each template, beside its row, and all of it assembled in one
            // row per catalog: `validate` and `serve` read that instead of every template's metadata.
            try db.execute(
                sql: """
                    ALTER TABLE template ADD COLUMN validation_record BLOB;
                    CREATE TABLE validation_index (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        format INTEGER NOT NULL,
                        catalog_hash TEXT NOT NULL,
                        data BLOB NOT NULL
                    );
                    """)
            try backfillValidationRecords(in: db)
        }
        migrator.registerMigration("v6: the outbox of change events") { db in
            // Written in the transaction of the load whose changes they describe; read by the change
            // feeds (serve's /v1/changes) by `id`, the cursor.
            try db.execute(
                sql: """
                    CREATE TABLE outbox_event (
                        id INTEGER PRIMARY KEY,
                        event_id TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL CHECK (type IN ('catalog.changed', 'template.removed')),
                        run_id INTEGER NOT NULL REFERENCES catalog_run(id),
                        created_at TEXT NOT NULL,
                        payload TEXT NOT NULL
                    );
                    CREATE INDEX outbox_event_by_type ON outbox_event(type, id);
                    """)
        }
        migrator.registerMigration("v7: what a sync's on-change command did") { db in
            // One row per run whose `sync --on-change` command ran; the command itself is not kept
            // (it may hold a secret of the user's).
            try db.execute(
                sql: """
                    CREATE TABLE run_hook (
                        run_id INTEGER PRIMARY KEY REFERENCES catalog_run(id),
                        exit_status INTEGER,
                        error TEXT,
                        milliseconds INTEGER NOT NULL CHECK (milliseconds >= 0)
                    );
                    """)
        }
        return migrator
    }
}
