import ArgumentParser
import Foundation
import MLSDCore
import MLSDInterview
import MLSDExport
import MLSDSim

extension MLSD {
    struct Interview: ParsableCommand {
        /// The `:` commands for `--help`, from the table `:help` prints (this list was a third
        /// copy of it, without `:curveball` and `:notes`).
        static var commandList: String {
            InterviewCommand.commandHelp.flatMap { command, text in
                TextWrap.lines(text, width: 56).enumerated().map { ($0.offset == 0 ? "  " + command.padding(toLength: 20, withPad: " ", startingAt: 0) : String(repeating: " ", count: 22)) + $0.element }
            }.joined(separator: "\n") + "\n  (end of input finishes too; :resume starts a paused clock)"
        }

        static let configuration = CommandConfiguration(
            abstract: "Practise a timed mock interview on a scenario, line by line, and get a scored transcript.",
            usage: CommandUsage.interview,
            discussion: """
                Each line you type is a note for the current phase, saved at once. Lines
                that start with ':' are commands, never notes:
                \(commandList)

                Sessions are saved in $XDG_STATE_HOME/mlsd/interviews/ (default
                ~/.local/state/mlsd/interviews/). After Ctrl-C, a crash or a kill,
                'mlsd interview --resume' goes on where it stopped; 'mlsd interview
                --report SESSION' prints a session's rubric and transcript.

                Plans: short (35 min), standard (45), full (the 60-minute framework), or a
                YAML file (see the README) naming checklist items: \(ChecklistItem.catalog.map(\.id).joined(separator: ", ")).
                """)

        @Argument(help: "Scenario file or id (with --resume: a session id or file; none resumes the latest).", completion: MLSD.scenarioCompletion)
        var scenario: String?
        @Option(help: "short, standard, full, or a plan YAML file.") var plan: String = "short"
        @Flag(help: "End each phase when its time is up and start the next.") var autoAdvance = false
        @Option(help: ArgumentHelp("Your own design (a scenario YAML saved from the TUI), judged by the design checks and simulated against your stated numbers.", valueName: "file"))
        var design: String?
        @Flag(help: "The interviewer changes a condition at the deep dive (traffic x10, the feature store down, a large model, a zone lost); the simulator shows the effect.")
        var curveballs = false
        @Option(help: ArgumentHelp("Play this curveball: surge, feature-store, large-model or zone (implies --curveballs).", valueName: "name"))
        var curveball: String?
        @Flag(help: "Go on with an interview that stopped (the latest unfinished, or the session named).") var resume = false
        @Option(help: ArgumentHelp("Print the rubric and transcript of a saved session (id or file) without running one.", valueName: "session"))
        var report: String?
        @Option(name: .shortAndLong, help: "Write the Markdown transcript here (atomically).") var output: String?

