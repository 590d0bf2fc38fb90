/// Whether a template needs a prompt, read from its `prompt_instruction` text.
///
/// Like ``ImageCount``, this is parsed and never guessed: `nil` when the text says neither.
enum PromptRequirement {
    private static let notRequired = [
        "no prompt", "prompt not required", "prompt is not required", "prompt isn't required",
        "without a prompt", "without prompt", "prompt is optional", "prompt optional", "optional prompt",
        "prompt not needed", "prompt is not needed", "does not need a prompt", "doesn't need a prompt",
        "prompt not supported", "prompts are not supported", "prompt is not supported", "is optional",
    ]
    private static let required = [
        "prompt is required", "prompt required", "requires a prompt", "must provide a prompt",
        "must enter a prompt", "please enter a prompt", "please provide a prompt", "prompt must be",
        "enter a prompt", "a prompt describing", "(required)",
    ]

    /// `false` for "No prompt required for this mode" or "A prompt is optional", `true` for
    /// "A prompt is required", `nil` when the text is not understood.
    static func isRequired(_ text: String) -> Bool? {
        let folded = fold(text)
        if notRequiredBytes.contains(where: { contains(folded, $0) }) { return false }
        if requiredBytes.contains(where: { contains(folded, $0) }) { return true }
        return nil
    }

    /// Whether the text says the template takes no prompt at all ("No prompt required for this mode"),
    /// as opposed to an optional one ("A prompt is optional"): a prompt given to it is ignored.
    static func takesNone(_ text: String) -> Bool {
        let folded = fold(text)
        return !contains(folded, Array("optional".utf8)) && notRequiredBytes.contains(where: { contains(folded, $0) })
    }

    private static let notRequiredBytes = notRequired.map { Array($0.utf8) }
    private static let requiredBytes = required.map { Array($0.utf8) }

    /// ASCII letters lower-cased and runs of white space folded to one space; other bytes kept.
    private static func fold(_ text: String) -> [UInt8] {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if !lastWasSpace { folded.append(0x20) }
                lastWasSpace = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                folded.append(byte | 0x20)
                lastWasSpace = false
            default:
                folded.append(byte)
                lastWasSpace = false
            }
        }
        return folded
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
