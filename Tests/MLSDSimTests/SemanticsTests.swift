import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Each simulation semantic against a known answer. Servers are plentiful unless a test is about
/// queueing, so only the semantic under test shapes the figures. 100k requests, fixed seeds; each
/// tolerance is several standard errors of the estimate, stated beside it.
struct SemanticsTests {
    @Test func cacheHitRatioSendsMissesOnward() throws {
        let m = try model("""
            entry: cache
            workload: { qps: 1000/s }
            components:
              cache: { kind: cache, hit_ratio: 80%, on_miss: db, concurrency: 1000, latency: { constant: 1ms } }
              db: { kind: database, concurrency: 1000, latency: { constant: 10ms } }
            """)
        let r = Simulation(model: m, seed: 11).run(until: .requests(100_000))
        let cache = try #require(r[component: "cache"]), db = try #require(r[component: "db"])
        // Miss fraction 0.2, binomial sd √(0.16/90000) ≈ 0.0013: ±0.008 is 6σ.
        expectNear(db.arrivalRate / cache.arrivalRate, 0.2, absolute: 0.008, "miss fraction")
        // Hits take 1 ms, misses 11 ms: p50 is a hit, p95 a miss, mean 1 + 0.2·10 = 3 ms.
        expectNear(r.latency.p50, 0.001, absolute: 1e-6, "p50")
        expectNear(r.latency.p95, 0.011, absolute: 1e-5, "p95")
        expectNear(r.latency.mean, 0.003, absolute: 0.0001, "mean")
        expectNear(r.analytic.components[1].visits, 0.2, absolute: 1e-12, "analytic visits to db")
    }

    @Test func asyncCallsAddLoadButNoLatency() throws {
        let m = try model("""
            entry: api
            workload: { qps: 1000/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 2ms }, calls: [{ async: [audit] }] }
              audit: { kind: station, concurrency: 200, latency: { constant: 50ms } }
            """)
        let r = Simulation(model: m, seed: 3).run(until: .requests(50_000))
        expectNear(r.latency.p999, 0.002, absolute: 2e-6, "p99.9 is api's 2 ms alone")
        expectNear(r.latency.mean, 0.002, absolute: 1e-9, "mean")
        let api = try #require(r[component: "api"]), audit = try #require(r[component: "audit"])
        expectClose(audit.arrivalRate, api.arrivalRate, relative: 0.001, "audit sees every request")
        // 1000/s × 50 ms / 200 servers = 0.25.
        expectClose(audit.utilization, 0.25, relative: 0.03, "audit utilisation")
    }

    @Test func parallelWaitsForTheSlowestBranch() throws {
        let m = try model("""
            entry: fan
            workload: { qps: 500/s }
            components:
              fan: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ parallel: [a, b] }] }
              a: { kind: station, concurrency: 1000, latency: { exponential: 10ms } }
              b: { kind: station, concurrency: 1000, latency: { exponential: 10ms } }
            """)
        let r = Simulation(model: m, seed: 5).run(until: .requests(100_000))
        // max of two Exp(mean 10 ms): mean 15 ms (sd 11.2 ms, se 0.04 ms = 0.25 %); median 10·ln(1/(1−√0.5)) = 12.28 ms.
        expectClose(r.latency.mean, 0.015, relative: 0.015, "mean of the max")
        expectClose(r.latency.p50, 0.010 * log(1 / (1 - 0.5.squareRoot())), relative: 0.015, "median of the max")
        // Sequence instead: the sum, mean 20 ms.
        let s = try model("""
            entry: fan
            workload: { qps: 500/s }
            components:
              fan: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [a, b] }] }
              a: { kind: station, concurrency: 1000, latency: { exponential: 10ms } }
              b: { kind: station, concurrency: 1000, latency: { exponential: 10ms } }
            """)
        let rs = Simulation(model: s, seed: 5).run(until: .requests(100_000))
        expectClose(rs.latency.mean, 0.020, relative: 0.015, "mean of the sum")
    }

    @Test func timeoutRateIsTheChanceServiceExceedsTheTimeout() throws {
        let m = try model("""
            entry: api
            workload: { qps: 1000/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [slow] }] }
              slow: { kind: station, concurrency: 1000, latency: { exponential: 10ms }, timeout: 10ms }
            """)
        let r = Simulation(model: m, seed: 9).run(until: .requests(100_000))
        // P(Exp(10 ms) > 10 ms) = e⁻¹ = 0.3679; binomial sd 0.0016, ±0.008 is 5σ.
        expectNear(r.errorRate, exp(-1), absolute: 0.008, "timeout rate")
        #expect(r.errors.timeout == r.errors.total)
        // Timed-out work still runs to the end: slow is busy 1000/s × 10 ms / 1000 = 1 %.
        expectClose(r[component: "slow"]?.utilization ?? 0, 0.01, relative: 0.03, "callee keeps working")
        // Successful requests are the fast ones: no success takes longer than the timeout.
        #expect(r.latency.p999 <= 0.010 * 1.001)
    }