        func validate() throws {
            if scenario == ScenarioLibrary.standardInput {
                throw ValidationError("The interview reads your notes from standard input, so the scenario cannot come from there ('-'); give a file or id.")
            }
            if resume, report != nil { throw ValidationError("--resume and --report cannot be used together.") }
            if report != nil, scenario != nil { throw ValidationError("--report takes the session; drop the scenario '\(scenario ?? "")'.") }
            if !resume, report == nil, scenario == nil { throw ValidationError("Missing the scenario: give a file or a shipped id (see 'mlsd scenarios').") }
            if let curveball, Curveball(rawValue: curveball) == nil {
                throw ValidationError("Unknown curveball '\(curveball)'; expected \(Curveball.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            let folder = MLSD.stateDirectory(environment: ProcessInfo.processInfo.environment).map { $0 + "/interviews" }
            if let report { return try printReport(report, folder: folder) }
            let clock = SystemClock()
            var run: InterviewRun
            if resume {
                run = try resumed(scenario, folder: folder, at: clock.now())
            } else {
                run = try started(folder: folder, at: clock.now())
            }
            Interrupt.installForReading()
            try run.loop(clock: clock)
            let stopped = Interrupt.stoppingSignal.load(ordering: .relaxed)
            if stopped != 0 {
                // Ctrl-C or a kill: saved with its time, not finished; --resume goes on from here.
                try run.save(at: clock.now())
                printError("mlsd: stopped: the interview is saved with its phase, notes and time (\(InterviewSession.clock(run.session.elapsed(at: clock.now()))) used); 'mlsd interview --resume' goes on")
                throw ExitCode(128 + stopped)
            }
            try finish(run, clock: clock)
        }

        // MARK: Start and resume

        private func started(folder: String?, at now: Double) throws -> InterviewRun {
            guard let reference = scenario else { throw ExitCode(64) }
            let (s, _) = try loadScenario(reference)
            let chosen = try Self.plan(named: plan)
            var session = InterviewSession(plan: chosen, startedAt: now)
            session.advancesAutomatically = autoAdvance
            let stored = FileManager.default.fileExists(atPath: reference) ? URL(fileURLWithPath: reference).standardized.path : reference
            let candidate = try design.map { try loadScenario($0).scenario }
            let designPath = design.map { URL(fileURLWithPath: $0).standardized.path }
            let id = Self.sessionID(for: s.name)
            var run = InterviewRun(scenario: s, reference: stored, candidate: candidate, designPath: designPath, session: session,
                                   path: folder.map { Self.reservePath(in: $0, id: id) })
            run.playsCurveball = curveballs || curveball != nil
            run.chosenCurveball = curveball.flatMap(Curveball.init(rawValue:))
            if let why = run.chosenCurveball?.refusal(for: s) {
                printFailure("--curveball: " + why)
                throw ExitCode(64)
            }
            print("\(s.name): \(chosen.title) (up to \(InterviewSession.clock(chosen.budgetSeconds)) in all)" + (autoAdvance ? "; phases advance when their time is up" : "")
                  + (run.playsCurveball ? "; expect a curveball at the \(chosen.phases[InterviewRun.curveballPhase(of: chosen)].title.lowercased())" : ""))
            if let prompt = s.interview.prompt { print("\n  \(prompt)") }
            if let path = run.path {
                print("\nEvery note is saved as you type it (\(path)).")
                print("Stopped? 'mlsd interview --resume' goes on from there. :help lists the commands.")
            } else {
                printError("mlsd: warning: notes are not autosaved (set HOME or XDG_STATE_HOME)")
            }
            try run.save(at: now)
            run.announce()
            run.playCurveballIfDue(at: now)
            return run
        }

        private func resumed(_ name: String?, folder: String?, at now: Double) throws -> InterviewRun {
            let (path, record) = try Self.findRecord(name, folder: folder, unfinishedOnly: name == nil)
            if record.isFinished {
                printFailure("the session \(Self.id(of: path)) is finished; 'mlsd interview --report \(Self.id(of: path))' prints it")
                throw ExitCode(65)
            }
            let (s, _) = try loadScenario(record.scenario)
            let candidate = try record.design.map { try loadScenario($0).scenario }
            var session = record.session(at: now)
            if autoAdvance { session.advancesAutomatically = true }
            var run = InterviewRun(scenario: s, reference: record.scenario, candidate: candidate, designPath: record.design, session: session, path: path)
            run.restoreCurveball(from: record)
            let count = record.notes.values.reduce(0) { $0 + $1.split(separator: "\n").count }
            print("Resuming \(s.name): \(record.plan.title), phase \(session.phaseIndex + 1) of \(record.plan.phases.count), \(count) note\(count == 1 ? "" : "s") so far, \(InterviewSession.clock(session.elapsed(at: now))) used.")
            for phase in record.plan.phases {
                for line in (record.notes[phase.id] ?? "").split(separator: "\n") { print("  [\(phase.title)] \(line)") }
            }
            if session.isPaused { print("The clock is paused: :resume starts it.") }
            run.announce()
            if let c = run.curveball, run.curveballPhase == session.phaseIndex { print("  Curveball: \(c.announcement) Note how you would mitigate it.") }
            run.playCurveballIfDue(at: now)
            return run
        }

        // MARK: Finish and report

        private func finish(_ run: InterviewRun, clock: SystemClock) throws {
            var run = run
            // The design file may have been changed during the interview (in the TUI, say): judge it as it is now.
            let candidate = try run.designPath.map { try loadScenario($0).scenario } ?? run.candidate
            if let before = run.candidate?.design, let after = candidate?.design, let summary = DesignChange.summary(from: before, to: after) {
                run.session.recordDesignChange(summary, at: clock.now())
            }
            run.session.finish(at: clock.now())
            try run.save(at: clock.now())
            let markdown = Self.transcript(scenario: run.scenario, candidate: candidate, session: run.session, curveball: run.playedCurveball)
            try write(markdown, score: nil)
            if let path = run.path { print("Session saved: 'mlsd interview --report \(Self.id(of: path))' prints it again.") }
        }

        private func printReport(_ name: String, folder: String?) throws {
            let (_, record) = try Self.findRecord(name, folder: folder, unfinishedOnly: false)
            let (s, _) = try loadScenario(record.scenario)
            let candidate = try record.design.map { try loadScenario($0).scenario }
            var session = record.session(at: 0)
            session.finish(at: 0)
            var run = InterviewRun(scenario: s, reference: record.scenario, candidate: candidate, designPath: record.design, session: session, path: nil)
            run.restoreCurveball(from: record)
            let markdown = Self.transcript(scenario: s, candidate: candidate, session: session, curveball: run.playedCurveball)
            try write(markdown, score: nil)
        }

        private func write(_ markdown: String, score: Int?) throws {
            if let output {
                do {
                    try TargetFile.write(markdown, to: output)
                } catch {
                    printError("mlsd: error: cannot write '\(output)': \(error)")
                    throw ExitCode(73)
                }
                let total = markdown.range(of: "Score: **").map { markdown[$0.upperBound...].prefix { $0 != "*" } } ?? ""
                print("\nScore \(total). Transcript written to \(output).")
            } else {
                print("")
                print(markdown, terminator: "")
            }
        }

        /// The rubric and transcript: the notes against the plan and the scenario's key considerations,
        /// the design checks on the candidate's design, and stated numbers against its simulation.
        static func transcript(scenario s: Scenario, candidate: Scenario?, session: InterviewSession,
                               curveball played: (curveball: Curveball, phase: Int, notesBefore: Int, effect: CurveballEffect?)? = nil) -> String {
            let judged = candidate ?? s
            var evidence = DesignEvidence(design: judged.design, reference: s.design)
            let notes = session.allNoteLines
            var stated: [StatedComparison] = []
            var finalResult: String?
            let hasFigures = notes.contains { !NoteFigure.all(in: $0).isEmpty }
            if candidate != nil || hasFigures {
                let options = Simulation.Options(stop: .requests(50_000))
                if let result = try? Simulation.run(judged, options: options) {
                    let checked = result.checked(against: judged.requirements)
                    if candidate != nil {
                        evidence.requirementChecks = checked.requirements.map {
                            DesignEvidence.RequirementCheck(name: $0.kind.rawValue, passed: $0.passes, detail: $0.passes ? nil : $0.figureAgainstTarget)
                        }
                        finalResult = Curveball.summary(checked)
                    }
                    stated = StatedComparison.compare(notes: notes, result: checked, design: judged.design)
                }
            }
            // Your own design is drawn at the end of the transcript.
            let diagram = candidate.flatMap { c in try? DesignExport(scenario: c, format: .unicode).text { throw CancellationError() } }
            var outcome: CurveballOutcome?
            if let played {
                let after = session.plan.phases.enumerated().flatMap { i, phase -> [String] in
                    guard i >= played.phase else { return [] }
                    let lines = (session.notes[phase.id] ?? "").split(separator: "\n").map(String.init)
                    return i == played.phase ? Array(lines.dropFirst(played.notesBefore)) : lines
                }
                // The effect shown at the time is reused; the final design is simulated under it only if it differs.
                let given = played.effect ?? played.curveball.effect(on: candidate ?? s)
                let final = candidate.flatMap { c in c.design == s.design ? nil : played.curveball.effect(on: c) } ?? (candidate == nil ? nil : given)
                outcome = CurveballOutcome(curveball: played.curveball, effect: given, finalEffect: final,
                                           notesAfter: after, designChanged: judged.design != s.design)
            }
            let rubric = Rubric(session: session, evidence: evidence, considerations: s.interview.keyConsiderations, stated: stated, curveball: outcome)
            return session.markdown(scenario: s, rubric: rubric, stated: stated, finalDesign: diagram, finalResult: finalResult)
        }

        // MARK: Sessions on disk

        /// What to try instead of a session name that is not there: a TUI transcript is already the
        /// report; otherwise the latest sessions in the folder.
        static func sessionHint(_ name: String, folder: String?) -> String {
            if name.contains("-interview-") || name.hasSuffix(".md") {
                return "; '\(name)' looks like a transcript the TUI wrote (\(name.hasSuffix(".md") ? name : name + ".md")), which is already the scored report"
            }
            guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return "" }
            func modified(_ file: String) -> Date {
                ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + file))?[.modificationDate] as? Date) ?? .distantPast
            }
            let sessions = names.filter { $0.hasSuffix(".session.json") }.map { ($0, modified($0)) }.sorted { $0.1 > $1.1 }
                .prefix(3).map { String($0.0.dropLast(".session.json".count)) }
            return sessions.isEmpty ? "" : "; the latest there: " + sessions.joined(separator: ", ")
        }

        static func plan(named name: String) throws -> InterviewPlan {
            if let p = InterviewPlan.named(name) { return p }
            guard ScenarioLibrary.looksLikePath(name) || FileManager.default.fileExists(atPath: name) else {
                printFailure("unknown plan '\(name)'; expected short, standard, full or a plan YAML file")
                throw ExitCode(64)
            }
            let text: String
            do { text = try TextFile.read(name, maximumBytes: 1 << 20) } catch {
                // Located as a scenario file's problem is: "plan.yaml:1:1: error: no such file".
                printError(error.diagnostic(path: name).description)
                throw ExitCode(66)
            }
            do { return try InterviewPlan.parse(yaml: text, path: name) } catch {
                printError(error.description)
                throw ExitCode(65)
            }
        }

        static func sessionID(for name: String) -> String {
            let slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40))
                .split(separator: "-").joined(separator: "-")
            return (slug.isEmpty ? "interview" : slug) + "-" + InterviewRecord.fileStamp(Date())
        }

        /// A session file of its own in `folder`: `<id>.session.json`, or `<id>-2.session.json` and on
        /// when a session started in the same second already has that name (the second overwrote the
        /// first). The name is taken by creating the file exclusively, so two interviews started at
        /// once get two files; the session is written into it right after.
        static func reservePath(in folder: String, id: String) -> String {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for k in 1...999 {
                let path = folder + "/" + id + (k == 1 ? "" : "-\(k)") + ".session.json"
                let fd = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
                if fd >= 0 { Glibc.close(fd); return path }
                if errno != EEXIST { return path }   // the save that follows says why it cannot write
            }
            return folder + "/" + id + "-\(ProcessInfo.processInfo.processIdentifier).session.json"
        }

        static func id(of path: String) -> String {
            let name = URL(fileURLWithPath: path).lastPathComponent
            return name.hasSuffix(".session.json") ? String(name.dropLast(".session.json".count)) : path
        }

        /// A saved session by id or path; with no name, the most recently saved (unfinished) one.
        static func findRecord(_ name: String?, folder: String?, unfinishedOnly: Bool) throws -> (String, InterviewRecord) {
            var candidates: [String] = []
            if let name {
                if FileManager.default.fileExists(atPath: name) { candidates = [name] } else if let folder { candidates = [folder + "/" + name + ".session.json"] }
            } else if let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
                candidates = names.filter { $0.hasSuffix(".session.json") }.map { folder + "/" + $0 }
            }
            var found: [(String, InterviewRecord, Date)] = []
            for path in candidates {
                guard let text = try? TextFile.read(path, maximumBytes: 8 << 20) else {
                    if let name {
                        printFailure("no interview session '\(name)'" + (folder.map { " in \($0)" } ?? "") + Self.sessionHint(name, folder: folder))
                        throw ExitCode(66)
                    }
                    continue
                }
                do {
                    let record = try InterviewRecord.read(json: text, path: path)
                    if unfinishedOnly, record.isFinished { continue }
                    let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast
                    found.append((path, record, date))
                } catch {
                    if name != nil {
                        printError(error.description)
                        throw ExitCode(65)
                    }
                }
            }
            guard let latest = found.max(by: { $0.2 < $1.2 }) else {
                printFailure(name == nil ? "no unfinished interview to resume" + (folder.map { " in \($0)" } ?? " (set HOME or XDG_STATE_HOME)")
                                       : "no interview session '\(name ?? "")'")
                throw ExitCode(66)
            }
            return (latest.0, latest.1)
        }
    }
}

