/// A template's `input_instruction`: upstream sends a JSON document encoded as a string.
///
/// The raw string is always kept, so export writes back exactly what came in; when it holds a JSON
/// object, its members are read into typed views. When it does not (old free text, a truncated
/// document, an empty string), `fields` is `nil` and the template is still a good template.
public struct InputInstruction: Sendable, Hashable {
    /// The string exactly as upstream sent it.
    public var raw: String
    /// The decoded members, or `nil` when `raw` is not a JSON object.
    public var fields: [String: JSONValue]?

    /// Reads `raw`; never fails.
    public init(raw: String) {
        self.raw = raw
        self.fields = (try? JSONParser(maxDepth: 64).parse(raw))?.objectValue
    }

    /// Whether `raw` held a JSON object.
    public var isStructured: Bool { fields != nil }

    /// "Only one image can be uploaded" and the like.
    public var imageCountText: String? { fields?["image_count"]?.stringValue }
    /// Example input images.
    public var exampleImageURLs: [String] { fields?["image_url"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// Who may appear in the photos.
    public var personCount: String? { fields?["person_count"]?.stringValue }
    /// Advice for the best results.
    public var attention: String? { fields?["attention"]?.stringValue }
    /// Whether and how to write a prompt, e.g. "No prompt required for this mode".
    public var promptInstruction: String? { fields?["prompt_instruction"]?.stringValue }
    /// Known limits of the effect.
    public var effectBoundary: String? { fields?["effect_boundary"]?.stringValue }

    /// The image count range stated by ``imageCountText``, when it can be read.
    public var imageCount: ImageCount? { imageCountText.flatMap(ImageCount.init(text:)) }
    /// Whether a prompt is required, when ``promptInstruction`` says so clearly.
    public var promptRequired: Bool? { promptInstruction.flatMap(PromptRequirement.isRequired) }
    /// Whether the prompt instruction says the template takes no prompt at all (not merely an optional one).
    public var takesNoPrompt: Bool { promptInstruction.map(PromptRequirement.takesNone) ?? false }

    /// The instruction as canonical JSON when structured (so that the same document written with other
    /// spacing or key order compares equal), else the raw text.
    public var canonicalText: String {
        guard let fields else { return raw }
        return JSONWriter().string(.object(fields))
    }

    /// All human-readable texts, for the full-text index (`person_count` included: it repeats the template's).
    package var searchableText: String {
        guard let fields else { return raw }
        return ["image_count", "person_count", "attention", "prompt_instruction", "effect_boundary"]
            .compactMap { fields[$0]?.stringValue }
            .joined(separator: " ")
    }
}
