import MLSDCore
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// At 80×24 long texts are wrapped, not cut: a status message takes up to three rows at the
/// bottom, and a help entry goes on under its key.
@Suite("Long texts at 80 columns") struct LongTextTests {
    /// The last `n` rows of the screen, trimmed, joined with spaces.
    static func bottom(_ lines: [String], _ n: Int) -> String {
        lines.suffix(n).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test func aLongStatusMessageIsShownWhole() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        let message = "invalid --down 'scorer=13@1s-2s': scorer has 12 replicas; expected at most 12 down, such as scorer=6@10s-20s"
        s.say(message, isError: true)
        let lines = s.view().lines
        #expect(lines.count == 24)
        #expect(Self.bottom(lines, 2) == message, "\(lines.suffix(3))")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        // A short one keeps to the bar, and the screen above it is the canvas's.
        s.say("Saved", isError: false)
        let short = s.view().lines
        #expect(short[23].trimmingCharacters(in: .whitespaces) == "Saved" && short[22].hasPrefix("└"))
    }

    /// The inspector's title row cuts a long label with `…` and keeps `entry` after it (the
    /// border clipped it mid-word, `entry` and all).
    @Test func theInspectorsTitleRowCutsALongLabel() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        let entry = try #require(s.workbench?.scenario.design.entry)
        s.select(entry)
        s.setField("label", "checks every card payment against the rules and the model")
        let title = try #require(s.view().lines.first { $0.contains("checks every card") && $0.contains("entry") }, "\(s.view().lines.joined(separator: "\n"))")
        #expect(title.contains("…  entry"), "\(title)")
    }

    @Test func aVeryLongMessageStopsAtThreeRowsWithAnEllipsis() {
        let lines = StatusBar.messageLines(String(repeating: "word ", count: 60), width: 78, maximumLines: 3)
        #expect(lines.count == 3 && lines[2].hasSuffix("…") && lines.allSatisfy { $0.count <= 78 })
    }

    /// A word longer than the row (a path) goes on from where the line has got to and breaks at
    /// the row's edge; it took a row of its own, left "Saved" alone above it, and broke after a `-`.
    @Test func anOverLongWordBreaksAtTheRowsEdge() {
        #expect(StatusBar.messageLines("Saved /aaaa/bbbb/cccc/dddd/eeee/ffff.yaml now", width: 20, maximumLines: 3)
                == ["Saved /aaaa/bbbb/ccc", "c/dddd/eeee/ffff.yam", "l now"])
        #expect(StatusBar.messageLines("/aaaa-bbbb/cccc-dddd/eeee-ffff.yaml", width: 20, maximumLines: 3)
                == ["/aaaa-bbbb/cccc-dddd", "/eeee-ffff.yaml"], "cut at the edge, not after a '-'")
    }

    /// Too long for the rows it may take: the path loses its middle, not its file name or the
    /// words after it (the last row ended in "…" and the file name was gone).
    @Test func anOverLongPathLosesItsMiddleToFit() {
        #expect(StatusBar.messageLines("Saved /aaaa/bbbb/cccc/dddd/eeee/ffff.yaml now", width: 20, maximumLines: 2)
                == ["Saved /aaaa/bbbb/ccc", "…eeee/ffff.yaml now"])
        #expect(StatusBar.elided("/aaaa/bbbb/cccc/dddd/eeee/ffff.yaml", toWidth: 20) == "/aaaa/bbb…/ffff.yaml")
        #expect(StatusBar.elided("short", toWidth: 20) == "short")
    }

    @Test func aStatusMessageWithAVeryLongPathKeepsItsEnd() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        let path = "/home/someone/" + (1...12).map { "a-rather-long-folder-name-\($0)" }.joined(separator: "/") + "/fraud-detection.yaml"
        let message = "could not read \(path): no such file or directory"
        s.say(message, isError: true)
        let rows = s.view().lines.suffix(3).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(rows[0].hasPrefix("could not read /home/someone/a-rather-long-folder-name-1/"), "\(rows)")
        #expect(rows[2].hasSuffix("/fraud-detection.yaml: no such file or directory"), "\(rows)")
        #expect(rows.joined().contains("…"))
        #expect(s.view().lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func helpEntriesWrapUnderTheirKey() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("?")))
        #expect(!s.view().lines.joined(separator: "\n").contains("…"), "nothing is cut")
        s.type("front")
        let text = s.view().lines.joined(separator: "\n")
        let esc = try #require(KeyMap.bindings(in: .canvas).first { $0.help.hasPrefix("insert a new component in front") }).help
        let help = HelpOverlay(rows: [try #require(KeyMap.bindings(in: .canvas).first { $0.help == esc })], filter: TextField(), context: .canvas, title: KeyContext.canvas.title)
        let wrapped = help.lines(room: 80 - 2 - 2 - 18)
        #expect(wrapped.count >= 2 && wrapped.dropFirst().allSatisfy { $0.label.isEmpty })
        #expect(wrapped.map(\.help).joined(separator: " ") == esc)
        #expect(text.contains(wrapped[0].help) && text.contains(wrapped[1].help))
    }
}

/// A status message of two or three rows takes them from the screen's layout, on every screen, so
/// no border or line of the screen is drawn over.
@Suite("Long status messages and the layout") struct StatusLayoutTests {
    static let message = "invalid --down 'scorer=13@1s-2s': scorer has 12 replicas; expected at most 12 down, such as scorer=6@10s-20s; "
        + "or take a zone down with zone:1@10s-20s, or slow it with scorer=3x@10s-20s"

    /// The screen's last row above the status bar is its bottom border, and the message reads whole below it.
    static func expectWhole(_ s: AppState, _ message: String, rows: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = s.view().lines
        let height = s.terminalSize.height
        let border = lines[height - 1 - rows]
        #expect(border.hasPrefix("└") && border.hasSuffix("┘"), "the screen's bottom border: \(lines.suffix(rows + 2))", sourceLocation: sourceLocation)
        let text = LongTextTests.bottom(lines, rows)
        #expect(text.hasPrefix(message), "\(lines.suffix(rows + 1))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [AppState.Screen.design, .results, .capacity, .faults], OverlayTests.sizes)
    func aLongMessageTakesRowsFromTheScreen(_ screen: AppState.Screen, _ size: Size) throws {
        var s = try OverlayTests.state(on: screen, size: size)
        s.say(Self.message, isError: true)
        Self.expectWhole(s, Self.message, rows: size.width == 80 ? 3 : 2)
        s.say("Saved")
        Self.expectWhole(s, "Saved", rows: 1)
    }

    /// The walk-through: `C`, `r`, `F`, `enter` while the capacity search runs put "A capacity search
    /// is under way: esc" over the panel's bottom border and " stops it ⠦ capacity search 71%…" under it.
    @Test func aRefusalBesideTheActivityKeepsThePanelWhole() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("C")))
        #expect(s.screen == .capacity && s.isSimulating)
        _ = s.send(.progress(job: try #require(s.runningJob), fraction: 0.71))
        _ = s.send(.tick(now: 0.7))
        _ = s.send(.key(.character("r")))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.enter))
        let message = try #require(s.status)
        #expect(message == "A capacity search is under way: esc stops it")
        Self.expectWhole(s, message, rows: 2)
        #expect(s.view().lines[23].hasSuffix("capacity search 71% 0.7s · esc cancels "))
    }
}
