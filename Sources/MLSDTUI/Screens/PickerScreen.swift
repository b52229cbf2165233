/// The scenario list: recent files first, then the shipped and the user's scenarios.
public struct PickerScreen: Sendable, Equatable {
    /// A row of the list.
    public struct Choice: Sendable, Equatable {
        /// A shipped id, or a path for a file.
        public var id: String
        public var name: String
        public var summary: String
        /// Short requirement lines shown beside the list (`p99 < 50ms`, `5k/s peak`).
        public var highlights: [String]
        /// True for a recently opened or saved file.
        public var isRecent: Bool
        public init(id: String, name: String, summary: String, highlights: [String] = [], isRecent: Bool = false) {
            self.id = id
            self.name = name
            self.summary = summary
            self.highlights = highlights
            self.isRecent = isRecent
        }
    }

    public var choices: [Choice]
    public var selection = 0

    public init(choices: [Choice]) { self.choices = choices }

    /// Moves the highlight; returns nothing to do.
    mutating func move(_ action: Action, page: Int) {
        guard !choices.isEmpty else { return }
        switch action {
        case .up: selection = max(selection - 1, 0)
        case .down: selection = min(selection + 1, choices.count - 1)
        case .top: selection = 0
        case .bottom: selection = choices.count - 1
        case .pageUp: selection = max(selection - page, 0)
        case .pageDown: selection = min(selection + page, choices.count - 1)
        default: break
        }
    }
}
