/// "Did you mean" for template IDs: a case-insensitive match first, then the closest by edit distance.
public enum TemplateSuggester {
    /// Up to `limit` IDs from `candidates` that `input` most likely meant.
    public static func suggestions(for input: String, among candidates: some Sequence<String>, limit: Int = 3)
        -> [String]
    {
        suggestions(for: input, amongFolded: candidates.map { ($0, fold($0)) }, limit: limit)
    }

    /// The form IDs are compared in: lower-cased Unicode scalars.
    public static func fold(_ id: String) -> [Unicode.Scalar] {
        Array(id.lowercased().unicodeScalars)
    }

    /// Like ``suggestions(for:among:limit:)``, with the candidates already folded (``fold(_:)``) once
    /// for many lookups.
    public static func suggestions(
        for input: String, amongFolded candidates: [(id: String, folded: [Unicode.Scalar])], limit: Int = 3
    ) -> [String] {
        let folded = fold(input)
        let threshold = max(2, folded.count / 3)
        var scored: [(distance: Int, id: String)] = []
        for (candidate, other) in candidates where candidate != input {
            if other == folded {
                scored.append((-1, candidate))
                continue
            }
            guard abs(other.count - folded.count) <= threshold else { continue }
            let distance = editDistance(folded, other, bound: threshold)
            if distance <= threshold { scored.append((distance, candidate)) }
        }
        scored.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
        return scored.prefix(limit).map(\.id)
    }

    /// Levenshtein distance, giving up (returning `bound + 1`) once every path exceeds `bound`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int {
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > bound { return bound + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
