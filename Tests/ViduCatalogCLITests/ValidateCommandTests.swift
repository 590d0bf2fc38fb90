import Foundation
import FoundationXML
import Testing
import ViduCatalog
import ViduCatalogTesting

/// `vidu-catalog validate` with the built binary, against a freshly imported copy of the bundled sample.
@Suite struct ValidateCommandTests {
    let folder = TemporaryDirectory()

    static let valid =
        #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/1.png"],"bgm":true}}"#
    static let invalid =
        #"{"model":"vidu/template","input":{"template":"hugging","images":["https://a.com/1.png"],"seed":"7"}}"#
    static let unknown = #"{"model":"vidu/template","input":{"template":"brand_new","images":["https://a.com/1.png"]}}"#

    /// A CLI whose catalog was imported now (fresh), or only seeded from the bundled sample (stale).
    func cli(fresh: Bool = true) throws -> CLI {
        let cli = CLI(folder: folder)
        if fresh {
            let sample = folder.file("sample.json")
            try Data(JSONWriter().data(BundledData.sampleSnapshot().json)).write(to: URL(fileURLWithPath: sample))
            #expect(try cli.run(["import", sample]).status == 0)
        }
        return cli
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func oneBodyOverManyLinesIsOneRequest() throws {
        let cli = try cli()
        let pretty = String(decoding: JSONWriter(pretty: true).data(try JSONParser().parse(Self.valid)), as: UTF8.self)
        let path = try write("body.json", "\n" + pretty)
        let result = try cli.run(["validate", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasSuffix("1 valid, 0 invalid, 0 undecided\n"))
        let json = try JSONParser().parse(try cli.run(["validate", path, "--format", "json"]).stdout)
        #expect(json["line"] == 2)
        #expect(json["credits"] == 15)
        #expect(json["verdict"] == "valid")
    }

    @Test func jsonLinesReportEveryFindingWithFileLineAndPointer() throws {
        let cli = try cli()
        let path = try write(
            "requests.jsonl", [Self.valid, "", Self.invalid, "{not json", Self.valid].joined(separator: "\n"))
        let result = try cli.run(["validate", path])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                \(path):3: error seed.type /input/seed: input.seed must be an integer, not a string.
                \(path):3: error images.count /input/images: Template hugging takes exactly 2 images; input.images holds 1.
                \(path):4: error json.syntax: The body is not valid JSON: expected a member name in quotes, found 'n' at byte 1.

                """)
        #expect(result.stderr == "2 valid, 2 invalid, 0 undecided\n")
    }

    @Test func exitCodesAndTheJSONReport() throws {
        let cli = try cli()
        #expect(try cli.run(["validate", try write("ok.jsonl", Self.valid + "\n" + Self.valid)]).status == 0)
        // A fresh catalog calls an unknown template invalid.
        #expect(try cli.run(["validate", try write("new.jsonl", Self.unknown)]).status == 1)
        #expect(try cli.run(["validate", folder.file("missing.jsonl")]).status == 66)
        let directory = try cli.run(["validate", folder.file("")])
        #expect(directory.status == 65)
        #expect(directory.stderr.contains("is a directory"))
        // A missing file does not stop the others from being checked.
        let mixed = try cli.run(["validate", folder.file("missing.jsonl"), try write("bad.jsonl", Self.invalid)])
        #expect(mixed.status == 66)
        #expect(mixed.stderr.hasSuffix("0 valid, 1 invalid, 0 undecided\n"))
        let report = try JSONParser().parse(
            try cli.run(["validate", "--format", "json", folder.file("bad.jsonl")]).stdout)
        #expect(report["source"]?.stringValue == folder.file("bad.jsonl"))
        #expect(report["verdict"] == "invalid")
        #expect(report["template"] == "hugging")
        #expect(report["credits"] == 10)
        #expect(report["catalog"]?["load_kind"] == "import")
        #expect(report["catalog"]?["hash"]?.stringValue?.count == 64)
        #expect(report["errors"]?.arrayValue?.map { $0["code"]?.stringValue } == ["seed.type", "images.count"])
        #expect(report["warnings"] == [])
    }

    @Test func aStaleCatalogLeavesUnknownTemplatesUndecided() throws {
        let cli = try cli(fresh: false)
        let path = try write("new.jsonl", Self.unknown + "\n" + Self.valid)
        let result = try cli.run(["validate", path])
        #expect(result.status == 3)
        #expect(result.stdout.hasPrefix("\(path):1: undecided template.unknown /input/template: "))
        #expect(result.stderr.contains("warning: catalog.stale: The catalog holds only the bundled sample"))
        #expect(result.stderr.hasSuffix("1 valid, 0 invalid, 1 undecided\n"))
        let fresh = try cli.run(["validate", "--require-fresh", path])
        #expect(fresh.status == 1)
        #expect(fresh.stdout.contains(":2: error catalog.stale: "))
    }

    @Test func strictMakesUnknownFieldsErrors() throws {
        let cli = try cli()
        let path = try write(
            "extra.json",
            #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/1.png"],"colour":"red"}}"#
        )
        let lenient = try cli.run(["validate", path])
        #expect(lenient.status == 0)
        #expect(
            lenient.stdout
                == "\(path):1: warning field.unknown /input/colour: input.colour is not a CreateTask field; Crun may ignore or reject it. (Remove it, or check its spelling.)\n"
        )
        #expect(try cli.run(["validate", "--strict", path]).status == 1)
    }

    @Test func readsStandardInput() throws {
        let cli = try cli()
        let result = try cli.run(["validate", "-"], input: Self.valid + "\n" + Self.invalid + "\n")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("<stdin>:2: error seed.type"))
        #expect(try cli.run(["validate"], input: Self.valid).status == 0)
    }

    @Test func junitIsWellFormedXMLWithOneTestCasePerRequest() throws {
        let cli = try cli()
        let path = try write("ci.jsonl", [Self.valid, Self.invalid, "[1"].joined(separator: "\n"))
        let result = try cli.run(["validate", "--format", "junit", path])
        #expect(result.status == 1)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let suite = try #require(try document.nodes(forXPath: "/testsuites/testsuite").first as? XMLElement)
        #expect(suite.attribute(forName: "tests")?.stringValue == "3")
        #expect(suite.attribute(forName: "failures")?.stringValue == "2")
        let cases = try document.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        #expect(cases.map { $0.attribute(forName: "line")?.stringValue } == ["1", "2", "3"])
        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "type")?.stringValue == "seed.type")
        #expect(cases[2].elements(forName: "failure").first?.attribute(forName: "type")?.stringValue == "json.syntax")
    }

    @Test func sarifLocatesEachFindingByFileAndLine() throws {
        let cli = try cli()
        let path = try write("ci.jsonl", [Self.valid, Self.invalid].joined(separator: "\n"))
        let result = try cli.run(["validate", "--format", "sarif", path])
        #expect(result.status == 1)
        let sarif = try JSONParser().parse(result.stdout)
        #expect(sarif["version"] == "2.1.0")
        let run = try #require(sarif["runs"]?.arrayValue?.first)
        let rules = run["tool"]?["driver"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(rules.contains("images.count") && rules.contains("area.unsupported"))
        let results = try #require(run["results"]?.arrayValue)
        #expect(results.map { $0["ruleId"]?.stringValue } == ["seed.type", "images.count"])
        #expect(results.allSatisfy { $0["locations"]?[0]?["physicalLocation"]?["region"]?["startLine"] == 2 })
        #expect(results[0]["locations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"] == "/input/seed")
        // No findings at all is still a whole document.
        let clean = try JSONParser().parse(
            try cli.run(["validate", "--format", "sarif", try write("ok.json", Self.valid)]).stdout)
        #expect(clean["runs"]?[0]?["results"] == [])
    }

    @Test func aLargeFileIsReadInBatches() throws {
        let cli = try cli()
        var lines: [String] = []
        for index in 0..<30_000 {
            lines.append(index % 3 == 0 ? Self.invalid : Self.valid)
        }
        let path = try write("large.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try cli.run(["validate", "--format", "json", path])
        #expect(result.status == 1)
        #expect(result.stderr == "20000 valid, 10000 invalid, 0 undecided\n")
        let reports = result.stdout.split(separator: "\n")
        #expect(reports.count == 30_000)
        // Output keeps input order.
        let lineNumbers = try reports.map { try JSONParser().parse(String($0))["line"]?.intValue ?? 0 }
        #expect(lineNumbers == Array(1...30_000))
    }
}
