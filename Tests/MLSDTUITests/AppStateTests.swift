import MLSDCore
import MLSDSim
import MLSDInterview
import MLSDTestSupport
import Testing
@testable import MLSDTUI

@Suite("App state") struct AppStateTests {
    static let choices = [
        AppState.Choice(id: "fraud-detection", name: "Fraud detection", summary: "Score card payments before they are authorised.",
                        highlights: ["peak load 5k/s", "latency p99 < 50ms"]),
        AppState.Choice(id: "feed-ranking", name: "Feed ranking", summary: "Rank posts for a professional network's feed."),
    ]
    var state = AppState(choices: choices, terminalSize: Size(width: 80, height: 24))

    static func fraud() throws -> Scenario {
        let yaml = """
            name: Fraud detection
            design:
              entry: gateway
              components:
                gateway: { kind: gateway, replicas: 2, calls: [{ sequence: [scorer] }] }
                scorer: { kind: model_server, replicas: 4, optimizations: [int8], timeout: 40ms, fallback: rules }
                rules: { kind: rule_engine }
            """
        return try Scenario.parse(yaml: yaml, path: "t.yaml").scenario
    }

    @Test func arrowsMoveTheSelectionWithinBounds() {
        var s = state
        #expect(s.send(.key(.down)) == [])
        #expect(s.pickerSelection == 1)
        _ = s.send(.key(.character("j")))
        #expect(s.pickerSelection == 1)
        _ = s.send(.key(.up))
        _ = s.send(.key(.character("k")))
        #expect(s.pickerSelection == 0)
    }

    @Test func enterAsksTheRuntimeToLoadTheScenario() throws {
        var s = state
        #expect(s.send(.key(.enter)) == [.loadScenario(id: "fraud-detection")])
        _ = s.send(.scenarioLoaded(id: "fraud-detection", result: .loaded(try Self.fraud())))
        #expect(s.screen == .design)
        #expect(s.status == nil)
    }

    @Test func aFailedLoadStaysOnThePickerAndSaysWhy() {
        var s = state
        _ = s.send(.scenarioLoaded(id: "x", result: .failed(["x.yaml:3:1: error: unknown key 'foo'"])))
        #expect(s.screen == .picker)
        #expect(s.view().lines[23].contains("x.yaml:3:1: error: unknown key 'foo'"))
    }

    @Test func quitKeys() throws {
        var s = state
        #expect(s.send(.key(.control("c"))) == [.quit])
        _ = s.send(.scenarioLoaded(id: "fraud-detection", result: .loaded(try Self.fraud())))
        #expect(s.send(.key(.character("q"))) == [])
        #expect(s.screen == .picker)
        #expect(s.send(.key(.character("q"))) == [.quit])
    }

    @Test func helpOverlayOpensAndCloses() {
        var s = state
        _ = s.send(.key(.character("?")))
        #expect(s.isHelpVisible)
        #expect(s.view().lines.contains { $0.contains("show or hide this help") })
        #expect(s.send(.key(.character("q"))) == [], "q closes help instead of quitting")
        #expect(!s.isHelpVisible)
    }

    @Test func tooSmallSaysSoOnOneShortLine() {
        var s = state
        _ = s.send(.resize(Size(width: 40, height: 10)))
        #expect(s.view().lines[0] == "Too small: 40×10 < 80×24".padding(toLength: 40, withPad: " ", startingAt: 0))
    }

    @Test func pickerAt80x24() { expectSnapshot(state.view().lines, named: "picker-80x24") }

    @Test func designAt100x30() throws {
        var s = state
        _ = s.send(.resize(Size(width: 100, height: 30)))
        _ = s.send(.scenarioLoaded(id: "fraud-detection", result: .loaded(try Self.fraud())))
        _ = s.send(.key(.down))
        expectSnapshot(s.view().lines, named: "design-100x30")
    }
}

@Suite("Editing a design") struct EditingTests {
    var state: AppState = {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        if let fraud = try? AppStateTests.fraud() { _ = s.send(.scenarioLoaded(id: "fraud-detection", result: .loaded(fraud))) }
        return s
    }()

    func replicas(_ s: AppState, _ index: Int) -> Int? { s.scenario?.design.components[index].replicas }

    @Test func plusAndMinusChangeReplicasButNeverBelowOne() {
        var s = state
        _ = s.send(.key(.character("+")))
        #expect(replicas(s, 0) == 3)
        #expect(s.isDirty)
        for _ in 0..<5 { _ = s.send(.key(.character("-"))) }
        #expect(replicas(s, 0) == 1)
        #expect(s.undoStack.count == 3, "a change that changes nothing is not an undo step")
    }

