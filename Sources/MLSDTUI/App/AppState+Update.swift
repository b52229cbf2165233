import MLSDCore
import MLSDExport
import MLSDInterview

extension AppState {
    /// Applies one message. Pure: no I/O, no clock, no randomness; side effects are returned.
    ///
    /// When the design or the canvas width changed, the effects end with a `.layout` request: laying
    /// out a large design takes tens of milliseconds, so the runtime draws the frame first and the
    /// new canvas arrives as `.laidOut`.
    public mutating func update(_ message: Message) -> [Effect] {
        let before = (scenario?.design, canvasWidth)
        var effects = apply(message)
        if scenario?.design != before.0 || canvasWidth != before.1 {
            refreshEstimate()
            if let scenario {
                layoutGeneration += 1
                effects.append(.layout(LayoutRequest(generation: layoutGeneration, design: scenario.design,
                                                     annotations: canvasAnnotations, width: canvasWidth - 2)))
            }
        }
        return effects
    }

    private mutating func apply(_ message: Message) -> [Effect] {
        switch message {
        case .laidOut(let generation, let grid):
            // A layout for an older version of the design is dropped: a newer one is on its way.
            if generation == layoutGeneration { canvas = grid }
            return []
        case .tick(let time):
            now = time
            return []
        case .resize(let size):
            terminalSize = size
            return []
        case .scenarioLoaded(let id, let result):
            switch result {
            case .loaded(let s):
                scenario = s
                scenarioID = id
                componentSelection = 0
                undoStack = []
                redoStack = []
                savedScenario = s
                lastRun = nil
                baseline = nil
                canvas = nil
                screen = .design
                status = nil
            case .failed(let lines):
                status = lines.first ?? "could not load \(id)"
            }
            return []
        case .simulationFinished(let outcome):
            isSimulating = false
            switch outcome {
            case .finished(let r):
                lastRun = r
                screen = .results
                let passed = r.requirements.filter(\.passes).count
                status = r.requirements.isEmpty ? nil : "\(passed) of \(r.requirements.count) requirements met"
            case .failed(let reason):
                status = "Simulation failed: \(reason)"
            }
            return []
        case .transcriptWritten(let result):
            switch result {
            case .saved(let path): status = "Transcript written to \(path)"
            case .failed(let reason): status = "Transcript not written: \(reason)"
            }
            return []
        case .saved(_, let result):
            switch result {
            case .saved(let path):
                savedScenario = savingScenario
                status = "Saved to \(path)"
            case .failed(let reason):
                status = "Not saved: \(reason)"
            }
            return []
        case .key(let key):
            let wasConfirming = isConfirmingDiscard
            let effects = handle(key)
            if wasConfirming { isConfirmingDiscard = false }
            return effects
        }
    }

    /// Width of the canvas for the current terminal (the details panel takes the rest).
    var canvasWidth: Int { max(20, terminalSize.width - AppState.detailsWidth) }
    static let detailsWidth = 34

    /// Refreshes the instant estimate (utilisation per component, bottleneck, slowest path). Cheap and pure.
    mutating func refreshEstimate() {
        guard let scenario else {
            utilisation = [:]
            canvasAnnotations = DiagramAnnotations()
            return
        }
        let estimate = DesignEstimate(scenario: scenario)
        utilisation = estimate.utilisation
        canvasAnnotations = DiagramAnnotations(lines: estimate.facts.reduce(into: [:]) { lines, f in
            lines[f.id] = ["ρ " + Self.utilisationText(estimate.utilisation[f.id] ?? 0)]
        }, bottleneck: estimate.bottleneck, criticalPath: estimate.criticalPath)
    }

    static func utilisationText(_ rho: Double) -> String {
        rho >= 1 ? String(format: "%.2f!", rho) : String(format: "%.2f", rho).replacingOccurrences(of: "0.", with: ".")
    }

