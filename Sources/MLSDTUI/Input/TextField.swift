import MLSDCore
/// A one-line text input with a cursor: typing, ←→, home/end, backspace, del and ctrl-u.
public struct TextField: Sendable, Equatable {
    public private(set) var text: String
    /// Cursor position in characters, 0…text.count.
    public private(set) var cursor: Int
    public var maxLength = 1000

    public init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            guard text.count < maxLength, !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor)
            // A combining mark, skin tone or second flag half arrives as its own key and joins the
            // character before it: the count may not grow (a cursor past the end trapped).
            let before = text.count
            text.insert(c, at: i)
            cursor += text.count - before
        case .backspace:
            guard cursor > 0 else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text = ""
            cursor = 0
        default:
            return false
        }
        return true
    }

    /// The text to draw in `width` cells, scrolled so the cursor shows, with the cursor as `▏`.
    ///
    /// A text wider than the field shows a window of it, with `…` in place of the first cell when
    /// text is hidden before it and of the last cell when text is hidden after it. The window
    /// holds the cursor, then the character before it (the one just typed), then the one after
    /// it, then as much before and after as fits. Widths are the terminal's: a double-width
    /// character takes two cells (counted as one, Japanese text ran past the field and hid the
    /// cursor).
    public func visible(width: Int) -> String {
        let chars = Array(text)
        let cursor = min(self.cursor, chars.count)
        let shown = Array(chars[0..<cursor]) + ["▏"] + Array(chars[cursor...])
        let widths = shown.map { DisplayWidth.of($0) }
        guard width > 2, widths.reduce(0, +) > width else { return String(shown) }
        let n = shown.count, m = cursor
        // Cells taken by the window [s, e) with its "…" on each side where text is hidden.
        func fits(_ s: Int, _ e: Int) -> Bool {
            widths[s..<e].reduce(0, +) + (s > 0 ? 1 : 0) + (e < n ? 1 : 0) <= width
        }
        var s = m, e = m + 1
        if m > 0, fits(m - 1, e) { s = m - 1 }
        if m + 1 < n, fits(s, m + 2) { e = m + 2 }
        while s > 0, fits(s - 1, e) { s -= 1 }
        while e < n, fits(s, e + 1) { e += 1 }
        return (s > 0 ? "…" : "") + String(shown[s..<e]) + (e < n ? "…" : "")
    }
}
