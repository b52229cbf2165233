public import MLSDCore

/// What the design itself shows, judged by the rubric beside the notes, and what the candidate
/// changed: design checks earn credit only for what the candidate built or changed.
public struct DesignEvidence: Hashable, Sendable {
    /// Has a monitoring/logging component.
    public var hasMonitoring: Bool
    /// Models on the request path (model servers, rankers, LLM servers) that no fallback covers:
    /// neither their own nor one on every caller that reaches them (``FallbackCoverage``).
    public var modelServersWithoutFallback: [String]
    /// Requirements checked in simulation: name and whether it passed. Empty when not simulated.
    public var requirementChecks: [RequirementCheck]
    /// Components added or changed against the reference design (all of them when there is none).
    public var changedComponents: Set<String>
    /// True when the design is the reference design, unchanged.
    public var isUntouched: Bool
    /// The same checks on the reference design (nil: the candidate started from nothing).
    public var referenceHadMonitoring: Bool?
    public var referenceModelServersWithoutFallback: [String]?
    /// Model servers on the request path (whose fallbacks the fallback check judges).
    public var modelServersOnPath: [String]
    /// Model servers on the request path that the candidate added or gave a different fallback.
    public var modelServersWithNewFallbacks: [String]

    public struct RequirementCheck: Hashable, Sendable {
        public var name: String
        public var passed: Bool
        /// For a miss, the figure against the target: `51 ms, target ≤ 50 ms`.
        public var detail: String?
        public init(name: String, passed: Bool, detail: String? = nil) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    /// The structural checks read from a design, against the reference design it started from.
    ///
    /// - Parameters:
    ///   - design: the candidate's design.
    ///   - reference: the design as given (the scenario's), or nil when the candidate built it from nothing.
    public init(design: Design, reference: Design?) {
        let (monitored, onPath, withoutFallback) = Self.facts(design)
        hasMonitoring = monitored
        modelServersOnPath = onPath
        modelServersWithoutFallback = withoutFallback
        requirementChecks = []
        if let reference {
            let (m, _, w) = Self.facts(reference)
            referenceHadMonitoring = m
            referenceModelServersWithoutFallback = w
            var changed = Set<String>()
            for c in design.components where reference[c.id] != c { changed.insert(c.id) }
            isUntouched = changed.isEmpty && design == reference
            changedComponents = changed
            modelServersWithNewFallbacks = FallbackCoverage(design).changedAgainst(reference, in: design)
        } else {
            referenceHadMonitoring = nil
            referenceModelServersWithoutFallback = nil
            changedComponents = Set(design.components.map(\.id))
            isUntouched = false
            modelServersWithNewFallbacks = onPath
        }
    }

    private static func facts(_ design: Design) -> (Bool, [String], [String]) {
        let monitored = design.components.contains { $0.kind == .monitor }
        let coverage = FallbackCoverage(design)
        return (monitored, coverage.models, coverage.uncovered)
    }
}

/// One design check: whether it holds, whether it earns credit (the candidate made it hold), and why.
public struct DesignCheck: Hashable, Sendable {
    public var name: String
    public var passed: Bool
    /// True when it passed because of what the candidate built or changed.
    public var credited: Bool
    public var detail: String
}

/// The score of a finished interview, phase by phase, with the note that earned each mark.
///
/// Scoring (README "Mock interviews"): each checklist item needs specific evidence in one note line
/// (``EvidenceRule``); a line that is a bare keyword list earns nothing, a line that repeats an
/// earlier one (``NoteReading/repeats(_:)``) earns nothing, and one line earns at most
/// ``maximumItemsPerNote`` items of a phase. A phase scores 80 % for its checklist and 20 % for time,
/// the time part only when the phase earned at least one item. The total is 25 % design checks
/// (which earn only for what the candidate built or changed), 15 % the scenario's key
/// considerations, 10 % stated numbers the simulation agrees with and 10 % the curveball (each
/// when there is one), and the rest the phases' average.
public struct Rubric: Hashable, Sendable {
    /// A line can be evidence for at most this many items of one phase.
    public static let maximumItemsPerNote = 3

