import Foundation
import MLSDCore
import MLSDExport
import MLSDInterview
import MLSDSim

/// Opening, saving, exporting, quitting and the recovery of unsaved work.
extension AppState {
    // MARK: Paths

    /// The working directory as typed in prompts (`~` for the home folder).
    var displayDirectory: String {
        if let home = homeDirectory, workingDirectory == home || workingDirectory.hasPrefix(home + "/") {
            return "~" + workingDirectory.dropFirst(home.count)
        }
        return workingDirectory
    }

    /// A typed path made absolute: `~` is the home folder, a relative path is under the working directory.
    func resolve(_ typed: String) -> String {
        var p = typed.trimmingCharacters(in: .whitespaces)
        if p == "~" || p.hasPrefix("~/"), let home = homeDirectory { p = home + p.dropFirst() }
        if !p.hasPrefix("/") { p = workingDirectory + "/" + p }
        return p
    }

    /// Shown form of an absolute path: relative to the working directory when inside it, else `~/x.yaml`.
    func shown(_ path: String) -> String {
        if path.hasPrefix(workingDirectory + "/"), workingDirectory != "/" { return String(path.dropFirst(workingDirectory.count + 1)) }
        if let home = homeDirectory, path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    /// A path as a prompt shows it for editing: always absolute or `~`-relative, so it reads the same anywhere.
    func editable(_ path: String) -> String {
        if let home = homeDirectory, path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    /// The folder of the design's file, or the working directory for a shipped scenario.
    var designDirectory: String {
        if let path = workbench?.source.path, let slash = path.lastIndex(of: "/") { return String(path[..<slash]) }
        return workingDirectory
    }

    /// The design's file name without its extension.
    var designBaseName: String {
        let name = workbench?.source.name ?? "design"
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
        return name
    }

    func defaultExportPath(_ format: ExportFormat) -> String {
        editable(designDirectory + "/" + designBaseName + (format == .ascii ? "-ascii" : "") + "." + format.fileExtension)
    }

    var transcriptDirectory: String? {
        recoveryDirectory.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("interviews").path }
    }

    // MARK: Quit and leave

    /// Quits, or asks first when there is unsaved work (a design or an interview in progress).
    mutating func requestQuit() -> [Effect] {
        let interviewOpen = interview.map { !$0.session.isFinished && !$0.session.notes.isEmpty } ?? false
        guard isDirty || interviewOpen else { return [.quit] }
        var lines = [String]()
        if isDirty { lines.append("\(workbench?.source.name ?? "The design") has unsaved changes.") }
        if interviewOpen { lines.append("An interview is in progress; its notes so far stay in a recovery copy.") }
        var answers = [Confirmation.Answer(key: "s", title: workbench?.needsSaveAs == true ? "save as… then quit" : "save and quit")]
        if !isDirty { answers = [] }
        answers.append(Confirmation.Answer(key: "d", title: isDirty ? "quit without saving (edits are lost)" : "quit"))
        overlay = .confirm(Confirmation(message: lines, answers: answers, purpose: .quitWithUnsavedWork))
        return []
    }

    /// Leaves the design for the list, or asks first when there are unsaved edits.
    mutating func leaveDesign() -> [Effect] {
        guard isDirty else {
            let effects = discardRecovery()
            closeDesign()
            return effects
        }
        overlay = .confirm(Confirmation(message: ["\(workbench?.source.name ?? "The design") has unsaved changes."],
                                        answers: [Confirmation.Answer(key: "s", title: workbench?.needsSaveAs == true ? "save as…" : "save"),
                                                  Confirmation.Answer(key: "d", title: "discard them")],
                                        purpose: .leaveWithUnsavedWork))
        return []
    }

    mutating func closeDesign() {
        // Nothing unsaved and no interview under way: kept, so opening it again goes on from here
        // (but not over a kept recovery copy: opening again asks about it).
        if let wb = workbench, !wb.isDirty, !wb.keepsEarlierRecovery, interview.map({ $0.session.isFinished }) ?? true {
            parked = ParkedDesign(workbench: wb, design: design, results: results, capacity: capacity, faults: faults)
        } else {
            parked = nil
        }
        // The list comes back on the design just left, so enter opens it again.
        if let source = workbench?.source, let i = picker.choices.firstIndex(where: { $0.id == (source.path ?? source.name) }) {
            picker.selection = i
        }
        workbench = nil
        interview = nil
        design = DesignScreen()
        screen = .picker
        say(nil)
    }

    /// Answers a question; nil is esc (cancel).
    mutating func answer(_ key: Character?, to confirmation: Confirmation) -> [Effect] {
        switch (confirmation.purpose, key) {
        case (.quitWithUnsavedWork, "s"):
            quitAfterSave = true
            return save()
        case (.quitWithUnsavedWork, "d"):
            // The design's edits go; an interview's notes stay in their copy, offered back next time.
            let keepNotes = interview.map { !$0.session.isFinished } == true ? interviewRecoveryWrite() : []
            return discardRecovery() + keepNotes + [.quit]
        case (.leaveWithUnsavedWork, "s"):
            leaveAfterSave = true
            return save()
        case (.leaveWithUnsavedWork, "d"):
            let effects = discardRecovery()
            closeDesign()
            say("Changes discarded")
            return effects
        case (.recover(let opened), "r"):
            open(opened, recovering: true)
            say("Recovered the unsaved work: s saves it")
            if let snapshot = opened.interviewRecovery { offerInterview(snapshot) }
            return []
        case (.recover(let opened), "d"):
            open(opened, recovering: false)
            if let snapshot = opened.interviewRecovery { offerInterview(snapshot) }
            return discardRecovery()
        case (.resumeInterview(let snapshot), "r"):
            guard let session = snapshot.session(at: now) else { return [] }
            interview = InterviewScreen(session: session)
            interview?.draft = TextField(snapshot.draft ?? "")
            if let c = snapshot.curveball, let design = workbench?.scenario.design {
                interview?.curveball = InterviewScreen.CurveballState(curveball: c, phase: snapshot.curveballPhase ?? session.phaseIndex,
                                                                      notesBefore: snapshot.curveballNotesBefore ?? 0, designAtPlay: design, needsRun: true)
            }
            interview?.reference = workbench.flatMap { ScenarioLibrary.shippedScenario(named: $0.scenario.name)?.design ?? $0.saved.design }
            screen = .interview
            say("Interview resumed: \(session.currentPhase?.title ?? "")")
            return []
        case (.resumeInterviewOnStart(let reference, _), "r"):
            resumeInterviewOnOpen = true
            say("Opening \(reference)…")
            return [.open(reference)]
        case (.resumeInterviewOnStart, nil):
            say("The interview stays saved: open its design to resume it")
            return []
        case (.resumeInterview, "d"):
            guard let dir = recoveryDirectory, let source = workbench?.source else { return [] }
            say("Interview notes discarded")
            return [.remove(path: RecoveryFile.interviewPath(for: source, in: dir))]
        case (.replaceFile(_, let effect), "y"):
            say("Replacing…")
            return [effect]
        case (.replaceFile(let path, _), nil):
            quitAfterSave = false
            leaveAfterSave = false
            say("\(shown(path)) kept; nothing written")
            return []
        case (.recover(let opened), nil):
            // Esc keeps the recovery copy for later and opens the file as saved.
            open(opened, recovering: false)
            workbench?.keepsEarlierRecovery = true
            say("The recovery copy is kept; open the design again to recover it (edits here are not autosaved over it: s saves them)")
            return []
        default:
            say(nil)
            return []
        }
    }

    // MARK: Open

    /// A reason written for the command line, as the app says it: without `mlsd: error: ` and
    /// with the picker for `run 'mlsd scenarios'` (the app told its user to run a shell command).
    static func inAppReason(_ text: String) -> String {
        var t = text
        for prefix in ["mlsd: error: ", "error: "] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        return t.replacingOccurrences(of: "; run 'mlsd scenarios' to list them", with: "; the scenario list (esc) shows them")
    }

    mutating func opened(_ reference: String, _ result: OpenResult) -> [Effect] {
        let promptToRestore = openPromptToRestore
        openPromptToRestore = nil
        switch result {
        case .opened(let d):
            var effects: [Effect] = []
            if let path = d.source.path {
                effects.append(.rememberRecent(path: path))
                picker.noteRecent(path: path, shownPath: editable(path), scenario: d.scenario)
            }
            if d.recovery == nil, let snapshot = d.interviewRecovery {
                open(d, recovering: false)
                if resumeInterviewOnOpen {
                    resumeInterviewOnOpen = false
                    return effects + answer("r", to: Confirmation(message: [], answers: [], purpose: .resumeInterview(snapshot)))
                }
                offerInterview(snapshot)
                return effects
            }
            resumeInterviewOnOpen = false
            if d.recovery != nil {
                overlay = .confirm(Confirmation(
                    message: ["Unsaved work on \(d.source.name) was found" + (d.recoveryDate.map { " (autosaved \($0))" } ?? "") + "."]
                        + (d.fileChangedAfterRecovery.map { ["The file was changed after that (\($0)): recovering and saving would replace that change."] } ?? [])
                        + ["Recover it, or discard it and open the design as saved?"],
                    answers: [Confirmation.Answer(key: "r", title: "recover"), Confirmation.Answer(key: "d", title: "discard")],
                    purpose: .recover(d)))
                return effects
            }
            open(d, recovering: false)
            return effects
        case .failed(let lines):
            let reason = Self.inAppReason(lines.first ?? "could not open \(reference)")
            // Opened from the `o` prompt: it comes back with the path as typed and the reason.
            if var prompt = promptToRestore, overlay == nil {
                prompt.error = reason
                overlay = .prompt(prompt)
            }
            say(reason, isError: true)
            return []
        }
    }

    /// On start: offers the interview that was under way when the app last stopped (the newest
    /// recovery copy), whichever design it was on.
    public mutating func offerInterviewOnStart(reference: String, snapshot: InterviewSnapshot) {
        let count = snapshot.notes.values.reduce(0) { $0 + $1.split(separator: "\n").count }
        let name = reference.hasPrefix("shipped:") ? String(reference.dropFirst(8)) : shown(reference)
        overlay = .confirm(Confirmation(
            message: ["A mock interview on \(name) was under way (phase \(snapshot.phaseIndex + 1), \(count) note\(count == 1 ? "" : "s")).",
                      "Resume it now? (esc: later; it stays saved)"],
            answers: [Confirmation.Answer(key: "r", title: "resume")],
            purpose: .resumeInterviewOnStart(reference: reference.hasPrefix("shipped:") ? String(reference.dropFirst(8)) : reference, snapshot)))
    }

    /// Asks whether to resume an interview found in a recovery copy.
    mutating func offerInterview(_ snapshot: InterviewSnapshot) {
        let count = snapshot.notes.values.reduce(0) { $0 + $1.split(separator: "\n").count }
        overlay = .confirm(Confirmation(
            message: ["A mock interview on this design was under way (phase \(snapshot.phaseIndex + 1), \(count) note\(count == 1 ? "" : "s")).",
                      "Resume it, or discard its notes?"],
            answers: [Confirmation.Answer(key: "r", title: "resume"), Confirmation.Answer(key: "d", title: "discard")],
            purpose: .resumeInterview(snapshot)))
    }

    mutating func open(_ d: OpenedDesign, recovering: Bool) {
        defer { parked = nil }
        if !recovering, let p = parked, p.workbench.source == d.source, p.workbench.saved == d.scenario {
            // The design left a moment ago, unchanged on disk: as it was left.
            workbench = p.workbench
            workbench?.savedText = d.text.map { Workbench.SavedText(text: $0, scenario: d.scenario) } ?? p.workbench.savedText
            design = p.design
            results = p.results
            interview = nil
            capacity = p.capacity
            faults = p.faults
            endRun()
            screen = .design
            say("Reopened \(d.source.path.map(shown) ?? d.source.name) as you left it: its results, baseline and undo history are kept")
            return
        }
        var wb = Workbench(scenario: d.scenario, source: d.source)
        wb.savedText = d.text.map { Workbench.SavedText(text: $0, scenario: d.scenario) }
        if recovering, let r = d.recovery {
            wb.replace(with: r, as: Workbench.Change("Recovered the unsaved edits"), at: now)
            wb.recoveryVersion = r
            wb.unsavedSince = nil
        }
        workbench = wb
        design = DesignScreen()
        results = ResultsScreen()
        interview = nil
        capacity = CapacityScreen()
        faults = FaultScreen()
        endRun()
        screen = .design
        say(recovering ? nil : "Opened \(d.source.path.map(shown) ?? d.source.name)" + (d.source.path == nil ? " (shipped: s saves a copy under a new name)" : ""))
        // The file's warnings, as `mlsd validate` gives them (the TUI opened such a file in silence).
        if !recovering, let first = d.warnings.first {
            let more = d.warnings.count > 1 ? " (1 of \(d.warnings.count) warnings; mlsd validate lists them)" : ""
            // The file as the title names it (relative to where mlsd started), not its full path.
            let located = d.source.path.map { p in first.hasPrefix(p + ":") ? shown(p) + first.dropFirst(p.count) : first } ?? first
            say(located + more)
        }
    }

    // MARK: Save

    /// Saves to the design's file; a shipped scenario asks for a path instead.
    mutating func save() -> [Effect] {
        guard let wb = workbench else { return [] }
        guard let path = wb.source.path else {
            promptSaveAs()
            return []
        }
        say("Saving…")
        // The file must still hold what the design was read from or last saved as (``WritePurpose/designOver(_:expected:)``).
        let expected = wb.savedText?.text
        let text = textToSave(wb.scenario, path: path)
        return [.write(path: path, text: text, purpose: expected.map { .designOver(wb.scenario, expected: $0) } ?? .design(wb.scenario))]
    }

    /// The file's last text with only the edited values changed, or the whole design (see
    /// ``Workbench/text(toSave:path:)``); noted as the save under way.
    mutating func textToSave(_ version: Scenario, path: String) -> String {
        guard let wb = workbench else { return version.yaml() }
        let text = wb.text(toSave: version, path: path)
        workbench?.willSave(text, path: path)
        return text
    }

    mutating func promptSaveAs() {
        guard let wb = workbench else { return }
        let suggestion: String
        if let path = wb.source.path { suggestion = editable(path) } else { suggestion = editable(availablePath(workingDirectory + "/" + designBaseName + ".yaml")) }
        overlay = .prompt(Prompt(title: "Save the design as (YAML; shipped scenarios are never overwritten)", field: TextField(suggestion), purpose: .saveAs))
    }

    /// The path itself, or a numbered one if a recent or listed file already has it.
    func availablePath(_ path: String) -> String {
        let taken = Set(picker.choices.map(\.id))
        guard taken.contains(path) else { return path }
        let base = path.hasSuffix(".yaml") ? String(path.dropLast(5)) : path
        for n in 2..<1000 where !taken.contains("\(base)-\(n).yaml") { return "\(base)-\(n).yaml" }
        return path
    }

    /// Acts on a prompt's answer.
    mutating func submit(_ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
        func refuse(_ message: String) -> [Effect] {
            prompt.error = message
            overlay = .prompt(prompt)
            return []
        }
        switch prompt.purpose {
        case .saveAs:
            guard let wb = workbench else { return [] }
            guard !text.isEmpty, !text.hasSuffix("/") else { return refuse("expected a file name such as my-design.yaml") }
            var path = resolve(text)
            if !(path.hasSuffix(".yaml") || path.hasSuffix(".yml")) { path += ".yaml" }
            overlay = nil
            say("Saving…")
            return [.write(path: path, text: textToSave(wb.scenario, path: path), purpose: .designAs(wb.scenario))]
        case .export(let format):
            guard let wb = workbench else { return [] }
            guard !text.isEmpty, !text.hasSuffix("/") else { return refuse("expected a file name such as design.\(format.fileExtension)") }
            overlay = nil
            say("Exporting \(format.rawValue)…")
            // As the run: a burst or diurnal workload's figures come from one whole cycle (up to 2M).
            let requests = ShortRun.lengthenedForCycle(simulatedRequests, scenario: wb.scenario, rate: wb.scenario.offeredRate.perSecond)
            let job = ExportJob(scenario: wb.scenario, format: format, path: resolve(text), seed: seed, requests: requests)
            lastExport = job
            return [.export(job)]
        case .openFile:
            guard !text.isEmpty, !text.hasSuffix("/") else { return refuse("expected a path such as designs/fraud.yaml or a scenario id") }
            overlay = nil
            openPromptToRestore = Prompt(title: prompt.title, field: TextField(prompt.field.text), purpose: .openFile)
            var effects = recoveryWrites(force: true)
            let looksLikePath = ScenarioLibrary.looksLikePath(text) || text.hasPrefix("~")
            say("Opening \(text)…")
            effects.append(.open(looksLikePath ? resolve(text) : text))
            return effects
        case .fault:
            switch submitFaults(text) {
            case .success(let effects):
                overlay = nil
                return effects
            case .failure(let refusal): return refuse(refusal.message)
            }
        case .branchShare(let source, let target, let retyping):
            guard let p = Percentage(parsing: text), p.fraction > 0, p.fraction <= 1 else {
                return refuse("expected a percentage above 0 and at most 100%, such as 10%")
            }
            overlay = nil
            if let slot = retyping {
                return rewire("Retyped as a \(p) branch") { try $0.retypingEdge(slot, from: source, to: .branch, probability: p) }
            }
            return rewire("\(source) now calls \(target) for \(p) of requests") { try $0.connecting(source, to: target, kind: .branch, probability: p) }
        }
    }

    mutating func written(path: String, purpose: WritePurpose, result: SaveResult) -> [Effect] {
        switch (purpose, result) {
        case (.designAs(let version), .exists(let existing)):
            overlay = .confirm(Confirmation(message: ["\(shown(existing)) already exists.", "Replace it with this design?"],
                                            answers: [Confirmation.Answer(key: "y", title: "replace it")],
                                            purpose: .replaceFile(path: existing, effect: .write(path: existing, text: textToSave(version, path: existing), purpose: .design(version)))))
            return []
        case (.designAs, .failed(let reason)) where !quitAfterSave && !leaveAfterSave:
            // The prompt comes back with the path as typed and the reason (a folder that does not
            // exist closed it, and the path had to be typed again).
            var prompt = Prompt(title: "Save the design as (YAML; shipped scenarios are never overwritten)", field: TextField(editable(path)), purpose: .saveAs)
            prompt.error = "not saved: \(reason)"
            overlay = .prompt(prompt)
            say("Not saved: \(reason)", isError: true)
            return []
        case (.designOver(let version, _), .changedOnDisk(let changed)):
            overlay = .confirm(Confirmation(message: ["\(shown(changed)) was changed on disk since it was opened or saved here (another editor?).",
                                                      "Replace it with this design and lose that change? esc keeps it (S saves the design under another name)"],
                                            answers: [Confirmation.Answer(key: "y", title: "replace it")],
                                            purpose: .replaceFile(path: changed, effect: .write(path: changed, text: textToSave(version, path: changed), purpose: .design(version)))))
            say("Not saved yet: \(shown(changed)) changed on disk", isError: true)
            return []
        case (.designOver(let version, _), _):
            return written(path: path, purpose: .design(version), result: result)
        case (.designAs(let version), _):
            return written(path: path, purpose: .design(version), result: result)
        case (.design(let version), .saved(let written)):
            guard var wb = workbench else { return [] }
            let oldSource = wb.source
            wb.saved = version
            // The file now holds the text sent, the base of the next save's in-place changes.
            if let pending = wb.pendingSave, pending.scenario == version { wb.savedText = pending }
            wb.pendingSave = nil
            wb.source = .file(path: written)
            if !wb.isDirty { wb.unsavedSince = nil }
            workbench = wb
            say("Saved to \(shown(written))")
            var effects: [Effect] = [.rememberRecent(path: written)]
            picker.noteRecent(path: written, shownPath: editable(written), scenario: wb.scenario)
            if let dir = recoveryDirectory {
                // The old source's copy is no longer needed; the new one is written again if edits remain
                // (a kept earlier copy stays: it was not this session's).
                if !wb.keepsEarlierRecovery { effects.append(.remove(path: RecoveryFile.path(for: oldSource, in: dir))) }
                // Saved under a new name, the design's own copy is another file: autosaves resume.
                if oldSource != wb.source { workbench?.keepsEarlierRecovery = false }
                workbench?.recoveryVersion = nil
                if wb.isDirty { workbench?.unsavedSince = now }
            }
            if !picker.choices.contains(where: { $0.id == written }) {
                picker.choices.insert(PickerScreen.Choice(id: written, name: wb.scenario.name, summary: wb.scenario.summary,
                                                          highlights: ["file: \(editable(written))"], isRecent: true), at: 0)
            }
            if quitAfterSave { return effects + [.quit] }
            if leaveAfterSave {
                leaveAfterSave = false
                closeDesign()
                say("Saved to \(shown(written))")
            }
            return effects
        case (.design, .failed(let reason)), (.design, .exists(let reason)), (.design, .changedOnDisk(let reason)):
            quitAfterSave = false
            leaveAfterSave = false
            say("Not saved: \(reason)", isError: true)
        case (.recovery, .failed(let reason)), (.interviewRecovery, .failed(let reason)):
            say("Autosave failed: \(reason)", isError: true)
        case (.recovery, .exists), (.interviewRecovery, .exists), (.transcript, .exists),
             (.recovery, .changedOnDisk), (.interviewRecovery, .changedOnDisk), (.transcript, .changedOnDisk):
            break
        case (.transcript, .saved(let written)):
            say("Transcript written to \(shown(written))" + (screen == .interview ? " (esc returns to the design)" : ""))
        case (.transcript, .failed(let reason)):
            say("Transcript not written: \(reason)", isError: true)
        case (.recovery, .saved), (.interviewRecovery, .saved):
            break
        }
        return []
    }

    // MARK: Recovery

    /// On a tick: writes the recovery copy of unsaved edits at most a second after the first edit
    /// not yet in it (so a kill loses at most about a second of work), and removes it once clean.
    mutating func autosave() -> [Effect] {
        guard let wb = workbench, let dir = recoveryDirectory, !wb.keepsEarlierRecovery else { return interviewAutosave() }
        if !wb.isDirty, wb.recoveryVersion != nil {
            workbench?.recoveryVersion = nil
            workbench?.unsavedSince = nil
            return [.remove(path: RecoveryFile.path(for: wb.source, in: dir))]
        }
        var effects: [Effect] = []
        if wb.isDirty, wb.recoveryVersion != wb.scenario, let since = wb.unsavedSince, now - since >= 1 {
            effects += recoveryWrites(force: true)
        }
        return effects + interviewAutosave()
    }

    /// The interview's notes, at most a second after they changed.
    mutating func interviewAutosave() -> [Effect] {
        guard let screen = interview, !screen.session.isFinished, screen.lastAutosavedNotes != screen.session.notes || screen.draft.text != screen.lastAutosavedDraft,
              now - screen.lastAutosaveAt >= 1 else { return [] }
        return interviewRecoveryWrite()
    }

    /// The recovery writes for unsaved work now (on a kill signal, before opening another design).
    mutating func recoveryWrites(force: Bool) -> [Effect] {
        guard let dir = recoveryDirectory else { return [] }
        var effects: [Effect] = []
        if let wb = workbench, wb.isDirty, !wb.keepsEarlierRecovery, wb.recoveryVersion != wb.scenario || force {
            workbench?.recoveryVersion = wb.scenario
            workbench?.unsavedSince = nil
            effects.append(.write(path: RecoveryFile.path(for: wb.source, in: dir), text: RecoveryFile.text(yaml: wb.scenario.yaml(), source: wb.source), purpose: .recovery))
        }
        if let screen = interview, !screen.session.isFinished, !screen.session.notes.isEmpty || !screen.draft.text.isEmpty {
            effects += interviewRecoveryWrite()
        }
        return effects
    }

    mutating func interviewRecoveryWrite() -> [Effect] {
        guard let dir = recoveryDirectory, var screen = interview, let wb = workbench else { return [] }
        var session = screen.session
        let draft = screen.draft.text.trimmingCharacters(in: .whitespaces)
        if !draft.isEmpty { session.addNote(draft + " (being typed)") }
        session.finish(at: now)
        let evidence = DesignEvidence(design: wb.scenario.design, reference: screen.reference ?? wb.scenario.design)
        let text = session.markdown(scenario: wb.scenario, rubric: Rubric(session: session, evidence: evidence, considerations: wb.scenario.interview.keyConsiderations))
            + "\n" + InterviewSnapshot(screen.session, now: now, source: wb.source, draft: screen.draft.text, curveball: screen.curveball).comment
        screen.lastAutosavedNotes = screen.session.notes
        screen.lastAutosavedDraft = screen.draft.text
        screen.lastAutosaveAt = now
        interview = screen
        return [.write(path: RecoveryFile.interviewPath(for: wb.source, in: dir), text: text, purpose: .interviewRecovery)]
    }

    /// Removes the recovery copy (its work was saved or discarded on purpose).
    mutating func discardRecovery() -> [Effect] {
        guard let wb = workbench, let dir = recoveryDirectory, !wb.keepsEarlierRecovery else { return [] }
        workbench?.recoveryVersion = nil
        workbench?.unsavedSince = nil
        return [.remove(path: RecoveryFile.path(for: wb.source, in: dir))]
    }
}
