import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct ImportExportCommandTests {
    let folder = TemporaryDirectory()
    var cli: CLI { CLI(folder: folder) }

    func write(_ text: String, to name: String) throws -> String {
        let path = folder.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func exportThenImportIntoAFreshCatalogIsIdentical() throws {
        let exported = try cli.run(["export"])
        #expect(exported.status == 0)
        let file = folder.file("export.json")
        let toFile = try cli.run(["export", "--out", file])
        #expect(toFile.status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == exported.stdout)
        let fresh = folder.file("fresh.sqlite")
        let imported = try cli.run(["import", "--db", fresh, file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("+\(BundledData.sampleSnapshot().templates.count) added"))
        let again = try cli.run(["export", "--db", fresh])
        #expect(again.stdout == exported.stdout)
        let templates = try JSONParser().parse(again.stdout)["data"]?["templates"]?.arrayValue ?? []
        #expect(templates == BundledData.sampleSnapshot().templates.map(\.json))
    }

    @Test func importsPagesAndReportsWhatChanged() throws {
        let page1 = try write(
            #"{"code":200,"message":"success","data":{"total":3,"templates":[{"template":"a","credits":1},{"template":"b"}]}}"#,
            to: "p1.json")
        let page2 = try write(
            #"{"code":200,"message":"success","data":{"total":3,"templates":[{"template":"c","novel":{"x":1}}]}}"#,
            to: "p2.json")
        let db = folder.file("pages.sqlite")
        let first = try cli.run(["import", "--db", db, page1, page2])
        #expect(first.status == 0)
        #expect(
            first.stdout
                == "Imported 3 templates from 2 files: +3 added, -0 removed, ~0 changed, 0 unchanged (run #1).\n")
        let changed = try write(#"[{"template":"a","credits":2}]"#, to: "p3.json")
        let second = try cli.run(["import", "--db", db, changed])
        #expect(
            second.stdout
                == "Imported 1 template from 1 file: +0 added, -0 removed, ~1 changed (credits 1), 0 unchanged (run #2).\n"
        )
        let export = try JSONParser().parse(try cli.run(["export", "--db", db]).stdout)
        #expect(
            export["data"]?["templates"] == [
                ["template": "a", "credits": 2], ["template": "b"], ["template": "c", "novel": ["x": 1]],
            ])
    }

    @Test(arguments: [
        ("missing.json", nil as String?, 66 as Int32, "No such file"),
        (
            "broken.json", "{\"data\": {\"templates\": [\n {\"template\": \"x\",}]}}", 65,
            "broken.json is not valid JSON (line 2, column"
        ),
        (
            "error.json", #"{"code":429,"message":"rate limited","data":null}"#, 65,
            "upstream error response (code 429: rate limited)"
        ),
        ("noid.json", #"[{"template":"ok"},{"name":"x"}]"#, 65, "Template 2 of the top-level array"),
        ("shape.json", #"{"hello":"world"}"#, 65, "holds no template list"),
    ])
    func badInputExitsWithItsCodeAndChangesNothing(name: String, content: String?, status: Int32, message: String)
        throws
    {
        let before = try cli.run(["export"]).stdout
        let good = try write(#"[{"template":"would_be_added"}]"#, to: "good-\(name)")
        let path = try content.map { try write($0, to: name) } ?? folder.file(name)
        let result = try cli.run(["import", good, path])
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try cli.run(["export"]).stdout == before)
    }

    /// A file whose strings hold invalid UTF-8 is refused whole, naming the byte (the reader used to
    /// repair such bytes silently into U+FFFD and import the damaged names).
    @Test func aFileWithInvalidUTF8IsRefusedAtItsByte() throws {
        let before = try cli.run(["export"]).stdout
        let prefix = Array(#"[{"template":"caf"#.utf8)
        let path = folder.file("latin1.json")
        try Data(prefix + [0xE9] + Array(#""}]"#.utf8)).write(to: URL(fileURLWithPath: path))
        let result = try cli.run(["import", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not valid UTF-8"), "\(result.stderr)")
        #expect(result.stderr.contains("column \(prefix.count + 1)"), "\(result.stderr)")
        #expect(try cli.run(["export"]).stdout == before)
    }

    @Test func importNeedsAFile() throws {
        #expect(try cli.run(["import"]).status == 64)
    }

    @Test func exportToAnUnwritablePlaceExits74() throws {
        let result = try cli.run(["export", "--out", folder.file("no/such/dir/out.json")])
        #expect(result.status == 74)
        #expect(result.stderr.contains("Cannot write"))
    }

    @Test func anImportWhileASyncHoldsTheCatalogExits75NamingTheHolderOrWaits() async throws {
        let file = folder.file("export.json")
        #expect(try cli.run(["export", "--out", file]).status == 0)
        var lock: SyncLock? = try await SyncLock.acquire(catalog: cli.database, wait: false)
        let refused = try await cli.runAsync(["import", file])
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("Another sync (pid \(getpid()), since "), "\(refused.stderr)")
        #expect(refused.stderr.contains("--wait"))
        // With --wait it goes ahead once the lock is released.
        let waiting = Task { try await cli.runAsync(["import", "--wait", file]) }
        try await Task.sleep(for: .milliseconds(500))
        withExtendedLifetime(lock) {}
        lock = nil
        let waited = try await waiting.value
        #expect(waited.status == 0, "\(waited.stderr)")
    }
}
