import MLSDCore
import MLSDSim
import MLSDInterview
import MLSDTestSupport
import Testing
@testable import MLSDTUI

@Suite("App state") struct AppStateTests {
    static let choices = [
        PickerScreen.Choice(id: "fraud-detection", name: "Fraud detection", summary: "Score card payments before they are authorised.",
                            highlights: ["peak load 5k/s", "latency p99 ≤ 50 ms"]),
        PickerScreen.Choice(id: "feed-ranking", name: "Feed ranking", summary: "Rank posts for a professional network's feed."),
    ]
    var state = AppState(choices: choices, terminalSize: Size(width: 80, height: 24))

    /// Deleting a component that was another's fallback or miss path says what the other lost
    /// (a cache's hit ratio went with its miss path and nothing said so).
    @Test func deletingAFallbackSaysWhatItsCallerLost() throws {
        var s = try AppState.fraudOpen()
        s.select("rules")
        _ = s.send(.key(.character("x")))
        #expect(s.status == "Deleted rules; scorer has no fallback now (u undoes)", "rules had no other caller")
        _ = s.send(.key(.character("u")))
        s.select("scorer")
        _ = s.send(.key(.character("x")))
        #expect(s.status == "Deleted scorer; the call from gateway went too; 1 component is no longer reachable (u undoes)")
        #expect(s.selectedID == "gateway" || s.selectedID == "rules")
        _ = s.send(.key(.character("u")))
        #expect(s.scenario?.design["scorer"]?.fallback == "rules")
        #expect(s.selectedID == "scorer", "undoing a delete selects the component that came back")
    }

