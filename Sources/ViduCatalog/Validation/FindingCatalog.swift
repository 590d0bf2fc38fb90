/// Every stable finding code, with what it means: the README's table, SARIF's rule list.
public enum FindingCatalog {
    /// The codes every request can get, in the order of the reference's rules.
    public static let codes: [(code: String, meaning: String)] = [
        ("json.syntax", "The body is not valid JSON (RFC 8259, UTF-8)."),
        ("json.too_deep", "Arrays and objects nest deeper than 64 levels."),
        ("json.duplicate_key", "A member name appears twice in one object."),
        ("body.too_large", "The body is over 20 MB."),
        ("body.type", "The body is not a JSON object."),
        ("model.missing", "model is missing."),
        ("model.type", "model is not a string."),
        ("model.value", "model is not \"vidu/template\"."),
        ("input.missing", "input is missing."),
        ("input.type", "input is not an object."),
        ("callback_url.type", "callback_url is not a string."),
        ("callback_url.format", "callback_url is not an absolute http(s) URL with a host."),
        ("template.missing", "input.template is missing."),
        ("template.type", "input.template is not a string."),
        ("template.unknown", "The catalog has no such template (undecided when the catalog is stale)."),
        ("template.removed", "The template was removed from the catalog."),
        ("images.missing", "input.images is missing."),
        ("images.type", "input.images is not an array."),
        ("images.empty", "input.images is empty."),
        ("images.count", "The number of images is not what the template takes."),
        ("images.item_type", "An image is not a string."),
        ("images.url", "An image is neither an http(s) URL with a host nor a data URI."),
        ("images.data_uri", "A data URI is not data:image/(png|jpeg|jpg|webp);base64,…"),
        ("images.base64", "A data URI's base64 is not valid (alphabet, padding, length)."),
        ("images.too_large", "A data URI decodes to 10 MB or more."),
        ("prompt.type", "input.prompt is not a string."),
        ("prompt.too_long", "input.prompt is over 2000 code points."),
        ("prompt.missing", "The template needs a prompt and none (or an empty one) is given."),
        ("prompt.ignored", "Warning: the template takes no prompt."),
        ("seed.type", "input.seed is not an integer."),
        ("seed.range", "input.seed does not fit in 64 bits."),
        ("seed.decimal", "Warning: input.seed is whole but written with a fraction or exponent (4.0)."),
        ("aspect_ratio.type", "input.aspect_ratio is not a string."),
        ("aspect_ratio.value", "The template does not offer this aspect ratio."),
        ("resolution.type", "input.resolution is not a string."),
        ("resolution.value", "The template does not offer this resolution."),
        ("duration.type", "input.duration is not an integer."),
        ("duration.range", "input.duration does not fit in 64 bits."),
        ("duration.decimal", "Warning: input.duration is whole but written with a fraction or exponent."),
        ("duration.value", "The template does not offer this duration."),
        ("bgm.type", "input.bgm is not a boolean."),
        ("watermark.type", "input.watermark is not a boolean."),
        ("payload.type", "input.payload is not a string."),
        ("payload.too_long", "input.payload is over 1,048,576 code points."),
        ("wm_position.type", "input.wm_position is not an integer."),
        ("wm_position.range", "input.wm_position is not 1 to 4."),
        ("wm_position.decimal", "Warning: input.wm_position is whole but written with a fraction or exponent."),
        ("wm_url.type", "input.wm_url is not a string."),
        ("wm_url.format", "input.wm_url is not an absolute http(s) URL with a host."),
        ("meta_data.type", "input.meta_data is not a string."),
        ("field.unknown", "Warning (error with --strict): a member CreateTask does not define."),
        (
            "findings.omitted",
            "Warning: the body has more findings than a report lists (100); how many of each severity are left out."
        ),
        (
            "catalog.stale",
            "Warning (error with --require-fresh): the catalog is older than --max-age, or only the bundled sample."
        ),
    ]

    /// The codes of a template-specific parameter from the rules file (`area`, `beast`).
    public static func parameterCodes(_ name: String) -> [(code: String, meaning: String)] {
        [
            ("\(name).type", "input.\(name) is not a string."),
            ("\(name).value", "The template does not offer this \(name)."),
            ("\(name).unsupported", "input.\(name) is given to a template that does not take it."),
        ]
    }

    /// Every code for a catalog whose rules file names these parameters.
    public static func all(parameters: [String]) -> [(code: String, meaning: String)] {
        codes + parameters.flatMap(parameterCodes)
    }
}
