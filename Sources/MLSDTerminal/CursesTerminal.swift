internal import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import MLSDTUI
public import MLSDCore

/// The only code that calls ncurses: draws ``ScreenBuffer``s and turns input into ``Message``s.
public struct CursesTerminal: TerminalDevice {
    private var screen: OpaquePointer?
    private var window: UnsafeMutablePointer<WINDOW>?
    private var last: ScreenBuffer?
    private let useColor: Bool
    /// Attributes per role, indexed by `StyleRole.rawValue`.
    private var attributes: [attr_t] = []
    private var isActive = false
    /// False under a non-UTF-8 locale: every cell is drawn with its ASCII stand-in.
    private let isUnicode: Bool

    /// Why the terminal could not start; the caller falls back to headless output.
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal, unusableTerminal(String)
        public var description: String {
            switch self {
            case .notATerminal: return "mlsd: error: the TUI needs an interactive terminal; see 'mlsd --help' for the headless commands"
            case .unusableTerminal(let term): return "mlsd: error: cannot use terminal type '\(term)'; set TERM (e.g. xterm-256color) or use the headless commands"
            }
        }
    }

    /// Starts curses on stdin/stdout with a theme. Throws instead of exiting when there is no usable terminal.
    ///
    /// With `NO_COLOR` set (any value) or a terminal without colours, only the theme's attributes are used.
    public init(environment: [String: String], theme: Theme, mouse: Bool = true) throws(StartError) {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { throw .unusableTerminal(term.isEmpty ? "(unset)" : term) }
        setlocale(LC_ALL, "")
        isUnicode = mlsd_locale_is_utf8() != 0
        TerminalGuard.install()
        guard let screen = newterm(nil, mlsd_stdout(), mlsd_stdin()) else {
            TerminalGuard.uninstall()
            throw .unusableTerminal(term)
        }
        self.screen = screen
        window = mlsd_stdscr()
        raw()
        noecho()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        if mouse {
            var old: mmask_t = 0
            mousemask(mlsd_mouse_mask(), &old)
            mouseinterval(0)
        }
        useColor = environment["NO_COLOR"] == nil && has_colors()
        var hasDefaultColors = false
        if useColor {
            start_color()
            hasDefaultColors = use_default_colors() == OK
        }
        let colorCount = useColor ? Int(mlsd_colors()) : 0
        for role in StyleRole.allCases {
            let style = theme.styles[role.themeName] ?? Theme.Style()
            var attrs: attr_t = 0
            if style.isBold { attrs |= mlsd_a_bold() }
            if style.isDim { attrs |= mlsd_a_dim() }
            if style.isUnderlined { attrs |= mlsd_a_underline() }
            if style.isReverse { attrs |= mlsd_a_reverse() }
            if useColor {
                let fg = Self.colorNumber(style.foreground, colors: colorCount, hasDefault: hasDefaultColors, isBackground: false)
                let bg = Self.colorNumber(style.background, colors: colorCount, hasDefault: hasDefaultColors, isBackground: true)
                init_pair(Int16(role.rawValue) + 1, fg, bg)
            } else if style.background != .terminalDefault, !style.isReverse {
                // Without colour, a role drawn on a coloured background (status bar, selection) must still stand out.
                attrs |= mlsd_a_reverse()
            }
            attributes.append(attrs)
        }
        isActive = true
    }

    /// A curses colour number: the theme's index, reduced to the basic eight on 8-colour terminals.
    static func colorNumber(_ color: Theme.Color, colors: Int, hasDefault: Bool, isBackground: Bool) -> Int16 {
        switch color {
        case .terminalDefault:
            return hasDefault ? -1 : Int16(isBackground ? COLOR_BLACK : COLOR_WHITE)
        case .indexed(let n):
            return Int16(n < colors ? n : ColorReduction.basicColor(forIndex: n))
        }
    }

    /// Ends curses and puts the terminal back as it was. Safe to call twice.
    public mutating func restore() {
        guard isActive else { return }
        isActive = false
        // The alternate screen is cleared before it is left: grown while open (80×24 → 120×40)
        // and then quit, tmux showed the app's last screen on the normal one (a new user's walk;
        // an xterm discards it either way).
        wclear(window)
        wrefresh(window)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        TerminalGuard.uninstall()
    }

    public var size: Size {
        Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    public var shouldStop: Bool { TerminalGuard.pendingSignal != 0 }
    public var takesWaitingInputTogether: Bool { true }

    /// The quit signal that stopped the loop, or nil.
    public var stopSignal: Int32? {
        let s = TerminalGuard.pendingSignal
        return s == 0 ? nil : s
    }

    public mutating func present(_ buffer: ScreenBuffer) {
        let full = last?.size != buffer.size
        if full { erase() }
        for y in 0..<buffer.size.height {
            for x in 0..<buffer.size.width {
                let cell = buffer[x, y]
                if !full, let last, last[x, y] == cell { continue }
                // A double-width character's second cell: the terminal draws the character over it.
                // (Compared by character: a highlighted row gives it the row's role, and drawn as
                // NUL it showed as `^@` after each wide character of a selected row.)
                if cell.isContinuation { continue }
                draw(cell, x: x, y: y)
            }
        }
        last = buffer
        refresh()
    }

    private func draw(_ cell: Cell, x: Int, y: Int) {
        let role = Int(cell.role.rawValue)
        let pair: Int16 = useColor ? Int16(role) + 1 : 0
        let character = isUnicode ? cell.character : ASCIIFallback.character(for: cell.character)
        let scalars = character.unicodeScalars
        let marks = scalars.dropFirst()
        if !marks.isEmpty, marks.allSatisfy({ [.nonspacingMark, .enclosingMark].contains($0.properties.generalCategory) }) {
            // A letter with its combining marks (e and U+0301): all of it, in its one column (the
            // accent was dropped). Other sequences (joined emoji) keep their first scalar: terminals
            // disagree on their width.
            var whole = scalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
            _ = mlsd_put_scalars(Int32(y), Int32(x), &whole, Int32(whole.count), attributes[role], pair)
        } else {
            _ = mlsd_put(Int32(y), Int32(x), wchar_t(bitPattern: scalars.first?.value ?? 32), attributes[role], pair)
        }
    }

    public mutating func nextMessage(timeoutSeconds: Double) -> Message? {
        wtimeout(window, Int32(timeoutSeconds * 1000))
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE:
                return .resize(size)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                let buttons: [Int32: MouseEvent.Button] = [1: .left, 2: .middle, 3: .right, 4: .wheelUp, 5: .wheelDown]
                guard let button = buttons[mlsd_mouse_button(event.bstate)] else { return nil }
                return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), button: button))
            case KEY_DC: return .key(.delete)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(Int32(ch) - KEY_F0)))
            default: return nil
            }
        }
        guard result == OK, let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
        if scalar.value == 27 { return escapeOrSequence() }
        return .key(Self.decode(scalar))
    }

    /// An ESC alone is Esc; one followed at once by `[` or `O` is a key's sequence curses did not
    /// know for this `TERM` (Home as `ESC [1~` inside tmux), read here to its final byte and mapped
    /// by ``Key/escapeSequence(_:)``, or dropped when it is no key. Anything else after the ESC
    /// (Alt+x) is left to be read next.
    private mutating func escapeOrSequence() -> Message? {
        wtimeout(window, 0)
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        // A key curses did decode (Esc, then an arrow) is put back whole, as a key code.
        if result == KEY_CODE_YES { _ = ungetch(Int32(ch)); return .key(.escape) }
        guard result == OK, let first = Unicode.Scalar(UInt32(ch)) else { return .key(.escape) }
        guard first == "[" || first == "O" else {
            _ = unget_wch(wchar_t(bitPattern: first.value))
            return .key(.escape)
        }
        var text = String(first)
        // Parameters (digits, `;`) then one final byte; SS3 (`O`) has the final byte alone.
        while text.unicodeScalars.count < 16 {
            let r = wget_wch(window, &ch)
            if r == KEY_CODE_YES { _ = ungetch(Int32(ch)); break }
            guard r == OK, let next = Unicode.Scalar(UInt32(ch)) else { break }
            text.unicodeScalars.append(next)
            if first == "O" || !(("0"..."9").contains(next) || next == ";") { break }
        }
        return Key.escapeSequence(text).map { .key($0) }
    }

    /// Maps a typed character to a key: Enter, Tab, Esc, Backspace and Ctrl-letters are keys of their own.
    static func decode(_ scalar: Unicode.Scalar) -> Key {
        switch scalar.value {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(scalar.value + 96) ?? "?"))
        default: return .character(Character(scalar))
        }
    }
}

/// Runs `body` with curses started, and always restores the terminal: on return and on a thrown error.
public func withCursesTerminal<R>(environment: [String: String], theme: Theme, mouse: Bool = true, _ body: (inout CursesTerminal) throws -> R) throws -> R {
    var terminal = try CursesTerminal(environment: environment, theme: theme, mouse: mouse)
    defer { terminal.restore() }
    return try body(&terminal)
}
