import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import GRDB
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The real binary given what a config file or an attacker might hold: every numeric and duration
/// option with values past every range, output that cannot be written, a damaged catalog row, a
/// hostile upstream. Each ends in a documented exit code and one sentence, never a trap.
@Suite struct HostileInputTests {
    let folder = TemporaryDirectory()

    /// The exit codes the README documents.
    static let documented: Set<Int32> = [0, 1, 3, 64, 65, 66, 69, 74, 75, 77]
    /// What a trap or a crash leaves on stderr.
    static let crashMarks = ["Fatal error", "Program crashed", "Backtracing", "Swift runtime failure"]
    static let hostileValues = [
        "inf", "nan", "-1", "0", "1e300", "99999999999999999999", "9999999999999999h", "", "0x10",
    ]

    /// Every numeric or duration option of every subcommand, with what else the command needs to end
    /// quickly (a sync to a port that refuses at once, with no retries unless the option is --retries).
    static let options: [(command: [String], option: String)] = [
        (["list"], "--duration"), (["list"], "--max-credits"), (["list"], "--images"), (["list"], "--limit"),
        (["history"], "--limit"), (["changes"], "--since"), (["validate"], "--max-age"),
        (["sync", "--retries", "0"], "--max-removal"), (["sync", "--retries", "0"], "--page-size"),
        (["sync", "--retries", "0"], "--concurrency"), (["sync", "--retries", "0"], "--connect-timeout"),
        (["sync", "--retries", "0"], "--read-timeout"), (["sync", "--retries", "0"], "--cover-concurrency"),
        (["sync", "--retries", "0"], "--every"), (["sync", "--retries", "0"], "--jitter"), (["sync"], "--retries"),
        (["serve", "--port", "0"], "--max-age"), (["serve", "--port", "0"], "--sync-every"), (["serve"], "--port"),
    ]

    var cli: CLI {
        var cli = CLI(folder: folder)
        cli.environment = ["CRUN_BASE_URL": "http://127.0.0.1:1", "CRUN_API_KEY": "k"]
        return cli
    }

