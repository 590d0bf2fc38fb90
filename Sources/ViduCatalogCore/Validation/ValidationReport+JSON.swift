extension ValidationReport {
    /// Appends the machine form straight to `output`, byte for byte what ``JSONWriter`` writes for
    /// ``json`` (with `source` and `line` added when given): keys in sorted order, compact.
    ///
    /// Why not ``json``: building a tree of dictionaries per report, sorting their keys and formatting
    /// the catalog's load date again for every report cost more than validating the request; this
    /// writes each member in place, and the catalog's part is rendered once per catalog.
    public func writeJSON(source: String? = nil, line: Int? = nil, into output: inout [UInt8]) {
        output.append(contentsOf: #"{"catalog":"#.utf8)
        output.append(contentsOf: catalog.renderedJSON)
        output.append(contentsOf: #","credits":"#.utf8)
        if let credits { Self.writeInteger(credits, into: &output) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","errors":"#.utf8)
        Self.writeFindings(findings, errors: true, into: &output)
        if let line {
            output.append(contentsOf: #","line":"#.utf8)
            Self.writeInteger(line, into: &output)
        }
        output.append(contentsOf: #","omitted":"#.utf8)
        Self.writeInteger(omittedCount, into: &output)
        if let source {
            output.append(contentsOf: #","source":"#.utf8)
            JSONWriter.writeString(source, into: &output)
        }
        output.append(contentsOf: #","template":"#.utf8)
        if let template {
            JSONWriter.writeString(template, into: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
        output.append(contentsOf: #","verdict":""#.utf8)
        output.append(contentsOf: verdict.rawValue.utf8)
        output.append(contentsOf: #"","warnings":"#.utf8)
        Self.writeFindings(findings, errors: false, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// The errors (and undecided findings), or the warnings, as a JSON array in report order.
    private static func writeFindings(_ findings: [Finding], errors: Bool, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        var first = true
        for finding in findings where (finding.severity != .warning) == errors {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            finding.writeJSON(into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    private static func writeInteger(_ value: Int, into output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }
}

extension Finding {
    /// Appends ``json`` straight to `output`, byte for byte what ``JSONWriter`` writes for it.
    public func writeJSON(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        if let accepted {
            output.append(contentsOf: #""accepted":["#.utf8)
            for (index, value) in accepted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(value, into: &output)
            }
            output.append(contentsOf: "],".utf8)
        }
        output.append(contentsOf: #""code":"#.utf8)
        JSONWriter.writeString(code.rawValue, into: &output)
        if let hint {
            output.append(contentsOf: #","hint":"#.utf8)
            JSONWriter.writeString(hint, into: &output)
        }
        output.append(contentsOf: #","message":"#.utf8)
        JSONWriter.writeString(message, into: &output)
        output.append(contentsOf: #","pointer":"#.utf8)
        JSONWriter.writeString(pointer, into: &output)
        output.append(contentsOf: #","severity":""#.utf8)
        output.append(contentsOf: severity.rawValue.utf8)
        output.append(contentsOf: #""}"#.utf8)
    }
}
