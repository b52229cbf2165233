/// One note line as the rubric reads it: its words, the figures it states, whether it asks a
/// question or gives a reason, and whether it is a sentence or a bare list of keywords.
///
/// The rule against keyword lists (README "Mock interviews"): a line is a *bare list* when it has
/// fewer than four words, or when fewer than three of its words, or less than 40 % of its words
/// that are not numbers, are words of its own, i.e. not terms the checklists look for (metric and model names, topic words,
/// units). Such a line is kept in the transcript but is evidence for nothing.
public struct NoteReading: Hashable, Sendable {
    public let text: String
    /// Lower-case words, punctuation removed (`PR-AUC` → `pr`, `auc`; `precision@k` → `precision`, `k`).
    public let words: [String]
    public let figures: [NoteFigure]
    /// The words cut into clauses at punctuation (`,` `;` `:` `.` followed by a space, `!`, `?`,
    /// brackets, dashes); ``words`` is these joined.
    let clauses: [[String]]
    /// Positions in ``words`` of checklist terms strung together (``listedPositions(in:)``).
    let listedPositions: Set<Int>

    public init(_ text: String) {
        self.text = text
        clauses = Self.clauses(of: text)
        words = clauses.flatMap { $0 }
        figures = NoteFigure.all(in: text)
        listedPositions = Self.listedPositions(in: clauses)
    }

    /// Lower-case words of a text; letters and digits only, in American spelling
    /// (``americanSpelling(_:)``), so `labelled` matches `labeled` wherever either is written.
    static func words(of text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map { americanSpelling(String($0)) }
    }

    /// A lower-case word in American spelling: `-ise`, `-isation`, `-yse` → `-ize`, `-ization`,
    /// `-yze`; `-lled`, `-lling` → `-led`, `-ling` (in words of seven letters or more); `-our` →
    /// `-or` (six or more); `-tre`, `-bre` → `-ter`, `-ber`; `-logue` → `-log`. Both a note and the
    /// phrases it is matched against go through it, so a word with no American twin (`noise` →
    /// `noize`) still matches itself; what must not happen, two different words meeting, is
    /// rare for these endings.
    static func americanSpelling(_ word: String) -> String {
        guard word.count >= 5, word.allSatisfy({ $0.isLetter && $0.isASCII }) else { return word }
        func swap(_ ending: String, _ american: String) -> String? {
            word.hasSuffix(ending) ? String(word.dropLast(ending.count)) + american : nil
        }
        let endings: [(String, String)] = [("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("ised", "ized"),
                                           ("ises", "izes"), ("isers", "izers"), ("iser", "izer"), ("ise", "ize"),
                                           ("ysing", "yzing"), ("ysed", "yzed"), ("yse", "yze"), ("logues", "logs"), ("logue", "log"),
                                           ("tres", "ters"), ("tre", "ter"), ("bres", "bers"), ("bre", "ber")]
        for (british, american) in endings { if let w = swap(british, american) { return w } }
        if word.count >= 7, !word.hasSuffix("llled") {
            if let w = swap("lled", "led") ?? swap("lling", "ling") { return w }
        }
        if word.count >= 6 {
            if let w = swap("ours", "ors") ?? swap("our", "or") { return w }
        }
        return word
    }

    /// The words of a text in clauses: a comma, full stop or colon ends one only before a space or
    /// the end, so `5,000` and `99.95%` stay whole.
    static func clauses(of text: String) -> [[String]] {
        var out: [[String]] = []
        var current = ""
        let characters = Array(text)
        for (i, c) in characters.enumerated() {
            let next = i + 1 < characters.count ? characters[i + 1] : " "
            let ends = ";!?()[]{}—–…\"".contains(c) || (",.:".contains(c) && next.isWhitespace)
            if ends {
                out.append(words(of: current))
                current = ""
            } else {
                current.append(c)
            }
        }
        out.append(words(of: current))
        return out.filter { !$0.isEmpty }
    }

    public var isQuestion: Bool { text.contains("?") }

    /// True when the note gives a reason with something concrete in it (``reason``).
    public var givesReason: Bool { reason == .given }

    /// True when one of the phrases appears as whole words (`cold start` matches `cold-start`).
    public func containsAny(_ phrases: [String]) -> Bool { !matches(phrases).isEmpty }

    /// The indices of the phrases that appear as whole words.
    public func matches(_ phrases: [String]) -> [Int] {
        phrases.indices.filter { Self.occurrences(of: phrases[$0], in: words).first != nil }
    }

    /// Where a phrase's words start in `words`.
    static func occurrences(of phrase: String, in words: [String]) -> [Int] {
        let p = Self.words(of: phrase)
        guard !p.isEmpty, p.count <= words.count else { return [] }
        return (0...(words.count - p.count)).filter { Array(words[$0..<($0 + p.count)]) == p }
    }

    /// True when a word shares its first five letters (or all, when shorter) with `word`:
    /// `label` finds `labels`, `retrain` finds `retraining`.
    public func hasStem(of word: String) -> Bool {
        let stem = String(word.lowercased().prefix(5))
        return words.contains { $0.hasPrefix(stem) && (stem.count >= 5 || $0 == word.lowercased()) }
    }

    /// Words of its own: not checklist terms, not numbers.
    public var ownWords: [String] {
        words.filter { !Self.vocabulary.contains($0) && !$0.allSatisfy(\.isNumber) && !($0.first?.isNumber ?? false) }
    }

    /// True when the line is a bare list of keywords rather than a sentence (see the type's rule).
    public var isBareList: Bool {
        guard words.count >= 4 else { return true }
        // Figures are substance, not padding: numbers count on neither side.
        let wordsNotNumbers = words.filter { !($0.first?.isNumber ?? false) }.count
        let own = ownWords.count
        return own < 3 || Double(own) < 0.4 * Double(wordsNotNumbers)
    }

    /// The terms a keyword list is made of: every one-word phrase the built-in checklists look for
    /// (`auc`, `qps`, `monitoring`), one-word units, and the usual interview buzzwords. Words of
    /// longer phrases (`at the cost of`) are ordinary words.
    static let vocabulary: Set<String> = {
        var v = Set<String>()
        func add(_ phrases: [String]) { for p in phrases where words(of: p).count == 1 { v.formUnion(words(of: p)) } }
        for item in ChecklistItem.catalog {
            switch item.rule {
            case .topic(let p), .statedGoal(let p), .namedMetric(let p), .choiceWithReason(let p), .tradeOff(let p): add(p)
            case .questionOrFigure(let p, _): add(p)
            case .metricOrFigure(let names, let topic, _): add(names + topic)
            case .consideration: break
            }
        }
        add(NoteFigure.units.map(\.0))
        v.formUnion(["k", "m", "b", "p50", "p90", "p95", "p99", "p999", "metric", "metrics", "model", "models", "design", "system",
                     "offline", "online", "counter", "guardrail", "guardrails", "vs", "etc", "ab", "test", "testing", "embedding", "feature", "store"])
        // Ordinary words that happen to be one-word topic phrases.
        v.subtract(["then", "over", "reads", "writes", "sends", "calls", "reduce", "increase", "fast", "slow", "default", "serve", "served",
                    "s", "h", "min", "day", "days", "second", "seconds", "hour", "hours", "week", "minute", "minutes"])
        return v
    }()
}
