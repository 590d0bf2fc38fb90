// @testable: the index is internal to the validation catalog; its answers are compared here with the
// plain ranking it replaces, case by case, which the catalog's public API cannot show in bulk.
@testable import ViduCatalogCore
import Testing
import ViduCatalogCoreTesting

/// The suggestion index gives exactly the suggestions of the edit-distance ranking it replaces
/// (``TemplateSuggester``), on misspellings of every kind, over the bundled sample and a synthetic
/// catalog of 2,000 IDs (the ranking it is compared with costs an edit distance per ID and query).
@Suite struct SuggestionIndexTests {
    /// Misspellings of `id`: dropped, doubled, swapped, replaced and inserted characters, one and two
    /// at a time, case changes, suffixes and prefixes, and some unrelated words.
    static func misspellings(of id: String, random: inout SplitMix64) -> [String] {
        var characters = Array(id)
        guard characters.count > 2 else { return [id.uppercased(), id + "x"] }
        var out = [id.uppercased(), id.lowercased() + "_x", id + "!", "x" + id, String(id.dropLast())]
        for _ in 0..<6 {
            var copy = characters
            let at = random.next(copy.count)
            switch random.next(5) {
            case 0: copy.remove(at: at)
            case 1: copy.insert(copy[at], at: at)
            case 2: if at + 1 < copy.count { copy.swapAt(at, at + 1) }
            case 3: copy[at] = "q"
            default: copy.insert("z", at: at)
            }
            out.append(String(copy))
            if copy.count > 3 { copy[random.next(copy.count)] = "_" }
            out.append(String(copy))
        }
        characters.shuffle(using: &random)
        out.append(String(characters))
        return out + ["no_such_template", "", "a", String(repeating: "neon_", count: 20)]
    }

    static func check(ids: [String], sampled: [String], seed: UInt64) {
        let index = SuggestionIndex(ids)
        #expect((ids.count >= SuggestionIndex.walkFrom) == index.walks, "the path under test")
        let folded = ids.map { ($0, TemplateSuggester.fold($0)) }
        var random = SplitMix64(seed: seed)
        var differences: [String] = []
        for id in sampled {
            for input in misspellings(of: id, random: &random) {
                let expected = TemplateSuggester.suggestions(for: input, amongFolded: folded)
                let found = index.suggestions(for: input)
                if found != expected { differences.append("\(input): \(found) instead of \(expected)") }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func theSampleGetsTheSameSuggestions() {
        let ids = BundledData.sampleSnapshot().templates.map(\.id)
        Self.check(ids: ids, sampled: stride(from: 0, to: ids.count, by: 3).map { ids[$0] }, seed: 1)
    }

    /// The walk itself on a small catalog: the sample's IDs padded past the size where the walk starts.
    @Test func theWalkGetsTheSameSuggestionsOnTheSampleToo() {
        let sample = BundledData.sampleSnapshot().templates.map(\.id)
        let padding = (0..<SuggestionIndex.walkFrom).map { "zz_padding_\($0)" }
        Self.check(
            ids: sample + padding, sampled: stride(from: 0, to: sample.count, by: 12).map { sample[$0] }, seed: 3)
    }

    @Test func aLargeSyntheticCatalogGetsTheSameSuggestions() {
        let catalog = SyntheticCatalog(count: 2_000)
        let ids = (0..<catalog.count).map { catalog.template($0).id } + ["Hugging", "hugging", "HUGGING"]
        Self.check(ids: ids, sampled: stride(from: 0, to: ids.count, by: 1000).map { ids[$0] } + ["hugging"], seed: 2)
    }

    /// An input near nothing costs at most the cell budget, and what it gets is still the start of the
    /// exact ranking (a pass cut short is dropped, never half-used).
    @Test func aLookupCutShortGivesAPrefixOfTheRanking() {
        let catalog = SyntheticCatalog(count: 3_000)
        let ids = (0..<catalog.count).map { catalog.template($0).id }
        let index = SuggestionIndex(ids)
        let folded = ids.map { ($0, TemplateSuggester.fold($0)) }
        var random = SplitMix64(seed: 9)
        var cut = 0
        for id in stride(from: 0, to: ids.count, by: 150).map({ ids[$0] }) {
            // Three to six letters more: the ID itself is far, and the walk goes wide.
            let input =
                id
                + String((0..<(3 + random.next(4))).map { _ in Character(UnicodeScalar(UInt8(97 + random.next(26)))) })
            let exact = TemplateSuggester.suggestions(for: input, amongFolded: folded)
            #expect(index.suggestions(for: input) == exact, "\(input)")
            let found = index.suggestions(for: input, budget: 20_000)
            #expect(Array(exact.prefix(found.count)) == found, "\(input)")
            if found.count < exact.count { cut += 1 }
        }
        #expect(cut > 0, "the small budget cut some lookups short")
        // A 256-character input takes the default budget at most, and its answer is the exact one's start.
        let long = String(repeating: "dance_", count: 43)
        let exact = TemplateSuggester.suggestions(for: long, amongFolded: folded)
        let found = index.suggestions(for: long)
        #expect(Array(exact.prefix(found.count)) == found)
    }

    /// A catalog that builds its index in the background answers lookups made during the build (they
    /// wait for it) and after it, from several threads, with the exact ranking.
    @Test func anIndexBuiltInTheBackgroundGivesTheSameSuggestions() async {
        let synthetic = SyntheticCatalog(count: 2_500)
        let templates = (0..<synthetic.count).map { synthetic.template($0) }
        let catalog = ValidationCatalog(
            templates: templates, rules: BundledData.parameterRules(),
            context: .init(catalogHash: "test", loadedAt: nil, loadKind: .import, source: "test"))
        let folded = templates.map { ($0.id, TemplateSuggester.fold($0.id)) }
        let inputs = stride(from: 0, to: templates.count, by: 250).map { templates[$0].id.uppercased() + "_q" }
        catalog.buildSuggestionsInBackground()
        let answers = await withTaskGroup(of: (String, [String]).self) { group in
            for input in inputs { group.addTask { (input, catalog.suggestions(for: input)) } }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == inputs.count)
        for input in inputs {
            let exact = TemplateSuggester.suggestions(for: input, amongFolded: folded)
            #expect(!exact.isEmpty)
            #expect(answers[input] == exact, "\(input)")
        }
    }
}
