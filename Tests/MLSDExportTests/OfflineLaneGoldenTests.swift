import MLSDCore
@testable import MLSDExport
import MLSDTestSupport
import Testing

/// Golden diagrams of a shipped scenario with its offline half (issue #12): the fraud design's
/// payment events, velocity counter job, profile job, transaction history, chargeback labels, daily
/// retraining, evaluation gate and model registry, whose `feeds` are drawn as data flows in the
/// offline lane. The annotations are hand-made, so the goldens pin the layout, not the simulator's figures.
@Suite("Offline lane goldens")
struct OfflineLaneGoldenTests {
    static func design() throws -> Design {
        let design = try DiagramGoldenTests.load("fraud-detection").design
        #expect(design.components.filter { $0.kind.isOffline }.count >= 6, "the shipped fraud design has its offline half")
        return design
    }

    static let annotations = DiagramAnnotations(
        lines: ["scorer": ["p99 31ms · ρ .62"], "training": ["$8.16/run"]], bottleneck: "scorer",
        criticalPath: ["gateway", "rules", "scorer", "features"], legend: "hand-made figures; ╔═╗ bottleneck; ━━ slowest path")

    @Test(arguments: DiagramRenderer.Style.allCases)
    func textDiagram(style: DiagramRenderer.Style) throws {
        let design = try Self.design()
        let grid = GraphLayout(design: design, annotations: Self.annotations).grid()
        expectSnapshot(DiagramRenderer(style: style).lines(grid), named: "fraud-offline-lane-\(style.rawValue)-annotated-80")
        #expect(grid.fitsWidth && !grid.isStacked)
        #expect(LayoutPropertyTests.crossingProblems(grid, bundles: false).isEmpty)
        #expect(LayoutPropertyTests.laneProblems(grid, design: design).isEmpty)
        // Every label beside its edge, or listed in the legend when it found no room there.
        let text = DiagramRenderer(style: style).lines(grid).joined(separator: " ")
        let listed = { (label: String) in text.contains(style == .ascii ? String(label.drop { !$0.isASCII }) : label) }
        #expect(grid.routes.allSatisfy { $0.label == nil || $0.isLabelPlaced || listed($0.label ?? "") }, "every label is drawn")
        for route in grid.routes {
            let problem = route.connector == nil ? LayoutPropertyTests.trace(route, in: grid) : LayoutPropertyTests.connectorProblem(route, in: grid, design: design)
            #expect(problem == nil, "\(route.from)→\(route.to): \(problem ?? "")")
        }
    }

    @Test func mermaidAndDOT() throws {
        let design = try Self.design()
        expectSnapshot(MermaidDiagram(design: design, annotations: Self.annotations).text.split(separator: "\n").map(String.init), named: "fraud-offline-lane-mermaid")
        expectSnapshot(DOTDiagram(design: design, annotations: Self.annotations).text.split(separator: "\n").map(String.init), named: "fraud-offline-lane-dot")
    }
}
