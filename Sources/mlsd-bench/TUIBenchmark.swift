import Dispatch
import Foundation
import MLSDCore
import MLSDSim
import MLSDTUI

/// Times the TUI's paths on a large design (DESIGN.md §8 and the workbench issue's targets): the
/// first frame, opening a design with its canvas, the frame after a keypress (also while a
/// simulation runs on the background queue), the canvas relayout an edit asks for (done off the
/// keypress path), and an inspector value typed and applied with its estimate.
struct TUIBenchmarkResult: CustomStringConvertible {
    var components: Int
    var firstFrameMs: Double
    var openMs: Double
    var moveMs: Double
    var editMs: Double
    var moveWhileSimulatingMs: Double
    var relayoutMs: Double
    var inspectorKeyMs: Double
    var inspectorApplyMs: Double

    var description: String {
        String(format: """
            tui %d components at 100x30 (median of 21):
              first frame (picker with the 8 shipped scenarios parsed) %.2f ms (target < 150)
              open with canvas %.2f ms
              keypress frame: move %.2f ms, edit %.2f ms, move while a simulation runs %.2f ms (target < 16)
              canvas relayout after an edit %.2f ms (target < 30; runs off the keypress path)
              inspector: a typed key with the live estimate %.2f ms, applying a value %.2f ms (target < 5)
            """, components, firstFrameMs, openMs, moveMs, editMs, moveWhileSimulatingMs, relayoutMs, inspectorKeyMs, inspectorApplyMs)
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
    let size = Size(width: 100, height: 30)
    var first: [Double] = [], open: [Double] = [], move: [Double] = [], edit: [Double] = [], relayout: [Double] = []
    var busyMove: [Double] = [], key: [Double] = [], apply: [Double] = []
    let library = ScenarioLibrary(environment: [:])
    for _ in 0..<runs {
        first.append(time {
            let choices = library.entries().compactMap { e -> PickerScreen.Choice? in
                guard let (s, _) = try? Scenario.parse(yaml: e.source, path: e.path) else { return nil }
                return PickerScreen.Choice(id: e.id, name: s.name, summary: s.summary)
            }
            var picker = AppState(choices: choices, terminalSize: size)
            _ = picker.update(.resize(size))
            _ = picker.view()
        })
        var state = AppState(choices: [], terminalSize: size)
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
        // The inspector: open the replicas row, type a digit (the live estimate is redrawn), apply.
        _ = state.update(.key(.enter))
        for _ in 0..<10 {
            if case .field(_, "replicas")? = state.inspectorRowKey { break }
            _ = state.update(.key(.down))
        }
        _ = state.update(.key(.enter))
        _ = state.update(.key(.control("u")))
        key.append(time {
            _ = state.update(.key(.character("7")))
            _ = state.view()
        })
        apply.append(time {
            _ = state.update(.key(.enter))
            _ = state.view()
        })
        _ = state.update(.key(.escape))
    }
    // A keypress while a simulation runs on the performer's background queue: the TUI's run, to a
    // precision, with replications of 2M requests on every core, so it outlasts the keypresses.
    let performer = EffectPerformer(services: WorkbenchServices(open: { _ in .failed([]) }, write: { p, _ in .saved(path: p) }), mode: .background)
    var state = AppState(choices: [], terminalSize: size)
    layOut(state.update(.opened(reference: "bench", result: .opened(OpenedDesign(scenario: scenario, source: .shipped(id: "bench"))))), into: &state)
    state.simulatedRequests = 2_000_000
    state.replicationRequests = 2_000_000
    for effect in state.update(.key(.character("r"))) { performer.perform(effect) }
    for _ in 0..<runs {
        busyMove.append(time {
            _ = state.update(.key(.down))
            _ = state.view()
        })
    }
    if !performer.isBusy { FileHandle.standardError.write(Data("note: the simulation ended before the keypresses were timed\n".utf8)) }
    performer.cancelAll()
    return TUIBenchmarkResult(components: componentCount, firstFrameMs: median(first), openMs: median(open), moveMs: median(move), editMs: median(edit),
                              moveWhileSimulatingMs: median(busyMove), relayoutMs: median(relayout), inspectorKeyMs: median(key), inspectorApplyMs: median(apply))
}

/// Opens a design in the workbench at 100×30 as the runtime does: the update (validation and
/// estimate), the canvas layout the update asks for, and the frame. Returns the frame.
@discardableResult
func openInTUI(_ scenario: Scenario) -> ScreenBuffer {
    let size = Size(width: 100, height: 30)
    var state = AppState(choices: [], terminalSize: size)
    for case .layout(let request) in state.update(.opened(reference: "bench", result: .opened(OpenedDesign(scenario: scenario, source: .shipped(id: "bench"))))) {
        _ = state.update(.laidOut(generation: request.generation, grid: request.grid()))
    }
    return state.view()
}
