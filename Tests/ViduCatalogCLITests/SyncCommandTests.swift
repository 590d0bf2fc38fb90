import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The built binary syncing over loopback from the fake upstream.
@Suite struct SyncCommandTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 75).templates()
    static let key = "sk-test-5f3a9c1e7d"

    func cli(_ upstream: FakeCrunUpstream, key: String = SyncCommandTests.key) -> CLI {
        var cli = CLI(folder: folder)
        cli.environment = ["CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": key]
        return cli
    }

    @Test func syncAppliesTheCatalogAndPrintsOneSummaryLine() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let result = try await cli(upstream).runAsync(["sync"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("+75 added, -0 removed, ~0 changed; 75 active; 2 pages in "))
            #expect(result.stdout.split(separator: "\n").count == 1)
            #expect(!result.stdout.contains(Self.key) && !result.stderr.contains(Self.key))
            let export = try cli(upstream).run(["export"])
            #expect(try JSONParser().parse(export.stdout)["data"]?["total"] == 75)
            let history = try cli(upstream).run(["history", "--limit", "1"]).stdout
            #expect(history.contains(" sync \(upstream.baseURL): applied"))
        }
    }

    @Test func aRefusedKeyExits77NamingTheVariableAndNotTheKey() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let wrong = "sk-wrong-0000000000"
            let result = try await cli(upstream, key: wrong).runAsync(["sync"])
            #expect(result.status == 77)
            #expect(result.stderr.contains("CRUN_API_KEY"))
            #expect(!result.stderr.contains(wrong) && !result.stdout.contains(wrong))
            let database = try Data(contentsOf: URL(fileURLWithPath: cli(upstream).database))
            #expect(database.range(of: Data(wrong.utf8)) == nil)
        }
    }

    @Test func jsonOutputAndDryRun() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let dry = try await cli(upstream).runAsync(["sync", "--dry-run", "--format", "json"])
            #expect(dry.status == 0)
            let json = try JSONParser().parse(dry.stdout)
            #expect(json["dry_run"] == true)
            #expect(json["run"] == JSONValue.null)
            #expect(json["added"]?.arrayValue?.count == 75)
            #expect(try cli(upstream).run(["history"]).stdout == "\n")
        }
    }

    @Test func theGuardExits75AndTemplateRefreshesOne() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            #expect(try await cli(upstream).runAsync(["sync"]).status == 0)
            var changed = Array(catalog.prefix(10))
            changed[0].credits = 1234
            await upstream.setTemplates(changed)
            let guarded = try await cli(upstream).runAsync(["sync"])
            #expect(guarded.status == 75)
            #expect(guarded.stderr.contains("would remove 65 of 75 active templates"))
            let one = try await cli(upstream).runAsync(["sync", "--template", catalog[0].id])
            #expect(one.status == 0, "\(one.stderr)")
            #expect(one.stdout.hasPrefix("+0 added, -0 removed, ~1 changed (credits 1); 75 active"))
            let missing = try await cli(upstream).runAsync(["sync", "--template", "no_such_template"])
            #expect(missing.status == 1)
        }
    }

    @Test func anUnreachableUpstreamExits69() async throws {
        var cli = CLI(folder: folder)
        cli.environment = ["CRUN_BASE_URL": "http://127.0.0.1:9", "CRUN_API_KEY": Self.key]
        let result = try await cli.runAsync(["sync", "--retries", "0", "--connect-timeout", "0.5"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("Cannot reach the upstream"))
    }

    @Test func aSecondSyncWhileOneHoldsTheLockExits75NamingTheHolder() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let lock = try await SyncLock.acquire(catalog: cli(upstream).database, wait: false)
            let result = try await cli(upstream).runAsync(["sync"])
            #expect(result.status == 75)
            #expect(result.stderr.contains("Another sync (pid \(getpid()), since "))
            withExtendedLifetime(lock) {}
        }
    }

    @Test(arguments: [["sync", "--page-size", "51"], ["sync", "--max-removal", "150%"], ["sync", "--retries", "-1"]])
    func badOptionsExit64(arguments: [String]) throws {
        #expect(try CLI(folder: folder).run(arguments).status == 64)
    }
    @Test func coversAreProbedAndShownByShow() async throws {
        try await FakeCrunUpstream.run(templates: [], apiKey: Self.key) { upstream in
            var templates = Array(catalog.prefix(3))
            templates[0].cover = upstream.assetURL(.jpeg, width: 720, height: 1280)
            templates[0].video = upstream.assetURL(.mp4, width: 1, height: 1)
            templates[1].cover = upstream.assetURL(.webp, width: 1, height: 1, behaviour: [.missing])
            templates[1].video = nil
            templates[2].cover = nil
            templates[2].video = nil
            await upstream.setTemplates(templates)
            #expect(try await cli(upstream).runAsync(["sync"]).status == 0)
            let before = try cli(upstream).run(["show", templates[0].id]).stdout
            #expect(field("Cover probe", in: before) == "not probed (sync --covers probes it)")
            #expect(await upstream.assetRequests.isEmpty)
            // By default the fake's assets on 127.0.0.1 are refused, and not one request reaches them.
            let refused = try await cli(upstream).runAsync(["sync", "--covers", "--format", "json"])
            #expect(refused.status == 0, "\(refused.stderr)")
            let refusals = try JSONParser().parse(refused.stdout)["covers"]?["failed"]?.arrayValue ?? []
            #expect(refusals.count == 3)
            #expect(
                refusals.allSatisfy {
                    $0["error"]?.stringValue?.hasPrefix("refused: 127.0.0.1 resolves to a loopback address") == true
                })
            #expect(await upstream.assetRequests.isEmpty)
            let sync = try await cli(upstream).runAsync([
                "sync", "--covers", "--covers-allow-private", "--format", "json",
            ])
            #expect(sync.status == 0, "\(sync.stderr)")
            let report = try JSONParser().parse(sync.stdout)
            #expect(report["covers"]?["probed"]?.intValue == 3)
            #expect(report["covers"]?["failed"]?.arrayValue?.first?["template"]?.stringValue == templates[1].id)
            #expect(await upstream.assetRequests.allSatisfy { !$0.carriedAPIKey })

            let show = try cli(upstream).run(["show", templates[0].id])
            #expect(show.status == 0)
            #expect(
                field("Cover probe", in: show.stdout)?.hasPrefix(
                    "image/jpeg, 200000 bytes, JPEG 720×1280, ETag \"asset-720x1280-jpg\" (HEAD+GET 206, ") == true)
            #expect(
                field("Video probe", in: show.stdout)?.hasPrefix(
                    "video/mp4, 200000 bytes, ETag \"asset-1x1-mp4\" (HEAD 200, ") == true)
            let failed = try cli(upstream).run(["show", templates[1].id]).stdout
            #expect(field("Cover probe", in: failed)?.hasPrefix("failed: HTTP 404 (HEAD+GET 404, ") == true)
            let bare = try cli(upstream).run(["show", templates[2].id]).stdout
            #expect(field("Cover probe", in: bare) == nil && field("Video probe", in: bare) == nil)
            let json = try JSONParser().parse(
                try cli(upstream).run(["show", templates[0].id, "--format", "json"]).stdout)
            let covers = try #require(json["covers"]?.arrayValue)
            #expect(covers.map { $0["width"]?.intValue } == [720, nil])
            #expect(covers.map { $0["role"]?.stringValue } == ["cover", "video"])
        }
    }

    /// The value of a `show` line, its label and padding removed.
    func field(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(label + ":") }.map {
            $0.dropFirst(label.count + 1).trimmingCharacters(in: .whitespaces)
        }
    }
}

