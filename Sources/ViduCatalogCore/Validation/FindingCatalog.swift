/// Every stable finding code, declared once, with what it means: the README's table, SARIF's rule
/// list, the JSON Schema export's `x-finding-codes`. A test holds the codes the validator emits over
/// its test corpus, this table, the schema's list and the README's table to one set.
public enum FindingCatalog {
    /// The codes every request can get, in the order of the reference's rules.
    public static let codes: [(code: Finding.Code, meaning: String)] = [
        (.jsonSyntax, "The body is not valid JSON (RFC 8259, UTF-8)."),
        (.jsonTooDeep, "Arrays and objects nest deeper than 64 levels."),
        (.jsonDuplicateKey, "A member name appears twice in one object."),
        (.bodyTooLarge, "The body is over 20 MB."),
        (.bodyType, "The body is not a JSON object."),
        (.modelMissing, "model is missing."),
        (.modelType, "model is not a string."),
        (.modelValue, "model is not \"vidu/template\"."),
        (.inputMissing, "input is missing."),
        (.inputType, "input is not an object."),
        (.callbackUrlType, "callback_url is not a string."),
        (.callbackUrlFormat, "callback_url is not an absolute http(s) URL with a host."),
        (.templateMissing, "input.template is missing."),
        (.templateType, "input.template is not a string."),
        (.templateUnknown, "The catalog has no such template (undecided when the catalog is stale)."),
        (.templateRemoved, "The template was removed from the catalog."),
        (.imagesMissing, "input.images is missing."),
        (.imagesType, "input.images is not an array."),
        (.imagesEmpty, "input.images is empty."),
        (.imagesCount, "The number of images is not what the template takes."),
        (.imagesItemType, "An image is not a string."),
        (.imagesUrl, "An image is neither an http(s) URL with a host nor a data URI."),
        (.imagesDataUri, "A data URI is not data:image/(png|jpeg|jpg|webp);base64,…"),
        (.imagesBase64, "A data URI's base64 is not valid (alphabet, padding, length)."),
        (.imagesTooLarge, "A data URI decodes to 10 MB or more."),
        (.promptType, "input.prompt is not a string."),
        (.promptTooLong, "input.prompt is over 2000 code points."),
        (.promptMissing, "The template needs a prompt and none (or an empty one) is given."),
        (.promptIgnored, "Warning: the template takes no prompt."),
        (.seedType, "input.seed is not an integer."),
        (.seedRange, "input.seed does not fit in 64 bits."),
        (.seedDecimal, "Warning: input.seed is whole but written with a fraction or exponent (4.0)."),
        (.aspectRatioType, "input.aspect_ratio is not a string."),
        (.aspectRatioValue, "The template does not offer this aspect ratio."),
        (.resolutionType, "input.resolution is not a string."),
        (.resolutionValue, "The template does not offer this resolution."),
        (.durationType, "input.duration is not an integer."),
        (.durationRange, "input.duration does not fit in 64 bits."),
        (.durationDecimal, "Warning: input.duration is whole but written with a fraction or exponent."),
        (.durationValue, "The template does not offer this duration."),
        (.bgmType, "input.bgm is not a boolean."),
        (.watermarkType, "input.watermark is not a boolean."),
        (.payloadType, "input.payload is not a string."),
        (.payloadTooLong, "input.payload is over 1,048,576 code points."),
        (.wmPositionType, "input.wm_position is not an integer."),
        (.wmPositionRange, "input.wm_position is not 1 to 4."),
        (.wmPositionDecimal, "Warning: input.wm_position is whole but written with a fraction or exponent."),
        (.wmUrlType, "input.wm_url is not a string."),
        (.wmUrlFormat, "input.wm_url is not an absolute http(s) URL with a host."),
        (.metaDataType, "input.meta_data is not a string."),
        (.fieldUnknown, "Warning (error with --strict): a member CreateTask does not define."),
        (
            .findingsOmitted,
            "Warning: the body has more findings than a report lists (100); how many of each severity are left out."
        ),
        (
            .catalogStale,
            "Warning (error with --require-fresh): the catalog is older than --max-age, or only the bundled sample."
        ),
    ]

    /// The codes of a template-specific parameter from the rules file (`area`, `beast`).
    public static func parameterCodes(_ name: String) -> [(code: Finding.Code, meaning: String)] {
        [
            (.parameter(name, .type), "input.\(name) is not a string."),
            (.parameter(name, .value), "The template does not offer this \(name)."),
            (.parameter(name, .unsupported), "input.\(name) is given to a template that does not take it."),
        ]
    }

    /// Every code for a catalog whose rules file names these parameters.
    public static func all(parameters: [String]) -> [(code: Finding.Code, meaning: String)] {
        codes + parameters.flatMap(parameterCodes)
    }
}

