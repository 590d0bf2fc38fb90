import Foundation
import Testing
import ViduCatalogCore
import ViduCatalogCoreTesting

/// The compact validation index reads back to the same catalog the templates build, gives the same
/// verdicts, and refuses damaged bytes with ``ValidationIndex/Damaged`` (never a trap).
@Suite struct ValidationIndexTests {
    static let rules = BundledData.parameterRules()
    static let context = ValidationCatalog.Context(
        catalogHash: "test", loadedAt: Date(timeIntervalSince1970: 1_800_000_000), loadKind: .import, source: "test")

    /// Templates at the edges of what a record holds: no options at all, empty lists, an unbounded
    /// image count, negative and huge numbers, IDs that are not ASCII, and a duplicate ID.
    static func oddTemplates() -> [Template] {
        var bare = Template(id: "bare")
        bare.credits = nil
        var empty = Template(id: "empty_lists")
        empty.aspectRatios = []
        empty.resolutions = []
        empty.durations = []
        empty.credits = -3
        var unbounded = Template(id: "ünïcode_🎬")
        unbounded.inputInstruction = InputInstruction(
            raw: #"{"image_count":"at least 2 images","prompt_instruction":"A prompt is required"}"#)
        unbounded.durations = [Int.max, Int.min, 0]
        unbounded.credits = Int.max
        var none = Template(id: "no_prompt")
        none.inputInstruction = InputInstruction(
            raw:
                #"{"image_count":"1-3 images can be uploaded","prompt_instruction":"No prompt required for this mode"}"#
        )
        return [bare, empty, unbounded, none, Template(id: "bare")]
    }

    static func index(_ templates: [Template], removed: [String: Date] = [:]) throws -> [UInt8] {
        var builder = ValidationIndex.Builder()
        for template in templates {
            try builder.addActive(id: template.id, record: ValidationIndex.record(for: template))
        }
        for (id, date) in removed.sorted(by: { $0.key < $1.key }) { builder.addRemoved(id: id, at: date) }
        return builder.bytes()
    }

    static func expectSame(_ read: ValidationCatalog, _ built: ValidationCatalog, sameObjects: Bool = true) {
        #expect(read.templates.count == built.templates.count)
        for (a, b) in zip(read.templates, built.templates) {
            #expect(a.id == b.id)
            #expect(a.credits == b.credits, "\(a.id)")
            #expect(a.aspectRatios == b.aspectRatios, "\(a.id)")
            #expect(a.resolutions == b.resolutions, "\(a.id)")
            #expect(a.durations == b.durations, "\(a.id)")
            #expect(a.imageCount == b.imageCount, "\(a.id)")
            #expect(a.prompt == b.prompt, "\(a.id)")
            #expect(a.parameters == b.parameters, "\(a.id)")
        }
        #expect(read.removed == built.removed)
        #expect(read.parameterNames == built.parameterNames)
        for template in built.templates where sameObjects {
            #expect(read.template(id: template.id) === read.templates.first { $0.id == template.id })
        }
    }

    @Test func theSampleReadsBackAsTheTemplatesBuildIt() throws {
        let templates = BundledData.sampleSnapshot().templates + Self.oddTemplates()
        let removed = ["gone": Date(timeIntervalSinceReferenceDate: 812_345_678.123_456), "ëx": Date.distantPast]
        let read = try ValidationCatalog(
            index: try Self.index(templates, removed: removed), rules: Self.rules, context: Self.context)
        let built = ValidationCatalog(templates: templates, removed: removed, rules: Self.rules, context: Self.context)
        Self.expectSame(read, built)
        // The rules file applies when the index is read: a template it names gets its parameters.
        let named = try #require(Self.rules.templates.keys.first { id in templates.contains { $0.id == id } })
        #expect(read.template(id: named)?.parameters == Self.rules.templates[named]?.parameters)
    }

    /// Both ways an index is read (an object per template, or the compact form of large catalogs
    /// that makes them on lookup) judge every body as the templates do.
    @Test(arguments: [Int.max, 0])
    func everyVerdictIsTheSameAsFromTheTemplates(objectsUpTo: Int) throws {
        let templates = BundledData.sampleSnapshot().templates + SyntheticCatalog(count: 500).templates()
        let read = try ValidationCatalog(
            index: try Self.index(templates), rules: Self.rules, context: Self.context, objectsUpTo: objectsUpTo)
        let built = ValidationCatalog(templates: templates, rules: Self.rules, context: Self.context)
        let fromIndex = RequestValidator(catalog: read)
        let fromTemplates = RequestValidator(catalog: built)
        for entry in RequestCorpus(catalog: built).generate(count: 3000, seed: 11) {
            let a = fromIndex.validate(bytes: entry.bytes)
            let b = fromTemplates.validate(bytes: entry.bytes)
            #expect(JSONWriter().data(a.json) == JSONWriter().data(b.json), "\(entry.intent)")
        }
        #expect(read.count == built.count)
        #expect(read.suggestions(for: "huging") == built.suggestions(for: "huging"))
    }

    /// The compact form gives the same rules, field by field, as objects made at load.
    @Test func theCompactFormReadsBackTheSame() throws {
        let templates = BundledData.sampleSnapshot().templates + Self.oddTemplates()
        let removed = ["gone": Date(timeIntervalSinceReferenceDate: 812_345_678.5)]
        let bytes = try Self.index(templates, removed: removed)
        let compact = try ValidationCatalog(index: bytes, rules: Self.rules, context: Self.context, objectsUpTo: 0)
        let built = ValidationCatalog(templates: templates, removed: removed, rules: Self.rules, context: Self.context)
        Self.expectSame(compact, built, sameObjects: false)
        for template in built.templates {
            #expect(compact.template(id: template.id)?.parameters == template.parameters, "\(template.id)")
            #expect(compact.template(id: template.id)?.prompt == template.prompt, "\(template.id)")
        }
    }

    /// Many templates share a profile: the index holds each once, so it stays small.
    @Test func profilesAreStoredOnce() throws {
        let templates = SyntheticCatalog(count: 5000).templates()
        let bytes = try Self.index(templates)
        let ids = templates.reduce(0) { $0 + $1.id.utf8.count }
        let profiles = Set(
            templates.map { template in
                var withoutCredits = template
                withoutCredits.credits = nil
                return ValidationIndex.record(for: withoutCredits)
            })
        #expect(profiles.count < templates.count / 2)
        // Per template: the ID and its length, credits and a profile number; each profile once.
        #expect(bytes.count < ids + templates.count * 6 + profiles.count * 40)
    }

    @Test(arguments: [Int.max, 0])
    func everyTruncationIsRefused(objectsUpTo: Int) throws {
        let bytes = try Self.index(Self.oddTemplates(), removed: ["gone": Date()])
        for length in 0..<bytes.count {
            #expect(throws: ValidationIndex.Damaged.self) {
                try ValidationCatalog(
                    index: Array(bytes[..<length]), rules: Self.rules, context: Self.context, objectsUpTo: objectsUpTo)
            }
        }
        #expect(throws: ValidationIndex.Damaged.self) {
            try ValidationCatalog(
                index: bytes + [0], rules: Self.rules, context: Self.context, objectsUpTo: objectsUpTo)
        }
    }

    /// Any byte changed to anything: either refused or read (a changed letter is still an index),
    /// never a trap or a runaway allocation.
    @Test(arguments: [Int.max, 0])
    func changedBytesAreRefusedOrRead(objectsUpTo: Int) throws {
        let bytes = try Self.index(Self.oddTemplates(), removed: ["gone": Date()])
        var refused = 0
        for position in bytes.indices {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] where value != bytes[position] {
                var copy = bytes
                copy[position] = value
                do {
                    let catalog = try ValidationCatalog(
                        index: copy, rules: Self.rules, context: Self.context, objectsUpTo: objectsUpTo)
                    // What was read is usable: every template can be looked up and suggested from.
                    for template in catalog.templates { _ = catalog.template(id: template.id) }
                    _ = catalog.suggestions(for: "bare")
                } catch {
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
    }

    @Test func anotherFormatIsRefused() throws {
        var bytes = try Self.index(Self.oddTemplates())
        bytes[4] = 2
        #expect(throws: ValidationIndex.Damaged.self) {
            try ValidationCatalog(index: bytes, rules: Self.rules, context: Self.context)
        }
    }

    @Test func aDamagedRecordIsRefusedWhenBuilding() {
        var builder = ValidationIndex.Builder()
        var record = ValidationIndex.record(for: Template(id: "x"))
        record[record.count - 1] = 9
        #expect(throws: ValidationIndex.Damaged.self) { try builder.addActive(id: "x", record: record) }
        #expect(throws: ValidationIndex.Damaged.self) { try builder.addActive(id: "x", record: [1]) }
    }
}
