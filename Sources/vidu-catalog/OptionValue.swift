import ArgumentParser
import ViduCatalog

/// Strict parsers for the numbers and durations given on the command line, each with the range its
/// option accepts.
///
/// Every one is used as an `@Option(transform:)`, so a bad value ends in argument-parser's usage error
/// (exit 64) naming the option, the value and the accepted range, never in a trap: `inf`, `nan`, `1e300`,
/// `0x10`, an empty string and numbers past 64 bits are all refused here, before any arithmetic.
enum OptionValue {
    /// The error of a value outside what an option accepts: argument-parser prefixes the option and value.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// A whole number in `range`, written in decimal digits (an optional leading `-`).
    static func integer(in range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = DecimalText.integer(text), range.contains(value) else {
                throw Refusal(description: "it takes a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return value
        }
    }

    /// Seconds as a plain decimal (`30`, `2.5`) in `range`; no exponent, no `inf` or `nan`.
    static func seconds(in range: ClosedRange<Double>) -> @Sendable (String) throws -> Duration {
        { text in
            guard let value = decimalFraction(text), range.contains(value) else {
                throw Refusal(
                    description: "it takes seconds from \(format(range.lowerBound)) to \(format(range.upperBound)), "
                        + "written as a plain decimal such as 2.5.")
            }
            // In range, so the product is far inside Int64.
            return .milliseconds(Int64((value * 1000).rounded()))
        }
    }

    /// An interval such as `90s`, `15m`, `1h30m`, `7d` or a bare number of seconds, from 1 second to `maximum`.
    static func interval(upTo maximum: Duration) -> @Sendable (String) throws -> Duration {
        { text in
            guard let value = Interval.parse(text), value >= .seconds(1), value <= maximum else {
                throw Refusal(
                    description: "it takes an interval from 1s to \(Interval.describe(maximum)), "
                        + "such as 90s, 15m, 1h30m or 7d.")
            }
            return value
        }
    }

    /// A share written as a percentage (`25%` or `25`), from 0% to 100%.
    @Sendable static func share(_ text: String) throws -> Share {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let percent = decimalFraction(number), (0...100).contains(percent) else {
            throw Refusal(description: "it takes a percentage from 0% to 100%, such as 25%.")
        }
        return Share(fraction: percent / 100)
    }

    /// A percentage option's value; prints as `25%` in help.
    struct Share: CustomStringConvertible, Sendable {
        /// 0...1.
        var fraction: Double
        var description: String { "\(OptionValue.format(fraction * 100))%" }
    }

    /// `[0-9]+(\.[0-9]+)?`: a finite, non-negative decimal with at most 15 integer digits.
    static func decimalFraction(_ text: String) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } })
        else { return nil }
        return Double(text)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(value)
    }
}

/// Intervals written with units: `90s`, `15m`, `1h30m`, `7d`, or a bare number of seconds.
enum Interval {
    /// The interval, or `nil` when the text is not one or passes 100 years (checked arithmetic throughout).
    static func parse(_ text: String) -> Duration? {
        let limit: Int64 = 100 * 365 * 86400
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for byte in text.lowercased().utf8 {
            if (0x30...0x39).contains(byte) {
                let (shifted, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(Int64(byte - 0x30))
                guard !overflow1, !overflow2, next <= limit else { return nil }
                number = next
                continue
            }
            let unit: Int64
            switch byte {
            case UInt8(ascii: "s"): unit = 1
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "h"): unit = 3600
            case UInt8(ascii: "d"): unit = 86400
            default: return nil
            }
            guard let value = number else { return nil }
            let (seconds, overflow1) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(seconds)
            guard !overflow1, !overflow2, sum <= limit else { return nil }
            total = sum
            number = nil
            sawUnit = true
        }
        if let number {
            guard !sawUnit else { return nil }
            total = number
        } else if !sawUnit {
            return nil
        }
        return .seconds(total)
    }

    /// `30d`, `24h`, `15m` or `90s`: the largest whole unit.
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