/// One interview being run in the terminal: the session, where it is saved, and the read loop.
struct InterviewRun {
    var scenario: Scenario
    /// How to open the scenario again (stored in the session file).
    var reference: String
    var candidate: Scenario?
    var designPath: String?
    var session: InterviewSession
    var path: String?
    /// Curveball state: whether one is played, which was asked for, and once played: which, in
    /// which phase, after how many of its notes.
    var playsCurveball = false
    var chosenCurveball: Curveball?
    var curveball: Curveball?
    var curveballPhase: Int?
    var curveballNotesBefore: Int?
    /// The effect shown when it was played (on the design as it was then).
    var curveballEffect: CurveballEffect?

    var playedCurveball: (curveball: Curveball, phase: Int, notesBefore: Int, effect: CurveballEffect?)? {
        guard let curveball, let curveballPhase else { return nil }
        return (curveball, curveballPhase, curveballNotesBefore ?? 0, curveballEffect)
    }

    /// The phase the curveball comes in: the deep dive (or component design), else the phase that
    /// asks for a model, else the middle one.
    static func curveballPhase(of plan: InterviewPlan) -> Int {
        if let i = plan.phases.firstIndex(where: { ["deep_dive", "components"].contains($0.id) }) { return i }
        if let i = plan.phases.firstIndex(where: { $0.checklist.contains { $0.id == "model" } }) { return i }
        return plan.phases.count / 2
    }

