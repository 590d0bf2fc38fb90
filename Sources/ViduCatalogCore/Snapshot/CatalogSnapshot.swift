/// A template list in the upstream response shape: what `import` reads and `export` writes.
///
/// Reading accepts the whole envelope (`{"code":200,"message":…,"data":{"total":…,"templates":[…]}}`),
/// the `data` object alone, or a bare array of templates, so that saved pages, saved lists and
/// hand-made files all import.
public struct CatalogSnapshot: Sendable, Hashable {
    /// The templates, in upstream order.
    public var templates: [Template]
    /// The `total` the upstream reported for the whole catalog, when the file had one.
    public var total: Int?
    /// What the file says of itself when it is a sample rather than the live catalog.
    public var sample: SampleInfo?

    /// Creates a snapshot from templates.
    public init(templates: [Template], total: Int? = nil, sample: SampleInfo? = nil) {
        self.templates = templates
        self.total = total
        self.sample = sample
    }

    /// Reads a snapshot from JSON bytes; `source` names the input in error messages (a file path).
    public init(data: some Collection<UInt8>, source: String) throws(CatalogError) {
        let root: JSONValue
        do {
            root = try JSONParser().parse(data)
        } catch {
            throw CatalogError(.malformedInput, "\(source) is not valid JSON (\(error)).")
        }
        try self.init(json: root, source: source)
    }

    /// Reads a snapshot from a parsed JSON document.
    public init(json root: JSONValue, source: String) throws(CatalogError) {
        var list = root.arrayValue
        var total: Int?
        var container = "the top-level array"
        if let members = root.objectValue {
            if let code = members["code"]?.intValue, code != 200 {
                let message = members["message"]?.stringValue ?? "no message"
                throw CatalogError(
                    .malformedInput,
                    "\(source) is an upstream error response (code \(code): \(message)), not a template list.")
            }
            let data = members["data"]?.objectValue ?? members
            container = members["data"] == nil ? "\"templates\"" : "\"data.templates\""
            list = data["templates"]?.arrayValue
            total = data["total"]?.intValue
            sample = members["sample"].flatMap(SampleInfo.init(json:))
        }
        guard let list else {
            throw CatalogError(
                .malformedInput,
                "\(source) holds no template list: expected the upstream response "
                    + "{\"code\":200,\"data\":{\"templates\":[…]}}, its data object, or an array of templates.")
        }
        // Decoding a template parses its instruction document too: worth spreading over the cores.
        let decoded = ParallelMap.map(list) { element in
            Result { () throws(TemplateDecodingError) in try Template(json: element) }
        }
        var templates: [Template] = []
        templates.reserveCapacity(decoded.count)
        for (index, result) in decoded.enumerated() {
            switch result {
            case .success(let template): templates.append(template)
            case .failure(let error):
                throw CatalogError(.malformedInput, "Template \(index + 1) of \(container) in \(source) \(error).")
            }
        }
        self.templates = templates
        self.total = total
    }

    /// The snapshot in the upstream response shape, with `total` set to the number of templates.
    public var json: JSONValue {
        var envelope: [String: JSONValue] = [
            "code": 200,
            "message": "success",
            "data": ["total": .int(Int64(templates.count)), "templates": .array(templates.map(\.json))],
        ]
        if let sample { envelope["sample"] = sample.json }
        return .object(envelope)
    }
}
