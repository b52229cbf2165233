#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import MLSDCore

/// A service-time distribution in seconds, ready to sample.
///
/// Built from a scenario's ``LatencyDistribution``; ranges become lognormals whose 5th and 95th
/// percentiles are the range ends (DESIGN.md §4). Each case knows its analytic mean, which the
/// analytic model uses and the tests cross-check against samples (as Ciw does).
///
///     let d = Distribution(.exponential(mean: .milliseconds(2)))
///     var rng = SplitMix64(seed: 1)
///     let seconds = d.sample(using: &rng)
public enum Distribution: Hashable, Sendable {
    case constant(Double)
    case exponential(mean: Double)
    case uniform(low: Double, high: Double)
    /// Lognormal with the given parameters of the underlying normal.
    case lognormal(mu: Double, sigma: Double)
    /// Each value equally likely.
    case empirical([Double])
    /// `base` plus a fixed `seconds` on every draw (a reranker's candidates × per-candidate cost).
    indirect case shifted(Distribution, seconds: Double)

    /// This distribution plus `seconds` on every draw; itself when `seconds` is 0.
    public func shifted(by seconds: Double) -> Distribution {
        guard seconds != 0 else { return self }
        if case .shifted(let base, let s) = self { return .shifted(base, seconds: s + seconds) }
        return .shifted(self, seconds: seconds)
    }

    /// The empirical values drawn from (of the base when shifted), for the engine's shared table.
    var empiricalValues: [Double]? {
        switch self {
        case .empirical(let v): v
        case .shifted(let base, _): base.empiricalValues
        default: nil
        }
    }

    /// The distribution of a scenario-file latency, in seconds.
    public init(_ latency: LatencyDistribution) {
        switch latency {
        case .constant(let t): self = .constant(t.seconds)
        case .exponential(let m): self = .exponential(mean: m.seconds)
        case .uniform(let lo, let hi): self = .uniform(low: lo.seconds, high: hi.seconds)
        case .range(let lo, let hi):
            let p = LatencyDistribution.lognormalParameters(median: (lo.seconds * hi.seconds).squareRoot(), p: hi.seconds, z: LatencyDistribution.z95)
            self = .lognormal(mu: p.mu, sigma: p.sigma)
        case .lognormal(let p50, let p99):
            let p = LatencyDistribution.lognormalParameters(median: p50.seconds, p: p99.seconds, z: LatencyDistribution.z99)
            self = .lognormal(mu: p.mu, sigma: p.sigma)
        case .empirical(let values): self = .empirical(values.map(\.seconds))
        }
    }

    /// The analytic mean in seconds.
    public var mean: Double {
        switch self {
        case .constant(let t): return t
        case .exponential(let m): return m
        case .uniform(let lo, let hi): return (lo + hi) / 2
        case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
        case .empirical(let v): return v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
        case .shifted(let base, let s): return base.mean + s
        }
    }

