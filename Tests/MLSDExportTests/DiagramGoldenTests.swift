import MLSDCore
import MLSDExport
import MLSDSim
import MLSDTestSupport
import Testing

/// Golden diagrams for every shipped scenario, so layout changes show up as reviewable diffs.
@Suite("Shipped scenario diagrams")
struct DiagramGoldenTests {
    static let scenarios: [String] = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id)

    static func load(_ id: String) throws -> Scenario {
        try ScenarioLibrary(environment: [:]).load(id).scenario
    }

    /// Simulated annotations as `mlsd export --annotate --requests 20k --seed 42` draws them.
    static func annotations(_ scenario: Scenario, style: DiagramRenderer.Style) throws -> DiagramAnnotations {
        let result = try Simulation.run(scenario, options: .init(seed: 42, stop: .requests(20_000)))
        return DiagramAnnotations(result: result, scenario: scenario, style: style)
    }

    @Test(arguments: scenarios, DiagramRenderer.Style.allCases)
    func plainDiagram(id: String, style: DiagramRenderer.Style) throws {
        let scenario = try Self.load(id)
        let grid = GraphLayout(design: scenario.design).grid()
        let lines = DiagramRenderer(style: style).lines(grid)
        expectSnapshot(lines, named: "\(id)-\(style.rawValue)-80")
        #expect(grid.fitsWidth, "\(id) is \(grid.width) columns wide")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        #expect(grid.routes.allSatisfy { !$0.points.isEmpty || $0.connector != nil }, "every edge is drawn, as a line or as lettered marks")
        // Every label is drawn beside its edge, or listed in the legend when it found no room.
        // (ASCII prints a step's mark as its digit.)
        let text = lines.joined(separator: " ")
        let listed = { (label: String) in text.contains(style == .ascii ? String(label.drop { !$0.isASCII }) : label) }
        #expect(grid.routes.allSatisfy { $0.label == nil || $0.isLabelPlaced || listed($0.label ?? "") }, "every label is drawn")
    }

    @Test(arguments: scenarios, DiagramRenderer.Style.allCases)
    func annotatedDiagram(id: String, style: DiagramRenderer.Style) throws {
        let scenario = try Self.load(id)
        let annotations = try Self.annotations(scenario, style: style)
        let grid = GraphLayout(design: scenario.design, annotations: annotations).grid()
        let lines = DiagramRenderer(style: style).lines(grid)
        expectSnapshot(lines, named: "\(id)-\(style.rawValue)-annotated-80")
        #expect(grid.fitsWidth, "\(id) annotated is \(grid.width) columns wide")
        #expect(lines.contains { $0.contains("bottleneck") }, "legend is drawn")
    }

    @Test(arguments: scenarios)
    func asciiOutputIsSevenBitWhenNamesAre(id: String) throws {
        let scenario = try Self.load(id)
        let names = scenario.design.components.map { $0.label ?? $0.id }
        try #require(names.allSatisfy { $0.allSatisfy(\.isASCII) })
        let annotations = try Self.annotations(scenario, style: .ascii)
        let text = DiagramRenderer(style: .ascii).render(GraphLayout(design: scenario.design, annotations: annotations).grid())
        let isASCII = text.allSatisfy { $0.isASCII }
        #expect(isASCII)
    }

    @Test func wideLayoutUsesTheRoomItIsGiven() throws {
        let scenario = try Self.load("video-recommendation")
        let grid = GraphLayout(design: scenario.design, options: LayoutOptions(width: 160)).grid()
        #expect(grid.width <= 160)
        expectSnapshot(DiagramRenderer(style: .unicode).lines(grid), named: "video-recommendation-unicode-160")
    }
}

@Suite("Critical path drawing") struct CriticalPathTests {
    @Test func everySynchronousCallBetweenPathComponentsIsHeavyAndNothingElse() throws {
        let scenario = try ScenarioLibrary(environment: [:]).load("fraud-detection").scenario
        let annotations = DiagramAnnotations(criticalPath: ["gateway", "rules", "scorer", "features"])
        let grid = GraphLayout(design: scenario.design, annotations: annotations).grid()
        func heavy(_ from: String, _ to: String, _ kind: DiagramEdgeKind) -> Bool? {
            grid.routes.first { $0.from == from && $0.to == to && $0.kind == kind }?.isEmphasized
        }
        #expect(heavy("gateway", "rules", .call(.sequence)) == true)
        #expect(heavy("gateway", "scorer", .call(.sequence)) == true, "both calls of a sequence leave the gateway")
        #expect(heavy("scorer", "features", .call(.parallel)) == true)
        #expect(heavy("scorer", "velocity", .call(.parallel)) == false, "velocity is not on the path")
        #expect(heavy("scorer", "rules", .fallback) == false, "fallbacks are never heavy")
        #expect(heavy("gateway", "audit", .call(.async)) == false)
    }
}