    /// Replaces the scenario with an edited copy, keeping the old one for undo.
    mutating func edit(_ change: (inout Scenario) -> Void) {
        guard var edited = scenario else { return }
        change(&edited)
        guard edited != scenario, let old = scenario else { return }
        undoStack.append(old)
        if undoStack.count > 200 { undoStack.removeFirst() }
        redoStack = []
        scenario = edited
        status = nil
    }

    /// Leaves the design screen, or asks first when there are unsaved edits.
    mutating func leaveDesign() {
        if isDirty && !isConfirmingDiscard {
            isConfirmingDiscard = true
            status = "Unsaved changes: s saves them, q or esc again discards them"
            return
        }
        screen = .picker
        scenario = savedScenario
        status = nil
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .control("c") { return [.quit] }
        // Nothing is drawn while the terminal is too small, so no key may change anything unseen.
        if isTooSmall {
            status = "Enlarge the terminal to \(Self.minimumSize) (ctrl-c quits)"
            return []
        }
        // In an interview every printable key is note text, so the global keys do not apply.
        if screen == .interview, !isHelpVisible { return handleInterview(key) }
        if screen == .design, !isHelpVisible, let effects = handleSketchMode(key) { return effects }
        if isHelpVisible {
            if key == .escape || key == .character("?") || key == .character("q") { isHelpVisible = false }
            return []
        }
        switch key {
        case .character("?"), .function(1):
            isHelpVisible = true
            return []
        case .character("q"):
            if screen == .results {
                screen = .design
                return []
            }
            if screen == .design {
                leaveDesign()
                return []
            }
            return [.quit]
        default:
            break
        }
        switch screen {
        case .picker: return handlePicker(key)
        case .design: return handleDesign(key)
        case .results: return handleResults(key)
        case .interview: return handleInterview(key)
        }
    }

    private mutating func handlePicker(_ key: Key) -> [Effect] {
        guard !choices.isEmpty else { return [] }
        switch key {
        case .down, .character("j"): pickerSelection = min(pickerSelection + 1, choices.count - 1)
        case .up, .character("k"): pickerSelection = max(pickerSelection - 1, 0)
        case .home, .character("g"): pickerSelection = 0
        case .end, .character("G"): pickerSelection = choices.count - 1
        case .enter, .right, .character("l"):
            status = "Loading \(choices[pickerSelection].name)…"
            return [.loadScenario(id: choices[pickerSelection].id)]
        default: break
        }
        return []
    }

    /// Starts a timed mock interview on the current scenario at the last tick's time.
    mutating func startInterview(plan: InterviewPlan) {
        interview = InterviewSession(plan: plan, startedAt: now)
        noteDraft = ""
        isConfirmingInterviewEnd = false
        screen = .interview
        status = "Type notes, enter adds them; tab: next phase; esc twice: end"
    }

    /// The rubric for the interview, judged with the design and the last simulation.
    var interviewRubric: Rubric? {
        guard let interview, interview.isFinished, let scenario else { return nil }
        var evidence = DesignEvidence(design: scenario.design)
        evidence.requirementChecks = lastRun?.requirements.map { (name: $0.kind.rawValue, passed: $0.passes) } ?? []
        return Rubric(session: interview, evidence: evidence)
    }

