import Foundation
import MLSDCore
@testable import MLSDExport
import MLSDSim
import Testing

@Suite("Display width and sanitising")
struct DisplayWidthTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var width: Int
        var testDescription: String { "\(text.debugDescription) → \(width)" }
    }

    @Test(arguments: [
        Case(text: "scorer", width: 6), Case(text: "特征库", width: 6), Case(text: "모델", width: 4),
        Case(text: "🚀 go", width: 5), Case(text: "e\u{301}", width: 1), Case(text: "❤\u{FE0F}", width: 2),
        Case(text: "ｆｕｌｌ", width: 8), Case(text: "", width: 0),
    ])
    func measuresColumns(_ c: Case) {
        #expect(DisplayWidth.of(c.text) == c.width)
    }

    @Test func escapeSequencesAndBidiOverridesAreNeutralised() {
        let dirty = "evil\u{1B}[31m\u{202E}name\u{7}\u{0}"
        let clean = DisplayWidth.sanitized(dirty)
        #expect(clean == "evil?[31m?name??")
        #expect(!clean.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
    }

    @Test func hostileNamesNeverReachTheDiagramRaw() {
        var design = RandomDesign.make(seed: 5, componentCount: 3)
        design.components[1].label = "\u{1B}]0;pwned\u{7}特征\u{202E}"
        let text = DiagramRenderer(style: .unicode).render(GraphLayout(design: design).grid())
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("?]0;pwned?特征?"))
    }

    @Test func wrapsAtSpacesThenSeparators() {
        #expect(TextWrap.lines("model_server x12", width: 10) == ["model_", "server x12"])
        #expect(TextWrap.lines("velocity counters", width: 20) == ["velocity counters"])
        #expect(TextWrap.lines("特征库特征库", width: 5) == ["特征", "库特", "征库"])
    }

    /// Words joined by a non-breaking space stay on one line, written with a plain space.
    @Test func neverBreaksAtANonBreakingSpace() {
        let nb = TextWrap.nonBreakingSpace
        #expect(TextWrap.lines("ab --set\(nb)x=1", width: 9) == ["ab", "--set x=1"])
        #expect(TextWrap.lines("ab --set x=1", width: 9) == ["ab --set", "x=1"], "with a plain space it breaks there")
    }
}

@Suite("Mermaid, DOT, JSON, CSV and the design document")
struct FormatTests {
    static let scenarios = DiagramGoldenTests.scenarios

    @Test(arguments: scenarios)
    func dotParsesWithGraphviz(id: String) throws {
        let scenario = try DiagramGoldenTests.load(id)
        let dot = DOTDiagram(design: scenario.design, annotations: DiagramAnnotations(result: try Simulation.run(scenario, options: .init(stop: .requests(5_000))), scenario: scenario, style: .ascii)).text
        let candidates = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            withKnownIssue("Graphviz 'dot' is not installed here; .ci/run installs it") { Issue.record("dot not found") }
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-Tcanon"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot rejected \(id): \(err)")
        let canon = String(decoding: out, as: UTF8.self)
        for c in scenario.design.components { #expect(canon.contains(c.id), "node \(c.id) in dot output") }
    }

    @Test func dotEscapesQuotesAndBackslashes() {
        var design = RandomDesign.make(seed: 2, componentCount: 2)
        design.components[0].label = #"say "hi" \ bye"#
        #expect(DOTDiagram(design: design).text.contains(#"label="say \"hi\" \\ bye\n"#))
    }

    @Test(arguments: scenarios)
    func mermaidIsWellFormed(id: String) throws {
        let scenario = try DiagramGoldenTests.load(id)
        let lines = MermaidDiagram(design: scenario.design).text.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        let ids = MermaidDiagram.nodeIDs(scenario.design.components.map(\.id))
        #expect(Set(ids).count == ids.count)
        // The offline lane's subgraph opens and closes around its nodes.
        let isFrame: (String) -> Bool = { $0.hasPrefix("    subgraph ") || $0 == "    end" }
        #expect(lines.filter(isFrame).count == (scenario.design.components.contains { $0.kind.isOffline } ? 2 : 0))
        let nodeLines = lines.dropFirst().filter { !$0.contains("-->") && !$0.contains("-.->") && !isFrame($0) }
        #expect(nodeLines.count == scenario.design.components.count)
        for line in nodeLines {
            let id = line.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            #expect(ids.contains(String(id)), "node line starts with a known id: \(line)")
            #expect(line.filter { $0 == "\"" }.count == 2, "one quoted label: \(line)")
        }
        let edgeLines = lines.filter { $0.contains("-->") || $0.contains("-.->") }
        #expect(edgeLines.count == GraphLayout(design: scenario.design).grid().routes.count)
        for line in edgeLines {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            #expect(parts.count >= 3 && ids.contains(String(parts[0])) && ids.contains(String(parts[parts.count - 1])), "edge joins known ids: \(line)")
        }
    }

