/// Where keys are read: a screen, or a part of one with keys of its own.
public enum KeyContext: String, CaseIterable, Hashable, Sendable {
    case picker, canvas, inspector, results, interview, rubric, capacity, faults

    /// The name shown above the help overlay.
    public var title: String {
        switch self {
        case .picker: return "Scenario list"
        case .canvas: return "Design canvas"
        case .inspector: return "Inspector"
        case .results: return "Results"
        case .interview: return "Mock interview"
        case .rubric: return "Interview rubric"
        case .capacity: return "Capacity"
        case .faults: return "Fault injection"
        }
    }
}

/// One binding: its keys, the action, where it applies, its status-bar hint and its help line.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var action: Action
    public var contexts: Set<KeyContext>
    /// The word in the status bar (nil: not shown there).
    public var hint: String?
    /// The line in `?` and in the `:` palette.
    public var help: String

    /// The keys as written in hints and help: `↑ k`, `ctrl-r`.
    public var label: String { keys.map(\.label).joined(separator: " ") }
    /// The first key alone, for compact hints.
    public var shortLabel: String { keys.first?.label ?? "" }
}

/// The one table of key bindings. Dispatch, the `?` overlay, the status-bar hints and the `:`
/// palette all read it, so they cannot disagree.
public enum KeyMap {
    static let designContexts: Set<KeyContext> = [.canvas, .inspector]
    static let movable: Set<KeyContext> = [.picker, .canvas, .inspector, .results, .capacity, .faults, .rubric]
    static let panels: Set<KeyContext> = [.capacity, .faults]