    @Test func retriesTryAgainAfterATimeout() throws {
        let m = try model("""
            entry: api
            workload: { qps: 1000/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [slow] }] }
              slow: { kind: station, concurrency: 1000, latency: { exponential: 10ms }, timeout: 10ms, retries: 2 }
            """)
        let r = Simulation(model: m, seed: 9).run(until: .requests(100_000))
        let p = exp(-1.0)
        // Three attempts all time out: p³ = 0.0498 (sd 0.0007; ±0.004 ≈ 5σ).
        expectNear(r.errorRate, p * p * p, absolute: 0.004, "failure after retries")
        // Attempts per request 1 + p + p² = 1.503.
        let slow = try #require(r[component: "slow"]), api = try #require(r[component: "api"])
        expectNear(slow.arrivalRate / api.arrivalRate, 1 + p + p * p, absolute: 0.01, "attempts per request")
        expectNear(r.analytic.components[1].visits, 1 + p + p * p, absolute: 1e-9, "analytic attempts")
    }

    @Test func fallbackAnswersWhenTheCallFails() throws {
        let m = try model("""
            entry: api
            workload: { qps: 1000/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [model] }] }
              model: { kind: station, concurrency: 1000, latency: { exponential: 10ms }, timeout: 10ms, fallback: rules }
              rules: { kind: station, concurrency: 1000, latency: { constant: 1ms } }
            """)
        let r = Simulation(model: m, seed: 9).run(until: .requests(100_000))
        #expect(r.errorRate == 0)
        let rules = try #require(r[component: "rules"]), api = try #require(r[component: "api"])
        expectNear(rules.arrivalRate / api.arrivalRate, exp(-1), absolute: 0.008, "fallback share")
        // Fallback requests take exactly timeout + rules = 11 ms; they are the slowest 37 %.
        expectNear(r.latency.p99, 0.011, absolute: 0.011 * 0.001, "p99 is the fallback path")
        #expect(r[component: "model"]?.fallbacks ?? 0 > 0)
    }

    @Test func queueLimitRejectsLikeAnMM1K() throws {
        let m = try model("""
            entry: s
            workload: { qps: 900/s }
            components:
              s: { kind: station, latency: { exponential: 1ms }, queue_limit: 4 }
            """)
        let r = Simulation(model: m, seed: 13).run(until: .requests(200_000))
        // M/M/1/K with K = 1 + 4 = 5 in the system, ρ = 0.9: P(block) = (1−ρ)ρ⁵ / (1−ρ⁶) = 0.1260.
        let rho = 0.9
        let block = (1 - rho) * pow(rho, 5) / (1 - pow(rho, 6))
        // Correlated samples: the standard error is a few times the binomial 0.0007; ±0.006.
        expectNear(r.errorRate, block, absolute: 0.006, "blocking probability")
        #expect(r.errors.rejected == r.errors.total)
    }

    @Test func probabilisticBranchRunsForItsShare() throws {
        let m = try model("""
            entry: api
            workload: { qps: 1000/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 1ms }, calls: [{ sequence: [review], probability: 2% }] }
              review: { kind: station, concurrency: 1000, latency: { constant: 100ms } }
            """)
        let r = Simulation(model: m, seed: 21).run(until: .requests(100_000))
        let share = (r[component: "review"]?.arrivalRate ?? 0) / (r[component: "api"]?.arrivalRate ?? 1)
        // Binomial sd √(0.02·0.98/90000) = 0.00047; ±0.003 is 6σ.
        expectNear(share, 0.02, absolute: 0.003, "branch share")
        expectNear(r.latency.p99, 0.101, absolute: 0.0001, "p99 falls in the 2 % that go to review")
        expectNear(r.latency.p50, 0.001, absolute: 1e-6, "p50 skips review")
    }

