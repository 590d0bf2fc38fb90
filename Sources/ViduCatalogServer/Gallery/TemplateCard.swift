import Synchronization
import ViduCatalog

/// One card of the gallery grid: what a person choosing templates looks at. Every value is a
/// string or a flag for the page template, which escapes it; URLs pass ``SafeURL`` first.
///
/// A card's HTML depends on its values alone, so it is rendered once and kept (``html(_:)``): a
/// gallery page then renders its cards from memory, which took most of a page's time otherwise
/// (Mustache looks each value up dynamically).
enum TemplateCard {
    /// Every key the card template reads, always present (a missing key would make Mustache search
    /// the enclosing contexts, the slow path, and could pick up an outer value).
    static func values(_ entry: CatalogEntry) -> [String: String] {
        let template = entry.template
        let cover = SafeURL.source(template.cover)
        let probed = entry.coverProbes.first { $0.role == .cover && $0.url == template.cover }?.image
        let sized = probed.map { cover != nil && $0.width > 0 && $0.height > 0 } ?? false
        return [
            "id": template.id, "href": GalleryPaths.template(template.id), "name": template.displayName,
            "cover": cover ?? "", "sized": sized ? "1" : "", "width": sized ? String(probed?.width ?? 0) : "",
            "height": sized ? String(probed?.height ?? 0) : "", "category": template.categoryName ?? "",
            "credits": template.credits.map(String.init) ?? "", "hot": template.isHot == true ? "1" : "",
            "new": template.isNew == true ? "1" : "", "removed": entry.isActive ? "" : "1",
            "ratios": joined(template.aspectRatios) ?? "", "resolutions": joined(template.resolutions) ?? "",
            "durations": joined(template.durations?.map(GalleryText.duration)) ?? "",
            "images": template.imageCount?.description ?? "",
        ]
    }

    /// The card's HTML, from the cache when these values were rendered before.
    static func html(_ entry: CatalogEntry) -> String {
        let values = values(entry)
        let key = keys.map { values[$0] ?? "" }.joined(separator: "\u{1}")
        if let known = cache.withLock({ $0[key] }) { return known }
        let html = HTMLPage.fragment("card", flags(values)) ?? ""
        cache.withLock { cache in
            // Bounded: a catalog's worth of cards, then start again (a catalog that changed leaves
            // its old cards behind).
            if cache.count >= maxCached { cache.removeAll(keepingCapacity: true) }
            cache[key] = html
        }
        return html
    }

    static let maxCached = 20_000
    private static let keys = [
        "id", "href", "name", "cover", "sized", "width", "height", "category", "credits", "hot", "new", "removed",
        "ratios", "resolutions", "durations", "images",
    ]
    private static let cache = Mutex<[String: String]>([:])

    /// The values with the template's flags: an empty value is `false`, so its section is left out.
    static func flags(_ values: [String: String]) -> [String: Any] {
        var all: [String: Any] = values
        for flag in ["sized", "hot", "new", "removed"] { all[flag] = !(values[flag] ?? "").isEmpty }
        for (flag, key) in [
            ("hasCover", "cover"), ("hasCategory", "category"), ("hasCredits", "credits"), ("hasRatios", "ratios"),
            ("hasResolutions", "resolutions"), ("hasDurations", "durations"), ("hasImages", "images"),
        ] {
            all[flag] = !(values[key] ?? "").isEmpty
        }
        return all
    }

    /// A list as "a, b, c"; `nil` when empty (the card then leaves the line out).
    static func joined(_ list: [String]?) -> String? {
        guard let list, !list.isEmpty else { return nil }
        return list.joined(separator: ", ")
    }
}
