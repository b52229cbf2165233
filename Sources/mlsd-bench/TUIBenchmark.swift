import Dispatch
import MLSDCore
import MLSDTUI

/// Times the TUI's pure path on a large design: opening it with its canvas, the frame after a
/// selection move and after an edit, and the canvas relayout an edit asks for (done by the runtime
/// after that frame is drawn). DESIGN.md §8: first frame < 150 ms, a keypress redraw < 16 ms.
struct TUIBenchmarkResult: CustomStringConvertible {
    var components: Int
    var openMs: Double
    var moveMs: Double
    var editMs: Double
    var relayoutMs: Double

    var description: String {
        String(format: "tui %d components at 100x30 (median of 21): open with canvas %.2f ms (target < 150); keypress frame: move %.2f ms, edit %.2f ms (target < 16); canvas relayout after the edit frame %.2f ms",
               components, openMs, moveMs, editMs, relayoutMs)
    }
}

func runTUIBenchmark(componentCount: Int = 40, runs: Int = 21) -> TUIBenchmarkResult {
    let scenario = Scenario(name: "bench", design: benchmarkDesign(componentCount: componentCount))
    func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    /// Performs the layout effects as the runtime does.
    func layOut(_ effects: [Effect], into state: inout AppState) {
        for case .layout(let request) in effects { _ = state.update(.laidOut(generation: request.generation, grid: request.grid())) }
    }
    var open: [Double] = [], move: [Double] = [], edit: [Double] = [], relayout: [Double] = []
    for _ in 0..<runs {
        var state = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        open.append(time {
            layOut(state.update(.opened(reference: "bench", result: .opened(OpenedDesign(scenario: scenario, source: .shipped(id: "bench"))))), into: &state)
            _ = state.view()
        })
        move.append(time {
            _ = state.update(.key(.down))
            _ = state.view()
        })
        var effects: [Effect] = []
        edit.append(time {
            effects = state.update(.key(.character("+")))
            _ = state.view()
        })
        relayout.append(time { layOut(effects, into: &state) })
    }
    return TUIBenchmarkResult(components: componentCount, openMs: median(open), moveMs: median(move), editMs: median(edit), relayoutMs: median(relayout))
}
