import Foundation
import MLSDCore
import MLSDExport

/// What ``runLayoutBenchmark(componentCount:runs:width:)`` measured.
struct LayoutBenchmarkResult: CustomStringConvertible {
    var componentCount: Int
    var edgeCount: Int
    var runs: Int
    /// Median wall time of one layout plus Unicode render, milliseconds.
    var medianMilliseconds: Double
    var minimumMilliseconds: Double
    var gridWidth: Int
    var gridHeight: Int
    /// DESIGN.md §8: a 50-component design lays out and renders in under 20 ms.
    static let targetMilliseconds = 20.0
    var meetsTarget: Bool { medianMilliseconds < Self.targetMilliseconds }

    var description: String {
        let median = (medianMilliseconds * 100).rounded() / 100, minimum = (minimumMilliseconds * 100).rounded() / 100
        return "layout+render \(componentCount) components, \(edgeCount) edges: median \(median) ms, min \(minimum) ms over \(runs) runs"
            + " (\(gridWidth)x\(gridHeight) cells; target < \(Int(Self.targetMilliseconds)) ms: \(meetsTarget ? "met" : "MISSED"))"
    }
}

/// Times layout and Unicode rendering of a fixed 50-component design (median of `runs`).
///
/// The design is a recommendation-style pipeline: a gateway fans out to ten services, each with
/// a cache (20 % misses to a store), a model server with a rules fallback, and async logging to a
/// shared monitor; every call kind appears. Build in release: `swift run -c release mlsd-bench`.
func runLayoutBenchmark(componentCount: Int = 50, runs: Int = 21, width: Int = 80) -> LayoutBenchmarkResult {
    let design = benchmarkDesign(componentCount: componentCount)
    let renderer = DiagramRenderer(style: .unicode)
    var times: [Double] = []
    var last = GraphLayout(design: design, options: LayoutOptions(width: width)).grid()
    for _ in 0..<max(runs, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        last = GraphLayout(design: design, options: LayoutOptions(width: width)).grid()
        let text = renderer.render(last)
        let end = DispatchTime.now().uptimeNanoseconds
        precondition(!text.isEmpty)
        times.append(Double(end - start) / 1e6)
    }
    times.sort()
    return LayoutBenchmarkResult(componentCount: design.components.count, edgeCount: last.routes.count, runs: times.count,
                                 medianMilliseconds: times[times.count / 2], minimumMilliseconds: times[0],
                                 gridWidth: last.width, gridHeight: last.height)
}

/// A deterministic design of exactly `componentCount` components (at least 3).
func benchmarkDesign(componentCount: Int) -> Design {
    var components: [Component] = [Component(id: "gateway", kind: .gateway, replicas: 3), Component(id: "monitor", kind: .monitor)]
    var services: [String] = []
    var i = 0
    while components.count < componentCount {
        let remaining = componentCount - components.count
        let service = "svc\(i)"
        var head = Component(id: service, kind: .httpService, replicas: 2)
        services.append(service)
        if remaining >= 5 {
            var cache = Component(id: "cache\(i)", kind: .cache, replicas: 2)
            cache.hitRatio = Percentage(fraction: 0.8)
            cache.onMiss = "store\(i)"
            var model = Component(id: "model\(i)", kind: .modelServer, replicas: 4)
            model.timeout = .milliseconds(40)
            model.fallback = "rules\(i)"
            head.calls = [CallGroup(mode: .parallel, targets: ["cache\(i)", "model\(i)"]), CallGroup(mode: .async, targets: ["monitor"])]
            components += [head, cache, model, Component(id: "store\(i)", kind: .database), Component(id: "rules\(i)", kind: .ruleEngine)]
        } else {
            head.calls = [CallGroup(mode: .sequence, targets: ["monitor"], probability: Percentage(fraction: 0.02))]
            components.append(head)
        }
        i += 1
    }
    components[0].calls = [CallGroup(mode: .sequence, targets: services)]
    return Design(entry: "gateway", components: components)
}