    public struct PhaseScore: Hashable, Sendable {
        public var phase: Phase
        /// Checklist items with the note line that showed each (nil when missing).
        public var items: [ItemScore]
        public var secondsUsed: Double
        /// 0–1: share of checklist items covered.
        public var coverage: Double
        /// 0–1: 0 under a quarter of the minimum budget (skipped or rushed) or with nothing
        /// covered, 1 up to the maximum, falling linearly to 0 at twice the maximum.
        public var timeScore: Double
        /// 0–100: 80 % coverage, 20 % time.
        public var score: Double
        /// Notes of the phase that earned nothing, with why: a repeat of an earlier note, a keyword list.
        public var unearned: [NoteVerdict] = []
    }

    /// A checklist item and the note line that earned it (nil: missed).
    public struct ItemScore: Hashable, Sendable {
        public var item: ChecklistItem
        public var evidence: String?
        /// For a missed item, the first note that came close and what it lacked (`no reason given after 'because'`).
        public var nearMiss: NoteVerdict?
    }

    /// A note and why it did not earn (an item, or anything).
    public struct NoteVerdict: Hashable, Sendable {
        public var note: String
        public var why: String
    }

    /// Why a note that repeats an earlier one earns nothing.
    public static let repeatedNote = "repeats an earlier note"
    /// Why a bare keyword list earns nothing.
    public static let keywordList = "a list of keywords, not a sentence"
    /// Why a key consideration pasted in earns nothing.
    public static let pastedConsideration = "the scenario's key consideration pasted in, not your own words"
    /// Why a note that touched none of the phase's items earns nothing.
    public static let offTopic = "gives evidence for none of this phase's items"

    public var phases: [PhaseScore]
    /// The scenario's key considerations, each earned by a note anywhere in the interview.
    public var considerations: [ItemScore]
    /// Design checks with pass/fail, credit and a reason.
    public var designChecks: [DesignCheck]
    /// 0–100 part scores.
    public var phaseScore: Double
    public var considerationScore: Double?
    /// 0–100: share of stated numbers the simulation agrees with; nil when none were compared.
    public var statedScore: Double?
    /// The curveball and how it was answered, when there was one.
    public var curveball: CurveballOutcome?
    public var designScore: Double
    /// 0–100.
    public var total: Double
    /// What makes up ``total``, in the order the transcript names them: each part's 0–100 score
    /// and its weight (the weights add up to 1).
    public var parts: [Part] = []

    /// One weighted part of the total.
    public struct Part: Hashable, Sendable {
        public var name: String
        public var score: Double
        public var weight: Double
    }

    /// The parts as the transcript's score line gives them: `notes 72 × 50%, key considerations
    /// 100 × 15%, your numbers 67 × 10%, curveball 50 × 10%, design 0 × 25%`, so the total can be
    /// worked out from what is printed.
    public var partsText: String {
        parts.map { "\($0.name) \(Int($0.score.rounded())) × \(Int(($0.weight * 100).rounded()))%" }.joined(separator: ", ")
    }

