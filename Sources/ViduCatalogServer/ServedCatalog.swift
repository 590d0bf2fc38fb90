import Foundation
import NIOCore
import Synchronization
import ViduCatalog

/// One catalog as `serve` answers from it: the validator, read from the catalog's compact index at
/// once, and the listing (every active template in upstream order, written as JSON), read in the
/// background. Immutable; after a sync a new one replaces it whole (``ServedCatalogState``), so no
/// request sees half of either.
///
/// Why two steps: the validator needs milliseconds to load where the listing needs every template's
/// metadata inflated (seconds at 100,000 templates), and a fleet restarting `serve` wants verdicts
/// first. The listing is checked to be of the same catalog (its hash) as the validator.
public struct ServedCatalog: Sendable {
    /// The validator.
    public let validator: RequestValidator
    /// The listing, being read or read.
    let listing: Task<ListingOutcome, Never>
    /// Page answers already written, by page and size: a catalog never changes, so each is built once.
    private let pages = PageCache()
    /// Which catalog this is.
    public var context: ValidationCatalog.Context { validator.catalog.context }
    /// How many active templates it holds.
    public var count: Int { validator.catalog.count }

    /// Every active template's JSON, in upstream order.
    struct Listing: Sendable {
        /// Each template's upstream JSON, written once (every field, unknown ones included).
        let bodies: [[UInt8]]
        /// Position of each ID in ``bodies``.
        let positions: [String: Int]

        init(templates: [Template]) {
            let writer = JSONWriter()
            bodies = templates.map { writer.data($0.json) }
            positions = Dictionary(templates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// What reading the listing gave.
    enum ListingOutcome: Sendable {
        case ready(Listing)
        /// Another process changed the catalog after the validator was read: load it again.
        case changed
        case failed(CatalogError)
    }

    /// Reads the validator now and starts reading the listing in the background.
    public static func load(from store: CatalogStore, options: RequestValidator.Options = .init())
        throws(CatalogError) -> ServedCatalog
    {
        let validator = RequestValidator(catalog: try store.validationCatalog(), options: options)
        validator.catalog.buildSuggestionsInBackground()
        let hash = validator.catalog.context.catalogHash
        let listing = Task<ListingOutcome, Never> {
            // On a thread of its own: seconds of SQLite and inflating must not hold the cooperative pool,
            // nor one of the few threads of NIO's pool (`Routes.offPool`) that requests' reads wait for.
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    let outcome: ListingOutcome
                    do throws(CatalogError) {
                        outcome =
                            try store.activeTemplates(ifCatalogHash: hash).map { .ready(Listing(templates: $0)) }
                            ?? .changed
                    } catch {
                        outcome = .failed(error)
                    }
                    continuation.resume(returning: outcome)
                }
            }
        }
        return ServedCatalog(validator: validator, listing: listing)
    }

    private init(validator: RequestValidator, listing: Task<ListingOutcome, Never>) {
        self.validator = validator
        self.listing = listing
    }

    /// A strong validator for one answer of the list endpoint: the catalog's identity and the query,
    /// since the same catalog always gives the same bytes for the same query.
    ///
    /// The catalog hash covers every active template's content in upstream order, so two mirrors with
    /// the same hash hold the same templates in the same order; the version covers how they are
    /// written. Two mirrors never send one strong ETag for different bytes.
    func etag(for query: String) -> String {
        "\"\(context.catalogHash.prefix(24))-\(Self.formatVersion)-\(query)\""
    }

    /// Changes whenever the bytes a catalog is served as could change: the program's version.
    static let formatVersion = ViduCatalogInfo.version.filter { $0.isLetter || $0.isNumber || $0 == "." }

    /// ``listBody(page:pageSize:template:listing:)`` for a page, as written and gzipped, built once per
    /// catalog (up to 4096 pages kept). Pages past the end are all alike and are not kept: a client
    /// walking through a million empty pages must not fill the cache with them.
    func listPage(page: Int, pageSize: Int, listing: Listing) -> Page {
        let key = PageKey(page: page, size: pageSize)
        if let cached = pages.get(key) { return cached }
        let body = listBody(page: page, pageSize: pageSize, template: nil, listing: listing)
        let written = Page(plain: ByteBuffer(bytes: body), gzip: ByteBuffer(bytes: Zlib.gzip(body)))
        if page == 1 || Self.offset(page: page, pageSize: pageSize).map({ $0 < listing.bodies.count }) == true {
            pages.set(key, written)
        }
        return written
    }

    /// Where page `page` starts, `nil` when that is past any catalog (checked arithmetic: `page` comes
    /// from a request).
    static func offset(page: Int, pageSize: Int) -> Int? {
        guard page >= 1, pageSize >= 1 else { return nil }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        return overflow ? nil : offset
    }

    /// Crun's list envelope for a page (`page` 1-based), or for one template (`template`).
    func listBody(page: Int, pageSize: Int, template: String?, listing: Listing) -> [UInt8] {
        let bodies = listing.bodies
        var indices: Range<Int> = 0..<0
        if let template {
            if let position = listing.positions[template] { indices = position..<(position + 1) }
        } else {
            if let start = Self.offset(page: page, pageSize: pageSize), start < bodies.count {
                indices = start..<(start + min(pageSize, bodies.count - start))
            }
        }
        var output = Array(#"{"code":200,"data":{"templates":["#.utf8)
        output.reserveCapacity(indices.reduce(64) { $0 + bodies[$1].count + 1 })
        for (offset, index) in indices.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            output += bodies[index]
        }
        output += #"],"total":\#(bodies.count)},"message":"success"}"#.utf8
        return output
    }
}
