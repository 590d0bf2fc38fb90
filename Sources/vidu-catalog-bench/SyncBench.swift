import Foundation
import ViduCatalog
import ViduCatalogTesting

/// Syncs by the release CLI from the fake upstream on loopback: a first sync, a re-sync that finds
/// nothing, and a re-sync with 1% of the templates changed. Wall time and the CLI's peak memory. The
/// fake's pages are written before each timed sync, as a real upstream's are not written on our cores.
struct SyncBench {
    var size: Int
    var options: BenchOptions

    func run(into report: inout Report) async throws {
        guard FileManager.default.isExecutableFile(atPath: options.cli) else {
            print("no CLI at \(options.cli): build it with `swift build -c release` to measure syncs")
            return
        }
        print("\n== sync, \(size.formatted()) templates")
        let templates = SyntheticCatalog(count: size, seed: 5).templates()
        let path = options.work + "/sync-\(size).sqlite"
        for suffix in ["", "-wal", "-shm", ".sync-lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let big = size == 100_000
        try await FakeCrunUpstream.run(templates: templates) { upstream in
            // The fake writes its pages before the clock starts: Crun's own cost is not on our cores.
            await upstream.prerender()
            let first = try await spawn(path: path, baseURL: upstream.baseURL)
            report.add(size, "sync: first", first.summary, target: big ? (first.seconds < 8, "< 8 s") : nil)
            report.add(
                size, "sync: first, peak memory", "\(first.peakMB) MB",
                target: big ? (first.peakMB < 300, "< 300 MB") : nil)

            let runsBefore = try CatalogStore(path: path).runs().count
            let same = try await spawn(path: path, baseURL: upstream.baseURL)
            let unchanged = try CatalogStore(path: path).runs().first
            let runsAfter = try CatalogStore(path: path).runs().count
            let wroteNothing = unchanged?.status == .unchanged && runsAfter == runsBefore + 1
            report.add(
                size, "sync: no change (writes no template row: \(wroteNothing))", same.summary,
                target: big ? (same.seconds < 3 && wroteNothing, "< 3 s, 0 rows") : nil)

            var changed = templates
            for index in stride(from: 0, to: changed.count, by: 100) { changed[index].credits = 1_000 + index }
            await upstream.setTemplates(changed)
            await upstream.prerender()
            let percent = try await spawn(path: path, baseURL: upstream.baseURL)
            let run = try CatalogStore(path: path).runs().first
            let onlyChanged = run?.changed == size / 100 && run?.added == 0 && run?.removed == 0
            report.add(
                size, "sync: 1% changed (only those written: \(onlyChanged))", percent.summary,
                target: big ? (percent.seconds < 3.5 && onlyChanged, "< 3.5 s") : nil)
        }
    }

    /// Runs `vidu-catalog sync` against the fake.
    func spawn(path: String, baseURL: String) async throws -> Child.Measured {
        let measured = try await Child.runDetached(
            options.cli, ["sync", "--db", path, "--base-url", baseURL, "--allow-mass-removal"],
            environment: ["CRUN_API_KEY=test-key", "HOME=/tmp"])
        guard measured.status == 0 else { throw BenchError("the sync exited with status \(measured.status)") }
        return measured
    }
}
