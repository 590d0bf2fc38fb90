/// One thing wrong (or doubtful) in a CreateTask request, located by a JSON Pointer.
public struct Finding: Sendable, Hashable {
    /// How much it matters.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Crun would reject the request, or it would spend credits on something other than meant.
        case error
        /// The catalog cannot tell: the template may be new upstream (the catalog is stale).
        case undecided
        /// Worth knowing; the request is still valid.
        case warning

        private var rank: Int {
            switch self {
            case .error: 0
            case .undecided: 1
            case .warning: 2
            }
        }

        /// Errors sort first, then undecided, then warnings.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A stable, dotted code such as `images.count`: a struct, so a new code does not break callers.
    /// Every code is declared once, in ``FindingCatalog``.
    public struct Code: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The dotted code, e.g. `images.count`.
        public var rawValue: String
        /// Creates a code; the validator uses only those ``FindingCatalog`` declares.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The dotted code.
        public var description: String { rawValue }
        /// Codes sort by their text.
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        /// What is wrong with a field, the second half of its codes (`seed.type`, `area.value`).
        public enum Problem: String, Sendable {
            case type, range, decimal, value, unsupported
        }

        /// The code of `problem` in CreateTask field `field` (`input.seed` or `seed` → `seed.type`).
        static func field(_ field: String, _ problem: Problem) -> Code {
            let name = field.hasPrefix("input.") ? field.dropFirst(6) : field[...]
            return Code(rawValue: "\(name).\(problem.rawValue)")
        }

        /// The code of `problem` in template-specific parameter `name` (`area.value`).
        public static func parameter(_ name: String, _ problem: Problem) -> Code {
            Code(rawValue: "\(name).\(problem.rawValue)")
        }
    }

    /// How much it matters.
    public var severity: Severity
    /// A stable code such as `images.count` (``FindingCatalog`` lists them, and the README).
    public var code: Code
    /// RFC 6901 JSON Pointer to the offending value (`/input/images/1`); `""` is the whole body.
    public var pointer: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What to do about it, when that helps.
    public var hint: String?
    /// The values the template accepts, for a rejected option value.
    public var accepted: [String]?

    /// Creates a finding.
    public init(
        _ severity: Severity, _ code: Code, _ pointer: String, _ message: String, hint: String? = nil,
        accepted: [String]? = nil
    ) {
        self.severity = severity
        self.code = code
        self.pointer = pointer
        self.message = message
        self.hint = hint
        self.accepted = accepted
    }

    /// The machine form: `severity`, `code`, `pointer`, `message`, and `hint` / `accepted` when present.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "severity": .string(severity.rawValue), "code": .string(code.rawValue), "pointer": .string(pointer),
            "message": .string(message),
        ]
        if let hint { members["hint"] = .string(hint) }
        if let accepted { members["accepted"] = .array(accepted.map(JSONValue.string)) }
        return .object(members)
    }

    /// Escapes one reference token of a JSON Pointer: `~` → `~0`, `/` → `~1` (RFC 6901 section 3).
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
