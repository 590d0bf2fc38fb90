/// How many input images a template takes, read from its `image_count` instruction text.
///
/// The upstream only says it in prose ("Only one image can be uploaded", "1-3 images can be
/// uploaded"), so this is parsed, never guessed: text that does not clearly state a count gives
/// no `ImageCount` at all.
public struct ImageCount: Sendable, Hashable, CustomStringConvertible {
    /// The fewest images the template takes.
    public var min: Int
    /// The most images the template takes; `nil` when the text states no upper bound ("at least 2").
    public var max: Int?

    /// Creates a count range; `max` nil means unbounded.
    public init(min: Int, max: Int?) {
        self.min = min
        self.max = max
    }

    /// Whether `count` images fit this range.
    public func accepts(_ count: Int) -> Bool {
        count >= min && (max.map { count <= $0 } ?? true)
    }

    /// `1`, `1-3` or `2+`, as `list` prints it.
    public var description: String {
        switch max {
        case min: "\(min)"
        case nil: "\(min)+"
        case let max?: "\(min)-\(max)"
        }
    }
}

extension ImageCount {
    private static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    ]

    /// Parses texts such as "Only one image can be uploaded", "two images", "1-3 images",
    /// "up to 3", "one or two images", "at least 2 images"; `nil` when the text is not understood.
    public init?(text: String) {
        let words = Self.tokens(text)
        // The text is an image count already, so a bare "up to 3" counts; with a noun, the count sits
        // before the first one ("two images: one per person"), else right after it ("images: up to 3").
        let noun = words.firstIndex(where: Self.isImageNoun) ?? words.count
        var numbers = Self.numbers(in: words, range: 0..<noun)
        if numbers.isEmpty, noun < words.count {
            let nextNoun = words[(noun + 1)...].firstIndex(where: Self.isImageNoun) ?? words.count
            numbers = Self.numbers(in: words, range: (noun + 1)..<nextNoun)
        }
        guard let first = numbers.first, first.value >= 0 else { return nil }
        let lead = Set(words[Swift.max(0, first.index - 3)..<first.index])
        switch numbers.count {
        case 1:
            if lead.contains("most") || lead.contains("maximum") || lead.contains("max")
                || (lead.contains("up") && lead.contains("to"))
            {
                guard first.value >= 1 else { return nil }
                self.init(min: 1, max: first.value)
            } else if lead.contains("least") || lead.contains("minimum") || lead.contains("min") {
                self.init(min: first.value, max: nil)
            } else {
                guard first.value >= 1 else { return nil }
                self.init(min: first.value, max: first.value)
            }
        case 2:
            let second = numbers[1]
            let between = words[(first.index + 1)..<second.index]
            guard between.isEmpty || between == ["to"] || between == ["or"] || between == ["and"],
                first.value >= 1, second.value >= first.value
            else { return nil }
            self.init(min: first.value, max: second.value)
        default:
            return nil
        }
    }

    private static func isImageNoun(_ word: String) -> Bool {
        word.hasPrefix("image") || word.hasPrefix("photo") || word.hasPrefix("picture") || word.hasPrefix("pic")
    }

    /// Number words and digits in `range`; "a"/"an" count only right before an image noun ("an image").
    private static func numbers(in words: [String], range: Range<Int>) -> [(index: Int, value: Int)] {
        var numbers: [(index: Int, value: Int)] = []
        for index in range {
            let word = words[index]
            if word == "a" || word == "an" || word == "single" {
                guard index + 1 < words.count, isImageNoun(words[index + 1]) else { continue }
            }
            if let value = Int(word) ?? numberWords[word] {
                numbers.append((index, value))
            }
        }
        return numbers
    }

    /// Lower-cased words and numbers; "1-3" splits into "1", "3" with nothing between.
    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var currentIsNumber = false
        for scalar in text.unicodeScalars {
            let isNumber = scalar.value >= 0x30 && scalar.value <= 0x39
            let isLetter =
                scalar.isASCII
                ? (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A
                : scalar.properties.isAlphabetic
            if isNumber || isLetter {
                if !current.isEmpty && currentIsNumber != isNumber {
                    tokens.append(String(current))
                    current = String.UnicodeScalarView()
                }
                currentIsNumber = isNumber
                if scalar.isASCII && !isNumber {
                    current.append(Unicode.Scalar(UInt8(scalar.value | 0x20)))
                } else {
                    current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            } else if !current.isEmpty {
                tokens.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }
}
