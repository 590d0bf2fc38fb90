import Foundation

/// The compact form of what the validator needs, kept in the catalog so that `validate` and `serve`
/// start without inflating and decoding every template's metadata (2.4 s and 505 MB at 100,000
/// templates; this form loads in milliseconds).
///
/// Two layers, both written by the store inside each applied load:
/// - a **record** per template (``record(for:)``), stored beside the template's row: its credits and
///   its *profile* (aspect ratios, resolutions, durations, image count, whether it takes a prompt);
/// - the **index** (``Builder``): every active template's ID, credits and profile number in catalog
///   order, each distinct profile once (synthetic catalogs of 100,000 templates have a few hundred),
///   and the removed templates with their dates. ``ValidationCatalog/init(index:rules:context:)``
///   reads it back.
///
/// The parameter rules file is not in it: it ships with the binary and is applied when the index is
/// read. Every length and count is a LEB128 varint; a reader checks each one against the bytes left,
/// so a damaged index is refused (``Damaged``), never trusted.
public enum ValidationIndex {
    /// The format written; a reader refuses any other (the store then rebuilds from the metadata).
    public static let format = 1
    /// The first bytes of an index.
    static let magic: [UInt8] = Array("VCVI".utf8)

    /// An index or record that does not decode: the store falls back to the metadata.
    public struct Damaged: Error, Sendable, CustomStringConvertible {
        /// What was wrong, and where.
        public var description: String
    }

    /// A template's record: credits, then its profile (see the type's documentation).
    public static func record(for template: Template) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        writeOptional(template.credits, into: &bytes)
        writeStrings(template.aspectRatios, into: &bytes)
        writeStrings(template.resolutions, into: &bytes)
        if let durations = template.durations {
            writeVarint(UInt64(durations.count) + 1, into: &bytes)
            for duration in durations { writeSigned(duration, into: &bytes) }
        } else {
            bytes.append(0)
        }
        if let count = template.imageCount {
            bytes.append(count.max == nil ? 1 : 2)
            writeSigned(count.min, into: &bytes)
            if let max = count.max { writeSigned(max, into: &bytes) }
        } else {
            bytes.append(0)
        }
        // The template's own word on prompts; the rules file may still say "none" when read.
        let prompt: ValidationCatalog.Prompt =
            template.inputInstruction?.takesNoPrompt == true
            ? .none : template.promptRequired == true ? .required : .optional
        bytes.append(promptCode(prompt))
        return bytes
    }

    /// Assembles an index from the stored records, in catalog order.
    public struct Builder: Sendable {
        private var profiles: [[UInt8]: Int] = [:]
        private var profileBytes: [UInt8] = []
        private var active: [UInt8] = []
        private var activeCount = 0
        private var removed: [UInt8] = []
        private var removedCount = 0

        /// An empty index.
        public init() {}

        /// Adds an active template, after those already added; throws when `record` does not decode.
        public mutating func addActive(id: String, record: [UInt8]) throws(Damaged) {
            var reader = Reader(record[...])
            let creditsEnd = try reader.skipOptional()
            let profile = Array(record[creditsEnd...])
            // Checked now, so that an index never holds a profile a reader would refuse.
            var check = Reader(profile[...])
            _ = try Profile.read(&check)
            let number: Int
            if let known = profiles[profile] {
                number = known
            } else {
                number = profiles.count
                profiles[profile] = number
                writeVarint(UInt64(profile.count), into: &profileBytes)
                profileBytes += profile
            }
            writeString(id, into: &active)
            active += record[..<creditsEnd]
            writeVarint(UInt64(number), into: &active)
            activeCount += 1
        }

        /// Adds a removed template and when it was removed.
        public mutating func addRemoved(id: String, at date: Date) {
            writeString(id, into: &removed)
            let bits = date.timeIntervalSinceReferenceDate.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { removed.append(UInt8(truncatingIfNeeded: bits >> shift)) }
            removedCount += 1
        }

        /// The index's bytes.
        public func bytes() -> [UInt8] {
            var bytes = ValidationIndex.magic
            writeVarint(UInt64(ValidationIndex.format), into: &bytes)
            writeVarint(UInt64(profiles.count), into: &bytes)
            bytes += profileBytes
            writeVarint(UInt64(activeCount), into: &bytes)
            bytes += active
            writeVarint(UInt64(removedCount), into: &bytes)
            bytes += removed
            return bytes
        }
    }

    /// A decoded profile: the option lists every template with these bytes shares.
    struct Profile {
        var aspectRatios: [String]?
        var resolutions: [String]?
        var durations: [Int]?
        var imageCount: ImageCount?
        var prompt: ValidationCatalog.Prompt

        static func read(_ reader: inout Reader) throws(Damaged) -> Profile {
            let aspectRatios = try reader.strings()
            let resolutions = try reader.strings()
            var durations: [Int]?
            let count = try reader.count()
            if count > 0 {
                var list: [Int] = []
                list.reserveCapacity(count - 1)
                for _ in 1..<count { list.append(try reader.signed()) }
                durations = list
            }
            var imageCount: ImageCount?
            switch try reader.byte() {
            case 0: break
            case 1: imageCount = ImageCount(min: try reader.signed(), max: nil)
            case 2: imageCount = ImageCount(min: try reader.signed(), max: try reader.signed())
            case let other: throw Damaged(description: "image count tag \(other) at byte \(reader.offset - 1)")
            }
            let prompt = try ValidationIndex.prompt(try reader.byte(), at: reader.offset - 1)
            guard reader.atEnd else { throw Damaged(description: "a profile has \(reader.left) bytes too many") }
            return Profile(
                aspectRatios: aspectRatios, resolutions: resolutions, durations: durations, imageCount: imageCount,
                prompt: prompt)
        }
    }

    static func promptCode(_ prompt: ValidationCatalog.Prompt) -> UInt8 {
        switch prompt {
        case .optional: 0
        case .required: 1
        case .none: 2
        }
    }

    static func prompt(_ code: UInt8, at offset: Int) throws(Damaged) -> ValidationCatalog.Prompt {
        switch code {
        case 0: .optional
        case 1: .required
        case 2: .none
        default: throw Damaged(description: "prompt code \(code) at byte \(offset)")
        }
    }

    static func writeVarint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zigzag, so that small negative numbers stay small.
    static func writeSigned(_ value: Int, into bytes: inout [UInt8]) {
        let wide = Int64(value)
        writeVarint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)), into: &bytes)
    }

    static func writeOptional(_ value: Int?, into bytes: inout [UInt8]) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        writeSigned(value, into: &bytes)
    }

    static func writeString(_ string: String, into bytes: inout [UInt8]) {
        writeVarint(UInt64(string.utf8.count), into: &bytes)
        bytes += string.utf8
    }

    static func writeStrings(_ strings: [String]?, into bytes: inout [UInt8]) {
        guard let strings else { return bytes.append(0) }
        writeVarint(UInt64(strings.count) + 1, into: &bytes)
        for string in strings { writeString(string, into: &bytes) }
    }
}
