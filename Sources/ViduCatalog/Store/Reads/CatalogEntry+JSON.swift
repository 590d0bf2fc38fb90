import Foundation

extension CatalogEntry {
    /// The machine form of an entry: every upstream field under its upstream name, plus the derived
    /// `image_count` (`{"min":1,"max":3}`, `max` null when unbounded), `prompt_required`, `first_seen`,
    /// `updated_at` and `removed_at` (ISO 8601, UTC), and `covers`, the cover and video probes.
    public var machineJSON: JSONValue {
        guard case .object(var members) = template.json else { return template.json }
        members["image_count"] =
            template.imageCount.map { count in
                ["min": .int(Int64(count.min)), "max": count.max.map { .int(Int64($0)) } ?? .null]
            } ?? .null
        members["prompt_required"] = template.promptRequired.map(JSONValue.bool) ?? .null
        members["first_seen"] = .string(Timestamp.string(firstSeen))
        members["updated_at"] = .string(Timestamp.string(updatedAt))
        members["removed_at"] = removedAt.map { .string(Timestamp.string($0)) } ?? .null
        members["covers"] = .array(coverProbes.map(\.json))
        return .object(members)
    }
}
