import Foundation
import MLSDCore
import Testing
@testable import MLSDExport

/// The design document's findings on crafted designs: no cache advice for unique requests or for a
/// component already behind a cache, labels instead of ids, and the offline half filled in.
@Suite("Design doc findings") struct DesignDocFindingsTests {
    static func scenario(_ yaml: String) throws -> Scenario { try Scenario.parse(yaml: yaml, path: "crafted.yaml").scenario }
    static func findings(_ s: Scenario) -> [String] { MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s)).findings }
    static func bottleneck(_ findings: [String]) -> String? { findings.first { $0.hasPrefix("Bottleneck:") } }

    /// A payment scorer near its capacity with nothing in front: the bottleneck.
    static func scorer(unique: Bool) -> String {
        """
        name: Unique requests
        requirements: { peak_qps: 1k/s }
        design:
          entry: gateway
          components:
            gateway: { kind: gateway, replicas: 2, calls: [{ sequence: [scorer] }] }
            scorer: { kind: model_server, label: payment scorer, replicas: 4, fallback: rules, unique_requests: \(unique) }
            rules: { kind: rule_engine, replicas: 2 }
        """
    }

    @Test func noCacheAdviceForUniqueRequests() throws {
        let unique = try #require(Self.bottleneck(Self.findings(try Self.scenario(Self.scorer(unique: true)))))
        #expect(unique.contains("`payment scorer`"), "\(unique)")
        #expect(!unique.contains("cache"), "\(unique)")
        // The same design whose requests can repeat gets the advice: the test can fail.
        let repeating = try #require(Self.bottleneck(Self.findings(try Self.scenario(Self.scorer(unique: false)))))
        #expect(repeating.contains("a cache in front would take the repeated requests off it"), "\(repeating)")
    }

    /// `--set scorer.unique_requests=…` (and the TUI's inspector, which applies the same change)
    /// reaches the design doc: the advice goes with `true` and comes back with `false`.
    @Test func uniqueRequestsSetAfterReadingDecidesTheAdvice() throws {
        let repeating = try Self.scenario(Self.scorer(unique: false))
        let unique = try repeating.applying([DesignOverride(parsing: "scorer.unique_requests=true")])
        let noAdvice = try #require(Self.bottleneck(Self.findings(unique)))
        #expect(noAdvice.contains("`payment scorer`") && !noAdvice.contains("cache"), "\(noAdvice)")
        let back = try unique.applying([DesignOverride(parsing: "scorer.unique_requests=false")])
        let advice = try #require(Self.bottleneck(Self.findings(back)))
        #expect(advice.contains("a cache in front would take the repeated requests off it"), "\(advice)")
    }

    /// A ranker reached only on a cache's misses (news feed's shape), or called directly.
    static func ranker(cached: Bool) -> String {
        let entry = cached ? "calls: [{ sequence: [feed_cache] }]" : "calls: [{ sequence: [retrieval] }]"
        return """
        name: Cached ranker
        requirements: { peak_qps: 2k/s }
        design:
          entry: gateway
          components:
            gateway: { kind: gateway, replicas: 2, \(entry) }
            feed_cache: { kind: cache, label: feed per reader, replicas: 2, hit_ratio: 20%, on_miss: retrieval }
            retrieval: { kind: candidate_generator, replicas: 4, calls: [{ sequence: [ranker] }] }
            ranker: { kind: ranker, label: click model, replicas: 6, fallback: top }
            top: { kind: cache, label: top stories, replicas: 2 }
        """
    }

    @Test func noCacheAdviceWhereACacheAlreadyAnswers() throws {
        let cached = try #require(Self.bottleneck(Self.findings(try Self.scenario(Self.ranker(cached: true)))))
        #expect(cached.contains("`click model`"), "\(cached)")
        #expect(!cached.contains("a cache in front"), "\(cached)")
        let direct = try #require(Self.bottleneck(Self.findings(try Self.scenario(Self.ranker(cached: false)))))
        #expect(direct.contains("`click model`") && direct.contains("a cache in front"), "\(direct)")
    }

    @Test func findingsNameComponentsByLabel() throws {
        var s = try Self.scenario(Self.scorer(unique: true))
        s.design.components.removeAll { $0.id == "rules" }
        s.design.components[1].fallback = nil
        let text = Self.findings(s).joined(separator: "\n")
        #expect(text.contains("Model server `payment scorer` has no fallback"), "\(text)")
        #expect(!text.contains("`scorer`"), "\(text)")
    }

    @Test func shippedFraudDocHasBothHalves() throws {
        let s = try ScenarioLibrary(environment: [:]).load("fraud-detection").scenario
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s))
        let text = doc.text
        for heading in ["### Data sources", "### Labels", "### Features and their freshness", "### Training and batch jobs"] {
            #expect(text.contains(heading), "missing \(heading)")
        }
        #expect(text.contains("| velocity counters | 6 s | velocity counters job (continuous) | card_spend_1h, card_txn_count_10m, merchant_txn_count_1m |"))
        #expect(text.contains("`chargebacks + confirmed fraud`: known about 30 d after the event"))
        #expect(text.contains("The model in `fraud scorer` is at most 1.19 d old"))
        #expect(text.contains("runs the request path and"))
        #expect(!text.contains("repeated requests"), "the scorer's payments are unique")
        #expect(doc.findings.allSatisfy { !$0.contains("`decide`") })
    }

    @Test func moderationReviewersFeedLabels() throws {
        let s = try ScenarioLibrary(environment: [:]).load("content-moderation").scenario
        let text = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s)).text
        #expect(text.contains("written by people (`trained moderators`), so review decisions become training data"), "\(text)")
    }
}
