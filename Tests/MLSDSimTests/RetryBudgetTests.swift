import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Retry storms and the retry budget that prevents one (issue #8, Deliver 2).
struct RetryBudgetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ sets: [String] = [], file: String = "Examples/retry-storm.yaml") throws -> SimulationResult {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        let scenario = try Scenario.parse(yaml: text, path: file).scenario
            .applying(sets.map { try DesignOverride(parsing: $0) })
        return try Simulation.run(scenario, options: .init(seed: 42, stop: .requests(60_000)))
    }

    /// The shipped example: immediate retries of abandoned work at 80 % load collapse goodput to
    /// nothing; a 5 % retry budget keeps it answering, stable, within its requirements.
    @Test func aRetryStormCollapsesGoodputAndABudgetKeepsItUp() throws {
        let storm = try Self.example()
        #expect(!storm.isStable)
        #expect(storm.successes == 0)
        let backend = try #require(storm[component: "backend"])
        expectNear(backend.retryAmplification, 4, absolute: 0.01, "amplification: every call tried 1 + 3 times")
        #expect(backend.offeredUtilization > 2)
        #expect(backend.goodput == 0)
        #expect(storm.overloaded.first?.description.hasPrefix("backend at ") == true)

        let cured = try Self.example(["backend.retry_budget=5%"])
        #expect(cured.isStable)
        #expect(cured.successRatio > 0.995)
        #expect(cured.meetsRequirements, "\(cured.requirements.filter { !$0.passes })")
        let b = try #require(cured[component: "backend"])
        #expect(b.retryAmplification < 1.06)
        #expect(b.retriesDenied > 0)
        // Goodput is the offered 800/s, within Poisson noise (sd of the rate over 54k arrivals ≈ 0.4 %).
        expectClose(b.goodput, 800, relative: 0.02, "backend goodput with the budget")
    }

    /// The shipped breaker example: the same storm with a circuit breaker and a stale-answer
    /// fallback keeps the backend's goodput at the offered rate; without the breaker the backend's
    /// goodput collapses and every answer is the fallback's.
    @Test func aCircuitBreakerKeepsGoodputUp() throws {
        let guarded = try Self.example(file: "Examples/retry-storm-breaker.yaml")
        #expect(guarded.isStable)
        #expect(guarded.meetsRequirements, "\(guarded.requirements.filter { !$0.passes })")
        #expect(guarded.errors.total == 0)
        #expect(guarded.degradedShare > 0 && guarded.degradedShare < 0.03)
        let b = try #require(guarded[component: "backend"])
        #expect(b.breakerOpens >= 1 && b.fastFailed > 0)
        #expect(b.breakerOpenShare < 0.05)
        expectClose(b.goodput, 800, relative: 0.03, "backend goodput with the breaker")

        let storm = try Self.example(["backend.circuit_breaker=none"], file: "Examples/retry-storm-breaker.yaml")
        #expect(!storm.isStable)
        #expect(storm[component: "backend"]?.goodput == 0)
        #expect(storm.degradedShare > 0.99, "every answer is the fallback's")
    }

    /// Every call fails; the budget starts with ``SimulationModel/retryBudgetBurst`` tokens, each
    /// first attempt deposits 10 % of a token, each retry spends one. The retries made are those of
    /// the token rule worked by hand on the same sequence of calls.
    @Test func budgetFollowsTheTokenRule() throws {
        let m = try model("""
            entry: api
            workload: { qps: 10/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [down] }] }
              down: { kind: station, concurrency: 100, latency: { constant: 10ms }, timeout: 1ms, retries: 2, retry_budget: 10% }
            """)
        let r = Simulation(model: m, seed: 4, warmupFraction: 0).run(until: .requests(500))
        // By hand: at 10/s a request's calls (2 ms at most) never overlap the next one's, so the
        // sequence is: deposit 0.1 (capped at 10), then up to two retries while a token remains.
        var tokens = SimulationModel.retryBudgetBurst, retries = 0, denied = 0
        for _ in 0..<500 {
            tokens = min(SimulationModel.retryBudgetBurst, tokens + 0.1)
            for _ in 0..<2 {
                if tokens >= 1 { tokens -= 1; retries += 1 } else { denied += 1; break }
            }
        }
        let down = try #require(r[component: "down"])
        #expect(down.retries == retries)
        #expect(down.retriesDenied == denied)
        #expect(r.errors.timeout == 500)
        // 10 saved retries plus one per ten requests, roughly.
        #expect(abs(retries - (10 + 50)) <= 2)
    }

    /// Without a budget nothing changes: the same run as before the feature (retries unlimited).
    @Test func noBudgetRetriesEveryFailure() throws {
        let m = try model("""
            entry: api
            workload: { qps: 10/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [down] }] }
              down: { kind: station, concurrency: 100, latency: { constant: 10ms }, timeout: 1ms, retries: 2 }
            """)
        let r = Simulation(model: m, seed: 4, warmupFraction: 0).run(until: .requests(500))
        let down = try #require(r[component: "down"])
        #expect(down.retries == 1000 && down.retriesDenied == 0)
        expectNear(down.attemptsPerRequest, 3, absolute: 1e-12, "1 + 2 attempts")
    }

    /// Backoff with full jitter on a hand-worked trace: the call times out 2 ms after it starts, the
    /// retry k starts a uniform draw in [0, 4 ms · 2^(k−1)] after that timeout; over many requests
    /// the mean waits are 2 ms and 4 ms.
    @Test func backoffWaitsAJitteredExponentialDelay() throws {
        let m = try model("""
            entry: api
            workload: { qps: 5/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [down] }] }
              down: { kind: station, concurrency: 100, latency: { constant: 10ms }, timeout: 2ms, retries: 2, backoff: 4ms }
            """)
        var trace: [TraceEvent] = []
        let r = Simulation(model: m, seed: 9, warmupFraction: 0).run(until: .requests(2000)) { trace.append($0) }
        #expect(r.errors.timeout == 2000)
        var first: [Double] = [], second: [Double] = []
        var lastTimeout: [Int: Double] = [:], retriesDone: [Int: Int] = [:]
        for e in trace where e.component == "down" {
            if e.kind == .timeout { lastTimeout[e.request] = e.time }
            if e.kind == .retry, e.detail == "after backoff", let t = lastTimeout[e.request] {
                let k = retriesDone[e.request, default: 0]
                retriesDone[e.request] = k + 1
                if k == 0 { first.append(e.time - t) } else { second.append(e.time - t) }
            }
        }
        // One request by hand: enter at arrival + 1 ms, time out 2 ms later, retry within 4 ms of
        // that, time out 2 ms after it starts, retry within 8 ms, time out, fail.
        let r0 = trace.filter { $0.request == 0 && $0.component == "down" && ($0.kind == .enter || $0.kind == .timeout) }.map(\.time)
        #expect(r0.count == 6)
        if r0.count == 6 {
            let arrival = trace.first { $0.request == 0 && $0.kind == .arrival }?.time ?? 0
            expectNear(r0[0], arrival + 0.001, absolute: 1e-12, "first attempt after api's 1 ms")
            expectNear(r0[1] - r0[0], 0.002, absolute: 1e-12, "timeout")
            #expect(r0[2] - r0[1] >= 0 && r0[2] - r0[1] <= 0.004, "first backoff within 4 ms")
            expectNear(r0[3] - r0[2], 0.002, absolute: 1e-12, "timeout")
            #expect(r0[4] - r0[3] >= 0 && r0[4] - r0[3] <= 0.008, "second backoff within 8 ms")
        }
        #expect(first.count == 2000 && second.count == 2000)
        #expect(first.allSatisfy { $0 >= 0 && $0 <= 0.004 } && second.allSatisfy { $0 >= 0 && $0 <= 0.008 })
        // Uniform means 2 ms and 4 ms; sd of the mean of 2000 is 4/√12/√2000 ms ≈ 0.026 ms: ±0.1 ms is 4σ.
        expectNear(first.reduce(0, +) / Double(first.count), 0.002, absolute: 0.0001, "mean first backoff")
        expectNear(second.reduce(0, +) / Double(second.count), 0.004, absolute: 0.0002, "mean second backoff")
        // Same seed, same run.
        #expect(Simulation(model: m, seed: 9, warmupFraction: 0).run(until: .requests(2000)) == r)
    }
}
