/// One Vidu effect template as the Crun template list describes it.
///
/// Decoding is tolerant: only the `template` ID is required. A known field of an unexpected type is
/// not coerced; it is kept verbatim in ``extraFields`` (with the typed property left `nil`), as are
/// fields this version does not know. ``json`` therefore gives back every field that came in.
///
/// ```swift
/// let template = try Template(json: JSONParser().parse(#"{"template":"hugging","credits":8}"#))
/// template.credits        // 8
/// template.imageCount     // nil: no input_instruction
/// ```
public struct Template: Sendable, Hashable, Identifiable {
    /// The ID passed as `input.template` to CreateTask (upstream `template`). Case matters.
    public var id: String
    /// Display name (`name`).
    public var name: String?
    /// Supported resolutions, e.g. `["720p", "1080p"]` (`resolution`).
    public var resolutions: [String]?
    /// Supported durations in seconds; `[0]` appears to mean fixed (`duration`).
    public var durations: [Int]?
    /// Supported aspect ratios, e.g. `["9:16"]` (`aspect_ratio`).
    public var aspectRatios: [String]?
    /// E.g. `"unspecified"` (`output_type`).
    public var outputType: String?
    /// Preview image URL (`cover`).
    public var cover: String?
    /// Preview video URL (`video`).
    public var video: String?
    /// Cost of one generation in Crun credits (`credits`).
    public var credits: Int?
    /// Free text about who may appear in the photos (`person_count`).
    public var personCount: String?
    /// The structured `input_instruction`.
    public var inputInstruction: InputInstruction?
    /// Vidu's category name (`category_name`).
    public var categoryName: String?
    /// Vidu's category ID (`category_id`).
    public var categoryID: Int?
    /// Flagged as hot (`is_hot`).
    public var isHot: Bool?
    /// Flagged as new (`is_new`).
    public var isNew: Bool?
    /// Fields this version does not know, and known fields whose value had an unexpected type, verbatim.
    public var extraFields: [String: JSONValue]

    /// Creates a template with only an ID; set the other properties as needed.
    public init(id: String) {
        self.id = id
        self.extraFields = [:]
    }

    /// How many images the template takes, from its instruction text; `nil` when not stated clearly.
    public var imageCount: ImageCount? { inputInstruction?.imageCount }

    /// Whether the template needs a prompt, from its instruction text; `nil` when not stated clearly.
    public var promptRequired: Bool? { inputInstruction?.promptRequired }

    /// The name, or the ID when the template has no name.
    public var displayName: String { name ?? id }
}
