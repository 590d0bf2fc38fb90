extension Int64 {
    /// `value` rounded toward zero and clamped to `Int64`'s bounds; `nan` is 0.
    ///
    /// `Int64(x)` traps on a `Double` that is not finite or out of range, and such doubles come from
    /// input (a date read from a database row, an age computed from it): this never traps.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9_223_372_036_854_775_807.0 {
            self = .max
        } else if value <= -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int64(value)
        }
    }
}
