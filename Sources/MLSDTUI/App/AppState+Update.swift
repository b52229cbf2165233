import Foundation
import MLSDCore
import MLSDExport
import MLSDInterview
import MLSDSim

extension AppState {
    /// Applies one message. Pure: no I/O, no clock, no randomness; side effects are returned.
    ///
    /// When the design or the canvas width changed, the effects end with a `.layout` request: laying
    /// out a large design takes tens of milliseconds, so the runtime draws the frame first and the
    /// new canvas arrives as `.laidOut`.
    public mutating func update(_ message: Message) -> [Effect] {
        let before = (workbench?.scenario.design, canvasWidth)
        var effects = apply(message)
        if let wb = workbench {
            switch message {
            case .tick, .laidOut, .progress: break
            default: design.clamp(to: wb.scenario)
            }
            if wb.scenario.design != before.0 || canvasWidth != before.1 {
                workbench?.layoutGeneration += 1
                effects.append(.layout(LayoutRequest(generation: wb.layoutGeneration + 1, design: wb.scenario.design,
                                                     annotations: wb.canvasAnnotations, width: Self.layoutWidth(canvasWidth - 2, components: wb.scenario.design.components.count))))
            }
        }
        return effects
    }

    private mutating func apply(_ message: Message) -> [Effect] {
        switch message {
        case .laidOut(let generation, let grid):
            // A layout for an older version of the design is dropped: a newer one is on its way.
            if generation == workbench?.layoutGeneration { workbench?.canvas = grid }
            return []
        case .tick(let time):
            now = time
            fadeStatus()
            return advanceInterviewIfOverdue() + autosave()
        case .resize(let size):
            terminalSize = size
            return []
        case .opened(let reference, let result):
            return opened(reference, result)
        case .progress(let job, let fraction):
            if job == runningJob { runProgress = fraction }
            return []
        case .simulationFinished(let job, let outcome):
            return simulationFinished(job: job, outcome)
        case .capacityFinished(let job, let outcome):
            return capacityFinished(job: job, outcome)
        case .sensitivityFinished(let job, let outcome):
            return sensitivityFinished(job: job, outcome)
        case .faultRunFinished(let job, let outcome):
            return faultRunFinished(job: job, outcome)
        case .written(let path, let purpose, let result):
            return written(path: path, purpose: purpose, result: result)
        case .exported(_, let result):
            switch result {
            case .saved(let path): say("Exported to \(shown(path))")
            case .failed(let reason), .changedOnDisk(let reason):
                say("Not exported: \(reason)", isError: true)
                // The prompt comes back with the path as typed and the reason (it closed).
                if let job = lastExport, overlay == nil {
                    var prompt = Prompt(title: "Export \(job.format.rawValue) to", field: TextField(editable(job.path)), purpose: .export(job.format))
                    prompt.error = "not exported: \(reason)"
                    overlay = .prompt(prompt)
                }
            case .exists(let path):
                guard var job = lastExport, job.path == path else { return [] }
                job.replaceExisting = true
                overlay = .confirm(Confirmation(message: ["\(shown(path)) already exists.", "Replace it with the \(job.format.rawValue) export?"],
                                                answers: [Confirmation.Answer(key: "y", title: "replace it")],
                                                purpose: .replaceFile(path: path, effect: .export(job))))
            }
            return []
        case .terminating:
            return recoveryWrites(force: true)
        case .mouse(let event):
            guard isMouseEnabled, !isTooSmall else { return [] }
            return handleMouse(event)
        case .key(let key):
            return handleKey(key)
        }
    }

    /// Width of the canvas for the current terminal (the inspector takes the rest).
    var canvasWidth: Int { max(20, terminalSize.width - AppState.inspectorWidth(for: terminalSize.width)) }

    static func inspectorWidth(for width: Int) -> Int { width >= 120 ? 44 : 36 }

    /// The width the canvas is laid out at. A small design is fitted to the canvas; a large one
    /// (which scrolls anyway) gets at least 120 columns: squeezing 40 boxes into 60 columns sends the
    /// layout through its slow search for more spacing (5.6 s against 0.7 s for `mlsd export` of a
    /// 40-component design in a debug build), for a drawing no easier to read.
    static func layoutWidth(_ canvas: Int, components: Int) -> Int {
        components > 20 ? max(canvas, 120) : canvas
    }

    /// Shows a message in the status bar.
    mutating func say(_ text: String?, isError: Bool = false) {
        status = text?.replacingOccurrences(of: TextWrap.nonBreakingSpace, with: " ")   // the bar does not wrap
        isStatusError = isError && text != nil
        statusSetAt = now
    }

