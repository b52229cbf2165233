import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Retry storms and the retry budget that prevents one (issue #8, Deliver 2).
struct RetryBudgetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ sets: [String] = []) throws -> SimulationResult {
        let text = try String(contentsOf: root.appendingPathComponent("Examples/retry-storm.yaml"), encoding: .utf8)
        let scenario = try Scenario.parse(yaml: text, path: "Examples/retry-storm.yaml").scenario
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
}
