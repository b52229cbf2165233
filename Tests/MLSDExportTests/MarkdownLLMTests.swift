import MLSDCore
@testable import MLSDExport
import MLSDSim
import Testing

/// The design document and the annotated diagram show LLM figures for designs with an
/// `llm_server`, taken from the spec and the simulation, and nothing of the kind for other designs.
struct MarkdownLLMTests {
    static func load(_ id: String) throws -> Scenario { try ScenarioLibrary(environment: [:]).load(id).scenario }
    static func run(_ s: Scenario) throws -> SimulationResult { try Simulation.run(s, options: .init(seed: 42, stop: .requests(20_000))) }

    @Test func designDocShowsTheLLMServersFiguresAndTargets() throws {
        let s = try Self.load("rag-assistant")
        let result = try Self.run(s)
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s), result: result).text
        let lines = doc.split(separator: "\n").map(String.init)
        #expect(lines.contains("| TTFT p99 | ≤ 600 ms |"))
        #expect(lines.contains("| TPOT p99 | ≤ 30 ms |"))
        #expect(doc.contains("carries a prompt of 3,000 tokens at the median and 5,000 at p90 (lognormal)"))
        let llm = try #require(s.design["llm"])
        let spec = (llm.llm ?? LLMSettings()).resolved()
        #expect(lines.contains { $0.hasPrefix("- `llm`: llm_server, llama-3.1-70b (70.6 B parameters) in fp8 on 4 × h200 per replica, 4 replicas (16 GPUs, ") })
        #expect(doc.contains("the KV cache holds \(FigureFormat.count(spec.kvCapacityTokens)) tokens per replica"))
        // The simulated table carries the run's own figures.
        let f = try #require(result.llm.first)
        let row = try #require(lines.first { $0.hasPrefix("| `llm` |") })
        #expect(row.contains("| \(FigureFormat.duration(seconds: f.ttft.p99)) |"))
        #expect(row.contains("| \(FigureFormat.duration(seconds: f.tpot.p99)) |"))
        #expect(row.hasSuffix("| \(FigureFormat.money(f.costPerMillionOutputTokens)) |"))
        let e2e = try #require(lines.first { $0.hasPrefix("| end to end | ") && $0.contains("| \(FigureFormat.count(Int(result.outputTokensPerSecond.rounded()))) |") })
        #expect(e2e.contains(FigureFormat.duration(seconds: try #require(result.endToEndTTFT).p99)))
    }

    /// An LLM server's load reads the same everywhere: its share of capacity (about 0.35 on
    /// rag-assistant), not its batch slots' (0.02). The doc said "Busiest component: llm at ρ 0.02;
    /// the design saturates at about 34.4/s", then advised a cache in front of it although a
    /// semantic cache already answers in front.
    @Test func theLLMServersLoadIsItsShareOfCapacityEverywhere() throws {
        let s = try Self.load("rag-assistant")
        let result = try Self.run(s)
        let llm = try #require(result[component: "llm"])
        #expect(result.bottleneck == "llm")
        #expect(llm.utilization < 0.1 && llm.offeredUtilization > 0.3, "the slots' share and the load differ on this design")
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s), result: result).text
        let rho = Format.fixed(llm.offeredUtilization, 2), name = s.design["llm"]?.label ?? "llm"
        #expect(doc.contains("Busiest component: `\(name)` at ρ \(rho);"), "\(doc)")
        let bottleneck = try #require(doc.split(separator: "\n").first { $0.hasPrefix("- Bottleneck: `\(name)` at ρ \(rho)") })
        #expect(!bottleneck.contains("a cache in front"), "a semantic cache already answers in front of it: \(bottleneck)")
    }

    /// The scenario's own words agree with the model's figures: its deep dive said the median
    /// prompt "takes about 115 ms to prefill" while the document's computed line, a few lines up,
    /// said 100 ms.
    @Test func theDeepDivesPrefillAgreesWithTheModel() throws {
        let s = try Self.load("rag-assistant")
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s), result: nil).text
        let computed = try #require(doc.firstMatch(of: /Alone on a replica: prefill of the median prompt \([0-9,]+ tokens to compute\) (\d+) ms/))
        let stated = try #require(doc.firstMatch(of: /takes about (\d+) ms to prefill/))
        let a = try #require(Double(computed.1)), b = try #require(Double(stated.1))
        #expect(abs(a - b) <= 0.1 * a, "the deep dive says \(b) ms, the model \(a) ms")
    }

    @Test func aDesignWithoutAnLLMServerGetsNoLLMLines() throws {
        let s = try Self.load("fraud-detection")
        let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s), result: try Self.run(s)).text
        for text in ["TTFT", "TPOT", "llm_server", "LLM server", "tokens"] { #expect(!doc.contains(text), "\(text)") }
        let search = try Self.load("semantic-search")
        let searchDoc = MarkdownDocument(scenario: search, estimate: DesignEstimate(scenario: search)).text
        #expect(!searchDoc.contains("TTFT") && !searchDoc.contains("tokens"))
    }

    @Test func annotatedLLMServerBoxesShowTTFTAndTPOT() throws {
        let s = try Self.load("support-chat")
        let result = try Self.run(s)
        let notes = DiagramAnnotations(result: result, scenario: s, style: .unicode)
        for f in result.llm {
            let box = try #require(notes.lines[f.id])
            #expect(box.count == 3)
            #expect(box[0] == "TTFT p99 \(Format.milliseconds(f.ttft.p99 * 1000))")
            #expect(box[1] == "TPOT p99 \(Format.milliseconds(f.tpot.p99 * 1000))")
            #expect(box[2].hasSuffix("/mo"))
        }
        #expect(notes.lines["router"]?.first?.hasPrefix("p99 ") == true, "other boxes keep their sojourn")
        #expect(notes.legend?.contains("(LLM servers: TTFT p99, TPOT p99)") == true)
        let fraud = try Self.load("fraud-detection")
        #expect(DiagramAnnotations(result: try Self.run(fraud), scenario: fraud, style: .ascii).legend?.contains("LLM") == false)
    }
}
