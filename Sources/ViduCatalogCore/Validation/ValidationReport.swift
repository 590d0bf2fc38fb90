import Foundation

/// The verdict on one CreateTask request, every finding, and the catalog it was judged against.
public struct ValidationReport: Sendable, Hashable {
    /// Valid, invalid, or undecided.
    public enum Verdict: String, Sendable, Hashable {
        /// Nothing wrong: Crun should accept it.
        case valid
        /// At least one error.
        case invalid
        /// No error, but the template is missing from a stale catalog: it may be new upstream.
        case undecided
    }

    /// The request's `input.template`, when it is a string.
    public var template: String?
    /// What the template costs, when the catalog knows the template.
    public var credits: Int?
    /// Every finding, errors first, then undecided, then warnings, each in body order.
    public var findings: [Finding]
    /// The catalog judged against.
    public var catalog: ValidationCatalog.Context
    /// How many findings were counted but not listed (see ``maxFindings``).
    public var omittedCount: Int

    /// Creates a report.
    public init(
        template: String?, credits: Int?, findings: [Finding], catalog: ValidationCatalog.Context,
        omittedCount: Int = 0
    ) {
        self.template = template
        self.credits = credits
        self.findings = findings
        self.catalog = catalog
        self.omittedCount = omittedCount
    }

    /// A report lists at most this many findings (and, after them, one `findings.omitted` warning
    /// counting the rest by severity), so its size is bounded whatever the body holds.
    public static let maxFindings = 100

    /// The `findings.omitted` warning for findings counted instead of listed, `nil` when none were.
    static func omittedFinding(_ omitted: [Finding.Severity: Int]) -> Finding? {
        let total = omitted.values.reduce(0, +)
        guard total > 0 else { return nil }
        let parts = [Finding.Severity.error, .undecided, .warning].compactMap { severity in
            omitted[severity].map {
                "\($0) \(severity == .undecided ? "undecided" : severity.rawValue + ($0 == 1 ? "" : "s"))"
            }
        }
        return Finding(
            .warning, .findingsOmitted, "",
            "\(total) more finding\(total == 1 ? " is" : "s are") not listed (\(parts.joined(separator: ", "))): "
                + "a report lists at most \(maxFindings).",
            hint: "Fix the listed ones and validate again.")
    }

    /// The verdict the findings amount to.
    public var verdict: Verdict {
        if findings.contains(where: { $0.severity == .error }) { return .invalid }
        if findings.contains(where: { $0.severity == .undecided }) { return .undecided }
        return .valid
    }

    /// The findings that make the request invalid or undecided.
    public var errors: [Finding] { findings.filter { $0.severity != .warning } }
    /// The findings that do not.
    public var warnings: [Finding] { findings.filter { $0.severity == .warning } }

    /// The machine form, without where the request came from (the CLI adds `source` and `line`).
    public var json: JSONValue {
        [
            "verdict": .string(verdict.rawValue),
            "template": template.map(JSONValue.string) ?? .null,
            "credits": credits.map { .int(Int64($0)) } ?? .null,
            "catalog": catalog.json,
            "errors": .array(errors.map(\.json)),
            "warnings": .array(warnings.map(\.json)),
            "omitted": .int(Int64(omittedCount)),
        ]
    }
}

extension ValidationCatalog.Context {
    /// `{"hash": …, "loaded_at": …, "load_kind": …, "snapshot_date": …, "source": …}`.
    public var json: JSONValue {
        Self.json(
            catalogHash: catalogHash, loadedAt: loadedAt, loadKind: loadKind, snapshotDate: snapshotDate,
            source: source)
    }

    static func json(
        catalogHash: String, loadedAt: Date?, loadKind: LoadKind?, snapshotDate: String?, source: String
    ) -> JSONValue {
        [
            "hash": .string(catalogHash),
            "loaded_at": loadedAt.map { .string(Timestamp.string($0)) } ?? .null,
            "load_kind": loadKind.map { .string($0.rawValue) } ?? .null,
            "snapshot_date": snapshotDate.map(JSONValue.string) ?? .null,
            "source": .string(source),
        ]
    }

    /// `catalog 3f2a…9c synced 2026-11-26T…` or `the bundled sample of 2026-06-01`.
    public var summary: String {
        let hash = String(catalogHash.prefix(12))
        if let loadedAt {
            let verb = loadKind == .import ? "imported" : "synced"
            return "catalog \(hash), \(verb) \(Timestamp.string(loadedAt))"
        }
        return "catalog \(hash), the bundled sample of \(snapshotDate ?? "unknown date")"
    }
}
