import MLSDCore

/// One cell of the screen: a character and what it means.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var role: StyleRole
    public init(_ character: Character = " ", role: StyleRole = .normal) {
        self.character = character
        self.role = role
    }
    /// A placeholder that follows a double-width character; terminals draw nothing there.
    public static let continuation = Cell("\u{0}", role: .normal)
    /// Whether this is the second cell of a double-width character, whatever its role (a
    /// highlighted row's continuation cells take the row's role).
    public var isContinuation: Bool { character == "\u{0}" }
}

/// A grid of cells the views draw into; the terminal layer only copies it to the screen.
///
/// Everything the TUI shows is a pure function of ``AppState`` into this buffer, so every screen
/// is testable as text through ``lines``.
public struct ScreenBuffer: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: Cell(), count: self.size.width * self.size.height)
    }

    /// A cell. Writing a different character over half of a double-width character blanks its
    /// other half, so the buffer never holds a head without its continuation or a continuation
    /// without its head (a terminal would draw the head over the next cell, or a stray cell).
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set {
            let i = y * size.width + x
            let old = cells[i].character
            if newValue.character != old {
                if old == "\u{0}", x > 0 { cells[i - 1].character = " " }
                if x + 1 < size.width, cells[i + 1].character == "\u{0}" { cells[i + 1].character = " " }
            }
            cells[i] = newValue
        }
    }

    /// Writes `text` from (`x`, `y`), clipped to `clip` (default: the whole buffer). Control characters
    /// are shown as `?`; double-width characters take two cells. Returns the column after the text.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole = .normal, clip: Rect? = nil) -> Int {
        let area = clip ?? Rect(x: 0, y: 0, width: size.width, height: size.height)
        guard y >= area.y, y < area.maxY, y >= 0, y < size.height else { return x }
        var column = x
        let right = min(area.maxX, size.width)
        for original in text {
            let scalars = original.unicodeScalars
            // One printable scalar below U+0300 (most text) is one column and needs no checks.
            let isPlain = scalars.count == 1 && scalars.first.map { $0.value >= 0x20 && $0.value < 0x300 && !(0x7F...0x9F).contains($0.value) && $0.value != 0xAD } == true
            // A symbol with U+FE0F (⚠️, ❤️) is drawn as its text form: terminals disagree on the
            // emoji form's width (tmux and xterm draw it one column wide, where it was counted two,
            // and a stale character stayed after it), and agree on the text form's.
            let character = isPlain ? original : Self.textPresentation(original)
            let width = isPlain ? 1 : DisplayWidth.of(character)
            if column + width > right { break }
            if column >= area.x, column >= 0 {
                // Controls, bidi overrides and other format characters (``SafeText``'s rule) never reach the terminal.
                let shown: Character = isPlain ? character : Self.printable(character)
                self[column, y] = Cell(shown, role: role)
                if width == 2 { self[column + 1, y] = .continuation }
            }
            column += width
        }
        return column
    }

    /// The character without its emoji-presentation selectors (U+FE0F); itself when it has none.
    static func textPresentation(_ character: Character) -> Character {
        guard character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) else { return character }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: character.unicodeScalars.filter { $0.value != 0xFE0F })
        let text = String(view)
        return text.first ?? " "
    }

    /// The character, or `?` for a control or bidirectional-formatting character (never drawn raw).
    static func printable(_ character: Character) -> Character {
        character.unicodeScalars.contains { $0.properties.generalCategory == .control || SafeText.isUnsafe($0) } ? "?" : character
    }

    /// Fills a rectangle with one character and role.
    public mutating func fill(_ rect: Rect, with character: Character = " ", role: StyleRole = .normal) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = Cell(character, role: role) }
        }
    }

    /// Sets the role of every cell in a row segment (for highlighting a selected line).
    public mutating func setRole(_ role: StyleRole, in rect: Rect) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y].role = role }
        }
    }

    /// Draws a single-line box with an optional title on the top edge.
    public mutating func box(_ rect: Rect, title: String? = nil, role: StyleRole = .border) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        func put(_ c: Character, _ x: Int, _ y: Int) {
            if x >= 0, x < size.width, y >= 0, y < size.height { self[x, y] = Cell(c, role: role) }
        }
        for x in rect.x + 1..<rect.maxX - 1 {
            put("─", x, rect.y)
            put("─", x, rect.maxY - 1)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            put("│", rect.x, y)
            put("│", rect.maxX - 1, y)
        }
        put("┌", rect.x, rect.y)
        put("┐", rect.maxX - 1, rect.y)
        put("└", rect.x, rect.maxY - 1)
        put("┘", rect.maxX - 1, rect.maxY - 1)
        if let title, rect.width > 4 {
            // A title too long for the edge ends in "…" (it was clipped mid-word with no sign).
            let shown = DisplayWidth.cut(title, toWidth: rect.width - 5)
            write(" \(shown) ", x: rect.x + 2, y: rect.y, role: .title, clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        }
    }

    /// The rows as text (continuation cells dropped), for tests and snapshots.
    public var lines: [String] {
        (0..<size.height).map { y in
            String((0..<size.width).compactMap { x -> Character? in
                let c = self[x, y].character
                return c == "\u{0}" ? nil : c
            })
        }
    }

    /// The style role of every cell as one letter per cell (continuation cells dropped), for
    /// snapshots that pin colours as well as text: ``StyleRole/code``.
    public var roleLines: [String] {
        (0..<size.height).map { y in
            String((0..<size.width).compactMap { x -> Character? in
                let c = self[x, y]
                return c.character == "\u{0}" ? nil : c.role.code
            })
        }
    }
}
