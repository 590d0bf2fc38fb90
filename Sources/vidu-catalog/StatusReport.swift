import Foundation
import ViduCatalog

/// `status` output in text and JSON.
struct StatusReport {
    var status: CatalogStatus
    var now: Date

    var ageSeconds: Double? { status.lastLoad.map { now.timeIntervalSince($0.loadedAt) } }

    var sourceText: String {
        guard let load = status.lastLoad else { return "empty catalog" }
        switch load.kind {
        case .snapshot:
            return "bundled sample snapshot of \(load.snapshotDate ?? "unknown date") (a sample, not the live catalog)"
        case .import: return "import of \(load.source)"
        case .sync: return "sync from \(load.source)"
        }
    }

    var text: String {
        var lines = [
            "Catalog:     \(status.path) (\(Self.bytes(status.fileBytes)))",
            "Templates:   \(status.activeCount) active, \(status.removedCount) removed",
            "Source:      \(sourceText)",
        ]
        if let load = status.lastLoad, let age = ageSeconds {
            lines.append("Loaded:      \(Timestamp.string(load.loadedAt)) (\(Self.age(age)) ago)")
        }
        let ratio = status.metadataBytes > 0 ? Double(status.compressedMetadataBytes) / Double(status.metadataBytes) : 0
        lines.append(
            "Metadata:    \(Self.bytes(status.metadataBytes)) raw, \(Self.bytes(status.compressedMetadataBytes)) compressed"
                + (status.metadataBytes > 0 ? " (\(Int((ratio * 100).rounded()))%)" : ""))
        lines.append("Identity:    \(status.catalogHash)")
        lines.append("Categories:  \(status.categories.count)")
        for category in status.categories {
            let name = category.name ?? "(none)"
            let id = category.id.map { " (\($0))" } ?? ""
            lines.append("  \(name)\(id): \(category.count)")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        [
            "path": .string(status.path),
            "file_bytes": .int(status.fileBytes),
            "active": .int(Int64(status.activeCount)),
            "removed": .int(Int64(status.removedCount)),
            "source": status.lastLoad.map { load in
                [
                    "kind": .string(load.kind.rawValue), "detail": .string(load.source),
                    "snapshot_date": load.snapshotDate.map(JSONValue.string) ?? .null,
                    "loaded_at": .string(Timestamp.string(load.loadedAt)),
                    "age_seconds": .double((ageSeconds ?? 0).rounded()),
                ]
            } ?? .null,
            "only_sample": .bool(status.onlySample),
            "catalog_hash": .string(status.catalogHash),
            "metadata_bytes": .int(status.metadataBytes),
            "metadata_compressed_bytes": .int(status.compressedMetadataBytes),
            "categories": .array(
                status.categories.map { category in
                    [
                        "category_name": category.name.map(JSONValue.string) ?? .null,
                        "category_id": category.id.map { .int(Int64($0)) } ?? .null,
                        "count": .int(Int64(category.count)),
                    ]
                }),
        ]
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func age(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: "\(Int(seconds)) s"
        case ..<7200: "\(Int(seconds / 60)) min"
        case ..<172_800: "\(Int(seconds / 3600)) h"
        default: "\(Int(seconds / 86400)) days"
        }
    }
}
