import Foundation

/// A notification of what an applied load changed, as the catalog's outbox keeps it: written in the
/// same transaction as the changes it describes (applied means queued; rolled back means nothing
/// queued), and read by the change feeds and, later, by webhook deliveries.
///
/// The payload is the body a receiver gets, in the Standard Webhooks shape:
/// `{"type": "catalog.changed", "timestamp": "…", "data": {…}}`.
public struct CatalogEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A load added, removed, revived or changed templates: one per applied run.
        case catalogChanged = "catalog.changed"
        /// One template left the catalog: the event apps must act on, one per removed template.
        case templateRemoved = "template.removed"
    }

    /// The position in the outbox: what a feed's cursor counts, increasing, never reused.
    public var sequence: Int64
    /// The event's own ID (`evt_` and 32 hex digits): the `webhook-id` of every delivery of it, so a
    /// receiver can tell a retry from a new event.
    public var id: String
    /// What happened: `catalog.changed` or `template.removed`.
    public var kind: Kind
    /// The run that made it.
    public var runID: Int64
    /// When the run finished.
    public var createdAt: Date
    /// The event as delivered: `type`, `timestamp`, `data`.
    public var payload: JSONValue

    /// Creates an event.
    public init(sequence: Int64, id: String, kind: Kind, runID: Int64, createdAt: Date, payload: JSONValue) {
        self.sequence = sequence
        self.id = id
        self.kind = kind
        self.runID = runID
        self.createdAt = createdAt
        self.payload = payload
    }

    /// Most template IDs an event lists per kind of change; past it the event says
    /// `"truncated": true` and links to the full list.
    public static let maxListed = 1000
    /// Most templates whose field-level changes an event spells out (the same rule past it).
    public static let maxDetailed = 100
    /// Longest field value an event quotes, in characters; longer ones end with "…".
    public static let maxQuoted = 1024
}
