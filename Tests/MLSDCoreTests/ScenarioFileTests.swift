import Foundation
import Testing
@testable import MLSDCore

@Suite("Shipped scenarios") struct ScenarioFileTests {
    static let ids: [String] = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id)

    @Test(arguments: ids)
    func validatesWithoutWarnings(_ id: String) throws {
        let (scenario, warnings, _) = try ScenarioLibrary(environment: [:]).load(id)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(!scenario.name.isEmpty)
        #expect(scenario.design[scenario.design.entry] != nil)
    }

    @Test(arguments: ids)
    func roundTripsThroughYAML(_ id: String) throws {
        let (scenario, _, _) = try ScenarioLibrary(environment: [:]).load(id)
        let saved = scenario.yaml()
        let (again, _) = try Scenario.parse(yaml: saved, path: "saved.yaml")
        #expect(again == scenario)
        #expect(again.yaml() == saved)
    }

    @Test func embeddedCopiesMatchTheFilesOnDisk() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.scenarios.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.map { String($0.dropLast(5)) } == EmbeddedScenarios.files.map(\.id).sorted(),
                "run scripts/embed-scenarios after changing Scenarios/")
        for (id, text) in EmbeddedScenarios.files {
            let disk = try String(contentsOf: TestPaths.scenarios.appendingPathComponent("\(id).yaml"), encoding: .utf8)
            #expect(disk == text, "Scenarios/\(id).yaml differs from its embedded copy (byte for byte, last newline too); run scripts/embed-scenarios")
        }
    }

    @Test func atLeastTheEightCaseStudiesShip() {
        for id in ["video-recommendation", "eta-prediction", "feed-ranking", "search-ranking", "fraud-detection",
                   "content-moderation", "news-feed", "blank"] {
            #expect(Self.ids.contains(id), "missing Scenarios/\(id).yaml")
        }
    }

    @Test func theLLMCaseStudiesShip() {
        for id in ["rag-assistant", "support-chat", "code-completion", "semantic-search"] {
            #expect(Self.ids.contains(id), "missing Scenarios/\(id).yaml")
        }
    }

    @Test func userScenariosShadowShippedOnesAndAreListed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-lib-\(UUID().uuidString)")
        let scenarios = dir.appendingPathComponent("mlsd/scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "name: Mine\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway }\n"
        try text.write(to: scenarios.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: scenarios.appendingPathComponent("blank.yaml"), atomically: true, encoding: .utf8)
        let library = ScenarioLibrary(environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(library.entries().contains { $0.id == "mine" && !$0.isBuiltin && !$0.isShadowingBuiltin })
        #expect(library.entries().contains { $0.id == "blank" && !$0.isBuiltin && $0.isShadowingBuiltin })
        #expect(library.entries().filter { $0.id == "blank" }.count == 1)
        #expect(try library.load("mine").scenario.name == "Mine")
    }

    @Test func unknownIDSuggestsTheClosest() {
        #expect(throws: ScenarioLibrary.LookupError.notFound("fraud-detectoin", suggestion: "fraud-detection")) {
            try ScenarioLibrary(environment: [:]).source(for: "fraud-detectoin")
        }
    }
}

@Suite("README") struct ReadmeTests {
    /// The complete example in the README's scenario reference must stay valid and warning-free.
    @Test func completeExampleIsValid() throws {
        let readme = try String(contentsOf: TestPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### A complete example"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let (scenario, warnings) = try Scenario.parse(yaml: String(readme[start.upperBound..<end.lowerBound]), path: "README.md")
        #expect(warnings.isEmpty)
        #expect(scenario.design.components.count == 8)
    }
}
