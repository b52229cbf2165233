import MLSDCore

/// The bottom line: key hints from the ``KeyMap`` (clickable), or the last message.
struct StatusBar {
    var hints: [(key: String, word: String, action: Action)]
    var message: String?
    var isError = false
    /// Right-aligned note (a run in progress).
    var activity: String?

    /// Where each hint is drawn: columns and the action a click runs. Hints that do not fit are
    /// dropped from the middle so the last ones (palette, help) stay visible.
    static func layout(_ hints: [(key: String, word: String, action: Action)], width: Int) -> [(x: Int, width: Int, key: String, word: String, action: Action)] {
        var shown = hints
        func total(_ h: [(key: String, word: String, action: Action)]) -> Int { h.reduce(1) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.word) + 2 } }
        // Keep the palette and help hints (and the list's quit): drop the least important from before them.
        let kept = Set<Action>([.palette, .help, .quit])
        while total(shown) > width, let i = shown.lastIndex(where: { !kept.contains($0.action) }) { shown.remove(at: i) }
        var x = 1
        return shown.map { h in
            let w = DisplayWidth.of(h.key) + 1 + DisplayWidth.of(h.word)
            defer { x += w + 2 }
            return (x, w, h.key, h.word, h.action)
        }
    }

    /// Rows a message may take, the bar's included.
    static let maximumMessageLines = 3

    /// The message wrapped to `width`, in at most `maximumLines` lines (the last ends in "…" when
    /// the rest does not fit).
    static func messageLines(_ message: String, width: Int, maximumLines: Int) -> [String] {
        let all = TextWrap.lines(message, width: width)
        guard all.count > maximumLines, maximumLines >= 1 else { return all }
        var kept = Array(all.prefix(maximumLines))
        kept[maximumLines - 1] = String(kept[maximumLines - 1].prefix(max(0, width - 1))) + "…"
        return kept
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .statusBar)
        var right = area.maxX
        if let activity {
            right = area.maxX - DisplayWidth.of(activity) - 1
            buffer.write(activity, x: right, y: area.y, role: .key, clip: area)
        }
        let clip = Rect(x: area.x, y: area.y, width: max(0, right - area.x - 1), height: 1)
        if let message {
            // A message longer than the bar takes the rows above it too (at most 3 in all, over
            // the bottom of the screen), so an error at 80 columns is read whole, not cut.
            let lines = Self.messageLines(message, width: max(1, clip.width - 1), maximumLines: min(Self.maximumMessageLines, area.y + 1))
            for (k, line) in lines.enumerated() {
                let y = area.y - (lines.count - 1) + k
                let row = Rect(x: area.x, y: y, width: k == lines.count - 1 ? clip.width : area.width, height: 1)
                if k < lines.count - 1 { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .statusBar) }
                buffer.write(line, x: area.x + 1, y: y, role: isError ? .bad : .statusBar, clip: row)
            }
            return
        }
        for h in Self.layout(hints, width: clip.width) {
            let x = buffer.write(h.key, x: area.x + h.x, y: area.y, role: .key, clip: clip)
            buffer.write(" " + h.word, x: x, y: area.y, role: .statusBar, clip: clip)
        }
    }
}

