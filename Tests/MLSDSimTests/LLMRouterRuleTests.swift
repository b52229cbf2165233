import Foundation
import MLSDCore
import MLSDSim
import Testing

/// An `llm_router` routes by a rule on the request's tokens (`when: input_tokens > 2000`) before
/// its shares: long prompts to the large model, the rest shared.
struct LLMRouterRuleTests {
    static func scenario(input: String, calls: String) throws -> Scenario {
        let text = """
        name: Rule router
        design:
          entry: router
          workload: { qps: 100/s, input_tokens: \(input), output_tokens: 50 }
          components:
            router:
              kind: llm_router
              latency: 1ms
              concurrency: 64
              calls:
        \(calls)
            large: { kind: station, latency: 100ms, concurrency: 64 }
            small: { kind: station, latency: 10ms, concurrency: 64 }
            other: { kind: station, latency: 10ms, concurrency: 64 }
        """
        return try Scenario.parse(yaml: text, path: "rule.yaml").scenario
    }

    static let longToLarge = """
                - { sequence: [large], when: "input_tokens > 2000" }
                - { sequence: [small], probability: 100% }
        """

    @Test func rulesParseAndWriteBack() throws {
        let s = try Self.scenario(input: "{ p50: 1000, p90: 4000 }", calls: Self.longToLarge)
        let rule = try #require(s.design["router"]?.calls.first?.rule)
        #expect(rule == TokenRule(.inputTokens, .above, 2000))
        #expect(try Scenario.parse(yaml: s.yaml(), path: "again.yaml").scenario == s)
        #expect(TokenRule.parse("output_tokens<=64") == TokenRule(.outputTokens, .atMost, 64))
        #expect(TokenRule.parse("input_tokens >= 10") == TokenRule(.inputTokens, .atLeast, 10))
        for bad in ["input_tokens > ", "tokens > 5", "input_tokens = 5", "input_tokens > -1", "input_tokens > 99999999999"] {
            #expect(TokenRule.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func badRulesAreLocatedErrors() throws {
        func errorText(_ calls: String) -> String {
            do { _ = try Self.scenario(input: "1000", calls: calls); return "" } catch { return "\(error)" }
        }
        let bad = errorText("        - { sequence: [large], when: \"prompt > 2000\" }\n        - { sequence: [small], probability: 100% }")
        #expect(bad.contains("rule.yaml:11:38: error: invalid value 'prompt > 2000' for 'when': expected a rule such as 'input_tokens > 2000'"), "\(bad)")
        let both = errorText("        - { sequence: [large], when: \"input_tokens > 2000\", probability: 20% }")
        #expect(both.contains("a call has 'when' or 'probability', not both"), "\(both)")
        let text = "name: t\ndesign:\n  entry: a\n  components:\n    a:\n      kind: gateway\n      calls:\n        - { sequence: [b], when: \"input_tokens > 5\" }\n    b: { kind: station, latency: 1ms }\n"
        var message = ""
        do { _ = try Scenario.parse(yaml: text, path: "g.yaml") } catch { message = "\(error)" }
        #expect(message.contains("g.yaml:8:13: error: 'when' applies only to the calls of an llm_router, not gateway 'a'"), "\(message)")
    }

    @Test func aRuleTakesExactlyTheRequestsThatMeetIt() throws {
        // Fixed prompts: every request meets the rule, or none does.
        let all = try Simulation.run(try Self.scenario(input: "3000", calls: Self.longToLarge), options: .init(seed: 3, stop: .requests(5_000)))
        #expect(try #require(all[component: "large"]).attemptsPerRequest == 1)
        #expect(all[component: "small"]?.attemptsPerRequest ?? 0 == 0)
        let none = try Simulation.run(try Self.scenario(input: "2000", calls: Self.longToLarge), options: .init(seed: 3, stop: .requests(5_000)))
        #expect(none[component: "large"]?.attemptsPerRequest ?? 0 == 0)
        #expect(try #require(none[component: "small"]).attemptsPerRequest == 1)
    }

    @Test func theRuleShareMatchesTheTokenDistribution() throws {
        // Prompts lognormal, median 1 000, p90 4 000: P(prompt > 2 000) = P(Z > ln(2000.5/1000)/σ), σ = ln 4 / z₀.₉.
        let s = try Self.scenario(input: "{ p50: 1000, p90: 4000 }", calls: """
                - { sequence: [large], when: "input_tokens > 2000" }
                - { sequence: [small], probability: 75% }
                - { sequence: [other], probability: 25% }
        """)
        let sigma = log(4.0) / 1.2815515655446004
        let expected = 0.5 * erfc(log(2000.5 / 1000) / sigma / 2.0.squareRoot())
        let model = try SimulationModel(design: s.design)
        let router = try #require(model.components.first { $0.id == "router" })
        #expect(abs(router.groups[0].probability - expected) < 1e-12)
        #expect(abs(router.groups[1].probability - 0.75 * (1 - expected)) < 1e-12, "the shares split what the rule leaves")
        let result = try Simulation.run(s, options: .init(seed: 11, stop: .requests(40_000)))
        let large = try #require(result[component: "large"]).attemptsPerRequest
        let small = try #require(result[component: "small"]).attemptsPerRequest
        let other = try #require(result[component: "other"]).attemptsPerRequest
        #expect(abs(large + small + other - 1) < 1e-9, "one route each")
        #expect(abs(large - expected) < 0.01, "\(large) against \(expected)")
        #expect(abs(small - 0.75 * (1 - expected)) < 0.01)
    }
}