    /// Scores a session against its plan, the scenario's key considerations and the design's evidence. Deterministic.
    public init(session: InterviewSession, evidence: DesignEvidence, considerations: [String] = [], stated: [StatedComparison] = [],
                curveball: CurveballOutcome? = nil) {
        self.curveball = curveball
        // A note that repeats an earlier one, in any phase, earns nothing more: pasting a line
        // again must not get round the limit of items per note.
        var earlier: [NoteReading] = []
        // A custom plan may give two phases one id (and so one set of notes): the first reading stands.
        let pasted = Self.pastable(considerations)
        let repeated: [String: [Bool]] = Dictionary(session.plan.phases.map { phase in
            (phase.id, Self.repeats((session.notes[phase.id] ?? "").split(separator: "\n").map { NoteReading(String($0)) }, after: &earlier))
        }, uniquingKeysWith: { first, _ in first })
        phases = session.plan.phases.enumerated().map { index, phase in
            let lines = (session.notes[phase.id] ?? "").split(separator: "\n").map(String.init)
            let readings = lines.map(NoteReading.init)
            // A key consideration pasted in is the scenario's thought, not the candidate's: it earns nothing.
            let isPasted = readings.map { reading in pasted.contains { reading.copies($0) } }
            let isRepeat = zip(repeated[phase.id] ?? [], isPasted).map { $0 || $1 }
            let judgements = phase.checklist.map { item in readings.map { item.rule.judge($0) } }
            let chosen = Self.assignEvidence(judgements, excluding: isRepeat)
            let items = phase.checklist.enumerated().map { index, item -> ItemScore in
                if let line = chosen[index] { return ItemScore(item: item, evidence: lines[line]) }
                let near = readings.indices.lazy.compactMap { i -> NoteVerdict? in
                    guard !isRepeat[i], case .missed(let why?) = judgements[index][i] else { return nil }
                    return NoteVerdict(note: lines[i], why: why)
                }.first
                return ItemScore(item: item, evidence: nil, nearMiss: near)
            }
            // Every note that earned no item of the phase, with the closest reason it came to one.
            let unearned = Self.unearned(phase: phase, lines: lines, readings: readings, isPasted: isPasted, isRepeat: isRepeat,
                                         judgements: judgements, chosen: chosen).compactMap { $0 }
            let covered = items.filter { $0.evidence != nil }.count
            let coverage = items.isEmpty ? 0 : Double(covered) / Double(items.count)
            let used = index < session.secondsByPhase.count ? session.secondsByPhase[index] : 0
            let timeScore: Double
            if covered == 0 || used < phase.minimumSeconds / 4 {
                // Nothing shown, or skipped or rushed: no credit for the clock alone.
                timeScore = 0
            } else if used <= phase.maximumSeconds {
                timeScore = 1
            } else {
                timeScore = max(0, 1 - (used - phase.maximumSeconds) / phase.maximumSeconds)
            }
            return PhaseScore(phase: phase, items: items, secondsUsed: used, coverage: coverage, timeScore: timeScore,
                              score: (coverage * 0.8 + timeScore * 0.2) * 100, unearned: unearned)
        }
        let allLines = session.allNoteLines
        let allReadings = allLines.map(NoteReading.init)
        self.considerations = considerations.enumerated().map { i, text in
            let item = ChecklistItem.consideration(text, index: i)
            let own = NoteReading(text)
            // The closest match, the earlier note on a tie; the consideration pasted in (`mlsd show`
            // and the design doc print it) is not the candidate's own thought.
            let found = allReadings.indices.compactMap { i -> (Int, Int)? in
                guard !allReadings[i].copies(own), case .met(let strength) = item.rule.judge(allReadings[i]) else { return nil }
                return (i, strength)
            }.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }
            return ItemScore(item: item, evidence: found.map { allLines[$0.0] })
        }
        designChecks = Self.designChecks(evidence)
        phaseScore = phases.isEmpty ? 0 : phases.map(\.score).reduce(0, +) / Double(phases.count)
        considerationScore = self.considerations.isEmpty ? nil
            : Double(self.considerations.filter { $0.evidence != nil }.count) / Double(self.considerations.count) * 100
        designScore = designChecks.isEmpty ? 0 : Double(designChecks.filter(\.credited).count) / Double(designChecks.count) * 100
        statedScore = stated.isEmpty ? nil : Double(stated.filter { $0.verdict == .agrees }.count) / Double(stated.count) * 100
        // Weights: design 25, key considerations 15 and stated numbers 10 when there are any; notes the rest.
        var weighted: [Part] = []
        if let c = considerationScore { weighted.append(Part(name: "key considerations", score: c, weight: 0.15)) }
        if let n = statedScore { weighted.append(Part(name: "your numbers", score: n, weight: 0.10)) }
        if let c = curveball { weighted.append(Part(name: "curveball", score: c.score, weight: 0.10)) }
        weighted.append(Part(name: "design", score: designScore, weight: 0.25))
        weighted.insert(Part(name: "notes", score: phaseScore, weight: 1 - weighted.map(\.weight).reduce(0, +)), at: 0)
        parts = weighted
        total = weighted.map { $0.score * $0.weight }.reduce(0, +).rounded()
    }

