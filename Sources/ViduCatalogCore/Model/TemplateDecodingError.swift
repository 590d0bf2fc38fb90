/// Why one element of a template list cannot be read as a template.
///
/// A struct with an extensible ``Code`` and a clause for people, like ``CatalogError``: the snapshot
/// reader places the clause in its sentence ("Template 3 of \"data.templates\" in page.json has no
/// \"template\" ID (a non-empty string).").
public struct TemplateDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, dotted identifier of the kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The dotted code, e.g. `template.missing_id`.
        public var rawValue: String
        /// Creates a code; prefer the named constants.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The dotted code.
        public var description: String { rawValue }

        /// The element is not a JSON object.
        public static let notAnObject = Code(rawValue: "template.not_an_object")
        /// The element has no non-empty string `template` field.
        public static let missingID = Code(rawValue: "template.missing_id")
    }

    /// What kind of failure this is.
    public var code: Code
    /// What is wrong with the element, as a clause ("has no \"template\" ID (a non-empty string)").
    public var description: String

    /// Creates an error.
    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The element is `found` ("a string"), not a JSON object.
    public static func notAnObject(found: String) -> Self {
        Self(.notAnObject, "is \(found), not a template object")
    }

    /// The element has no non-empty string `template` field.
    public static let missingID = Self(.missingID, "has no \"template\" ID (a non-empty string)")
}
