/// How long one request takes at a component, before optimisation speed-ups and queueing.
///
/// A `range` is the default spelling in scenario files (`5ms-20ms`): a lognormal whose 5th and
/// 95th percentiles are the two ends, so its median is √(lo·hi) (DESIGN.md §4).
public enum LatencyDistribution: Hashable, Sendable, CustomStringConvertible {
    /// Lognormal with p5 = `low` and p95 = `high`.
    case range(low: TimeSpan, high: TimeSpan)
    case constant(TimeSpan)
    case exponential(mean: TimeSpan)
    case uniform(low: TimeSpan, high: TimeSpan)
    /// Lognormal given by its median and 99th percentile.
    case lognormal(p50: TimeSpan, p99: TimeSpan)
    /// Each listed value is equally likely.
    case empirical([TimeSpan])

    /// z-scores of the standard normal used to turn percentiles into lognormal parameters.
    public static let z95 = 1.6448536269514722
    public static let z99 = 2.3263478740408408

    /// Analytic mean in seconds (used by the analytic model and the catalog table).
    public var meanSeconds: Double {
        switch self {
        case .range(let lo, let hi):
            let (mu, sigma) = Self.lognormalParameters(median: (lo.seconds * hi.seconds).squareRoot(), p: hi.seconds, z: Self.z95)
            return exp(mu + sigma * sigma / 2)
        case .constant(let t): return t.seconds
        case .exponential(let m): return m.seconds
        case .uniform(let lo, let hi): return (lo.seconds + hi.seconds) / 2
        case .lognormal(let p50, let p99):
            let (mu, sigma) = Self.lognormalParameters(median: p50.seconds, p: p99.seconds, z: Self.z99)
            return exp(mu + sigma * sigma / 2)
        case .empirical(let values): return values.map(\.seconds).reduce(0, +) / Double(max(values.count, 1))
        }
    }

    /// Squared coefficient of variation (variance / mean²); 1 for exponential, 0 for constant.
    public var squaredCoefficientOfVariation: Double {
        switch self {
        case .range(let lo, let hi):
            let (_, s) = Self.lognormalParameters(median: (lo.seconds * hi.seconds).squareRoot(), p: hi.seconds, z: Self.z95)
            return exp(s * s) - 1
        case .lognormal(let p50, let p99):
            let (_, s) = Self.lognormalParameters(median: p50.seconds, p: p99.seconds, z: Self.z99)
            return exp(s * s) - 1
        case .constant: return 0
        case .exponential: return 1
        case .uniform(let lo, let hi):
            let m = (lo.seconds + hi.seconds) / 2
            let v = (hi.seconds - lo.seconds) * (hi.seconds - lo.seconds) / 12
            return m > 0 ? v / (m * m) : 0
        case .empirical(let values):
            let m = meanSeconds
            guard m > 0, !values.isEmpty else { return 0 }
            let v = values.map { ($0.seconds - m) * ($0.seconds - m) }.reduce(0, +) / Double(values.count)
            return v / (m * m)
        }
    }

    /// (μ, σ) of the underlying normal for a lognormal with the given median and one upper percentile.
    public static func lognormalParameters(median: Double, p: Double, z: Double) -> (mu: Double, sigma: Double) {
        let mu = log(median)
        let sigma = max(0, (log(p) - mu) / z)
        return (mu, sigma)
    }

    /// A short form for tables: `5ms-20ms`, `3ms`, `exp 8ms`, `U(1ms,3ms)`, `ln 8ms/40ms`, `emp(3)`.
    public var compactDescription: String {
        switch self {
        case .range(let lo, let hi): return "\(lo)-\(hi)"
        case .constant(let t): return "\(t)"
        case .exponential(let m): return "exp \(m)"
        case .uniform(let lo, let hi): return "U(\(lo),\(hi))"
        case .lognormal(let p50, let p99): return "ln \(p50)/\(p99)"
        case .empirical(let v): return "emp(\(v.count))"
        }
    }

    /// The scenario-file spelling, e.g. `5ms-20ms` or `{ exponential: 8ms }`.
    public var description: String {
        switch self {
        case .range(let lo, let hi): return "\(lo)-\(hi)"
        case .constant(let t): return "{ constant: \(t) }"
        case .exponential(let m): return "{ exponential: \(m) }"
        case .uniform(let lo, let hi): return "{ uniform: [\(lo), \(hi)] }"
        case .lognormal(let p50, let p99): return "{ lognormal: { p50: \(p50), p99: \(p99) } }"
        case .empirical(let v): return "{ empirical: [\(v.map(\.description).joined(separator: ", "))] }"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
