import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

/// The real binary serving on a free loopback port, and a second one syncing from it.
@Suite struct ServeCommandTests {
    let folder = TemporaryDirectory()

    /// Starts `vidu-catalog serve --port 0` and waits for the port it prints on stderr.
    func startServer(database: String, environment: [String: String] = [:]) throws -> (Process, Int, String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--db", database, "--port", "0"]
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        let errPath = folder.file("serve-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), port > 0 { return (process, port, errPath) }
            }
            usleep(50_000)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start"])
    }

    @Test func aSecondInstanceSyncsFromServeThroughTheRealBinaries() async throws {
        let cli = CLI(folder: folder)
        let sample = folder.file("sample.json")
        try Data(JSONWriter().data(BundledData.sampleSnapshot().json)).write(to: URL(fileURLWithPath: sample))
        #expect(try cli.run(["import", sample]).status == 0)
        let key = "mirror-key-123"
        let (server, port, errPath) = try startServer(
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

        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        #expect(!log.contains(key))
    }
}
