/// One request read front to back: syntax and every value-level rule while reading (``scanBody()``),
/// then the rules that need the template (``checkTemplate()``), whose ID may come last.
struct RequestPass {
    var scanner: JSONScanner
    let catalog: ValidationCatalog
    let strict: Bool
    let catalogIsStale: Bool
    var findings: [Finding] = []
    /// Findings past ``ValidationReport/maxFindings``, counted by severity instead of kept.
    var omitted: [Finding.Severity: Int] = [:]
    /// Kept findings by severity, so a full report tells in constant time whether one may be displaced.
    var kept: [Finding.Severity: Int] = [:]

    // What the template rules need, collected while reading.
    var templateID: String?
    /// The template the request names, looked up by its bytes while reading.
    var templateRules: ValidationCatalog.TemplateRules?
    var credits: Int?
    var sawModel = false
    var sawInput = false
    var inputIsObject = false
    var sawTemplate = false
    var sawImages = false
    var imageCount: Int?
    var prompt: JSONScanner.StringToken?
    var sawPrompt = false
    var aspectRatio: JSONScanner.StringToken?
    var resolution: JSONScanner.StringToken?
    var duration: Int128?
    var parameters: [(name: String, value: JSONScanner.StringToken?)] = []
    /// Known fields seen so far, one bit each (``InputField`` raw values, then the body's own).
    var seenFields: UInt32 = 0
    /// Other members seen so far, by pointer (rare: only unknown fields and extra parameters).
    var seen: Set<String> = []

    static let modelBit = 20
    static let inputBit = 21
    static let callbackBit = 22

    init(scanner: JSONScanner, catalog: ValidationCatalog, strict: Bool, catalogIsStale: Bool) {
        self.scanner = scanner
        self.catalog = catalog
        self.strict = strict
        self.catalogIsStale = catalogIsStale
    }

    mutating func report(
        _ severity: Finding.Severity, _ code: Finding.Code, _ pointer: String, _ message: String, hint: String? = nil,
        accepted: [String]? = nil
    ) {
        add(Finding(severity, code, pointer, message, hint: hint, accepted: accepted))
    }

    /// Whether a finding of `severity` would be listed now; when not, counts it as omitted. Checked
    /// before building a finding that may repeat once per array element or object member, so ten
    /// million bad images cost a count each past the cap, not a sentence and a pointer each.
    mutating func listing(_ severity: Finding.Severity) -> Bool {
        if findings.count < ValidationReport.maxFindings
            || kept.contains(where: { $0.key > severity && $0.value > 0 })
        {
            return true
        }
        omitted[severity, default: 0] += 1
        return false
    }

    /// Keeps a finding, or counts it once ``ValidationReport/maxFindings`` are kept: three million bad
    /// image URLs must not become three million findings (1.75 GB). A more severe finding displaces
    /// the last kept one of a lesser severity, so the kept ones always say the verdict.
    mutating func add(_ finding: Finding) {
        guard findings.count >= ValidationReport.maxFindings else {
            findings.append(finding)
            kept[finding.severity, default: 0] += 1
            return
        }
        let displaceable = kept.contains { $0.key > finding.severity && $0.value > 0 }
        if displaceable, let lesser = findings.lastIndex(where: { $0.severity > finding.severity }) {
            let severity = findings[lesser].severity
            omitted[severity, default: 0] += 1
            kept[severity, default: 0] -= 1
            findings.remove(at: lesser)
            findings.append(finding)
            kept[finding.severity, default: 0] += 1
        } else {
            omitted[finding.severity, default: 0] += 1
        }
    }

    /// Errors first, then undecided, then warnings; body order within each; then the count of those
    /// left out, if any (``ValidationReport/omittedFinding(_:)``).
    func sortedFindings() -> [Finding] {
        var sorted = findings
        if findings.count > 1 {
            sorted = findings.enumerated().sorted {
                ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
            }.map(\.element)
        }
        if let note = ValidationReport.omittedFinding(omitted) { sorted.append(note) }
        return sorted
    }