    /// Squared coefficient of variation (variance / mean²): 1 for exponential, 0 for constant.
    public var squaredCoefficientOfVariation: Double {
        let m = mean
        guard m > 0 else { return 0 }
        switch self {
        case .constant: return 0
        case .exponential: return 1
        case .uniform(let lo, let hi): return (hi - lo) * (hi - lo) / 12 / (m * m)
        case .lognormal(_, let sigma): return exp(sigma * sigma) - 1
        case .empirical(let v): return v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count) / (m * m)
        case .shifted(let base, _):
            // A shift keeps the variance and moves the mean.
            let b = base.mean
            return base.squaredCoefficientOfVariation * b * b / (m * m)
        }
    }

    /// P(X ≤ x), the cumulative distribution function.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .constant(let t): return x >= t ? 1 : 0
        case .exponential(let m): return x <= 0 ? 0 : (m <= 0 ? 1 : 1 - exp(-x / m))
        case .uniform(let lo, let hi):
            if x < lo { return 0 }
            if x >= hi { return 1 }
            return (x - lo) / (hi - lo)
        case .lognormal(let mu, let sigma):
            guard x > 0 else { return 0 }
            if sigma == 0 { return log(x) >= mu ? 1 : 0 }
            return 0.5 * erfc(-(log(x) - mu) / (sigma * 2.0.squareRoot()))
        case .empirical(let v):
            guard !v.isEmpty else { return 1 }
            return Double(v.filter { $0 <= x }.count) / Double(v.count)
        case .shifted(let base, let s): return base.cdf(x - s)
        }
    }

    /// One sample in seconds, drawn from `rng`.
    ///
    /// - Complexity: O(1); exponentials and the normal under lognormals by the ziggurat method.
    public func sample(using rng: inout SplitMix64) -> Double {
        let table: [Double] = empiricalValues ?? []
        let z = ZigguratTables.exponential, n = ZigguratTables.normal
        var copy = table
        return copy.withUnsafeMutableBufferPointer { b in
            z.k.withUnsafeBufferPointer { k in
                z.w.withUnsafeBufferPointer { w in
                    z.f.withUnsafeBufferPointer { f in
                        n.k.withUnsafeBufferPointer { nk in
                            n.w.withUnsafeBufferPointer { nw in
                                n.f.withUnsafeBufferPointer { nf in
                                    guard let kb = k.baseAddress, let wb = w.baseAddress, let fb = f.baseAddress,
                                          let nkb = nk.baseAddress, let nwb = nw.baseAddress, let nfb = nf.baseAddress else { return 0 }
                                    var one = 0.0
                                    return withUnsafeMutablePointer(to: &one) { fallback in
                                        Sampler(self, scale: 1).sample(using: &rng, table: b.baseAddress ?? fallback,
                                                                       ziggurat: ZigguratPointers(k: kb, w: wb, f: fb),
                                                                       normal: NormalZigguratPointers(k: nkb, w: nwb, f: nfb))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A flat, allocation-free form of ``Distribution`` for the event loop.
///
/// Empirical values live in one table shared by the whole model (`tableOffset`, `tableCount`), so
/// sampling copies no arrays and touches no reference counts. `scale` folds in speed-ups.
struct Sampler: Hashable, Sendable {
    enum Kind: UInt8, Hashable, Sendable { case constant, exponential, uniform, lognormal, empirical }
    var kind: Kind
    var a: Double
    var b: Double
    var tableOffset: Int
    var tableCount: Int
    /// Added to every draw after scaling (a shifted distribution's shift × scale).
    var shift: Double = 0

    /// - Parameters:
    ///   - scale: multiplies every sample (1 / speed-up).
    ///   - tableOffset: where this distribution's empirical values start in the shared table.
    init(_ d: Distribution, scale: Double, tableOffset: Int = 0) {
        self.tableOffset = tableOffset
        self.tableCount = 0
        switch d {
        case .constant(let t): kind = .constant; a = t * scale; b = 0
        case .exponential(let m): kind = .exponential; a = m * scale; b = 0
        case .uniform(let lo, let hi): kind = .uniform; a = lo * scale; b = (hi - lo) * scale
        case .lognormal(let mu, let sigma): kind = .lognormal; a = mu + log(scale); b = sigma
        case .empirical(let v): kind = .empirical; a = scale; b = 0; tableCount = v.count
        case .shifted(let base, let s):
            self = Sampler(base, scale: scale, tableOffset: tableOffset)
            shift += s * scale
        }
    }

    /// - Complexity: O(1).
    @inline(__always)
    func sample(using rng: inout SplitMix64, table: UnsafeMutablePointer<Double>, ziggurat: ZigguratPointers,
                normal: NormalZigguratPointers) -> Double {
        shift + draw(using: &rng, table: table, ziggurat: ziggurat, normal: normal)
    }

    @inline(__always)
    private func draw(using rng: inout SplitMix64, table: UnsafeMutablePointer<Double>, ziggurat: ZigguratPointers,
                      normal: NormalZigguratPointers) -> Double {
        switch kind {
        case .exponential: return a * ziggurat.exponential(using: &rng)
        case .constant: return a
        case .uniform: return a + b * rng.nextUniform()
        case .lognormal:
            // The ziggurat normal (one random number in ≈ 97 % of draws; no log or cos), one normal
            // per call so the stream does not depend on hidden state.
            return exp(a + b * normal.normal(using: &rng))
        case .empirical:
            guard tableCount > 0 else { return 0 }
            let i = Int(rng.next() % UInt64(tableCount))
            return a * table[tableOffset + i]
        }
    }
}
