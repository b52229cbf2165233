/// The bounds on every number a user can give, in a file or on the command line: the reader,
/// `--set`, `--vary`, `--qps`, `--duration` and `--down` all check these same ranges, so a value
/// the file refuses is refused everywhere (issue #13, finding 7).
public enum ValueBounds {
    /// Rates: from 1/h to 1G/s. Below one an hour a run of any length sees no request.
    public static let ratePerSecond: ClosedRange<Double> = (1.0 / 3600)...1e9
    /// Durations: up to a year (timeouts, latencies, windows, `--duration`).
    public static let maximumSeconds: Double = 86_400 * 365
    /// A price: up to $1 000 000 per replica-hour, so that costs summed over 1 000 components ×
    /// 1 000 000 replicas stay printable as whole dollars.
    public static let maximumDollars: Double = 1_000_000
    /// A budget: up to $1 000 000 000 000.
    public static let maximumBudgetDollars: Double = 1e12
    /// A burst factor: at most 1 000× the rate.
    public static let maximumFactor: Double = 1_000
    /// Requests in a run, whether asked for with `--requests` or implied by `--duration` × rate.
    public static let maximumRequests: Double = 1e10

    /// "from 1/h to 1G/s".
    public static let rateText = "from 1/h to 1G/s"

    /// Whether `rate` lies within ``ratePerSecond``.
    public static func allows(_ rate: Rate) -> Bool { ratePerSecond.contains(rate.perSecond) }

    /// Whether `span` is positive (or zero, if allowed) and at most ``maximumSeconds``.
    public static func allows(_ span: TimeSpan, zero: Bool = false) -> Bool {
        (span.seconds > 0 || (zero && span.seconds == 0)) && span.seconds <= maximumSeconds
    }
}

extension Int {
    /// `value` rounded toward zero and clamped to `Int`'s range (NaN is 0): a conversion that
    /// cannot trap, for numbers derived from user input.
    public init(saturating value: Double) {
        if value.isNaN { self = 0 } else if value >= 9.2e18 { self = .max } else if value <= -9.2e18 { self = .min } else { self = Int(value) }
    }
}