    /// Bindings in the order they are tried and listed; the first available one for a key wins.
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.control("c")], action: .quit, contexts: Set(KeyContext.allCases), hint: nil, help: "quit (asks first when there are unsaved edits)"),
        KeyBinding(keys: [.escape], action: .cancelRun, contexts: [.canvas, .inspector, .results, .capacity, .faults], hint: "cancel run", help: "cancel the run in progress (a search or fault run keeps what it did)"),
        KeyBinding(keys: [.up, .character("k")], action: .up, contexts: movable, hint: nil, help: "move up"),
        KeyBinding(keys: [.down, .character("j")], action: .down, contexts: movable, hint: nil, help: "move down"),
        KeyBinding(keys: [.home, .character("g")], action: .top, contexts: movable, hint: nil, help: "go to the first row"),
        KeyBinding(keys: [.end, .character("G")], action: .bottom, contexts: movable, hint: nil, help: "go to the last row"),
        KeyBinding(keys: [.pageUp], action: .pageUp, contexts: movable, hint: nil, help: "scroll a page up"),
        KeyBinding(keys: [.pageDown, .character(" ")], action: .pageDown, contexts: movable, hint: nil, help: "scroll a page down"),
        KeyBinding(keys: [.enter, .right, .character("l")], action: .open, contexts: [.picker], hint: "open", help: "open the highlighted scenario or recent file"),
        KeyBinding(keys: [.enter, .right, .character("l")], action: .open, contexts: [.canvas], hint: "inspect", help: "inspect the selected component"),
        KeyBinding(keys: [.enter], action: .open, contexts: [.inspector], hint: "edit", help: "edit the highlighted value (or retype the highlighted call)"),
        KeyBinding(keys: [.character("o")], action: .openFile, contexts: [.picker], hint: "file", help: "open a design file by path"),
        KeyBinding(keys: [.character("o")], action: .openFile, contexts: designContexts, hint: nil, help: "open a design file by path"),
        KeyBinding(keys: [.character("r")], action: .run, contexts: [.canvas, .results], hint: "run", help: AppState.runHelp),
        KeyBinding(keys: [.character("x"), .delete], action: .delete, contexts: [.inspector], hint: "del call", help: "delete the highlighted call"),
        KeyBinding(keys: [.character("t")], action: .retype, contexts: [.inspector], hint: "retype", help: "change the kind of the highlighted call"),
        KeyBinding(keys: [.character("r")], action: .run, contexts: [.inspector], hint: "run", help: AppState.runHelp),
        KeyBinding(keys: [.character("a")], action: .addComponent, contexts: designContexts, hint: "add", help: "add a component called after the selected one"),
        KeyBinding(keys: [.character("c")], action: .connect, contexts: designContexts, hint: "connect", help: "connect the selected component to another (choose the kind of call)"),
        KeyBinding(keys: [.character("f")], action: .insertInFront, contexts: designContexts, hint: "in front", help: "insert a new component in front of the selected one (e.g. a cache)"),
        KeyBinding(keys: [.character("x"), .delete], action: .delete, contexts: [.canvas], hint: nil, help: "delete the selected component and every reference to it"),
        KeyBinding(keys: [.character("[")], action: .moveEarlier, contexts: [.inspector], hint: nil, help: "move the highlighted call earlier"),
        KeyBinding(keys: [.character("]")], action: .moveLater, contexts: [.inspector], hint: nil, help: "move the highlighted call later"),
        KeyBinding(keys: [.tab, .backTab], action: .switchFocus, contexts: designContexts, hint: nil, help: "switch between the canvas and the inspector"),
        KeyBinding(keys: [.character("w")], action: .scenarioSettings, contexts: designContexts, hint: nil, help: "inspect the workload and the requirements"),
        KeyBinding(keys: [.character("+"), .character("=")], action: .replicasUp, contexts: designContexts, hint: nil, help: "add a replica"),
        KeyBinding(keys: [.character("-")], action: .replicasDown, contexts: designContexts, hint: nil, help: "remove a replica"),
        KeyBinding(keys: [.character("u")], action: .undo, contexts: designContexts, hint: nil, help: "undo"),
        KeyBinding(keys: [.control("r")], action: .redo, contexts: designContexts, hint: nil, help: "redo"),
        KeyBinding(keys: [.character("v")], action: .viewResults, contexts: designContexts, hint: nil, help: "view the last simulation"),
        KeyBinding(keys: [.character("r")], action: .run, contexts: [.capacity], hint: "search again", help: "run the capacity search and the tornado again"),
        KeyBinding(keys: [.character("r")], action: .run, contexts: [.faults], hint: "run again", help: "run the same faults again"),
        KeyBinding(keys: [.character("L")], action: .lengthenFaultRun, contexts: [.faults], hint: "longer",
                   help: "run the same faults twice as long (to see a recovery the run was too short for; F takes a length: … for 2m)"),
        KeyBinding(keys: [.character("C")], action: .capacity, contexts: [.results], hint: "capacity",
                   help: "capacity panel: max QPS, p99 against load with the SLO, the tornado"),
        KeyBinding(keys: [.character("F")], action: .injectFault, contexts: [.canvas, .inspector, .results], hint: nil,
                   help: "inject a fault (scorer=4@10s-20s, scorer=3x@…, cache=40%@…, zone:1@…) and see its timeline"),
        KeyBinding(keys: [.character("F")], action: .injectFault, contexts: [.capacity, .faults], hint: "fault",
                   help: "inject a fault (down, slow or hit ratio, as mlsd simulate; … for 2m sets the length) and see its timeline"),
        KeyBinding(keys: [.character("C")], action: .capacity, contexts: [.faults], hint: "capacity", help: "the capacity panel"),
        KeyBinding(keys: [.character("b")], action: .pinBaseline, contexts: [.results], hint: "baseline", help: "pin this run as the what-if baseline"),
        KeyBinding(keys: [.character("B")], action: .clearBaseline, contexts: [.results], hint: nil, help: "clear the baseline"),
        KeyBinding(keys: [.character("d"), .left, .character("h")], action: .viewDesign, contexts: [.results], hint: "design", help: "back to the design"),
        KeyBinding(keys: [.character("s")], action: .save, contexts: [.canvas, .inspector, .results], hint: "save", help: "save to the design's file (a shipped scenario asks for a new name)"),
        KeyBinding(keys: [.character("S")], action: .saveAs, contexts: [.canvas, .inspector, .results], hint: nil, help: "save under a new name (any path)"),
        KeyBinding(keys: [.character("e")], action: .export, contexts: [.canvas, .inspector, .results], hint: "export", help: "export: diagram, design doc, Mermaid, DOT, JSON or CSV"),
        KeyBinding(keys: [.character("i")], action: .interviewShort, contexts: designContexts, hint: nil, help: "mock interview, the 35-minute template: 36 minutes on the clock, each phase at its longest (back to the one under way)"),
        KeyBinding(keys: [.character("M")], action: .interviewStandard, contexts: designContexts, hint: nil, help: "mock interview, 45 minutes (standard plan)"),
        KeyBinding(keys: [.character("I")], action: .interviewFull, contexts: designContexts, hint: nil, help: "mock interview, 60 minutes"),
        KeyBinding(keys: [.tab, .function(2)], action: .nextPhase, contexts: [.interview], hint: "next phase", help: "next phase (asks on the last)"),
        KeyBinding(keys: [.function(3)], action: .pauseInterview, contexts: [.interview], hint: "pause", help: "pause or resume the clock (also :pause, :resume)"),
        KeyBinding(keys: [.function(5)], action: .interviewDesign, contexts: [.interview], hint: "design", help: "edit the design while the clock runs (i comes back)"),
        KeyBinding(keys: [.escape], action: .endInterview, contexts: [.interview], hint: "esc esc end", help: "end the interview (press twice)"),
        KeyBinding(keys: [.character("w")], action: .writeTranscript, contexts: [.rubric], hint: "write transcript", help: "write the transcript as Markdown"),
        KeyBinding(keys: [.escape, .character("q")], action: .back, contexts: [.inspector], hint: "canvas", help: "back to the canvas"),
        KeyBinding(keys: [.escape, .character("q"), .character("d")], action: .back, contexts: [.rubric], hint: "design", help: "back to the design"),
        KeyBinding(keys: [.escape, .character("q"), .left, .character("h")], action: .back, contexts: [.canvas], hint: "back", help: "back to the scenario list (asks when there are unsaved edits)"),
        // After the design's back key: its hint is the first to go when the status bar is short of room.
        KeyBinding(keys: [.character("C")], action: .capacity, contexts: designContexts, hint: "capacity",
                   help: "capacity panel: max QPS, p99 against load with the SLO, the tornado"),
        KeyBinding(keys: [.escape, .character("q")], action: .back, contexts: [.results], hint: nil, help: "back to the design"),
        KeyBinding(keys: [.character("d"), .escape, .character("q"), .left, .character("h")], action: .back, contexts: panels, hint: "design", help: "back to the design"),
        KeyBinding(keys: [.character(":")], action: .palette, contexts: [.picker, .canvas, .inspector, .results, .rubric, .capacity, .faults], hint: "cmds", help: "command palette: every action by name"),
        KeyBinding(keys: [.character("?"), .function(1)], action: .help, contexts: [.picker, .canvas, .inspector, .results, .rubric, .capacity, .faults], hint: "help", help: "show the keys of this screen"),
        KeyBinding(keys: [.function(1)], action: .help, contexts: [.interview], hint: nil, help: "show the keys of this screen"),
        KeyBinding(keys: [.character("q")], action: .quit, contexts: [.picker], hint: "quit", help: "quit"),
    ]

    /// The bindings that apply in a context, in table order.
    public static func bindings(in context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.contexts.contains(context) }
    }

    /// The bindings of `key` in a context, in the order they are tried.
    public static func candidates(for key: Key, in context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.contexts.contains(context) && $0.keys.contains(key) }
    }

    /// The status-bar hints of a context: `(key, word, action)`, most important first, with the
    /// palette and help last (the status bar drops hints from just before those when short of room).
    public static func hints(in context: KeyContext) -> [(key: String, word: String, action: Action)] {
        bindings(in: context).compactMap { b in
            guard let hint = b.hint else { return nil }
            // A hint that names its key itself ("esc esc end") is shown as is.
            if hint.hasPrefix(b.shortLabel + " ") { return (b.shortLabel, String(hint.dropFirst(b.shortLabel.count + 1)), b.action) }
            return (b.shortLabel, hint, b.action)
        }
    }
}