    @Test func batchingRaisesThroughputSubLinearly() throws {
        // One server, 4 ms per request alone: 250/s without batching. Full batches of 4 cost
        // 4 ms · √4 = 8 ms, so 500/s. At 400/s only batching keeps up.
        let batched = try model("""
            entry: m
            workload: { qps: 400/s }
            components:
              m: { kind: model_server, concurrency: 1, latency: { constant: 4ms }, batching: { max_batch: 4, max_wait: 2ms } }
            """)
        let r = Simulation(model: batched, seed: 4).run(until: .requests(100_000))
        #expect(r.isStable && !r.wasCutOff)
        expectClose(r.throughput, 400, relative: 0.02, "throughput at 400/s")
        let batch = try #require(r[component: "m"]?.meanBatchSize)
        #expect(batch > 1.5 && batch <= 4)
        expectClose(r.analytic.maxQPS, 500, relative: 1e-9, "analytic capacity with full batches")
        // Without batching the same load is unstable.
        let plain = try model("""
            entry: m
            workload: { qps: 400/s }
            components:
              m: { kind: model_server, concurrency: 1, latency: { constant: 4ms } }
            """)
        let p = Simulation(model: plain, seed: 4).run(until: .requests(100_000))
        #expect(!p.isStable)
    }

    @Test func batchesWaitAtMostMaxWait() throws {
        // Light load: batches rarely fill, so a request waits up to max_wait (5 ms) for company.
        let m = try model("""
            entry: m
            workload: { qps: 50/s }
            components:
              m: { kind: model_server, concurrency: 4, latency: { constant: 1ms }, batching: { max_batch: 8, max_wait: 5ms } }
            """)
        let r = Simulation(model: m, seed: 4).run(until: .requests(20_000))
        let wait = try #require(r[component: "m"]?.meanWaitSeconds)
        #expect(wait <= 0.005 + 1e-9)
        #expect(wait > 0.004)
    }

    @Test func speedUpsDivideServiceTime() throws {
        let m = try model("""
            entry: m
            workload: { qps: 100/s }
            components:
              m: { kind: model_server, concurrency: 100, latency: { constant: 28ms }, optimizations: [int8] }
            """)
        let r = Simulation(model: m, seed: 1).run(until: .requests(5_000))
        // int8 is 2.8×: 28 ms → 10 ms.
        expectNear(r.latency.p50, 0.010, absolute: 0.010 * 0.001, "p50 after int8")
    }

    @Test func waterfallFollowsTheCriticalPath() throws {
        let m = try model("""
            entry: gw
            workload: { qps: 500/s }
            components:
              gw: { kind: station, concurrency: 1000, latency: { constant: 1ms }, calls: [{ parallel: [fast, slow] }, { async: [log] }] }
              fast: { kind: station, concurrency: 1000, latency: { constant: 2ms } }
              slow: { kind: station, concurrency: 1000, latency: { exponential: 20ms } }
              log: { kind: station, concurrency: 1000, latency: { constant: 90ms } }
            """)
        let r = Simulation(model: m, seed: 8).run(until: .requests(50_000))
        let steps = Dictionary(uniqueKeysWithValues: r.criticalPathP99.map { ($0.id, $0.seconds) })
        #expect(steps["fast"] == nil, "the fast branch never decides when the slow one ends")
        #expect(steps["log"] == nil, "async work is not on the path")
        expectNear(steps["gw"] ?? 0, 0.001, absolute: 1e-9, "gateway step")
        // The slowest 1 % average at least p99 and the steps add up to their latency.
        let total = r.criticalPathP99.map(\.seconds).reduce(0, +)
        #expect(total >= r.latency.p99 * 0.98)
        expectClose(steps["slow"] ?? 0, total - 0.001, relative: 1e-9, "slow branch carries the rest")
    }

    @Test func costAndAvailabilityFollowTheFormulas() throws {
        let m = try model("""
            entry: a
            zones: 1
            zone_availability: 100%
            workload: { qps: 100/s }
            components:
              a: { kind: station, replicas: 2, latency: { constant: 1ms }, availability: 99%, cost: $1/h, calls: [{ sequence: [b] }] }
              b: { kind: station, replicas: 1, latency: { constant: 1ms }, availability: 90%, cost: $0.5/h, fallback: c }
              c: { kind: station, replicas: 1, latency: { constant: 1ms }, availability: 80%, cost: $0.25/h }
            """)
        let r = Simulation(model: m, seed: 1).run(until: .requests(10_000))
        // Cost: 2·1 + 0.5 + 0.25 = 2.75 $/h, 730 h a month.
        expectNear(r.cost.perHour, 2.75, absolute: 1e-12, "per hour")
        expectNear(r.cost.perMonth, 2.75 * 730, absolute: 1e-9, "per month")
        expectClose(r.cost.perMillionRequests, 2.75 / (r.throughput * 3600) * 1e6, relative: 1e-12, "per million")
        // Availability (one zone that never fails; zones are ZoneTests'): a's replicas 1 − 0.01² =
        // 0.9999; b or its fallback c: 1 − 0.1·0.2 = 0.98.
        expectNear(r.availability, 0.9999 * 0.98, absolute: 1e-12, "availability")
    }
}
