import Foundation
import GRDB

@testable import ViduCatalog

/// libFuzzer's entry for the upstream side of a sync: any bytes as the body of one list page, through
/// the page decoder (``CrunClient``'s), the fetcher's plausibility check, and the sync writer's
/// consistency checks and diff against a small stored catalog, in a transaction rolled back after
/// each input. Nothing may crash, hang or read out of bounds (AddressSanitizer; see scripts/fuzz.sh).
///
/// The input's length picks the page number (1 to 3), so later pages' positions are exercised too.
@_cdecl("LLVMFuzzerTestOneInput")
public func pageFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let decoded: (total: Int, templates: [Template])
    do {
        decoded = try CrunClient.decode(status: 200, retryAfter: nil, body: body, key: PageHarness.key)
    } catch {
        // What a failure promises: a sentence without the key.
        precondition(!error.catalogError.message.contains("fuzz-secret-key"))
        return 0
    }
    precondition(decoded.total >= 0 && decoded.total <= UpstreamConfiguration.maxTotal)
    let number = size % 3 + 1
    let page = TemplatePage(page: number, total: decoded.total, templates: decoded.templates)
    let pageSize = UpstreamConfiguration.maxPageSize
    let pageCount = max(1, decoded.total / pageSize + (decoded.total % pageSize == 0 ? 0 : 1))
    do {
        try PageHarness.store.pool.writeWithoutTransaction { db in
            try db.inTransaction {
                let writer = try SnapshotWriter(db, now: Date(), pageSize: pageSize)
                let staged = StagedPage(page, url: "fuzz://page/\(number)", cache: nil, stored: writer.stored)
                try SnapshotFetcher.checkFull(staged, total: decoded.total, pageCount: pageCount, pageSize: pageSize)
                try writer.add(staged)
                let diff = try writer.finish(pages: pageCount) { _ in }
                // The diff speaks only of templates the page or the catalog holds, once each.
                let named = diff.added + diff.removed + diff.changes.map(\.templateID)
                precondition(Set(diff.added).count == diff.added.count)
                precondition(
                    named.allSatisfy { id in page.templates.contains { $0.id == id } || PageHarness.ids.contains(id) })
                return .rollback
            }
        }
    } catch {
        // Contradictions, implausible pages and refusals are expected; none may be anything but an error.
    }
    return 0
}

enum PageHarness {
    static let key = APIKey("fuzz-secret-key")

    /// A small stored catalog: the first 20 templates of the bundled sample, in a file of its own.
    static let store: CatalogStore = {
        let path = NSTemporaryDirectory() + "vidu-catalog-page-fuzz-\(getpid()).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        do {
            let store = try CatalogStore(path: path)
            let sample = BundledData.sampleSnapshot()
            try store.importSnapshot(
                CatalogSnapshot(templates: Array(sample.templates.prefix(20))), kind: .import, source: "fuzz")
            return store
        } catch {
            fatalError("The fuzz harness cannot create its catalog: \(error)")
        }
    }()

    static let ids = Set(BundledData.sampleSnapshot().templates.prefix(20).map(\.id))
}

/// libFuzzer's driver, started from Swift's entry point (see Fuzz/ValidatorFuzz).
@main
enum PageFuzzMain {
    static func main() {
        _ = PageHarness.store
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, pageFuzz))
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
