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
            text.insert(c, at: i)
            cursor += 1
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
    /// A text longer than the field shows a window of it with `…` in place of the first cell when
    /// text is hidden before it and of the last cell when text is hidden after it; the cursor (and
    /// so the character just typed before it) is never under either. The window ends one cell
    /// after the cursor, or at the text's end; it starts at the text's start when the cursor is
    /// near enough to it.
    public func visible(width: Int) -> String {
        let chars = Array(text)
        let shown = Array(String(chars[0..<cursor]) + "▏" + String(chars[cursor...]))
        guard width > 2, shown.count > width else { return String(shown) }
        let start = max(0, min(cursor - width + 2, shown.count - width))
        let end = start + width
        var window = Array(shown[start..<end])
        if start > 0 { window[0] = "…" }
        if end < shown.count { window[width - 1] = "…" }
        return String(window)
    }
}