    @Test(arguments: options)
    func everyNumericOptionEndsWithADocumentedExitCode(command: [String], option: String) async throws {
        for value in Self.hostileValues {
            let arguments = command + [option, value]
            let (status, stderr) = try await outcome(arguments)
            #expect(Self.documented.contains(status), "\(arguments): exit \(status)\n\(stderr)")
            #expect(!Self.crashMarks.contains { stderr.contains($0) }, "\(arguments): \(stderr)")
            if status == 64 { #expect(stderr.contains(option), "\(arguments): \(stderr)") }
        }
    }

    /// The exit status and stderr; a `serve` still running after a few seconds accepted its options
    /// and is stopped with SIGTERM (which it answers with 0).
    func outcome(_ arguments: [String]) async throws -> (Int32, String) {
        guard arguments.first == "serve" else {
            let result = try await cli.runAsync(arguments)
            return (result.status, result.stderr)
        }
        var serving = cli
        serving.environment["VIDU_CATALOG_DB"] = cli.database
        let running = try serving.start(arguments)
        for _ in 0..<100 where running.process.isRunning {
            if running.stderr.contains("serving ") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if running.process.isRunning { return (await running.stop(), running.stderr) }
        return (running.process.terminationStatus, running.stderr)
    }

    @Test func outputToAFullDiskExits74WithASentence() throws {
        for arguments in [["list"], ["export"], ["status"], ["schema"], ["list", "--format", "json"]] {
            let result = try cli.run(arguments, standardOutput: "/dev/full")
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("Cannot write the output: No space left on device."))
            #expect(!Self.crashMarks.contains { result.stderr.contains($0) })
        }
    }

    /// Runs `executable` to its end with this catalog, its output to `output`; what it wrote on stderr.
    /// (CLI.run gives the child files; these tests need a pipe or a shell in between.)
    func spawn(_ executable: URL, _ arguments: [String], output: FileHandle) throws -> (Process, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["VIDU_CATALOG_DB": cli.database, "PATH": "/usr/bin:/bin"]
        let errPath = folder.file("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        _ = try process.runAndWait()
        return (process, String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    @Test func aClosedPipeEndsQuietly() throws {
        #expect(try cli.run(["status"]).status == 0)
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let (process, stderr) = try spawn(CLI.binary, ["export"], output: pipe.fileHandleForWriting)
        // Killed by SIGPIPE like any filter, or exit 141 where SIGPIPE is ignored; nothing on stderr.
        let quiet =
            (process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGPIPE)
            || process.terminationStatus == 141
        #expect(quiet, "\(process.terminationReason) \(process.terminationStatus)")
        #expect(stderr.isEmpty, "\(stderr)")
    }

    @Test func aDamagedRowIsExit74NamingTheTable() throws {
        #expect(try cli.run(["status"]).status == 0)
        let queue = try DatabaseQueue(path: cli.database)
        try queue.write { db in
            try db.execute(sql: "UPDATE catalog_run SET started_at = 'not a time'")
            try db.execute(sql: "UPDATE template_change SET fields = '{not json' WHERE id = 1")
        }
        try queue.close()
        let history = try cli.run(["history"])
        #expect(history.status == 74)
        #expect(history.stderr.contains("damaged row (table catalog_run, column started_at"), "\(history.stderr)")
        let changes = try cli.run(["changes"])
        #expect(changes.status == 74)
        #expect(changes.stderr.contains("table template_change, column fields"), "\(changes.stderr)")
        #expect(!Self.crashMarks.contains { history.stderr.contains($0) || changes.stderr.contains($0) })
    }

    @Test(arguments: ["-1", "99999999999999", "'text'", "X'00'"])
    func aDamagedMetadataSizeIsExit74NotATrapOrAHugeAllocation(size: String) throws {
        #expect(try cli.run(["status"]).status == 0)
        let queue = try DatabaseQueue(path: cli.database)
        try queue.writeWithoutTransaction { db in
            // As a hand edit could: past the table's CHECK constraint.
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(
                sql: "UPDATE template_metadata SET metadata_size = \(size) WHERE pk = (SELECT min(pk) FROM template)")
        }
        try queue.close()
        let export = try cli.run(["export"])
        #expect(export.status == 74, "\(export.stderr)")
        #expect(export.stderr.contains("damaged"), "\(export.stderr)")
        #expect(!Self.crashMarks.contains { export.stderr.contains($0) })
    }

    @Test func aSyncToARefusingPortExits69AtOnce() async throws {
        let result = try await cli.runAsync(["sync", "--retries", "0", "--connect-timeout", "300"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("Connection refused"), "\(result.stderr)")
        // The default retry of AsyncHTTPClient took about 35 s to give up here. The child's own run
        // time: the test's resumption afterwards waits on whatever else the suite runs.
        #expect((result.ran ?? .seconds(999)) < .seconds(25))
    }

    @Test func aSyncRedirectedToAnotherOriginExits69AndTheOtherOriginHearsNothing() async throws {
        let catalog = SyntheticCatalog(count: 10).templates()
        try await FakeCrunUpstream.run(templates: catalog, apiKey: "k-redirect") { elsewhere in
            try await FakeCrunUpstream.run(templates: catalog, apiKey: "k-redirect") { upstream in
                await upstream.enqueue(.redirect(302, location: elsewhere.baseURL + "/steal"))
                var cli = self.cli
                cli.environment = ["CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": "k-redirect"]
                let result = try await cli.runAsync(["sync"])
                #expect(result.status == 69)
                #expect(result.stderr.contains("does not follow redirects"))
                #expect(!result.stderr.contains("k-redirect"))
                #expect(await elsewhere.requests.isEmpty)
            }
        }
    }

    @Test func aSyncToAnUpstreamClaimingEndlessTemplatesExits65() async throws {
        let catalog = SyntheticCatalog(count: 60).templates()
        try await FakeCrunUpstream.run(templates: catalog, apiKey: "k") { upstream in
            var cli = self.cli
            cli.environment = ["CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": "k"]
            for total in [Int.max, 1_000_000_000_000, 999_999] {
                await upstream.setReportedTotal(total)
                let result = try await cli.runAsync(["sync"])
                #expect(result.status == 65, "\(total): \(result.stderr)")
                #expect(result.stderr.contains("cannot be true"))
            }
            #expect(await upstream.requests.count < 20)
        }
    }

    @Test func aFailedFirstSeedLeavesNoCatalogBehind() throws {
        // A file size limit of 20 KB (with SIGXFSZ ignored, so writes fail with EFBIG) makes the seed
        // fail halfway through writing the sample.
        let (process, stderr) = try spawn(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "trap '' XFSZ; ulimit -f 40; exec \"$0\" list", CLI.binary.path],
            output: FileHandle.nullDevice)
        #expect(process.terminationStatus == 74, "\(stderr)")
        #expect(stderr.contains("Cannot create the catalog \(cli.database) from the bundled sample"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("catalog") }
        #expect(left.isEmpty, "\(left)")
        // The next command seeds a whole catalog.
        let list = try cli.run(["list", "--format", "jsonl"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == BundledData.sampleSnapshot().templates.count)
    }

    /// The reproductions of the issue that filed this hardening, each through the real binary.
    @Test func aPageNumberThatOverflowsTheOffsetIs422AndServeStaysUp() async throws {
        var serving = cli
        serving.environment["VIDU_CATALOG_DB"] = cli.database
        #expect(try cli.run(["status"]).status == 0)
        let running = try serving.start(["serve", "--port", "0"])
        var port: Int?
        for _ in 0..<600 where port == nil {
            if let range = running.stderr.range(of: "on http://127.0.0.1:") {
                port = Int(running.stderr[range.upperBound...].prefix { $0.isNumber })
            }
            if port == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let base = "http://127.0.0.1:\(try #require(port))"
        let (body, status) = try await get(base + "/api/v1/client/job/vidu-templates?page=999999999999999999")
        #expect(status == 422)
        #expect(body.contains(#""code":422"#))
        #expect(try await get(base + "/api/v1/client/job/vidu-templates?page=1").status == 200)
        #expect(running.process.isRunning)
        #expect(await running.stop() == 0)
    }

    func get(_ url: String) async throws -> (body: String, status: Int) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return (String(decoding: data, as: UTF8.self), (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    @Test func threeHundredThousandBadImagesGiveAHundredFindingsAndACount() throws {
        let images = Array(repeating: "1", count: 300_000).joined(separator: ",")
        let body = #"{"model":"vidu/template","input":{"template":"hugging","images":["# + images + "]}}"
        let file = folder.file("many-images.json")
        try Data(body.utf8).write(to: URL(fileURLWithPath: file))
        let result = try cli.run(["validate", "--format", "json", file])
        #expect(result.status == 1)
        let report = try JSONParser().parse(result.stdout)
        #expect(report["errors"]?.arrayValue?.count == 100)
        #expect((report["omitted"]?.intValue ?? 0) >= 299_900)
        #expect(report["warnings"]?.arrayValue?.contains { $0["code"] == "findings.omitted" } == true)
    }

    @Test func deadCoverHostsFailTheirProbesAtOnce() async throws {
        // Thirty templates whose covers and videos sit on a port that refuses connections.
        var catalog = SyntheticCatalog(count: 30).templates()
        for index in catalog.indices {
            catalog[index].cover = "http://127.0.0.1:1/cover-\(index).png"
            catalog[index].video = "http://127.0.0.1:1/video-\(index).mp4"
        }
        try await FakeCrunUpstream.run(templates: catalog, apiKey: "k") { upstream in
            var cli = self.cli
            cli.environment = ["CRUN_BASE_URL": upstream.baseURL, "CRUN_API_KEY": "k"]
            let clock = ContinuousClock()
            let started = clock.now
            let result = try await cli.runAsync([
                "sync", "--covers", "--covers-allow-private", "--connect-timeout", "20", "--format", "json",
            ])
            let elapsed = clock.now - started
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try JSONParser().parse(result.stdout)["covers"]?["failed"]?.arrayValue?.count == 60)
            // Waiting out the connect timeout per probe slot would take 60 × 20 s / 8 = 150 s.
            #expect(elapsed < .seconds(60), "took \(elapsed)")
        }
    }
}
