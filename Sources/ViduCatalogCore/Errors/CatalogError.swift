/// The one error type the library throws: a stable code for programs, a sentence for people.
///
/// Codes are strings such as `template.not_found` so that new ones can be added without breaking
/// callers that switch over them. The message never contains a secret.
///
/// ```swift
/// do { _ = try store.entry(id: "hugs") }
/// catch let error as CatalogError where error.code == .templateNotFound {
///     print(error.message, error.suggestions)
/// }
/// ```
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, dotted identifier of the kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The dotted code, e.g. `template.not_found`.
        public var rawValue: String
        /// Creates a code; prefer the named constants.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The dotted code.
        public var description: String { rawValue }

        /// No template with that ID.
        public static let templateNotFound = Code(rawValue: "template.not_found")
        /// Input data is not what it must be (bad JSON, wrong shape, an upstream error body).
        public static let malformedInput = Code(rawValue: "input.malformed")
        /// An input file does not exist.
        public static let inputMissing = Code(rawValue: "input.missing")
        /// A file could not be read or written.
        public static let io = Code(rawValue: "io.failed")
        /// The database file is not an SQLite database.
        public static let notADatabase = Code(rawValue: "database.not_a_database")
        /// The database belongs to another application.
        public static let foreignDatabase = Code(rawValue: "database.foreign")
        /// The database was written by a newer version of vidu-catalog.
        public static let newerDatabase = Code(rawValue: "database.newer")
        /// SQLite reported an error.
        public static let database = Code(rawValue: "database.failed")
        /// Arguments that cannot work together or a value out of range.
        public static let usage = Code(rawValue: "usage.invalid")
        /// The upstream refused the API key (401) or the account has no credits (402).
        public static let unauthorized = Code(rawValue: "upstream.unauthorized")
        /// The upstream is still rate limiting after every retry.
        public static let rateLimited = Code(rawValue: "upstream.rate_limited")
        /// The upstream could not be reached or kept failing.
        public static let unavailable = Code(rawValue: "upstream.unavailable")
        /// The upstream rejected the request for good (a 4xx other than 401, 402, 429).
        public static let upstreamRejected = Code(rawValue: "upstream.rejected")
        /// The upstream's catalog kept shifting while it was fetched.
        public static let inconsistentSnapshot = Code(rawValue: "sync.inconsistent")
        /// The new snapshot would remove more than allowed.
        public static let massRemoval = Code(rawValue: "sync.mass_removal")
        /// Another sync holds the catalog's writer lock.
        public static let locked = Code(rawValue: "sync.locked")
    }

    /// What kind of failure this is.
    public var code: Code
    /// One sentence a user understands: what failed, where, and what to do.
    public var message: String
    /// Nearby valid values ("did you mean"), when there are any.
    public var suggestions: [String]

    /// Creates an error.
    public init(_ code: Code, _ message: String, suggestions: [String] = []) {
        self.code = code
        self.message = message
        self.suggestions = suggestions
    }

    /// The message, so printing an error prints its sentence.
    public var description: String { message }
}