extension Finding.Code {
    /// The body is not valid JSON (RFC 8259, UTF-8).
    public static let jsonSyntax = Self(rawValue: "json.syntax")
    /// Arrays and objects nest deeper than 64 levels.
    public static let jsonTooDeep = Self(rawValue: "json.too_deep")
    /// A member name appears twice in one object.
    public static let jsonDuplicateKey = Self(rawValue: "json.duplicate_key")
    /// The body is over 20 MB.
    public static let bodyTooLarge = Self(rawValue: "body.too_large")
    /// The body is not a JSON object.
    public static let bodyType = Self(rawValue: "body.type")
    /// model is missing.
    public static let modelMissing = Self(rawValue: "model.missing")
    /// model is not a string.
    public static let modelType = Self(rawValue: "model.type")
    /// model is not "vidu/template".
    public static let modelValue = Self(rawValue: "model.value")
    /// input is missing.
    public static let inputMissing = Self(rawValue: "input.missing")
    /// input is not an object.
    public static let inputType = Self(rawValue: "input.type")
    /// callback_url is not a string.
    public static let callbackUrlType = Self(rawValue: "callback_url.type")
    /// callback_url is not an absolute http(s) URL with a host.
    public static let callbackUrlFormat = Self(rawValue: "callback_url.format")
    /// input.template is missing.
    public static let templateMissing = Self(rawValue: "template.missing")
    /// input.template is not a string.
    public static let templateType = Self(rawValue: "template.type")
    /// The catalog has no such template (undecided when the catalog is stale).
    public static let templateUnknown = Self(rawValue: "template.unknown")
    /// The template was removed from the catalog.
    public static let templateRemoved = Self(rawValue: "template.removed")
    /// input.images is missing.
    public static let imagesMissing = Self(rawValue: "images.missing")
    /// input.images is not an array.
    public static let imagesType = Self(rawValue: "images.type")
    /// input.images is empty.
    public static let imagesEmpty = Self(rawValue: "images.empty")
    /// The number of images is not what the template takes.
    public static let imagesCount = Self(rawValue: "images.count")
    /// An image is not a string.
    public static let imagesItemType = Self(rawValue: "images.item_type")
    /// An image is neither an http(s) URL with a host nor a data URI.
    public static let imagesUrl = Self(rawValue: "images.url")
    /// A data URI is not data:image/(png|jpeg|jpg|webp);base64,…
    public static let imagesDataUri = Self(rawValue: "images.data_uri")
    /// A data URI's base64 is not valid (alphabet, padding, length).
    public static let imagesBase64 = Self(rawValue: "images.base64")
    /// A data URI decodes to 10 MB or more.
    public static let imagesTooLarge = Self(rawValue: "images.too_large")
    /// input.prompt is not a string.
    public static let promptType = Self(rawValue: "prompt.type")
    /// input.prompt is over 2000 code points.
    public static let promptTooLong = Self(rawValue: "prompt.too_long")
    /// The template needs a prompt and none (or an empty one) is given.
    public static let promptMissing = Self(rawValue: "prompt.missing")
    /// Warning: the template takes no prompt.
    public static let promptIgnored = Self(rawValue: "prompt.ignored")
    /// input.seed is not an integer.
    public static let seedType = Self(rawValue: "seed.type")
    /// input.seed does not fit in 64 bits.
    public static let seedRange = Self(rawValue: "seed.range")
    /// Warning: input.seed is whole but written with a fraction or exponent (4.0).
    public static let seedDecimal = Self(rawValue: "seed.decimal")
    /// input.aspect_ratio is not a string.
    public static let aspectRatioType = Self(rawValue: "aspect_ratio.type")
    /// The template does not offer this aspect ratio.
    public static let aspectRatioValue = Self(rawValue: "aspect_ratio.value")
    /// input.resolution is not a string.
    public static let resolutionType = Self(rawValue: "resolution.type")
    /// The template does not offer this resolution.
    public static let resolutionValue = Self(rawValue: "resolution.value")
    /// input.duration is not an integer.
    public static let durationType = Self(rawValue: "duration.type")
    /// input.duration does not fit in 64 bits.
    public static let durationRange = Self(rawValue: "duration.range")
    /// Warning: input.duration is whole but written with a fraction or exponent.
    public static let durationDecimal = Self(rawValue: "duration.decimal")
    /// The template does not offer this duration.
    public static let durationValue = Self(rawValue: "duration.value")
    /// input.bgm is not a boolean.
    public static let bgmType = Self(rawValue: "bgm.type")
    /// input.watermark is not a boolean.
    public static let watermarkType = Self(rawValue: "watermark.type")
    /// input.payload is not a string.
    public static let payloadType = Self(rawValue: "payload.type")
    /// input.payload is over 1,048,576 code points.
    public static let payloadTooLong = Self(rawValue: "payload.too_long")
    /// input.wm_position is not an integer.
    public static let wmPositionType = Self(rawValue: "wm_position.type")
    /// input.wm_position is not 1 to 4.
    public static let wmPositionRange = Self(rawValue: "wm_position.range")
    /// Warning: input.wm_position is whole but written with a fraction or exponent.
    public static let wmPositionDecimal = Self(rawValue: "wm_position.decimal")
    /// input.wm_url is not a string.
    public static let wmUrlType = Self(rawValue: "wm_url.type")
    /// input.wm_url is not an absolute http(s) URL with a host.
    public static let wmUrlFormat = Self(rawValue: "wm_url.format")
    /// input.meta_data is not a string.
    public static let metaDataType = Self(rawValue: "meta_data.type")
    /// Warning (error with --strict): a member CreateTask does not define.
    public static let fieldUnknown = Self(rawValue: "field.unknown")
    /// Warning: the body has more findings than a report lists (100); how many of each severity are left out.
    public static let findingsOmitted = Self(rawValue: "findings.omitted")
    /// Warning (error with --require-fresh): the catalog is older than --max-age, or only the bundled sample.
    public static let catalogStale = Self(rawValue: "catalog.stale")
}
