/// What the cover probing of one sync did.
public struct CoverProbeReport: Sendable, Hashable {
    /// One asset whose probe failed; recorded on its template, tried again by the next probing sync.
    public struct Failure: Sendable, Hashable {
        /// The template whose asset failed.
        public var templateID: String
        /// Which of its assets.
        public var role: CoverProbe.Role
        /// The asset's URL.
        public var url: String
        /// Why the probe failed.
        public var error: String
    }

    /// Templates whose assets were probed.
    public var templates = 0
    /// Asset URLs probed.
    public var probed = 0
    /// The probes that failed.
    public var failures: [Failure] = []
    /// Why the results could not be stored, when they could not (the sync itself still succeeded).
    public var storeError: String?

    /// `covers 12 probed, 1 failed`.
    public var summary: String {
        var text = "covers \(probed) probed"
        if !failures.isEmpty { text += ", \(failures.count) failed" }
        if storeError != nil { text += ", not stored" }
        return text
    }

    /// The machine form: counts and every failure.
    public var json: JSONValue {
        [
            "templates": .int(Int64(templates)), "probed": .int(Int64(probed)),
            "failed": .array(
                failures.map {
                    [
                        "template": .string($0.templateID), "role": .string($0.role.rawValue), "url": .string($0.url),
                        "error": .string($0.error),
                    ]
                }),
            "store_error": storeError.map(JSONValue.string) ?? .null,
        ]
    }
}
