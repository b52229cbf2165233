import MLSDCore
import MLSDSim
import Testing

/// An `llm_router` sends each call down at most one of its probabilistic call groups, picked by
/// their shares; other components draw each probabilistic group on its own.
struct LLMRouterTests {
    static func scenario(router: String, shares: (Int, Int)) throws -> Scenario {
        let text = """
        name: Router
        design:
          entry: router
          workload: { qps: 100/s }
          components:
            router:
              kind: \(router)
              latency: 1ms
              concurrency: 64
              calls:
                - { sequence: [fast], probability: \(shares.0)% }
                - { sequence: [slow], probability: \(shares.1)% }
            fast: { kind: station, latency: 10ms, concurrency: 64 }
            slow: { kind: station, latency: 100ms, concurrency: 64 }
        """
        return try Scenario.parse(yaml: text, path: "router.yaml").scenario
    }

    @Test func aRouterTakesExactlyOneRouteWhenTheSharesAddUpToOne() throws {
        let result = try Simulation.run(try Self.scenario(router: "llm_router", shares: (80, 20)), options: .init(seed: 7, stop: .requests(20_000)))
        let fast = try #require(result[component: "fast"]).attemptsPerRequest
        let slow = try #require(result[component: "slow"]).attemptsPerRequest
        #expect(abs(fast + slow - 1) < 1e-9, "every request takes one route: \(fast) + \(slow)")
        #expect(abs(fast - 0.8) < 0.02)
        // 1 ms in the router, then 10 ms or 100 ms: never neither (1 ms) nor both (111 ms).
        let q = result.latencyQuantiles
        #expect(try #require(q.first) > 0.009 && (q.last ?? 1) < 0.105, "\(q.first ?? 0)…\(q.last ?? 0)")
    }

    @Test func aRouterLeavesTheRestUnroutedWhenTheSharesAddUpToLess() throws {
        let result = try Simulation.run(try Self.scenario(router: "llm_router", shares: (50, 20)), options: .init(seed: 7, stop: .requests(20_000)))
        let fast = try #require(result[component: "fast"]).attemptsPerRequest
        let slow = try #require(result[component: "slow"]).attemptsPerRequest
        #expect(abs(fast - 0.5) < 0.02 && abs(slow - 0.2) < 0.02)
        #expect((result.latencyQuantiles.last ?? 1) < 0.105, "no request takes both routes")
    }

    @Test func otherKindsDrawEachProbabilisticGroupOnItsOwn() throws {
        let result = try Simulation.run(try Self.scenario(router: "station", shares: (80, 20)), options: .init(seed: 7, stop: .requests(20_000)))
        // Independent draws: about 16% take both routes (over 110 ms) and 16% neither.
        #expect((result.latencyQuantiles.last ?? 0) > 0.11)
        #expect((result.latencyQuantiles.first ?? 1) < 0.009)
    }

    @Test func sharesOverOneHundredPercentAreWarnedAboutWhereTheRoutesStart() throws {
        let text = """
        name: Router
        design:
          entry: router
          components:
            router:
              kind: llm_router
              calls:
                - { sequence: [a], probability: 80% }
                - { sequence: [b], probability: 30% }
            a: { kind: station, latency: 10ms }
            b: { kind: station, latency: 10ms }
        """
        let warnings = try Scenario.parse(yaml: text, path: "router.yaml").warnings
        let w = try #require(warnings.first { $0.message.contains("llm_router") })
        #expect(w.description.hasPrefix("router.yaml:8:13: warning: "), "\(w.description)")
        #expect(w.message.contains("add up to 110%"))
    }
}