    /// Whether each note repeats one before it (in `earlier`, or above it); adds the notes to `earlier`.
    static func repeats(_ readings: [NoteReading], after earlier: inout [NoteReading]) -> [Bool] {
        readings.map { reading in
            defer { earlier.append(reading) }
            return earlier.contains { reading.repeats($0) }
        }
    }

    /// The live checklist of the phase at `phaseIndex` while its notes are written (`notes`, the
    /// line being typed included): for each checklist item, the note line that earns it as the
    /// finished interview's rubric will choose it, or nil. So the ticks agree with the score: a note
    /// repeating an earlier one (in an earlier phase or above it) earns nothing, and one line earns
    /// at most ``maximumItemsPerNote`` items.
    public static func liveEvidence(session: InterviewSession, phaseIndex: Int, notes: String, considerations: [String] = []) -> [String?] {
        guard let live = LiveReading(session: session, phaseIndex: phaseIndex, notes: notes, considerations: considerations) else { return [] }
        return live.chosen.map { $0.map { live.lines[$0] } }
    }

    /// A phase's notes read as the finished rubric will read them, while they are written.
    struct LiveReading {
        var phase: Phase
        var lines: [String]
        var readings: [NoteReading]
        var isPasted: [Bool]
        var isRepeat: [Bool]
        var judgements: [[EvidenceRule.Judgement]]
        var chosen: [Int?]

        init?(session: InterviewSession, phaseIndex: Int, notes: String, considerations: [String]) {
            guard session.plan.phases.indices.contains(phaseIndex) else { return nil }
            phase = session.plan.phases[phaseIndex]
            var earlier: [NoteReading] = []
            var seen: Set<String> = [phase.id]
            for before in session.plan.phases[..<phaseIndex] where seen.insert(before.id).inserted {
                _ = Rubric.repeats((session.notes[before.id] ?? "").split(separator: "\n").map { NoteReading(String($0)) }, after: &earlier)
            }
            lines = notes.split(separator: "\n").map(String.init)
            readings = lines.map(NoteReading.init)
            let pasted = Rubric.pastable(considerations)
            isPasted = readings.map { reading in pasted.contains { reading.copies($0) } }
            isRepeat = zip(Rubric.repeats(readings, after: &earlier), isPasted).map { $0 || $1 }
            let readings = readings
            judgements = phase.checklist.map { item in readings.map { item.rule.judge($0) } }
            chosen = Rubric.assignEvidence(judgements, excluding: isRepeat)
        }
    }

    /// For each note, why it earned no item of `phase` (nil when it earned one): pasted, repeated,
    /// a keyword list, or the closest reason it came to an item.
    static func unearned(phase: Phase, lines: [String], readings: [NoteReading], isPasted: [Bool], isRepeat: [Bool],
                         judgements: [[EvidenceRule.Judgement]], chosen: [Int?]) -> [NoteVerdict?] {
        var uses = Array(repeating: 0, count: lines.count)
        for line in chosen.compactMap({ $0 }) { uses[line] += 1 }
        return lines.indices.map { i -> NoteVerdict? in
            guard uses[i] == 0 else { return nil }
            if isPasted[i] { return NoteVerdict(note: lines[i], why: Self.pastedConsideration) }
            if isRepeat[i] { return NoteVerdict(note: lines[i], why: Self.repeatedNote) }
            if readings[i].isBareList { return NoteVerdict(note: lines[i], why: Self.keywordList) }
            let why = judgements.indices.lazy.compactMap { k -> String? in
                guard case .missed(let why?) = judgements[k][i] else { return nil }
                return "\(ChecklistItem.shortTitle(phase.checklist[k].title)): \(why)"
            }.first
            return NoteVerdict(note: lines[i], why: why ?? Self.offTopic)
        }
    }