    @Test func undoAndRedoWalkTheHistory() {
        var s = state
        _ = s.send(.key(.down))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("+")))
        #expect(replicas(s, 1) == 6)
        _ = s.send(.key(.character("u")))
        #expect(replicas(s, 1) == 5)
        _ = s.send(.key(.character("u")))
        _ = s.send(.key(.character("u")))
        #expect(replicas(s, 1) == 4)
        #expect(s.status == "Nothing to undo")
        _ = s.send(.key(.control("r")))
        #expect(replicas(s, 1) == 5)
        _ = s.send(.key(.character("-")))
        _ = s.send(.key(.control("r")))
        #expect(s.status == "Nothing to redo", "a new edit clears the redo history")
    }

    @Test func saveSendsTheYAMLAndASuccessClearsTheDirtyFlag() throws {
        var s = state
        _ = s.send(.key(.character("+")))
        let effects = s.send(.key(.character("s")))
        let yaml = try #require(s.scenario?.yaml())
        #expect(effects == [.save(id: "fraud-detection", yaml: yaml)])
        _ = s.send(.saved(id: "fraud-detection", result: .saved(path: "/home/u/.config/mlsd/scenarios/fraud-detection.yaml")))
        #expect(!s.isDirty)
        #expect(s.view().lines[23].contains("Saved to /home/u/.config/mlsd/scenarios/fraud-detection.yaml"))
    }

    @Test func leavingWithUnsavedEditsAsksOnce() {
        var s = state
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .design)
        #expect(s.status?.hasPrefix("Unsaved changes") == true)
        _ = s.send(.key(.down))
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .design, "another key in between cancels the confirmation")
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .picker)
    }

    @Test func modifiedShowsInTheTitle() {
        var s = state
        _ = s.send(.key(.character("+")))
        #expect(s.view().lines[0].contains("Fraud detection (modified)"))
    }
}

@Suite("Canvas") struct CanvasTests {
    @Test func theSelectedBoxIsAlwaysScrolledIntoView() throws {
        var yaml = "name: chain\ndesign:\n  entry: s0\n  components:\n"
        for i in 0..<12 { yaml += "    s\(i): { kind: cache\(i < 11 ? ", calls: [{ sequence: [s\(i + 1)] }]" : "") }\n" }
        let scenario = try Scenario.parse(yaml: yaml, path: "t.yaml").scenario
        var s = AppState(choices: [], terminalSize: Size(width: 80, height: 24))
        _ = s.send(.scenarioLoaded(id: "chain", result: .loaded(scenario)))
        let canvas = try #require(s.canvas)
        #expect(canvas.height > 24 || canvas.width > 80, "the chain is larger than the screen")
        for i in 0..<12 {
            let lines = s.view().lines
            #expect(lines.contains { $0.contains(" s\(i) ") }, "s\(i) is visible when selected")
            _ = s.send(.key(.down))
        }
    }

    @Test func editsAndResizesLayTheDesignOutAgain() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        let before = try #require(s.canvas)
        _ = s.send(.key(.character("+")))
        #expect(s.canvas != before, "the box now says x3")
        _ = s.send(.key(.character("u")))
        #expect(s.canvas == before)
        _ = s.send(.resize(Size(width: 140, height: 30)))
        #expect(s.canvasWidth == 140 - AppState.detailsWidth)
        _ = s.send(.resize(Size(width: 140, height: 40)))
        #expect(s.canvasWidth == 106, "a height change keeps the layout")
    }
}

@Suite("Simulating from the TUI") struct SimulationScreenTests {
    func loaded() throws -> AppState {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        return s
    }

    func run(_ s: inout AppState) throws {
        let effects = s.send(.key(.character("r")))
        guard case .runSimulation(let scenario, let seed, _)? = effects.first else {
            Issue.record("expected a simulation effect, got \(effects)")
            return
        }
        #expect(s.isSimulating)
        #expect(s.send(.key(.character("r"))) == [], "one run at a time")
        let result = try Simulation.run(scenario, options: .init(seed: seed, stop: .requests(5_000)))
        _ = s.send(.simulationFinished(.finished(result)))
    }

    @Test func runShowsResultsAndRequirements() throws {
        var s = try loaded()
        try run(&s)
        #expect(s.screen == .results)
        #expect(!s.isSimulating)
        expectSnapshot(s.view().lines, named: "results-100x30")
    }

    @Test func baselineComparesTheNextRun() throws {
        var s = try loaded()
        try run(&s)
        _ = s.send(.key(.character("b")))
        #expect(s.baseline == s.lastRun)
        _ = s.send(.key(.character("d")))
        _ = s.send(.key(.down))
        _ = s.send(.key(.character("-")))
        try run(&s)
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Results vs baseline") })
        #expect(lines.contains { $0.contains("was p50") })
        _ = s.send(.key(.character("B")))
        #expect(s.baseline == nil)
    }

