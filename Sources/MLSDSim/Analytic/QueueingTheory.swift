#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact sojourn-time distributions of M/M/c stations and of tandem (Jackson) networks of them,
/// used to check the simulator against theory.
///
/// In an M/M/c station with arrival rate λ, service rate μ and c servers, an arrival waits with the
/// Erlang C probability C(c, λ/μ), and then for an Exp(cμ − λ) time; its service is Exp(μ). In a
/// tandem network of such stations with FIFO queues, by Burke's theorem each station sees Poisson
/// arrivals and (Reich) a customer's sojourn times at the stations are independent, so the total is
/// their sum. The sum is a phase-type distribution (two phases per station); its survival function
/// is computed by uniformisation, S(t) = Σₖ e^(−Λt)(Λt)ᵏ/k! · α Pᵏ 1 with P = I + T/Λ.
public struct TandemSojourn: Hashable, Sendable {
    /// One M/M/c station.
    public struct Station: Hashable, Sendable {
        /// Servers c.
        public var servers: Int
        /// Mean of the exponential service time, 1/μ.
        public var meanServiceSeconds: Double
        /// A station with c servers and mean service 1/μ.
        public init(servers: Int, meanServiceSeconds: Double) {
            self.servers = servers
            self.meanServiceSeconds = meanServiceSeconds
        }
    }

    /// Stations in the order a customer visits them.
    public var stations: [Station]
    /// Poisson arrival rate λ at the first station, per second.
    public var arrivalRate: Double

    /// - Precondition: every station is stable (λ·E[S] < c).
    public init(arrivalRate: Double, stations: [Station]) {
        self.arrivalRate = arrivalRate
        self.stations = stations
    }

    /// Probability of waiting at each station (Erlang C).
    public var waitProbabilities: [Double] {
        stations.map { ErlangC.probabilityOfWaiting(servers: $0.servers, offeredLoad: arrivalRate * $0.meanServiceSeconds) }
    }

    /// Mean total sojourn in seconds: Σ C/(cμ − λ) + 1/μ.
    public var mean: Double {
        zip(stations, waitProbabilities).map { s, c in
            let mu = 1 / s.meanServiceSeconds
            return c / (Double(s.servers) * mu - arrivalRate) + s.meanServiceSeconds
        }.reduce(0, +)
    }

    /// P(sojourn > t).
    public func survival(_ t: Double) -> Double {
        guard t > 0 else { return 1 }
        // Phases: 2i = waiting at station i (rate cμ − λ), 2i+1 = in service at station i (rate μ).
        let m = stations.count
        var rates = Array(repeating: 0.0, count: 2 * m)
        let waits = waitProbabilities
        for (i, s) in stations.enumerated() {
            let mu = 1 / s.meanServiceSeconds
            rates[2 * i] = Double(s.servers) * mu - arrivalRate
            rates[2 * i + 1] = mu
        }
        let big = rates.max() ?? 1
        var v = Array(repeating: 0.0, count: 2 * m)
        v[0] = waits[0]
        v[1] = 1 - waits[0]
        let x = big * t
        let terms = Int(x + 12 * x.squareRoot() + 60)
        var total = 0.0
        for k in 0...terms {
            let logWeight = -x + Double(k) * log(x) - lgamma(Double(k) + 1)
            let mass = v.reduce(0, +)
            total += exp(logWeight) * mass
            // v ← v·P: stay with probability 1 − rate/Λ, else move to the next phase.
            var next = Array(repeating: 0.0, count: 2 * m)
            for p in 0..<(2 * m) {
                let leave = rates[p] / big
                next[p] += v[p] * (1 - leave)
                let out = v[p] * leave
                if p % 2 == 0 {
                    next[p + 1] += out
                } else if p / 2 + 1 < m {
                    let c = waits[p / 2 + 1]
                    next[p + 1] += out * c
                    next[p + 2] += out * (1 - c)
                }
            }
            v = next
        }
        return min(max(total, 0), 1)
    }

    /// The q-quantile in seconds, by bisection to 1 ns.
    public func quantile(_ q: Double) -> Double {
        var lo = 0.0, hi = max(mean, 1e-9)
        while survival(hi) > 1 - q { hi *= 2 }
        while hi - lo > 1e-9 * max(1, hi) {
            let mid = (lo + hi) / 2
            if survival(mid) > 1 - q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
