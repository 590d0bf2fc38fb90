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

    public init(
        template: String?, credits: Int?, findings: [Finding], catalog: ValidationCatalog.Context
    ) {
        self.template = template
        self.credits = credits
        self.findings = findings
        self.catalog = catalog
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
        ]
    }
}

extension ValidationCatalog.Context {
    /// `{"hash": …, "loaded_at": …, "load_kind": …, "snapshot_date": …, "source": …}`.
    public var json: JSONValue {
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
