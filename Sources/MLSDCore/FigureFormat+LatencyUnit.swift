extension FigureFormat {
    /// The unit of a column or chart axis of latencies, chosen once for all its values from the
    /// largest: milliseconds, or seconds when that is at least ``threshold``, so an LLM design's
    /// p99 reads `20.5` under `s` rather than `20477` under `ms`.
    ///
    /// The header or title names ``symbol``; each cell is ``format(seconds:)`` without the unit.
    /// Pure; machine formats (JSON, CSV) keep milliseconds by field name and do not use it.
    ///
    ///     let unit = FigureFormat.LatencyUnit(forSeconds: [0.8, 20.477])   // .seconds
    ///     "Latency \(unit.symbol)"                                            // "Latency s"
    ///     unit.format(seconds: 20.477)                                        // "20.5"
    public enum LatencyUnit: Sendable, Equatable {
        case milliseconds, seconds

        /// The largest value, in seconds, at which a column still reads in milliseconds is just
        /// under this: 10 s would print as five digits of milliseconds (`10000`).
        public static let threshold = 10.0

        /// The unit for a column holding `values` (seconds); infinities and NaNs are ignored, so a
        /// column of `∞` or `–` cells stays in milliseconds.
        public init(forSeconds values: some Sequence<Double>) {
            let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
            self = largest >= Self.threshold ? .seconds : .milliseconds
        }

        /// The unit as a header or title names it: `ms` or `s`.
        public var symbol: String {
            switch self {
            case .milliseconds: return "ms"
            case .seconds: return "s"
            }
        }

        /// A value in this unit without the unit: as ``FigureFormat/milliseconds(seconds:)`` in
        /// milliseconds (`0.42`, `13.5`, `270`), and the same rule on seconds (`0.27`, `20.5`, `123`).
        public func format(seconds: Double) -> String {
            switch self {
            case .milliseconds: return FigureFormat.milliseconds(seconds: seconds)
            case .seconds: return FigureFormat.columnNumber(seconds)
            }
        }
    }

    /// A time the user wrote (a fault window's start or end, a run's length), with every digit they
    /// typed: `12.25 s`, `10 s`, `500 ms`; where ``duration(seconds:)`` would round 12.25 s to `12.3 s`.
    /// Seconds from one second up, milliseconds below; from 10 minutes a whole number of hours or of
    /// minutes reads in that unit (`8 h`, `30 min`: `--down scorer=2@5ms-8h` read `28800 s`);
    /// `∞` when infinite.
    public static func exactDuration(seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        let a = abs(seconds)
        if a >= 3600, a <= 1e15, a.truncatingRemainder(dividingBy: 3600) == 0 { return UnitNumber.format(seconds / 3600) + " h" }
        if a >= 600, a <= 1e15, a.truncatingRemainder(dividingBy: 60) == 0 { return UnitNumber.format(seconds / 60) + " min" }
        if abs(seconds) >= 1 { return UnitNumber.format(UnitNumber.normalized(seconds)) + " s" }
        return UnitNumber.format(UnitNumber.normalized(seconds * 1000)) + " ms"
    }
}