    /// Undoing an add selects the component it was added after (the selection kept its index and
    /// landed on the last component, and the next `a` added after that one).
    @Test func undoingAnAddSelectsTheComponentItWasAddedAfter() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        _ = s.send(.key(.character("a")))
        _ = s.send(.key(.enter))
        #expect(s.selectedID != "scorer" && s.scenario?.design.components.count == 4)
        _ = s.send(.key(.character("u")))
        #expect(s.scenario?.design.components.count == 3)
        #expect(s.selectedID == "scorer")
        _ = s.send(.key(.control("r")))
        #expect(s.selectedID == s.scenario?.design.components.last?.id, "redo selects the component added again")
    }

    static func fraud() throws -> Scenario {
        let yaml = """
            name: Fraud detection
            requirements: { peak_qps: 5k/s, latency: { p50: 20ms, p99: 50ms } }
            design:
              entry: gateway
              components:
                gateway: { kind: gateway, replicas: 2, calls: [{ sequence: [scorer] }] }
                scorer: { kind: model_server, replicas: 8, optimizations: [int8], timeout: 40ms, fallback: rules }
                rules: { kind: rule_engine }
            """
        return try Scenario.parse(yaml: yaml, path: "t.yaml").scenario
    }

    @Test func arrowsMoveTheSelectionWithinBounds() {
        var s = state
        #expect(s.send(.key(.down)) == [])
        #expect(s.picker.selection == 1)
        _ = s.send(.key(.character("j")))
        #expect(s.picker.selection == 1)
        _ = s.send(.key(.up))
        _ = s.send(.key(.character("k")))
        #expect(s.picker.selection == 0)
        _ = s.send(.key(.character("G")))
        #expect(s.picker.selection == 1)
    }

    @Test func enterAsksTheRuntimeToOpenTheScenario() throws {
        var s = state
        #expect(s.send(.key(.enter)) == [.open("fraud-detection")])
        s.load(try Self.fraud())
        #expect(s.screen == .design)
        #expect(s.status?.contains("shipped") == true, "a shipped scenario says s saves a copy")
    }

    /// A file opened or saved goes to the top of the picker's recent files at once (the list was
    /// the one read at start until the TUI was restarted), once, and the picker selects it.
    @Test func anOpenedFileTopsTheRecentFilesAtOnce() throws {
        var s = state
        s.workingDirectory = "/home/u/designs"
        s.load(try Self.fraud(), source: .file(path: "/home/u/designs/fd.yaml"))
        #expect(s.picker.choices.first?.id == "/home/u/designs/fd.yaml" && s.picker.choices.first?.isRecent == true)
        // Shown as the recent files read at start show theirs (`~/…` or absolute), not relative to
        // where the TUI started: the list mixed the two.
        #expect(s.picker.choices.first?.highlights.first == "file: /home/u/designs/fd.yaml")
        s.homeDirectory = "/home/u"
        s.load(try Self.fraud(), source: .file(path: "/home/u/designs/fd.yaml"))
        #expect(s.picker.choices.first?.highlights.first == "file: ~/designs/fd.yaml")
        #expect(s.picker.choices.count == Self.choices.count + 1)
        s.load(try Self.fraud(), source: .file(path: "/home/u/designs/other.yaml"))
        s.load(try Self.fraud(), source: .file(path: "/home/u/designs/fd.yaml"))
        #expect(s.picker.choices.prefix(2).map(\.id) == ["/home/u/designs/fd.yaml", "/home/u/designs/other.yaml"], "moved up, not listed twice")
        #expect(s.picker.selection == 0)
        s.load(try Self.fraud(), source: .shipped(id: "fraud-detection"))
        #expect(s.picker.choices.count == Self.choices.count + 2, "a shipped scenario is no recent file")
    }

    /// Two recent files of the same name are told apart by their folders in the list (they looked
    /// alike but in the About pane); a name of its own shows alone.
    @Test func recentFilesOfOneNameShowTheirFolders() throws {
        var s = state
        s.load(try Self.fraud(), source: .file(path: "/home/u/a/fraud.yaml"))
        s.load(try Self.fraud(), source: .file(path: "/home/u/b/fraud.yaml"))
        s.load(try Self.fraud(), source: .file(path: "/home/u/b/other.yaml"))
        s.screen = .picker
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("◷ a/fraud.yaml") } && lines.contains { $0.contains("◷ b/fraud.yaml") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("◷ other.yaml") })
    }

    /// A file with warnings says the first on opening, as `mlsd validate` would (it opened in silence).
    @Test func anOpenedFileSaysItsWarnings() throws {
        var s = state
        var d = OpenedDesign(scenario: try Self.fraud(), source: .file(path: "/tmp/fd.yaml"))
        d.warnings = ["/tmp/fd.yaml:27:16: warning: 'latency' on 'rules' is 0: …", "/tmp/fd.yaml:30:7: warning: another"]
        _ = s.send(.opened(reference: "/tmp/fd.yaml", result: .opened(d)))
        #expect(s.status == "/tmp/fd.yaml:27:16: warning: 'latency' on 'rules' is 0: … (1 of 2 warnings; mlsd validate lists them)")
        // Named as the title names the file: relative to where mlsd started.
        s.workingDirectory = "/tmp"
        d.warnings = ["/tmp/fd.yaml:27:16: warning: one"]
        _ = s.send(.opened(reference: "/tmp/fd.yaml", result: .opened(d)))
        #expect(s.status == "fd.yaml:27:16: warning: one")
        d.warnings = []
        _ = s.send(.opened(reference: "/tmp/fd.yaml", result: .opened(d)))
        #expect(s.status?.hasPrefix("Opened") == true)
    }

    /// `s` with nothing edited writes the file as it is: it re-emitted the whole design, and the
    /// comments, the one-line components and the spelling of values (2d as 48h) were gone.
    @Test func savingWithNothingEditedWritesTheFileAsItIs() throws {
        let text = "# my design\nname: x\nrequirements:\n  model_max_age: 2d   # retrain\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway, latency: 2ms }\n"
        let scenario = try Scenario.parse(yaml: text, path: "/tmp/x.yaml").scenario
        var s = state
        _ = s.send(.opened(reference: "/tmp/x.yaml", result: .opened(OpenedDesign(scenario: scenario, source: .file(path: "/tmp/x.yaml"), text: text))))
        let writes = s.send(.key(.character("s"))).compactMap { effect -> String? in
            if case .write(_, let written, _) = effect { return written }
            return nil
        }
        #expect(writes == [text])
    }

    @Test func aFailedOpenStaysOnThePickerAndSaysWhy() {
        var s = state
        _ = s.send(.opened(reference: "x", result: .failed(["x.yaml:3:1: error: unknown key 'foo'"])))
        #expect(s.screen == .picker)
        #expect(s.view().lines[23].contains("x.yaml:3:1: error: unknown key 'foo'"))
    }

    @Test func quitKeys() throws {
        var s = state
        #expect(s.send(.key(.control("c"))) == [.quit])
        s.load(try Self.fraud())
        #expect(s.send(.key(.character("q"))) == [])
        #expect(s.screen == .picker)
        #expect(s.send(.key(.character("q"))) == [.quit])
    }

    @Test func helpOverlayOpensFiltersAndCloses() {
        var s = state
        _ = s.send(.key(.character("?")))
        #expect(s.view().lines.contains { $0.contains("show the keys of this screen") })
        s.type("file")
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("open a design file by path") })
        #expect(!lines.contains { $0.contains("show the keys of this screen") }, "the filter hides the other rows")
        _ = s.send(.key(.escape))
        #expect(s.overlay == nil)
        _ = s.send(.key(.character("?")))
        #expect(s.send(.key(.character("q"))) == [], "q closes help instead of quitting")
        #expect(s.overlay == nil)
    }

    @Test func tooSmallSaysSoOnOneShortLine() {
        var s = state
        _ = s.send(.resize(Size(width: 40, height: 10)))
        #expect(s.view().lines[0] == "Too small: 40×10 < 80×24".padding(toLength: 40, withPad: " ", startingAt: 0))
        _ = s.send(.resize(Size(width: 12, height: 2)))
        #expect(s.view().lines == ["Too small: 1", "            "], "nothing stray at a tiny size")
    }

    @Test func pickerAt80x24() { expectSnapshot(state.snapshotLines(), named: "picker-80x24") }

    @Test func pickerAt120x40() {
        var s = state
        _ = s.send(.resize(Size(width: 120, height: 40)))
        expectSnapshot(s.snapshotLines(), named: "picker-120x40")
    }

    @Test func designAt100x30() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.down))
        s.say(nil)
        expectSnapshot(s.snapshotLines(), named: "design-100x30")
    }

    @Test func designAt80x24And120x40() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        s.say(nil)
        expectSnapshot(s.snapshotLines(), named: "design-80x24")
        _ = s.send(.resize(Size(width: 120, height: 40)))
        expectSnapshot(s.snapshotLines(), named: "design-120x40")
    }
}

