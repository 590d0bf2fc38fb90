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
        let folded = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if notRequired.contains(where: folded.contains) { return false }
        if required.contains(where: folded.contains) { return true }
        return nil
    }
}
