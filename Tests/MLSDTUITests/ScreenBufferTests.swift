import Testing
@testable import MLSDTUI

@Suite("Screen buffer") struct ScreenBufferTests {
    @Test func writesClipAtTheEdge() {
        var b = ScreenBuffer(size: Size(width: 6, height: 2))
        b.write("hello world", x: 2, y: 0)
        b.write("xy", x: -1, y: 1)
        #expect(b.lines == ["  hell", "y     "])
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var b = ScreenBuffer(size: Size(width: 5, height: 1))
        b.write("漢字漢", x: 0, y: 0)
        #expect(b.lines == ["漢字 "])
        #expect(b[1, 0] == .continuation)
    }

    @Test func controlCharactersAreNeverDrawnRaw() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        b.write("a\u{1b}[2J", x: 0, y: 0)
        #expect(b.lines == ["a?[2J "])
    }

    @Test func boxWithTitle() {
        var b = ScreenBuffer(size: Size(width: 10, height: 3))
        b.box(Rect(x: 0, y: 0, width: 10, height: 3), title: "Hi")
        #expect(b.lines == ["┌─ Hi ───┐", "│        │", "└────────┘"])
    }

    /// A symbol with U+FE0F is drawn in its text form, one column: terminals disagree on the
    /// emoji form's width (tmux drew ⚠️ one column wide where it was counted two, leaving a stale
    /// character after it).
    @Test func anEmojiSelectorIsDrawnAsTheTextForm() {
        var b = ScreenBuffer(size: Size(width: 6, height: 1))
        let end = b.write("⚠\u{FE0F} ok", x: 0, y: 0)
        #expect(end == 4 && b.lines == ["⚠ ok  "])
        #expect(b[0, 0].character.unicodeScalars.map(\.value) == [0x26A0])
    }

    /// Half of a double-width character overwritten blanks the other half: the buffer never holds
    /// a character without its second cell or a second cell without its character.
    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(size: Size(width: 8, height: 1))
        b.write("日本", x: 0, y: 0)
        #expect(b.lines == ["日本    "])
        b.write("x", x: 1, y: 0)   // over 日's second cell
        #expect(b.lines == [" x本    "])
        b.write("y", x: 2, y: 0)   // over 本's first cell
        #expect(b.lines == [" xy     "])
        b.write("語", x: 4, y: 0)
        b.setRole(.selected, in: Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(b[5, 0].isContinuation && b[4, 0].character == "語", "a highlighted row keeps its continuation cells")
        #expect(b.lines == [" xy 語  "])
    }
}
