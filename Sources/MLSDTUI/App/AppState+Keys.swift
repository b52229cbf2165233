import Foundation
import MLSDCore
import MLSDExport
import MLSDInterview
import MLSDSim

extension AppState {
    /// Routes a key: the quit key, the open overlay, a value being typed, interview text, a
    /// connection being drawn, then the ``KeyMap`` for the current context.
    mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .control("c"), !(overlay.map { if case .confirm(let c) = $0, c.purpose == .quitWithUnsavedWork { return true } else { return false } } ?? false) {
            overlay = nil
            design.editor = nil
            return requestQuit()
        }
        // Nothing is drawn while the terminal is too small, so no key may change anything unseen,
        // the status bar included: a message set now would first show after the resize back, when
        // it is no longer true. The one line drawn meanwhile says what to do.
        if isTooSmall { return [] }
        if overlay != nil { return handleOverlay(key) }
        if screen == .design, design.editor != nil { return handleEditor(key) }
        if screen == .interview, let interview, !interview.session.isFinished, let effects = handleInterviewText(key) { return effects }
        if screen == .design, case .connecting(let from) = design.mode { return handleConnecting(key, from: from) }
        let context = keyContext
        let candidates = KeyMap.candidates(for: key, in: context)
        for binding in candidates where isAvailable(binding.action) {
            if status != nil, !isStatusError || binding.action != .help { say(nil) }
            return perform(binding.action)
        }
        // A key that means something here but cannot run now says why (v before any run did nothing).
        if let reason = candidates.compactMap({ unavailableReason($0.action) }).first { say(reason) }
        return []
    }

    /// After an undo or redo: a component that came back (a delete undone, an add redone) is
    /// selected; otherwise the selection stays on the component it was on, or, when that one is
    /// gone (an add undone, a delete redone), moves to its first caller, the box it was added after.
    /// (The selection kept its index, so undoing "Added client after scorer" selected the last
    /// component, and the next `a` added after it.)
    mutating func keepSelection(from old: Design?, id: String?) {
        guard let old, let design = workbench?.scenario.design else { return }
        let returned = design.components.first { old[$0.id] == nil }?.id
        let caller = id.flatMap { id in old.components.first { $0.callees.contains(id) || $0.fallback == id }?.id }
        for candidate in [returned, id, caller, design.entry].compactMap({ $0 }) {
            if let i = design.components.firstIndex(where: { $0.id == candidate }) {
                self.design.selection = i
                return
            }
        }
    }

    /// Why a bound action cannot run now, for the status bar; nil where the key does nothing quietly.
    func unavailableReason(_ action: Action) -> String? {
        switch action {
        case .viewResults: "No results yet: r runs the simulation"
        case .clearBaseline: "No baseline pinned: b pins this run as the baseline"
        case .writeTranscript: "The transcript is written once the interview ends"
        // These act on a call; on another row they said nothing.
        case .retype: callRowHint("t changes a call's kind")
        case .moveEarlier, .moveLater: callRowHint("[ and ] move a call earlier or later")
        default: nil
        }
    }

    /// True when the action can run now (the palette lists only these).
    func isAvailable(_ action: Action) -> Bool {
        switch action {
        case .cancelRun: return runningJob != nil
        case .viewResults, .pinBaseline: return workbench?.lastRun != nil
        case .clearBaseline: return workbench?.baseline != nil
        case .retype, .moveEarlier, .moveLater:
            if case .edge? = currentRow?.kind { return true }
            return false
        case .replicasUp, .replicasDown, .addComponent, .connect, .insertInFront:
            return design.subject == .component || screen != .design
        case .writeTranscript: return interview?.session.isFinished == true
        default: return true
        }
    }

    /// Where the calls are, for a call key pressed on another row: the selected component's
    /// `calls` rows, or that it has none (the workload panel has none at all).
    func callRowHint(_ what: String) -> String {
        // On the workload panel, w is the way back (it said "esc, then arrows").
        if design.subject == .scenario, selectedID != nil {
            return what + ": the workload panel has no calls (w goes back to the component's inspector)"
        }
        guard design.subject == .component, let id = selectedID, let scenario = workbench?.scenario else {
            return what + ": select a component (esc, then arrows) and highlight one of its calls"
        }
        return scenario.edges(from: id).isEmpty
            ? what + ": \(DisplayWidth.sanitized(id)) makes no calls (c connects it to another component)"
            : what + ": highlight one of the → rows under calls"
    }

    /// Runs an action in the current context.
    mutating func perform(_ action: Action) -> [Effect] {
        let page = max(1, terminalSize.height - 6)
        switch action {
        case .quit: return requestQuit()
        case .help:
            helpScroll = 0
            overlay = .help(filter: TextField(), context: keyContext)
        case .palette:
            overlay = .palette(query: TextField(), selection: 0, context: keyContext)
        case .up, .down, .top, .bottom, .pageUp, .pageDown:
            move(action, page: page)
        case .open:
            switch screen {
            case .picker:
                guard picker.choices.indices.contains(picker.selection) else { return [] }
                let choice = picker.choices[picker.selection]
                say("Opening \(choice.name)…")
                return [.open(choice.id)]
            case .design:
                if design.focus == .canvas {
                    design.focus = .inspector
                    design.subject = .component
                    design.clamp(to: workbench!.scenario)
                    if currentRow == nil { design.row = inspectorRows.firstIndex(where: \.isSelectable) ?? 0 }
                } else {
                    return editCurrentRow()
                }
            default: break
            }
        case .openFile:
            overlay = .prompt(Prompt(title: "Open a design file (YAML) or a shipped scenario id", field: TextField(displayDirectory + "/"), purpose: .openFile))
        case .switchFocus:
            design.focus = design.focus == .canvas ? .inspector : .canvas
            if design.focus == .inspector, currentRow == nil { design.row = inspectorRows.firstIndex(where: \.isSelectable) ?? 0 }
        case .scenarioSettings:
            design.subject = design.subject == .scenario ? .component : .scenario
            design.focus = .inspector
            design.row = inspectorRows.firstIndex(where: \.isSelectable) ?? 0
        case .addComponent:
            overlay = .menu(Menu(title: "Add a component after \(selectedID ?? "")", items: Self.kindItems, purpose: .addComponent))
        case .insertInFront:
            guard let id = selectedID else { return [] }
            let cache = Self.paletteKinds.firstIndex(of: .cache) ?? 0
            overlay = .menu(Menu(title: "Insert in front of \(id): its callers call the new one", items: Self.kindItems, selection: cache, purpose: .insertInFront(of: id)))
        case .connect:
            design.mode = .connecting(from: design.selection)
            design.focus = .canvas
            let count = workbench?.scenario.design.components.count ?? 1
            say("Connect \(selectedID ?? "") to…: ↑↓ choose the target, enter, esc cancels")
            // Start on the next component: the source cannot call itself.
            if count > 1 { design.selection = (design.selection + 1) % count }
        case .delete:
            if design.focus == .inspector {
                guard case .edge(let source, let edge)? = currentRow?.kind else {
                    say("x deletes the highlighted call here; to delete the component, press x on the canvas (esc)")
                    return []
                }
                return rewire("Removed \(source) \(edge.description)") { try $0.removingEdge(edge.slot, from: source) }
            }
            deleteSelected()
        case .retype:
            guard case .edge(let source, let edge)? = currentRow?.kind else { return [] }
            overlay = .menu(Menu(title: "\(source) \(edge.description): retype as", items: callKindItems(source: source),
                                 selection: CallKind.allCases.firstIndex(of: edge.kind) ?? 0, purpose: .retype(source: source, slot: edge.slot)))
        case .moveEarlier, .moveLater:
            guard case .edge(let source, let edge)? = currentRow?.kind else { return [] }
            let offset = action == .moveEarlier ? -1 : 1
            return rewire("Moved \(source) \(edge.description) \(offset < 0 ? "earlier" : "later")", follow: (edge.target, edge.kind)) {
                try $0.movingEdge(edge.slot, from: source, by: offset)
            }
        case .replicasUp, .replicasDown:
            guard let id = selectedID, let c = workbench?.scenario.design[id] else { return [] }
            let replicas = action == .replicasUp ? min(c.replicas + 1, 1_000_000) : max(c.replicas - 1, 1)
            return setValue(target: id, key: "replicas", value: "\(replicas)")
        case .undo:
            let before = (workbench?.scenario.design, selectedID)
            let call = highlightedCall
            if let change = workbench?.undo(at: now) { say("Undone: " + change.text(undone: true)) } else { say("Nothing to undo") }
            keepSelection(from: before.0, id: before.1)
            follow(call)
        case .redo:
            let before = (workbench?.scenario.design, selectedID)
            let call = highlightedCall
            if let change = workbench?.redo(at: now) { say("Redone: " + change.text(undone: false)) } else { say("Nothing to redo") }
            keepSelection(from: before.0, id: before.1)
            follow(call)
        case .save: return save()
        case .saveAs: promptSaveAs()
        case .export:
            overlay = .menu(Menu(title: "Export \(workbench?.scenario.name ?? "")", items: ExportFormat.allCases.map { Menu.Item(title: $0.rawValue, detail: $0.summary) }, purpose: .exportFormat))
        case .run:
            switch screen {
            case .capacity: return startCapacity()
            case .faults: return rerunFaults()
            default: return startSimulation()
            }
        case .capacity: return openCapacity()
        case .injectFault: return openFaults()
        case .lengthenFaultRun: return lengthenFaultRun()
        case .cancelRun: return cancelSimulation()
        case .viewResults:
            screen = .results
            results.scroll = 0
        case .viewDesign:
            screen = .design
        case .pinBaseline:
            guard let wb = workbench, let run = wb.lastRun else { return [] }
            workbench?.baseline = run
            workbench?.baselineScenario = wb.lastRunScenario
            say("Baseline pinned: change the design (d), run again (r) and read the deltas")
        case .clearBaseline:
            workbench?.baseline = nil
            workbench?.baselineScenario = nil
            say("Baseline cleared")
        case .interviewShort: startInterview(plan: .short)
        case .interviewStandard: startInterview(plan: .standard)
        case .interviewFull: startInterview(plan: .full)
        case .nextPhase:
            nextPhase()
            return interviewOverEffects()
        case .endInterview:
            endInterview()
            return interviewOverEffects()
        case .pauseInterview:
            return togglePause()
        case .interviewDesign:
            editDesignDuringInterview()
            return interviewRecoveryWrite()
        case .writeTranscript:
            guard interview != nil, transcriptDirectory != nil else {
                say("No folder for transcripts: set HOME or XDG_STATE_HOME", isError: true)
                return []
            }
            return transcriptWrite()
        case .back:
            switch keyContext {
            case .inspector:
                design.focus = .canvas
                design.subject = .component
            case .canvas:
                // An interview under way is never dropped by leaving the design: back to it instead.
                if let screen = interview, !screen.session.isFinished {
                    returnToInterview()
                    return interviewRecoveryWrite()
                }
                return leaveDesign()
            case .results, .capacity, .faults: screen = .design
            case .rubric:
                // Leaving the rubric keeps the transcript: it is written again with what it has now.
                let effects = transcriptWrite()
                screen = .design
                say(nil)
                return effects
            default: break
            }
        }
        return []
    }

    private mutating func move(_ action: Action, page: Int) {
        switch keyContext {
        case .picker: picker.move(action, page: page)
        case .canvas:
            let count = workbench?.scenario.design.components.count ?? 0
            guard count > 0 else { return }
            switch action {
            case .up: design.selection = (design.selection - 1 + count) % count
            case .down: design.selection = (design.selection + 1) % count
            case .top, .pageUp: design.selection = 0
            default: design.selection = count - 1
            }
            design.row = 0
            design.clamp(to: workbench!.scenario)
        case .inspector:
            let rows = inspectorRows
            let selectable = rows.indices.filter { rows[$0].isSelectable }
            guard !selectable.isEmpty else { return }
            let position = selectable.firstIndex(of: design.row) ?? 0
            let next: Int
            switch action {
            case .up: next = max(position - 1, 0)
            case .down: next = min(position + 1, selectable.count - 1)
            case .top: next = 0
            case .bottom: next = selectable.count - 1
            case .pageUp: next = max(position - page, 0)
            default: next = min(position + page, selectable.count - 1)
            }
            design.row = selectable[next]
        case .results, .rubric, .capacity, .faults:
            var scroll: Int
            switch keyContext {
            case .results: scroll = results.scroll
            case .capacity: scroll = capacity.scroll
            case .faults: scroll = faults.scroll
            default: scroll = interview?.scroll ?? 0
            }
            switch action {
            case .up: scroll -= 1
            case .down: scroll += 1
            case .top: scroll = 0
            case .bottom: scroll = Int.max / 2
            case .pageUp: scroll -= page
            default: scroll += page
            }
            scroll = max(0, scroll)
            // Never past the end: pgup after G or pgdn past it moved nothing for as many presses.
            switch keyContext {
            case .results: results.scroll = min(scroll, resultsLineCount)
            case .capacity: capacity.scroll = min(scroll, capacityLineCount)
            case .faults: faults.scroll = min(scroll, faultLineCount)
            default:
                let limit = rubricLineCount
                interview?.scroll = min(scroll, limit)
            }
        case .interview: break
        }
    }

    // MARK: Overlays

    private mutating func handleOverlay(_ key: Key) -> [Effect] {
        guard let current = overlay else { return [] }
        switch current {
        case .help(var filter, let context):
            switch key {
            case .escape, .function(1): overlay = nil
            case .character("?") where filter.text.isEmpty, .character("q") where filter.text.isEmpty: overlay = nil
            case .up: helpScroll = max(0, helpScroll - 1)
            case .down: helpScroll += 1
            case .pageUp: helpScroll = max(0, helpScroll - 10)
            case .pageDown: helpScroll += 10
            default:
                if filter.handle(key) {
                    helpScroll = 0
                    overlay = .help(filter: filter, context: context)
                }
            }
            return []
        case .palette(var query, var selection, let context):
            let matches = paletteMatches(query.text, context: context)
            switch key {
            case .escape: overlay = nil
            case .up, .control("p"): overlay = .palette(query: query, selection: max(0, selection - 1), context: context)
            case .down, .control("n"), .tab: overlay = .palette(query: query, selection: min(max(0, matches.count - 1), selection + 1), context: context)
            case .enter:
                overlay = nil
                guard matches.indices.contains(selection) else { return [] }
                return perform(matches[selection].action)
            default:
                if query.handle(key) {
                    selection = 0
                    overlay = .palette(query: query, selection: selection, context: context)
                }
            }
            return []
        case .prompt(var prompt):
            switch key {
            case .escape:
                overlay = nil
                quitAfterSave = false
                leaveAfterSave = false
                say("Cancelled")
            case .enter:
                return submit(prompt)
            default:
                if prompt.field.handle(key) {
                    prompt.error = nil
                    overlay = .prompt(prompt)
                }
            }
            return []
        case .menu(var menu):
            if let filter = menu.filter {
                // Filtering: letters and digits are typed; arrows choose; esc or backspace past
                // the start leaves the filter.
                switch key {
                case .escape:
                    menu.filter = nil
                case .backspace:
                    menu.filter = filter.isEmpty ? nil : String(filter.dropLast())
                case .control("u"):
                    menu.filter = ""
                case .up: menu.selection = max(0, menu.selection - 1)
                case .down, .tab: menu.selection = min(max(menu.items.count - 1, 0), menu.selection + 1)
                case .enter:
                    guard menu.origin.indices.contains(menu.selection) else { return [] }
                    overlay = nil
                    return choose(menu.origin[menu.selection], in: menu)
                case .character(let c) where !c.isNewline:
                    menu.filter = filter + String(c)
                    menu.selection = 0
                default: break
                }
                overlay = .menu(menu)
                return []
            }
            switch key {
            case .character("/"):
                menu.filter = ""
                overlay = .menu(menu)
            case .escape, .character("q"): overlay = nil
            case .up, .character("k"): menu.selection = max(0, menu.selection - 1); overlay = .menu(menu)
            case .down, .character("j"), .tab: menu.selection = min(menu.items.count - 1, menu.selection + 1); overlay = .menu(menu)
            case .home, .character("g"): menu.selection = 0; overlay = .menu(menu)
            case .end, .character("G"): menu.selection = menu.items.count - 1; overlay = .menu(menu)
            case .enter, .right, .character("l"):
                guard menu.origin.indices.contains(menu.selection) else { return [] }
                overlay = nil
                return choose(menu.origin[menu.selection], in: menu)
            case .character(let c) where c.isNumber:
                if let n = c.wholeNumberValue, n >= 1, n <= menu.items.count {
                    overlay = nil
                    return choose(menu.origin[n - 1], in: menu)
                }
            default: break
            }
            return []
        case .confirm(let confirmation):
            if case .character(let c) = key, confirmation.answers.contains(where: { $0.key == c }) {
                overlay = nil
                return answer(c, to: confirmation)
            }
            if key == .escape || key == .control("c") {
                overlay = nil
                return answer(nil, to: confirmation)
            }
            return []
        }
    }

    /// The palette's matches for `query`, best first: available actions of the context whose help
    /// or name contains the query's letters in order (fuzzy), scored by how tightly they match.
    func paletteMatches(_ query: String, context: KeyContext) -> [KeyBinding] {
        var seen = Set<Action>()
        let candidates = KeyMap.bindings(in: context).filter { b in
            b.action != .palette && b.action != .up && b.action != .down && isAvailable(b.action) && seen.insert(b.action).inserted
        }
        // Quitting is never the first entry: enter on an unread palette must not end the session.
        let quitLast = { (list: [KeyBinding]) in list.filter { $0.action != .quit } + list.filter { $0.action == .quit } }
        guard !query.isEmpty else { return quitLast(candidates) }
        return quitLast(candidates.compactMap { b -> (KeyBinding, Int)? in
            guard let score = Self.fuzzyScore(query, in: b.help + " " + b.action.rawValue) else { return nil }
            return (b, score)
        }.sorted { $0.1 < $1.1 }.map(\.0))
    }

    /// Lower is better; nil when the letters of `query` do not appear in order in `text`.
    static func fuzzyScore(_ query: String, in text: String) -> Int? {
        let q = Array(query.lowercased()), t = Array(text.lowercased())
        var i = 0, first = -1, last = 0
        for (j, c) in t.enumerated() where i < q.count && c == q[i] {
            if first < 0 { first = j }
            last = j
            i += 1
        }
        guard i == q.count else { return nil }
        if let r = text.lowercased().range(of: query.lowercased()) { return text.distance(from: text.startIndex, to: r.lowerBound) - 1000 }
        return (last - first) * 10 + first
    }

    /// The help of a moving key where the generic words (`move up`, `go to the first row`) do not
    /// say what it does; nil where they do (lists: the picker, the inspector).
    static func movingHelp(_ action: Action, in context: KeyContext) -> String? {
        switch context {
        case .canvas:
            switch action {
            case .up: "select the previous component"
            case .down: "select the next component"
            case .top, .pageUp: "select the first component"
            case .bottom, .pageDown: "select the last component"
            default: nil
            }
        case .results, .capacity, .faults, .rubric:
            switch action {
            case .up: "scroll up a line"
            case .down: "scroll down a line"
            case .top: "go to the top"
            case .bottom: "go to the end"
            default: nil
            }
        default: nil
        }
    }

    /// The bindings the help overlay lists: the context's, filtered by the typed text.
    func helpRows(filter: String, context: KeyContext) -> [KeyBinding] {
        // The workload panel has no calls and no component: their keys (x, t, [ ], +, a, c…) are
        // not listed there (they were, and x answered that it deletes calls).
        let componentOnly: Set<Action> = [.delete, .retype, .moveEarlier, .moveLater, .replicasUp, .replicasDown, .addComponent, .connect, .insertInFront]
        let onWorkload = context == .inspector && design.subject == .scenario
        // esc cancels a run only while one runs: listed always, esc read twice (cancel, back).
        let all = KeyMap.bindings(in: context).filter { !(onWorkload && componentOnly.contains($0.action)) && ($0.action != .cancelRun || runningJob != nil) }
            .map { binding -> KeyBinding in
                var b = binding
                // The moving keys say what they move where it is not a row: the canvas's selection
                // (it read "go to the first row"), a panel's scroll.
                if let help = Self.movingHelp(b.action, in: context) { b.help = help }
                // The fault examples name the design's own components (a design without a scorer
                // read `scorer=4@10s-20s`), as the fault prompt's messages do.
                if b.action == .injectFault, let design = workbench?.scenario.design {
                    let examples = Outage.Examples(design: design)
                    b.help = b.help.replacingOccurrences(of: "scorer=", with: DisplayWidth.sanitized(examples.component) + "=")
                        .replacingOccurrences(of: "cache=", with: DisplayWidth.sanitized(examples.cache) + "=")
                }
                // On the workload panel, w goes back to the component and enter has no call to retype.
                guard onWorkload else { return b }
                if b.action == .scenarioSettings { b.help = "back to the selected component's inspector" }
                if b.action == .open { b.help = "edit the highlighted value" }
                return b
            }
        guard !filter.isEmpty else { return all }
        let f = filter.lowercased()
        return all.filter { $0.help.lowercased().contains(f) || $0.label.lowercased().contains(f) || $0.action.rawValue.lowercased().contains(f) }
    }

    /// Chooses item `index` of the menu's full list (``Menu/all``).
    private mutating func choose(_ index: Int, in menu: Menu) -> [Effect] {
        guard menu.all.indices.contains(index) else { return [] }
        switch menu.purpose {
        case .addComponent:
            addComponent(kind: Self.paletteKinds[index])
        case .insertInFront(let id):
            let kind = Self.paletteKinds[index]
            guard let wb = workbench else { return [] }
            do {
                let (s, newID) = try wb.scenario.inserting(kind, inFrontOf: id)
                workbench?.replace(with: s, as: Workbench.Change("Inserted \(newID) in front of \(id)"), at: now)
                design.selection = s.design.components.firstIndex { $0.id == newID } ?? design.selection
                design.focus = .canvas
                say("Inserted \(newID) in front of \(id)" + (kind == .cache ? ": 80% hits answered, misses go to \(id); enter to tune it" : ""))
            } catch {
                say("Not inserted: \(error)", isError: true)
            }
        case .callKind(let source, let target):
            let kinds = callKinds(source: source)
            let kind = kinds[index]
            if kind == .branch {
                overlay = .prompt(Prompt(title: "Share of \(source)'s requests that call \(target)", field: TextField("10%"),
                                         purpose: .branchShare(source: source, target: target, retyping: nil)))
                return []
            }
            return rewire("\(source) now calls \(target) (\(kind))") { try $0.connecting(source, to: target, kind: kind) }
        case .retype(let source, let slot):
            let kind = callKinds(source: source)[index]
            if kind == .branch {
                let target = workbench?.scenario.edges(from: source).first { $0.slot == slot }?.target ?? ""
                overlay = .prompt(Prompt(title: "Share of \(source)'s requests that call \(target)", field: TextField("10%"),
                                         purpose: .branchShare(source: source, target: target, retyping: slot)))
                return []
            }
            let target = workbench?.scenario.edges(from: source).first { $0.slot == slot }?.target ?? ""
            return rewire("Retyped \(source) → \(target) as \(kind)", follow: (target, kind)) { try $0.retypingEdge(slot, from: source, to: kind) }
        case .exportFormat:
            let format = ExportFormat.allCases[index]
            overlay = .prompt(Prompt(title: "Export \(format.rawValue) to", field: TextField(defaultExportPath(format)), purpose: .export(format)))
        }
        return []
    }

    // MARK: Interview text

    /// Interview keys that are note text; nil for keys the key map handles (tab, esc, F-keys).
    private mutating func handleInterviewText(_ key: Key) -> [Effect]? {
        guard var screen = interview else { return nil }
        if key != .escape, key != .tab, key != .function(2) { screen.isConfirmingEnd = false }
        switch key {
        case .enter:
            screen.asideScroll = 0
            return command(InterviewCommand(parsing: screen.draft.text), screen: &screen)
        // The prompts scroll too (at 80×24 they said "… more at a taller size" and pgdn did nothing),
        // never past their end, so the way back starts at the first press.
        case .pageDown,
             .down where screen.aside != nil:
            let step = screen.aside == nil ? 5 : key == .pageDown ? 10 : 1
            let limit = workbench.map { interviewView(screen, $0.scenario).scrollLimit(in: bodyRect) } ?? 0
            screen.asideScroll = max(0, min(screen.asideScroll + step, limit))
        case .pageUp,
             .up where screen.aside != nil:
            let step = screen.aside == nil ? 5 : key == .pageUp ? 10 : 1
            screen.asideScroll = max(0, screen.asideScroll - step)
        case .tab, .backTab, .escape, .function:
            interview = screen
            return nil
        default:
            guard screen.draft.text.count < 500 || key == .backspace else { return [] }
            _ = screen.draft.handle(key)
        }
        interview = screen
        return []
    }

    /// Acts on the note line: a note is added and saved at once; a `:` command runs and is never a note.
    private mutating func command(_ command: InterviewCommand, screen: inout InterviewScreen) -> [Effect] {
        let draft = screen.draft.text
        screen.draft = TextField()
        interview = screen
        // A new line answers for itself: an earlier command's error (an unknown ':nmbers') stayed
        // up after the right command worked, and a note's "Noted, but …" after :notes.
        if isStatusError { say(nil) } else if case .note = command {} else if status?.hasPrefix("Noted, but") == true { say(nil) }
        switch command {
        case .note(let text):
            guard !text.isEmpty else { return [] }
            screen.session.addNote(text)
            screen.aside = nil
            interview = screen
            // A note that earns nothing says why now, as the rubric will ("named with nothing said
            // about it"), instead of leaving an unticked item to guess at.
            if let phase = screen.session.currentPhase,
               let verdict = Rubric.liveUnearned(session: screen.session, phaseIndex: screen.session.phaseIndex, notes: screen.session.notes[phase.id] ?? "",
                                                 considerations: workbench?.scenario.interview.keyConsiderations ?? []) {
                say("Noted, but it ticks nothing: \(verdict.why)")
            } else if let phase = screen.session.currentPhase,
                      case let over = Rubric.liveOverLimit(session: screen.session, phaseIndex: screen.session.phaseIndex, notes: screen.session.notes[phase.id] ?? "",
                                                           considerations: workbench?.scenario.interview.keyConsiderations ?? []), !over.isEmpty {
                say("Noted, but a note ticks at most \(Rubric.maximumItemsPerNote) items: \(over.joined(separator: ", ")) needs a note of its own")
            } else if status?.hasPrefix("Noted, but") == true {
                say(nil)
            }
            // Every note reaches the recovery copy as it is entered, not a tick later.
            return interviewRecoveryWrite()
        case .next:
            interview?.isConfirmingEnd = true
            return perform(.nextPhase)
        case .done:
            interview?.isConfirmingEnd = true
            return perform(.endInterview)
        case .pause, .resume:
            if (command == .pause) != (screen.session.isPaused) { return perform(.pauseInterview) }
            say(screen.session.isPaused ? "Already paused: F3 or :resume starts the clock" : "The clock is running")
        case .time:
            say("\(screen.session.currentPhase?.title ?? ""): \(screen.session.remaining(at: now)), total \(InterviewSession.clock(screen.session.elapsed(at: now)))"
                + (screen.session.isPaused ? " (paused)" : ""))
        case .auto:
            interview?.session.advancesAutomatically.toggle()
            say(interview?.session.advancesAutomatically == true ? "Phases now advance when their time is up (:auto again stops it)" : "Phases advance only with tab")
            return interviewRecoveryWrite()
        case .calc(let expression):
            do {
                let result = try EnvelopeCalculator.evaluate(expression)
                say("\(expression) = \(result)")
                var lines = interview?.aside?.title == "Calculations" ? interview?.aside?.lines ?? [] : []
                lines.append(expression + " = " + result)
                interview?.aside = InterviewScreen.Aside(title: "Calculations", lines: Array(lines.suffix(12)))
            } catch {
                interview?.draft = TextField(draft)
                say("calc: \(error.description)", isError: true)
            }
        case .numbers:
            interview?.aside = InterviewScreen.Aside(title: InterviewScreen.Aside.numbersTitle, lines: ReferenceNumbers.lines())
        case .notes:
            interview?.aside = InterviewScreen.Aside(title: "Your notes", lines: screen.session.notesSoFar)
        case .help:
            interview?.aside = InterviewScreen.Aside(title: "Commands (not saved as notes)",
                                                     lines: InterviewCommand.commandHelp.map { $0.0 + "  " + $0.1 } + ["", "F3 pause · tab next phase · esc esc end"])
        case .prompts:
            interview?.aside = nil
        case .curveball(let name):
            guard name.isEmpty || Curveball(rawValue: name) != nil else {
                interview?.draft = TextField(draft)
                say("Unknown curveball '\(name)': expected \(Curveball.allCases.map(\.rawValue).joined(separator: ", "))", isError: true)
                return []
            }
            if let c = Curveball(rawValue: name), let wb = workbench, let why = c.refusal(for: wb.scenario) {
                interview?.draft = TextField(draft)
                say(why.prefix(1).uppercased() + why.dropFirst(), isError: true)
                return []
            }
            return playCurveball(Curveball(rawValue: name))
        case .unknown(let name):
            interview?.draft = TextField(draft)
            let hint = InterviewCommand.suggestion(for: name).map { "did you mean \($0)? " } ?? ""
            say("Unknown command ':\(name)' (not saved as a note): \(hint):help lists them", isError: true)
        }
        return []
    }

    /// Stops or starts the interview clock.
    mutating func togglePause() -> [Effect] {
        guard var screen = interview, !screen.session.isFinished else { return [] }
        if screen.session.isPaused {
            screen.session.resume(at: now)
            say("Resumed: \(screen.session.remaining(at: now))")
        } else {
            screen.session.pause(at: now)
            say("Paused: the clock stands still (F3 or :resume goes on)")
        }
        interview = screen
        return interviewRecoveryWrite()
    }

    mutating func commitDraft(_ screen: inout InterviewScreen) {
        let text = screen.draft.text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { screen.session.addNote(text) }
        screen.draft = TextField()
    }

    /// Once the interview is over its recovery copy is not needed: the rubric screen writes the transcript.
    private mutating func interviewOverEffects() -> [Effect] {
        guard interview?.session.isFinished == true else { return [] }
        // The transcript is kept at once, then the recovery copy can go.
        let kept = transcriptWrite()
        guard let dir = recoveryDirectory, let source = workbench?.source else { return kept + simulateForRubric() }
        return kept + [.remove(path: RecoveryFile.interviewPath(for: source, in: dir))] + simulateForRubric()
    }

    /// Writes the finished interview's transcript (rubric, notes, design) to its file in the
    /// transcripts folder, the same file every time.
    mutating func transcriptWrite() -> [Effect] {
        guard let screen = interview, screen.session.isFinished, let scenario = workbench?.scenario, let rubric = interviewRubric,
              let dir = transcriptDirectory else { return [] }
        let name = (workbench?.source.name ?? "design").replacingOccurrences(of: ".yaml", with: "")
        let path = screen.transcriptPath ?? dir + "/" + name + "-interview-" + Self.fileStamp(now + wallClockOffset) + ".md"
        interview?.transcriptPath = path
        let diagram = try? DesignExport(scenario: scenario, format: .unicode).text { throw CancellationError() }
        let result = freshRun.map(Curveball.summary)
        return [.write(path: path, text: screen.session.markdown(scenario: scenario, rubric: rubric, stated: interviewStated, finalDesign: diagram, finalResult: result),
                       purpose: .transcript)]
    }

    /// A date and time for a file name, in local time, as `mlsd interview` names its sessions:
    /// `20261203-142501`. (The TUI named transcripts by seconds since boot: `fd-interview-23641.md`.)
    static func fileStamp(_ secondsSince1970: Double) -> String {
        InterviewRecord.fileStamp(Date(timeIntervalSince1970: secondsSince1970))
    }

    private mutating func nextPhase() {
        guard var screen = interview else { return }
        let isLastPhase = screen.session.phaseIndex == screen.session.plan.phases.count - 1
        if isLastPhase, !screen.isConfirmingEnd {
            screen.isConfirmingEnd = true
            interview = screen
            say("This is the last phase: tab again to finish the interview")
            return
        }
        screen.isConfirmingEnd = false
        commitDraft(&screen)
        screen.session.advance(at: now)
        screen.asideScroll = 0
        interview = screen
        say(screen.session.isFinished ? "Interview over: w writes the transcript, esc returns to the design" : nil)
    }

    private mutating func endInterview() {
        guard var screen = interview else { return }
        if screen.isConfirmingEnd {
            commitDraft(&screen)
            screen.session.finish(at: now)
            screen.isConfirmingEnd = false
            say("Interview over: w writes the transcript, esc returns to the design")
        } else {
            screen.isConfirmingEnd = true
            say("Press esc again to end the interview")
        }
        interview = screen
    }
}
