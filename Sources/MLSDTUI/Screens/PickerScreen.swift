public import MLSDCore
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
        /// A scenario's requirements in short, as the picker lists them beside it.
        public static func highlights(of s: Scenario) -> [String] {
            let r = s.requirements
            var out: [String] = []
            if let q = r.peakQPS { out.append("peak load \(q)") }
            if let u = r.users { out.append("users: \(u)") }
            // As the verdicts write them: at most the target, in its unit.
            let latency = [("p50", r.latencyP50), ("p95", r.latencyP95), ("p99", r.latencyP99)].compactMap { k, v in v.map { "\(k) ≤ \(FigureFormat.duration(seconds: $0.seconds))" } }
            if !latency.isEmpty { out.append("latency " + latency.joined(separator: ", ")) }
            if let a = r.availability { out.append("availability ≥ \(a)") }
            if let b = r.monthlyBudget { out.append("budget ≤ \(FigureFormat.money(b.perMonth))/month") }
            out.append("\(s.design.components.count) components")
            return out
        }

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
    /// Most recent files listed, as the recent-files list keeps them.
    static let recentLimit = 10

    /// Puts `path` at the top of the recent files, as the runtime records it, so the list is
    /// current when the picker shows again (it showed the list as it was at start).
    mutating func noteRecent(path: String, shownPath: String, scenario: Scenario) {
        choices.removeAll { $0.isRecent && $0.id == path }
        choices.insert(Choice(id: path, name: scenario.name, summary: scenario.summary,
                              highlights: ["file: \(shownPath)"] + Choice.highlights(of: scenario), isRecent: true), at: 0)
        let recent = choices.indices.filter { choices[$0].isRecent }
        for i in recent.dropFirst(Self.recentLimit).reversed() { choices.remove(at: i) }
        selection = 0
    }

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
