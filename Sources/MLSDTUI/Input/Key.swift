/// A key press, decoded by the terminal layer.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right, enter, escape, tab, backTab, backspace, delete, home, end, pageUp, pageDown
    case function(Int)

    /// How the key is written in hints and help: `enter`, `ctrl-r`, `F1`, `a`.
    public var label: String {
        switch self {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .control(let c): return "ctrl-\(c)"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "del"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .function(let n): return "F\(n)"
        }
    }
}

extension Key {
    /// The key a terminal's escape sequence stands for when curses did not match it: what follows
    /// the ESC (`[1~`, `[H`, `OF`, `[5~`, `[1;5C`). A terminal whose keys do not match its `TERM`
    /// (an `xterm` entry inside tmux, whose Home is `ESC [1~`) handed curses an ESC and then `[1~`
    /// as typed text: Home cancelled an edit, and `[1~` went into a note. Nil for a sequence that
    /// is no key here (Insert, an unknown one), which is dropped rather than typed.
    public static func escapeSequence(_ text: String) -> Key? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "[" || scalars[0] == "O", let final = scalars.last else { return nil }
        // Parameters before the final byte: the first is the key's number (`5` in `[5~`), a
        // second the modifiers (`[1;5C`, ctrl-→), which change nothing here.
        let parameters = String(String.UnicodeScalarView(scalars[1..<(scalars.count - 1)]))
        let number = Int(parameters.split(separator: ";").first ?? "")
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        case "P", "Q", "R", "S": return scalars[0] == "O" || number == 1 ? .function(Int(final.value - 79)) : nil
        case "~":
            switch number {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case 11, 12, 13, 14, 15: return .function(number! - 10)
            case 17, 18, 19, 20, 21: return .function(number! - 11)
            case 23, 24: return .function(number! - 12)
            default: return nil
            }
        default: return nil
        }
    }
}

/// A mouse report from the terminal: a button or the wheel at a cell.
public struct MouseEvent: Hashable, Sendable {
    public enum Button: Hashable, Sendable { case left, middle, right, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var button: Button
    public init(x: Int, y: Int, button: Button) {
        self.x = x
        self.y = y
        self.button = button
    }
}
