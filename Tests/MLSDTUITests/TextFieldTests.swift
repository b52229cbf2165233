import MLSDCore
import Testing
@testable import MLSDTUI

/// The one-line editor's window on a text longer than its field.
@Suite("Text field window") struct TextFieldTests {
    static func field(_ text: String, cursorFromEnd: Int = 0) -> TextField {
        var f = TextField(text)
        for _ in 0..<cursorFromEnd { _ = f.handle(.left) }
        return f
    }

    @Test func aTextThatFitsIsShownWhole() {
        #expect(Self.field("abc").visible(width: 10) == "abc▏")
        #expect(Self.field("abc", cursorFromEnd: 3).visible(width: 10) == "▏abc")
    }

    @Test func typingAtTheEndShowsTheEndAndTheCursor() {
        let v = Self.field("abcdefghijklmnopqrstuvwxyz").visible(width: 10)
        #expect(v == "…stuvwxyz▏")
    }

    /// The walk's bug: after Home, the character typed went under the leading "…".
    @Test func typingAtTheStartOfALongTextShowsWhatWasTyped() {
        var f = Self.field("abcdefghijklmnopqrstuvwxyz")
        _ = f.handle(.home)
        #expect(f.visible(width: 10) == "▏abcdefgh…")
        _ = f.handle(.character("Q"))
        #expect(f.visible(width: 10) == "Q▏abcdefg…")
    }

    @Test func inTheMiddleBothEndsSayTextIsHidden() {
        let v = Self.field("abcdefghijklmnopqrstuvwxyz", cursorFromEnd: 13).visible(width: 10)
        #expect(v == "…hijklm▏n…")
    }

    /// Double-width characters take two cells: the window fits the field's cells, holds the
    /// cursor and the character typed before it (Japanese text ran past the field and hid both).
    @Test func doubleWidthTextFitsItsCells() {
        let text = "不正検知のためのカード決済スコアリング"
        for width in 4...30 {
            for back in 0...text.count {
                let f = Self.field(text, cursorFromEnd: back)
                let v = f.visible(width: width)
                #expect(DisplayWidth.of(v) <= width, "width \(width): \(v)")
                #expect(DisplayWidth.of(v) >= width - 1 || DisplayWidth.of(v) == DisplayWidth.of(text) + 1, "fills the field but for a wide character's cell: \(v)")
                let chars = Array(text), cursor = text.count - back
                #expect(v.contains("▏"))
                if cursor > 0, width >= 5 { #expect(v.contains("\(chars[cursor - 1])▏"), "width \(width) cursor \(cursor): \(v)") }
            }
        }
        #expect(Self.field(text).visible(width: 12) == "…コアリング▏")
    }

    /// Every cursor position in every width: the window fills the field, holds the cursor and the
    /// character before it (from 4 cells), shows one contiguous stretch of the text, and has "…"
    /// at an end exactly where text is hidden there.
    @Test func everyCursorAndWidth() {
        let text = "The quick brown fox jumps over"
        let chars = Array(text)
        for width in 3...(text.count + 2) {
            for back in 0...text.count {
                let v = Array(Self.field(text, cursorFromEnd: back).visible(width: width))
                let cursor = text.count - back
                let shown = Array(chars[0..<cursor]) + ["▏"] + Array(chars[cursor...])
                let context = "width \(width) cursor \(cursor): \(String(v))"
                #expect(v.count == min(width, shown.count), "\(context)")
                guard let m = v.firstIndex(of: "▏") else { Issue.record("no cursor at \(context)"); continue }
                if cursor > 0, width >= 4 { #expect(m > 0 && v[m - 1] == chars[cursor - 1], "\(context)") }
                let hidesStart = v.first == "…", hidesEnd = v.last == "…"
                let middle = Array(v.dropFirst(hidesStart ? 1 : 0).dropLast(hidesEnd ? 1 : 0))
                let starts = (0...(shown.count - middle.count)).filter { Array(shown[$0..<($0 + middle.count)]) == middle }
                guard let start = starts.first else { Issue.record("not one stretch of the text at \(context)"); continue }
                #expect(hidesStart == (start > 0), "'…' first exactly when text is hidden before: \(context)")
                #expect(hidesEnd == (start + middle.count < shown.count), "'…' last exactly when text is hidden after: \(context)")
            }
        }
    }

    /// A combining mark typed after a letter joins it: the cursor stays at the end of the text
    /// (it ran past it, and the next frame trapped).
    @Test func aCombiningMarkJoinsTheCharacterBeforeIt() {
        var f = TextField()
        for c: Character in ["e", "\u{301}", "x"] { _ = f.handle(.character(c)) }
        #expect(f.text == "e\u{301}x" && f.cursor == 2)
        #expect(f.visible(width: 10) == "e\u{301}x▏")
        _ = f.handle(.backspace)
        #expect(f.text == "e\u{301}")
        var flag = TextField()
        for c: Character in ["\u{1F1EB}", "\u{1F1F7}"] { _ = flag.handle(.character(c)) }
        #expect(flag.text.count == 1 && flag.cursor == 1)
        _ = flag.visible(width: 3)
    }

}
