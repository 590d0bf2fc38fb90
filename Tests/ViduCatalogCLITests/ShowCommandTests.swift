import Testing
import ViduCatalog
import ViduCatalogTesting

@Suite struct ShowCommandTests {
    let folder = TemporaryDirectory()
    var cli: CLI { CLI(folder: folder) }

    @Test func textShowsEveryFieldAndTheDecompressedMetadata() throws {
        let result = try cli.run(["show", "Vintage_Moment_of_Mom"])
        #expect(result.status == 0)
        for text in [
            "Template:", "Vintage_Moment_of_Mom", "Festival (11)", "Credits:", "9", "9:16", "1080p", "0 (fixed)",
            "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png",
            "https://scene.cf.vidu.studio/media-asset/083031-h9r9GH4Ll5AYpoF1.png",
            "Only single female person photos are supported", "No prompt required for this mode",
            "First seen:", "Updated:", "Removed:          no", "bytes,",
        ] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    @Test func textShowsRawInstructionsAndExtraFields() throws {
        let raw = try cli.run(["show", "melt_away"]).stdout
        #expect(raw.contains("Instruction (raw): image_count: one image; prompt: none (legacy text, not JSON)"))
        let extra = try cli.run(["show", "cyborg_reveal"]).stdout
        #expect(extra.contains(#"Extra tags:"#) && extra.contains(#"["sci-fi","metal"]"#))
    }

    @Test func jsonHasTheUpstreamFieldsDerivedValuesAndSizes() throws {
        let result = try cli.run(["show", "hugging", "--format", "json"])
        #expect(result.status == 0)
        let json = try JSONParser().parse(result.stdout)
        #expect(json["template"] == "hugging")
        #expect(json["image_count"]?["min"] == 2)
        #expect((json["metadata_bytes"]?.intValue ?? 0) > (json["metadata_compressed_bytes"]?.intValue ?? 0))
    }

    @Test func anUnknownIDExits1WithSuggestions() throws {
        let result = try cli.run(["show", "Hugging"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(#"No template "Hugging" in the catalog. Did you mean hugging"#))
        let far = try cli.run(["show", "zzzzzzzzzzzzzzzzzz"])
        #expect(far.status == 1)
        #expect(!far.stderr.contains("Did you mean"))
    }
}
