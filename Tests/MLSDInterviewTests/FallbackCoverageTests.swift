import MLSDCore
import Testing
@testable import MLSDInterview

/// The fallback design check counts LLM servers as models, and a fallback on or around one (its
/// own, an `llm_router`'s, a human handoff) covers it as one on a model server does.
@Suite("Fallbacks around LLM servers") struct FallbackCoverageTests {
    static func design(_ components: String, entry: String = "gateway") throws -> Design {
        let text = "name: t\ndesign:\n  entry: \(entry)\n  components:\n" + components.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        return try Scenario.parse(yaml: text, path: "t.yaml").scenario.design
    }

    static let bare = """
        gateway: { kind: gateway, calls: [{ sequence: [router] }, { async: [monitor] }] }
        router: { kind: llm_router, calls: [{ sequence: [small], probability: 80% }, { sequence: [large], probability: 20% }] }
        small: { kind: llm_server, model: llama-3.1-8b }
        large: { kind: llm_server, model: llama-3.1-8b }
        agents: { kind: human_review }
        snippets: { kind: http_service }
        monitor: { kind: monitor }
        """

    static func check(_ design: Design, reference: Design? = nil) -> DesignCheck? {
        Rubric.designChecks(DesignEvidence(design: design, reference: reference)).first { $0.name == "fallback on the critical path" }
    }

    @Test func anLLMWithoutAnyFallbackFailsTheCheck() throws {
        let d = try Self.design(Self.bare)
        let check = try #require(Self.check(d))
        #expect(!check.passed)
        #expect(check.detail == "no fallback for: small, large")
        #expect(DesignEvidence(design: d, reference: nil).modelServersOnPath == ["small", "large"])
    }

    @Test func aFallbackOnTheLLMItselfCounts() throws {
        let d = try Self.design(Self.bare.replacingOccurrences(of: "small: { kind: llm_server,", with: "small: { kind: llm_server, fallback: snippets,")
                                    .replacingOccurrences(of: "large: { kind: llm_server,", with: "large: { kind: llm_server, fallback: small,"))
        #expect(try #require(Self.check(d)).passed)
    }

    @Test func aRouterWithAFallbackCoversTheModelsBehindIt() throws {
        let d = try Self.design(Self.bare.replacingOccurrences(of: "router: { kind: llm_router,", with: "router: { kind: llm_router, fallback: agents,"))
        let check = try #require(Self.check(d))
        #expect(check.passed, "\(check.detail)")
        #expect(FallbackCoverage(d).guards["small"] == ["router"])
    }

    @Test func aHumanHandoffOnTheLLMCounts() throws {
        let d = try Self.design(Self.bare.replacingOccurrences(of: "small: { kind: llm_server,", with: "small: { kind: llm_server, fallback: agents,")
                                    .replacingOccurrences(of: "large: { kind: llm_server,", with: "large: { kind: llm_server, fallback: agents,"))
        #expect(try #require(Self.check(d)).passed)
    }

    @Test func aSecondCallerWithoutAFallbackLeavesTheModelUncovered() throws {
        // The router falls back, but the gateway also calls `small` directly, with nothing to answer if it fails.
        let text = Self.bare.replacingOccurrences(of: "router: { kind: llm_router,", with: "router: { kind: llm_router, fallback: agents,")
            .replacingOccurrences(of: "{ async: [monitor] }", with: "{ sequence: [small] }, { async: [monitor] }")
        let d = try Self.design(text)
        #expect(FallbackCoverage(d).uncovered == ["small"])
        #expect(try #require(Self.check(d)).detail == "no fallback for: small")
    }

    @Test func addingTheRoutersFallbackEarnsCredit() throws {
        let reference = try Self.design(Self.bare)
        let candidate = try Self.design(Self.bare.replacingOccurrences(of: "router: { kind: llm_router,", with: "router: { kind: llm_router, fallback: agents,"))
        let check = try #require(Self.check(candidate, reference: reference))
        #expect(check.passed && check.credited, "\(check.detail)")
        // Tuning the router's latency leaves the fallback as it was: no credit when the reference already had it.
        var tuned = candidate
        if let i = tuned.components.firstIndex(where: { $0.id == "router" }) { tuned.components[i].replicas = 3 }
        let again = try #require(Self.check(tuned, reference: candidate))
        #expect(again.passed && !again.credited)
        #expect(again.detail.hasSuffix("(already in the reference design: no credit)"))
    }

    @Test func modelServersKeepTheirRule() throws {
        let d = try Self.design("""
            gateway: { kind: gateway, calls: [{ sequence: [scorer] }] }
            scorer: { kind: model_server, fallback: rules }
            rules: { kind: rule_engine }
            """)
        #expect(try #require(Self.check(d)).passed)
        var none = d
        none.components[1].fallback = nil
        #expect(try #require(Self.check(none)).detail == "no fallback for: scorer")
    }
}
