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

    /// Columns left of the activity on the bar's row, `width` wide.
    private static func textWidth(width: Int, activity: String?) -> Int {
        max(0, width - (activity.map { DisplayWidth.of($0) + 1 } ?? 0) - 1)
    }

    /// The message's lines at `width` (each as wide as the room left of the activity).
    private static func lines(of message: String, width: Int, activity: String?, maximumLines: Int) -> [String] {
        messageLines(message, width: max(1, textWidth(width: width, activity: activity) - 1), maximumLines: maximumLines)
    }

    /// Rows the bar takes at `width`: one, or as many as its message wraps to, up to
    /// ``maximumMessageLines``. The screen's layout gives the rows above the bar to it, so a long
    /// message never covers a border or a line of the screen.
    static func height(message: String?, activity: String?, width: Int) -> Int {
        guard let message else { return 1 }
        return max(1, lines(of: message, width: width, activity: activity, maximumLines: maximumMessageLines).count)
    }

    /// Draws the bar in `area`, whose last row holds the hints or the message's last line and the
    /// activity; a message longer than the row fills the rows above (``height(message:activity:width:)``
    /// of them), so an error at 80 columns is read whole, not cut.
    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height > 0 else { return }
        buffer.fill(area, role: .statusBar)
        let bar = area.maxY - 1
        if let activity {
            buffer.write(activity, x: area.maxX - DisplayWidth.of(activity) - 1, y: bar, role: .key, clip: area)
        }
        let clip = Rect(x: area.x, y: bar, width: Self.textWidth(width: area.width, activity: activity), height: 1)
        if let message {
            let lines = Self.lines(of: message, width: area.width, activity: activity, maximumLines: min(Self.maximumMessageLines, area.height))
            for (k, line) in lines.enumerated() {
                let y = bar - (lines.count - 1) + k
                let row = Rect(x: area.x, y: y, width: k == lines.count - 1 ? clip.width : area.width, height: 1)
                buffer.write(line, x: area.x + 1, y: y, role: isError ? .bad : .statusBar, clip: row)
            }
            return
        }
        for h in Self.layout(hints, width: clip.width) {
            let x = buffer.write(h.key, x: area.x + h.x, y: bar, role: .key, clip: clip)
            buffer.write(" " + h.word, x: x, y: bar, role: .statusBar, clip: clip)
        }
    }
}

