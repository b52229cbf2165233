import MLSDCore

/// Lines of styled text drawn into a rectangle from a scroll offset, with `▲ more` / `▼ more` on the
/// surrounding box's edges when cut (never over the text): the capacity and fault panels' columns.
struct PanelText {
    typealias Segment = (text: String, role: StyleRole)
    typealias Line = [Segment]

    var lines: [Line]
    var scroll: Int

    /// The first line drawn: the scroll, kept within the text.
    func first(height: Int) -> Int { max(0, min(scroll, lines.count - height)) }

    /// Draws the lines in `area`; the markers go on the top and bottom edges of the box around it,
    /// right-aligned with the area.
    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.height > 0 else { return }
        let first = first(height: area.height)
        for (i, line) in lines.dropFirst(first).prefix(area.height).enumerated() {
            var x = area.x
            for seg in line { x = buffer.write(seg.text, x: x, y: area.y + i, role: seg.role, clip: area) }
        }
        if first > 0 { buffer.write(" ▲ more ", x: area.maxX - 8, y: area.y - 1, role: .accent) }
        if first + area.height < lines.count { buffer.write(" ▼ more (j, pgdn) ", x: area.maxX - 18, y: area.maxY, role: .accent) }
    }

    /// `label` padded to 12 columns, then `text` wrapped to `width`, continuation lines indented.
    static func field(_ label: String, _ text: String, width: Int, role: StyleRole = .normal) -> [Line] {
        TextWrap.lines(text, width: max(10, width - 12)).enumerated().map { i, part in
            [(i == 0 ? label.padded(12) : String(repeating: " ", count: 12), .dim), (part, role)]
        }
    }

    /// Text wrapped to `width`, in one role.
    static func wrapped(_ text: String, width: Int, role: StyleRole) -> [Line] {
        TextWrap.lines(text, width: max(10, width)).map { [($0, role)] }
    }

    /// A chart row from the shared chart text, coloured by what each character draws: bars in the
    /// accent, the SLO line (`┄`) as a warning, the fault (`▀`) and `!` as bad, the axes dim.
    static func chart(_ text: String) -> Line {
        colored(text) { c in
            switch c {
            case "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█": return .accent
            case "┄": return .warning
            case "▀", "!": return .bad
            default: return .dim
            }
        }
    }

    /// `text` in segments, each character in the role `role` gives it.
    static func colored(_ text: String, _ role: (Character) -> StyleRole) -> Line {
        var line: Line = []
        for c in text {
            let r = role(c)
            if let last = line.last, last.role == r { line[line.count - 1].text.append(c) } else { line.append((String(c), r)) }
        }
        return line
    }

    /// A progress bar `██████░░░░ 43%` `width` cells wide (the figure included).
    static func progress(_ fraction: Double, width: Int) -> Line {
        let cells = max(4, width - 5)
        let filled = min(cells, max(0, Int((fraction * Double(cells)).rounded())))
        return [(String(repeating: "█", count: filled), .accent), (String(repeating: "░", count: cells - filled), .dim),
                (" \(Int(fraction * 100))%", .normal)]
    }
}
