/// One timed phase of a mock interview: a budget, prompts to work through and a checklist to score.
public struct Phase: Hashable, Sendable, Codable {
    /// Stable id, also the key of a scenario's `reference_answers` (`clarify`, `metrics`, …).
    public var id: String
    public var title: String
    /// Suggested time, seconds: the low and high end of the seeds' range.
    public var minimumSeconds: Double
    public var maximumSeconds: Double
    /// Questions to put to yourself during the phase.
    public var prompts: [String]
    /// What a strong answer covers; each item names the evidence it needs (``EvidenceRule``).
    public var checklist: [ChecklistItem]

    public init(id: String, title: String, minutes: ClosedRange<Double>, prompts: [String], checklist: [ChecklistItem]) {
        self.id = id
        self.title = title
        self.minimumSeconds = minutes.lowerBound * 60
        self.maximumSeconds = minutes.upperBound * 60
        self.prompts = prompts
        self.checklist = checklist
    }

    /// The suggested time as the transcript and the CLI print it: `5:00` for a phase of one fixed
    /// length, `5:00–10:00` for a range.
    public var budgetText: String {
        minimumSeconds == maximumSeconds
            ? InterviewSession.clock(minimumSeconds)
            : InterviewSession.clock(minimumSeconds) + "–" + InterviewSession.clock(maximumSeconds)
    }
}

/// Something a phase should cover, and the evidence a note must show for it.
public struct ChecklistItem: Hashable, Sendable, Codable {
    /// Stable id (`scale`, `offline_metric`, …), the name custom plans use.
    public var id: String
    public var title: String
    public var rule: EvidenceRule

    public init(id: String, title: String, rule: EvidenceRule) {
        self.id = id
        self.title = title
        self.rule = rule
    }

    /// The first note line (of several, one per line) that is evidence for this item, or nil.
    ///
    /// A line that reads as a bare list of keywords (``NoteReading/isBareList(_:)``) is never evidence.
    public func evidence(in notes: String) -> String? {
        for line in notes.split(separator: "\n") where rule.isMet(by: NoteReading(String(line))) {
            return String(line)
        }
        return nil
    }
}
