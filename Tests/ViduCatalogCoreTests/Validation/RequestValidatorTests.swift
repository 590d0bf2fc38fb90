import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// The validator built from the bundled sample, as a fresh import unless said (the same cases through a
/// real catalog file: `CatalogStoreValidationTests` in the catalog's tests).
@Suite struct RequestValidatorTests {
    /// The sample's validation catalog, as a store that imported it at `loadedAt` would describe it
    /// (a `.snapshot` load is the bundled sample alone: no load date, the sample's date), with `removed`.
    func catalog(loadedAt: Date = Date(), kind: LoadKind = .import, removed: [String: Date] = [:])
        -> ValidationCatalog
    {
        let sample = BundledData.sampleSnapshot()
        let onlySample = kind == .snapshot
        return ValidationCatalog(
            templates: sample.templates.filter { removed[$0.id] == nil }, removed: removed,
            rules: BundledData.parameterRules(),
            context: .init(
                catalogHash: "sample-hash", loadedAt: onlySample ? nil : loadedAt, loadKind: onlySample ? nil : kind,
                snapshotDate: onlySample ? sample.sample?.snapshotDate : nil, source: "sample"))
    }

    func validator(_ options: RequestValidator.Options = .init()) throws -> RequestValidator {
        RequestValidator(catalog: catalog(), options: options)
    }

    /// A body with `input` members replaced (nil removes one).
    func body(_ input: [String: JSONValue?] = [:], template: String = "Easter_cute_pets") -> [UInt8] {
        Fixtures.createTaskBody(input, template: template)
    }

    func codes(_ report: ValidationReport) -> [String] { report.findings.map(\.code.rawValue) }

    /// A valid body's text with `members` added to its input.
    func raw(_ members: String) -> [UInt8] {
        Array(
            #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/x.png"],"#
                .utf8) + Array((members + "}}").utf8)
    }

    @Test func theDocumentedExampleIsValidWithItsCredits() throws {
        let text = """
            {
              "model": "vidu/template",
              "input": {
                "template": "Easter_cute_pets",
                "images": [
                  "https://static.crunai.com/u/9b4262e8-4051-4ae8-abf8-e8d8955a948c.png"
                ],
                "bgm": true
              }
            }
            """
        let report = RequestValidator(catalog: catalog()).validate(bytes: Array(text.utf8))
        #expect(report.verdict == .valid)
        #expect(report.findings == [])
        #expect(report.template == "Easter_cute_pets")
        #expect(report.credits == 15)
        #expect(report.catalog.catalogHash == "sample-hash")
        #expect(report.catalog.loadKind == .import)
    }

