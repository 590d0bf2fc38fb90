import Foundation
import GRDB
import Testing
import ViduCatalog
import ViduCatalogTesting

/// SIGKILL in the middle of a large sync, many times: the catalog is always whole, old or new.
@Suite struct CrashTests {
    let folder = TemporaryDirectory()

    static func hash(_ path: String) throws -> String {
        try CatalogStore(path: path).catalogHash()
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    static func integrity(_ path: String) throws -> String {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }

    @Test func aKilledSyncLeavesTheOldOrTheNewCatalogNeverAMix() async throws {
        let old = SyntheticCatalog(count: 6000, seed: 11).templates()
        var new = old
        // Every other template changed: more than one batch of the streaming writer, so rows are
        // written while pages still arrive, not only at the end.
        for index in stride(from: 0, to: new.count, by: 2) { new[index].credits = 777 }
        new.removeLast(300)
        new += SyntheticCatalog(count: 300, seed: 99).templates().map { template in
            var fresh = template
            fresh.id = "fresh_" + template.id
            return fresh
        }
        let base = folder.file("base.sqlite")
        let expected = folder.file("expected.sqlite")
        try CatalogStore(path: base).importSnapshot(CatalogSnapshot(templates: old), kind: .import, source: "old")
        try CatalogStore(path: base).checkpoint()
        try FileManager.default.copyItem(atPath: base, toPath: expected)
        try CatalogStore(path: expected).apply(
            CatalogSnapshot(templates: new), removingMissing: true, kind: .sync, source: "new")
        let oldHash = try Self.hash(base)
        let newHash = try Self.hash(expected)
        #expect(oldHash != newHash)

        try await FakeCrunUpstream.run(templates: new) { upstream in
            // How long one whole sync takes here, to spread the kills over it.
            let timed = folder.file("timed.sqlite")
            try FileManager.default.copyItem(atPath: base, toPath: timed)
            let clock = ContinuousClock()
            let began = clock.now
            var timedCLI = CLI(folder: folder)
            timedCLI.environment = ["CRUN_API_KEY": "test-key"]
            let finished = try await timedCLI.runAsync(["sync", "--db", timed, "--base-url", upstream.baseURL])
            #expect(finished.status == 0, "\(finished.stderr)")
            #expect(try Self.hash(timed) == newHash)
            let window = (clock.now - began).timeInterval
            var outcomes: [String] = []
            var random = SplitMix64(seed: 2026)
            for round in 0..<10 {
                let work = folder.file("work-\(round).sqlite")
                try FileManager.default.copyItem(atPath: base, toPath: work)
                let process = Process()
                process.executableURL = CLI.binary
                process.arguments = ["sync", "--db", work, "--base-url", upstream.baseURL]
                process.environment = ["CRUN_API_KEY": "test-key", "HOME": folder.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                if round < 8 {
                    // Kill while the sync writes: once the write-ahead log has grown (its transaction
                    // spills rows there as batches are written), after a random part of a few tens of
                    // milliseconds. Timing the kill from the start instead missed the writes whenever
                    // the machine's load changed between runs.
                    let deadline = Date().addingTimeInterval(window * 3 + 5)
                    while process.isRunning && Date() < deadline && Self.size(work + "-wal") == 0 {
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    try await Task.sleep(for: .milliseconds(Int64(random.next(40))))
                } else {
                    // The last two land after a whole sync's time, so a finished sync is seen too.
                    try await Task.sleep(for: .milliseconds(Int64(window * 1000 * (1.2 + 0.3 * Double(round - 8)))))
                }
                kill(process.processIdentifier, SIGKILL)
                _ = await process.exit()
                #expect(try Self.integrity(work) == "ok", "round \(round)")
                let hash = try Self.hash(work)
                #expect(hash == oldHash || hash == newHash, "round \(round): a mixed catalog")
                outcomes.append(
                    process.terminationReason == .uncaughtSignal
                        ? (hash == oldHash ? "killed-old" : "killed-new") : "finished")
            }
            // The kills must really have landed while the sync ran, not after it.
            #expect(outcomes.filter { $0.hasPrefix("killed") }.count >= 4, "\(outcomes)")
        }
    }
}

extension Duration {
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
