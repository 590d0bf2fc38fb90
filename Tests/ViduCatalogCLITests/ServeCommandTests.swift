import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
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

    /// The gallery shows what `list` prints for the same filters (the real binaries, over loopback),
    /// in the same order.
    @Test func theGalleryShowsWhatListPrintsForTheSameFilters() async throws {
        let cli = CLI(folder: folder)
        #expect(try cli.run(["status"]).status == 0)
        let (server, port) = try await startServer(database: cli.database)
        var checked = 0
        for (query, flags) in [
            ("aspect_ratio=9%3A16", ["--aspect-ratio", "9:16"]),
            (
                "resolution=1080p&resolution=540p&sort=credits",
                ["--resolution", "1080p", "--resolution", "540p", "--sort", "credits"]
            ),
            ("category=Festival&hot=false", ["--category", "Festival", "--no-hot"]),
            ("max_credits=8&images=2&sort=newest", ["--max-credits", "8", "--images", "2", "--sort", "newest"]),
            ("search=dance&prompt_required=false", ["--search", "dance", "--no-prompt-required"]),
            ("duration=4&new=true&sort=category", ["--duration", "4", "--new", "--sort", "category"]),
        ] {
            let listed = try JSONParser().parse(
                try cli.run(["list", "--format", "json", "--limit", "1000"] + flags).stdout)
            let expected = (listed.arrayValue ?? []).compactMap { $0["template"]?.stringValue }
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/?\(query)&limit=200"))
            let (data, _) = try await URLSession.shared.data(from: url)
            let html = String(decoding: data, as: UTF8.self)
            let shown = html.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(shown == expected, "\(query)")
            if !expected.isEmpty { checked += 1 }
        }
        #expect(checked >= 5, "the queries match templates")
        _ = await server.stop()
    }
}
