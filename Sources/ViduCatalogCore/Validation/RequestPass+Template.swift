/// The rules that need the template: it exists, and the request uses only what it offers.
extension RequestPass {
    mutating func checkTemplate() {
        guard inputIsObject else { return }
        if !sawImages {
            report(
                .error, .imagesMissing, "/input/images", "input.images is missing; at least one image is required.")
        }
        guard sawTemplate else {
            report(
                .error, .templateMissing, "/input/template",
                "input.template is missing; it names the effect template to use.",
                hint: "List the templates with vidu-catalog list.")
            return
        }
        guard let id = templateID else { return }
        guard let rules = templateRules else {
            unknownTemplate(id)
            return
        }
        credits = rules.credits
        if let expected = rules.imageCount, let count = imageCount, count > 0, !expected.accepts(count) {
            report(
                .error, .imagesCount, "/input/images",
                "Template \(id) takes \(Self.describe(expected)); input.images holds \(count).")
        }
        check(aspectRatio, "aspect_ratio", against: rules.aspectRatios, template: id)
        check(resolution, "resolution", against: rules.resolutions, template: id)
        if let duration, let durations = rules.durations, !durations.contains(where: { Int128($0) == duration }) {
            // `duration: [0]` in the list means the duration is fixed, not selectable.
            report(
                .error, .durationValue, "/input/duration",
                durations == [0]
                    ? "Template \(id) has a fixed duration; input.duration \(duration) cannot be chosen."
                    : "Template \(id) does not offer a duration of \(duration); it offers \(durations.map(String.init).joined(separator: ", ")).",
                hint: durations == [0] ? "Remove input.duration." : nil, accepted: durations.map(String.init))
        }
        for (name, value) in parameters {
            checkParameter(name, value, rules: rules)
        }
        let promptGiven = prompt.map { $0.end > $0.start } ?? false
        if rules.prompt == .required && !promptGiven && (prompt != nil || !sawPrompt) {
            report(
                .error, .promptMissing, "/input/prompt",
                "Template \(id) needs a prompt; input.prompt is \(prompt == nil ? "missing" : "empty").")
        } else if rules.prompt == .none && promptGiven {
            report(
                .warning, .promptIgnored, "/input/prompt",
                "Template \(id) takes no prompt; input.prompt will be ignored.", hint: "Remove input.prompt.")
        }
    }

    private mutating func unknownTemplate(_ id: String) {
        if let removedAt = catalog.removed[id] {
            report(
                .error, .templateRemoved, "/input/template",
                "Template \(id) was removed from the catalog on \(Timestamp.string(removedAt)): Crun no longer lists it.",
                hint: "Pick another template; vidu-catalog sync if you think it is back.")
            return
        }
        let suggestions = catalog.suggestions(for: id)
        let nearby = suggestions.isEmpty ? "" : " Did you mean \(suggestions.joined(separator: ", "))?"
        if catalogIsStale {
            report(
                .undecided, .templateUnknown, "/input/template",
                "Template \(id) is not in the catalog, which is stale: it may be new upstream.\(nearby)",
                hint: "Run vidu-catalog sync, then validate again.", accepted: suggestions.isEmpty ? nil : suggestions)
        } else {
            report(
                .error, .templateUnknown, "/input/template", "Template \(id) is not in the catalog.\(nearby)",
                accepted: suggestions.isEmpty ? nil : suggestions)
        }
    }

    private mutating func check(
        _ token: JSONScanner.StringToken?, _ field: String, against values: [String]?, template id: String
    ) {
        guard let token, let values else { return }
        let value = scanner.text(token)
        guard !values.contains(value) else { return }
        report(
            .error, .field(field, .value), "/input/\(field)",
            "Template \(id) does not offer \(field) \(quoted(token)); it offers \(Self.list(values)).",
            accepted: values)
    }

    private mutating func checkParameter(
        _ name: String, _ token: JSONScanner.StringToken?, rules: ValidationCatalog.TemplateRules
    ) {
        let pointer = "/input/" + Finding.escape(name)
        guard let parameter = rules.parameters[name] else {
            let owners = catalog.parameterOwners[name] ?? []
            report(
                .error, .parameter(name, .unsupported), pointer,
                "input.\(name) is accepted only by \(owners.isEmpty ? "other templates" : Self.list(owners)), "
                    + "not by \(rules.id).",
                hint: "Remove input.\(name).")
            return
        }
        guard let token else { return }
        let value = scanner.text(token)
        if !parameter.values.contains(value) {
            report(
                .error, .parameter(name, .value), pointer,
                "Template \(rules.id) does not offer \(name) \(quoted(token)); it offers \(Self.list(parameter.values)).",
                accepted: parameter.values)
        }
    }

    static func list(_ values: [String]) -> String {
        values.isEmpty ? "nothing" : values.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func describe(_ count: ImageCount) -> String {
        switch count.max {
        case count.min: count.min == 1 ? "exactly 1 image" : "exactly \(count.min) images"
        case nil: "at least \(count.min) images"
        case let max?: "\(count.min) to \(max) images"
        }
    }
}
