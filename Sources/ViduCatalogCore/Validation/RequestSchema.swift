/// The CreateTask body as a JSON Schema (draft 2020-12), for one template or the whole catalog.
///
/// It says what ``RequestValidator`` checks, as far as JSON Schema can: on any body that is valid
/// JSON without duplicate member names, the schema and the validator reach the same verdict (a test
/// holds them to it over generated requests). What it cannot say is listed in its `description`
/// (``limitations``).
public enum RequestSchema {
    /// What the validator checks that the schema cannot express.
    public static let limitations = [
        "the body must be UTF-8 JSON of at most 20 MB, nested at most 64 levels, without duplicate member names "
            + "(a schema sees the parsed value only)",
        "a data URI image must decode to under 10 MB (the schema checks its form, not its decoded size)",
        "an integer written as 4.0 or 4e0 is accepted by both, with a warning from the validator only",
        "warnings (a prompt given to a prompt-free template, unknown fields, a stale catalog) have no schema "
            + "counterpart; with --strict, unknown fields are refused by both",
        "a template missing from a stale catalog is undecided to the validator; the schema only knows the "
            + "templates it lists",
    ]

    /// The schema of a body for `template` (one template), or for any template of the catalog (`nil`),
    /// dispatching on `input.template`. `strict` refuses members CreateTask does not define.
    public static func document(
        for catalog: ValidationCatalog, template: ValidationCatalog.TemplateRules? = nil, strict: Bool = false
    ) -> JSONValue {
        let context = catalog.context
        let subject =
            template.map { "template \($0.id)" } ?? "any of the catalog's \(catalog.count) templates"
        let description =
            "A Crun CreateTask body (model vidu/template) for \(subject), from \(context.summary). "
            + "Lengths count Unicode code points. Not expressible here: " + limitations.joined(separator: "; ") + "."
        var input = inputSchema(catalog: catalog, strict: strict)
        if let template {
            input = merge(input, templateSchema(template, catalog: catalog, const: true))
        } else {
            let ids = catalog.templates.map { JSONValue.string($0.id) }
            input = merge(input, ["properties": ["template": ["enum": .array(ids)]]])
            input = merge(
                input,
                [
                    "allOf": .array(
                        catalog.templates.map { rules in
                            [
                                "if": [
                                    "properties": ["template": ["const": .string(rules.id)]], "required": ["template"],
                                ],
                                "then": templateSchema(rules, catalog: catalog, const: false),
                            ]
                        })
                ])
        }
        var body: [String: JSONValue] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string("urn:vidu-catalog:createtask:\(context.catalogHash)" + (template.map { ":\($0.id)" } ?? "")),
            "title": .string("CreateTask body for vidu/template" + (template.map { " (\($0.id))" } ?? "")),
            "description": .string(description),
            "type": "object",
            "required": ["model", "input"],
            "properties": [
                "model": ["type": "string", "const": "vidu/template"],
                "callback_url": ["$ref": "#/$defs/url"],
                "input": input,
            ],
            "$defs": [
                "url": ["type": "string", "pattern": .string(ValueRules.urlPattern)],
                "image": [
                    "type": "string",
                    "anyOf": [
                        ["pattern": .string(ValueRules.urlPattern)], ["pattern": .string(ValueRules.dataURIPattern)],
                    ],
                ],
                // 2^64 is exact as a double, and an exclusive bound keeps 2^64 itself out.
                "integer64": [
                    "type": "integer", "minimum": .int(Int64.min),
                    "exclusiveMaximum": .double(18_446_744_073_709_551_616.0),
                ],
            ],
        ]
        if strict { body["additionalProperties"] = false }
        // The validator's finding codes and what each means, so a program reading the schema knows the
        // codes a report may carry (an annotation: validators ignore keywords they do not know).
        body["x-finding-codes"] = .object(
            Dictionary(
                FindingCatalog.all(parameters: catalog.parameterNames).map { ($0.code.rawValue, .string($0.meaning)) },
                uniquingKeysWith: { first, _ in first }))
        return .object(body)
    }

    /// The rules every template shares.
    private static func inputSchema(catalog: ValidationCatalog, strict: Bool) -> JSONValue {
        var properties: [String: JSONValue] = [
            "template": ["type": "string"],
            "images": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/image"]],
            "prompt": ["type": "string", "maxLength": .int(Int64(ValueRules.maxPromptLength))],
            "seed": ["$ref": "#/$defs/integer64"],
            "aspect_ratio": ["type": "string"],
            "resolution": ["type": "string"],
            "duration": ["$ref": "#/$defs/integer64"],
            "bgm": ["type": "boolean"],
            "watermark": ["type": "boolean"],
            "payload": ["type": "string", "maxLength": .int(Int64(ValueRules.maxPayloadLength))],
            "wm_position": ["type": "integer", "minimum": 1, "maximum": 4],
            "wm_url": ["$ref": "#/$defs/url"],
            "meta_data": ["type": "string"],
        ]
        for name in catalog.parameterNames { properties[name] = ["type": "string"] }
        var input: [String: JSONValue] = [
            "type": "object", "required": ["template", "images"], "properties": .object(properties),
        ]
        if strict { input["additionalProperties"] = false }
        return .object(input)
    }

    /// One template's own rules: its options, image count, prompt, and extra parameters.
    private static func templateSchema(
        _ rules: ValidationCatalog.TemplateRules, catalog: ValidationCatalog, const: Bool
    ) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        if const { properties["template"] = ["const": .string(rules.id)] }
        if let count = rules.imageCount {
            var images: [String: JSONValue] = ["minItems": .int(Int64(max(count.min, 1)))]
            if let max = count.max { images["maxItems"] = .int(Int64(max)) }
            properties["images"] = .object(images)
        }
        if let values = rules.aspectRatios {
            properties["aspect_ratio"] = ["enum": .array(values.map(JSONValue.string))]
        }
        if let values = rules.resolutions { properties["resolution"] = ["enum": .array(values.map(JSONValue.string))] }
        if let values = rules.durations { properties["duration"] = ["enum": .array(values.map { .int(Int64($0)) })] }
        for name in catalog.parameterNames {
            if let parameter = rules.parameters[name] {
                properties[name] = ["enum": .array(parameter.values.map(JSONValue.string))]
            } else {
                properties[name] = false
            }
        }
        if rules.prompt == .required {
            properties["prompt"] = ["minLength": 1]
            required.append("prompt")
        }
        var schema: [String: JSONValue] = ["properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    /// Merges two schema objects: members of `properties` merged one level deep, `allOf` and
    /// `required` concatenated, anything else from `extra`.
    private static func merge(_ base: JSONValue, _ extra: JSONValue) -> JSONValue {
        guard case .object(var result) = base, case .object(let more) = extra else { return extra }
        for (key, value) in more {
            switch (key, result[key], value) {
            case ("properties", .object(var existing)?, .object(let added)):
                for (name, schema) in added {
                    if case .object(var old)? = existing[name], case .object(let new) = schema {
                        old.merge(new) { $1 }
                        existing[name] = .object(old)
                    } else {
                        existing[name] = schema
                    }
                }
                result[key] = .object(existing)
            case ("allOf", .array(let existing)?, .array(let added)),
                ("required", .array(let existing)?, .array(let added)):
                result[key] = .array(existing + added)
            default:
                result[key] = value
            }
        }
        return .object(result)
    }
}