    @Test func aFailedRunSaysWhy() throws {
        var s = try loaded()
        _ = s.send(.key(.character("r")))
        _ = s.send(.simulationFinished(.failed("cycle a → b → a")))
        #expect(s.screen == .design)
        #expect(s.view().lines.last?.contains("Simulation failed: cycle a → b → a") == true)
    }

    @Test func resultsFitIn80x24() throws {
        var s = try loaded()
        _ = s.send(.resize(Size(width: 80, height: 24)))
        try run(&s)
        expectSnapshot(s.view().lines, named: "results-80x24")
    }
}

@Suite("Mock interview in the TUI") struct InterviewScreenTests {
    func started() throws -> AppState {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.tick(now: 1000))
        _ = s.send(.scenarioLoaded(id: "fraud-detection", result: .loaded(try AppStateTests.fraud())))
        _ = s.send(.key(.character("i")))
        return s
    }

    func type(_ text: String, into s: inout AppState) {
        for c in text { _ = s.send(.key(.character(c))) }
        _ = s.send(.key(.enter))
    }

    @Test func typedKeysAreNotesNotCommands() throws {
        var s = try started()
        #expect(s.screen == .interview)
        type("q? r s u", into: &s)
        #expect(s.screen == .interview, "q, ?, r, s and u are text here")
        #expect(s.interview?.notes["clarify"] == "q? r s u")
        _ = s.send(.key(.character("x")))
        _ = s.send(.key(.backspace))
        #expect(s.noteDraft.isEmpty)
    }

    @Test func theCountdownFollowsTicks() throws {
        var s = try started()
        _ = s.send(.tick(now: 1000 + 150))
        #expect(s.view().lines[1].contains("0:30 left"))
        _ = s.send(.tick(now: 1000 + 200))
        #expect(s.view().lines[1].contains("0:20 over"))
    }

    @Test func aWholeInterviewEndsInARubricAndATranscript() throws {
        var s = try started()
        type("Goal: fewer fraud losses at 5k QPS, p99 50 ms, chargeback labels", into: &s)
        _ = s.send(.tick(now: 1000 + 120))
        _ = s.send(.key(.tab))
        type("PR-AUC offline, online fraud loss rate, counter metric: false declines, latency", into: &s)
        _ = s.send(.tick(now: 1000 + 300))
        _ = s.send(.key(.escape))
        #expect(s.interview?.isFinished == false, "the first esc only asks")
        _ = s.send(.key(.escape))
        #expect(s.interview?.isFinished == true)
        #expect(s.interview?.secondsByPhase == [120, 180, 0, 0, 0])
        expectSnapshot(s.view().lines, named: "interview-rubric-100x30")
        let effects = s.send(.key(.character("w")))
        guard case .writeTranscript(let name, let markdown)? = effects.first else {
            Issue.record("expected a transcript, got \(effects)")
            return
        }
        #expect(name == "fraud-detection-interview")
        #expect(markdown.contains("| Clarify | 2:00 | 2:00–3:00 | 4/4 | 100 |"))
    }

    @Test func phaseScreenAt80x24() throws {
        var s = try started()
        _ = s.send(.resize(Size(width: 80, height: 24)))
        type("Goal: fewer fraud losses; 5k QPS", into: &s)
        for c in "p99 under" { _ = s.send(.key(.character(c))) }
        _ = s.send(.tick(now: 1000 + 61))
        expectSnapshot(s.view().lines, named: "interview-phase-80x24")
    }
}

@Suite("Sketching a design") struct SketchTests {
    func loaded() throws -> AppState {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        return s
    }
    func ids(_ s: AppState) -> [String] { s.scenario?.design.components.map(\.id) ?? [] }

    @Test func paletteAddsAComponentCalledAfterTheSelectedOne() throws {
        var s = try loaded()
        _ = s.send(.key(.down))                       // scorer
        _ = s.send(.key(.character("a")))
        #expect(s.view().lines.contains { $0.contains("Add a component") })
        let cacheIndex = try #require(AppState.paletteKinds.firstIndex(of: .cache))
        for _ in 0..<cacheIndex { _ = s.send(.key(.down)) }
        _ = s.send(.key(.enter))
        #expect(ids(s) == ["gateway", "scorer", "rules", "cache"])
        #expect(s.scenario?.design["scorer"]?.calls.last == CallGroup(mode: .sequence, targets: ["cache"]))
        #expect(s.componentSelection == 3)
        _ = s.send(.key(.character("a")))
        for _ in 0..<cacheIndex { _ = s.send(.key(.down)) }
        _ = s.send(.key(.enter))
        #expect(ids(s).last == "cache2", "ids stay unique")
        #expect(s.scenario.map { $0.validationDiagnostics().isEmpty } == true)
        _ = s.send(.key(.character("u")))
        _ = s.send(.key(.character("u")))
        #expect(ids(s) == ["gateway", "scorer", "rules"])
    }

