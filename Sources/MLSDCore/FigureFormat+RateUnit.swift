extension FigureFormat {
    /// The unit of a chart axis of rates, chosen once for all its labels from the largest, so
    /// the axis reads in one scale: `0.456 0.913 1.37 … 4.56` in thousands per second, where each
    /// label formatted alone (``rate(perSecond:)``) read `456 913 1.37k … 4.56k`.
    ///
    /// The axis's caption names ``caption``; each label is ``format(perSecond:)`` without a unit,
    /// 3 significant digits as in ``rate(perSecond:)``. Pure.
    ///
    ///     let unit = FigureFormat.RateUnit(forPerSecond: [456, 4_560])   // .thousandsPerSecond
    ///     unit.caption                                                    // "thousands of requests per second"
    ///     unit.format(perSecond: 456)                                     // "0.456"
    public enum RateUnit: Sendable, Equatable {
        case perHour, perSecond, thousandsPerSecond, millionsPerSecond

        /// The unit for an axis holding `values` (requests per second), by the same thresholds
        /// as ``FigureFormat/rate(perSecond:)``: per hour under 0.005/s, thousands from 999.5/s,
        /// millions from 999,500/s. Infinities and NaNs are ignored.
        public init(forPerSecond values: some Sequence<Double>) {
            let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
            if largest >= 999_500 { self = .millionsPerSecond }
            else if largest >= 999.5 { self = .thousandsPerSecond }
            else if largest > 0, largest < 0.005 { self = .perHour }
            else { self = .perSecond }
        }

        /// What the labels count, for the axis's caption: `requests per second`,
        /// `thousands of requests per second`.
        public var caption: String {
            switch self {
            case .perHour: return "requests per hour"
            case .perSecond: return "requests per second"
            case .thousandsPerSecond: return "thousands of requests per second"
            case .millionsPerSecond: return "millions of requests per second"
            }
        }

        /// A rate in this unit without the unit: 3 significant digits (`0.456`, `4.56`, `12.2`);
        /// `∞` when infinite.
        public func format(perSecond v: Double) -> String {
            guard v.isFinite else { return "∞" }
            switch self {
            case .perHour: return significant(v * 3600, 3, maxDecimals: 2)
            case .perSecond: return significant(v, 3, maxDecimals: 2)
            case .thousandsPerSecond: return significant(v / 1e3, 3)
            case .millionsPerSecond: return significant(v / 1e6, 3)
            }
        }
    }
}