    /// Why the last of `notes` earns nothing in the phase at `phaseIndex`, as the rubric will say
    /// it (``PhaseScore/unearned``), or nil when it earns an item: what the TUI says when a note is
    /// added, so a note that names a metric and says nothing about it is told so then, not only in
    /// the rubric ("counter metric: false decline rate" ticked nothing, with no word why).
    public static func liveUnearned(session: InterviewSession, phaseIndex: Int, notes: String, considerations: [String] = []) -> NoteVerdict? {
        guard let live = LiveReading(session: session, phaseIndex: phaseIndex, notes: notes, considerations: considerations) else { return nil }
        return unearned(phase: live.phase, lines: live.lines, readings: live.readings, isPasted: live.isPasted, isRepeat: live.isRepeat,
                        judgements: live.judgements, chosen: live.chosen).last ?? nil
    }

    /// The items the last of `notes` qualifies for but does not earn because it already earns
    /// ``maximumItemsPerNote`` (short titles, in checklist order; empty when none): what the TUI
    /// says when such a note is added, as the limit was only in the README.
    public static func liveOverLimit(session: InterviewSession, phaseIndex: Int, notes: String, considerations: [String] = []) -> [String] {
        guard let live = LiveReading(session: session, phaseIndex: phaseIndex, notes: notes, considerations: considerations),
              let last = live.lines.indices.last else { return [] }
        guard live.chosen.filter({ $0 == last }).count >= maximumItemsPerNote else { return [] }
        return live.judgements.indices.filter { k in live.chosen[k] == nil && live.judgements[k][last].isMet }
            .map { ChecklistItem.shortTitle(live.phase.checklist[$0].title) }
    }

    /// What a note may paste from the scenario: each key consideration, and each of its halves
    /// around a `;` (half of one pasted earned a checklist item).
    static func pastable(_ considerations: [String]) -> [NoteReading] {
        considerations.flatMap { text -> [NoteReading] in
            let parts = text.split(separator: ";").map(String.init)
            return ([text] + (parts.count > 1 ? parts : [])).map(NoteReading.init)
        }
    }

    /// The note line chosen as evidence for each item (nil: missed), from `judgements[item][line]`.
    ///
    /// Each item takes the line that matches it best (``EvidenceRule/Judgement/met(strength:)``,
    /// the earlier line on a tie), and a line serves at most ``maximumItemsPerNote`` items. When a
    /// line is full, an item it serves moves to its next best line if that frees room (augmenting
    /// paths, as in Kuhn's matching), so as many items as possible are earned.
    ///
    /// - Complexity: O(items² × lines²) at worst; a phase has under ten items and a few dozen lines.
    static func assignEvidence(_ judgements: [[EvidenceRule.Judgement]], excluding excluded: [Bool]) -> [Int?] {
        let candidates: [[Int]] = judgements.map { row in
            row.enumerated().compactMap { line, judgement -> (Int, Int)? in
                guard !excluded[line], case .met(let strength) = judgement else { return nil }
                return (line, strength)
            }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map(\.0)
        }
        var chosen = [Int?](repeating: nil, count: judgements.count)
        var served = [[Int]](repeating: [], count: excluded.count)
        func place(_ item: Int, visited: inout Set<Int>) -> Bool {
            for line in candidates[item] where !visited.contains(line) {
                visited.insert(line)
                if served[line].count < maximumItemsPerNote {
                    served[line].append(item)
                    chosen[item] = line
                    return true
                }
                for other in served[line] where place(other, visited: &visited) {
                    served[line].removeAll { $0 == other }
                    served[line].append(item)
                    chosen[item] = line
                    return true
                }
            }
            return false
        }
        for item in judgements.indices {
            var visited = Set<Int>()
            _ = place(item, visited: &visited)
        }
        return chosen
    }