    @Test func aBodyThatIsNotAnObjectOrNotJSONHasOneFinding() throws {
        let validator = try validator()
        let cases: [(String, String)] = [
            ("[1, 2]", "body.type"), ("\"text\"", "body.type"), ("{\"model\": }", "json.syntax"),
            ("{\"model\": \"vidu/template\"", "json.syntax"), ("{} {}", "json.syntax"), ("", "json.syntax"),
            ("{\"a\": \"\u{1}\"}", "json.syntax"), ("{\"a\": 01}", "json.syntax"), ("{\"a\": \"\\x\"}", "json.syntax"),
            ("{\"a\": tru}", "json.syntax"), ("{'a': 1}", "json.syntax"),
        ]
        for (text, code) in cases {
            let report = validator.validate(bytes: Array(text.utf8))
            #expect(report.verdict == .invalid, "\(text)")
            #expect(codes(report).first == code, "\(text)")
        }
        let invalidUTF8 = validator.validate(bytes: Array("{\"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8))
        #expect(codes(invalidUTF8) == ["json.syntax"])
        #expect(invalidUTF8.findings[0].message.contains("UTF-8"))
    }

    @Test func deepNestingIsRejectedWithoutAStackOverflow() throws {
        let validator = try validator()
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(codes(validator.validate(bytes: Array(deep.utf8))) == ["json.too_deep"])
        // 64 levels in all are fine: the body, input, and 62 more in an unknown field.
        func nested(_ levels: Int) -> [UInt8] {
            raw("\"extra\":" + String(repeating: "[", count: levels) + String(repeating: "]", count: levels))
        }
        #expect(validator.validate(bytes: nested(62)).verdict == .valid)
        #expect(codes(validator.validate(bytes: nested(63))) == ["json.too_deep"])
    }

    @Test func aBodyOver20MBIsRejected() throws {
        let payload = String(repeating: "a", count: 21 * 1024 * 1024)
        let report = try validator().validate(bytes: body(["payload": .string(payload)]))
        #expect(codes(report) == ["body.too_large"])
    }

    @Test func modelInputAndCallbackURL() throws {
        let validator = try validator()
        func check(_ json: JSONValue, _ expected: [String]) {
            #expect(codes(validator.validate(json: json)) == expected, "\(JSONWriter().string(json))")
        }
        let input = try JSONParser().parse(body())["input"]!
        check(["input": input], ["model.missing"])
        check(["model": "kling/v1", "input": input], ["model.value"])
        check(["model": 3, "input": input], ["model.type"])
        check(["model": "vidu/template"], ["input.missing"])
        check(["model": "vidu/template", "input": "Easter_cute_pets"], ["input.type"])
        check(["model": "vidu/template", "input": input, "callback_url": "https://example.com/hook?id=1"], [])
        check(["model": "vidu/template", "input": input, "callback_url": "HTTP://[::1]:8080/x"], [])
        for bad in ["ftp://example.com/x", "https://", "example.com/hook", "https:// space.com", "https://a@b@c/"] {
            check(["model": "vidu/template", "input": input, "callback_url": .string(bad)], ["callback_url.format"])
        }
        check(["model": "vidu/template", "input": input, "callback_url": 42], ["callback_url.type"])
    }

    @Test func templateMissingUnknownAndSuggested() throws {
        let validator = try validator()
        var input = try JSONParser().parse(body())["input"]!.objectValue!
        input["template"] = nil
        #expect(
            codes(validator.validate(json: ["model": "vidu/template", "input": .object(input)])) == ["template.missing"]
        )
        #expect(codes(validator.validate(bytes: body(["template": 12]))) == ["template.type"])
        let unknown = validator.validate(bytes: body(template: "easter_cute_pets"))
        #expect(unknown.verdict == .invalid)
        #expect(codes(unknown) == ["template.unknown"])
        #expect(unknown.findings[0].accepted?.first == "Easter_cute_pets")
        #expect(unknown.findings[0].message.contains("Did you mean Easter_cute_pets"))
        #expect(unknown.credits == nil)
        #expect(validator.validate(bytes: body(template: "hugginh")).findings[0].accepted?.contains("hugging") == true)
    }

    @Test func aTemplateMissingFromAStaleCatalogIsUndecided() throws {
        let old = catalog(loadedAt: Date().addingTimeInterval(-3 * 86400))
        let validator = RequestValidator(catalog: old)
        let report = validator.validate(bytes: body(template: "brand_new_template"))
        #expect(report.verdict == .undecided)
        #expect(codes(report) == ["template.unknown", "catalog.stale"])
        #expect(report.findings[0].severity == .undecided)
        #expect(report.findings[0].hint?.contains("sync") == true)
        // Anything else wrong still makes it invalid.
        #expect(validator.validate(bytes: body(["seed": "1"], template: "brand_new_template")).verdict == .invalid)
        // A known template in a stale catalog: valid, with a warning.
        let known = validator.validate(bytes: body())
        #expect(known.verdict == .valid)
        #expect(codes(known) == ["catalog.stale"])
        #expect(known.findings[0].severity == .warning)
        // --require-fresh makes staleness an error.
        let strict = RequestValidator(catalog: old, options: .init(requireFresh: true))
        #expect(strict.validate(bytes: body()).verdict == .invalid)
        // A younger catalog than --max-age is fresh.
        let lenient = RequestValidator(
            catalog: old, options: .init(maxAge: .seconds(7 * 86400)))
        #expect(lenient.validate(bytes: body()).findings == [])
    }

    @Test func onlyTheBundledSampleIsStaleAndSaysSo() throws {
        let report = RequestValidator(catalog: catalog(kind: .snapshot)).validate(bytes: body())
        #expect(report.verdict == .valid)
        #expect(report.catalog.snapshotDate == "2026-11-20")
        #expect(report.catalog.loadedAt == nil)
        #expect(
            report.findings.map(\.message) == [
                "The catalog holds only the bundled sample of 2026-11-20, not the live catalog."
            ])
    }

