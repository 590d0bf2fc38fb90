import ViduCatalogCore

/// A deterministic generator of catalogs in the upstream shape, of any size, for tests and benchmarks.
///
/// The same `count` and `seed` always give the same bytes. Templates look like the real ones (about
/// 1.2 KB of JSON each, an `input_instruction` JSON string, option lists drawn from the real values),
/// so sizes, compression ratios and index selectivity are realistic.
public struct SyntheticCatalog: Sendable {
    /// How many templates.
    public var count: Int
    /// The random seed.
    public var seed: UInt64

    /// Creates a generator.
    public init(count: Int, seed: UInt64 = 42) {
        self.count = count
        self.seed = seed
    }

    static let categories: [(Int, String)] = [
        (11, "Festival"), (3, "Romance"), (5, "Pets"), (7, "Fantasy"), (2, "Transformation"), (8, "Dance"),
        (9, "Comedy"), (12, "Sports"), (4, "Fashion"), (14, "Horror"), (6, "Anime"), (10, "Family"),
    ]
    static let aspectSets = [
        ["9:16"], ["16:9"], ["1:1"], ["9:16", "16:9"], ["9:16", "16:9", "1:1"], ["16:9", "9:16", "1:1", "4:3", "3:4"],
        ["3:4", "4:3"],
    ]
    static let resolutionSets = [
        ["1080p"], ["720p"], ["720p", "1080p"], ["360p", "720p"], ["540p", "720p", "1080p"],
    ]
    static let durationSets = [[0], [4], [5], [4, 8], [8]]
    static let imageTexts = [
        "Only one image can be uploaded", "Please upload 2 images", "1-3 images can be uploaded",
        "Upload one or two images", "Any photo you like",
    ]
    static let promptTexts = [
        "No prompt required for this mode", "A prompt is optional: describe the mood you want",
        "A prompt is required: describe the scene or action",
    ]
    static let words = [
        "dance", "glow", "melt", "spin", "hug", "kiss", "zombie", "balloon", "metal", "pets", "princess", "beast",
        "winter", "neon", "retro", "anime", "cyber", "dream", "storm", "bloom",
    ]

    /// The template at `index`.
    public func template(_ index: Int) -> Template {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let first = Self.words[random.next(Self.words.count)]
        let second = Self.words[random.next(Self.words.count)]
        let category = Self.categories[random.next(Self.categories.count)]
        var template = Template(id: "\(first)_\(second)_\(index)")
        template.name = "\(first.capitalized) \(second.capitalized) \(index)"
        template.resolutions = Self.resolutionSets[random.next(Self.resolutionSets.count)]
        template.durations = Self.durationSets[random.next(Self.durationSets.count)]
        template.aspectRatios = Self.aspectSets[random.next(Self.aspectSets.count)]
        template.outputType = "unspecified"
        let asset = "https://scene.cf.vidu.studio/media-asset/\(80000 + index)-\(random.hex())"
        template.cover = asset + ".png"
        template.video = asset + ".mp4"
        template.credits = [4, 6, 8, 9, 10, 12, 15, 20][random.next(8)]
        let person = "Only single person photos are supported"
        template.personCount = person
        let imageText = Self.imageTexts[random.next(Self.imageTexts.count)]
        let instruction: JSONValue = [
            "image_count": .string(imageText),
            "image_url": .array(
                (0..<2).map { _ in
                    .string("https://scene.cf.vidu.studio/media-asset/0830\(random.next(99))-\(random.hex()).png")
                }),
            "person_count": .string(person),
            "attention": "Single person half-body or full-body photos yield the best results",
            "prompt_instruction": .string(Self.promptTexts[random.next(Self.promptTexts.count)]),
            "effect_boundary": "There is a low probability of issues such as subtle changes in facial features",
        ]
        template.inputInstruction = InputInstruction(raw: JSONWriter().string(instruction))
        template.categoryName = category.1
        template.categoryID = category.0
        template.isHot = random.next(5) == 0
        template.isNew = random.next(7) == 0
        return template
    }

    /// All templates.
    public func templates() -> [Template] {
        (0..<count).map(template)
    }

    /// The whole catalog as one upstream response body.
    public func responseBody(pretty: Bool = false) -> [UInt8] {
        JSONWriter(pretty: pretty).data(CatalogSnapshot(templates: templates()).json)
    }
}

/// A tiny, fast, seedable PRNG (Steele, Lea and Flood's SplitMix64), so generated data never depends on the platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// 16 hex digits.
    mutating func hex() -> String {
        let text = String(next(), radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
