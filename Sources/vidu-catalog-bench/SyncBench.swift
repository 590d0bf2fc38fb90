import Foundation
import ViduCatalog
import ViduCatalogTesting

/// Syncs by the release CLI from the fake upstream on loopback: a first sync, a re-sync that finds
/// nothing, and a re-sync with 1% of the templates changed. Wall time and the CLI's peak memory.
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
            let first = try spawn(path: path, baseURL: upstream.baseURL)
            report.add(size, "sync: first", first.summary, target: big ? (first.seconds < 8, "< 8 s") : nil)
            report.add(
                size, "sync: first, peak memory", "\(first.peakMB) MB",
                target: big ? (first.peakMB < 300, "< 300 MB") : nil)

            let runsBefore = try CatalogStore(path: path).runs().count
            let same = try spawn(path: path, baseURL: upstream.baseURL)
            let unchanged = try CatalogStore(path: path).runs().first
            let runsAfter = try CatalogStore(path: path).runs().count
            let wroteNothing = unchanged?.status == .unchanged && runsAfter == runsBefore + 1
            report.add(
                size, "sync: no change (writes no template row: \(wroteNothing))", same.summary,
                target: big ? (same.seconds < 3 && wroteNothing, "< 3 s, 0 rows") : nil)

            var changed = templates
            for index in stride(from: 0, to: changed.count, by: 100) { changed[index].credits = 1_000 + index }
            await upstream.setTemplates(changed)
            let percent = try spawn(path: path, baseURL: upstream.baseURL)
            let run = try CatalogStore(path: path).runs().first
            let onlyChanged = run?.changed == size / 100 && run?.added == 0 && run?.removed == 0
            report.add(
                size, "sync: 1% changed (only those written: \(onlyChanged))", percent.summary,
                target: big ? (percent.seconds < 3.5 && onlyChanged, "< 3.5 s") : nil)
        }
    }

    struct Measured {
        var seconds: Double
        var peakMB: Int
        var summary: String { String(format: "%.2f s, peak %d MB", seconds, peakMB) }
    }

    /// Runs `vidu-catalog sync` and reads its peak resident memory (`VmHWM`) from `/proc` while it runs.
    ///
    /// Not from `wait4`: a child spawned by this large process would inherit its high-water mark.
    func spawn(path: String, baseURL: String) throws -> Measured {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let arguments = [options.cli, "sync", "--db", path, "--base-url", baseURL, "--allow-mass-removal"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables: [String] = ["CRUN_API_KEY=test-key", "HOME=/tmp"]
        let environment = variables.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        let clock = ContinuousClock()
        let began = clock.now
        guard posix_spawn(&pid, options.cli, &actions, nil, argv, environment) == 0 else {
            throw BenchError("cannot start \(options.cli)")
        }
        var status: Int32 = 0
        var peakKB = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            peakKB = max(peakKB, Self.highWaterKB(pid) ?? 0)
            usleep(5_000)
        }
        let seconds = (clock.now - began).seconds
        guard status == 0 else { throw BenchError("the sync exited with status \(status)") }
        return Measured(seconds: seconds, peakMB: peakKB / 1024)
    }

    /// `VmHWM` of a running process, in KiB.
    static func highWaterKB(_ pid: pid_t) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