    /// Plain messages give the status bar back to the key hints after a few seconds; errors and
    /// instructions for an open editor, overlay, connection or run stay until the next key.
    mutating func fadeStatus() {
        guard status != nil, !isStatusError, overlay == nil, design.editor == nil, design.mode == .normal, runningJob == nil,
              interview.map({ $0.session.isFinished || !$0.isConfirmingEnd }) ?? true, now - statusSetAt >= 6 else { return }
        status = nil
    }

    // MARK: Simulation

    /// Starts a simulation of the current design, unless one is running.
    mutating func startSimulation() -> [Effect] {
        guard let wb = workbench, canStartRun() else { return [] }
        let job = beginRun(.simulation, scenario: wb.scenario)
        if let precision = runPrecision {
            // Longer replications where 20k would span few of the slowest component's services (ShortRun).
            let requests = max(replicationRequests, ReplicationPlan.requestsPerReplication(for: wb.scenario))
            say("Simulating to ±\(FigureFormat.percent(precision)) on p99: replications of \(requests / 1000)k requests \(Self.loadText(wb.scenario))…")
            return [.simulate(SimulationJob(job: job, scenario: wb.scenario, seed: seed, requests: requests, precision: precision))]
        }
        // The run indicator beside it says `esc cancels`.
        // A burst or diurnal workload: long enough to measure one whole cycle (up to 2M).
        let requests = ShortRun.lengthenedForCycle(simulatedRequests, scenario: wb.scenario, rate: wb.scenario.offeredRate.perSecond)
        say("Simulating \(requests / 1000)k requests \(Self.loadText(wb.scenario))…")
        return [.simulate(SimulationJob(job: job, scenario: wb.scenario, seed: seed, requests: requests))]
    }

    mutating func cancelSimulation() -> [Effect] {
        guard let job = runningJob else { return [] }
        if runKind != .simulation {
            // A capacity search, tornado or fault run stops at its next check and comes back with what it did.
            guard !isStoppingRun else { return [] }
            isStoppingRun = true
            say("Stopping the \(runKind.label)… what it has done stays")
            return [.cancel(job: job)]
        }
        endRun()
        say("Simulation cancelled")
        return [.cancel(job: job)]
    }

    private mutating func simulationFinished(job: Int, _ outcome: SimulationOutcome) -> [Effect] {
        // A cancelled or superseded run's result is dropped.
        guard job == runningJob, runKind == .simulation else { return [] }
        let scenario = runScenario
        let wasRubricRun = isRubricRun
        endRun()
        if let cb = interview?.curveball, cb.job == job {
            return curveballFinished(outcome) + continueCurveball()
        }
        switch outcome {
        case .finished(let r):
            workbench?.lastRun = r
            workbench?.lastRunScenario = scenario
            // The rubric's run does not take the screen from a user who went back to the design
            // while it ran (a run they started themselves shows its results).
            if screen == .design, !wasRubricRun { screen = .results }
            results.scroll = 0
            let passed = r.requirements.filter(\.passes).count
            say(r.requirements.isEmpty ? nil : "\(passed) of \(r.requirements.count) requirements met"
                + (wasRubricRun && screen != .interview ? " by the interview's run · v shows it"
                   : workbench?.baseline != nil ? " · compared with the baseline" : " · b pins this run as the baseline"))
            // A finished interview's transcript gains the requirements and the stated numbers, also
            // when the user wrote it (w) and left before the run ended: the file is written again.
            if interview?.session.isFinished == true, screen == .interview || (wasRubricRun && interview?.transcriptPath != nil) {
                runScenario = nil
                return transcriptWrite() + continueCurveball()
            }
        case .failed(let reason):
            say("Simulation failed: \(reason)", isError: true)
        case .cancelled:
            say("Simulation cancelled")
        }
        runScenario = nil
        return continueCurveball()
    }

    // MARK: Interview

    /// Starts a timed mock interview on the current design at the last tick's time.
    mutating func startInterview(plan: InterviewPlan) {
        if let screen = interview, !screen.session.isFinished {
            returnToInterview()
            return
        }
        interview = InterviewScreen(session: InterviewSession(plan: plan, startedAt: now))
        interview?.reference = workbench.flatMap { ScenarioLibrary.shippedScenario(named: $0.scenario.name)?.design ?? $0.saved.design }
        screen = .interview
        say("Type notes, enter adds them; tab: next phase; esc twice: end")
    }