    mutating func restoreCurveball(from record: InterviewRecord) {
        playsCurveball = record.playsCurveball ?? false
        chosenCurveball = record.chosenCurveball
        curveball = record.curveball
        curveballPhase = record.curveballPhase
        curveballNotesBefore = record.curveballNotesBefore
    }

    /// Plays the curveball when its phase has come.
    mutating func playCurveballIfDue(at now: Double) {
        guard playsCurveball, curveball == nil, !session.isFinished, session.phaseIndex == Self.curveballPhase(of: session.plan) else { return }
        playCurveball(chosenCurveball, at: now)
    }

    /// Plays a curveball now: says what changed and shows its effect on the design.
    mutating func playCurveball(_ chosen: Curveball?, at now: Double) {
        guard curveball == nil else {
            print("  a curveball was already played: \(curveball?.announcement ?? "")")
            return
        }
        let judged = candidate ?? scenario
        // Picked from the scenario's name, so the same case study always gets the same curveball.
        let c = chosen ?? Curveball.pick(for: judged, seed: scenario.name.unicodeScalars.reduce(0) { $0 &+ UInt64($1.value) })
        curveball = c
        curveballPhase = session.phaseIndex
        curveballNotesBefore = (session.notes[session.currentPhase?.id ?? ""] ?? "").split(separator: "\n").count
        print("\n  ** Curveball: \(c.announcement)" + (c.outageNote(for: judged).map { " " + $0 } ?? ""))
        let effect = c.effect(on: judged)
        curveballEffect = effect
        if let effect {
            print("     Your design now:       \(effect.before)")
            print("     Under the curveball:   \(effect.after)")
        }
        print("     Note how you would mitigate it" + (designPath != nil ? "; change your design file if you like: it is simulated again at the end." : "."))
        try? save(at: now)
    }

