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

/// What a note must show to count for a checklist item. Each rule asks for something specific,
/// not a word: a number with a unit, a named metric, a choice with its reason.
public enum EvidenceRule: Hashable, Sendable, Codable {
    /// A sentence (not a keyword list) on the topic: one of the phrases appears in it.
    case topic([String])
    /// A question about the topic (the note contains `?` and one of the phrases), or a stated
    /// figure with a unit of one of the given kinds (`5k qps`, `50 ms`, `2 TB`).
    case questionOrFigure(topic: [String], units: [FigureKind])
    /// A named metric from the list (`AUC`, `precision@k`, `CTR`…), in a sentence.
    case namedMetric([String])
    /// One of the options (a model family, say) and a reason in the same note
    /// (`because`, `since`, `so that`, `given`, …).
    case choiceWithReason([String])
    /// A scenario's key consideration: the note shares enough of its distinctive words (at least
    /// half of them, and at least two when it has two or more).
    case consideration(words: [String])

    /// True when the note is evidence under this rule.
    public func isMet(by note: NoteReading) -> Bool {
        guard !note.isBareList else { return false }
        switch self {
        case .topic(let phrases):
            return note.containsAny(phrases)
        case .questionOrFigure(let topic, let units):
            return (note.isQuestion && note.containsAny(topic)) || note.figures.contains { units.contains($0.kind) }
        case .namedMetric(let names):
            return note.containsAny(names)
        case .choiceWithReason(let options):
            return note.containsAny(options) && note.givesReason
        case .consideration(let words):
            guard !words.isEmpty else { return false }
            let found = words.filter { note.hasStem(of: $0) }.count
            return found * 2 >= words.count && found >= min(2, words.count)
        }
    }
}