    mutating func run() {
        do throws(JSONScanner.Failure) {
            scanner.skipWhitespace()
            try scanBody()
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw scanner.fail("extra data after the JSON value") }
        } catch {
            // A body that is not JSON has no fields to speak of: the syntax error is the one finding.
            findings = [syntaxFinding(error)]
            templateID = nil
            return
        }
        checkTemplate()
    }

    func syntaxFinding(_ error: JSONScanner.Failure) -> Finding {
        if error.tooDeep {
            return Finding(.error, .jsonTooDeep, "", "The body nests arrays and objects deeper than 64 levels.")
        }
        return Finding(
            .error, .jsonSyntax, "", "The body is not valid JSON: \(error.message) at byte \(error.offset).")
    }

    // MARK: Reading

    mutating func scanBody() throws(JSONScanner.Failure) {
        let kind = scanner.kind()
        guard kind == .object else {
            try scanner.skipValue(depth: 0)
            report(.error, .bodyType, "", "The body must be a JSON object, not \(kind.name).")
            return
        }
        if scanner.beginObject() {
            repeat {
                let key = try scanner.key()
                try member(key)
            } while try scanner.nextMember()
        }
        if !sawModel {
            report(.error, .modelMissing, "/model", "model is missing; it must be \"vidu/template\".")
        }
        if !sawInput {
            report(
                .error, .inputMissing, "/input",
                "input is missing; it must be an object with the template and images.")
        }
    }

    private mutating func firstTime(_ name: String, _ pointer: String, bit: Int? = nil) -> Bool {
        let isNew: Bool
        if let bit {
            isNew = seenFields & (1 << bit) == 0
            seenFields |= 1 << bit
        } else {
            isNew = seen.insert(pointer).inserted
        }
        guard isNew else {
            report(
                .error, .jsonDuplicateKey, pointer,
                "\(name) appears more than once; which value counts is up to the server.")
            return false
        }
        return true
    }

    private mutating func member(_ key: JSONScanner.StringToken) throws(JSONScanner.Failure) {
        if scanner.equals(key, "model") {
            sawModel = true
            guard firstTime("model", "/model", bit: Self.modelBit) else { return try scanner.skipValue(depth: 1) }
            guard let value = try string("model", "/model") else { return }
            if !scanner.equals(value, "vidu/template") {
                report(
                    .error, .modelValue, "/model",
                    "model is \(quoted(value)); this endpoint takes only \"vidu/template\".")
            }
        } else if scanner.equals(key, "input") {
            sawInput = true
            guard firstTime("input", "/input", bit: Self.inputBit) else { return try scanner.skipValue(depth: 1) }
            let kind = scanner.kind()
            guard kind == .object else {
                try scanner.skipValue(depth: 1)
                report(.error, .inputType, "/input", "input must be an object, not \(kind.name).")
                return
            }
            inputIsObject = true
            try scanInput()
        } else if scanner.equals(key, "callback_url") {
            guard firstTime("callback_url", "/callback_url", bit: Self.callbackBit) else {
                return try scanner.skipValue(depth: 1)
            }
            guard let value = try string("callback_url", "/callback_url") else { return }
            if !url(value) {
                report(
                    .error, .callbackUrlFormat, "/callback_url",
                    "callback_url \(quoted(value)) is not an absolute http(s) URL with a host.")
            }
        } else {
            try unknown(key, in: "", depth: 1)
        }
    }

    private mutating func unknown(_ key: JSONScanner.StringToken, in parent: String, depth: Int)
        throws(JSONScanner.Failure)
    {
        let name = scanner.text(key)
        let pointer = parent + "/" + Finding.escape(name)
        let display = parent.isEmpty ? name : "input." + name
        try scanner.skipValue(depth: depth)
        // Past the cap nothing about this member is remembered: a body of millions of unknown
        // members must not hold a set of millions of pointers (a duplicate among them goes uncounted).
        guard listing(strict ? .error : .warning) else { return }
        guard seen.insert(pointer).inserted else {
            report(.error, .jsonDuplicateKey, pointer, "\(display) appears more than once.")
            return
        }
        report(
            strict ? .error : .warning, .fieldUnknown, pointer,
            "\(display) is not a CreateTask field; Crun may ignore or reject it.",
            hint: strict ? nil : "Remove it, or check its spelling.")
    }

    private mutating func scanInput() throws(JSONScanner.Failure) {
        guard scanner.beginObject() else { return }
        repeat {
            let key = try scanner.key()
            try inputMember(key)
        } while try scanner.nextMember()
    }

    /// The value at the current position as a string token, or a type finding and `nil`.
    private mutating func string(_ name: String, _ pointer: String) throws(JSONScanner.Failure)
        -> JSONScanner.StringToken?
    {
        let kind = scanner.kind()
        guard kind == .string else {
            try scanner.skipValue(depth: 2)
            report(.error, .field(name, .type), pointer, "\(name) must be a string, not \(kind.name).")
            return nil
        }
        return try scanner.string()
    }

    /// An integer value; a type or range finding and `nil` when it is not one.
    private mutating func integer(_ name: String, _ pointer: String) throws(JSONScanner.Failure) -> Int128? {
        let kind = scanner.kind()
        guard kind == .number else {
            try scanner.skipValue(depth: 2)
            report(.error, .field(name, .type), pointer, "\(name) must be an integer, not \(kind.name).")
            return nil
        }
        let token = try scanner.number()
        switch ValueRules.integer(token, in: scanner) {
        case .exact(let value):
            return value
        case .decimal(let value):
            report(
                .warning, .field(name, .decimal), pointer,
                "\(name) is written \(String(decoding: scanner.bytes(token.start, token.end), as: UTF8.self)); "
                    + "it is whole, but some servers accept only integers written without a fraction or exponent.",
                hint: "Write \(value).")
            return value
        case .outOfRange:
            report(.error, .field(name, .range), pointer, "\(name) does not fit in 64 bits.")
            return nil
        case .fraction:
            report(.error, .field(name, .type), pointer, "\(name) must be an integer, not a fraction.")
            return nil
        }
    }

    private mutating func boolean(_ name: String, _ pointer: String) throws(JSONScanner.Failure) {
        let kind = scanner.kind()
        guard kind == .bool else {
            try scanner.skipValue(depth: 2)
            report(.error, .field(name, .type), pointer, "\(name) must be true or false, not \(kind.name).")
            return
        }
        _ = try scanner.literal()
    }

    private mutating func inputMember(_ key: JSONScanner.StringToken) throws(JSONScanner.Failure) {
        guard let field = InputField(key, in: scanner) else {
            let name = scanner.text(key)
            if catalog.parameterNames.contains(name) {
                return try parameter(name)
            }
            return try unknown(key, in: "/input", depth: 2)
        }
        let pointer = field.pointer
        let name = field.displayName
        guard firstTime(name, pointer, bit: field.rawValue) else { return try scanner.skipValue(depth: 2) }
        switch field {
        case .template:
            sawTemplate = true
            guard let value = try string(name, pointer) else { return }
            if value.escaped {
                templateID = scanner.text(value)
                templateRules = catalog.template(id: templateID!)
            } else {
                templateRules = catalog.template(utf8: scanner.bytes(value.start, value.end))
                // The catalog's own string, when it has one: no copy of the ID per request.
                templateID = templateRules?.id ?? scanner.text(value)
            }
        case .images:
            sawImages = true
            try images()
        case .prompt:
            sawPrompt = true
            guard let value = try string(name, pointer) else { return }
            let length = scanner.codePoints(value)
            if length > ValueRules.maxPromptLength {
                report(
                    .error, .promptTooLong, pointer,
                    "input.prompt is \(length) characters long; at most \(ValueRules.maxPromptLength) are allowed.",
                    hint: "Characters are Unicode code points: an emoji counts as one.")
            }
            prompt = value
        case .seed:
            _ = try integer(name, pointer)
        case .aspectRatio:
            aspectRatio = try string(name, pointer)
        case .resolution:
            resolution = try string(name, pointer)
        case .duration:
            duration = try integer(name, pointer)
        case .bgm, .watermark:
            try boolean(name, pointer)
        case .payload:
            guard let value = try string(name, pointer) else { return }
            let length = scanner.codePoints(value)
            if length > ValueRules.maxPayloadLength {
                report(
                    .error, .payloadTooLong, pointer,
                    "input.payload is \(length) characters long; at most \(ValueRules.maxPayloadLength) are allowed.")
            }
        case .wmPosition:
            guard let value = try integer(name, pointer) else { return }
            if !(1...4).contains(value) {
                report(
                    .error, .wmPositionRange, pointer,
                    "input.wm_position is \(value); it must be a corner from 1 to 4.", accepted: ["1", "2", "3", "4"])
            }
        case .wmURL:
            guard let value = try string(name, pointer) else { return }
            if !url(value) {
                report(
                    .error, .wmUrlFormat, pointer,
                    "input.wm_url \(quoted(value)) is not an absolute http(s) URL with a host.")
            }
        case .metaData:
            _ = try string(name, pointer)
        }
    }

    /// `area`, `beast` and any other parameter the rules file gives some template.
    private mutating func parameter(_ name: String) throws(JSONScanner.Failure) {
        let pointer = "/input/" + Finding.escape(name)
        guard firstTime("input.\(name)", pointer) else { return try scanner.skipValue(depth: 2) }
        parameters.append((name, try string("input.\(name)", pointer)))
    }

    private mutating func images() throws(JSONScanner.Failure) {
        let pointer = "/input/images"
        let kind = scanner.kind()
        guard kind == .array else {
            try scanner.skipValue(depth: 2)
            report(.error, .imagesType, pointer, "input.images must be an array of image URLs, not \(kind.name).")
            return
        }
        var count = 0
        if scanner.beginArray() {
            repeat {
                try image(at: count)
                count += 1
            } while try scanner.nextElement()
        }
        imageCount = count
        if count == 0 {
            report(.error, .imagesEmpty, pointer, "input.images is empty; at least one image is required.")
        }
    }

    private mutating func image(at index: Int) throws(JSONScanner.Failure) {
        let kind = scanner.kind()
        guard kind == .string else {
            try scanner.skipValue(depth: 3)
            guard listing(.error) else { return }
            report(
                .error, .imagesItemType, "/input/images/\(index)",
                "input.images[\(index)] must be a string (a URL or a data URI), not \(kind.name).")
            return
        }
        let token = try scanner.string()
        if token.escaped {
            let decoded = scanner.decode(token)
            decoded.withUnsafeBytes { checkImage($0, index: index) }
        } else {
            checkImage(scanner.bytes(token.start, token.end), index: index)
        }
    }

    private mutating func checkImage(_ bytes: UnsafeRawBufferPointer, index: Int) {
        let pointer = "/input/images/\(index)"
        if ValueRules.isHTTPURL(bytes) { return }
        guard bytes.count >= 5, bytes[0] == UInt8(ascii: "d"), bytes[1] == UInt8(ascii: "a"),
            bytes[2] == UInt8(ascii: "t"), bytes[3] == UInt8(ascii: "a"), bytes[4] == UInt8(ascii: ":")
        else {
            guard listing(.error) else { return }
            report(
                .error, .imagesUrl, pointer,
                "input.images[\(index)] \(preview(bytes)) is neither an http(s) URL with a host nor a data URI.",
                hint: "Use https://… or data:image/png;base64,…")
            return
        }
        let verdict = ValueRules.dataURI(bytes)
        if case .size(let size) = verdict, size < ValueRules.maxImageBytes { return }
        guard listing(.error) else { return }
        switch verdict {
        case .mediaType:
            report(
                .error, .imagesDataUri, pointer,
                "input.images[\(index)] is a data URI, but not data:image/(png|jpeg|jpg|webp);base64,…",
                accepted: ValueRules.dataURITypes.map { "image/\($0)" })
        case .base64(let offset):
            report(
                .error, .imagesBase64, pointer,
                "input.images[\(index)] holds invalid base64 data (at character \(offset) of the URI).")
        case .size(let size):
            if size >= ValueRules.maxImageBytes {
                report(
                    .error, .imagesTooLarge, pointer,
                    "input.images[\(index)] decodes to \(size) bytes; images must be under 10 MB "
                        + "(\(ValueRules.maxImageBytes) bytes).")
            }
        }
    }

    // MARK: Helpers

    private func url(_ token: JSONScanner.StringToken) -> Bool {
        if token.escaped { return scanner.decode(token).withUnsafeBytes { ValueRules.isHTTPURL($0) } }
        return ValueRules.isHTTPURL(scanner.bytes(token.start, token.end))
    }

    func quoted(_ token: JSONScanner.StringToken) -> String {
        let text = scanner.text(token)
        return text.count > 80 ? "\"\(text.prefix(77))…\"" : "\"\(text)\""
    }

    private func preview(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return bytes.count > 80 ? "\"\(text.prefix(77))…\"" : "\"\(text)\""
    }
}
