import MLSDCore
import MLSDSim
import Testing
@testable import MLSDTUI

@Suite("One key map") struct KeyMapTests {
    /// Every context's hints fit 80 columns with the palette and help hints visible.
    @Test(arguments: KeyContext.allCases)
    func hintsFitAt80Columns(_ context: KeyContext) {
        let hints = KeyMap.hints(in: context)
        let laid = StatusBar.layout(hints, width: 78)
        #expect(laid.last.map { $0.x + $0.width } ?? 0 <= 78)
        if context != .interview { #expect(laid.contains { $0.action == .help }, "? help is always shown") }
    }

    /// No key means two things in one context (except where availability decides, like esc).
    @Test(arguments: KeyContext.allCases)
    func noKeyIsBoundTwiceUnlessAvailabilityDecides(_ context: KeyContext) {
        var seen: [Key: Action] = [:]
        for b in KeyMap.bindings(in: context) {
            for k in b.keys {
                if let earlier = seen[k], earlier != b.action {
                    #expect(earlier == .cancelRun, "\(k.label) is bound to \(earlier) and \(b.action) in \(context)")
                }
                seen[k] = seen[k] ?? b.action
            }
        }
    }

    /// The help overlay lists exactly the bindings dispatch uses: g/G, d, the interview keys included.
    @Test func helpListsTheKeysThatWork() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("?")))
        let lines = s.view().lines.joined(separator: "\n")
        // Every binding but cancelling a run, listed only while one runs.
        // As helpRows words them (the moving keys say what they move there).
        #expect(s.helpRows(filter: "", context: .canvas).map(\.action) == KeyMap.bindings(in: .canvas).filter({ $0.action != .cancelRun }).map(\.action))
        for b in s.helpRows(filter: "", context: .canvas).prefix(12) { #expect(lines.contains(b.help), "help shows '\(b.help)'") }
        #expect(!lines.contains("cancel the run in progress"))
        _ = s.send(.key(.escape))
        _ = s.send(.key(.character("i")))
        _ = s.send(.key(.function(1)))
        let interviewHelp = s.view().lines.joined(separator: "\n")
        #expect(interviewHelp.contains("end the interview (press twice)"))
        #expect(interviewHelp.contains("Keys · Mock interview"))
    }

    /// Any character filters the help, not only ASCII ones (é, ρ and 不 closed it).
    @Test func helpFiltersOnAnyCharacter() throws {
        var s = try AppState.fraudOpen()
        for c: Character in ["é", "ρ", "不"] {
            _ = s.send(.key(.character("?")))
            _ = s.send(.key(.character(c)))
            guard case .help(let filter, _)? = s.overlay else { Issue.record("help closed on \(c)"); continue }
            #expect(filter.text == String(c))
            _ = s.send(.key(.escape))
        }
    }

    /// On the workload panel, help leaves out the keys of calls and components (x, t, [ ], a).
    @Test func workloadPanelHelpListsOnlyItsKeys() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.enter))
        let component = s.helpRows(filter: "", context: .inspector).map(\.action)
        #expect(component.contains(.delete) && component.contains(.retype))
        _ = s.send(.key(.character("w")))
        let panel = s.helpRows(filter: "", context: .inspector).map(\.action)
        #expect(!panel.contains(.delete) && !panel.contains(.retype) && !panel.contains(.moveEarlier) && !panel.contains(.addComponent))
        #expect(panel.contains(.open) && panel.contains(.run) && panel.contains(.save))
        // Its own words: w goes back, enter has no call to retype, and esc is listed once (no run
        // to cancel).
        let rows = s.helpRows(filter: "", context: .inspector)
        #expect(rows.first { $0.action == .scenarioSettings }?.help == "back to the selected component's inspector")
        #expect(rows.first { $0.action == .open }?.help == "edit the highlighted value")
        #expect(rows.filter { $0.keys.contains(.escape) }.count == 1, "\(rows.filter { $0.keys.contains(.escape) }.map(\.help))")
    }

    /// `r`'s help says what a run does: replications until the p99 is precise enough (it said
    /// "100k requests", and a run measured 144k: 8 replications of 20k less their warm-up).
    @Test func runHelpSaysWhatARunDoes() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        let help = try #require(KeyMap.bindings(in: .canvas).first { $0.action == .run }).help
        #expect(help == "simulate ±2% on p99: 8–100 replications of 20k+ requests")
        #expect(KeyMap.bindings(in: .inspector).first { $0.action == .run }?.help == help)
        _ = s.send(.key(.character("?")))
        #expect(s.view().lines.contains { $0.contains(help) }, "the overlay shows it on one line at 80 columns")
        _ = s.send(.key(.escape))
        guard case .simulate(let job)? = s.send(.key(.character("r"))).first else {
            Issue.record("r runs the design")
            return
        }
        let precision: Double = try #require(job.precision, "r runs to a precision by default")
        let plan = ReplicationPlan(precision: precision)
        #expect(help.contains("±\(FigureFormat.percent(plan.precision ?? 0)) on p99") && help.contains("\(job.requests / 1000)k+ requests")
                && help.contains("\(plan.replications)–\(plan.maximumReplications) replications"), "the help and the run agree")
    }

    @Test func helpScrollsWhenItDoesNotFit() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("?")))
        let last = try #require(KeyMap.bindings(in: .canvas).last)
        #expect(!s.view().lines.contains { $0.contains(last.help) }, "at 80×24 the canvas keys do not all fit")
        #expect(s.view().lines.contains { $0.contains("hidden") })
        _ = s.send(.key(.pageDown))
        _ = s.send(.key(.pageDown))
        _ = s.send(.key(.pageDown))
        #expect(s.view().lines.contains { $0.contains(last.help) }, "scrolling shows the rest")
    }

    @Test func paletteFindsActionsByFuzzyNameAndRunsThem() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character(":")))
        #expect(s.view().lines.contains { $0.contains("Commands") })
        s.type("exprt")
        let first = try #require(s.paletteMatches("exprt", context: .canvas).first)
        #expect(first.action == .export)
        #expect(s.view().lines.contains { $0.contains("export: diagram") && $0.contains("e") })
        _ = s.send(.key(.enter))
        guard case .menu(let menu)? = s.overlay else {
            Issue.record("the palette ran export, which opens its menu")
            return
        }
        #expect(menu.purpose == .exportFormat)
    }

    @Test func enterOnAnUnreadPaletteNeverQuits() throws {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        _ = s.send(.key(.character(":")))
        #expect(s.send(.key(.enter)) != [.quit])
        #expect(s.paletteMatches("", context: .picker).last?.action == .quit)
    }

    @Test func clickingAPaletteEntryRunsIt() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character(":")))
        let matches = s.paletteMatches("", context: .canvas)
        let add = try #require(matches.firstIndex { $0.action == .addComponent })
        let frame = CommandPaletteView.frame(in: s.bodyRect)
        #expect(add < frame.height - 3, "the entry is on screen")
        _ = s.send(.mouse(MouseEvent(x: frame.x + 3, y: frame.y + 2 + add, button: .left)))
        guard case .menu(let menu)? = s.overlay else {
            Issue.record("clicking 'add a component' opened its menu: \(String(describing: s.overlay))")
            return
        }
        #expect(menu.purpose == .addComponent)
    }

    @Test func plainMessagesFadeErrorsStay() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.tick(now: 10))
        _ = s.send(.key(.character("+")))
        s.say("Saved to x.yaml")
        _ = s.send(.tick(now: 17))
        #expect(s.status == nil, "the hints come back")
        s.say("Not saved: disk full", isError: true)
        _ = s.send(.tick(now: 30))
        #expect(s.status == "Not saved: disk full")
    }

    /// The moving keys say what they move: on the canvas the selection (help read "go to the
    /// first row" there), in a panel the scroll; in a list, its rows.
    @Test func movingKeysSayWhatTheyMove() throws {
        let s = try AppState.fraudOpen()
        func help(_ action: Action, _ context: KeyContext) -> String? { s.helpRows(filter: "", context: context).first { $0.action == action }?.help }
        #expect(help(.top, .canvas) == "select the first component")
        #expect(help(.down, .canvas) == "select the next component")
        #expect(help(.bottom, .results) == "go to the end")
        #expect(help(.top, .inspector) == "go to the first row")
        // The fault examples name the design's own components.
        #expect(help(.injectFault, .canvas)?.contains("scorer=4@10s-20s") == true, "fraud-detection has a scorer")
        var blank = try AppState.fraudOpen()
        blank.load(try ScenarioLibrary(environment: [:]).load("blank").scenario, source: .shipped(id: "blank"))
        let text = blank.helpRows(filter: "", context: .canvas).first { $0.action == .injectFault }?.help ?? ""
        #expect(!text.contains("scorer="), "\(text)")
    }

    @Test func paletteListsOnlyWhatCanRunNow() throws {
        let s = try AppState.fraudOpen()
        let actions = s.paletteMatches("", context: .canvas).map(\.action)
        #expect(actions.contains(.run))
        #expect(!actions.contains(.viewResults), "no run yet")
        #expect(!actions.contains(.cancelRun))
    }

    @Test(arguments: [("─", "-"), ("│", "|"), ("┌", "+"), ("╋", "+"), ("█", "#"), ("░", "."), ("▶", ">"), ("✓", "+"), ("✗", "x"), ("a", "a"), ("ρ", "p"), ("▇", "#"), ("┤", "+"), ("┄", "-"), ("▀", "^"), ("▌", "|"), ("▓", "="), ("▒", ":"), ("±", "~"), ("−", "-"), ("①", "1"), ("③", "3"), ("⑨", "9"), ("⑫", "#")])
    func asciiStandIns(_ from: String, _ to: String) {
        #expect(ASCIIFallback.character(for: Character(from)) == Character(to))
    }
}

