/// What a note must show to count for a checklist item. Each rule asks for something specific,
/// not a word: a number with a unit, a named metric, a choice with its reason.
public enum EvidenceRule: Hashable, Sendable, Codable {
    /// A sentence (not a keyword list) on the topic: one of the phrases appears in it, and not only
    /// in a string of terms (``NoteReading/listedPositions``).
    case topic([String])
    /// A goal: as ``topic(_:)``, and what is to go up or down said in concrete words (`cut
    /// chargeback losses without declining good customers`), not in a goal's vague ones (`increase
    /// success and improve outcomes for the company`, ``NoteReading/vagueGoalWords``).
    case statedGoal([String])
    /// A question about the topic (the note contains `?` and one of the phrases), or a stated
    /// figure with a unit of one of the given kinds (`5k qps`, `50 ms`, `2 TB`).
    case questionOrFigure(topic: [String], units: [FigureKind])
    /// A named metric from the list (`AUC`, `precision@k`, `CTR`…), in a sentence.
    case namedMetric([String])
    /// A named metric from `names` in a sentence (`p99 latency`, `TTFT`, `availability`, `cost per
    /// month`), a question on the `topic`, or a stated figure with a unit of one of the given kinds.
    case metricOrFigure(names: [String], topic: [String], units: [FigureKind])
    /// One of the options (a model family, say) and a reason in the same note (`because`,
    /// `since`, `so that`, `given`, …) with something concrete after it: `because it is good`
    /// is no reason (``NoteReading/reason``).
    case choiceWithReason([String])
    /// A trade-off: one of the phrases (`over`, `instead of`, `trade-off`…) with two concrete
    /// sides (`a smaller model over a deep network`, not `this and that`), and a reason
    /// (``NoteReading/tradeOff(_:)``).
    case tradeOff([String])
    /// A scenario's key consideration: the note shares enough of its distinctive words (at least
    /// half of them, and at least two when it has two or more).
    case consideration(words: [String])

    /// How a note stands against a rule.
    public enum Judgement: Hashable, Sendable {
        /// Evidence. A greater `strength` is a closer match: more of the rule's phrases, its first
        /// (most specific) phrases, more figures with the right units.
        case met(strength: Int)
        /// Not evidence; `why` says what the note lacked when it came close (it names a model but
        /// gives no reason), nil when it is simply not about this.
        case missed(why: String?)

        /// True for ``met(strength:)``.
        public var isMet: Bool {
            if case .met = self { return true }
            return false
        }
    }

    /// True when the note is evidence under this rule.
    public func isMet(by note: NoteReading) -> Bool { judge(note).isMet }

