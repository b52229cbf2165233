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
