import Crypto
import Dispatch

extension CatalogStore {
    /// A template and its content hash: all a diff needs, computed on every core before the transaction.
    struct PreparedTemplate: Sendable {
        var template: Template
        var contentHash: [UInt8]
        /// The template's JSON as written, when asked for and when it is also its canonical form (its
        /// `input_instruction` already canonical, or absent): the metadata embeds the same bytes, so a
        /// new template is then built and written once instead of twice.
        var written: [UInt8]?

        /// Hashes the template's canonical form with `writer` (one per thread, reused).
        init(_ template: Template, writer: JSONWriter, keepingJSON: Bool = false) {
            self.template = template
            let json = template.json
            var canonical = json
            if let instruction = template.inputInstruction, case .object(var members) = json {
                let text = JSONValue.string(instruction.canonicalText)
                if members["input_instruction"] != text {
                    members["input_instruction"] = text
                    canonical = .object(members)
                }
            }
            let bytes = writer.data(canonical)
            contentHash = Array(SHA256.hash(data: bytes))
            written = keepingJSON && canonical == json ? bytes : nil
        }
    }

    /// What the rows of a template that is written need beyond the template: computed only for the
    /// templates a load inserts or updates, so a sync that changes little does little.
    struct RowData: Sendable {
        var metadata: [UInt8]
        var metadataSize: Int
        var imageCount: ImageCount?
        var promptRequired: Bool?
        var searchText: String
        /// Whether the metadata holds a successful probe of every asset URL (see `CoverMetadata/isProbed`).
        var coversProbed: Bool
        /// What the validator needs of it (`ValidationIndex.record(for:)`).
        var validationRecord: [UInt8]
    }

    /// Hashes the canonical form of every template in parallel; refuses conflicting duplicates.
    /// `keepingJSON`: keep each template's written JSON for its metadata (worth it when most are new).
    static func prepare(_ templates: [Template], keepingJSON: Bool = false) throws(CatalogError)
        -> [PreparedTemplate]
    {
        let prepared = ParallelMap.mapChunks(templates) { chunk in
            let writer = JSONWriter()
            return chunk.map { PreparedTemplate($0, writer: writer, keepingJSON: keepingJSON) }
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(prepared.count)
        var unique: [PreparedTemplate] = []
        unique.reserveCapacity(prepared.count)
        for item in prepared {
            if let earlier = seen[item.template.id] {
                guard unique[earlier].contentHash == item.contentHash else {
                    throw CatalogError(
                        .malformedInput,
                        "Template \(item.template.id) appears twice in the input with different content; "
                            + "import the files separately or remove one copy.")
                }
                continue
            }
            seen[item.template.id] = unique.count
            unique.append(item)
        }
        return unique
    }

    /// Serialises and compresses the metadata, and derives the indexed values, of the templates at
    /// `indices`, in parallel, one reused deflate state per chunk. `probes` are the cover probes an
    /// updated template keeps (those of its unchanged asset URLs), by index.
    static func rowData(
        for indices: [Int], of prepared: [PreparedTemplate], probes: [Int: [CoverProbe]] = [:]
    ) -> [Int: RowData] {
        let rows = ParallelMap.mapChunks(indices) { chunk in
            let compressor = Zlib.Compressor()
            let writer = JSONWriter()
            return chunk.map { index in
                let template = prepared[index].template
                let cover = CoverMetadata(template: template, probes: probes[index] ?? [])
                let metadata: [UInt8]
                if cover.probes.isEmpty, let written = prepared[index].written {
                    // What writing `cover.json` gives: its one member, with the bytes already written.
                    metadata = Array(#"{"template":"#.utf8) + written + [UInt8(ascii: "}")]
                } else {
                    metadata = writer.data(cover.json)
                }
                let instruction = template.inputInstruction
                return RowData(
                    metadata: compressor.compress(metadata), metadataSize: metadata.count,
                    imageCount: instruction?.imageCount, promptRequired: instruction?.promptRequired,
                    searchText: searchText(template), coversProbed: cover.isProbed,
                    validationRecord: ValidationIndex.record(for: template))
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(indices, rows))
    }

    /// The instruction texts and the template's `person_count` (once, when the instruction repeats it).
    static func searchText(_ template: Template) -> String {
        let instruction = template.inputInstruction
        let person = template.personCount == instruction?.personCount ? nil : template.personCount
        return [person, instruction?.searchableText].compactMap { $0 }.joined(separator: " ")
    }

}