    /// Whether the note is evidence under this rule, how closely it matches, or why it is not.
    ///
    /// A bare keyword list (``NoteReading/isBareList``) is never evidence. Pure and deterministic.
    public func judge(_ note: NoteReading) -> Judgement {
        guard !note.isBareList else { return .missed(why: nil) }
        switch self {
        case .topic(let phrases), .statedGoal(let phrases):
            // A topic named only in a string of terms (`monitoring and drift and cold start`) is not
            // discussed; nor is one denied (`we would never cache`), nor one named in a sentence that
            // says nothing about it (`cold start matters and we will handle it properly`).
            let affirmed = note.matchesAffirmed(phrases)
            if let strength = Self.strength(affirmed, of: phrases) {
                let isGoal = if case .statedGoal = self { true } else { false }
                let own = affirmed.map { phrases[$0] }
                if note.substance(besides: isGoal ? own + NoteReading.vagueGoalWords : own) >= NoteReading.substanceNeeded { return .met(strength: strength) }
                // A goal said in vague words, or nothing said at all (`the goal is to increase revenue`).
                return .missed(why: isGoal && note.substance(besides: own) >= NoteReading.substanceNeeded ? NoteReading.saysNoGoal : NoteReading.saysNothing)
            }
            if !note.matchesOutsideLists(phrases).isEmpty { return .missed(why: "named only to be ruled out (not, never, no…)") }
            return .missed(why: note.containsAny(phrases) ? "named only in a list of terms (say something about it)" : nil)
        case .namedMetric(let phrases):
            // Named and said something about: what it measures, on what, or why (`we will look at
            // recall or something similar` names a metric and says nothing).
            let named = note.matchesAffirmed(phrases)
            guard let strength = Self.strength(named, of: phrases) else { return .missed(why: nil) }
            // Two metrics named side by side say something of each other (`the thumbs-up rate and
            // deflected tickets`); a phrase inside another (`thumbs up` in `thumbs up rate`) is one.
            let texts = named.map { " " + NoteReading.words(of: phrases[$0]).joined(separator: " ") + " " }
            let distinct = texts.filter { t in !texts.contains { $0 != t && $0.contains(t) } }.count
            return note.substance(besides: named.map { phrases[$0] }) + max(0, distinct - 1) >= NoteReading.substanceNeeded ? .met(strength: strength)
                : .missed(why: "names the metric but says nothing about it (on what, measured how, why this one?)")
        case .questionOrFigure(let topic, let units):
            let matched = note.matches(topic)
            let figures = note.figures.filter { units.contains($0.kind) && !$0.isBeyondALatency }.count
            guard (note.isQuestion && !matched.isEmpty) || figures > 0 else { return .missed(why: nil) }
            return .met(strength: (Self.strength(matched, of: topic) ?? 0) + 150 * min(figures, 3))
        case .metricOrFigure(let names, let topic, let units):
            let named = Self.strength(note.matches(names), of: names)
            let asked = note.isQuestion ? Self.strength(note.matches(topic), of: topic) : nil
            // A percentage is a system figure when it reads as one (an availability of 90 % or more,
            // or beside availability or errors), not any share (`fraud is under 1% of payments`).
            let aboutAvailability = note.containsAny(["availability", "available", "uptime", "error", "errors", "error rate", "sla", "slo", "success"])
            let figures = note.figures.filter { units.contains($0.kind) && !$0.isBeyondALatency && ($0.kind != .percentage || $0.value >= 0.9 || aboutAvailability) }.count
            guard named != nil || asked != nil || figures > 0 else { return .missed(why: nil) }
            return .met(strength: (named ?? 0) + (asked ?? 0) + 150 * min(figures, 3))
        case .choiceWithReason(let options):
            guard let strength = Self.strength(note.matches(options), of: options) else { return .missed(why: nil) }
            switch note.reason {
            case .given: return .met(strength: strength)
            case .hollow(let marker): return .missed(why: "no reason given after '\(marker)'")
            case .absent: return .missed(why: "names a choice but gives no reason (because, since, so that…)")
            }
        case .tradeOff(let phrases):
            switch note.tradeOff(phrases) {
            case .absent: return .missed(why: nil)
            case .vague: return .missed(why: "names no two concrete sides of the trade-off (what was chosen over what)")
            case .named:
                switch note.reason {
                case .given: return .met(strength: Self.strength(note.matches(phrases), of: phrases) ?? 1)
                case .hollow(let marker): return .missed(why: "no reason given after '\(marker)'")
                case .absent: return .missed(why: "names the trade-off but gives no reason (because, since, so that…)")
                }
            }
        case .consideration(let words):
            guard !words.isEmpty else { return .missed(why: nil) }
            let found = words.filter { note.hasStem(of: $0) }.count
            return found * 2 >= words.count && found >= min(2, words.count) ? .met(strength: found * 100) : .missed(why: nil)
        }
    }

    /// 100 for each phrase found, plus up to 99 for how early in the list the first one found is
    /// (lists run from the most to the least specific phrase); nil when none is found.
    private static func strength(_ matched: [Int], of phrases: [String]) -> Int? {
        guard let first = matched.min() else { return nil }
        return matched.count * 100 + max(0, 99 - first * 99 / max(phrases.count, 1))
    }
}
