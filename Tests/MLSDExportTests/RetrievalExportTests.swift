import MLSDCore
import MLSDExport
import Testing

/// Where the retrieval settings show in exports: the components table and JSON (through the shared
/// component facts), the model section of the design document.
@Suite("Retrieval settings in exports") struct RetrievalExportTests {
    static let scenario: Scenario = {
        let text = """
            name: t
            design:
              entry: api
              components:
                api: { kind: gateway, calls: [{ sequence: [ann, rerank] }] }
                ann: { kind: vector_db, recall: 0.99 }
                rerank: { kind: reranker, latency: 2ms-6ms, candidates: 50, per_candidate: 0.9ms }
                plain: { kind: vector_db }
            """
        return (try? Scenario.parse(yaml: text, path: "t.yaml").scenario) ?? Scenario(name: "", design: Design(entry: "", components: []))
    }()

    @Test func factsWriteTheLatencyAsGivenWithWhatTheSettingsAdd() throws {
        let facts = ComponentFacts.all(Self.scenario.design)
        let ann = try #require(facts.first { $0.id == "ann" }), plain = try #require(facts.first { $0.id == "plain" })
        #expect(ann.latency == "4ms-25ms ×1.54 (recall 0.99)")
        #expect(plain.latency == "4ms-25ms")
        #expect(abs(ann.meanServiceMilliseconds / plain.meanServiceMilliseconds - 1.5372) < 0.001, "ln 100 ÷ ln 20")
        let rerank = try #require(facts.first { $0.id == "rerank" })
        #expect(rerank.latency == "2ms-6ms + 50 × 900us")
        #expect(abs(rerank.meanServiceMilliseconds - (LatencyDistribution.range(low: .milliseconds(2), high: .milliseconds(6)).meanSeconds * 1000 + 45)) < 1e-9)
    }

    @Test func theDocumentStatesTheRecallAndTheCandidateCost() {
        let s = Self.scenario
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s)).text
        #expect(doc.contains("- `ann`: approximate nearest-neighbour search tuned to recall@k 0.99; search time 1.54× the latency at recall 0.95"))
        #expect(doc.contains("- `plain`: approximate nearest-neighbour search tuned to recall@k 0.95 (the default; set `recall` to change it); its latency is given at this recall."))
        #expect(doc.contains("  - Scores 50 candidates per request at 900us each: 45 ms on top of its latency draw."))
    }
}