    private mutating func handleInterview(_ key: Key) -> [Effect] {
        guard var session = interview else { return [] }
        defer { interview = session }
        if session.isFinished {
            switch key {
            case .escape, .character("q"), .character("d"):
                screen = .design
                status = nil
            case .character("w"):
                guard let scenario, let rubric = interviewRubric else { return [] }
                return [.writeTranscript(name: (scenarioID ?? "design") + "-interview", markdown: session.markdown(scenario: scenario, rubric: rubric))]
            default: break
            }
            return []
        }
        let confirming = isConfirmingInterviewEnd
        isConfirmingInterviewEnd = false
        switch key {
        case .escape:
            if confirming {
                commitDraft(&session)
                session.finish(at: now)
                status = "Interview over: w writes the transcript, esc returns to the design"
            } else {
                isConfirmingInterviewEnd = true
                status = "Press esc again to end the interview"
            }
        case .tab, .function(2):
            let isLastPhase = session.phaseIndex == session.plan.phases.count - 1
            if isLastPhase, !confirming {
                isConfirmingInterviewEnd = true
                status = "This is the last phase: tab again to finish the interview"
                return []
            }
            commitDraft(&session)
            session.advance(at: now)
            status = session.isFinished ? "Interview over: w writes the transcript, esc returns to the design" : nil
        case .enter:
            commitDraft(&session)
        case .backspace:
            if !noteDraft.isEmpty { noteDraft.removeLast() }
        case .character(let c):
            if noteDraft.count < 500 { noteDraft.append(c) }
        default:
            break
        }
        return []
    }

    private mutating func commitDraft(_ session: inout InterviewSession) {
        let text = noteDraft.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { session.addNote(text) }
        noteDraft = ""
    }

    /// Starts a simulation of the current design, unless one is running.
    mutating func startSimulation() -> [Effect] {
        guard let scenario, !isSimulating else { return [] }
        isSimulating = true
        status = "Simulating \(simulatedRequests / 1000)k requests at \(scenario.offeredRate)…"
        return [.runSimulation(scenario, seed: seed, requests: simulatedRequests)]
    }

    private mutating func handleResults(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .left, .character("h"), .character("d"): screen = .design
        case .character("r"): return startSimulation()
        case .character("b"):
            if let lastRun {
                baseline = lastRun
                status = "Baseline pinned: change the design (d), run again (r) and compare"
            }
        case .character("B"):
            baseline = nil
            status = "Baseline cleared"
        default: break
        }
        return []
    }

    private mutating func handleDesign(_ key: Key) -> [Effect] {
        if let effects = handleSketchMode(key) { return effects }
        let count = scenario?.design.components.count ?? 0
        let index = componentSelection
        switch key {
        case .escape, .left, .character("h"): leaveDesign()
        case .character("+"), .character("="):
            edit { $0.design.components[index].replicas = min($0.design.components[index].replicas + 1, 1_000_000) }
        case .character("-"):
            edit { $0.design.components[index].replicas = max($0.design.components[index].replicas - 1, 1) }
        case .character("u"):
            if let previous = undoStack.popLast(), let current = scenario {
                redoStack.append(current)
                scenario = previous
                status = "Undone"
            } else {
                status = "Nothing to undo"
            }
        case .control("r"):
            if let next = redoStack.popLast(), let current = scenario {
                undoStack.append(current)
                scenario = next
                status = "Redone"
            } else {
                status = "Nothing to redo"
            }
        case .character("a"):
            sketchMode = .palette(0)
            status = "Add a component: ↑↓ choose, enter adds it after the selected one, esc cancels"
        case .character("c"):
            guard count > 0 else { return [] }
            sketchMode = .connecting(from: componentSelection)
            status = "Connect \(scenario?.design.components[componentSelection].id ?? "") to…: ↑↓ choose the target, enter, esc cancels"
        case .character("x"), .function(8): deleteSelected()
        case .character("r"): return startSimulation()
        case .character("v"):
            if lastRun != nil { screen = .results } else { status = "No simulation yet: r runs one" }
        case .character("i"): startInterview(plan: .short)
        case .character("I"): startInterview(plan: .full)
        case .character("s"):
            guard let scenario, let id = scenarioID else { return [] }
            savingScenario = scenario
            status = "Saving…"
            return [.save(id: id, yaml: scenario.yaml())]
        case .down, .character("j"), .tab: if count > 0 { componentSelection = (componentSelection + 1) % count }
        case .up, .character("k"), .backTab: if count > 0 { componentSelection = (componentSelection - 1 + count) % count }
        default: break
        }
        return []
    }
}
