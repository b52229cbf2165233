/// Turns a ``DiagramGrid`` into text, in Unicode box drawing or plain ASCII.
///
/// Unicode uses `┌─┐│└┘├`, arrowheads `▶ ▼ ◀ ▲`, `┄ ┆` for async calls and fallbacks, heavy
/// lines for the critical path and a double border for the bottleneck. ASCII uses `+ - |`,
/// `> v < ^`, `.` for dashed edges, `=` for the critical path and `#`/`=` for the bottleneck.
/// Where two edges cross, the horizontal one is drawn straight across (`─`, `-`) and the vertical
/// one is broken, so a crossing never reads as a junction; `├ ┤ ┬ ┴ ┼` appear only where an edge
/// really splits or joins (a bundle's branches in large designs, an edge leaving a box).
/// Trailing spaces are trimmed from every line.
///
///     let text = DiagramRenderer(style: .ascii).render(grid)
public struct DiagramRenderer: Sendable {
    /// Which character set to draw with.
    public enum Style: String, Hashable, Sendable, CaseIterable {
        case unicode, ascii
    }

    public var style: Style

    public init(style: Style) { self.style = style }

    /// The diagram as lines without trailing spaces.
    public func lines(_ grid: DiagramGrid) -> [String] {
        (0..<grid.height).map { y in
            var line = ""
            for x in 0..<grid.width {
                if let ch = glyph(for: grid[x, y]) { line.append(ch) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The diagram as one string, lines joined by newlines (no trailing newline).
    public func render(_ grid: DiagramGrid) -> String { lines(grid).joined(separator: "\n") }

    /// The character drawn for one cell; nil for the right half of a wide character.
    ///
    /// The TUI canvas calls this for each cell so it draws exactly what the export prints.
    public func glyph(for cell: DiagramCell) -> Character? {
        if cell.isWideTail { return nil }
        switch cell.role {
        case .empty: return " "
        case .boxText, .annotation, .label, .legend, .region:
            guard let ch = cell.character else { return " " }
            if style == .ascii, !ch.isASCII { return Self.asciiFallback[ch] ?? ch }
            return ch
        case .arrow:
            switch cell.arrow {
            case .right: return style == .unicode ? "▶" : ">"
            case .left: return style == .unicode ? "◀" : "<"
            case .up: return style == .unicode ? "▲" : "^"
            case .down, nil: return style == .unicode ? "▼" : "v"
            }
        case .boxBorder:
            return line(cell.lines, dashed: [], weight: cell.isEmphasized ? .double : .light, isBox: true)
        case .edge:
            if cell.isCrossing {
                // One line passes over the other: the horizontal runs on, the vertical is broken.
                return line(.horizontal, dashed: cell.dashed.intersection(.horizontal), weight: cell.isEmphasized ? .heavy : .light, isBox: false)
            }
            return line(cell.lines, dashed: cell.dashed, weight: cell.isEmphasized ? .heavy : .light, isBox: false)
        }
    }

    private enum Weight { case light, heavy, double }

    /// Typographic characters our own annotation text uses, spelled in ASCII.
    private static let asciiFallback: [Character: Character] = ["·": "|", "ρ": "u", "×": "x", "…": "~", "–": "-", "—": "-", "≥": ">", "≤": "<",
                                                                "①": "1", "②": "2", "③": "3", "④": "4", "⑤": "5", "⑥": "6", "⑦": "7", "⑧": "8", "⑨": "9",
                                                                "╌": "~", "╎": ":",
                                                                "─": "-", "━": "=", "┄": ".", "▶": ">"]

    private func line(_ lines: LineSet, dashed: LineSet, weight: Weight, isBox: Bool) -> Character {
        let isHorizontal = lines.isSubset(of: .horizontal) && !lines.isEmpty
        let isVertical = lines.isSubset(of: .vertical) && !lines.isEmpty
        if style == .ascii {
            if !dashed.isEmpty, dashed == lines { return "." }
            if isHorizontal { return weight == .light ? "-" : "=" }
            if isVertical { return weight == .double ? "#" : "|" }
            return weight == .double ? "#" : "+"
        }
        if !dashed.isEmpty, dashed == lines, weight == .light {
            if isHorizontal { return "┄" }
            if isVertical { return "┆" }
        }
        let table: [Character]
        switch weight {
        case .light: table = Self.light
        case .heavy: table = Self.heavy
        case .double: table = Self.double
        }
        return table[Int(lines.rawValue & 0xF)]
    }

    // Indexed by LineSet raw value: up 1, down 2, left 4, right 8.
    private static let light: [Character] = [" ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼"]
    private static let heavy: [Character] = [" ", "┃", "┃", "┃", "━", "┛", "┓", "┫", "━", "┗", "┏", "┣", "━", "┻", "┳", "╋"]
    private static let double: [Character] = [" ", "║", "║", "║", "═", "╝", "╗", "╣", "═", "╚", "╔", "╠", "═", "╩", "╦", "╬"]
}