    /// Saves the session (atomic write); the folder is made on first use.
    func save(at now: Double) throws {
        guard let path else { return }
        var record = InterviewRecord(session: session, at: now, scenario: reference, scenarioName: scenario.name, design: designPath, savedAt: Date())
        record.playsCurveball = playsCurveball
        record.chosenCurveball = chosenCurveball
        record.curveball = curveball
        record.curveballPhase = curveballPhase
        record.curveballNotesBefore = curveballNotesBefore
        try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        do {
            try TargetFile.write(record.json(), to: path)
        } catch {
            printError("mlsd: warning: the note was not saved: cannot write '\(path)': \(error)")
        }
    }

    func announce() {
        guard let phase = session.currentPhase else { return }
        print("\n== \(phase.title) (\(phase.budgetText)) ==")
        for prompt in phase.prompts { print("  • \(prompt)") }
    }

    func clockLine(at now: Double) -> String {
        guard let phase = session.currentPhase else { return "" }
        return "  [\(phase.title): \(session.remaining(at: now)) · total \(InterviewSession.clock(session.elapsed(at: now))) of \(InterviewSession.clock(session.plan.budgetSeconds))"
            + (session.isPaused ? " · paused" : "") + "]"
    }

    /// Reads lines until the end of input or `:done`, saving after every change.
    mutating func loop(clock: some InterviewClock) throws {
        var input = InterruptibleLines()
        while !session.isFinished, let line = input.next() {
            let now = clock.now()
            for ended in session.advanceIfOverdue(at: now) {
                print("  (time is up for \(ended.title))")
                if session.isFinished { break }
                announce()
                playCurveballIfDue(at: now)
            }
            if session.isFinished { break }
            switch InterviewCommand(parsing: line) {
            case .note(let text):
                guard !text.isEmpty else { continue }
                session.addNote(text)
                try save(at: now)
                print(clockLine(at: now))
            case .next:
                session.advance(at: now)
                try save(at: now)
                announce()
                playCurveballIfDue(at: now)
            case .time:
                print(clockLine(at: now))
            case .prompts:
                announce()
            case .done:
                session.finish(at: now)
            case .pause:
                if session.isPaused { print("  already paused: :resume starts the clock") } else {
                    session.pause(at: now)
                    try save(at: now)
                    print("  paused at \(InterviewSession.clock(session.elapsed(at: now))): :resume starts the clock again")
                }
            case .resume:
                if session.isPaused {
                    session.resume(at: now)
                    try save(at: now)
                    print("  resumed." + clockLine(at: now))
                } else {
                    print("  the clock is running")
                }
            case .calc(let expression):
                do {
                    print("  = " + (try EnvelopeCalculator.evaluate(expression)))
                } catch {
                    print("  calc: \(error)")
                }
            case .numbers:
                for line in ReferenceNumbers.lines() { print(line.isEmpty ? "" : "  " + line) }
            case .notes:
                for line in session.notesSoFar { print(line.isEmpty ? "" : "  " + line) }
            case .auto:
                session.advancesAutomatically.toggle()
                try save(at: now)
                print(session.advancesAutomatically ? "  phases now advance when their time is up" : "  phases advance only on :next")
            case .help:
                for (command, text) in InterviewCommand.commandHelp { print("  " + command.padding(toLength: 18, withPad: " ", startingAt: 0) + text) }
            case .curveball(let name):
                if name.isEmpty {
                    playCurveball(chosenCurveball, at: now)
                } else if let c = Curveball(rawValue: name) {
                    if let why = c.refusal(for: scenario) { print("  \(why) (not saved as a note)") } else { playCurveball(c, at: now) }
                } else {
                    print("  unknown curveball '\(name)' (not saved as a note); expected \(Curveball.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            case .unknown(let name):
                let hint = InterviewCommand.suggestion(for: name).map { "did you mean \($0)? " } ?? ""
                print("  unknown command ':\(name)' (not saved as a note); \(hint):help lists the commands")
            }
        }
    }
}