@Suite("Mouse") struct MouseTests {
    @Test func clickingAHintRunsIt() throws {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        let help = try #require(StatusBar.layout(s.hints, width: 80).first { $0.action == .help })
        _ = s.send(.mouse(MouseEvent(x: help.x + 1, y: 23, button: .left)))
        guard case .help? = s.overlay else {
            Issue.record("clicking '? help' opens help")
            return
        }
    }

    @Test func clickingAPickerRowSelectsItAndASecondClickOpensIt() {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        #expect(s.send(.mouse(MouseEvent(x: 5, y: 3, button: .left))) == [])
        #expect(s.picker.selection == 1)
        #expect(s.send(.mouse(MouseEvent(x: 5, y: 3, button: .left))) == [.open("feed-ranking")])
    }

    @Test func clickingABoxSelectsItAndTheWheelScrolls() throws {
        var s = try AppState.fraudOpen()
        let grid = try #require(s.canvas)
        let rect = try #require(grid.rect(of: "rules"))
        // The canvas is drawn inside its box, one cell in from the body's top-left (0, 1).
        _ = s.send(.mouse(MouseEvent(x: 1 + rect.x + 1, y: 2 + rect.y + 1, button: .left)))
        #expect(s.componentSelection == 2)
        _ = s.send(.mouse(MouseEvent(x: 5, y: 5, button: .wheelUp)))
        #expect(s.componentSelection == 1)
    }

