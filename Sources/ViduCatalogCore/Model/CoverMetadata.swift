/// The bulky per-template data kept zlib-compressed in one BLOB: the template's full upstream JSON,
/// which carries the cover and video URLs, the example input images, `person_count` and the whole
/// `input_instruction`, and what probing the cover and video found (`sync --covers`).
///
/// It is a JSON object so later data can sit beside the template without a migration. The probes
/// are not part of the template's content hash: probing never makes a template "changed".
public struct CoverMetadata: Sendable, Hashable {
    /// The template exactly as upstream described it.
    public var template: Template
    /// The last probe of each asset URL the template has (none until a sync with `--covers`).
    public var probes: [CoverProbe]

    /// Wraps a template and its probes.
    public init(template: Template, probes: [CoverProbe] = []) {
        self.template = template
        self.probes = probes
    }

    /// Reads the decompressed BLOB.
    public init(json: JSONValue) throws(TemplateDecodingError) {
        try self.init(
            template: Template(json: json["template"] ?? .null),
            probes: (json["probes"]?.arrayValue ?? []).compactMap(CoverProbe.init(json:)))
    }

    /// The BLOB's content before compression.
    public var json: JSONValue {
        probes.isEmpty
            ? ["template": template.json] : ["template": template.json, "probes": .array(probes.map(\.json))]
    }

    /// The assets a probe looks at: the cover and the video, when the template gives a URL.
    public static func assets(of template: Template) -> [(role: CoverProbe.Role, url: String)] {
        [(.cover, template.cover), (.video, template.video)].compactMap { role, url in
            guard let url, !url.isEmpty else { return nil }
            return (role, url)
        }
    }

    /// The probes still true of `template`: those of an asset whose URL has not changed.
    public func probes(keptFor template: Template) -> [CoverProbe] {
        let current = Self.assets(of: template)
        return probes.filter { probe in current.contains { $0.role == probe.role && $0.url == probe.url } }
    }

    /// Whether every asset of the template has a successful probe of its current URL.
    public var isProbed: Bool {
        Self.assets(of: template).allSatisfy { asset in
            probes.contains { $0.role == asset.role && $0.url == asset.url && $0.succeeded }
        }
    }
}
