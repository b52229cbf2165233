import Foundation
import MLSDCore
import Testing

/// A reranker's cost per candidate and a vector database's recall setting (issue #11).
@Suite("Retrieval settings") struct RetrievalTests {
    static let text = """
        name: t
        design:
          entry: api
          components:
            api: { kind: gateway, calls: [{ sequence: [ann, rerank] }] }
            ann:
              kind: vector_db
              latency: { constant: 10ms }
              recall: 0.99
            rerank:
              kind: reranker
              latency: { constant: 5ms }
              candidates: 50
              per_candidate: 0.1ms
        """

    static func errorText(_ yaml: String) -> String {
        do { _ = try Scenario.parse(yaml: yaml, path: "bad.yaml"); return "" } catch { return "\(error)" }
    }

    @Test func serviceTimesAreWorkedByHand() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        let design = s.design
        // 5 ms + 50 × 0.1 ms = 10 ms on every call.
        let rerank = design.resolved(try #require(design["rerank"]))
        #expect(abs(rerank.meanServiceSeconds - 0.010) < 1e-12)
        #expect(abs(rerank.addedSeconds - 0.005) < 1e-12)
        #expect(rerank.latency == .constant(.milliseconds(5)), "the draw stays the base latency; the candidates add to it")
        // 10 ms at recall 0.95; at 0.99 it is 10 × ln(100) ÷ ln(20) = 15.372 ms.
        let ann = design.resolved(try #require(design["ann"]))
        let expected = 0.010 * log(100) / log(20)
        #expect(abs(ann.meanServiceSeconds - expected) < 1e-12)
        #expect(abs(expected - 0.015372) < 1e-6)
        // Unset, both behave exactly as before.
        var plain = try #require(design["rerank"])
        plain.candidates = nil
        #expect(design.resolved(plain).meanServiceSeconds == 0.005)
        var atReference = try #require(design["ann"])
        atReference.recall = 0.95
        #expect(design.resolved(atReference).latency == .constant(.milliseconds(10)))
    }

    @Test func theDefaultPerCandidateCostIsTheSourcedSlope() throws {
        // (16.14 ms − 4.10 ms) ÷ (128 − 32) = 0.1254 ms, rounded to 0.125 ms.
        #expect(abs((16.14 - 4.10) / 96 - Retrieval.defaultPerCandidate.milliseconds) < 0.001)
        var c = Component(id: "r", kind: .reranker)
        c.latency = .constant(.milliseconds(2))
        c.candidates = 200
        let d = Design(entry: "r", components: [c])
        #expect(abs(d.resolved(c).meanServiceSeconds - (0.002 + 200 * 0.000125)) < 1e-12)
        let source = Catalog.standard[.reranker].source
        #expect(source.contains("4.10 ms") && source.contains("16.14 ms") && source.contains("NVIDIA/TensorRT"))
        #expect(Catalog.standard[.vectorDB].source.contains("USearch"))
    }

    @Test func recallScalesEveryLatencyShape() {
        let f = Retrieval.recallFactor(0.999)
        #expect(abs(f - log(1000) / log(20)) < 1e-12)
        #expect(Retrieval.recallFactor(0.95) == 1)
        #expect(Retrieval.recallFactor(0.5) < 0.24)
        let range = LatencyDistribution.range(low: .milliseconds(4), high: .milliseconds(25)).scaled(by: 2)
        #expect(abs(range.meanSeconds - 2 * LatencyDistribution.range(low: .milliseconds(4), high: .milliseconds(25)).meanSeconds) < 1e-12)
        #expect(LatencyDistribution.empirical([.milliseconds(1), .milliseconds(3)]).scaled(by: 2) == .empirical([.milliseconds(2), .milliseconds(6)]))
    }

    @Test func readsWritesAndRoundTrips() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        #expect(s.design["rerank"]?.candidates == 50)
        #expect(s.design["rerank"]?.perCandidate == .milliseconds(0.1))
        #expect(s.design["ann"]?.recall == 0.99)
        let yaml = s.yaml()
        #expect(yaml.contains("candidates: 50") && yaml.contains("per_candidate: 100us") && yaml.contains("recall: 0.99"))
        #expect(try Scenario.parse(yaml: yaml, path: "again.yaml").scenario == s)
        let percent = Self.text.replacingOccurrences(of: "recall: 0.99", with: "recall: 99%")
        #expect(try Scenario.parse(yaml: percent, path: "p.yaml").scenario.design["ann"]?.recall == 0.99)
    }

