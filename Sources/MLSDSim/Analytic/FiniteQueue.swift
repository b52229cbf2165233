#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The M/M/c/K queue: c servers, at most K calls waiting, Poisson arrivals; an arrival that finds
/// K waiting is blocked (rejected at once). A component with `queue_limit: K` is this queue.
///
/// With a = λ·E[S] and ρ = a/c the stationary probabilities are p(n) ∝ aⁿ/n! for n ≤ c and
/// p(c + j) = p(c)·ρʲ for 1 ≤ j ≤ K (Kleinrock, *Queueing Systems* vol. 1, §3.7; Gross & Harris
/// §2.5). Measured from p(c), the states up to c weigh 1/B(c, a) (Erlang B) and the waiting
/// states Σⱼ ρʲ, so
///
///     p(c) = 1 / (1/B + Σⱼ₌₁ᴷ ρʲ),   blocking P_K = p(c)·ρᴷ,   Lq = p(c)·Σⱼ₌₁ᴷ j·ρʲ,
///     Wq (of admitted calls) = Lq / (λ(1 − P_K))          (Little's law)
///
/// for any ρ, overload included (the queue is finite). Everything is computed in logarithms, so
/// neither a million servers nor a million places overflows.
public enum FiniteQueue {
    /// What the M/M/c/K queue gives.
    public struct Solution: Hashable, Sendable {
        /// Probability that an arrival is blocked (finds K waiting).
        public var blocking: Double
        /// Mean wait in queue of the admitted arrivals, seconds.
        public var meanWaitSeconds: Double
        /// Mean number waiting.
        public var meanQueueLength: Double
    }

    /// Solves M/M/c/K for `servers` c, `queueLimit` K places, arrival rate λ and mean service E[S].
    ///
    /// - Complexity: O(min(c, 1 000) + 2 048) for Erlang B (``logInverseErlangB(servers:offeredLoad:)``)
    ///   plus O(K) at most for the tail sums, which stop once their terms are below 10⁻¹⁸ of the sum
    ///   (K is at most 10⁶ in a scenario file).
    public static func solve(servers c: Int, queueLimit k: Int, arrivalRate lambda: Double, meanServiceSeconds s: Double) -> Solution {
        let a = lambda * s
        guard c > 0, a > 0, a.isFinite, k >= 0 else { return Solution(blocking: c > 0 ? 0 : 1, meanWaitSeconds: 0, meanQueueLength: 0) }
        let rho = a / Double(c)
        let lnInvB = logInverseErlangB(servers: c, offeredLoad: a)
        let lnRho = log(rho)
        let (lnG, lnJ) = tailSums(lnRho: lnRho, k: k)
        let lnZ = k == 0 ? lnInvB : logAddExp(lnInvB, lnG)
        let blocking = exp(Double(k) * lnRho - lnZ)
        let lq = k == 0 ? 0 : exp(lnJ - lnZ)
        let admitted = lambda * (1 - blocking)
        return Solution(blocking: blocking, meanWaitSeconds: admitted > 0 ? lq / admitted : 0, meanQueueLength: lq)
    }

    /// ln Σⱼ₌₁ᴷ ρʲ and ln Σⱼ₌₁ᴷ j·ρʲ, summed from the largest term (j = 1 when ρ < 1, j = K when
    /// ρ > 1) until the terms no longer matter.
    static func tailSums(lnRho: Double, k: Int) -> (Double, Double) {
        guard k > 0 else { return (-.infinity, -.infinity) }
        let fromTop = lnRho > 0
        let step = fromTop ? exp(-lnRho) : exp(lnRho)
        let top = fromTop ? Double(k) * lnRho : lnRho   // ln of the largest term
        var g = 0.0, j = 0.0, term = 1.0
        for i in 0..<k {
            g += term
            j += term * Double(fromTop ? k - i : i + 1)
            term *= step
            if term < 1e-18 * g, Double(fromTop ? k - i : i + 1) * term < 1e-18 * j { break }
        }
        return (top + log(g), top + log(j))
    }

    static func logAddExp(_ x: Double, _ y: Double) -> Double {
        let m = max(x, y)
        guard m.isFinite else { return m }
        return m + log(exp(x - m) + exp(y - m))
    }

    /// ln(1/B(c, a)), Erlang B, for any a > 0 (above c too).
    ///
    /// Up to ``ErlangC/recursionLimit`` servers: the recursion B(k) = a·B(k−1) / (k + a·B(k−1)).
    /// Beyond: the integral 1/B = a ∫₀^∞ e^(g(t)) dt with g(t) = −a·t + c·ln(1 + t) (Jagerman 1974),
    /// by Simpson's rule (2 048 panels) over 40 widths either side of the peak of g: at
    /// t* = c/a − 1 with width (1 + t*)/√c, or, when a ≥ c, at t = 0 with width min(1/√c, 1/(a − c)).
    public static func logInverseErlangB(servers c: Int, offeredLoad a: Double) -> Double {
        if c <= ErlangC.recursionLimit {
            var b = 1.0
            for n in 1...max(c, 1) { b = a * b / (Double(n) + a * b) }
            return -log(b)
        }
        let cd = Double(c)
        let peak = max(0, cd / a - 1)
        let width: Double
        if peak > 0 {
            width = (1 + peak) / cd.squareRoot()
        } else {
            width = a > cd ? min(1 / cd.squareRoot(), 1 / (a - cd)) : 1 / cd.squareRoot()
        }
        let lower = max(0, peak - 40 * width)
        let upper = peak + 40 * width
        func g(_ t: Double) -> Double { -a * t + cd * log1p(t) }
        let gPeak = g(peak)
        let panels = 2_048
        let h = (upper - lower) / Double(panels)
        var sum = exp(g(lower) - gPeak) + exp(g(upper) - gPeak)
        for i in 1..<panels { sum += exp(g(lower + Double(i) * h) - gPeak) * (i % 2 == 1 ? 4 : 2) }
        return log(a) + gPeak + log(sum * h / 3)
    }
}
