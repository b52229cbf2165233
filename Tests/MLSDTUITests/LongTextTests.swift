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

    @Test func aVeryLongMessageStopsAtThreeRowsWithAnEllipsis() {
        let lines = StatusBar.messageLines(String(repeating: "word ", count: 60), width: 78, maximumLines: 3)
        #expect(lines.count == 3 && lines[2].hasSuffix("…") && lines.allSatisfy { $0.count <= 78 })
    }

    @Test func helpEntriesWrapUnderTheirKey() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("?")))
        let text = s.view().lines.joined(separator: "\n")
        #expect(!text.contains("…"), "nothing is cut")
        let esc = try #require(KeyMap.bindings(in: .canvas).first { $0.help.hasPrefix("cancel the run in progress") }).help
        let help = HelpOverlay(rows: [try #require(KeyMap.bindings(in: .canvas).first { $0.help == esc })], filter: TextField(), context: .canvas)
        let wrapped = help.lines(room: 80 - 2 - 2 - 18)
        #expect(wrapped.count >= 2 && wrapped.dropFirst().allSatisfy { $0.label.isEmpty })
        #expect(wrapped.map(\.help).joined(separator: " ") == esc)
        #expect(text.contains(wrapped[0].help) && text.contains(wrapped[1].help))
    }
}
