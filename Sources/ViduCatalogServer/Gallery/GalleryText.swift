import Foundation
import ViduCatalog

/// How the pages spell values.
enum GalleryText {
    /// `5 s`; Crun's `0` is a fixed length the template sets.
    static func duration(_ seconds: Int) -> String { seconds == 0 ? "fixed" : "\(seconds) s" }

    /// A time as the catalog stores it (UTC, to the second).
    static func time(_ date: Date?) -> String? { date.map(Timestamp.string) }

    /// A JSON value as short readable text for a history line (at most 300 characters).
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        let text: String
        switch value {
        case .string(let string): text = string
        case .null: text = "null"
        default: text = String(decoding: JSONWriter().data(value), as: UTF8.self)
        }
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
