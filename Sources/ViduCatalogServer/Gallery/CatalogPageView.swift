import Foundation
import ViduCatalog

/// `/catalog`: where the catalog came from, how old it is, its identity and counts, the last runs
/// and what they changed.
enum CatalogPageView {
    static func values(
        _ status: CatalogStatus, runs: [CatalogRun], changes: [CatalogStore.ChangeRecord], now: Date
    ) -> [String: Any] {
        var facts: [(String, String)] = [
            ("Source", status.lastLoad.map { "\($0.kind.rawValue): \($0.source)" } ?? "nothing loaded yet"),
            (
                "Loaded",
                status.lastLoad.map {
                    "\(Timestamp.string($0.loadedAt)) (\(age(now.timeIntervalSince($0.loadedAt))) ago)"
                } ?? "never"
            ),
            ("Content hash", status.catalogHash),
            ("Active templates", String(status.activeCount)), ("Removed templates", String(status.removedCount)),
            ("Categories", String(status.categories.count)),
            ("Cover metadata", "\(status.metadataBytes) bytes, \(status.compressedMetadataBytes) stored"),
        ]
        if let date = status.lastLoad?.snapshotDate { facts.append(("Snapshot date", date)) }
        if status.onlySample { facts.append(("Data", "the bundled sample only, not the live catalog")) }
        let runRows = runs.map { run -> [String: String] in
            [
                "id": String(run.id), "finishedAt": Timestamp.string(run.finishedAt), "kind": run.kind.rawValue,
                "status": run.status.rawValue, "outcome": run.status.rawValue + (run.error.map { ": \($0)" } ?? ""),
                "added": String(run.added), "changed": String(run.changed), "removed": String(run.removed),
                "source": run.source,
            ]
        }
        let changeRows = changes.map { record -> [String: Any] in
            let fields = record.change.fields.map(\.field)
            return [
                "at": Timestamp.string(record.at), "kind": record.change.kind.rawValue,
                "templateID": record.change.templateID, "href": GalleryPaths.template(record.change.templateID),
                "hasFields": !fields.isEmpty, "fieldList": fields.joined(separator: ", "),
            ]
        }
        return [
            "facts": facts.map { ["label": $0.0, "value": $0.1] }, "runs": runRows, "hasRuns": !runRows.isEmpty,
            "changes": changeRows, "hasChanges": !changeRows.isEmpty,
        ]
    }

    /// `3 h`, `2 d`: how long ago, roughly.
    static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds.isFinite ? seconds : 0)
        switch seconds {
        case ..<120: return "\(Int(seconds)) s"
        case ..<7200: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3600)) h"
        default: return "\(Int(min(seconds / 86400, 1e9))) d"
        }
    }
}