    /// Leaves the interview for the design (F5); the clock keeps running.
    mutating func editDesignDuringInterview() {
        guard var screen = interview, !screen.session.isFinished, let wb = workbench else { return }
        commitDraft(&screen)
        screen.designAtLeave = wb.scenario.design
        interview = screen
        self.screen = .design
        design.focus = .canvas
        say("The interview clock keeps running (\(screen.session.remaining(at: now))): i returns to it")
    }

    /// Back to the interview from the design, recording what changed there and when.
    mutating func returnToInterview() {
        guard var screen = interview, !screen.session.isFinished else { return }
        if let before = screen.designAtLeave, let after = workbench?.scenario.design, let summary = DesignChange.summary(from: before, to: after) {
            screen.session.recordDesignChange(summary, at: now)
            say("Back to the interview; recorded: \(summary)")
        } else {
            say("Back to the interview: \(screen.session.currentPhase?.title ?? "") \(screen.session.remaining(at: now))")
        }
        screen.designAtLeave = nil
        interview = screen
        self.screen = .interview
    }

    // MARK: Curveball

    /// The interviewer changes a condition now: the curveball is announced and the design is
    /// simulated under it in the background.
    mutating func playCurveball(_ chosen: Curveball?) -> [Effect] {
        guard var screen = interview, !screen.session.isFinished, let wb = workbench else { return [] }
        if let played = screen.curveball {
            say("A curveball was already played: \(played.curveball.announcement)")
            return []
        }
        let c = chosen ?? Curveball.pick(for: wb.scenario, seed: wb.scenario.name.unicodeScalars.reduce(0) { $0 &+ UInt64($1.value) })
        let phase = screen.session.phaseIndex
        screen.curveball = InterviewScreen.CurveballState(
            curveball: c, phase: phase, notesBefore: (screen.session.notes[screen.session.currentPhase?.id ?? ""] ?? "").split(separator: "\n").count,
            designAtPlay: wb.scenario.design, before: freshRun.map(Curveball.summary), needsRun: true)
        interview = screen
        showCurveball()
        say("Curveball: \(c.announcement)")
        return continueCurveball() + interviewRecoveryWrite()
    }

    /// The curveball in the left panel: what changed and what the simulator says.
    mutating func showCurveball() {
        guard let cb = interview?.curveball else { return }
        var lines = [cb.curveball.announcement + (workbench.flatMap { cb.curveball.outageNote(for: $0.scenario) }.map { " " + $0 } ?? ""), ""]
        if let before = cb.before { lines += ["Your design now:", "  " + before, ""] }
        lines += ["Under the curveball:", "  " + (cb.under ?? "simulating…"), "",
                  "Note how you would mitigate it; F5 changes the design (it is simulated under the curveball again at the end)."]
        interview?.aside = InterviewScreen.Aside(title: "Curveball", lines: lines)
    }

    /// Starts the curveball's pending simulation when nothing else is running.
    mutating func continueCurveball() -> [Effect] {
        guard var cb = interview?.curveball, cb.needsRun, runningJob == nil, let wb = workbench else { return [] }
        let requests = Curveball.runRequests(for: wb.scenario, under: cb.curveball)
        let (scenario, options) = cb.curveball.conditions(for: wb.scenario, requests: requests)
        let job = beginRun(.simulation, scenario: scenario)
        cb.job = job
        cb.needsRun = false
        cb.isFinalRun = interview?.session.isFinished == true
        interview?.curveball = cb
        var count = requests
        if case .requests(let n) = options.stop { count = n }
        return [.simulate(SimulationJob(job: job, scenario: scenario, seed: seed, requests: count, outages: options.outages))]
    }

    /// A curveball run came back: its summary goes to the panel (or, at the end, to the rubric).
    mutating func curveballFinished(_ outcome: SimulationOutcome) -> [Effect] {
        guard var cb = interview?.curveball else { return [] }
        let text: String
        var meets: Bool?
        switch outcome {
        case .finished(let r):
            text = Curveball.summary(r)
            meets = r.meetsRequirements
        case .failed(let reason): text = "could not simulate: \(reason)"
        case .cancelled: text = "simulation cancelled"
        }
        if cb.isFinalRun {
            cb.final = text
            cb.finalMeets = meets
        } else {
            cb.under = text
            if cb.designAtPlay == workbench?.scenario.design { cb.final = text; cb.finalMeets = meets }
        }
        cb.job = nil
        interview?.curveball = cb
        if interview?.session.isFinished == true { return transcriptWrite() }
        if interview?.aside?.title == "Curveball" { showCurveball() }
        return []
    }

