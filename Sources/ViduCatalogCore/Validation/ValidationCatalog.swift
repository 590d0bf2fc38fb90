import Foundation
import Synchronization

/// The immutable index a ``RequestValidator`` judges requests against: the active templates' options,
/// the removed ones with when they went, the parameter rules, and which catalog all this is.
///
/// Built once (`CatalogStore.validationCatalog()` in the catalog library, or ``init(snapshot:rules:context:)``) and then
/// only read, so one value can serve every task of a process. Template IDs are looked up as bytes in
/// an open-addressing table, so a lookup allocates nothing. A class: each request's pass holds it
/// for one reference count, not a copy of every table.
public final class ValidationCatalog: Sendable {
    /// What the validator knows of one active template. A class, so that looking one up per request
    /// costs one reference count rather than a copy of every list.
    public final class TemplateRules: Sendable {
        /// The template ID.
        public let id: String
        /// Credits per generation, when the catalog says.
        public let credits: Int?
        /// Aspect ratios it offers; `nil` when the catalog does not say.
        public var aspectRatios: [String]? { options.aspectRatios }
        /// Resolutions it offers; `nil` when the catalog does not say.
        public var resolutions: [String]? { options.resolutions }
        /// Durations it offers, in seconds; `nil` when the catalog does not say.
        public var durations: [Int]? { options.durations }
        /// The option lists, shared by every template that offers the same ones (one reference to
        /// count per template instead of three, which showed when 100,000 templates load).
        let options: OptionLists
        /// How many input images it takes.
        public let imageCount: ImageCount?
        /// Whether a prompt must be given, may be given, or is ignored.
        public let prompt: Prompt
        /// Extra enumerated parameters this template accepts (`area`, `beast`), from the rules file.
        public let parameters: [String: ParameterRules.Parameter]

        /// Creates the rules of a template from its catalog entry and the rules file.
        public convenience init(template: Template, rules: ParameterRules) {
            let extra = rules.templates[template.id]
            let prompt: Prompt
            if extra?.takesNoPrompt == true || template.inputInstruction?.takesNoPrompt == true {
                prompt = .none
            } else if template.promptRequired == true {
                prompt = .required
            } else {
                prompt = .optional
            }
            self.init(
                id: template.id, credits: template.credits, aspectRatios: template.aspectRatios,
                resolutions: template.resolutions, durations: template.durations, imageCount: template.imageCount,
                prompt: prompt, parameters: extra?.parameters ?? [:])
        }

        /// Creates rules from their parts.
        public convenience init(
            id: String, credits: Int?, aspectRatios: [String]?, resolutions: [String]?, durations: [Int]?,
            imageCount: ImageCount?, prompt: Prompt, parameters: [String: ParameterRules.Parameter]
        ) {
            self.init(
                id: id, credits: credits,
                options: OptionLists(aspectRatios: aspectRatios, resolutions: resolutions, durations: durations),
                imageCount: imageCount, prompt: prompt, parameters: parameters)
        }

        init(
            id: String, credits: Int?, options: OptionLists, imageCount: ImageCount?, prompt: Prompt,
            parameters: [String: ParameterRules.Parameter]
        ) {
            self.id = id
            self.credits = credits
            self.options = options
            self.imageCount = imageCount
            self.prompt = prompt
            self.parameters = parameters
        }
    }

    /// Aspect ratios, resolutions and durations a template offers (see ``TemplateRules``).
    final class OptionLists: Sendable {
        let aspectRatios: [String]?
        let resolutions: [String]?
        let durations: [Int]?

