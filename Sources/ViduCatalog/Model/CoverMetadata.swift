/// The bulky per-template data kept zlib-compressed in one BLOB: the template's full upstream JSON,
/// which carries the cover and video URLs, the example input images, `person_count` and the whole
/// `input_instruction`.
///
/// It is a JSON object so later data (cover probes) can sit beside the template without a migration.
public struct CoverMetadata: Sendable, Hashable {
    /// The template exactly as upstream described it.
    public var template: Template

    /// Wraps a template.
    public init(template: Template) {
        self.template = template
    }

    /// Reads the decompressed BLOB.
    public init(json: JSONValue) throws(TemplateDecodingError) {
        try self.init(template: Template(json: json["template"] ?? .null))
    }

    /// The BLOB's content before compression.
    public var json: JSONValue { ["template": template.json] }
}
