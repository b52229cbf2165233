import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// The analytic estimate of a component with `queue_limit`: M/M/c/K (issue #8, Deliver 1).
struct FiniteQueueTests {
    /// The case: M/M/2 at 1 ms with 4 places, λ = 1800/s (ρ 0.9). By hand, relative to
    /// p(0): weights 1, 1.8, 1.62, then 1.62·0.9ʲ for j = 1…4; sum 9.434062. Blocking
    /// 1.062882 / 9.434062 = 0.112665; Lq = 11.876868 / 9.434062 = 1.258932; the admitted rate
    /// 1597.20/s waits 0.788211 ms, so a call spends 1.788211 ms. The unlimited M/M/2 gives 5.26 ms.
    @Test func mm2WithFourPlacesMatchesTheExactValues() throws {
        let m = try model("""
            entry: s
            workload: { qps: 1800/s }
            components:
              s: { kind: station, concurrency: 2, latency: { exponential: 1ms }, queue_limit: 4 }
            """)
        let a = AnalyticModel(model: m)
        let s = try #require(a.components.first)
        let weights = [1, 1.8, 1.62] + (1...4).map { 1.62 * pow(0.9, Double($0)) }
        let z = weights.reduce(0, +)
        let block = weights[6] / z
        let lq = (1...4).map { Double($0) * weights[2 + $0] }.reduce(0, +) / z
        let wait = lq / (1800 * (1 - block))
        expectClose(s.blockedShare, block, relative: 1e-12, "blocking")
        expectClose(s.blockedShare, 0.112665, relative: 1e-5, "blocking by hand")
        expectClose(s.meanWaitSeconds, wait, relative: 1e-12, "wait of admitted calls")
        expectClose(s.meanSojournSeconds, 0.001788211, relative: 1e-6, "sojourn by hand")
        expectClose(a.meanLatencySeconds, 0.001788211, relative: 1e-6, "end to end: the one call")
        // The simulator agrees (blocking within 0.006, the mean of answered calls within 2 %).
        let r = Simulation(model: m, seed: 17).run(until: .requests(200_000))
        expectNear(r.errorRate, block, absolute: 0.006, "simulated blocking")
        expectClose(r.latency.mean, 0.001788211, relative: 0.02, "simulated mean of answered requests")
    }

    /// Overloaded but finite: ρ = 1.5 on one server with 3 places is not unbounded; blocking is
    /// (1 − ρ)ρ⁴ / (1 − ρ⁵) (M/M/1/4).
    @Test func anOverloadedFiniteQueueHasFiniteWaits() throws {
        let m = try model("""
            entry: s
            workload: { qps: 1500/s }
            components:
              s: { kind: station, latency: { exponential: 1ms }, queue_limit: 3 }
            """)
        let a = AnalyticModel(model: m)
        let rho = 1.5
        let block = (1 - rho) * pow(rho, 4) / (1 - pow(rho, 5))
        expectClose(a.components[0].blockedShare, block, relative: 1e-12, "M/M/1/4 blocking")
        #expect(a.meanLatencySeconds.isFinite)
        #expect(!a.isStable, "offered more than its capacity: still reported as overloaded")
    }

    static func retryModel(backoff: String) throws -> SimulationModel {
        try model("""
            entry: api
            workload: { qps: 900/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 1ms }, calls: [{ sequence: [s] }] }
              s: { kind: station, latency: { exponential: 1ms }, queue_limit: 2, retries: 1, fallback: rules, calls: [{ sequence: [db] }]\(backoff) }
              rules: { kind: station, concurrency: 100, latency: { constant: 1ms } }
              db: { kind: station, concurrency: 100, latency: { constant: 1ms } }
            """)
    }

    /// With a backoff, a refused attempt's retry is a fresh arrival: refused with the same
    /// probability b, which is the M/M/1/2 blocking at the load the retries cause (a fixed point).
    /// After the last attempt the fallback answers; refused attempts make no calls.
    @Test func refusedCallsRetriedAfterABackoffAreFreshArrivals() throws {
        let a = AnalyticModel(model: try Self.retryModel(backoff: ", backoff: 5ms"))
        let s = a.components[1], rules = a.components[2], db = a.components[3]
        let b = s.blockedShare
        #expect(b > 0.1 && b < 0.5)
        expectClose(s.visits, 1 + b, relative: 1e-9, "1 + b attempts")
        expectClose(rules.visits, b * b, relative: 1e-9, "both attempts refused")
        expectClose(db.visits, (1 + b) * (1 - b), relative: 1e-9, "admitted attempts call db")
        let again = FiniteQueue.solve(servers: 1, queueLimit: 2, arrivalRate: 900 * (1 + b), meanServiceSeconds: 0.001).blocking
        expectClose(again, b, relative: 1e-9, "b is the blocking at the load it causes")
    }

    /// Without a backoff the retry is made at the instant of the refusal and finds the same full
    /// queue (as in the simulator): a refused call is refused again and goes to the fallback. Such
    /// retries do not change the queue, so b is the M/M/1/2 blocking of the first attempts alone.
    @Test func refusedCallsRetriedAtOnceAreRefusedAgain() throws {
        let m = try Self.retryModel(backoff: "")
        let a = AnalyticModel(model: m)
        let s = a.components[1], rules = a.components[2], db = a.components[3]
        let b = FiniteQueue.solve(servers: 1, queueLimit: 2, arrivalRate: 900, meanServiceSeconds: 0.001).blocking
        expectClose(s.blockedShare, b, relative: 1e-12, "blocking of first attempts")
        expectClose(s.visits, 1 + b, relative: 1e-12, "a refused call is tried twice")
        expectClose(rules.visits, b, relative: 1e-12, "every refused call reaches the fallback")
        expectClose(db.visits, 1 - b, relative: 1e-12, "only admitted attempts call db")
        // The simulator: the fallback's share is the blocking, within sampling noise.
        let r = Simulation(model: m, seed: 23).run(until: .requests(100_000))
        let measured = try #require(r[component: "rules"]).attemptsPerRequest
        expectNear(measured, b, absolute: 0.01, "simulated fallback share")
    }

    /// Erlang B above the recursion's range (the integral form) agrees with the recursion, at any
    /// load, under and over capacity.
    @Test(arguments: [1_001, 2_500, 20_000]) func erlangBBeyondTheRecursionAgrees(_ c: Int) {
        for rho in [0.3, 0.9, 0.999, 1.0, 1.001, 1.2, 3.0] {
            let a = rho * Double(c)
            var b = 1.0
            for k in 1...c { b = a * b / (Double(k) + a * b) }
            let exact = -log(b)
            let integral = FiniteQueue.logInverseErlangB(servers: c, offeredLoad: a)
            #expect(abs(integral - exact) <= 1e-8 * max(1, abs(exact)), "c \(c) ρ \(rho): \(integral) vs \(exact)")
        }
    }

    /// A trillion servers and a million places: no overflow, and the excess over capacity is refused.
    @Test func hugeQueuesAreSolved() {
        let result = FiniteQueue.solve(servers: 1_000_000_000_000, queueLimit: 1_000_000, arrivalRate: 1.2e15, meanServiceSeconds: 0.001)
        expectClose(result.blocking, 1 - 1 / 1.2, relative: 1e-3, "heavy overload refuses the excess")
        expectClose(result.meanQueueLength, 1_000_000, relative: 1e-3, "the queue stays full")
    }
}
