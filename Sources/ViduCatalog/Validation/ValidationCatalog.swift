import Foundation

/// The immutable index a ``RequestValidator`` judges requests against: the active templates' options,
/// the removed ones with when they went, the parameter rules, and which catalog all this is.
///
/// Built once (``CatalogStore/validationCatalog()`` or ``init(snapshot:rules:context:)``) and then
/// only read, so one value can serve every task of a process. Template IDs are looked up as bytes in
/// an open-addressing table, so a lookup allocates nothing.
public struct ValidationCatalog: Sendable {
    /// What the validator knows of one active template.
    public struct TemplateRules: Sendable, Hashable {
        public var id: String
        public var credits: Int?
        public var aspectRatios: [String]?
        public var resolutions: [String]?
        public var durations: [Int]?
        public var imageCount: ImageCount?
        /// Whether a prompt must be given, may be given, or is ignored.
        public var prompt: Prompt
        /// Extra enumerated parameters this template accepts (`area`, `beast`), from the rules file.
        public var parameters: [String: ParameterRules.Parameter]

        /// Creates the rules of a template from its catalog entry and the rules file.
        public init(template: Template, rules: ParameterRules) {
            let extra = rules.templates[template.id]
            id = template.id
            credits = template.credits
            aspectRatios = template.aspectRatios
            resolutions = template.resolutions
            durations = template.durations
            imageCount = template.imageCount
            if extra?.takesNoPrompt == true || template.inputInstruction?.takesNoPrompt == true {
                prompt = .none
            } else if template.promptRequired == true {
                prompt = .required
            } else {
                prompt = .optional
            }
            parameters = extra?.parameters ?? [:]
        }
    }

    /// What a template says of prompts.
    public enum Prompt: String, Sendable, Hashable {
        /// "A prompt is required".
        case required
        /// "A prompt is optional", or the instruction does not say.
        case optional
        /// "No prompt required for this mode", or the rules file says `"prompt": "none"`.
        case none
    }

    /// Which catalog the verdicts come from: every report names it.
    public struct Context: Sendable, Hashable {
        /// The catalog's identity (SHA-256 over the active templates).
        public var catalogHash: String
        /// When the catalog last loaded live data (a sync, or an import); `nil` when it never did.
        public var loadedAt: Date?
        /// What that load was (`sync`, `import`).
        public var loadKind: LoadKind?
        /// The bundled snapshot's date, when the bundled sample is all the catalog ever held.
        public var snapshotDate: String?
        /// The database file, or another description of where the catalog came from.
        public var source: String

        public init(
            catalogHash: String, loadedAt: Date?, loadKind: LoadKind? = nil, snapshotDate: String? = nil,
            source: String
        ) {
            self.catalogHash = catalogHash
            self.loadedAt = loadedAt
            self.loadKind = loadKind
            self.snapshotDate = snapshotDate
            self.source = source
        }

        /// `true` when only the bundled sample was ever loaded.
        public var onlySample: Bool { loadedAt == nil }
    }

    /// The active templates, in catalog order.
    public let templates: [TemplateRules]
    /// Removed templates and when they were removed.
    public let removed: [String: Date]
    /// The names of every extra parameter some template accepts (`area`, `beast`).
    public let parameterNames: [String]
    /// Which catalog this is.
    public let context: Context
    private let table: IDTable

    /// Builds the index from the active templates, the removed ones, and the parameter rules.
    public init(templates: [Template], removed: [String: Date] = [:], rules: ParameterRules, context: Context) {
        let list = templates.map { TemplateRules(template: $0, rules: rules) }
        self.templates = list
        self.removed = removed
        self.parameterNames = Set(rules.templates.values.flatMap(\.parameters.keys)).sorted()
        self.context = context
        self.table = IDTable(list.map(\.id))
    }

    /// An index of a snapshot file's templates (the bundled sample, say), identified by `context`.
    public init(snapshot: CatalogSnapshot, rules: ParameterRules, context: Context) {
        self.init(templates: snapshot.templates, rules: rules, context: context)
    }

    /// The active template with this ID (exact bytes, case matters).
    func template(utf8 id: UnsafeRawBufferPointer) -> TemplateRules? {
        table.index(of: id).map { templates[$0] }
    }

    /// The active template with this ID.
    public func template(id: String) -> TemplateRules? {
        var id = id
        return id.withUTF8 { template(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Up to three active IDs close to `id`: a case-insensitive match first, then by edit distance.
    public func suggestions(for id: String) -> [String] {
        TemplateSuggester.suggestions(for: id, among: templates.map(\.id))
    }
}

/// Template IDs by their UTF-8 bytes: FNV-1a into a power-of-two table, linear probing.
private struct IDTable: Sendable {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]
    private let slots: [Int32]
    private let mask: Int

    init(_ ids: [String]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for id in ids {
            let start = bytes.count
            bytes += id.utf8
            ranges.append(start..<bytes.count)
        }
        var size = 16
        while size < ids.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        bytes.withUnsafeBytes { all in
            for (index, range) in ranges.enumerated() {
                var slot = Self.hash(UnsafeRawBufferPointer(rebasing: all[range])) & (size - 1)
                while slots[slot] >= 0 {
                    // A duplicate ID keeps its first position.
                    if Self.equal(
                        UnsafeRawBufferPointer(rebasing: all[ranges[Int(slots[slot])]]),
                        UnsafeRawBufferPointer(rebasing: all[range]))
                    {
                        break
                    }
                    slot = (slot + 1) & (size - 1)
                }
                if slots[slot] < 0 { slots[slot] = Int32(index) }
            }
        }
        self.bytes = bytes
        self.ranges = ranges
        self.slots = slots
        self.mask = size - 1
    }

    func index(of id: UnsafeRawBufferPointer) -> Int? {
        var slot = Self.hash(id) & mask
        return bytes.withUnsafeBytes { all in
            while true {
                let index = Int(slots[slot])
                if index < 0 { return nil }
                if Self.equal(UnsafeRawBufferPointer(rebasing: all[ranges[index]]), id) { return index }
                slot = (slot + 1) & mask
            }
        }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