        init(aspectRatios: [String]?, resolutions: [String]?, durations: [Int]?) {
            self.aspectRatios = aspectRatios
            self.resolutions = resolutions
            self.durations = durations
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
    /// Immutable and shared by every report (a class: a report holds it for one reference count).
    public final class Context: Sendable, Hashable {
        /// The catalog's identity (SHA-256 over the active templates).
        public let catalogHash: String
        /// When the catalog last loaded live data (a sync, or an import); `nil` when it never did.
        public let loadedAt: Date?
        /// What that load was (`sync`, `import`).
        public let loadKind: LoadKind?
        /// The bundled snapshot's date, when the bundled sample is all the catalog ever held.
        public let snapshotDate: String?
        /// The database file, or another description of where the catalog came from.
        public let source: String

        /// Contexts are equal when every field is.
        public static func == (lhs: Context, rhs: Context) -> Bool {
            lhs.catalogHash == rhs.catalogHash && lhs.loadedAt == rhs.loadedAt && lhs.loadKind == rhs.loadKind
                && lhs.snapshotDate == rhs.snapshotDate && lhs.source == rhs.source
        }

        /// Hashes the identity, load time and source.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(catalogHash)
            hasher.combine(loadedAt)
            hasher.combine(source)
        }

        /// Creates a context.
        public init(
            catalogHash: String, loadedAt: Date?, loadKind: LoadKind? = nil, snapshotDate: String? = nil,
            source: String
        ) {
            self.catalogHash = catalogHash
            self.loadedAt = loadedAt
            self.loadKind = loadKind
            self.snapshotDate = snapshotDate
            self.source = source
            renderedJSON = JSONWriter().data(
                Self.json(
                    catalogHash: catalogHash, loadedAt: loadedAt, loadKind: loadKind, snapshotDate: snapshotDate,
                    source: source))
        }

        /// ``json``'s bytes, rendered once: every report of a run names this catalog, and formatting
        /// its load date per report cost as much as validating a request.
        let renderedJSON: [UInt8]

        /// `true` when only the bundled sample was ever loaded.
        public var onlySample: Bool { loadedAt == nil }
    }

    /// The active templates, in catalog order.
    ///
    /// A catalog read from a large index (over 20,000 templates) makes these on first use,
    /// and ``template(id:)`` makes the one it returns: loading 100,000 objects and their IDs took
    /// most of a start-up, for a validator that looks up one template per request.
    public var templates: [TemplateRules] {
        if case .objects(let list) = storage { return list }
        return materialized.withLock { list in
            if let list { return list }
            let made = (0..<count).map(rules(at:))
            list = made
            return made
        }
    }
    /// How many active templates there are.
    public let count: Int
    /// Above this many templates, an index is read into `CompactRules` rather than objects.
    static let eagerUpTo = 20_000
    private let storage: Storage
    private let materialized = Mutex<[TemplateRules]?>(nil)

    /// An object per template, or (large catalogs read from an index) `CompactRules`.
    private enum Storage: Sendable {
        case objects([TemplateRules])
        case compact(CompactRules)
    }

    /// The rules of a large catalog without an object per template: credits and a profile number
    /// each, the profiles once, and the few templates the rules file names as whole objects.
    struct CompactRules: Sendable {
        struct Profile: Sendable {
            let options: OptionLists
            let imageCount: ImageCount?
            let prompt: Prompt
        }
        let credits: [Int?]
        /// A profile number, or, below zero, `-1 - n` for `special[n]`.
        var profileOf: [Int32]
        let profiles: [Profile]
        var special: [TemplateRules] = []
    }
    /// Removed templates and when they were removed.
    public let removed: [String: Date]
    /// The names of every extra parameter some template accepts (`area`, `beast`).
    public let parameterNames: [String]
    /// Which catalog this is.
    public let context: Context
    /// The templates accepting each extra parameter, in catalog order: what a finding for a template
    /// that does not accept it names (found once here, not by a pass over the catalog per request).
    let parameterOwners: [String: [String]]
    private let table: IDTable
    /// The index "did you mean" searches, built on the first unknown ID (most runs never need it, and
    /// sorting 100,000 IDs would lengthen every start).
    private let suggestionIndex = Mutex<SuggestionIndex?>(nil)

    /// Builds the index from the active templates, the removed ones, and the parameter rules.
    public convenience init(
        templates: [Template], removed: [String: Date] = [:], rules: ParameterRules, context: Context
    ) {
        let list = templates.map { TemplateRules(template: $0, rules: rules) }
        self.init(
            storage: .objects(list), count: list.count, table: IDTable(list.map(\.id)), removed: removed,
            rules: rules, context: context)
    }

    /// Reads the compact index the catalog keeps (``ValidationIndex``), applying `rules` to it: no
    /// template metadata is decoded, so 100,000 templates load in milliseconds.
    ///
    /// Throws ``ValidationIndex/Damaged`` when the bytes are not an index of this format.
    public convenience init(index: [UInt8], rules: ParameterRules, context: Context) throws(ValidationIndex.Damaged) {
        try self.init(index: index, rules: rules, context: context, objectsUpTo: Self.eagerUpTo)
    }

