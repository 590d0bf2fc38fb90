import Foundation
import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct ListCommandTests {
    let folder = TemporaryDirectory()
    var cli: CLI { CLI(folder: folder) }

    func jsonList(_ arguments: [String]) throws -> [JSONValue] {
        let result = try cli.run(["list", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONParser().parse(result.stdout).arrayValue)
    }

    @Test func firstRunSeedsFromTheBundledSampleAndSaysSo() throws {
        let first = try cli.run(["list", "--aspect-ratio", "9:16"])
        #expect(first.status == 0)
        #expect(first.stderr.contains("created one from the bundled sample snapshot of 2026-11-20"))
        #expect(first.stderr.contains("not the live catalog"))
        #expect(first.stdout.hasPrefix("ID "))
        let second = try cli.run(["list", "--aspect-ratio", "9:16"])
        #expect(second.stderr.isEmpty)
        #expect(second.stdout == first.stdout)
    }

    @Test func worksFromAnyDirectory() throws {
        let result = try cli.run(["list", "--limit", "1"], workingDirectory: "/")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 template"))
    }

    @Test func tableRowsAreTheFilteredTemplates() throws {
        let table = try cli.run(["list", "--aspect-ratio", "9:16"])
        let expected = try jsonList(["--aspect-ratio", "9:16"]).compactMap { $0["template"]?.stringValue }
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == expected.count + 2)
        #expect(lines.dropFirst().dropLast().map { String($0.split(separator: " ")[0]) } == expected)
        #expect(lines.last == "\(expected.count) templates")
        #expect(!table.stdout.contains("\u{1B}["))
    }

    @Test func jsonCarriesUpstreamAndDerivedFields() throws {
        let entries = try jsonList(["--aspect-ratio", "9:16"])
        #expect(!entries.isEmpty)
        for entry in entries {
            #expect(entry["aspect_ratio"]?.arrayValue?.contains("9:16") == true)
            for key in [
                "template", "name", "credits", "input_instruction", "image_count", "prompt_required", "first_seen",
                "updated_at", "removed_at",
            ] {
                #expect(entry[key] != nil, "missing \(key)")
            }
        }
        let mom = try #require(entries.first { $0["template"] == "Vintage_Moment_of_Mom" })
        #expect(mom["image_count"] == ["min": 1, "max": 1])
        #expect(mom["prompt_required"] == false)
        #expect(mom["removed_at"] == JSONValue.null)
    }

    @Test func jsonLinesAndCSVListTheSameTemplates() throws {
        let ids = try jsonList(["--category", "Festival"]).compactMap { $0["template"]?.stringValue }
        let lines = try cli.run(["list", "--category", "Festival", "--format", "jsonl"]).stdout.split(separator: "\n")
        #expect(try lines.map { try JSONParser().parse(String($0))["template"]?.stringValue } == ids)
        let csv = try cli.run(["list", "--category", "Festival", "--format", "csv"]).stdout
        let rows = csv.split(separator: "\r\n")
        #expect(rows.first?.hasPrefix("template,name,category_name,category_id,credits,aspect_ratio") == true)
        #expect(rows.dropFirst().map { String($0.split(separator: ",")[0]) } == ids)
    }

    @Test func filtersCombine() throws {
        let all = try jsonList([])
        let expected = all.filter {
            $0["category_name"] == "Festival" && $0["is_hot"] == true && ($0["credits"]?.intValue ?? 99) <= 12
        }.compactMap { $0["template"]?.stringValue }
        let got = try jsonList(["--category", "festival", "--hot", "--max-credits", "12"]).compactMap {
            $0["template"]?.stringValue
        }
        #expect(got == expected)
        #expect(!got.isEmpty)
    }

    @Test func imageAndPromptFiltersUseTheDerivedValues() throws {
        for entry in try jsonList(["--images", "2"]) {
            let count = try #require(entry["image_count"])
            #expect((count["min"]?.intValue ?? 99) <= 2)
            #expect(count["max"] == JSONValue.null || (count["max"]?.intValue ?? 0) >= 2)
        }
        #expect(try jsonList(["--no-prompt-required"]).allSatisfy { $0["prompt_required"] == false })
        #expect(try jsonList(["--prompt-required"]).allSatisfy { $0["prompt_required"] == true })
    }

    @Test func sortsAndLimits() throws {
        let credits = try jsonList(["--sort", "credits"]).compactMap { $0["credits"]?.intValue }
        #expect(credits == credits.sorted())
        #expect(try jsonList(["--limit", "3"]).count == 3)
        let found = try jsonList(["--search", "zombie"]).compactMap { $0["template"]?.stringValue }
        #expect(found.contains("turn_into_zombie"))
    }

    @Test func tableFitsTheGivenWidth() throws {
        var narrow = cli
        narrow.environment["COLUMNS"] = "90"
        let result = try narrow.run(["list"])
        #expect(result.status == 0)
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 90, "\(line)")
        }
        #expect(result.stdout.contains("…"))
    }

    @Test(arguments: [
        ["list", "--limit", "-1"], ["list", "--format", "xml"], ["list", "--sort", "price"], ["list", "--bogus"],
        ["frobnicate"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try cli.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Error") || result.stderr.contains("error"))
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }
}