@Suite("Editing a design") struct EditingTests {
    func replicas(_ s: AppState, _ index: Int) -> Int? { s.scenario?.design.components[index].replicas }

    @Test func plusAndMinusChangeReplicasButNeverBelowOne() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("+")))
        #expect(replicas(s, 0) == 3)
        #expect(s.isDirty)
        for _ in 0..<5 { _ = s.send(.key(.character("-"))) }
        #expect(replicas(s, 0) == 1)
        #expect(s.workbench?.undoStack.count == 3, "a change that changes nothing is not an undo step")
    }

    /// `+`/`-` said nothing while an inspector edit said `scorer.concurrency = 8`, and undo and redo
    /// said only `Undone` / `Redone`: each now says which value went from what to what, or what
    /// was done.
    @Test func replicasUndoAndRedoSayWhatChanged() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        let n = try #require(s.scenario?.design["scorer"]?.replicas)
        _ = s.send(.key(.character("+")))
        #expect(s.status == "scorer.replicas = \(n + 1)")
        _ = s.send(.key(.character("-")))
        #expect(s.status == "scorer.replicas = \(n)")
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scorer.replicas \(n) → \(n + 1)")
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scorer.replicas \(n + 1) → \(n)")
        _ = s.send(.key(.control("r")))
        #expect(s.status == "Redone: scorer.replicas \(n) → \(n + 1)")
        s.setField("timeout", "60ms")
        #expect(s.status == "scorer.timeout = 60ms")
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scorer.timeout 60ms → 40ms")
        s.setField("backoff", "5ms")
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scorer.backoff 5ms → none", "a default reads as the inspector shows it, without its dash")
        s.setField("concurrency", "7")
        _ = s.send(.key(.character("u")))
        #expect(s.status?.hasPrefix("Undone: scorer.concurrency 7 → ") == true, "\(s.status ?? "")")
        s.select("scorer")
        _ = s.send(.key(.character("x")))
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: Deleted scorer")
        _ = s.send(.key(.control("r")))
        #expect(s.status == "Redone: Deleted scorer")
        s.select(try #require(s.scenario?.design.entry))
        _ = s.send(.key(.character("-")))
        _ = s.send(.key(.character("-")))
        #expect(s.status?.hasSuffix("replicas is already 1") == true, "\(s.status ?? "")")
    }

    @Test func undoAndRedoWalkTheHistory() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.down))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("+")))
        #expect(replicas(s, 1) == 10)
        _ = s.send(.key(.character("u")))
        #expect(replicas(s, 1) == 9)
        _ = s.send(.key(.character("u")))
        _ = s.send(.key(.character("u")))
        #expect(replicas(s, 1) == 8)
        #expect(s.status == "Nothing to undo")
        _ = s.send(.key(.control("r")))
        #expect(replicas(s, 1) == 9)
        _ = s.send(.key(.character("-")))
        _ = s.send(.key(.control("r")))
        #expect(s.status == "Nothing to redo", "a new edit clears the redo history")
    }

    /// Found by a new user: add, undo, then + died with an index out of range (the selection
    /// pointed at the component the undo removed).
    @Test func undoingAnAddThenEditingReplicasDoesNotCrash() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("a")))
        _ = s.send(.key(.enter))
        #expect(s.scenario?.design.components.count == 4)
        #expect(s.componentSelection == 3)
        _ = s.send(.key(.character("u")))
        #expect(s.componentSelection == 0, "the selection goes back to the component it was added after")
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("-")))
        #expect(s.scenario?.design.components.count == 3)
    }

    /// The add-component menu lists every kind (more than a 24-row terminal shows): `/` and a few
    /// letters narrow it, enter adds the highlighted match, esc ends the filter before the menu.
    @Test func theAddComponentMenuFiltersAsYouType() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("a")))
        #expect(s.view().lines.joined().contains("/ filter"))
        for c in "/vector" { _ = s.send(.key(.character(c))) }
        guard case .menu(let menu)? = s.overlay else {
            Issue.record("the menu stays open while filtering")
            return
        }
        #expect(menu.filter == "vector")
        #expect(!menu.items.isEmpty && menu.items.count < menu.all.count)
        #expect(menu.items.allSatisfy { ($0.title + " " + $0.detail).lowercased().contains("vector") })
        #expect(s.view().lines.joined().contains("/ vector▏"))
        // A typed 'q' or 'j' is text here, not a close or a move.
        _ = s.send(.key(.character("q")))
        guard case .menu(let none)? = s.overlay else { Issue.record("q is typed while filtering"); return }
        #expect(none.items.isEmpty)
        #expect(s.view().lines.joined().contains("nothing matches 'vectorq'"))
        _ = s.send(.key(.enter))
        #expect(s.scenario?.design.components.count == 3, "enter with no match adds nothing")
        _ = s.send(.key(.backspace))
        let chosen = try #require({ () -> Menu.Item? in if case .menu(let m)? = s.overlay { return m.items.first }; return nil }())
        _ = s.send(.key(.enter))
        let added = try #require(s.scenario?.design.components.last)
        #expect(s.scenario?.design.components.count == 4)
        #expect(added.kind.rawValue == chosen.title)
        // esc ends the filter first, then closes the menu.
        _ = s.send(.key(.character("a")))
        for c in "/cach" { _ = s.send(.key(.character(c))) }
        _ = s.send(.key(.escape))
        guard case .menu(let back)? = s.overlay else { Issue.record("esc ends the filter, the menu stays"); return }
        #expect(back.filter == nil && back.items.count == back.all.count)
        _ = s.send(.key(.escape))
        #expect(s.overlay == nil)
    }

    /// A filter ranks a kind named by it first: `/cache` put `cdn` (its detail says "Edge cache")
    /// above `cache`, and enter added a CDN.
    @Test func aFilterPutsTheKindItNamesFirst() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("a")))
        for c in "/cache" { _ = s.send(.key(.character(c))) }
        guard case .menu(let menu)? = s.overlay else { Issue.record("the menu is open"); return }
        #expect(menu.items.first?.title == "cache", "\(menu.items.map(\.title))")
        #expect(menu.items.contains { $0.title == "cdn" }, "a detail match still shows, after")
        _ = s.send(.key(.enter))
        #expect(s.scenario?.design.components.last?.kind == .cache)
    }

    /// Every kind of call shows in the call-kind menu at 80×24 (sized by its count, two wrapped
    /// details pushed `fallback` out of the box), and a menu too tall for the terminal marks the
    /// rows it cannot show.
    @Test func menusShowEveryRowOrSayThereIsMore() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        s.select("scorer")
        _ = s.send(.key(.character("c")))
        _ = s.send(.key(.enter))
        guard case .menu(let menu)? = s.overlay else { Issue.record("the call-kind menu is open"); return }
        #expect(menu.all.contains { $0.title == "fallback" })
        let screen = s.view().lines.joined(separator: "\n")
        for item in menu.all { #expect(screen.contains(" \(item.title) "), "\(item.title) shows: \(screen)") }
        #expect(!screen.contains("Connect scorer to"), "the status no longer asks for the target")
        _ = s.send(.key(.escape))
        // The add menu lists more kinds than 24 rows hold: the border says so, and moves with it.
        _ = s.send(.key(.character("a")))
        #expect(s.view().lines.contains { $0.contains("▼ more") })
        #expect(!s.view().lines.contains { $0.contains("▲ more") })
        _ = s.send(.key(.character("G")))
        for _ in 0..<40 { _ = s.send(.key(.down)) }
        #expect(s.view().lines.contains { $0.contains("▲ more") })
        #expect(!s.view().lines.contains { $0.contains("▼ more") })
    }

    @Test func leavingWithUnsavedEditsAsksAndDiscardOnlyWhenChosen() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .design)
        guard case .confirm(let c)? = s.overlay else {
            Issue.record("expected a question, got \(String(describing: s.overlay))")
            return
        }
        #expect(c.purpose == .leaveWithUnsavedWork)
        _ = s.send(.key(.escape))
        #expect(s.screen == .design && s.isDirty, "esc stays with the edits")
        _ = s.send(.key(.character("q")))
        _ = s.send(.key(.character("d")))
        #expect(s.screen == .picker)
    }

    @Test func undoingEveryEditMakesTheDesignCleanAgain() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("+")))
        #expect(s.isDirty)
        _ = s.send(.key(.character("u")))
        _ = s.send(.key(.character("u")))
        #expect(!s.isDirty)
        _ = s.send(.key(.character("q")))
        #expect(s.screen == .picker, "nothing to confirm")
    }

    @Test func modifiedShowsInTheTitle() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("+")))
        #expect(s.view().lines[0].contains("Fraud detection — shipped (modified)"))
    }

    /// At 80 columns a long path gives way to the file's name, so `(modified)` and the screen's
    /// name show whole (the row read `… — /tmp/…/fraud-detection.yaml · fault injec`).
    @Test func aLongPathGivesWayToTheScreensNameAtEightyColumns() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24), source: .file(path: "/tmp/tmp.Xq3kPzLm1/some/deeper/folder/fraud-detection.yaml"))
        s.workingDirectory = "/home/user"
        _ = s.send(.key(.character("+")))
        s.screen = .faults
        let title = String(s.view().lines[0].reversed().drop { $0 == " " }.reversed())
        #expect(title.hasSuffix("fraud-detection.yaml (modified) · fault injection"), "\(title)")
        #expect(title.contains(" mlsd  Fraud detec"), "\(title)")
        let wide = try AppState.fraudOpen(size: Size(width: 160, height: 40), source: .file(path: "/tmp/tmp.Xq3kPzLm1/some/deeper/folder/fraud-detection.yaml"))
        #expect(wide.view().lines[0].contains("Fraud detection — /tmp/"), "room for the path: it shows")
    }

    @Test func keysAreIgnoredWhileTheTerminalIsTooSmall() throws {
        var s = try AppState.fraudOpen()
        s.componentSelection = 1
        _ = s.send(.resize(Size(width: 79, height: 24)))
        _ = s.send(.key(.character("x")))
        _ = s.send(.key(.character("q")))
        _ = s.send(.resize(Size(width: 100, height: 30)))
        #expect(s.scenario?.design.components.count == 3, "nothing was deleted unseen")
        #expect(s.screen == .design)
        #expect(s.send(.key(.control("c"))) == [.quit], "ctrl-c on a clean design quits at once")
    }

    /// A key while too small set "Enlarge the terminal to 80×24 (ctrl-c quits)", which nothing drew
    /// until the resize back, and then it stayed under a screen that no longer was too small.
    @Test func aKeyWhileTooSmallLeavesNoMessageForAfterTheResize() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        s.screen = .faults
        s.say("Recovered 50 s after the fault")
        _ = s.send(.resize(Size(width: 60, height: 20)))
        _ = s.send(.key(.character("x")))
        _ = s.send(.resize(Size(width: 80, height: 24)))
        let lines = s.view().lines
        #expect(!lines.joined().contains("Enlarge"), "\(lines[23])")
        #expect(lines[23].contains("Recovered 50 s after the fault"), "the status bar is as it was before the resize")
        #expect(lines[22].hasPrefix("└"), "the panel is whole")
    }
}