    /// The curveball's outcome for the rubric: the mitigation in the notes after it, and whether the
    /// design, changed since, meets the requirements under it.
    var curveballOutcome: CurveballOutcome? {
        guard let screen = interview, let cb = screen.curveball, let wb = workbench else { return nil }
        let session = screen.session
        let after = session.plan.phases.enumerated().flatMap { i, phase -> [String] in
            guard i >= cb.phase else { return [] }
            let lines = (session.notes[phase.id] ?? "").split(separator: "\n").map(String.init)
            return i == cb.phase ? Array(lines.dropFirst(cb.notesBefore)) : lines
        }
        let changed = wb.scenario.design != cb.designAtPlay
        let effect = CurveballEffect(before: cb.before ?? "not simulated", after: cb.under ?? "still simulating", meetsRequirements: false,
                                     requirementsMet: 0, requirementCount: 0)
        let final = cb.final.map { CurveballEffect(before: "", after: $0, meetsRequirements: cb.finalMeets ?? false, requirementsMet: 0, requirementCount: 0) }
        return CurveballOutcome(curveball: cb.curveball, effect: effect, finalEffect: changed && cb.isFinalRun || !changed ? final : nil,
                                notesAfter: after, designChanged: changed)
    }

    /// With auto-advance on, ends the phases whose time is up and says so.
    mutating func advanceInterviewIfOverdue() -> [Effect] {
        guard var screen = interview, screen.session.advancesAutomatically, !screen.session.isFinished else { return [] }
        var probe = screen.session
        probe.advanceIfOverdue(at: now)
        // A line being typed when the last phase runs out is kept as a note of that phase.
        if probe.isFinished { commitDraft(&screen) }
        let ended = screen.session.advanceIfOverdue(at: now)
        guard let last = ended.last else { return [] }
        screen.asideScroll = 0
        interview = screen
        if let next = screen.session.currentPhase {
            say("Time is up for \(last.title): now \(next.title)")
            return interviewRecoveryWrite()
        }
        say("Time is up: interview over. w writes the transcript, esc returns to the design")
        let kept = transcriptWrite()
        guard let dir = recoveryDirectory, let source = workbench?.source else { return kept + simulateForRubric() }
        return kept + [.remove(path: RecoveryFile.interviewPath(for: source, in: dir))] + simulateForRubric()
    }

    /// The rubric for the interview, judged with the design and the last simulation.
    var interviewRubric: Rubric? {
        guard let interview, interview.session.isFinished, let scenario = workbench?.scenario else { return nil }
        var evidence = DesignEvidence(design: scenario.design, reference: interview.reference ?? scenario.design)
        evidence.requirementChecks = freshRun?.requirements.map {
            DesignEvidence.RequirementCheck(name: $0.kind.rawValue, passed: $0.passes, detail: $0.passes ? nil : $0.figureAgainstTarget)
        } ?? []
        return Rubric(session: interview.session, evidence: evidence, considerations: scenario.interview.keyConsiderations, stated: interviewStated,
                      curveball: curveballOutcome)
    }

    /// The last simulation, if it is of the design as it is now.
    var freshRun: SimulationResult? {
        guard let wb = workbench, let run = wb.lastRun, wb.lastRunScenario == wb.scenario else { return nil }
        return run
    }

    /// The numbers stated in the interview's notes beside the simulation of the design (none until it has run).
    var interviewStated: [StatedComparison] {
        guard let interview, let run = freshRun, let design = workbench?.scenario.design else { return [] }
        return StatedComparison.compare(notes: interview.session.allNoteLines, result: run, design: design)
    }

    /// At the end of an interview: simulates the design when its last run is missing or stale, so the
    /// rubric can judge the requirements and the numbers stated in the notes.
    mutating func simulateForRubric() -> [Effect] {
        // A design changed since the curveball is simulated under it again.
        if var cb = interview?.curveball, interview?.session.isFinished == true, cb.designAtPlay != workbench?.scenario.design, !cb.isFinalRun {
            cb.needsRun = true
            cb.isFinalRun = true
            interview?.curveball = cb
        }
        guard interview?.session.isFinished == true, freshRun == nil, runningJob == nil else { return continueCurveball() }
        let effects = startSimulation()
        isRubricRun = runningJob != nil
        say("Interview over: simulating your design for the rubric… (w writes the transcript, esc returns to the design)")
        return effects
    }
}

extension AppState {
    /// `at 500/s`, or `from 8 closed-loop users`.
    static func loadText(_ scenario: Scenario) -> String {
        guard let users = scenario.design.workload.users else { return "at \(scenario.offeredRate)" }
        return "from \(users) closed-loop user\(users == 1 ? "" : "s")"
    }
}