    @Test func connectAddsACallAndRefusesACycle() throws {
        var s = try loaded()
        _ = s.send(.key(.down))                       // scorer
        _ = s.send(.key(.character("c")))
        _ = s.send(.key(.up))                         // gateway: would close a cycle
        _ = s.send(.key(.enter))
        #expect(s.status?.hasPrefix("Not connected: call cycle") == true, "\(s.status ?? "")")
        #expect(s.undoStack.isEmpty)
        #expect(s.componentSelection == 1, "after a refusal the selection returns to the source")
        _ = s.send(.key(.character("c")))
        _ = s.send(.key(.down))                       // rules
        _ = s.send(.key(.enter))
        #expect(s.status == "scorer now calls rules")
        #expect(s.scenario?.design["scorer"]?.calls.last?.targets == ["rules"])
    }

    @Test func deleteRemovesEveryReferenceButNeverTheEntry() throws {
        var s = try loaded()
        _ = s.send(.key(.character("x")))
        #expect(s.status == "The entry component cannot be deleted")
        s.componentSelection = 2                         // rules: the scorer's fallback
        _ = s.send(.key(.character("x")))
        #expect(ids(s) == ["gateway", "scorer"])
        #expect(s.scenario?.design["scorer"]?.fallback == nil)
        s.componentSelection = 1
        _ = s.send(.key(.character("x")))
        #expect(ids(s) == ["gateway"])
        #expect(s.scenario?.design["gateway"]?.calls.isEmpty == true, "empty call groups are dropped")
        #expect(s.scenario.map { $0.validationDiagnostics().isEmpty } == true)
    }
}

@Suite("Key hints") struct KeyHintTests {
    /// Every screen's last hint is still visible at the minimum width, so none is cut off.
    @Test func lastHintIsVisibleAt80Columns() throws {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        #expect(s.view().lines[23].contains("q quit"))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        #expect(s.view().lines[23].contains("? help"))
        let result = try Simulation.run(try AppStateTests.fraud(), options: .init(stop: .requests(2_000)))
        _ = s.send(.simulationFinished(.finished(result)))
        s.status = nil
        #expect(s.view().lines[23].contains("? help"))
        _ = s.send(.key(.character("d")))
        _ = s.send(.key(.character("i")))
        s.status = nil
        #expect(s.view().lines[23].contains("esc esc end"))
    }
}

@Suite("Canvas layout off the keypress path") struct AsyncLayoutTests {
    @Test func anEditAsksForALayoutAndALateOneIsDropped() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        let original = try #require(s.canvas)
        let first = s.update(.key(.character("+")))
        guard case .layout(let older)? = first.last else {
            Issue.record("an edit asks for a layout: \(first)")
            return
        }
        #expect(s.canvas == original, "the keypress frame keeps the old canvas")
        let second = s.update(.key(.character("+")))
        guard case .layout(let newer)? = second.last else {
            Issue.record("a second edit asks again")
            return
        }
        _ = s.update(.laidOut(generation: newer.generation, grid: newer.grid()))
        let current = try #require(s.canvas)
        _ = s.update(.laidOut(generation: older.generation, grid: older.grid()))
        #expect(s.canvas == current, "the older layout arrived late and was dropped")
        #expect(s.update(.key(.down)).isEmpty, "moving the selection needs no layout")
    }
}

@Suite("Edits and the terminal size") struct EditStateTests {
    @Test func undoingEveryEditMakesTheDesignCleanAgain() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("+")))
        #expect(s.isDirty)
        _ = s.send(.key(.character("u")))
        _ = s.send(.key(.character("u")))
        #expect(!s.isDirty)
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .picker, "nothing to confirm")
    }

    @Test func keysAreIgnoredWhileTheTerminalIsTooSmall() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        s.componentSelection = 1
        _ = s.send(.resize(Size(width: 79, height: 24)))
        _ = s.send(.key(.character("x")))
        _ = s.send(.key(.character("q")))
        _ = s.send(.resize(Size(width: 100, height: 30)))
        #expect(s.scenario?.design.components.count == 3, "nothing was deleted unseen")
        #expect(s.screen == .design)
        #expect(s.send(.key(.control("c"))) == [.quit])
    }
}


@Suite("Ending an interview") struct InterviewEndTests {
    @Test func tabOnTheLastPhaseAsksFirst() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.scenarioLoaded(id: "f", result: .loaded(try AppStateTests.fraud())))
        _ = s.send(.key(.character("i")))
        for _ in 0..<4 { _ = s.send(.key(.tab)) }
        #expect(s.interview?.phaseIndex == 4)
        _ = s.send(.key(.tab))
        #expect(s.interview?.isFinished == false)
        #expect(s.status == "This is the last phase: tab again to finish the interview")
        _ = s.send(.key(.tab))
        #expect(s.interview?.isFinished == true)
    }
}
