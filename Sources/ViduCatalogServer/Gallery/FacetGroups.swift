import ViduCatalog

/// The gallery's filter form: every filter of `vidu-catalog list`, each choice with the number of
/// templates it would leave (``TemplateFacets``), the current ones checked. Plain form fields, so
/// filtering works without JavaScript; the names are `/v1/templates`'s.
enum FacetGroups {
    static func values(_ facets: TemplateFacets, query: TemplateQuery) -> [[String: Any]] {
        var groups: [[String: Any]] = []
        func group(_ legend: String, _ choices: [[String: Any]]) {
            if !choices.isEmpty { groups.append(["legend": legend, "choices": choices]) }
        }
        group("Aspect ratio", multiple("aspect_ratio", facets.aspectRatios, chosen: query.aspectRatios))
        group("Resolution", multiple("resolution", facets.resolutions, chosen: query.resolutions))
        group(
            "Duration",
            single(
                "duration", facets.durations, chosen: query.duration.map(String.init), total: facets.total,
                label: { Int($0).map(GalleryText.duration) ?? $0 }))
        group("Category", single("category", facets.categories, chosen: query.category, total: facets.total))
        group("Hot", single("hot", facets.hot, chosen: query.hot.map(String.init), total: facets.total, label: yesNo))
        group("New", single("new", facets.new, chosen: query.new.map(String.init), total: facets.total, label: yesNo))
        group(
            "Prompt",
            single(
                "prompt_required", facets.promptRequired, chosen: query.promptRequired.map(String.init),
                total: facets.total
            ) {
                $0 == "true" ? "Required" : "Not required"
            })
        group(
            "Accepts images",
            single("images", facets.images, chosen: query.acceptsImages.map(String.init), total: facets.total))
        group(
            "Credits",
            single("max_credits", facets.maxCredits, chosen: query.maxCredits.map(String.init), total: facets.total) {
                "≤ \($0)"
            }
        )
        group(
            "Removed templates",
            [
                choice(
                    type: "checkbox", name: "include_removed", value: "true", label: "Include removed",
                    count: facets.removed, checked: query.includeRemoved)
            ])
        return groups
    }

    static func yesNo(_ value: String) -> String { value == "true" ? "Yes" : "No" }

    /// Checkboxes: any of the values. A chosen value the catalog no longer offers stays listed (at
    /// zero), so it can be unchecked.
    static func multiple(_ name: String, _ counts: [TemplateFacets.Count], chosen: [String]) -> [[String: Any]] {
        let offered = Set(counts.map(\.value))
        let all = counts + chosen.filter { !offered.contains($0) }.map { TemplateFacets.Count(value: $0, count: 0) }
        return all.map {
            choice(
                type: "checkbox", name: name, value: $0.value, label: $0.value, count: $0.count,
                checked: chosen.contains($0.value))
        }
    }

    /// Radio buttons: "Any", then one value. A chosen value the counts do not list (a category
    /// given by its ID, say) is listed with what it leaves now: the query's total, since it is the
    /// one value of its filter.
    static func single(
        _ name: String, _ counts: [TemplateFacets.Count], chosen: String?, total: Int,
        label: (String) -> String = { $0 }
    ) -> [[String: Any]] {
        guard !counts.isEmpty || chosen != nil else { return [] }
        var all = counts
        if let chosen, !counts.contains(where: { $0.value.lowercased() == chosen.lowercased() }) {
            all.append(TemplateFacets.Count(value: chosen, count: total))
        }
        var any = choice(type: "radio", name: name, value: "", label: "Any", count: nil, checked: chosen == nil)
        any["any"] = true
        return [any]
            + all.map {
                choice(
                    type: "radio", name: name, value: $0.value, label: label($0.value), count: $0.count,
                    checked: chosen?.lowercased() == $0.value.lowercased())
            }
    }

    static func choice(type: String, name: String, value: String, label: String, count: Int?, checked: Bool)
        -> [String: Any]
    {
        var values: [String: Any] = [
            "type": type, "name": name, "value": value, "label": label, "checked": checked,
            "hasCount": count != nil, "empty": count == 0,
        ]
        values["count"] = count.map(String.init) ?? ""
        return values
    }
}