/// `sync --every` as a long-running process, stopped by SIGTERM.
@Suite struct PeriodicSyncCommandTests {
    let folder = TemporaryDirectory()

    @Test func syncsUntilSIGTERMThenExits0WithOneLogLinePerRun() async throws {
        try await FakeCrunUpstream.run(templates: SyntheticCatalog(count: 20).templates()) { upstream in
            var cli = CLI(folder: folder)
            cli.environment = ["CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": "test-key"]
            let running = try cli.start(
                ["sync", "--every", "1s", "--jitter", "0%", "--db", folder.file("periodic.sqlite")])
            let deadline = ContinuousClock.now + .seconds(30)
            while await upstream.requests.count < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(300))
            let status = await running.stop()
            #expect(status == 0)
            let runs = try CatalogStore(path: folder.file("periodic.sqlite")).runs()
            #expect(runs.count >= 2)
            let log = running.stderr
            #expect(log.components(separatedBy: "Sync run").count - 1 == runs.count)
            #expect(!log.contains("test-key"))
        }
    }

    @Test(arguments: [["--every", "0s"], ["--every", "soon"], ["--every", "5m", "--jitter", "200%"]])
    func badIntervalsExit64(arguments: [String]) throws {
        #expect(try CLI(folder: folder).run(["sync"] + arguments).status == 64)
    }

}
