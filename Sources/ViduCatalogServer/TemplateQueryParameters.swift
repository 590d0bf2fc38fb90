import Foundation
import Hummingbird
import ViduCatalog

/// The query library's filters as URL query parameters, read with explicit ranges and written back:
/// one spelling for `GET /v1/templates` and the gallery, so a gallery view and an API call with the
/// same query string give the same templates, and a filtered view is a link that can be shared.
enum TemplateQueryParameters {
    /// Why a query string was refused, in one sentence for the user.
    struct Refusal: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The longest `search` or `category`.
    static let maxSearchText = 256
    /// The longest aspect ratio or resolution, and how many of each a query may list.
    static let maxOptionValue = 64
    static let maxOptionValues = 16

    /// Every filter and the sort; `limit` is left to the caller, which knows its own bounds.
    /// `emptyIsAbsent`: a field sent empty is no filter (a browser form sends its unset fields so);
    /// else it is refused as the API always has.
    static func query(_ parameters: Parameters, emptyIsAbsent: Bool = false) throws(Refusal) -> TemplateQuery {
        let parameters = emptyIsAbsent ? nonEmpty(parameters) : parameters
        var query = TemplateQuery()
        query.aspectRatios = try options(parameters, "aspect_ratio")
        query.resolutions = try options(parameters, "resolution")
        query.category = try text(parameters, "category")
        query.search = try text(parameters, "search")
        query.duration = try integer(parameters, "duration", in: 0...3600)
        query.maxCredits = try integer(parameters, "max_credits", in: 0...Int(Int32.max))
        query.acceptsImages = try integer(parameters, "images", in: 1...100)
        query.hot = try boolean(parameters, "hot")
        query.new = try boolean(parameters, "new")
        query.promptRequired = try boolean(parameters, "prompt_required")
        query.includeRemoved = try boolean(parameters, "include_removed") ?? false
        if let sort = parameters.get("sort") {
            guard let value = TemplateSort(rawValue: sort) else {
                throw Refusal(
                    "sort must be one of \(TemplateSort.allCases.map(\.rawValue).joined(separator: ", ")), "
                        + "not \"\(sort.prefix(40))\".")
            }
            query.sort = value
        }
        return query
    }

    /// The parameters without those sent empty.
    static func nonEmpty(_ parameters: Parameters) -> Parameters {
        Parameters(parameters.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) })
    }

    /// The query string that gives `query` back through ``query(_:)`` (filters only, in a fixed
    /// order), with `extra` pairs after them; percent-encoded, so any value is safe in a URL.
    static func string(for query: TemplateQuery, extra: [(String, String)] = []) -> String {
        var pairs: [(String, String)] = []
        pairs += query.aspectRatios.map { ("aspect_ratio", $0) }
        pairs += query.resolutions.map { ("resolution", $0) }
        if let duration = query.duration { pairs.append(("duration", String(duration))) }
        if let category = query.category { pairs.append(("category", category)) }
        if let hot = query.hot { pairs.append(("hot", String(hot))) }
        if let new = query.new { pairs.append(("new", String(new))) }
        if let maxCredits = query.maxCredits { pairs.append(("max_credits", String(maxCredits))) }
        if let images = query.acceptsImages { pairs.append(("images", String(images))) }
        if let prompt = query.promptRequired { pairs.append(("prompt_required", String(prompt))) }
        if let search = query.search { pairs.append(("search", search)) }
        if query.includeRemoved { pairs.append(("include_removed", "true")) }
        if query.sort != .name { pairs.append(("sort", query.sort.rawValue)) }
        pairs += extra
        return pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A decimal integer in `range`; anything else (hex, exponents, 20 digits, nothing) is refused,
    /// never trapped on.
    static func integer(_ parameters: Parameters, _ name: String, in range: ClosedRange<Int>) throws(Refusal) -> Int? {
        guard let text = parameters.get(name) else { return nil }
        guard let value = DecimalText.integer(text), range.contains(value) else {
            throw Refusal(
                "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \"\(text.prefix(40))\"."
            )
        }
        return value
    }

    /// Free text of at most ``maxSearchText`` characters.
    static func text(_ parameters: Parameters, _ name: String) throws(Refusal) -> String? {
        guard let text = parameters.get(name) else { return nil }
        guard text.unicodeScalars.count <= maxSearchText else {
            throw Refusal("\(name) must be at most \(maxSearchText) characters.")
        }
        return text
    }

    /// Repeated option values: at most ``maxOptionValues`` of at most ``maxOptionValue`` characters each.
    static func options(_ parameters: Parameters, _ name: String) throws(Refusal) -> [String] {
        let values = parameters.getAll(name)
        guard values.count <= maxOptionValues, values.allSatisfy({ $0.unicodeScalars.count <= maxOptionValue }) else {
            throw Refusal(
                "\(name) takes at most \(maxOptionValues) values of at most \(maxOptionValue) characters each.")
        }
        return values
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`.
    static func boolean(_ parameters: Parameters, _ name: String) throws(Refusal) -> Bool? {
        guard let text = parameters.get(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Refusal("\(name) must be true or false, not \"\(text.prefix(40))\".")
        }
    }
}
