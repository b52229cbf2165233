import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Failure paths and edge cases, each with an exact or near-exact answer.
struct EdgeCaseTests {
    @Test func aFailedParallelBranchFailsTheGroupAfterAllAnswer() throws {
        let m = try model("""
            entry: api
            workload: { qps: 200/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ parallel: [ok, slow] }] }
              ok: { kind: station, concurrency: 1000, latency: { constant: 30ms } }
              slow: { kind: station, concurrency: 1000, latency: { constant: 20ms }, timeout: 10ms }
            """)
        var done: [String] = []
        let r = Simulation(model: m, seed: 1).run(until: .requests(2_000)) { if $0.kind == .done { done.append($0.detail) } }
        #expect(r.errorRate == 1)
        #expect(r.errors.timeout == r.requests)
        #expect(Set(done) == ["timeout"])
    }

    @Test func theEntryTimeoutAppliesToTheClientWithRetries() throws {
        let m = try model("""
            entry: api
            workload: { qps: 500/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { exponential: 10ms }, timeout: 10ms, retries: 1 }
            """)
        let r = Simulation(model: m, seed: 3).run(until: .requests(100_000))
        // Two attempts both over 10 ms: e⁻² = 0.135 (binomial sd 0.0011; ±0.007 ≈ 6σ).
        expectNear(r.errorRate, exp(-2), absolute: 0.007, "client-level failure rate")
        expectNear(r[component: "api"]?.arrivalRate ?? 0, 500 * (1 + exp(-1)), absolute: 500 * 0.02, "attempts per second")
    }

    @Test func rejectedCallsAreRetried() throws {
        // queue_limit 0 on one server: a call is rejected whenever the server is busy.
        let m = try model("""
            entry: api
            workload: { qps: 100/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [db] }] }
              db: { kind: station, concurrency: 1, latency: { constant: 5ms }, queue_limit: 0, retries: 2 }
            """)
        let r = Simulation(model: m, seed: 5).run(until: .requests(50_000))
        let db = try #require(r[component: "db"])
        #expect(db.rejected > 0)
        #expect(db.retries > 0)
        // Retries are immediate, so a retry meets the same busy server: all three attempts fail
        // together. The chance the server is busy is ρ/(1+ρ) = 0.5/1.5 = 1/3 (Erlang loss, M/D/1/1).
        expectNear(r.errorRate, 1.0 / 3, absolute: 0.015, "loss probability")
        #expect(r.errors.rejected == r.errors.total)
    }

    @Test func asyncFailuresDoNotFailTheRequest() throws {
        let m = try model("""
            entry: api
            workload: { qps: 500/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 1ms }, calls: [{ async: [log] }] }
              log: { kind: station, concurrency: 1, latency: { constant: 10ms }, queue_limit: 0 }
            """)
        let r = Simulation(model: m, seed: 2).run(until: .requests(20_000))
        #expect(r.errorRate == 0)
        #expect((r[component: "log"]?.rejected ?? 0) > 0)
    }

    @Test func timeStoppedUnstableRunIsBounded() throws {
        let m = try model(stations([(1, 2)], qps: 1000))   // ρ = 2
        let r = Simulation(model: m, seed: 1).run(until: .time(1_000_000))
        #expect(!r.isStable)
        #expect(r.wasCutOff)
        #expect(r.simulatedSeconds < 1_000)
    }

    @Test func traceObserverSeesEveryRequestFinish() throws {
        let m = try model(stations([(2, 1), (2, 1)], qps: 500))
        var arrivals = 0, done = 0
        let r = Simulation(model: m, seed: 4, warmupFraction: 0).run(until: .requests(1_000)) { e in
            if e.kind == .arrival { arrivals += 1 }
            if e.kind == .done { done += 1 }
        }
        #expect(arrivals == 1_000 && done == 1_000)
        // Observing does not change the run.
        #expect(r == Simulation(model: m, seed: 4, warmupFraction: 0).run(until: .requests(1_000)))
    }
}

@Suite("Utilisation of long services") struct LongServiceUtilisationTests {
    /// Services far longer than the window used to be credited whole at their start: a saturated
    /// station showed over 100 % or, when every service began in the warm-up, 0 %.
    @Test func aSaturatedSlowStationIsExactlyBusy() throws {
        let m = try model("""
            entry: a
            workload: { qps: 10/s }
            components:
              a: { kind: station, latency: 1ms, calls: [{ async: [b] }] }
              b: { kind: station, latency: 30s, concurrency: 2 }
            """)
        let r = Simulation(model: m, seed: 1).run(until: .requests(2_000))
        let b = try #require(r[component: "b"])
        #expect(abs(b.utilization - 1) < 1e-9, "busy all the window: \(b.utilization)")
    }

    @Test func servicesThatOutliveTheWindowCountOnlyInsideIt() throws {
        // λS/c = 10/s · 5 s / 100 = 0.5, though every service runs for a fortieth of the window.
        let m = try model("""
            entry: a
            workload: { qps: 10/s }
            components:
              a: { kind: station, latency: 1ms, calls: [{ async: [b] }] }
              b: { kind: station, latency: 5s, concurrency: 100 }
            """)
        let r = Simulation(model: m, seed: 2).run(until: .requests(2_000))
        expectClose(r[component: "b"]?.utilization ?? 0, 0.5, relative: 0.05, "slow station utilisation")
    }
}
