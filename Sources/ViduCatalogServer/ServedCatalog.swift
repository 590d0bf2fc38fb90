import Foundation
import NIOCore
import Synchronization
import ViduCatalog

/// One catalog as `serve` answers from it: the active templates in upstream order, each already
/// written as JSON, and the validator built over the same templates. Immutable; after a sync a new
/// one replaces it whole (``ServedCatalogState``), so no request sees half of either.
public struct ServedCatalog: Sendable {
    /// The active templates, in upstream order.
    public let templates: [Template]
    /// Each template's upstream JSON, written once (every field, unknown ones included).
    let bodies: [[UInt8]]
    /// Position of each ID in ``templates``.
    let positions: [String: Int]
    /// The validator over the same catalog.
    public let validator: RequestValidator
    /// Page answers already written, by page and size: a catalog never changes, so each is built once.
    private let pages = PageCache()
    /// Which catalog this is.
    public var context: ValidationCatalog.Context { validator.catalog.context }

    /// Reads the catalog and builds its validator, in one read transaction.
    public static func load(from store: CatalogStore, options: RequestValidator.Options = .init())
        throws(CatalogError) -> ServedCatalog
    {
        let (templates, catalog) = try store.catalogForServing()
        return ServedCatalog(templates: templates, validator: RequestValidator(catalog: catalog, options: options))
    }

    init(templates: [Template], validator: RequestValidator) {
        self.templates = templates
        let writer = JSONWriter()
        bodies = templates.map { writer.data($0.json) }
        positions = Dictionary(templates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.validator = validator
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

    /// ``listBody(page:pageSize:template:)`` for a page, as written and gzipped, built once per catalog
    /// (up to 4096 pages kept). Pages past the end are all alike and are not kept: a client walking
    /// through a million empty pages must not fill the cache with them.
    func listPage(page: Int, pageSize: Int) -> Page {
        let key = PageKey(page: page, size: pageSize)
        if let cached = pages.get(key) { return cached }
        let body = listBody(page: page, pageSize: pageSize, template: nil)
        let written = Page(plain: ByteBuffer(bytes: body), gzip: ByteBuffer(bytes: Zlib.gzip(body)))
        if page == 1 || Self.offset(page: page, pageSize: pageSize).map({ $0 < templates.count }) == true {
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
    func listBody(page: Int, pageSize: Int, template: String?) -> [UInt8] {
        var indices: Range<Int> = 0..<0
        if let template {
            if let position = positions[template] { indices = position..<(position + 1) }
        } else {
            if let start = Self.offset(page: page, pageSize: pageSize), start < templates.count {
                indices = start..<(start + min(pageSize, templates.count - start))
            }
        }
        var output = Array(#"{"code":200,"data":{"templates":["#.utf8)
        output.reserveCapacity(indices.reduce(64) { $0 + bodies[$1].count + 1 })
        for (offset, index) in indices.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            output += bodies[index]
        }
        output += #"],"total":\#(templates.count)},"message":"success"}"#.utf8
        return output
    }
}
