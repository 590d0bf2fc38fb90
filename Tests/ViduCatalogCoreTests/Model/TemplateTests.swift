import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

@Suite struct TemplateTests {
    @Test func decodesTheDocumentedExample() throws {
        let template = try Template(json: JSONParser().parse(Fixtures.documentedTemplate))
        #expect(template.id == "Vintage_Moment_of_Mom")
        #expect(template.name == "Vintage Moment of Mom")
        #expect(template.resolutions == ["1080p"])
        #expect(template.durations == [0])
        #expect(template.aspectRatios == ["9:16"])
        #expect(template.outputType == "unspecified")
        #expect(template.cover == "https://scene.cf.vidu.studio/media-asset/083048-QXAxiKtJUEYIy8ti.png")
        #expect(template.video == template.cover)
        #expect(template.credits == 9)
        #expect(template.personCount == "Only single female person photos are supported")
        #expect(template.categoryName == "Festival")
        #expect(template.categoryID == 11)
        #expect(template.isHot == true)
        #expect(template.isNew == false)
        #expect(template.extraFields.isEmpty)
        let instruction = try #require(template.inputInstruction)
        #expect(instruction.isStructured)
        #expect(
            instruction.exampleImageURLs == ["https://scene.cf.vidu.studio/media-asset/083031-h9r9GH4Ll5AYpoF1.png"])
        #expect(instruction.attention == "Single person half-body or full-body photos yield the best results")
        #expect(instruction.effectBoundary?.hasPrefix("There is a low probability") == true)
        #expect(template.imageCount == ImageCount(min: 1, max: 1))
        #expect(template.promptRequired == false)
    }

    @Test func writesBackExactlyWhatCameIn() throws {
        let json = try JSONParser().parse(Fixtures.documentedTemplate)
        #expect(try Template(json: json).json == json)
    }

    @Test func keepsUnknownFieldsAndOddlyTypedKnownOnes() throws {
        let json = try JSONParser().parse(
            #"{"template":"x","credits":"9","duration":["5"],"is_hot":1,"tags":["a"],"effect_version":3}"#)
        let template = try Template(json: json)
        #expect(template.credits == nil)
        #expect(template.durations == nil)
        #expect(template.isHot == nil)
        #expect(template.extraFields["credits"] == "9")
        #expect(template.extraFields["tags"] == ["a"])
        #expect(template.extraFields["effect_version"] == 3)
        #expect(template.json == json)
    }

    @Test func acceptsMissingOptionalFields() throws {
        let template = try Template(json: ["template": "only_id"])
        #expect(template.name == nil)
        #expect(template.displayName == "only_id")
        #expect(template.imageCount == nil)
        #expect(template.promptRequired == nil)
        #expect(template.json == ["template": "only_id"])
    }

    @Test(arguments: ["image_count: one image (legacy)", "", "{\"image_count\": \"Only one", "[1,2]"])
    func keepsAnInstructionThatIsNotAJSONObjectRaw(raw: String) throws {
        var json = try JSONParser().parse(Fixtures.documentedTemplate).objectValue!
        json["input_instruction"] = .string(raw)
        let template = try Template(json: .object(json))
        #expect(template.inputInstruction?.raw == raw)
        #expect(template.inputInstruction?.isStructured == false)
        #expect(template.imageCount == nil)
        #expect(template.json == .object(json))
    }

    @Test func canonicalFormIgnoresHowTheInstructionIsWritten() throws {
        let compact = try Template(json: ["template": "t", "input_instruction": #"{"a":1,"b":"x"}"#])
        let spaced = try Template(json: ["template": "t", "input_instruction": "{ \"b\": \"x\",\n \"a\": 1 }"])
        #expect(compact.json != spaced.json)
        #expect(compact.canonicalJSON == spaced.canonicalJSON)
    }

    @Test func refusesElementsWithoutAnID() {
        #expect(throws: TemplateDecodingError.missingID) { try Template(json: ["name": "no id"]) }
        #expect(throws: TemplateDecodingError.missingID) { try Template(json: ["template": ""]) }
        #expect(throws: TemplateDecodingError.notAnObject(found: "a string")) { try Template(json: "x") }
    }
}
