import ViduCatalog

/// The `list --format csv` output: RFC 4180, one header row, lists joined with `|`.
enum TemplateCSV {
    static let header = [
        "template", "name", "category_name", "category_id", "credits", "aspect_ratio", "resolution", "duration",
        "image_count_min", "image_count_max", "prompt_required", "is_hot", "is_new", "first_seen", "updated_at",
        "removed_at",
    ]

    static func render(_ entries: [CatalogEntry]) -> String {
        var lines = [header.joined(separator: ",")]
        for entry in entries {
            let template = entry.template
            let fields: [String] = [
                template.id, template.name ?? "", template.categoryName ?? "",
                template.categoryID.map(String.init) ?? "",
                template.credits.map(String.init) ?? "", (template.aspectRatios ?? []).joined(separator: "|"),
                (template.resolutions ?? []).joined(separator: "|"),
                (template.durations ?? []).map(String.init).joined(separator: "|"),
                template.imageCount.map { String($0.min) } ?? "", template.imageCount?.max.map(String.init) ?? "",
                template.promptRequired.map(String.init) ?? "", template.isHot.map(String.init) ?? "",
                template.isNew.map(String.init) ?? "", Timestamp.string(entry.firstSeen),
                Timestamp.string(entry.updatedAt), entry.removedAt.map(Timestamp.string) ?? "",
            ]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
