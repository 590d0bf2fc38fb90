import Foundation
import GRDB

extension CatalogStore {
    /// Every kept page answer, by URL, whatever catalog it was kept for.
    public func httpCache() throws(CatalogError) -> [String: CachedResponse] {
        try read { db in try Self.httpCache(in: db, catalogHash: nil) }
    }

    /// The kept page answers a sync may revalidate: only while the catalog is exactly as the sync that
    /// kept them left it, since a `304` then means the page's templates are stored unchanged. After any
    /// other change (an import, a one-template refresh) the next sync fetches every page in full.
    public func conditionalCache() throws(CatalogError) -> [String: CachedResponse] {
        try read { db in try Self.httpCache(in: db, catalogHash: try Self.catalogHash(in: db)) }
    }

    static func httpCache(in db: Database, catalogHash: String?) throws -> [String: CachedResponse] {
        var cache: [String: CachedResponse] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT url, etag, last_modified, total, template_ids FROM http_cache
                WHERE ?1 IS NULL OR catalog_hash = ?1
                """, arguments: [catalogHash])
        let parser = JSONParser()
        while let row = try rows.next() {
            // A damaged entry is dropped, not fatal: it is only a cache, and the page is fetched in full.
            let table = "http_cache"
            let url: String, etag: String?, lastModified: String?, total: Int, text: String
            do {
                (url, etag, lastModified) = (
                    try row.value(0, in: table), try row.value(1, in: table), try row.value(2, in: table)
                )
                (total, text) = (try row.value(3, in: table), try row.value(4, in: table))
            } catch {
                continue
            }
            guard let ids = try? parser.parse(Array(text.utf8)).arrayValue?.compactMap(\.stringValue) else { continue }
            cache[url] = CachedResponse(
                url: url, etag: etag, lastModified: lastModified, total: total, templateIDs: ids)
        }
        return cache
    }

    /// Makes the kept page answers those of the sync being applied, inside its transaction: answers
    /// of pages fetched in full are written, those of pages answered `304` stay, every other row (a
    /// page no longer asked for, or answered without validators) goes, and every row is stamped with
    /// the catalog hash the sync leaves. After a sync answered by 304s that changed nothing, nothing at
    /// all is written.
    static func replaceHTTPCache(
        fresh: [CachedResponse], revalidated: Set<String>, catalogHash: String, now: Date, in db: Database
    ) throws {
        let writer = JSONWriter()
        for response in fresh {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO http_cache (url, etag, last_modified, total, template_ids, catalog_hash,
                        stored_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    response.url, response.etag, response.lastModified, response.total,
                    writer.string(.array(response.templateIDs.map(JSONValue.string))), catalogHash, now,
                ])
        }
        let current = revalidated.union(fresh.map(\.url))
        for url in try String.fetchAll(db, sql: "SELECT url FROM http_cache") where !current.contains(url) {
            try db.execute(sql: "DELETE FROM http_cache WHERE url = ?", arguments: [url])
        }
        try db.execute(
            sql: "UPDATE http_cache SET catalog_hash = ? WHERE catalog_hash IS NOT ?",
            arguments: [catalogHash, catalogHash])
    }
}