/// Times layout and rendering of 500-component designs of every ``DesignShape`` (fan-out, chain,
/// binary and 10-ary trees) at 80 columns, as `mlsd export` draws them, and opening each in the
/// TUI (the design screen's update, its canvas laid out, the first frame). Issue #13: under a
/// second each in a release build.
func runLargeLayoutBenchmark(componentCount: Int = 500, runs: Int = 5) -> String {
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    var lines = ["large layouts, \(componentCount) components (median of \(runs); target < 1000 ms each):"]
    let renderer = DiagramRenderer(style: .unicode)
    for shape in DesignShape.allCases {
        let design = shape.design(components: componentCount)
        var grid = GraphLayout(design: DesignShape.chain.design(components: 1)).grid()
        var export: [Double] = [], open: [Double] = []
        for _ in 0..<max(runs, 1) {
            export.append(time {
                grid = GraphLayout(design: design, options: LayoutOptions(width: 80)).grid()
                precondition(!renderer.render(grid).isEmpty)
            })
            open.append(time { _ = openInTUI(Scenario(name: shape.rawValue, design: design)) })
        }
        lines.append(String(format: "  %-12@ export (layout+render, 80 columns) %7.1f ms, %dx%d cells; TUI open with canvas %7.1f ms",
                            shape.rawValue, median(export), grid.width, grid.height, median(open)))
    }
    return lines.joined(separator: "\n")
}

/// Times layout and rendering of random designs with long edges (``RandomDiagramDesign``:
/// `componentCount` components, about two edges each, one call in five jumping anywhere further
/// on, so edges span up to about 40 layers) at 80 columns, as `mlsd export` draws them, and
/// opening each in the TUI. Reports per seed the edges drawn, the grid and the peak RSS so far.
/// Issue #13: under a second each in a release build, with every edge drawn.
func runRandomLayoutBenchmark(componentCount: Int = 500, seeds: [UInt64], runs: Int = 3) -> String {
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    var lines = ["random long-edge layouts, \(componentCount) components (median of \(runs); target < 1000 ms each, every edge drawn):"]
    let renderer = DiagramRenderer(style: .unicode)
    for seed in seeds {
        let design = RandomDiagramDesign.make(seed: seed, componentCount: componentCount)
        var grid = GraphLayout(design: DesignShape.chain.design(components: 1)).grid()
        var export: [Double] = [], open: [Double] = [], cpu: [Double] = []
        for _ in 0..<max(runs, 1) {
            let c = MLSDBench.processCPUSeconds()
            export.append(time {
                grid = GraphLayout(design: design, options: LayoutOptions(width: 80)).grid()
                precondition(!renderer.render(grid).isEmpty)
            })
            cpu.append((MLSDBench.processCPUSeconds() - c) * 1000)
            open.append(time { _ = openInTUI(Scenario(name: "random-\(seed)", design: design)) })
        }
        let drawn = grid.routes.filter { !$0.points.isEmpty }.count
        let span = grid.routes.map { route -> Int in
            guard let a = grid.boxes.firstIndex(where: { $0.id == route.from }), let b = grid.boxes.firstIndex(where: { $0.id == route.to }) else { return 0 }
            return abs(grid.boxes[a].rect.y - grid.boxes[b].rect.y) + abs(grid.boxes[a].rect.x - grid.boxes[b].rect.x)
        }.max() ?? 0
        lines.append(String(format: "  seed %-4llu export (layout+render, 80 columns) %8.1f ms (CPU %.1f ms), %d of %d edges drawn, %dx%d cells (longest edge %d cells apart); TUI open with canvas %8.1f ms; peak RSS %.0f MB",
                            seed, median(export), median(cpu), drawn, grid.routes.count, grid.width, grid.height, span, median(open), MLSDBench.peakRSSMegabytes()))
    }
    return lines.joined(separator: "\n")
}