    @Test func mouseOffIgnoresEvents() throws {
        var s = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        s.isMouseEnabled = false
        _ = s.send(.mouse(MouseEvent(x: 5, y: 3, button: .left)))
        #expect(s.picker.selection == 0)
    }
}

/// The sequences a terminal sends for keys its `TERM` entry may not list (tmux's Home is `ESC [1~`,
/// rxvt's `ESC [7~`, xterm's `ESC [H` or `ESC OH`), as read after the ESC.
@Suite("Escape sequences") struct EscapeSequenceTests {
    @Test(arguments: [
        ("[1~", Key.home), ("[7~", .home), ("[H", .home), ("OH", .home),
        ("[4~", .end), ("[8~", .end), ("[F", .end), ("OF", .end),
        ("[5~", .pageUp), ("[6~", .pageDown), ("[3~", .delete),
        ("[A", .up), ("OB", .down), ("[1;5C", .right), ("[D", .left), ("[Z", .backTab),
        ("OP", .function(1)), ("[15~", .function(5)), ("[24~", .function(12)),
    ])
    func keys(_ sequence: String, _ key: Key) { #expect(Key.escapeSequence(sequence) == key, "\(sequence)") }

    /// Insert, unknown and malformed sequences are no key: dropped, never typed into a field.
    @Test(arguments: ["[2~", "[99~", "[", "x", "", "[1;5", "[?"])
    func noKey(_ sequence: String) { #expect(Key.escapeSequence(sequence) == nil, "\(sequence)") }
}
