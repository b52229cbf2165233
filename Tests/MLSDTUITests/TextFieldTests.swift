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
        #expect(v == "…ghijklm▏…")
    }

    /// Every cursor position in every width: the window fills the field, holds the cursor and the
    /// character before it (from 4 cells), and says "…" exactly where text is hidden.
    @Test func everyCursorAndWidth() {
        let text = "The quick brown fox jumps over"
        let chars = Array(text)
        for width in 3...(text.count + 2) {
            for back in 0...text.count {
                let f = Self.field(text, cursorFromEnd: back)
                let v = Array(f.visible(width: width))
                let cursor = text.count - back
                #expect(v.count == min(width, text.count + 1), "width \(width) cursor \(cursor): \(String(v))")
                guard let m = v.firstIndex(of: "▏") else { Issue.record("no cursor at width \(width) cursor \(cursor)"); continue }
                if cursor > 0, width >= 4 { #expect(m > 0 && v[m - 1] == chars[cursor - 1], "width \(width) cursor \(cursor): \(String(v))") }
                if text.count + 1 > width {
                    let hidesStart = v.first == "…", hidesEnd = v.last == "…"
                    let firstShown = hidesStart ? nil : v.first
                    #expect(hidesStart || firstShown == (cursor == 0 ? "▏" : chars[0]), "width \(width) cursor \(cursor): \(String(v))")
                    #expect(hidesEnd || v.last == (cursor == text.count ? "▏" : chars[text.count - 1]), "width \(width) cursor \(cursor): \(String(v))")
                }
            }
        }
    }
}
