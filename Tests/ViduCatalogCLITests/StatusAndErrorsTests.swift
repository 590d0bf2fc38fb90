import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct StatusAndErrorsTests {
    let folder = TemporaryDirectory()
    var cli: CLI { CLI(folder: folder) }

    @Test func statusTellsCountsSourceAgeAndSizes() throws {
        let text = try cli.run(["status"])
        #expect(text.status == 0)
        let count = BundledData.sampleSnapshot().templates.count
        for part in [
            "Templates:   \(count) active, 0 removed", "bundled sample snapshot of 2026-11-20", "ago)", "raw,",
            "compressed", "Categories:  12", cli.database,
        ] {
            #expect(text.stdout.contains(part), "missing \(part)")
        }
        let json = try JSONParser().parse(try cli.run(["status", "--format", "json"]).stdout)
        #expect(json["active"]?.intValue == count)
        #expect(json["source"]?["kind"] == "snapshot")
        #expect(json["only_sample"] == true)
        #expect(json["categories"]?.arrayValue?.count == 12)
        #expect((json["metadata_compressed_bytes"]?.intValue ?? .max) < (json["metadata_bytes"]?.intValue ?? 0))
    }

    @Test func aFileThatIsNotADatabaseExits74WithOneSentence() throws {
        let path = folder.file("notes.txt")
        let content = Data(String(repeating: "not a database at all\n", count: 300).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        let input = folder.file("input.json")
        try Data(#"[{"template":"x"}]"#.utf8).write(to: URL(fileURLWithPath: input))
        for command in [["list"], ["show", "x"], ["status"], ["export"], ["import", input]] {
            let result = try cli.run(command + ["--db", path])
            #expect(result.status == 74, "\(command)")
            #expect(
                result.stderr
                    == "vidu-catalog: error: \(path) is not a vidu-catalog database (the file is not SQLite or is damaged).\n"
            )
        }
        #expect(FileManager.default.contents(atPath: path) == content)
    }

    @Test func anotherApplicationsDatabaseExits74() throws {
        let path = folder.file("app.sqlite")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table users(id)'); c.commit()", path,
        ]
        _ = try sqlite.runAndWait()
        let result = try cli.run(["list", "--db", path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("another application"))
    }

    @Test func anUnusablePathExits74() throws {
        let result = try cli.run(["list", "--db", "/proc/version/catalog.sqlite"])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("vidu-catalog: error: "))
    }

    @Test func theDatabaseDefaultsToXDGDataHome() throws {
        var xdg = cli
        xdg.environment = ["VIDU_CATALOG_DB": "", "XDG_DATA_HOME": folder.file("xdg")]
        let result = try xdg.run(["status", "--format", "json"])
        #expect(result.status == 0)
        #expect(
            try JSONParser().parse(result.stdout)["path"]
                == .string(folder.file("xdg") + "/vidu-catalog/catalog.sqlite"))
    }

    @Test func versionAndHelp() throws {
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "\(ViduCatalogInfo.version) (catalog schema \(CatalogStore.schemaVersion))\n")
        #expect(CatalogStore.schemaVersion == 7)
        let help = try cli.run(["--help"])
        for part in ["list", "show", "import", "export", "status", "Exit codes", "64 usage"] {
            #expect(help.stdout.contains(part))
        }
        for command in ["list", "show", "import", "export", "status"] {
            let sub = try cli.run([command, "--help"])
            #expect(sub.status == 0)
            #expect(sub.stdout.contains("--db <path>"))
        }
    }
}
