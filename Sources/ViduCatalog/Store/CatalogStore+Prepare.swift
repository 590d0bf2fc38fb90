import Crypto
import Dispatch

extension CatalogStore {
    /// A template with everything the database needs, computed before the write transaction opens.
    struct PreparedTemplate: Sendable {
        var template: Template
        var contentHash: [UInt8]
        var metadata: [UInt8]
        var metadataSize: Int
        var imageCount: ImageCount?
        var promptRequired: Bool?
        var searchText: String
    }

    /// Serialises, hashes and compresses on every core, outside the transaction; refuses conflicting duplicates.
    static func prepare(_ templates: [Template]) throws(CatalogError) -> [PreparedTemplate] {
        let prepared = ParallelMap.mapChunks(templates) { chunk in
            let compressor = Zlib.Compressor()
            let writer = JSONWriter()
            return chunk.map { template in
                let metadata = writer.data(CoverMetadata(template: template).json)
                let instruction = template.inputInstruction
                return PreparedTemplate(
                    template: template, contentHash: Array(SHA256.hash(data: writer.data(template.canonicalJSON))),
                    metadata: compressor.compress(metadata), metadataSize: metadata.count,
                    imageCount: instruction?.imageCount, promptRequired: instruction?.promptRequired,
                    searchText: searchText(template))
            }
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

    /// The instruction texts and the template's `person_count` (once, when the instruction repeats it).
    static func searchText(_ template: Template) -> String {
        let instruction = template.inputInstruction
        let person = template.personCount == instruction?.personCount ? nil : template.personCount
        return [person, instruction?.searchableText].compactMap { $0 }.joined(separator: " ")
    }

}
