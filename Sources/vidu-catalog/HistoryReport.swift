import ViduCatalog

/// Text and JSON forms of runs and changes, shared by `history`, `changes` and `diff`.
enum HistoryReport {
    /// `#3 2026-11-26T08:00:00.000Z import a.json: applied, 120 read, +3 -0 ~5 =112, identity 1a2b3c4d5e6f`.
    static func line(_ run: CatalogRun) -> String {
        var text =
            "#\(run.id) \(Timestamp.string(run.finishedAt)) \(run.kind.rawValue) \(run.source): \(run.status.rawValue)"
        if let error = run.error { text += " (\(error))" }
        text += ", \(run.total) read" + (run.pages.map { " on \($0) page\($0 == 1 ? "" : "s")" } ?? "")
        text += ", +\(run.added) -\(run.removed) ~\(run.changed) =\(run.unchanged)"
        if let hash = run.catalogHash { text += ", identity \(hash.prefix(12))" }
        if let hook = run.hook {
            text += hook.error.map { "; on-change command failed (\($0))" } ?? "; on-change command ran"
        }
        return text
    }

    static func json(_ run: CatalogRun) -> JSONValue {
        [
            "id": .int(run.id), "kind": .string(run.kind.rawValue), "source": .string(run.source),
            "snapshot_date": run.snapshotDate.map(JSONValue.string) ?? .null,
            "started_at": .string(Timestamp.string(run.startedAt)),
            "finished_at": .string(Timestamp.string(run.finishedAt)), "status": .string(run.status.rawValue),
            "error": run.error.map(JSONValue.string) ?? .null, "total": .int(Int64(run.total)),
            "pages": run.pages.map { .int(Int64($0)) } ?? .null,
            "added": .int(Int64(run.added)), "changed": .int(Int64(run.changed)), "removed": .int(Int64(run.removed)),
            "unchanged": .int(Int64(run.unchanged)), "catalog_hash": run.catalogHash.map(JSONValue.string) ?? .null,
            "on_change": run.hook.map { hook in
                [
                    "exit_status": hook.exitStatus.map { .int(Int64($0)) } ?? .null,
                    "error": hook.error.map(JSONValue.string) ?? .null,
                    "seconds": .double(
                        Double(hook.duration.components.seconds) + Double(hook.duration.components.attoseconds) / 1e18),
                ]
            } ?? .null,
        ]
    }

    /// `#3 2026-11-26T08:00:00.000Z changed hugging: credits 8 → 10; aspect_ratio ["9:16"] → ["9:16","1:1"]`.
    static func line(_ record: CatalogStore.ChangeRecord) -> String {
        "#\(record.runID) \(Timestamp.string(record.at)) " + line(record.change)
    }

    /// `changed hugging: credits 8 → 10`.
    static func line(_ change: TemplateChange) -> String {
        let fields = change.fields.map { field in
            "\(field.field) \(field.old.map { JSONWriter().string($0) } ?? "(none)") → \(field.new.map { JSONWriter().string($0) } ?? "(none)")"
        }
        return "\(change.kind.rawValue) \(change.templateID)"
            + (fields.isEmpty ? "" : ": " + fields.joined(separator: "; "))
    }

    static func json(_ record: CatalogStore.ChangeRecord) -> JSONValue {
        guard case .object(var members) = json(record.change) else { return .null }
        members["run"] = .int(record.runID)
        members["at"] = .string(Timestamp.string(record.at))
        return .object(members)
    }

    static func json(_ change: TemplateChange) -> JSONValue {
        [
            "template": .string(change.templateID), "kind": .string(change.kind.rawValue),
            "fields": .array(
                change.fields.map { field in
                    ["field": .string(field.field), "old": field.old ?? .null, "new": field.new ?? .null]
                }),
        ]
    }
}