    @Test(arguments: scenarios)
    func designDocumentHasEverySection(id: String) throws {
        let scenario = try DiagramGoldenTests.load(id)
        let doc = MarkdownDocument(scenario: scenario, estimate: DesignEstimate(scenario: scenario)).text
        var last = doc.startIndex
        for title in MarkdownDocument.sectionTitles {
            let range = try #require(doc.range(of: "\n## \(title)\n"), "section \(title)")
            #expect(range.lowerBound > last, "\(title) in order")
            last = range.lowerBound
        }
        #expect(doc.contains("```mermaid\nflowchart LR"))
        #expect(doc.contains("```text\n"))
        #expect(doc == MarkdownDocument(scenario: scenario, estimate: DesignEstimate(scenario: scenario)).text, "deterministic")
    }

    /// `--annotate` on the design document put nothing on its diagrams (the flag was a no-op for
    /// Markdown): they carry the run's figures, bottleneck and legend as the unicode and Mermaid
    /// exports do, and the document without it is unchanged.
    @Test func anAnnotatedDocumentCarriesTheRunsFiguresOnItsDiagrams() throws {
        let scenario = try DiagramGoldenTests.load("fraud-detection")
        let result = try Simulation.run(scenario, options: .init(stop: .requests(5_000)))
        let plain = DesignExport(scenario: scenario, format: .markdown)
        let annotated = DesignExport(scenario: scenario, format: .markdown, annotate: true)
        let before = try plain.text { result }, after = try annotated.text { result }
        let legend = "p99 time in component · ρ"
        #expect(!before.contains(legend) && !before.contains("title: \"simulated"))
        #expect(after.contains("· cost/month; ╔═╗ bottleneck; ━━ slowest 1% path"), "the text diagram's legend")
        #expect(after.contains("---\ntitle: \"simulated 4,500 requests"), "the Mermaid chart's title")
        #expect(after.contains("model_server x12<br/>p99 "), "figures in the Mermaid labels")
        #expect(after.contains("╔═"), "the bottleneck's double border")
        // Only the architecture's diagrams change.
        let section = { (doc: String) in doc.components(separatedBy: "\n## ").filter { !$0.hasPrefix("3. Architecture") } }
        #expect(section(before) == section(after))
    }

    @Test func findingsNameSinglePointsOfFailureAndMissingMonitoring() {
        var scorer = Component(id: "scorer", kind: .modelServer)
        scorer.size = .large
        let design = Design(entry: "gateway", components: [
            { var g = Component(id: "gateway", kind: .gateway, replicas: 2); g.calls = [CallGroup(mode: .sequence, targets: ["scorer"])]; return g }(),
            scorer,
        ])
        var scenario = Scenario(name: "t", design: design)
        scenario.requirements.peakQPS = Rate(perSecond: 50)
        let findings = MarkdownDocument(scenario: scenario, estimate: DesignEstimate(scenario: scenario)).findings
        #expect(findings.contains { $0.hasPrefix("Requirement missed: stable at peak load") })
        #expect(findings.contains { $0.hasPrefix("Single point of failure: `scorer`") })
        #expect(findings.contains { $0.hasPrefix("No monitoring") })
        #expect(findings.contains { $0.hasPrefix("Model server `scorer` has no fallback") })
        #expect(findings.contains { $0.hasPrefix("Bottleneck: `scorer`") && $0.contains("INT8") })
    }

    @Test func estimateFollowsCallsMissesAndProbabilities() {
        var cache = Component(id: "cache", kind: .cache)
        cache.hitRatio = Percentage(fraction: 0.8)
        cache.onMiss = "db"
        var gateway = Component(id: "gateway", kind: .gateway)
        gateway.calls = [CallGroup(mode: .sequence, targets: ["cache"]), CallGroup(mode: .async, targets: ["review"], probability: Percentage(fraction: 0.02))]
        let scenario = Scenario(name: "t", design: Design(entry: "gateway", components: [
            gateway, cache, Component(id: "db", kind: .database), Component(id: "review", kind: .humanReview),
        ], workload: Workload(qps: Rate(perSecond: 1000))))
        let e = DesignEstimate(scenario: scenario)
        #expect(abs((e.arrivalsPerSecond["db"] ?? 0) - 200) < 1e-9)
        #expect(abs((e.arrivalsPerSecond["review"] ?? 0) - 20) < 1e-9)
        #expect(e.criticalPath == ["gateway", "cache", "db"], "async review is off the slowest path")
        #expect(e.bottleneck == "review")
    }

    @Test(arguments: scenarios)
    func jsonDecodesAndCarriesEveryComponent(id: String) throws {
        let scenario = try DiagramGoldenTests.load(id)
        let text = try DesignJSON(scenario: scenario, estimate: DesignEstimate(scenario: scenario)).text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let components = try #require(object["components"] as? [[String: Any]])
        #expect(components.compactMap { $0["id"] as? String } == scenario.design.components.map(\.id))
        #expect(object["estimate"] is [String: Any])
        // snake_case keys everywhere, as in `mlsd simulate --format json`.
        var keys: [String] = []
        func collect(_ value: Any) {
            if let o = value as? [String: Any] { for (k, v) in o { keys.append(k); collect(v) } }
            if let a = value as? [Any] { a.forEach(collect) }
        }
        collect(object)
        #expect(keys.allSatisfy { $0 == $0.lowercased() }, "\(Set(keys.filter { $0 != $0.lowercased() }))")
        #expect(components.first?["cost_per_hour_usd"] != nil && components.first?["mean_service_ms"] != nil)
    }

}
