import Foundation
import MLSDCore
import Testing
@testable import MLSDSim

/// The engine draws a reranker's base latency plus its candidates' cost, and a vector database's
/// latency scaled to its recall (README "Retrieval settings").
@Suite("Retrieval in the engine") struct RetrievalSimulationTests {
    /// Service time of every call to each component, from the trace (start to finish).
    static func serviceTimes(_ m: SimulationModel, requests: Int = 500) -> [String: [Double]] {
        var started: [String: Double] = [:]
        var out: [String: [Double]] = [:]
        _ = Simulation(model: m, seed: 7).run(until: .requests(requests)) { e in
            let key = "\(e.request) \(e.component)"
            if e.kind == .start { started[key] = e.time }
            if e.kind == .finish, let t = started.removeValue(forKey: key) { out[e.component, default: []].append(e.time - t) }
        }
        return out
    }

    @Test func everyRerankerCallTakesItsBasePlusItsCandidates() throws {
        // 5 ms + 50 × 0.1 ms = 10 ms on every call, whatever the load.
        let m = try model("""
            entry: rerank
            workload: { qps: 50/s }
            components:
              rerank: { kind: reranker, concurrency: 1000, latency: { constant: 5ms }, candidates: 50, per_candidate: 0.1ms }
            """)
        let times = try #require(Self.serviceTimes(m)["rerank"])
        #expect(times.count > 400)
        #expect(times.allSatisfy { abs($0 - 0.010) < 1e-9 }, "\(times.prefix(5))")
        #expect(abs(m.components[0].meanServiceSeconds - 0.010) < 1e-12)
    }

    @Test func everyVectorSearchTakesItsLatencyScaledToItsRecall() throws {
        // 10 ms at recall 0.95; at 0.99 every call takes 10 × ln(100) ÷ ln(20) ms.
        let m = try model("""
            entry: ann
            workload: { qps: 50/s }
            components:
              ann: { kind: vector_db, concurrency: 1000, latency: { constant: 10ms }, recall: 0.99 }
            """)
        let expected = 0.010 * log(100) / log(20)
        let times = try #require(Self.serviceTimes(m)["ann"])
        #expect(times.allSatisfy { abs($0 - expected) < 1e-9 }, "\(times.prefix(5))")
    }

    @Test func aShiftKeepsTheSpreadAndMovesTheMean() throws {
        let base = Distribution(.exponential(mean: .milliseconds(4)))
        let d = base.shifted(by: 0.006)
        #expect(abs(d.mean - 0.010) < 1e-15)
        // Variance (4 ms)² over mean (10 ms)².
        #expect(abs(d.squaredCoefficientOfVariation - 0.16) < 1e-12)
        #expect(d.cdf(0.0059) == 0)
        #expect(abs(d.cdf(0.010) - (1 - exp(-1))) < 1e-12)
        #expect(base.shifted(by: 0) == base)
        var rng = SplitMix64(seed: 3)
        var sum = 0.0
        var low = Double.infinity
        for _ in 0..<200_000 { let x = d.sample(using: &rng); sum += x; low = min(low, x) }
        #expect(abs(sum / 200_000 - 0.010) < 0.0001)
        #expect(low >= 0.006)
    }

    @Test func aSpeedUpShortensTheCandidatesToo() throws {
        // int8 divides the whole service time: (5 ms + 50 × 0.1 ms) ÷ speed-up.
        let m = try model("""
            entry: rerank
            workload: { qps: 50/s }
            components:
              rerank: { kind: reranker, concurrency: 1000, latency: { constant: 5ms }, candidates: 50, per_candidate: 0.1ms, optimizations: [int8] }
            """)
        let speedup = m.components[0].speedup
        #expect(speedup > 1)
        let times = try #require(Self.serviceTimes(m, requests: 100)["rerank"])
        #expect(times.allSatisfy { abs($0 - 0.010 / speedup) < 1e-9 })
    }

    @Test func empiricalDrawsStillReadTheirTableWhenShifted() throws {
        let m = try model("""
            entry: rerank
            workload: { qps: 50/s }
            components:
              rerank: { kind: reranker, concurrency: 1000, latency: { empirical: [2ms, 4ms] }, candidates: 10, per_candidate: 1ms }
            """)
        let times = try #require(Self.serviceTimes(m)["rerank"])
        #expect(Set(times.map { ($0 * 1e6).rounded() }) == [12_000, 14_000])
    }

    @Test func shippedScenariosWithoutTheKeysAreUnchanged() throws {
        // Without candidates or recall the model is built from the latency alone, as before.
        for id in ["Semantic product search", "RAG assistant", "Search ranking"] {
            let s = try #require(ScenarioLibrary.shippedScenario(named: id))
            var plain = s.design
            for i in plain.components.indices { plain.components[i].candidates = nil; plain.components[i].recall = nil }
            let m = try SimulationModel(design: plain)
            for (c, mc) in zip(plain.components, m.components) where c.kind == .reranker || c.kind == .vectorDB {
                #expect(mc.distribution == Distribution(plain.resolved(c).latency), "\(id).\(c.id)")
            }
        }
    }

    @Test func candidatesAndRecallCanBeSwept() throws {
        let s = try #require(ScenarioLibrary.shippedScenario(named: "Semantic product search"))
        let candidates = try Sweep(scenario: s, parameter: "reranker.candidates=10...200", steps: 3)
        #expect(candidates.values.map(\.text) == ["10", "105", "200"])
        let recall = try Sweep(scenario: s, parameter: "ann.recall=0.9...0.99", steps: 4)
        #expect(recall.values.map(\.text) == ["0.9", "0.93", "0.96", "0.99"])
        let percent = try Sweep(scenario: s, parameter: "ann.recall=90%...99%", steps: 2)
        #expect(percent.values.map(\.text) == ["90%", "99%"])
        #expect(throws: DesignOverrideError.self) { try Sweep(scenario: s, parameter: "ann.recall=0.9...1", steps: 3) }
        #expect(throws: DesignOverrideError.self) { try Sweep(scenario: s, parameter: "reranker.candidates=0...10", steps: 3) }
    }
}
