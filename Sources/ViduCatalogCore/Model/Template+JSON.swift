extension Template {
    /// The upstream field names this type reads into typed properties.
    public static let knownFields: Set<String> = [
        "template", "name", "resolution", "duration", "aspect_ratio", "output_type", "cover", "video", "credits",
        "person_count", "input_instruction", "category_name", "category_id", "is_hot", "is_new",
    ]

    /// Reads a template from one element of the upstream `templates` array.
    ///
    /// Fails only when the value is not an object or has no string `template` ID.
    public init(json: JSONValue) throws(TemplateDecodingError) {
        guard let members = json.objectValue else { throw .notAnObject(found: json.typeName) }
        guard let id = members["template"]?.stringValue, !id.isEmpty else { throw .missingID }
        self.init(id: id)
        // The fields read into properties; every other member is kept as it came (see extraFields).
        var read: [String] = ["template"]
        func take<T>(_ key: String, _ decode: (JSONValue) -> T?) -> T? {
            guard let value = members[key], let typed = decode(value) else { return nil }
            read.append(key)
            return typed
        }
        let strings = { (value: JSONValue) -> [String]? in
            guard let array = value.arrayValue else { return nil }
            let typed = array.compactMap(\.stringValue)
            return typed.count == array.count ? typed : nil
        }
        name = take("name", \.stringValue)
        resolutions = take("resolution", strings)
        durations = take("duration") { value in
            guard let array = value.arrayValue else { return nil }
            let typed = array.compactMap(\.intValue)
            return typed.count == array.count ? typed : nil
        }
        aspectRatios = take("aspect_ratio", strings)
        outputType = take("output_type", \.stringValue)
        cover = take("cover", \.stringValue)
        video = take("video", \.stringValue)
        credits = take("credits", \.intValue)
        personCount = take("person_count", \.stringValue)
        inputInstruction = take("input_instruction") { $0.stringValue.map(InputInstruction.init(raw:)) }
        categoryName = take("category_name", \.stringValue)
        categoryID = take("category_id", \.intValue)
        isHot = take("is_hot", \.boolValue)
        isNew = take("is_new", \.boolValue)
        // Usually every member was read: no copy of the dictionary then.
        extraFields = read.count == members.count ? [:] : members.filter { !read.contains($0.key) }
    }

    /// The template in upstream shape: every field that came in, unknown ones included.
    public var json: JSONValue {
        var members = extraFields
        members.reserveCapacity(extraFields.count + Self.knownFields.count)
        members["template"] = .string(id)
        func put(_ key: String, _ value: JSONValue?) {
            if let value { members[key] = value }
        }
        put("name", name.map(JSONValue.string))
        put("resolution", resolutions.map { .array($0.map(JSONValue.string)) })
        put("duration", durations.map { .array($0.map { .int(Int64($0)) }) })
        put("aspect_ratio", aspectRatios.map { .array($0.map(JSONValue.string)) })
        put("output_type", outputType.map(JSONValue.string))
        put("cover", cover.map(JSONValue.string))
        put("video", video.map(JSONValue.string))
        put("credits", credits.map { .int(Int64($0)) })
        put("person_count", personCount.map(JSONValue.string))
        put("input_instruction", inputInstruction.map { .string($0.raw) })
        put("category_name", categoryName.map(JSONValue.string))
        put("category_id", categoryID.map { .int(Int64($0)) })
        put("is_hot", isHot.map(JSONValue.bool))
        put("is_new", isNew.map(JSONValue.bool))
        return .object(members)
    }

    /// The template with `input_instruction` in canonical form: the value that decides whether two
    /// versions of a template differ (key order, spacing and re-encoded instructions do not count).
    public var canonicalJSON: JSONValue {
        guard let instruction = inputInstruction, case .object(var members) = json else { return json }
        members["input_instruction"] = .string(instruction.canonicalText)
        return .object(members)
    }
}
