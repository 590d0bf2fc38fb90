import ViduCatalog

/// The `show` text: one labelled line per field, lists and instructions spelled out.
struct TemplateDetail {
    var entry: CatalogEntry

    func render() -> String {
        let template = entry.template
        var lines: [(String, String)] = [
            ("Template", template.id),
            ("Name", template.name ?? "-"),
            (
                "Category",
                [template.categoryName, template.categoryID.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            ),
            ("Credits", template.credits.map(String.init) ?? "-"),
            ("Aspect ratios", list(template.aspectRatios)),
            ("Resolutions", list(template.resolutions)),
            (
                "Durations",
                template.durations.map { $0.map { $0 == 0 ? "0 (fixed)" : "\($0)s" }.joined(separator: ", ") } ?? "-"
            ),
            ("Output type", template.outputType ?? "-"),
            ("Hot", flag(template.isHot)),
            ("New", flag(template.isNew)),
            ("Images", template.imageCount?.description ?? "unknown"),
            ("Prompt required", template.promptRequired.map { $0 ? "yes" : "no" } ?? "unknown"),
            ("Cover", template.cover ?? "-"),
            ("Video", template.video ?? "-"),
            ("Person count", template.personCount ?? "-"),
        ]
        if let instruction = template.inputInstruction {
            if instruction.isStructured {
                lines.append(("Image count text", instruction.imageCountText ?? "-"))
                lines.append(
                    (
                        "Example images",
                        instruction.exampleImageURLs.isEmpty
                            ? "-" : instruction.exampleImageURLs.joined(separator: "\n")
                    ))
                lines.append(("Attention", instruction.attention ?? "-"))
                lines.append(("Prompt", instruction.promptInstruction ?? "-"))
                lines.append(("Effect boundary", instruction.effectBoundary ?? "-"))
                let known: Set = [
                    "image_count", "image_url", "person_count", "attention", "prompt_instruction", "effect_boundary",
                ]
                for (key, value) in (instruction.fields ?? [:]).sorted(by: { $0.key < $1.key })
                where !known.contains(key) {
                    lines.append(("Instruction \(key)", JSONWriter().string(value)))
                }
            } else {
                lines.append(("Instruction (raw)", instruction.raw.isEmpty ? "(empty)" : instruction.raw))
            }
        } else {
            lines.append(("Instruction", "-"))
        }
        for (key, value) in template.extraFields.sorted(by: { $0.key < $1.key }) {
            lines.append(("Extra \(key)", JSONWriter().string(value)))
        }
        lines += [
            ("First seen", Timestamp.string(entry.firstSeen)),
            ("Updated", Timestamp.string(entry.updatedAt)),
            ("Removed", entry.removedAt.map(Timestamp.string) ?? "no"),
            ("Metadata", "\(entry.metadataSize) bytes, \(entry.compressedSize) compressed"),
        ]
        lines += probeLines()
        let width = lines.map(\.0.count).max() ?? 0
        let indent = String(repeating: " ", count: width + 2)
        return lines.map { label, value in
            let padded = label + ":" + String(repeating: " ", count: width - label.count + 1)
            return padded
                + value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
        }.joined(separator: "\n")
    }

    /// `Cover probe: image/png, 48213 bytes, PNG 720×1280, ETag "abc" (HEAD+GET 2026-…)`, one per asset;
    /// says how to get them when there are none.
    private func probeLines() -> [(String, String)] {
        let assets = CoverMetadata.assets(of: entry.template)
        guard !assets.isEmpty else { return [] }
        return assets.map { asset in
            let label = asset.role == .cover ? "Cover probe" : "Video probe"
            guard let probe = entry.coverProbes.first(where: { $0.role == asset.role && $0.url == asset.url }) else {
                return (label, "not probed (sync --covers probes it)")
            }
            // A probe always starts with HEAD; GET means the ranged read followed.
            let requests = probe.method == "GET" ? "HEAD+GET" : probe.method
            let status = probe.status.map { " \($0)" } ?? ""
            return (label, "\(probe.summary) (\(requests)\(status), \(Timestamp.string(probe.probedAt)))")
        }
    }

    private func list(_ values: [String]?) -> String {
        values.map { $0.isEmpty ? "(none)" : $0.joined(separator: ", ") } ?? "-"
    }

    private func flag(_ value: Bool?) -> String {
        value.map { $0 ? "yes" : "no" } ?? "-"
    }
}
