import Foundation

/// ISO 8601 timestamps in UTC with milliseconds, the one format of every date vidu-catalog prints.
public enum Timestamp {
    /// `2026-11-26T01:02:03.456Z`.
    public static func string(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
