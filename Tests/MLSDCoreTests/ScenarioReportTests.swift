import MLSDCore
import Testing

/// `mlsd show`: every requirement the file states is listed, and an LLM server says what it serves
/// on. rag-assistant's TTFT and TPOT targets were missing, and the llm row read only `CONC 30`.
@Suite struct ScenarioReportTests {
    static func report(_ id: String) throws -> String {
        let entry = try #require(ScenarioLibrary(environment: [:]).entries().first { $0.id == id })
        let scenario = try Scenario.parse(yaml: entry.source, path: "\(id).yaml").scenario
        return ScenarioReport(scenario: scenario, path: "\(id).yaml").text
    }

    @Test func anLLMDesignShowsItsTokenTargetsAndWhatServes() throws {
        let text = try Self.report("rag-assistant")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("  TTFT p99        ≤ 600 ms"))
        #expect(lines.contains("  TPOT p99        ≤ 30 ms"))
        let row = try #require(lines.firstIndex { $0.hasPrefix("  llm ") })
        #expect(lines[row + 1] == "      llama-3.1-70b in fp8 on 4 × h200 per replica (16 GPUs); CONC: sequences in")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    /// Each requirement key a shipped scenario sets appears in its report under some name.
    @Test(arguments: ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id))
    func everyStatedRequirementIsListed(id: String) throws {
        let entry = try #require(ScenarioLibrary(environment: [:]).entries().first { $0.id == id })
        let scenario = try Scenario.parse(yaml: entry.source, path: "\(id).yaml").scenario
        let text = ScenarioReport(scenario: scenario, path: "\(id).yaml").text
        let requirements = text.components(separatedBy: "\nRequirements\n")[1].components(separatedBy: "\n\n")[0]
        let stated = requirements.split(separator: "\n").filter { !$0.hasPrefix("                  ") }.count
        let r = scenario.requirements
        let expected: [Any?] = [r.peakQPS, r.users, r.latencyP50, r.latencyP95, r.latencyP99, r.latencyP999, r.ttftP50, r.ttftP99, r.tpotP50,
                                r.tpotP99, r.availability, r.maxErrorRate, r.monthlyBudget, r.featureFreshness, r.modelMaxAge, r.labelDelay,
                                r.trainingBudget]
        #expect(stated == max(1, expected.compactMap { $0 }.count), "\(id):\n\(requirements)")
    }
}
