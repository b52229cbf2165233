import MLSDCore
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// The inspector shows and edits a reranker's candidates and per-candidate cost and a vector
/// database's recall, refusing bad values with the reason (README "Retrieval settings").
@Suite("Inspector: retrieval settings") struct RetrievalInspectorTests {
    static func opened() throws -> AppState {
        let yaml = """
            name: Search
            requirements: { peak_qps: 100/s, latency: { p99: 200ms } }
            design:
              entry: api
              components:
                api: { kind: gateway, calls: [{ sequence: [ann, rerank] }] }
                ann: { kind: vector_db, replicas: 2 }
                rerank: { kind: reranker, latency: 2ms-6ms, replicas: 2 }
            """
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 40))
        s.load(try Scenario.parse(yaml: yaml, path: "search.yaml").scenario, source: .shipped(id: "search"))
        return s
    }

    static func row(_ s: AppState, _ key: String) -> InspectorRow? {
        s.inspectorRows.first { if case .field(_, let k) = $0.kind { k == key } else { false } }
    }

    @Test func aRerankerShowsItsCandidatesAndTheSourcedDefault() throws {
        var s = try Self.opened()
        s.select("rerank")
        #expect(try #require(Self.row(s, "candidates")).value == "— none")
        #expect(try #require(Self.row(s, "per_candidate")).value == "— 125us")
        #expect(Self.row(s, "recall") == nil, "recall is a vector_db setting")
        s.setField("candidates", "50")
        #expect(s.design.editor == nil, "\(s.design.editor?.error ?? "")")
        #expect(s.scenario?.design["rerank"]?.candidates == 50)
        #expect(s.status == "rerank.candidates = 50")
        s.setField("per_candidate", "0.2ms")
        #expect(s.scenario?.design["rerank"]?.perCandidate == .milliseconds(0.2))
        #expect(s.view().lines.contains { $0.contains("candidates") && $0.contains("50") })
    }

    @Test(arguments: [("candidates", "0"), ("candidates", "lots"), ("candidates", "100001"), ("per_candidate", "2s"), ("per_candidate", "fast")])
    func badRerankerValuesAreRefusedWithTheReason(_ key: String, _ value: String) throws {
        var s = try Self.opened()
        s.select("rerank")
        #expect(Self.row(s, key) != nil)
        let before = s.scenario
        s.setField(key, value)
        let error = try #require(s.design.editor?.error, "\(key)=\(value) should be refused")
        #expect(error.contains(key == "candidates" ? "a whole number of candidates from 1 to 100000" : "a duration from 0 to 1s"), "\(error)")
        #expect(s.scenario == before, "a refused value changes nothing")
        #expect(s.view().lines.contains { $0.contains(String(error.prefix(20))) }, "the reason is on screen")
    }

    @Test func aVectorDatabaseShowsAndEditsItsRecall() throws {
        var s = try Self.opened()
        s.select("ann")
        #expect(try #require(Self.row(s, "recall")).value == "— 0.95")
        #expect(Self.row(s, "candidates") == nil)
        s.setField("recall", "0.99")
        #expect(s.design.editor == nil, "\(s.design.editor?.error ?? "")")
        #expect(s.scenario?.design["ann"]?.recall == 0.99)
        // The latency row keeps showing the latency at recall 0.95, the figure a user edits.
        #expect(try #require(Self.row(s, "latency")).value == "4ms-25ms")
        let before = s.scenario
        s.setField("recall", "0.9999")
        let error = try #require(s.design.editor?.error)
        #expect(error == "expected a recall from 0.5 to 0.999 such as 0.95 (or 50% to 99.9%), or none for 'recall'", "\(error)")
        #expect(s.scenario == before)
    }
}
