import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct HistoryCommandTests {
    let folder = TemporaryDirectory()
    var cli: CLI { CLI(folder: folder) }

    /// The sample with Vintage_Moment_of_Mom at 99 credits, Easter_cute_pets removed and one new template.
    func modifiedSample() throws -> String {
        var snapshot = BundledData.sampleSnapshot()
        snapshot.templates[0].credits = 99
        snapshot.templates.removeAll { $0.id == "Easter_cute_pets" }
        snapshot.templates.append(Template(id: "brand_new"))
        snapshot.sample = nil
        let path = folder.file("modified.json")
        try Data(JSONWriter().data(snapshot.json)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func diffReportsChangesOfflineAndExits1() throws {
        let file = try modifiedSample()
        let before = try cli.run(["export"]).stdout
        let result = try cli.run(["diff", file])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("changed Vintage_Moment_of_Mom: credits 9 → 99"))
        #expect(lines.contains("added brand_new"))
        #expect(lines.contains("removed Easter_cute_pets"))
        #expect(lines.last?.hasPrefix("+1 added, -1 removed, ~1 changed (credits 1); ") == true)
        #expect(try cli.run(["export"]).stdout == before)
        let json = try JSONParser().parse(try cli.run(["diff", file, "--format", "json"]).stdout)
        #expect(json["removed"] == ["Easter_cute_pets"])
        #expect(json["changed"]?.arrayValue?.first?["fields"] == [["field": "credits", "old": 9, "new": 99]])
    }

    @Test func diffOfTheCatalogsOwnExportExits0() throws {
        let file = folder.file("same.json")
        _ = try cli.run(["export", "--out", file])
        let result = try cli.run(["diff", file])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("+0 added, -0 removed, ~0 changed; "))
    }

    @Test func historyAndChangesTellWhatEachRunDid() throws {
        let file = try modifiedSample()
        _ = try cli.run(["status"])  // seeds the sample: run 1
        _ = try cli.run(["import", file])
        let history = try cli.run(["history"]).stdout.split(separator: "\n")
        #expect(history.count == 2)
        #expect(history[0].hasPrefix("#2 ") && history[0].contains(" import ") && history[0].contains("+1 -0 ~1"))
        #expect(history[1].hasPrefix("#1 ") && history[1].contains("snapshot bundled sample snapshot: applied"))
        let runs = try JSONParser().parse(try cli.run(["history", "--format", "json", "--limit", "1"]).stdout)
        #expect(runs.arrayValue?.count == 1)
        #expect(
            runs.arrayValue?.first?["catalog_hash"]
                == (try JSONParser().parse(try cli.run(["status", "--format", "json"]).stdout))["catalog_hash"])
        let changes = try cli.run(["changes", "--since", "1"]).stdout.split(separator: "\n")
        #expect(changes.count == 2)
        #expect(changes.contains { $0.hasSuffix("changed Vintage_Moment_of_Mom: credits 9 → 99") })
        let one = try JSONParser().parse(
            try cli.run(["changes", "--template", "Vintage_Moment_of_Mom", "--format", "json"]).stdout)
        #expect(one.arrayValue?.map { $0["kind"] } == ["added", "changed"])
        #expect(try cli.run(["changes", "--since", "2999-01-01"]).stdout == "\n")
    }

    @Test func aBadSinceIsAUsageError() throws {
        let result = try cli.run(["changes", "--since", "last tuesday"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--since takes a run number"))
    }
}
