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
    ///
    /// Each line is built as UTF-8 bytes from the grid's packed cells: lines, arrows and
    /// one-scalar text go straight in, and only characters of several scalars (or text spelled
    /// differently in ASCII) go through ``glyph(for:)``. A 500-component drawing has millions of cells.
    public func lines(_ grid: DiagramGrid) -> [String] {
        var out: [String] = []
        out.reserveCapacity(grid.height)
        for y in 0..<grid.height {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(grid.width)
            var kept = 0   // bytes up to the last glyph that is not a space
            for x in 0..<grid.width {
                let packed = grid.packedCell(x, y)
                if packed.flags & PackedCell.wideTail != 0 { continue }
                let role = DiagramRole(rawValue: packed.role) ?? .empty
                let scalar: Unicode.Scalar
                switch role {
                case .empty:
                    bytes.append(0x20)
                    continue
                case .boxText, .annotation, .label, .legend, .region:
                    let code = packed.character
                    if code == 0 || code == 0x21 {   // none, or a space (0x20 + 1)
                        bytes.append(0x20)
                        continue
                    }
                    if code & PackedCell.clusterFlag == 0, let one = Unicode.Scalar(code - 1), style == .unicode || one.isASCII {
                        scalar = one
                    } else {
                        let ch = glyph(for: grid[x, y]) ?? " "
                        bytes.append(contentsOf: ch.utf8)
                        if ch != " " { kept = bytes.count }
                        continue
                    }
                case .arrow:
                    scalar = arrowGlyph(packed.arrowDirection)
                case .boxBorder:
                    scalar = line(LineSet(rawValue: packed.lines), dashed: [], weight: packed.flags & PackedCell.emphasized != 0 ? .double : .light, isBox: true)
                case .edge:
                    scalar = edgeGlyph(lines: LineSet(rawValue: packed.lines), dashed: LineSet(rawValue: packed.dashed),
                                       isEmphasized: packed.flags & PackedCell.emphasized != 0, isCrossing: packed.flags & PackedCell.crossing != 0)
                }
                let v = scalar.value
                if v < 0x80 {
                    bytes.append(UInt8(v))
                } else if v < 0x800 {
                    bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F))
                } else if v < 0x10000 {
                    bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
                } else {
                    bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
                    bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
                }
                kept = bytes.count
            }
            out.append(String(decoding: bytes[..<kept], as: UTF8.self))
        }
        return out
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
            return Character(arrowGlyph(cell.arrow))
        case .boxBorder:
            return Character(line(cell.lines, dashed: [], weight: cell.isEmphasized ? .double : .light, isBox: true))
        case .edge:
            return Character(edgeGlyph(lines: cell.lines, dashed: cell.dashed, isEmphasized: cell.isEmphasized, isCrossing: cell.isCrossing))
        }
    }

    private func arrowGlyph(_ arrow: GridDirection?) -> Unicode.Scalar {
        switch arrow {
        case .right: return style == .unicode ? "▶" : ">"
        case .left: return style == .unicode ? "◀" : "<"
        case .up: return style == .unicode ? "▲" : "^"
        case .down, nil: return style == .unicode ? "▼" : "v"
        }
    }

    private func edgeGlyph(lines: LineSet, dashed: LineSet, isEmphasized: Bool, isCrossing: Bool) -> Unicode.Scalar {
        if isCrossing {
            // One line passes over the other: the horizontal runs on, the vertical is broken.
            return line(.horizontal, dashed: dashed.intersection(.horizontal), weight: isEmphasized ? .heavy : .light, isBox: false)
        }
        return line(lines, dashed: dashed, weight: isEmphasized ? .heavy : .light, isBox: false)
    }

    private enum Weight { case light, heavy, double }

    /// Typographic characters our own annotation text uses, spelled in ASCII.
    private static let asciiFallback: [Character: Character] = ["·": "|", "ρ": "u", "×": "x", "…": "~", "–": "-", "—": "-", "≥": ">", "≤": "<",
                                                                "①": "1", "②": "2", "③": "3", "④": "4", "⑤": "5", "⑥": "6", "⑦": "7", "⑧": "8", "⑨": "9",
                                                                "╌": "~", "╎": ":",
                                                                "─": "-", "━": "=", "┄": ".", "▶": ">", "▼": "v", "▲": "^", "→": ">"]

    private func line(_ lines: LineSet, dashed: LineSet, weight: Weight, isBox: Bool) -> Unicode.Scalar {
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
        let table: [Unicode.Scalar]
        switch weight {
        case .light: table = Self.light
        case .heavy: table = Self.heavy
        case .double: table = Self.double
        }
        return table[Int(lines.rawValue & 0xF)]
    }

    // Indexed by LineSet raw value: up 1, down 2, left 4, right 8.
    private static let light: [Unicode.Scalar] = [" ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼"]
    private static let heavy: [Unicode.Scalar] = [" ", "┃", "┃", "┃", "━", "┛", "┓", "┫", "━", "┗", "┏", "┣", "━", "┻", "┳", "╋"]
    private static let double: [Unicode.Scalar] = [" ", "║", "║", "║", "═", "╝", "╗", "╣", "═", "╚", "╔", "╠", "═", "╩", "╦", "╬"]
}
