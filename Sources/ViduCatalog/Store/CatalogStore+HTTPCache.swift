import Foundation
import GRDB

extension CatalogStore {
    /// The page answers the last successful sync kept, by URL.
    public func httpCache() throws(CatalogError) -> [String: CachedResponse] {
        try read { db in
            var cache: [String: CachedResponse] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url, etag, last_modified, body, body_size FROM http_cache") {
                let compressed: Data = row[3]
                // A damaged entry is dropped, not fatal: the page is simply fetched in full.
                guard let body = Zlib.decompress([UInt8](compressed), size: row[4]) else { continue }
                let url: String = row[0]
                cache[url] = CachedResponse(url: url, etag: row[1], lastModified: row[2], body: body)
            }
            return cache
        }
    }

    /// Replaces the kept page answers with those of the sync that just succeeded.
    public func replaceHTTPCache(with responses: [CachedResponse], now: Date = Date()) throws(CatalogError) {
        try write { db in
            try db.execute(sql: "DELETE FROM http_cache")
            for response in responses {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO http_cache (url, etag, last_modified, body, body_size, stored_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        response.url, response.etag, response.lastModified, Data(Zlib.compress(response.body)),
                        response.body.count, now,
                    ])
            }
        }
    }
}
