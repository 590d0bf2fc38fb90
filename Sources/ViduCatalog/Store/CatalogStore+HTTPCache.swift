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

    /// Makes the kept page answers those of the sync that just succeeded, writing only what differs
    /// from `previous` (after a sync answered by 304s, nothing at all).
    public func replaceHTTPCache(
        with responses: [CachedResponse], previous: [String: CachedResponse] = [:], now: Date = Date()
    ) throws(CatalogError) {
        let current = Set(responses.map(\.url))
        let stale = previous.keys.filter { !current.contains($0) }
        let changed = responses.filter { previous[$0.url] != $0 }
        guard !stale.isEmpty || !changed.isEmpty || previous.isEmpty else { return }
        try write { db in
            if previous.isEmpty {
                try db.execute(sql: "DELETE FROM http_cache")
            }
            for url in stale {
                try db.execute(sql: "DELETE FROM http_cache WHERE url = ?", arguments: [url])
            }
            for response in changed {
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
