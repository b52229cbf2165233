import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// The ziggurat normal (``NormalZigguratPointers``) against N(0, 1) on 2 M draws. Each bound is
/// about five standard errors of its statistic at this sample size, so a correct sampler fails
/// with odds of about one in a million per figure, while a wrong table, a lost sign bit or a
/// missing tail moves a figure by many standard errors.
struct NormalZigguratTests {
    static let n = 2_000_000

    static func draws(seed: UInt64) -> [Double] {
        let t = ZigguratTables.normal
        return t.k.withUnsafeBufferPointer { k in
            t.w.withUnsafeBufferPointer { w in
                t.f.withUnsafeBufferPointer { f in
                    let z = NormalZigguratPointers(k: k.baseAddress!, w: w.baseAddress!, f: f.baseAddress!)
                    var rng = SplitMix64(seed: seed)
                    return (0..<n).map { _ in z.normal(using: &rng) }
                }
            }
        }
    }

    /// Φ, the standard normal CDF.
    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    @Test func momentsMatchTheStandardNormal() {
        let x = Self.draws(seed: 7)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        let skew = x.map { pow(($0 - mean), 3) }.reduce(0, +) / n
        let kurtosis = x.map { pow(($0 - mean), 4) }.reduce(0, +) / n
        // Standard errors at n = 2 M: mean 1/√n ≈ 0.00071; variance √(2/n) ≈ 0.0010;
        // third moment √(15/n) ≈ 0.0027; fourth moment √(96/n) ≈ 0.0069.
        #expect(abs(mean) < 0.0036, "mean \(mean)")
        #expect(abs(variance - 1) < 0.005, "variance \(variance)")
        #expect(abs(skew) < 0.014, "third moment \(skew)")
        #expect(abs(kurtosis - 3) < 0.035, "fourth moment \(kurtosis)")
    }

    /// The share below each point against Φ, from the peak (layer 1, which always takes the wedge
    /// test) out into the tail beyond r = 3.44 (the slow path's other branch), on both sides.
    @Test func quantilesAndTailsMatchTheStandardNormal() {
        let x = Self.draws(seed: 11).sorted()
        let n = Double(x.count)
        for z in [-4.0, -3.442619855899, -2.326, -1.0, -0.1, 0, 0.1, 1.0, 1.645, 2.326, 3.442619855899, 4.0] {
            // Index of the first draw above z: the empirical CDF at z.
            var lo = 0, hi = x.count
            while lo < hi { let mid = (lo + hi) / 2; if x[mid] <= z { lo = mid + 1 } else { hi = mid } }
            let p = Self.phi(z)
            let se = (p * (1 - p) / n).squareRoot()
            #expect(abs(Double(lo) / n - p) < 5 * se + 1 / n, "P(Z ≤ \(z)) = \(Double(lo) / n), Φ = \(p)")
        }
        // Draws in both tails beyond r (expected 2·(1 − Φ(r))·n ≈ 1 152) and beyond 4.2 (≈ 27 on each side).
        let beyondR = x.filter { abs($0) > ZigguratTables.normalR }.count
        let expected = 2 * (1 - Self.phi(ZigguratTables.normalR)) * n
        #expect(abs(Double(beyondR) - expected) < 5 * expected.squareRoot(), "\(beyondR) beyond r, expected \(expected)")
        #expect(x.first! < -4.2 && x.last! > 4.2)
    }

    /// Kolmogorov–Smirnov: √n·D exceeds 1.95 with probability 0.001 for a correct sampler.
    @Test func kolmogorovSmirnovStatisticIsSmall() {
        let x = Self.draws(seed: 13).sorted()
        let n = Double(x.count)
        var d = 0.0
        for (i, v) in x.enumerated() {
            let p = Self.phi(v)
            d = max(d, Double(i + 1) / n - p, p - Double(i) / n)
        }
        #expect(d * n.squareRoot() < 1.95, "KS √n·D = \(d * n.squareRoot())")
    }

    /// The tables as the paper builds them: layer 1's edge at x₁ ≈ 0.27232 and k[1] = 0, so the
    /// layer at the peak always takes the wedge test; and the draws independent of their neighbours
    /// (layer and magnitude come from disjoint bits).
    @Test func tablesAndIndependence() {
        let t = ZigguratTables.normal
        #expect(t.k[1] == 0)
        #expect(abs(t.w[1] * 9007199254740992.0 - 0.2723208648) < 1e-8)
        #expect(abs(t.f[127] - exp(-0.5 * ZigguratTables.normalR * ZigguratTables.normalR)) < 1e-15)
        let x = Self.draws(seed: 17)
        var lag = 0.0
        for i in 1..<x.count { lag += x[i] * x[i - 1] }
        // Lag-1 correlation of independent N(0,1): standard error 1/√n ≈ 0.00071.
        #expect(abs(lag / Double(x.count - 1)) < 0.0036)
    }
}
