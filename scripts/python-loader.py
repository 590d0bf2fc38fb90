#!/usr/bin/env python3
"""The yardstick for `vidu-catalog import` (issue 12): what a plain loader written in an afternoon does.

Reads a catalog file in the upstream shape with `json`, and writes it with `sqlite3` in one
transaction: a template table (the scalar fields as columns, the whole template as JSON text) and an
option table keyed (kind, value, template), as vidu-catalog's is. No compression, no full-text index,
no content hashes, no change history, no cover probes: what vidu-catalog does beyond this is what the
comparison prices.

    scripts/python-loader.py [--no-options] CATALOG.json DATABASE.sqlite
prints "<templates> <seconds>" (wall time from opening the file to the commit). `--no-options`
leaves out the option table: the leanest loader (the template table alone).
"""
import json
import sqlite3
import sys
import time


def main() -> None:
    arguments = sys.argv[1:]
    options = "--no-options" not in arguments
    source, database = [argument for argument in arguments if argument != "--no-options"]
    began = time.perf_counter()
    with open(source, "rb") as handle:
        document = json.load(handle)
    templates = document["data"]["templates"] if "data" in document else document["templates"]
    connection = sqlite3.connect(database)
    connection.executescript(
        """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS template (
            id TEXT PRIMARY KEY, name TEXT, credits INTEGER, category_id INTEGER, category_name TEXT,
            is_hot INTEGER, is_new INTEGER, position INTEGER NOT NULL, template TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS template_option (
            kind TEXT NOT NULL, value TEXT NOT NULL, template_id TEXT NOT NULL,
            PRIMARY KEY (kind, value, template_id)
        ) WITHOUT ROWID;
        """
    )
    with connection:
        connection.executemany(
            "INSERT OR REPLACE INTO template VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    t["template"], t.get("name"), t.get("credits"), t.get("category_id"), t.get("category_name"),
                    int(bool(t.get("is_hot"))), int(bool(t.get("is_new"))), position, json.dumps(t),
                )
                for position, t in enumerate(templates)
            ),
        )
        connection.executemany(
            "INSERT OR IGNORE INTO template_option VALUES (?, ?, ?)",
            () if not options else
            (
                (kind, str(value), t["template"])
                for t in templates
                for kind, key in (("aspect_ratio", "aspect_ratio"), ("resolution", "resolution"), ("duration", "duration"))
                for value in (t.get(key) or [])
            ),
        )
    connection.close()
    print(len(templates), time.perf_counter() - began)


if __name__ == "__main__":
    main()
