import Foundation
import ViduCatalog
import ViduCatalogTesting

/// "Did you mean" as the catalog grows: what a body naming an unknown template costs next to a valid
/// body, at 120 (the bundled sample), 10,000 and 100,000 templates (synthetic). Every unknown ID is
/// distinct (a template's ID with one character replaced and an `x` appended: two edits away, the
/// kind of mistake a client makes), so none is answered from the catalog's cache of earlier suggestions.
struct SuggestionBench {
    var sizes: [Int]

    func run(into report: inout Report) {
        print("\n== did you mean, by catalog size (1,000 valid bodies, 1,000 bodies naming distinct unknown IDs)")
        for size in sizes {
            let templates =
                size <= 120
                ? BundledData.sampleSnapshot().templates
                : (0..<size).map { SyntheticCatalog(count: size).template($0) }
            let catalog = ValidationCatalog(
                templates: templates, rules: BundledData.parameterRules(),
                context: .init(catalogHash: "bench", loadedAt: Date(), loadKind: .import, source: "bench"))
            let validator = RequestValidator(catalog: catalog)
            var random = SplitMix64(seed: 5)
            let picked = (0..<1000).map { _ in templates[random.next(templates.count)].id }
            func body(_ id: String) -> [UInt8] {
                Array(#"{"model":"vidu/template","input":{"template":"\#(id)","images":["https://a.com/x.png"]}}"#.utf8)
            }
            let valid = picked.map(body)
            let unknown = picked.enumerated().map { index, id in
                var characters = Array(id)
                characters[index % characters.count] = "q"
                return body(String(characters) + "x")
            }
            let clock = ContinuousClock()
            // The first unknown ID builds the index: timed on its own (with a one-letter typo, which
            // costs microseconds once the index exists).
            var began = clock.now
            _ = catalog.suggestions(for: templates[0].id + "!")
            let build = clock.now - began
            // An input near nothing: the walk goes wide until the cell budget stops it.
            began = clock.now
            _ = catalog.suggestions(for: String(repeating: "zq", count: 20))
            let far = clock.now - began
            func perBody(_ bodies: [[UInt8]]) -> Double {
                let start = clock.now
                for body in bodies { _ = validator.validate(bytes: body) }
                return (clock.now - start).seconds / Double(bodies.count) * 1e6
            }
            _ = perBody(valid)
            let validCost = perBody(valid)
            let unknownCost = perBody(unknown)
            // The ranking it replaced: an edit distance to every template.
            let folded = templates.map { ($0.id, TemplateSuggester.fold($0.id)) }
            began = clock.now
            for id in picked.prefix(100) { _ = TemplateSuggester.suggestions(for: id + "y", amongFolded: folded) }
            let linear = (clock.now - began).seconds / 100 * 1e6
            let ratio = unknownCost / validCost
            report.add(
                templates.count, "did you mean: unknown-ID body vs valid body",
                String(
                    format:
                        "%.1f µs vs %.1f µs (%.1f×); index built in %.0f ms; an ID near nothing %.1f ms; "
                        + "every-ID ranking %.0f µs per ID",
                    unknownCost, validCost, ratio, build.seconds * 1000, far.seconds * 1000, linear),
                target: (ratio <= 2, "<= 2× a valid body"))
        }
    }
}
