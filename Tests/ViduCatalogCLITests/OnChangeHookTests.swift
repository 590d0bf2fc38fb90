import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// `sync --on-change COMMAND` with the built binary against the fake upstream: the command gets the
/// run's event on stdin, never the keys, runs only when something changed, and its failure is said
/// and recorded without undoing the sync.
@Suite struct OnChangeHookTests {
    let folder = TemporaryDirectory()
    let catalog = SyntheticCatalog(count: 30).templates()
    static let key = "sk-hook-test-7c1d0e"

    func cli(_ upstream: FakeCrunUpstream) -> CLI {
        var cli = CLI(folder: folder)
        cli.environment = [
            "CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": Self.key, "VIDU_CATALOG_SERVE_KEY": "serve-secret",
        ]
        return cli
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theCommandGetsTheEventAndNotTheKeysOnlyWhenSomethingChanged() async throws {
        let event = folder.file("event.json")
        let environment = folder.file("environment.txt")
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let command = "cat > '\(event)'; env > '\(environment)'; echo hook-output"
            let first = try await cli(upstream).runAsync(["sync", "--on-change", command, "--format", "json"])
            #expect(first.status == 0, "\(first.stderr)")
            // Its output goes to stderr: stdout stays one JSON document.
            #expect(try JSONParser().parse(first.stdout)["added"]?.arrayValue?.count == 30)
            #expect(first.stderr.contains("hook-output"))
            let received = try JSONParser().parse(try #require(read(event)))
            #expect(received["type"] == "catalog.changed")
            #expect(received["data"]?["counts"]?["added"]?.intValue == 30)
            let store = try CatalogStore(path: cli(upstream).database)
            let queued = try #require(try store.events(after: 0, limit: 10).first)
            #expect(received["data"]?["event_id"]?.stringValue == queued.id)
            let variables = try #require(read(environment))
            #expect(variables.contains("VIDU_CATALOG_EVENT_ID=\(queued.id)"))
            #expect(variables.contains("VIDU_CATALOG_RUN_ID=\(queued.runID)"))
            #expect(!variables.contains(Self.key) && !variables.contains("serve-secret"))
            #expect(!variables.contains("CRUN_API_KEY") && !variables.contains("VIDU_CATALOG_SERVE_KEY"))
            let history = try JSONParser().parse(try cli(upstream).run(["history", "--format", "json"]).stdout)
            #expect(history.arrayValue?.first?["on_change"]?["exit_status"]?.intValue == 0)

            // Nothing changed: the command does not run.
            try FileManager.default.removeItem(atPath: event)
            let again = try await cli(upstream).runAsync(["sync", "--on-change", command])
            #expect(again.status == 0)
            #expect(read(event) == nil)
        }
    }

    @Test func aFailingCommandIsSaidAndRecordedAndTheSyncStands() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let result = try await cli(upstream).runAsync(["sync", "--on-change", "exit 3"])
            #expect(result.status == 0)
            #expect(result.stderr.contains("warning: run #1 was applied; the on-change command exited with status 3."))
            #expect(try CatalogStore(path: cli(upstream).database).snapshot().templates.count == 30)
            let history = try cli(upstream).run(["history"]).stdout
            #expect(history.contains("on-change command failed (The on-change command exited with status 3.)"))
        }
    }

    @Test func aCommandPastItsTimeIsStopped() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            let began = Date()
            let result = try await cli(upstream).runAsync([
                "sync", "--on-change", "sleep 30", "--on-change-timeout", "1",
            ])
            #expect(result.status == 0)
            #expect(Date().timeIntervalSince(began) < 20)
            #expect(result.stderr.contains("the on-change command was stopped after 1 s."))
        }
    }

    @Test func aCommandThatNeverReadsItsInputDoesNotBlockTheSync() async throws {
        // 300 templates: an event of well over a pipe's 64 KB, handed over as a file.
        let many = SyntheticCatalog(count: 300).templates()
        try await FakeCrunUpstream.run(templates: many, apiKey: Self.key) { upstream in
            let result = try await cli(upstream).runAsync(["sync", "--on-change", "true"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("warning"))
        }
    }

    @Test func aTimeoutOutOfRangeIsAUsageError() async throws {
        try await FakeCrunUpstream.run(templates: catalog, apiKey: Self.key) { upstream in
            for bad in ["0", "3601", "inf", "nan", "-1", "1e300", ""] {
                let result = try await cli(upstream).runAsync([
                    "sync", "--on-change", "true", "--on-change-timeout", bad,
                ])
                #expect(result.status == 64, "\(bad): \(result.stderr)")
            }
        }
    }
}
