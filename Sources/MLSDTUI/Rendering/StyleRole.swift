/// What a cell means; a theme in the terminal layer turns roles into colours and attributes.
public enum StyleRole: UInt8, Hashable, Sendable, CaseIterable {
    case normal, title, dim, selected, border, accent, good, warning, bad, statusBar, key
}

extension StyleRole {
    /// The role's key in theme files (`status_bar` for ``statusBar``).
    public var themeName: String {
        switch self {
        case .statusBar: return "status_bar"
        default: return String(describing: self)
        }
    }
}

extension StyleRole {
    /// One letter per role for role snapshots: `.` normal, `T` title, `d` dim, `S` selected,
    /// `-` border, `a` accent, `g` good, `w` warning, `X` bad, `_` status bar, `k` key.
    public var code: Character {
        switch self {
        case .normal: return "."
        case .title: return "T"
        case .dim: return "d"
        case .selected: return "S"
        case .border: return "-"
        case .accent: return "a"
        case .good: return "g"
        case .warning: return "w"
        case .bad: return "X"
        case .statusBar: return "_"
        case .key: return "k"
        }
    }
}