    /// ``init(index:rules:context:)`` with objects made at load for at most `objectsUpTo` templates
    /// (tests read small indexes both ways).
    package convenience init(index: [UInt8], rules: ParameterRules, context: Context, objectsUpTo: Int)
        throws(ValidationIndex.Damaged)
    {
        var reader = ValidationIndex.Reader(index[...])
        for byte in ValidationIndex.magic where try reader.byte() != byte {
            throw ValidationIndex.Damaged(description: "it does not start as a validation index")
        }
        let format = try reader.varint()
        guard format == UInt64(ValidationIndex.format) else {
            throw ValidationIndex.Damaged(
                description: "format \(format), where this version reads \(ValidationIndex.format)")
        }
        let profileCount = try reader.count()
        var profiles: [(profile: ValidationIndex.Profile, options: OptionLists)] = []
        profiles.reserveCapacity(profileCount)
        for _ in 0..<profileCount {
            var bytes = ValidationIndex.Reader(reader.slice(try reader.span()))
            let profile = try ValidationIndex.Profile.read(&bytes)
            let options = OptionLists(
                aspectRatios: profile.aspectRatios, resolutions: profile.resolutions, durations: profile.durations)
            profiles.append((profile, options))
        }
        let count = try reader.count()
        let eager = count <= objectsUpTo
        var list: [TemplateRules] = []
        var credits: [Int?] = []
        var profileOf: [Int32] = []
        if eager {
            list.reserveCapacity(count)
        } else {
            credits.reserveCapacity(count)
            profileOf.reserveCapacity(count)
        }
        var idBytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        for _ in 0..<count {
            let span = try reader.span()
            let slice = reader.slice(span)
            let id = eager ? ValidationIndex.text(slice) : nil
            guard eager ? id != nil : ValidationIndex.isText(slice) else {
                throw ValidationIndex.Damaged(description: "a template ID that is not UTF-8 at byte \(span.lowerBound)")
            }
            let credit = try reader.optional()
            let number = try reader.varint()
            guard number < UInt64(profiles.count) else {
                throw ValidationIndex.Damaged(
                    description: "profile \(number) of \(profiles.count) at byte \(reader.offset)")
            }
            if let id {
                let (profile, options) = profiles[Int(number)]
                list.append(
                    TemplateRules(
                        id: id, credits: credit, options: options, imageCount: profile.imageCount,
                        prompt: profile.prompt, parameters: [:]))
            } else {
                credits.append(credit)
                profileOf.append(Int32(truncatingIfNeeded: number))
            }
            let start = idBytes.count
            idBytes += slice
            ranges.append(start..<idBytes.count)
        }
        var removed: [String: Date] = [:]
        let removedCount = try reader.count()
        removed.reserveCapacity(removedCount)
        for _ in 0..<removedCount {
            let id = try reader.string()
            removed[id] = Date(timeIntervalSinceReferenceDate: try reader.double())
        }
        guard reader.atEnd else {
            throw ValidationIndex.Damaged(description: "\(reader.left) bytes after its end")
        }
        let table = IDTable(bytes: idBytes, ranges: ranges)
        var compact =
            eager
            ? nil
            : CompactRules(
                credits: credits, profileOf: profileOf,
                profiles: profiles.map { .init(options: $1, imageCount: $0.imageCount, prompt: $0.prompt) })
        // The rules file names a few templates: look those up, rather than each template in it.
        for (id, extra) in rules.templates {
            var key = id
            guard let position = key.withUTF8({ table.index(of: UnsafeRawBufferPointer($0)) }) else { continue }
            if var rules = compact {
                let number = Int(rules.profileOf[position])
                let profile = rules.profiles[number]
                rules.special.append(
                    TemplateRules(
                        id: id, credits: rules.credits[position], options: profile.options,
                        imageCount: profile.imageCount, prompt: extra.takesNoPrompt ? .none : profile.prompt,
                        parameters: extra.parameters))
                rules.profileOf[position] = -Int32(rules.special.count)
                compact = rules
            } else {
                let base = list[position]
                list[position] = TemplateRules(
                    id: base.id, credits: base.credits, options: base.options, imageCount: base.imageCount,
                    prompt: extra.takesNoPrompt ? .none : base.prompt, parameters: extra.parameters)
            }
        }
        self.init(
            storage: compact.map(Storage.compact) ?? .objects(list), count: count, table: table, removed: removed,
            rules: rules, context: context)
    }

