import Foundation

/// A point estimate with a two-sided confidence interval around it.
///
/// Built from independent replication estimates by the Student t method (the method of
/// independent replications, Law & Kelton, *Simulation Modeling and Analysis*, §9.4.1): the value is
/// the mean x̄ of the n estimates, and the interval is x̄ ± t(n−1, 1−α/2) · s/√n, where s is their
/// sample standard deviation. Each replication is one run from an empty system with its own seed,
/// so the estimates are independent and, for long enough runs, close to normal; the interval then
/// covers the true mean of the estimator with probability 1 − α.
///
///     let ci = ConfidenceInterval(samples: [41.8, 42.9, 42.0, 41.6], level: 0.95)!
///     ci.value        // 42.075
///     ci.halfWidth    // t(3, 0.975) · s/√4 = 3.182 · 0.287 = 0.91
public struct ConfidenceInterval: Hashable, Sendable {
    /// The point estimate: the mean of the replication estimates.
    public var value: Double
    /// Lower end: value − ``halfWidth``, or the lowest value the figure can take if that is higher.
    public var low: Double
    /// Upper end: value + ``halfWidth``, or the highest value the figure can take if that is lower.
    public var high: Double
    /// t(n−1, 1−α/2) · s/√n: the `± h` printed beside the value.
    public var halfWidth: Double

    /// An interval value ± `halfWidth`, its ends kept `within` the figure's possible values.
    public init(value: Double, halfWidth: Double, within bounds: ClosedRange<Double> = -Double.infinity...Double.infinity) {
        self.value = value
        self.halfWidth = halfWidth
        self.low = max(value - halfWidth, bounds.lowerBound)
        self.high = min(value + halfWidth, bounds.upperBound)
    }

    /// The Student t interval of `samples`' mean at `level` (0.95 for 95 %), its ends kept `within`
    /// the values the figure can take (a share is never below 0, so a noisy one's interval is
    /// lopsided rather than negative; coverage is unchanged, since the truth lies within them);
    /// nil with fewer than two samples or when one is not finite (a figure some replication could
    /// not give).
    public init?(samples: [Double], level: Double = 0.95, within bounds: ClosedRange<Double> = -Double.infinity...Double.infinity) {
        guard samples.count >= 2, samples.allSatisfy(\.isFinite) else { return nil }
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = StudentT.quantile(0.5 + level / 2, degreesOfFreedom: samples.count - 1) * (variance / n).squareRoot()
        self.init(value: mean, halfWidth: half, within: bounds)
    }

    /// The half-width as a share of the value (0.02 for ±2 %); 0 when both are 0, infinite when
    /// only the value is.
    public var relativeHalfWidth: Double {
        if value != 0 { return halfWidth / abs(value) }
        return halfWidth == 0 ? 0 : .infinity
    }

    /// True when `x` lies in the interval, ends included.
    public func contains(_ x: Double) -> Bool { low <= x && x <= high }
}

/// Student's t distribution: its CDF through the regularised incomplete beta function and its
/// quantiles by bisection (exact to 1e-10, for any degrees of freedom; no table).
public enum StudentT {
    /// P(T ≤ t) for T with `df` degrees of freedom: 1 − ½·I_{df/(df+t²)}(df/2, ½) for t ≥ 0.
    public static func cdf(_ t: Double, degreesOfFreedom df: Int) -> Double {
        let v = Double(df)
        let tail = 0.5 * incompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0 < p < 1) of T with `df` ≥ 1 degrees of freedom: 12.706 for p = 0.975 and
    /// df = 1, 2.262 for df = 9, tending to the normal 1.960.
    public static func quantile(_ p: Double, degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1 && p > 0 && p < 1, "StudentT.quantile needs df ≥ 1 and 0 < p < 1")
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: df) }
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: df) < p { hi *= 2 }
        for _ in 0..<200 where hi - lo > 1e-12 * max(1, hi) {
            let mid = (lo + hi) / 2
            if cdf(mid, degreesOfFreedom: df) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The 97.5 % quantile, for two-sided 95 % intervals (the capacity search's seeds).
    public static func quantile975(degreesOfFreedom df: Int) -> Double { quantile(0.975, degreesOfFreedom: max(df, 1)) }

    /// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified
    /// Lentz; Numerical Recipes §6.4), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the
    /// fraction converges slowly.
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) { return exp(logFront) * continuedFraction(x, a: a, b: b) / a }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            // Even step.
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
