/// What a sample snapshot says of itself: that it is not the live catalog, and its date.
public struct SampleInfo: Sendable, Hashable {
    /// A sentence for people.
    public var description: String
    /// The day the sample was made, `YYYY-MM-DD`.
    public var snapshotDate: String

    /// Creates sample information.
    public init(description: String, snapshotDate: String) {
        self.description = description
        self.snapshotDate = snapshotDate
    }

    /// Reads the `sample` member of a snapshot file; `nil` when it has no date.
    init?(json: JSONValue) {
        guard let date = json["snapshot_date"]?.stringValue else { return nil }
        self.init(description: json["description"]?.stringValue ?? "", snapshotDate: date)
    }

    var json: JSONValue {
        ["description": .string(description), "snapshot_date": .string(snapshotDate), "live": false]
    }
}
