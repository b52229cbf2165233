/// Erlang's formulas for a queue with `servers` identical servers and Poisson arrivals.
///
/// `offeredLoad` is a = λ·E[S] in Erlangs; per-server utilisation is ρ = a / c.
public enum ErlangC {
    /// Erlang C: probability that an arrival waits in an M/M/c queue. 1 when a ≥ c (unstable).
    ///
    /// Computed from the Erlang B recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), then
    /// C = B / (1 − ρ(1 − B)), which stays accurate for thousands of servers.
    ///
    /// - Complexity: O(c).
    public static func probabilityOfWaiting(servers c: Int, offeredLoad a: Double) -> Double {
        guard c > 0 else { return 1 }
        guard a > 0 else { return 0 }
        let rho = a / Double(c)
        if rho >= 1 { return 1 }
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return b / (1 - rho * (1 - b))
    }

    /// Mean wait in queue of an M/M/c queue: Wq = C(c, a) · E[S] / (c − a). Infinite when a ≥ c.
    public static func meanWait(servers c: Int, offeredLoad a: Double, meanServiceSeconds s: Double) -> Double {
        guard a < Double(c) else { return .infinity }
        return probabilityOfWaiting(servers: c, offeredLoad: a) * s / (Double(c) - a)
    }

    /// Mean wait in queue of a G/G/c queue by the Allen–Cunneen approximation:
    /// Wq ≈ Wq(M/M/c) · (Ca² + Cs²) / 2, with Ca² the squared coefficient of variation of the
    /// inter-arrival times (1 for Poisson) and Cs² that of the service time. Exact for M/M/c.
    public static func allenCunneenWait(servers c: Int, offeredLoad a: Double, meanServiceSeconds s: Double,
                                        arrivalSCV: Double = 1, serviceSCV: Double) -> Double {
        meanWait(servers: c, offeredLoad: a, meanServiceSeconds: s) * (arrivalSCV + serviceSCV) / 2
    }
}
