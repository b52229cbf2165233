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

    /// The message wrapped to `width`, in at most `maximumLines` lines.
    ///
    /// Words wrap whole; a word longer than the row (a path) starts on the line it falls on and is
    /// broken at the row's edge. When that takes more than `maximumLines`, the longest such word
    /// loses its middle to "…" until the message fits, so a path keeps its start and its file
    /// name; only then does the last line end in "…" if the rest still does not fit.
    ///
    ///     messageLines("Saved /aaaa/bbbb/cccc/dddd/eeee/ffff.yaml now", width: 20, maximumLines: 2)
    ///     // ["Saved /aaaa/bbbb/ccc", "…eeee/ffff.yaml now"]
    static func messageLines(_ message: String, width: Int, maximumLines: Int) -> [String] {
        let width = max(width, 2)
        var words = message.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var all = flowed(words, width: width)
        if all.count > maximumLines, maximumLines >= 1,
           let longest = words.indices.max(by: { DisplayWidth.of(words[$0]) < DisplayWidth.of(words[$1]) }) {
            let original = words[longest]
            var target = DisplayWidth.of(original)
            let shortest = min(width, 12)
            while all.count > maximumLines, target > width, target > shortest {
                // Take out what overflows (and the space before it), then look again: a break may move.
                let overflow = DisplayWidth.of(all[maximumLines...].joined(separator: " ")) + 1
                target = max(shortest, target - overflow)
                words[longest] = elided(original, toWidth: target)
                all = flowed(words, width: width)
            }
        }
        guard all.count > maximumLines, maximumLines >= 1 else { return all }
        var kept = Array(all.prefix(maximumLines))
        kept[maximumLines - 1] = String(kept[maximumLines - 1].prefix(max(0, width - 1))) + "…"
        return kept
    }

    /// Words in lines of at most `width` columns; a word wider than that goes on from where the
    /// line has got to and is broken at the edge (TextWrap starts it on a line of its own and
    /// breaks it after a `-` or `_`, which left a status row holding one word and cut a path
    /// somewhere in its middle).
    private static func flowed(_ words: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in words {
            let w = DisplayWidth.of(word)
            if w <= width {
                if used > 0, used + 1 + w <= width {
                    line += " " + word
                    used += 1 + w
                } else {
                    if used > 0 { lines.append(line) }
                    line = word
                    used = w
                }
                continue
            }
            if used > 0, used + 2 <= width {
                line += " "
                used += 1
            } else if used > 0 {
                lines.append(line)
                line = ""
                used = 0
            }
            for character in word {
                let cw = DisplayWidth.of(character)
                if used + cw > width, used > 0 {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                line.append(character)
                used += cw
            }
        }
        if used > 0 { lines.append(line) }
        return lines
    }

    /// `word` in at most `width` columns: its start, "…", and its end (a path's file name), the end
    /// given the odd column.
    static func elided(_ word: String, toWidth width: Int) -> String {
        guard DisplayWidth.of(word) > width, width >= 3 else { return word }
        let headWidth = (width - 1) / 2
        var head = ""
        var used = 0
        for c in word {
            let w = DisplayWidth.of(c)
            if used + w > headWidth { break }
            head.append(c)
            used += w
        }
        var tail: [Character] = []
        var tailUsed = 0
        for c in word.reversed() {
            let w = DisplayWidth.of(c)
            if tailUsed + w > width - 1 - used { break }
            tail.append(c)
            tailUsed += w
        }
        return head + "…" + String(tail.reversed())
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

