/// One timed phase of a mock interview: a budget, prompts to work through and a checklist to score.
public struct Phase: Hashable, Sendable {
    /// Stable id, also the key of a scenario's `reference_answers` (`clarify`, `metrics`, …).
    public var id: String
    public var title: String
    /// Suggested time, seconds: the low and high end of the seeds' range.
    public var minimumSeconds: Double
    public var maximumSeconds: Double
    /// Questions to put to yourself during the phase.
    public var prompts: [String]
    /// What a strong answer covers; each item is found in the notes by any of its keywords.
    public var checklist: [ChecklistItem]

    public init(id: String, title: String, minutes: ClosedRange<Double>, prompts: [String], checklist: [ChecklistItem]) {
        self.id = id
        self.title = title
        self.minimumSeconds = minutes.lowerBound * 60
        self.maximumSeconds = minutes.upperBound * 60
        self.prompts = prompts
        self.checklist = checklist
    }
}

/// Something a phase should cover, recognised in free-text notes by keywords.
public struct ChecklistItem: Hashable, Sendable {
    public var title: String
    /// Lower-case words or phrases; the item counts as covered when the notes contain any of them.
    public var keywords: [String]
    public init(_ title: String, keywords: [String]) {
        self.title = title
        self.keywords = keywords
    }

    /// The first keyword found in the notes (case-insensitive, whole words), or nil.
    public func evidence(in notes: String) -> String? {
        let text = " " + notes.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
        for keyword in keywords {
            let k = " " + keyword.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
            if text.contains(k) { return keyword }
        }
        return nil
    }
}
