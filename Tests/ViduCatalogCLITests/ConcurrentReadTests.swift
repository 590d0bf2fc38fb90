import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// Readers are never blocked by a writer: a long write transaction (a sync's apply) holds SQLite's
/// write lock, and `list`, `show`, `export` and `status` must still answer at once.
@Suite struct ConcurrentReadTests {
    let folder = TemporaryDirectory()

    @Test func readCommandsAnswerWhileAnotherProcessHoldsTheWriteLock() async throws {
        let cli = CLI(folder: folder)
        #expect(try cli.run(["status"]).status == 0)  // creates and seeds the catalog
        let ready = folder.file("ready")
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            # A committed write first, as every vidu-catalog writer makes when it opens (GRDB keeps the
            # WAL file non-empty so that readers can open without writing).
            db.execute("UPDATE template SET name = name WHERE pk = 1")
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE template SET name = name WHERE pk = 1")
            open(sys.argv[2], "w").close()
            time.sleep(20)
            db.execute("ROLLBACK")
            """,
            cli.database, ready,
        ]
        try writer.run()
        defer { writer.terminate() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: ready) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(FileManager.default.fileExists(atPath: ready))
        for command in [["list", "--limit", "3"], ["show", "hugging"], ["export"], ["status"]] {
            let result = try await cli.runAsync(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            // Waiting for the writer would take SQLite's 10 s busy timeout; a loaded machine (the whole
            // suite at once on two cores) has been seen to take just over 5 s for a command otherwise.
            // The command's own run time, not the test's wait to resume afterwards.
            #expect((result.ran ?? .seconds(999)) < .seconds(9), "\(command) waited for the writer")
        }
    }
}
