/// The fields of CreateTask's `input` that every template shares (Crun's reference table).
/// Template-specific parameters (`area`, `beast`) come from the rules file instead.
enum InputField: Int, CaseIterable {
    case template, images, prompt, seed, aspectRatio, resolution, duration, bgm, watermark, payload, wmPosition,
        wmURL, metaData

    /// The JSON member name.
    var name: String {
        switch self {
        case .template: "template"
        case .images: "images"
        case .prompt: "prompt"
        case .seed: "seed"
        case .aspectRatio: "aspect_ratio"
        case .resolution: "resolution"
        case .duration: "duration"
        case .bgm: "bgm"
        case .watermark: "watermark"
        case .payload: "payload"
        case .wmPosition: "wm_position"
        case .wmURL: "wm_url"
        case .metaData: "meta_data"
        }
    }

    /// `/input/<name>`, spelled out so that reading a field builds no string.
    var pointer: String {
        switch self {
        case .template: "/input/template"
        case .images: "/input/images"
        case .prompt: "/input/prompt"
        case .seed: "/input/seed"
        case .aspectRatio: "/input/aspect_ratio"
        case .resolution: "/input/resolution"
        case .duration: "/input/duration"
        case .bgm: "/input/bgm"
        case .watermark: "/input/watermark"
        case .payload: "/input/payload"
        case .wmPosition: "/input/wm_position"
        case .wmURL: "/input/wm_url"
        case .metaData: "/input/meta_data"
        }
    }

    /// `input.<name>`, as messages name the field.
    var displayName: String {
        switch self {
        case .template: "input.template"
        case .images: "input.images"
        case .prompt: "input.prompt"
        case .seed: "input.seed"
        case .aspectRatio: "input.aspect_ratio"
        case .resolution: "input.resolution"
        case .duration: "input.duration"
        case .bgm: "input.bgm"
        case .watermark: "input.watermark"
        case .payload: "input.payload"
        case .wmPosition: "input.wm_position"
        case .wmURL: "input.wm_url"
        case .metaData: "input.meta_data"
        }
    }

    /// The field a key names, compared as bytes (decoded first when the key holds escapes).
    init?(_ key: JSONScanner.StringToken, in scanner: JSONScanner) {
        guard !key.escaped else {
            let name = scanner.text(key)
            guard let field = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = field
            return
        }
        let field: InputField?
        switch key.end - key.start {
        case 3: field = scanner.equals(key, "bgm") ? .bgm : nil
        case 4: field = scanner.equals(key, "seed") ? .seed : nil
        case 6:
            field =
                scanner.equals(key, "images")
                ? .images : scanner.equals(key, "prompt") ? .prompt : scanner.equals(key, "wm_url") ? .wmURL : nil
        case 7: field = scanner.equals(key, "payload") ? .payload : nil
        case 8: field = scanner.equals(key, "template") ? .template : scanner.equals(key, "duration") ? .duration : nil
        case 9:
            field = scanner.equals(key, "watermark") ? .watermark : scanner.equals(key, "meta_data") ? .metaData : nil
        case 10: field = scanner.equals(key, "resolution") ? .resolution : nil
        case 11: field = scanner.equals(key, "wm_position") ? .wmPosition : nil
        case 12: field = scanner.equals(key, "aspect_ratio") ? .aspectRatio : nil
        default: field = nil
        }
        guard let field else { return nil }
        self = field
    }
}
