import Foundation
import ViduCatalogCore

/// Deterministic CreateTask bodies for a catalog: valid ones in every shape, and invalid ones that
/// each break one rule, spread over every rule JSON Schema can express. For the schema agreement
/// test and the validation benchmark.
///
/// Bodies are about 1.2 KB on average (half the images are data URIs of about a kilobyte) and are written by
/// ``JSONWriter``, then edited as text where a value must be spelled a certain way (`1.0`).
public struct RequestCorpus: Sendable {
    /// One generated body.
    public struct Entry: Sendable {
        /// The JSON text, one line.
        public var bytes: [UInt8]
        /// `"valid"`, or the finding code the body is built to get.
        public var intent: String
        /// Whether it is built to be valid.
        public var isValid: Bool { intent == "valid" || intent.hasPrefix("valid.") }
    }

    let templates: [ValidationCatalog.TemplateRules]
    let parameterNames: [String]
    /// The templates each shape draws from, filtered once (filtering per body was quadratic in a
    /// 100,000-template catalog).
    private let pools: [Pool: [ValidationCatalog.TemplateRules]]

    private enum Pool: CaseIterable {
        case boundedImages, promptRequired, fewAspectRatios, options, parameters, noParameters

        func admits(_ template: ValidationCatalog.TemplateRules) -> Bool {
            switch self {
            case .boundedImages: template.imageCount?.max != nil
            case .promptRequired: template.prompt == .required
            case .fewAspectRatios: (template.aspectRatios?.count ?? 9) < 5
            case .options: template.resolutions != nil && template.durations != nil
            case .parameters: !template.parameters.isEmpty
            case .noParameters: template.parameters.isEmpty
            }
        }
    }

    /// A corpus over the active templates of `catalog`.
    public init(catalog: ValidationCatalog) {
        templates = catalog.templates
        parameterNames = catalog.parameterNames
        var pools: [Pool: [ValidationCatalog.TemplateRules]] = [:]
        for pool in Pool.allCases {
            let admitted = catalog.templates.filter(pool.admits)
            pools[pool] = admitted.isEmpty ? catalog.templates : admitted
        }
        self.pools = pools
    }

    /// Every way a body is made valid but unusual, then every way it is made invalid.
    public static let validShapes = [
        "valid", "valid", "valid", "valid.data_uri", "valid.options", "valid.extras", "valid.max_prompt",
        "valid.seed_bounds", "valid.decimal_integer", "valid.url_forms", "valid.unknown_field", "valid.unicode",
    ]

    /// The rule each invalid body breaks; `payload.too_long` (a megabyte) only when `huge`.
    public static let invalidShapes = [
        "model.missing", "model.value", "model.type", "input.missing", "input.type", "callback_url.format",
        "callback_url.type", "template.missing", "template.type", "template.unknown", "images.missing",
        "images.type", "images.empty", "images.count", "images.item_type", "images.url", "images.data_uri",
        "images.base64", "prompt.type", "prompt.too_long", "prompt.missing", "seed.type", "seed.range",
        "aspect_ratio.value", "aspect_ratio.type", "resolution.value", "resolution.type", "duration.value",
        "duration.type", "parameter.unsupported", "parameter.value", "parameter.type", "bgm.type", "watermark.type",
        "payload.type", "wm_position.range", "wm_position.type", "wm_url.format", "meta_data.type", "body.type",
    ]

    /// `count` bodies, `validShare` of them valid; `huge` adds bodies over a megabyte.
    public func generate(count: Int, validShare: Double = 0.6, seed: UInt64 = 7, huge: Bool = false) -> [Entry] {
        var random = SplitMix64(seed: seed)
        let invalid = Self.invalidShapes + (huge ? ["payload.too_long"] : [])
        return (0..<count).map { index in
            let wantValid = Double(random.next(1_000_000)) / 1_000_000 < validShare
            let shapes = wantValid ? Self.validShapes : invalid
            // Cycle through the shapes so a small corpus still holds every one.
            let shape = shapes[(index / 2 + random.next(3)) % shapes.count]
            return make(shape, random: &random)
        }
    }