    @Test func aRemovedTemplateNamesWhenItWasRemoved() throws {
        let removedAt = Date()
        let report = RequestValidator(catalog: catalog(removed: ["hugging": removedAt])).validate(
            bytes: body(template: "hugging"))
        #expect(codes(report) == ["template.removed"])
        #expect(report.findings[0].message.hasPrefix("Template hugging was removed from the catalog on 20"))
    }

    @Test func images() throws {
        let validator = try validator()
        let png = "data:image/png;base64," + Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).base64EncodedString()
        #expect(codes(validator.validate(bytes: body(["images": [.string(png)]]))) == [])
        #expect(codes(validator.validate(bytes: body(["images": ["data:image/webp;base64,AAAA"]]))) == [])
        #expect(codes(validator.validate(bytes: body(["images": nil]))) == ["images.missing"])
        #expect(codes(validator.validate(bytes: body(["images": "https://a.com/x.png"]))) == ["images.type"])
        #expect(codes(validator.validate(bytes: body(["images": []]))) == ["images.empty"])
        #expect(codes(validator.validate(bytes: body(["images": [1]]))) == ["images.item_type"])
        #expect(codes(validator.validate(bytes: body(["images": ["photo.png"]]))) == ["images.url"])
        #expect(
            codes(validator.validate(bytes: body(["images": ["data:image/gif;base64,AAAA"]]))) == ["images.data_uri"])
        #expect(codes(validator.validate(bytes: body(["images": ["data:image/png;base64,AAA"]]))) == ["images.base64"])
        #expect(codes(validator.validate(bytes: body(["images": ["data:image/png;base64,A=AA"]]))) == ["images.base64"])
        #expect(codes(validator.validate(bytes: body(["images": ["data:image/png;base64,"]]))) == ["images.base64"])
        let justUnder = "data:image/jpeg;base64," + String(repeating: "AAAA", count: 10 * 1024 * 1024 / 3)
        #expect(codes(validator.validate(bytes: body(["images": [.string(justUnder)]]))) == [])
        let tooBig = "data:image/jpeg;base64," + String(repeating: "AAAA", count: 10 * 1024 * 1024 / 3 + 1)
        let big = validator.validate(bytes: body(["images": [.string(tooBig)]]))
        #expect(codes(big) == ["images.too_large"])
        #expect(big.findings[0].pointer == "/input/images/0")
        // Counts: hugging takes exactly 2, dog_graduation 1 to 3.
        let one = validator.validate(bytes: body(template: "hugging"))
        #expect(codes(one) == ["images.count"])
        #expect(one.findings[0].message == "Template hugging takes exactly 2 images; input.images holds 1.")
        let url: JSONValue = "https://a.com/1.png"
        #expect(codes(validator.validate(bytes: body(["images": [url, url]], template: "hugging"))) == [])
        #expect(
            codes(
                validator.validate(
                    bytes: body(["images": [url, url, url], "prompt": "x"], template: "dog_graduation"))) == [])
        #expect(
            codes(
                validator.validate(
                    bytes: body(["images": [url, url, url, url], "prompt": "x"], template: "dog_graduation"))) == [
                    "images.count"
                ])
        // Each bad image has its own pointer.
        let several = validator.validate(bytes: body(["images": [url, "nope", 3, url]]))
        #expect(several.findings.map(\.pointer) == ["/input/images/1", "/input/images/2", "/input/images"])
        #expect(codes(several) == ["images.url", "images.item_type", "images.count"])
    }

    @Test func prompts() throws {
        let validator = try validator()
        #expect(codes(validator.validate(bytes: body(["prompt": "a sunny day"]))) == [])
        #expect(codes(validator.validate(bytes: body(["prompt": 5]))) == ["prompt.type"])
        // 2000 code points are fine, whatever their UTF-8 or UTF-16 length; 2001 are not.
        let emoji = String(repeating: "😀", count: 2000)
        #expect(codes(validator.validate(bytes: body(["prompt": .string(emoji)]))) == [])
        let tooLong = validator.validate(bytes: body(["prompt": .string(emoji + "é")]))
        #expect(codes(tooLong) == ["prompt.too_long"])
        #expect(tooLong.findings[0].message.contains("2001 characters"))
        // Escaped surrogate pairs count once.
        let escaped =
            Array(
                #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.com/x.png"],"prompt":""#
                    .utf8)
            + Array(String(repeating: "\\ud83d\\ude00", count: 2000).utf8) + Array("\"}}".utf8)
        #expect(codes(validator.validate(bytes: escaped)) == [])
        // head_to_balloon needs a prompt; subject_3 (rules file) and hugging (instruction) take none.
        #expect(codes(validator.validate(bytes: body(template: "head_to_balloon"))) == ["prompt.missing"])
        #expect(
            codes(validator.validate(bytes: body(["prompt": ""], template: "head_to_balloon"))) == ["prompt.missing"])
        let ignored = validator.validate(bytes: body(["prompt": "dance"], template: "subject_3"))
        #expect(ignored.verdict == .valid)
        #expect(codes(ignored) == ["prompt.ignored"])
        #expect(ignored.findings[0].severity == .warning)
    }

    @Test func seedsAndOtherIntegers() throws {
        let validator = try validator()
        func seed(_ literal: String) -> [String] {
            codes(validator.validate(bytes: raw("\"seed\":\(literal)")))
        }
        #expect(seed("0") == [])
        #expect(seed("18446744073709551615") == [])
        #expect(seed("-9223372036854775808") == [])
        #expect(seed("18446744073709551616") == ["seed.range"])
        #expect(seed("-9223372036854775809") == ["seed.range"])
        #expect(seed("123456789012345678901234567890") == ["seed.range"])
        #expect(seed("1.5") == ["seed.type"])
        #expect(seed("\"1\"") == ["seed.type"])
        #expect(seed("true") == ["seed.type"])
        #expect(seed("null") == ["seed.type"])
        #expect(seed("1e400") == ["seed.range"])
        // Whole numbers written as decimals are integers to JSON Schema: valid, with a warning.
        #expect(seed("1.0") == ["seed.decimal"])
        #expect(seed("2e3") == ["seed.decimal"])
        #expect(codes(validator.validate(bytes: body(["wm_position": 4]))) == [])
        #expect(codes(validator.validate(bytes: body(["wm_position": 0]))) == ["wm_position.range"])
        #expect(codes(validator.validate(bytes: body(["wm_position": 5]))) == ["wm_position.range"])
        #expect(codes(validator.validate(bytes: body(["wm_position": "1"]))) == ["wm_position.type"])
    }

    @Test func theTemplatesOwnOptions() throws {
        let validator = try validator()
        let ok = validator.validate(
            bytes: body(["aspect_ratio": "9:16", "resolution": "720p", "duration": 8], template: "beast_companion"))
        #expect(ok.findings == [])
        #expect(ok.credits == 6)
        let bad = validator.validate(
            bytes: body(["aspect_ratio": "16:9", "resolution": "4k", "duration": 5], template: "beast_companion"))
        #expect(codes(bad) == ["aspect_ratio.value", "resolution.value", "duration.value"])
        #expect(bad.findings[0].accepted == ["9:16"])
        #expect(bad.findings[1].accepted == ["540p", "720p", "1080p"])
        #expect(bad.findings[2].accepted == ["4", "8"])
        #expect(
            codes(validator.validate(bytes: body(["duration": "4"], template: "beast_companion"))) == ["duration.type"])
        #expect(codes(validator.validate(bytes: body(["aspect_ratio": 1]))) == ["aspect_ratio.type"])
        let fixed = validator.validate(bytes: body(["duration": 4]))
        #expect(codes(fixed) == ["duration.value"])
        #expect(fixed.findings[0].message.contains("fixed duration"))
    }

    @Test func areaAndBeastOnlyOnTheirTemplates() throws {
        let validator = try validator()
        #expect(codes(validator.validate(bytes: body(["area": "japan"], template: "exotic_princess"))) == [])
        let wrong = validator.validate(bytes: body(["area": "mars"], template: "exotic_princess"))
        #expect(codes(wrong) == ["area.value"])
        #expect(wrong.findings[0].accepted?.count == 13)
        let elsewhere = validator.validate(bytes: body(["area": "japan"]))
        #expect(codes(elsewhere) == ["area.unsupported"])
        #expect(elsewhere.findings[0].message.contains("exotic_princess"))
        #expect(codes(validator.validate(bytes: body(["beast": "wolf"], template: "beast_companion"))) == [])
        #expect(
            codes(validator.validate(bytes: body(["beast": "cat"], template: "beast_companion"))) == ["beast.value"])
        #expect(codes(validator.validate(bytes: body(["beast": 1], template: "beast_companion"))) == ["beast.type"])
        #expect(
            codes(validator.validate(bytes: body(["beast": "wolf"], template: "exotic_princess"))) == [
                "beast.unsupported"
            ])
    }

    @Test func booleansStringsAndLimits() throws {
        let validator = try validator()
        #expect(codes(validator.validate(bytes: body(["bgm": false, "watermark": true, "meta_data": "{}"]))) == [])
        #expect(codes(validator.validate(bytes: body(["bgm": "true"]))) == ["bgm.type"])
        #expect(codes(validator.validate(bytes: body(["watermark": 1]))) == ["watermark.type"])
        #expect(codes(validator.validate(bytes: body(["meta_data": ["a": 1]]))) == ["meta_data.type"])
        #expect(codes(validator.validate(bytes: body(["wm_url": "https://cdn.example.com/wm.png"]))) == [])
        #expect(codes(validator.validate(bytes: body(["wm_url": "wm.png"]))) == ["wm_url.format"])
        let megabyte = String(repeating: "é", count: 1_048_576)
        #expect(codes(validator.validate(bytes: body(["payload": .string(megabyte)]))) == [])
        #expect(codes(validator.validate(bytes: body(["payload": .string(megabyte + "x")]))) == ["payload.too_long"])
        #expect(codes(validator.validate(bytes: body(["payload": 1]))) == ["payload.type"])
    }

    @Test func unknownFieldsWarnOrFailWithStrict() throws {
        let body = body(["colour": "red", "a/b~c": 1])
        let lenient = try validator().validate(bytes: body)
        #expect(lenient.verdict == .valid)
        #expect(Set(lenient.findings.map(\.pointer)) == ["/input/colour", "/input/a~1b~0c"])
        #expect(lenient.findings.allSatisfy { $0.severity == .warning && $0.code == .fieldUnknown })
        let strict = try validator(.init(strict: true)).validate(bytes: body)
        #expect(strict.verdict == .invalid)
        #expect(strict.errors.count == 2)
    }

    @Test func everyFindingIsReportedErrorsFirst() throws {
        let text = #"""
            {"model": "vidu", "extra": 1, "input": {"template": "beast_companion", "images": ["x", 2],
             "prompt": 7, "seed": 1.5, "aspect_ratio": "1:1", "duration": "8", "bgm": "yes", "area": "uk",
             "wm_position": 9, "beast": "cat", "unknown": null}, "callback_url": "nope"}
            """#
        let report = try validator().validate(bytes: Array(text.utf8))
        #expect(report.verdict == .invalid)
        #expect(
            codes(report) == [
                "model.value", "images.url", "images.item_type", "prompt.type", "seed.type", "duration.type",
                "bgm.type", "wm_position.range", "callback_url.format", "images.count", "aspect_ratio.value",
                "area.unsupported",
                "beast.value", "field.unknown", "field.unknown",
            ])
        #expect(report.warnings.map(\.pointer) == ["/extra", "/input/unknown"])
    }

    @Test func escapedNamesAndValuesAreReadAsTheirValues() throws {
        let text =
            #"{"model":"vidu\/template","input":{"t\u0065mplate":"\u0045aster_cute_pets","images":["https:\/\/a.com\/x.png"]}}"#
        let report = try validator().validate(bytes: Array(text.utf8))
        #expect(report.findings == [])
        #expect(report.template == "Easter_cute_pets")
    }

    @Test func aDuplicateKeyIsAnError() throws {
        let text =
            #"{"model":"vidu/template","input":{"template":"hugging","template":"Easter_cute_pets","images":["https://a.com/x.png"]}}"#
        #expect(codes(try validator().validate(bytes: Array(text.utf8))).first == "json.duplicate_key")
    }

    @Test func bothEntryPointsAgreeAndTheValidatorIsSharedAcrossTasks() async throws {
        let validator = try validator()
        let bodies = (0..<200).map { index in
            body(["seed": .int(Int64(index)), "aspect_ratio": index % 3 == 0 ? "4:3" : "1:1"])
        }
        for bytes in bodies {
            let json = try JSONParser().parse(bytes)
            #expect(validator.validate(bytes: bytes).findings == validator.validate(json: json).findings)
        }
        let verdicts = await withTaskGroup(of: ValidationReport.Verdict.self) { group in
            for bytes in bodies { group.addTask { validator.validate(bytes: bytes).verdict } }
            return await group.reduce(into: [ValidationReport.Verdict]()) { $0.append($1) }
        }
        #expect(verdicts.filter { $0 == .invalid }.count == 67)
    }

    @Test func aReportListsAtMostAHundredFindingsAndCountsTheRest() throws {
        let validator = try validator()
        // Three thousand images that are not strings: one error each, plus images.count.
        let images = JSONValue.array(Array(repeating: .int(1), count: 3000))
        let report = validator.validate(bytes: body(["images": images]))
        #expect(report.verdict == .invalid)
        #expect(report.findings.count == ValidationReport.maxFindings + 1)
        #expect(report.omittedCount == 3001 - ValidationReport.maxFindings)
        let note = try #require(report.findings.last)
        #expect(note.code == .findingsOmitted)
        #expect(note.message.hasPrefix("\(report.omittedCount) more findings are not listed"))
        #expect(report.json["omitted"]?.intValue == report.omittedCount)
        // A small body is unaffected.
        #expect(validator.validate(bytes: body()).omittedCount == 0)
    }

    @Test func anErrorAfterAHundredWarningsIsStillListed() throws {
        let validator = try validator()
        // 150 unknown members (warnings without --strict), then a prompt that is not a string.
        let unknown = (0..<150).map { "\"extra_\($0)\":1" }.joined(separator: ",")
        let report = validator.validate(bytes: raw(unknown + ",\"prompt\":7"))
        #expect(report.verdict == .invalid)
        #expect(report.findings.first?.code == .promptType)
        #expect(report.findings.count == ValidationReport.maxFindings + 1)
        #expect(report.omittedCount == 51)
    }
}
