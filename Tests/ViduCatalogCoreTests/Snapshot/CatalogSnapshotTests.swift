import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

@Suite struct CatalogSnapshotTests {
    @Test func readsTheEnvelopeTheDataObjectAndABareArray() throws {
        let element = Fixtures.documentedTemplate
        let shapes = [
            #"{"code":200,"message":"success","data":{"total":120,"templates":[\#(element)]}}"#,
            #"{"total":120,"templates":[\#(element)]}"#,
            "[\(element)]",
        ]
        for shape in shapes {
            let snapshot = try CatalogSnapshot(data: Array(shape.utf8), source: "test")
            #expect(snapshot.templates.map(\.id) == ["Vintage_Moment_of_Mom"])
        }
        #expect(try CatalogSnapshot(data: Array(shapes[0].utf8), source: "test").total == 120)
    }

    @Test func refusesAnUpstreamErrorBody() {
        let body = #"{"code":401,"message":"invalid api key","data":null}"#
        #expect {
            try CatalogSnapshot(data: Array(body.utf8), source: "page.json")
        } throws: { error in
            let error = error as? CatalogError
            return error?.code == .malformedInput && error?.message.contains("code 401: invalid api key") == true
        }
    }

    @Test func namesTheBadElementAndTheFile() {
        let body = #"{"code":200,"data":{"templates":[{"template":"ok"},{"name":"no id"}]}}"#
        #expect {
            try CatalogSnapshot(data: Array(body.utf8), source: "page.json")
        } throws: { error in
            (error as? CatalogError)?.message
                == #"Template 2 of "data.templates" in page.json has no "template" ID (a non-empty string)."#
        }
    }

    @Test func reportsWhereTheJSONIsBroken() {
        #expect {
            try CatalogSnapshot(data: Array("{\"data\": [1,\n 2,,]}".utf8), source: "bad.json")
        } throws: { error in
            (error as? CatalogError)?.message.contains("bad.json is not valid JSON (line 2, column 4") == true
        }
    }

    @Test func theBundledSampleIsADatedSampleOfAbout120TemplatesWithItsEdgeCases() throws {
        let sample = BundledData.sampleSnapshot()
        #expect((110...130).contains(sample.templates.count))
        #expect(sample.total == sample.templates.count)
        #expect(sample.sample?.snapshotDate == "2026-11-20")
        #expect(sample.sample?.description.contains("not the live catalog") == true)
        #expect(Set(sample.templates.compactMap(\.categoryName)).count == 12)
        #expect(Set(sample.templates.map(\.id)).count == sample.templates.count)
        let ids = Set(sample.templates.map(\.id))
        for known in [
            "Vintage_Moment_of_Mom", "Easter_cute_pets", "exotic_princess", "beast_companion", "subject_3",
            "pubg_winner_hit", "hugging", "turn_into_zombie", "head_to_balloon", "wednesdays_vibe",
            "covered_liquid_metal",
        ] {
            #expect(ids.contains(known), "missing \(known)")
        }
        #expect(sample.templates.contains { $0.inputInstruction?.isStructured == false })
        #expect(
            sample.templates.contains {
                $0.inputInstruction?.isStructured == true && $0.inputInstruction?.promptInstruction == nil
            })
        #expect(sample.templates.contains { !$0.extraFields.isEmpty })
        #expect(sample.templates.contains { $0.name?.unicodeScalars.contains { !$0.isASCII } == true })
        let documented = try Template(json: JSONParser().parse(Fixtures.documentedTemplate))
        #expect(sample.templates.first { $0.id == documented.id } == documented)
    }

    @Test func theBundledParameterRulesNameTheTemplateSpecificParameters() {
        let rules = BundledData.parameterRules()
        #expect(rules.templates["exotic_princess"]?.parameters["area"]?.values.contains("japan") == true)
        #expect(rules.templates["exotic_princess"]?.parameters["area"]?.defaultValue == "auto")
        #expect(
            rules.templates["beast_companion"]?.parameters["beast"]?.values == [
                "auto", "bear", "tiger", "elk", "snake", "lion", "wolf",
            ])
        #expect(rules.templates["subject_3"]?.takesNoPrompt == true)
        #expect(rules.templates["pubg_winner_hit"]?.takesNoPrompt == true)
        #expect(rules.templates["hugging"] == nil)
    }
}