    static func designChecks(_ e: DesignEvidence) -> [DesignCheck] {
        func credit(_ passed: Bool, heldBefore: Bool?, touched: Bool) -> (Bool, String?) {
            guard passed else { return (false, nil) }
            if e.isUntouched { return (false, "the reference design, unchanged: no credit") }
            if heldBefore == true, !touched { return (false, "already in the reference design: no credit") }
            return (true, nil)
        }
        var checks: [DesignCheck] = []
        let monitors = e.hasMonitoring
        let (mc, mnote) = credit(monitors, heldBefore: e.referenceHadMonitoring, touched: false)
        checks.append(DesignCheck(name: "has monitoring", passed: monitors, credited: mc,
                                  detail: (monitors ? "a monitor component is in the design" : "no monitor or logging component") + (mnote.map { " (\($0))" } ?? "")))
        let fallbacks = e.modelServersWithoutFallback.isEmpty
        // Credit for fallbacks the candidate added or changed, not for tuning a model that had one.
        let touched = !e.modelServersWithNewFallbacks.isEmpty
        let (fc, fnote) = credit(fallbacks, heldBefore: e.referenceModelServersWithoutFallback.map(\.isEmpty), touched: touched)
        checks.append(DesignCheck(name: "fallback on the critical path", passed: fallbacks, credited: fc,
                                  detail: (fallbacks ? "every model on the request path has a fallback" : "no fallback for: " + e.modelServersWithoutFallback.joined(separator: ", "))
                                    + (fnote.map { " (\($0))" } ?? "")))
        if !e.requirementChecks.isEmpty {
            let missed = e.requirementChecks.filter { !$0.passed }.map { $0.name + ($0.detail.map { " (\($0))" } ?? "") }
            let (rc, rnote) = credit(missed.isEmpty, heldBefore: nil, touched: true)
            checks.append(DesignCheck(name: "meets the scenario's requirements in simulation", passed: missed.isEmpty, credited: rc,
                                      detail: (missed.isEmpty ? "all \(e.requirementChecks.count) requirements met" : "missed: " + missed.joined(separator: ", "))
                                        + (rnote.map { " (\($0))" } ?? "")))
        }
        return checks
    }
}

extension ChecklistItem {
    /// A checklist title without its bracketed hint: `chose a model family and said why`.
    static func shortTitle(_ title: String) -> String {
        guard title.hasSuffix(")"), let open = title.range(of: " (", options: .backwards) else { return title }
        return String(title[..<open.lowerBound])
    }

    /// A checklist item for one of a scenario's `key_considerations`: earned by a note sharing
    /// enough of its distinctive words (``EvidenceRule/consideration(words:)``).
    public static func consideration(_ text: String, index: Int) -> ChecklistItem {
        let stop: Set<String> = ["the", "and", "that", "this", "with", "from", "into", "when", "what", "which", "must", "need", "needs",
                                 "both", "well", "under", "over", "than", "then", "they", "them", "their", "there", "have", "has", "are",
                                 "for", "not", "but", "can", "will", "would", "should", "could", "more", "most", "less", "much", "many",
                                 "each", "every", "also", "only", "very", "such", "some", "other", "care", "expect", "often", "within", "while"]
        var seen = Set<String>()
        let words = NoteReading.words(of: text).filter { $0.count >= 4 && !stop.contains($0) && !$0.allSatisfy(\.isNumber) }
            .filter { seen.insert(String($0.prefix(5))).inserted }
        return ChecklistItem(id: "consideration_\(index + 1)", title: text, rule: .consideration(words: Array(words.prefix(6))))
    }
}
