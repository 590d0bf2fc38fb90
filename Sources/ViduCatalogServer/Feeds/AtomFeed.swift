import Foundation
import ViduCatalog

/// The catalog's changes as an Atom 1.0 feed (RFC 4287): one entry per applied run that changed
/// something, newest first, its changes as readable text, links to the templates' pages.
///
/// Written by hand (a few elements): every upstream string passes ``XMLText/escape(_:)``, which also
/// drops the characters XML 1.0 cannot carry, so a hostile template name cannot break the document.
enum AtomFeed {
    /// Most templates an entry names in its text and links to.
    static let maxNamed = 20

    static func document(_ events: [CatalogEvent], now: Date) -> String {
        let updated = events.first.map { Timestamp.string($0.createdAt) } ?? Timestamp.string(now)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>urn:vidu-catalog:changes</id>
              <title>vidu-catalog: changes to the template catalog</title>
              <updated>\(updated)</updated>
              <author><name>vidu-catalog</name></author>
              <link rel="self" type="application/atom+xml" href="/v1/changes.atom"/>
              <link rel="alternate" type="text/html" href="/catalog"/>
              <generator version="\(XMLText.escape(ViduCatalogInfo.version))">vidu-catalog</generator>

            """
        for event in events where event.kind == .catalogChanged {
            xml += entry(event)
        }
        xml += "</feed>\n"
        return xml
    }

    static func entry(_ event: CatalogEvent) -> String {
        let data = event.payload["data"] ?? .null
        let stamp = Timestamp.string(event.createdAt)
        let run = data["run"]?["id"]?.intValue.map(String.init) ?? String(event.runID)
        var links = ""
        var named = 0
        var lines: [String] = []
        for (key, label) in [("added", "Added"), ("removed", "Removed"), ("revived", "Back"), ("changed", "Changed")] {
            let ids = (data[key]?.arrayValue ?? []).compactMap(\.stringValue)
            guard !ids.isEmpty else { continue }
            let total = data["counts"]?[key]?.intValue ?? ids.count
            lines.append(
                "\(label) (\(total)): " + ids.prefix(maxNamed).joined(separator: ", ") + (total > maxNamed ? ", …" : "")
            )
            for id in ids.prefix(max(0, maxNamed - named)) where key != "removed" {
                links +=
                    "    <link rel=\"related\" type=\"text/html\" href=\"\(XMLText.escape(GalleryPaths.template(id)))\" title=\"\(XMLText.escape(id))\"/>\n"
                named += 1
            }
        }
        for detail in (data["fields"]?.arrayValue ?? []).prefix(maxNamed) {
            let id = detail["template"]?.stringValue ?? ""
            let changes = (detail["changes"]?.arrayValue ?? []).map { change in
                "\(change["field"]?.stringValue ?? "?") \(Self.text(change["old"])) → \(Self.text(change["new"]))"
            }
            lines.append("\(id): " + changes.joined(separator: "; "))
        }
        let counts = ["added", "removed", "revived", "changed"].compactMap { key -> String? in
            guard let count = data["counts"]?[key]?.intValue, count > 0 else { return nil }
            return "\(count) \(key == "revived" ? "back" : key)"
        }
        let title = "Run \(run): " + (counts.isEmpty ? "changes" : counts.joined(separator: ", "))
        return """
              <entry>
                <id>urn:vidu-catalog:event:\(XMLText.escape(event.id))</id>
                <title>\(XMLText.escape(title))</title>
                <updated>\(stamp)</updated>
                <published>\(stamp)</published>
                <link rel="alternate" type="text/html" href="/catalog"/>
                <link rel="related" type="application/json" href="\(XMLText.escape(data["changes_url"]?.stringValue ?? "/v1/runs/\(run)/changes"))"/>
            \(links)    <content type="text">\(XMLText.escape(lines.joined(separator: "\n")))</content>
              </entry>

            """
    }

    /// A field value as a short text: strings as they are, anything else as JSON.
    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .none, .some(.null): "(none)"
        case .some(.string(let text)): text
        case .some(let other): JSONWriter().string(other)
        }
    }
}

/// Text for XML: the five special characters as entities, and every character XML 1.0 cannot hold
/// (most C0 controls, lone surrogates cannot occur in a Swift string, U+FFFE and U+FFFF) as U+FFFD.
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