    private init(
        storage: Storage, count: Int, table: IDTable, removed: [String: Date], rules: ParameterRules,
        context: Context
    ) {
        self.storage = storage
        self.count = count
        self.removed = removed
        self.parameterNames = Set(rules.templates.values.flatMap(\.parameters.keys)).sorted()
        self.context = context
        self.table = table
        var owners: [String: [String]] = [:]
        // Only the rules file gives parameters: in a compact catalog, its templates are the special ones,
        // in catalog order.
        let withParameters: [TemplateRules]
        switch storage {
        case .objects(let list): withParameters = list
        case .compact(let rules): withParameters = rules.profileOf.filter { $0 < 0 }.map { rules.special[Int(-1 - $0)] }
        }
        for template in withParameters where !template.parameters.isEmpty {
            for name in template.parameters.keys { owners[name, default: []].append(template.id) }
        }
        self.parameterOwners = owners
    }

    /// The rules of the template at `index` (made from `CompactRules` when there is no object for it).
    private func rules(at index: Int) -> TemplateRules {
        switch storage {
        case .objects(let list):
            return list[index]
        case .compact(let compact):
            let number = Int(compact.profileOf[index])
            if number < 0 { return compact.special[-1 - number] }
            let profile = compact.profiles[number]
            return TemplateRules(
                id: table.string(at: index), credits: compact.credits[index], options: profile.options,
                imageCount: profile.imageCount, prompt: profile.prompt, parameters: [:])
        }
    }

    /// An index of a snapshot file's templates (the bundled sample, say), identified by `context`.
    public convenience init(snapshot: CatalogSnapshot, rules: ParameterRules, context: Context) {
        self.init(templates: snapshot.templates, rules: rules, context: context)
    }

    /// The active template with this ID (exact bytes, case matters).
    func template(utf8 id: UnsafeRawBufferPointer) -> TemplateRules? {
        table.index(of: id).map(rules(at:))
    }

    /// The active template with this ID.
    public func template(id: String) -> TemplateRules? {
        var id = id
        return id.withUTF8 { template(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Up to three active IDs close to `id`: a case-insensitive match first, then by edit distance.
    ///
    /// Searched in a `SuggestionIndex` (a trie walk, not a comparison with every template), and
    /// remembered for the last 4096 IDs asked about: wrong IDs repeat (one client's typo, a retired
    /// template still in use).
    /// An ID longer than 256 bytes is neither remembered nor compared (no template ID is that long, and
    /// remembering it would let wrong IDs hold memory).
    public func suggestions(for id: String) -> [String] {
        guard id.utf8.count <= 256 else { return [] }
        if let known = suggestionCache.withLock({ $0[id] }) { return known }
        let found = builtSuggestionIndex().suggestions(for: id)
        suggestionCache.withLock { cache in
            if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
            cache[id] = found
        }
        return found
    }

    private let suggestionCache = Mutex<[String: [String]]>([:])

    /// The suggestion index, built by the first caller; later ones (and one arriving during the build)
    /// wait for it rather than build it again.
    private func builtSuggestionIndex() -> SuggestionIndex {
        suggestionIndex.withLock { index in
            if let index { return index }
            let built = SuggestionIndex((0..<count).map(table.string(at:)))
            index = built
            return built
        }
    }

    /// Starts building the "did you mean" index on a thread of its own, for a process that validates a
    /// stream on one thread: at 100,000 templates the build takes about 90 ms, which the first unknown
    /// ID would otherwise pay on the validating thread. Small catalogs (compared one by one) skip it.
    public func buildSuggestionsInBackground() {
        guard count >= SuggestionIndex.walkFrom else { return }
        Thread.detachNewThread { [self] in _ = builtSuggestionIndex() }
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
        self.init(bytes: bytes, ranges: ranges)
    }

    /// The IDs at `ranges` of `bytes`, in order.
    init(bytes: [UInt8], ranges: [Range<Int>]) {
        var size = 16
        while size < ranges.count * 2 { size <<= 1 }
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

    /// The ID at `index` (its bytes were checked to be UTF-8 when the table was made).
    func string(at index: Int) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[ranges[index]]), as: UTF8.self)
        }
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
