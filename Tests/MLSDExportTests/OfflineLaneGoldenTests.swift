import MLSDCore
@testable import MLSDExport
import MLSDTestSupport
import Testing

/// Golden diagrams of a shipped scenario with an offline half added (issue #12): the fraud design
/// plus a payment-event queue, a stream job that keeps the velocity counters, a transaction history
/// store and a daily retraining pipeline that reads it and deploys to the scorer. Built from the
/// kinds ``ComponentKind/isOffline`` lists today; the annotations are hand-made, so the goldens pin
/// the layout, not the simulator's figures.
@Suite("Offline lane goldens")
struct OfflineLaneGoldenTests {
    static func design() throws -> Design {
        var design = try DiagramGoldenTests.load("fraud-detection").design
        func component(_ id: String, _ kind: ComponentKind, _ label: String, calls: [CallGroup] = []) -> Component {
            var c = Component(id: id, kind: kind, replicas: 2)
            c.label = label
            c.calls = calls
            return c
        }
        if let g = design.components.firstIndex(where: { $0.id == "gateway" }) {
            design.components[g].calls = [CallGroup(mode: .sequence, targets: ["rules", "scorer"]), CallGroup(mode: .async, targets: ["audit", "events"])]
        }
        design.components += [
            component("events", .queue, "payment events", calls: [CallGroup(mode: .async, targets: ["counters_job", "history"])]),
            component("counters_job", .streamProcessor, "velocity counter job", calls: [CallGroup(mode: .sequence, targets: ["velocity"])]),
            component("history", .offlineFeatureStore, "transaction history"),
            component("retrain", .batchPipeline, "daily retraining", calls: [CallGroup(mode: .sequence, targets: ["history", "scorer"])]),
        ]
        return design
    }

    static let annotations = DiagramAnnotations(
        lines: ["scorer": ["p99 31ms · ρ .62"], "retrain": ["$410/run"]], bottleneck: "scorer",
        criticalPath: ["gateway", "rules", "scorer", "features"], legend: "hand-made figures; ╔═╗ bottleneck; ━━ slowest path")

    @Test(arguments: DiagramRenderer.Style.allCases)
    func textDiagram(style: DiagramRenderer.Style) throws {
        let design = try Self.design()
        let grid = GraphLayout(design: design, annotations: Self.annotations).grid()
        expectSnapshot(DiagramRenderer(style: style).lines(grid), named: "fraud-offline-lane-\(style.rawValue)-annotated-80")
        #expect(grid.fitsWidth && !grid.isStacked)
        #expect(LayoutPropertyTests.crossingProblems(grid, bundles: false).isEmpty)
        #expect(LayoutPropertyTests.laneProblems(grid, design: design).isEmpty)
        #expect(grid.routes.allSatisfy { $0.label == nil || $0.isLabelPlaced }, "every label is drawn")
        for route in grid.routes { #expect(LayoutPropertyTests.trace(route, in: grid) == nil, "\(route.from)→\(route.to)") }
    }

    @Test func mermaidAndDOT() throws {
        let design = try Self.design()
        expectSnapshot(MermaidDiagram(design: design, annotations: Self.annotations).text.split(separator: "\n").map(String.init), named: "fraud-offline-lane-mermaid")
        expectSnapshot(DOTDiagram(design: design, annotations: Self.annotations).text.split(separator: "\n").map(String.init), named: "fraud-offline-lane-dot")
    }
}
