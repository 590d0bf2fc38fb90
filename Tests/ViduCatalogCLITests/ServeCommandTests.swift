import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The real binary serving on a free loopback port, and a second one syncing from it.
@Suite struct ServeCommandTests {
    let folder = TemporaryDirectory()

    /// Starts `vidu-catalog serve --port 0` and waits for the port it prints on stderr.
    func startServer(database: String, environment: [String: String] = [:]) async throws -> (CLI.Running, Int) {
        var cli = CLI(folder: folder)
        cli.environment = environment
        let running = try cli.start(["serve", "--db", database, "--port", "0"])
        // Generous: on a loaded machine (the whole suite at once on two cores) a debug build of serve
        // has been seen to take over 20 s to load the catalog and bind.
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if let range = running.stderr.range(of: "on http://127.0.0.1:") {
                let digits = running.stderr[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), port > 0 { return (running, port) }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = await running.stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start"])
    }

    @Test func aSecondInstanceSyncsFromServeThroughTheRealBinaries() async throws {
        let cli = CLI(folder: folder)
        let sample = folder.file("sample.json")
        try Data(JSONWriter().data(BundledData.sampleSnapshot().json)).write(to: URL(fileURLWithPath: sample))
        #expect(try cli.run(["import", sample]).status == 0)
        let key = "mirror-key-123"
        let (server, port) = try await startServer(
            database: cli.database, environment: ["VIDU_CATALOG_SERVE_KEY": key])

        var mirror = CLI(folder: folder)
        mirror.database = folder.file("mirror.sqlite")
        mirror.environment = ["CRUN_API_KEY": key]
        let sync = try await mirror.runAsync(["sync", "--base-url", "http://127.0.0.1:\(port)"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.hasPrefix("+119 added"))
        let again = try await mirror.runAsync(["sync", "--base-url", "http://127.0.0.1:\(port)"])
        #expect(again.stdout.hasPrefix("+0 added, -0 removed, ~0 changed"))
        #expect(try mirror.run(["export"]).stdout == (try cli.run(["export"]).stdout))

        // Without the serve key: refused, exit 77, as Crun refuses a wrong key.
        var stranger = CLI(folder: folder)
        stranger.database = folder.file("stranger.sqlite")
        let refused = try await stranger.runAsync(["sync", "--base-url", "http://127.0.0.1:\(port)"])
        #expect(refused.status == 77)

        #expect(await server.stop() == 0)
        #expect(!server.stderr.contains(key))
    }
}