    @Test func badValuesAreLocatedErrors() {
        func replacing(_ old: String, _ new: String) -> String { Self.text.replacingOccurrences(of: old, with: new) }
        // Line 13 is `candidates: 50`, line 14 `per_candidate`, line 9 `recall`; their values start at columns 19, 22 and 15.
        #expect(Self.errorText(replacing("candidates: 50", "candidates: 0")).contains("bad.yaml:13:19: error: invalid value '0' for 'candidates': expected a whole number from 1 to 100000"))
        #expect(Self.errorText(replacing("candidates: 50", "candidates: 100001")).contains("bad.yaml:13:19:"))
        #expect(Self.errorText(replacing("candidates: 50", "candidates: many")).contains("bad.yaml:13:19: error: invalid value 'many' for 'candidates': expected a whole number"))
        #expect(Self.errorText(replacing("per_candidate: 0.1ms", "per_candidate: 2s")).contains("bad.yaml:14:22: error: invalid value '2s' for 'per_candidate': expected a duration from 0 to 1s"))
        #expect(Self.errorText(replacing("per_candidate: 0.1ms", "per_candidate: fast")).contains("bad.yaml:14:22: error: invalid value 'fast' for 'per_candidate'"))
        #expect(Self.errorText(replacing("recall: 0.99", "recall: 1")).contains("bad.yaml:9:15: error: invalid value '1' for 'recall': expected a recall from 0.5 to 0.999"))
        #expect(Self.errorText(replacing("recall: 0.99", "recall: 0.4")).contains("bad.yaml:9:15:"))
        #expect(Self.errorText(replacing("recall: 0.99", "recall: 100%")).contains("bad.yaml:9:15:"))
        #expect(Self.errorText(replacing("recall: 0.99", "recall: high")).contains("bad.yaml:9:15: error: invalid value 'high' for 'recall'"))
    }

    @Test func theKeysBelongToTheirKinds() {
        let onGateway = Self.text.replacingOccurrences(of: "api: { kind: gateway,", with: "api: { kind: gateway, recall: 0.9, candidates: 5,")
        let message = Self.errorText(onGateway)
        #expect(message.contains("bad.yaml:5:52: error: 'candidates' applies only to components of kind reranker, not gateway"), "\(message)")
        #expect(message.contains("bad.yaml:5:35: error: 'recall' applies only to components of kind vector_db, not gateway"), "\(message)")
        let swapped = Self.text.replacingOccurrences(of: "kind: vector_db", with: "kind: reranker")
        #expect(Self.errorText(swapped).contains("bad.yaml:9:15: error: 'recall' applies only to components of kind vector_db, not reranker"))
        let perOnAnn = Self.text.replacingOccurrences(of: "recall: 0.99", with: "per_candidate: 1ms")
        #expect(Self.errorText(perOnAnn).contains("bad.yaml:9:22: error: 'per_candidate' applies only to components of kind reranker, not vector_db"))
    }

    @Test func perCandidateWithoutCandidatesWarns() throws {
        let text = Self.text.replacingOccurrences(of: "      candidates: 50\n", with: "")
        let warnings = try Scenario.parse(yaml: text, path: "w.yaml").warnings
        #expect(warnings.contains { $0.message.contains("'per_candidate' on reranker 'rerank' has no effect without 'candidates'") && $0.location.line == 13 })
    }

    @Test func setChangesAndRefusesWithTheReason() throws {
        let s = try Scenario.parse(yaml: Self.text, path: "t.yaml").scenario
        let changed = try s.applying([DesignOverride(parsing: "rerank.candidates=100"), DesignOverride(parsing: "rerank.per_candidate=0.2ms"),
                                      DesignOverride(parsing: "ann.recall=0.999")])
        #expect(changed.design["rerank"]?.candidates == 100)
        #expect(changed.design["rerank"]?.perCandidate == .milliseconds(0.2))
        #expect(changed.design["ann"]?.recall == 0.999)
        let cleared = try s.applying([DesignOverride(parsing: "rerank.candidates=none"), DesignOverride(parsing: "ann.recall=none")])
        #expect(cleared.design["rerank"]?.candidates == nil && cleared.design["ann"]?.recall == nil)
        func refusal(_ text: String) -> String {
            do { _ = try s.applying([DesignOverride(parsing: text)]); return "" } catch { return error.description }
        }
        #expect(refusal("rerank.candidates=0") == "invalid --set 'rerank.candidates=0': expected a whole number of candidates from 1 to 100000, or none for 'candidates'")
        #expect(refusal("rerank.per_candidate=-1ms").contains("expected a duration from 0 to 1s"))
        #expect(refusal("ann.recall=0.9999") == "invalid --set 'ann.recall=0.9999': expected a recall from 0.5 to 0.999 such as 0.95 (or 50% to 99.9%), or none for 'recall'")
        #expect(refusal("ann.candidates=10") == "invalid --set 'ann.candidates=10': 'candidates' applies only to components of kind reranker, not vector_db")
        #expect(refusal("rerank.recall=0.9") == "invalid --set 'rerank.recall=0.9': 'recall' applies only to components of kind vector_db, not reranker")
        #expect(refusal("ann.kind=gateway").contains("'recall' applies only to components of kind vector_db, not gateway"))
        #expect(DesignOverride.componentKeys.contains("candidates") && DesignOverride.componentKeys.contains("per_candidate") && DesignOverride.componentKeys.contains("recall"))
    }

    @Test func showWritesTheGivenLatencyWithTheSettings() throws {
        let s = try Scenario.parse(yaml: Self.text.replacingOccurrences(of: "      latency: { constant: 10ms }\n", with: ""), path: "t.yaml").scenario
        let text = ScenarioReport(scenario: s, path: "t.yaml").text
        #expect(text.contains("4ms-25ms @recall 0.99"), "the catalog latency at 0.95, not scaled, beside the recall: \(text)")
        #expect(text.contains("5ms +50×100us"), "\(text)")
    }
}
