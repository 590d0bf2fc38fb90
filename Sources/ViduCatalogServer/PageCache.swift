import Foundation
import NIOCore
import Synchronization
import ViduCatalog

/// One page of the list, in both the representations `serve` sends: a page is about 45 KB of JSON
/// and a fifth of that gzipped, which is what lets a host answer tens of thousands of pages a second.
struct Page: Sendable {
    let plain: ByteBuffer
    let gzip: ByteBuffer
}

/// A page of the list by number and size.
struct PageKey: Hashable, Sendable {
    var page: Int
    var size: Int
}

/// Written page answers of one catalog.
final class PageCache: Sendable {
    private let pages = Mutex<[PageKey: Page]>([:])

    func get(_ key: PageKey) -> Page? { pages.withLock { $0[key] } }

    func set(_ key: PageKey, _ buffer: Page) {
        pages.withLock { pages in
            if pages.count >= 4096 { pages.removeAll(keepingCapacity: true) }
            pages[key] = buffer
        }
    }
}