@Suite("Canvas") struct CanvasTests {
    /// Twelve caches in a chain (each missing to the next) at 80×24: larger than the canvas.
    static func chainOfTwelve() throws -> AppState {
        var yaml = "name: chain\ndesign:\n  entry: s0\n  components:\n"
        for i in 0..<12 { yaml += "    s\(i): { kind: cache\(i < 11 ? ", hit_ratio: 50%, on_miss: s\(i + 1)" : "") }\n" }
        var s = AppState(choices: [], terminalSize: Size(width: 80, height: 24))
        s.load(try Scenario.parse(yaml: yaml, path: "t.yaml").scenario)
        return s
    }

    @Test func theSelectedBoxIsAlwaysScrolledIntoView() throws {
        var s = try Self.chainOfTwelve()
        let canvas = try #require(s.canvas)
        #expect(canvas.height > 24 || canvas.width > 80, "the chain is larger than the screen")
        for i in 0..<12 {
            let lines = s.view().lines
            #expect(lines.contains { $0.contains(" s\(i) ") }, "s\(i) is visible when selected")
            _ = s.send(.key(.down))
        }
    }

    /// The scroll markers sit on the canvas's border: inside it they overwrote box corners.
    @Test func scrollMarkersAreOnTheBorder() throws {
        var s = try Self.chainOfTwelve()
        for _ in 0..<11 { _ = s.send(.key(.down)) }
        let buffer = s.view()
        // The canvas's right border and bottom border: only border glyphs and markers.
        let right = s.canvasWidth - 1
        let bottom = try #require((1..<buffer.size.height).first { buffer[0, $0].character == "└" })
        let column = (1...bottom).map { buffer[right, $0].character }
        let row = (0...right).map { buffer[$0, bottom].character }
        #expect(column.contains("▼") || column.contains("▲"), "the chain scrolls: \(buffer.lines.joined(separator: "\n"))")
        #expect(column.allSatisfy { "┐┘│▲▼".contains($0) }, "\(String(column))")
        #expect(row.allSatisfy { "└┘─◀▶".contains($0) }, "\(String(row))")
        // Inside, the corner cell next to the markers is the diagram's, not a marker.
        #expect(!"▶▼".contains(buffer[right - 1, bottom - 1].character), "\(buffer.lines[bottom - 1])")
    }

    @Test func editsAndResizesLayTheDesignOutAgain() throws {
        var s = try AppState.fraudOpen()
        let before = try #require(s.canvas)
        _ = s.send(.key(.character("+")))
        #expect(s.canvas != before, "the box now says x3")
        _ = s.send(.key(.character("u")))
        #expect(s.canvas == before)
        _ = s.send(.resize(Size(width: 140, height: 30)))
        #expect(s.canvasWidth == 140 - AppState.inspectorWidth(for: 140))
        _ = s.send(.resize(Size(width: 140, height: 40)))
        #expect(s.update(.key(.down)).isEmpty, "moving the selection needs no layout")
    }

    @Test func anEditAsksForALayoutAndALateOneIsDropped() throws {
        var s = try AppState.fraudOpen()
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
    }
}