    // MARK: Building

    private static let rawMarker = "\u{1}raw:"

    private func make(_ wanted: String, random: inout SplitMix64) -> Entry {
        var shape = wanted
        // A catalog no rules-file template is in (a synthetic one) has no extra parameter to use.
        if ["parameter.value", "parameter.type", "valid.extras"].contains(shape),
            pools[.parameters]?.first?.parameters.isEmpty ?? true
        {
            shape = shape == "valid.extras" ? "valid" : "parameter.unsupported"
        }
        var template = templates[random.next(templates.count)]
        switch shape {
        case "images.count": template = pick(.boundedImages, random: &random)
        case "prompt.missing": template = pick(.promptRequired, random: &random)
        case "aspect_ratio.value": template = pick(.fewAspectRatios, random: &random)
        case "resolution.value", "duration.value", "valid.options": template = pick(.options, random: &random)
        case "parameter.value", "parameter.type", "valid.extras": template = pick(.parameters, random: &random)
        case "parameter.unsupported": template = pick(.noParameters, random: &random)
        default: break
        }
        var input = validInput(template, random: &random)
        var body: [String: JSONValue] = ["model": "vidu/template"]
        if random.next(4) == 0 {
            body["callback_url"] = .string("https://hooks.example.com/crun/\(random.next(100_000))")
        }
        var raw: [String: String] = [:]
        func setRaw(_ key: String, _ text: String) {
            input[key] = .string(Self.rawMarker + key)
            raw[key] = text
        }
        let url = "https://static.crunai.com/u/\(random.next(1 << 30)).png"
        switch shape {
        case "valid", "valid.options": break
        case "valid.data_uri": input["images"] = .array(images(template, dataURIs: true, random: &random))
        case "valid.extras":
            let (name, parameter) = template.parameters.sorted { $0.key < $1.key }[0]
            input[name] = .string(parameter.values[random.next(parameter.values.count)])
            input["bgm"] = .bool(random.next(2) == 0)
            input["watermark"] = true
            input["wm_position"] = .int(Int64(1 + random.next(4)))
            input["wm_url"] = "https://cdn.example.com/wm.png"
            input["meta_data"] = #"{"order": 42}"#
            input["payload"] = .string(String(repeating: "p", count: random.next(500)))
        case "valid.max_prompt":
            if template.prompt != .none { input["prompt"] = .string(String(repeating: "😀", count: 2000)) }
        case "valid.seed_bounds":
            setRaw("seed", ["0", "18446744073709551615", "-9223372036854775808", "-1"][random.next(4)])
        case "valid.decimal_integer":
            setRaw("seed", ["1.0", "2e3", "-0.0", "1E2"][random.next(4)])
            setRaw("wm_position", "4.0")
        case "valid.url_forms":
            let forms = [
                "HTTP://EXAMPLE.COM", "https://user:pass@example.com:8443/a?b#c", "http://[::1]:8080/x",
                "https://例子.测试/图.png", "https://a.b/path with%20escapes".replacingOccurrences(of: " ", with: "%20"),
                "http://localhost:/x",
            ]
            input["images"] = .array(
                (0..<imageCount(template, random: &random)).map { _ in .string(forms[random.next(forms.count)]) })
            body["callback_url"] = .string(forms[random.next(forms.count)])
        case "valid.unknown_field":
            input["colour"] = "red"
            body["client_ref"] = .int(Int64(random.next(1000)))
        case "valid.unicode":
            if template.prompt != .none { input["prompt"] = "Ünïcödé ✨ prompt — 汉字 e\u{301}" }
            input["meta_data"] = "Ω≈ç√∫"
        case "model.missing": body["model"] = nil
        case "model.value": body["model"] = ["kling/v1", "vidu", "VIDU/TEMPLATE", ""][random.next(4)]
        case "model.type": body["model"] = [1, JSONValue.null, ["vidu/template"], true][random.next(4)]
        case "input.missing": input = [:]
        case "input.type": body["input"] = ["Easter_cute_pets", [], 3, JSONValue.null][random.next(4)]
        case "callback_url.format":
            body["callback_url"] = .string(
                [
                    "ftp://example.com/hook", "https://", "example.com/hook", "https://exa mple.com", "https://a@b@c/x",
                    "http://host:123456/", "https://[zz]/", "https://:80/", "mailto:a@b.c", "https://host\n",
                    "https://host\t/x", " https://host",
                ][random.next(12)])
        case "callback_url.type": body["callback_url"] = [1, ["https://a.b"], false][random.next(3)]
        case "template.missing": input["template"] = nil
        case "template.type": input["template"] = [1, JSONValue.null, [.string(template.id)]][random.next(3)]
        case "template.unknown":
            input["template"] = .string(
                [template.id.lowercased() + "_x", "no_such_template", template.id.uppercased() + "!"][random.next(3)])
        case "images.missing": input["images"] = nil
        case "images.type": input["images"] = [.string(url), ["url": .string(url)], 1][random.next(3)]
        case "images.empty": input["images"] = []
        case "images.count":
            let limit = template.imageCount!.max!
            input["images"] = .array((0...limit).map { _ in .string(url) })
        case "images.item_type":
            var list = images(template, dataURIs: false, random: &random)
            list[random.next(list.count)] = [1, nil, ["u": .string(url)], true][random.next(4)]
            input["images"] = .array(list)
        case "images.url":
            var list = images(template, dataURIs: false, random: &random)
            list[random.next(list.count)] = .string(
                ["photo.png", "//cdn.example.com/x.png", "file:///tmp/x.png", "", "https:/x.png"][random.next(5)])
            input["images"] = .array(list)
        case "images.data_uri":
            var list = images(template, dataURIs: false, random: &random)
            list[random.next(list.count)] = .string(
                [
                    "data:image/gif;base64,AAAA", "data:text/plain;base64,AAAA", "data:image/png,AAAA",
                    "data:image/PNG;base64,AAAA",
                ][random.next(4)])
            input["images"] = .array(list)
        case "images.base64":
            var list = images(template, dataURIs: false, random: &random)
            list[random.next(list.count)] = .string(
                [
                    "data:image/png;base64,AAA", "data:image/png;base64,A=AA", "data:image/jpeg;base64,",
                    "data:image/webp;base64,AA*A", "data:image/png;base64,AAAA AAAA", "data:image/png;base64,AA==AAAA",
                ][random.next(6)])
            input["images"] = .array(list)
        case "prompt.type": input["prompt"] = [5, ["a"], true][random.next(3)]
        case "prompt.too_long":
            input["prompt"] = .string(String(repeating: ["a", "é", "😀"][random.next(3)], count: 2001))
        case "prompt.missing":
            if random.next(2) == 0 { input["prompt"] = nil } else { input["prompt"] = "" }
        case "seed.type": setRaw("seed", ["1.5", "\"1\"", "true", "null", "[1]", "-0.25"][random.next(6)])
        case "seed.range":
            setRaw(
                "seed",
                ["18446744073709551616", "-9223372036854775809", "99999999999999999999999", "1e20"][random.next(4)])
        case "aspect_ratio.value":
            let offered = Set(template.aspectRatios ?? [])
            input["aspect_ratio"] = .string(
                ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"].first { !offered.contains($0) }!)
        case "aspect_ratio.type": input["aspect_ratio"] = [169, JSONValue.null, ["16:9"]][random.next(3)]
        case "resolution.value": input["resolution"] = ["4k", "240p", "1080P"][random.next(3)]
        case "resolution.type": input["resolution"] = [1080, true][random.next(2)]
        case "duration.value":
            let offered = Set(template.durations ?? [])
            input["duration"] = .int(Int64([1, 2, 3, 4, 5, 6, 8, 10, 16].first { !offered.contains($0) }!))
        case "duration.type": input["duration"] = ["4", true, [4]][random.next(3)]
        case "parameter.unsupported":
            let name = parameterNames[random.next(parameterNames.count)]
            input[name] = "auto"
        case "parameter.value":
            let name = template.parameters.keys.sorted()[0]
            input[name] = ["mars", "AUTO", ""][random.next(3)]
        case "parameter.type":
            let name = template.parameters.keys.sorted()[0]
            input[name] = [1, JSONValue.null, ["auto"]][random.next(3)]
        case "bgm.type": input["bgm"] = ["true", 1, JSONValue.null][random.next(3)]
        case "watermark.type": input["watermark"] = ["false", 0][random.next(2)]
        case "payload.type": input["payload"] = [1, ["a": 1]][random.next(2)]
        case "payload.too_long": input["payload"] = .string(String(repeating: "x", count: 1_048_577))
        case "wm_position.range": setRaw("wm_position", ["0", "5", "-1", "1000"][random.next(4)])
        case "wm_position.type": setRaw("wm_position", ["\"1\"", "1.5", "true"][random.next(3)])
        case "wm_url.format": input["wm_url"] = ["wm.png", "ftp://a/b.png", "https://"][random.next(3)]
        case "meta_data.type": input["meta_data"] = [["order": 42], 42][random.next(2)]
        case "body.type":
            return Entry(bytes: Array(["[]", "\"vidu/template\"", "42", "null"][random.next(4)].utf8), intent: shape)
        default: fatalError("unknown corpus shape \(shape)")
        }
        if shape != "input.missing" { body["input"] = body["input"] ?? .object(input) }
        if shape == "input.missing" { body["input"] = nil }
        var text = JSONWriter().string(.object(body))
        for (key, value) in raw {
            text = text.replacingOccurrences(of: "\"\\u0001raw:\(key)\"", with: value)
        }
        return Entry(bytes: Array(text.utf8), intent: shape)
    }

    private func pick(_ pool: Pool, random: inout SplitMix64) -> ValidationCatalog.TemplateRules {
        let pool = pools[pool] ?? templates
        return pool[random.next(pool.count)]
    }

    private func imageCount(_ template: ValidationCatalog.TemplateRules, random: inout SplitMix64) -> Int {
        guard let count = template.imageCount else { return 1 }
        let upper = count.max ?? count.min + 1
        return max(count.min, 1) + random.next(upper - max(count.min, 1) + 1)
    }

    private func images(_ template: ValidationCatalog.TemplateRules, dataURIs: Bool, random: inout SplitMix64)
        -> [JSONValue]
    {
        (0..<imageCount(template, random: &random)).map { _ in
            if dataURIs || random.next(2) == 0 {
                let bytes = (0..<(700 + random.next(450))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let type = ["png", "jpeg", "jpg", "webp"][random.next(4)]
                return .string("data:image/\(type);base64," + Data(bytes).base64EncodedString())
            }
            return .string(
                "https://static.crunai.com/u/\(String(random.next(), radix: 16))-\(random.next(1 << 40)).png")
        }
    }

    /// A body every rule accepts for `template`, options drawn from its own lists.
    private func validInput(_ template: ValidationCatalog.TemplateRules, random: inout SplitMix64) -> [String:
        JSONValue]
    {
        var input: [String: JSONValue] = [
            "template": .string(template.id), "images": .array(images(template, dataURIs: false, random: &random)),
        ]
        if template.prompt == .required || (template.prompt == .optional && random.next(2) == 0) {
            input["prompt"] = .string(
                "A cinematic shot of the subject \(["smiling", "dancing", "in the rain", "at sunset"][random.next(4)]), "
                    + "soft light, detailed background, gentle camera movement, vivid colours, 4k look")
        }
        if let values = template.aspectRatios, !values.isEmpty, random.next(2) == 0 {
            input["aspect_ratio"] = .string(values[random.next(values.count)])
        }
        if let values = template.resolutions, !values.isEmpty, random.next(2) == 0 {
            input["resolution"] = .string(values[random.next(values.count)])
        }
        if let values = template.durations, !values.isEmpty, random.next(3) == 0 {
            input["duration"] = .int(Int64(values[random.next(values.count)]))
        }
        if random.next(3) == 0 { input["seed"] = .int(Int64(random.next(1 << 31))) }
        if random.next(3) == 0 { input["bgm"] = .bool(random.next(2) == 0) }
        return input
    }
}
