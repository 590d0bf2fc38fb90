import ViduCatalog

/// `/templates/{id}`: every field of a template, its media, instructions, cover probes, the request
/// builder built from its own capabilities, and its change history.
enum TemplatePageView {
    static func values(
        _ entry: CatalogEntry, rules: ValidationCatalog.TemplateRules?, history: [CatalogStore.ChangeRecord]
    ) -> [String: Any] {
        let template = entry.template
        var values: [String: Any] = [
            "id": template.id, "name": template.displayName, "hot": template.isHot == true,
            "new": template.isNew == true,
        ]
        values["removedAt"] = GalleryText.time(entry.removedAt)
        let cover = SafeURL.source(template.cover)
        let video = SafeURL.link(template.video)
        values["cover"] = cover
        values["video"] = video
        if (template.cover != nil && cover == nil) || (template.video != nil && video == nil) {
            values["unsafeMedia"] =
                "A cover or preview URL of this template is not an http(s) address; it is shown as text only."
        }
        values["fields"] = fields(entry)
        let examples = (template.inputInstruction?.exampleImageURLs ?? []).compactMap(SafeURL.source)
        values["examples"] = examples
        values["hasExamples"] = !examples.isEmpty
        let instructions = instructionLines(template)
        values["instructions"] = instructions
        values["hasInstructions"] = !instructions.isEmpty
        let probes = entry.coverProbes.map(probe)
        values["probes"] = probes
        values["hasProbes"] = !probes.isEmpty
        values["builder"] = builder(template, rules: rules)
        let changes = history.map(change)
        values["history"] = changes
        values["hasHistory"] = !changes.isEmpty
        return values
    }

    /// Label and value rows: every upstream field, unknown ones included, then the catalog's own.
    static func fields(_ entry: CatalogEntry) -> [[String: String]] {
        let template = entry.template
        var rows: [(String, String?)] = [
            ("ID", template.id), ("Name", template.name), ("Category", category(template)),
            ("Credits", template.credits.map(String.init)),
            ("Aspect ratios", TemplateCard.joined(template.aspectRatios)),
            ("Resolutions", TemplateCard.joined(template.resolutions)),
            ("Durations", TemplateCard.joined(template.durations?.map(GalleryText.duration))),
            ("Images", template.imageCount?.description),
            ("Prompt", template.promptRequired.map { $0 ? "required" : "not required" }),
            ("Person count", template.personCount), ("Output type", template.outputType),
            ("Hot", template.isHot.map { $0 ? "yes" : "no" }), ("New", template.isNew.map { $0 ? "yes" : "no" }),
            ("Cover", template.cover), ("Video", template.video),
        ]
        for (key, value) in template.extraFields.sorted(by: { $0.key < $1.key }) {
            rows.append((key, GalleryText.value(value)))
        }
        rows += [
            ("First seen", GalleryText.time(entry.firstSeen)), ("Updated", GalleryText.time(entry.updatedAt)),
            ("Removed", GalleryText.time(entry.removedAt)),
            ("Metadata", "\(entry.metadataSize) bytes, \(entry.compressedSize) stored"),
        ]
        return rows.compactMap { label, value in value.map { ["label": label, "value": $0] } }
    }

    static func category(_ template: Template) -> String? {
        switch (template.categoryName, template.categoryID) {
        case (let name?, let id?): "\(name) (\(id))"
        case (let name?, nil): name
        case (nil, let id?): String(id)
        case (nil, nil): nil
        }
    }

    static func instructionLines(_ template: Template) -> [[String: String]] {
        guard let instruction = template.inputInstruction else { return [] }
        guard instruction.isStructured else { return [["label": "Instruction", "text": instruction.raw]] }
        let lines: [(String, String?)] = [
            ("Images", instruction.imageCountText), ("People", instruction.personCount),
            ("Attention", instruction.attention), ("Prompt", instruction.promptInstruction),
            ("Effect boundary", instruction.effectBoundary),
        ]
        return lines.compactMap { label, text in text.map { ["label": label, "text": $0] } }
    }

    static func probe(_ probe: CoverProbe) -> [String: String] {
        [
            "role": probe.role.rawValue, "probedAt": GalleryText.time(probe.probedAt) ?? "",
            "status": probe.status.map(String.init) ?? "", "contentType": probe.contentType ?? "",
            "bytes": probe.byteLength.map(String.init) ?? "",
            "image": probe.image.map { "\($0.format.rawValue) \($0.width)×\($0.height)" } ?? "",
            "error": probe.error ?? "",
        ]
    }

    static func change(_ record: CatalogStore.ChangeRecord) -> [String: Any] {
        let fields = record.change.fields.map { field in
            ["field": field.field, "before": GalleryText.value(field.old), "after": GalleryText.value(field.new)]
        }
        return [
            "at": GalleryText.time(record.at) ?? "", "kind": record.change.kind.rawValue, "run": String(record.runID),
            "fields": fields, "hasFields": !fields.isEmpty,
        ]
    }

    /// What the request builder offers: the template's own options, as many image fields as its
    /// count allows (at most 10; 4 when it states no count), a prompt unless it takes none, and the
    /// extra parameters the rules file gives it.
    static func builder(_ template: Template, rules: ValidationCatalog.TemplateRules?) -> [String: Any] {
        let ratios = rules?.aspectRatios ?? template.aspectRatios ?? []
        let resolutions = rules?.resolutions ?? template.resolutions ?? []
        let durations = (rules?.durations ?? template.durations ?? []).map(String.init)
        let count = rules?.imageCount ?? template.imageCount
        let slots = min(max(count?.max ?? max(count?.min ?? 0, 4), 1), 10)
        let prompt = rules?.prompt ?? (template.promptRequired == true ? .required : .optional)
        let parameters = (rules?.parameters ?? [:]).sorted { $0.key < $1.key }.map { name, parameter in
            ["name": name, "values": parameter.values] as [String: Any]
        }
        return [
            "hasRatios": !ratios.isEmpty, "ratios": ratios, "hasResolutions": !resolutions.isEmpty,
            "resolutions": resolutions, "hasDurations": !durations.isEmpty, "durations": durations,
            "imageRule": count?.description ?? "the template does not say how many",
            "imageSlots": (0..<slots).map { ["index": String($0), "number": String($0 + 1)] },
            "takesPrompt": prompt != .none, "promptRequired": prompt == .required, "parameters": parameters,
        ]
    }
}
