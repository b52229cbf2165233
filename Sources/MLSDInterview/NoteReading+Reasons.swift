extension NoteReading {
    /// Whether a note gives a reason, and whether the reason says anything.
    public enum Reason: Hashable, Sendable {
        /// A reason word followed by something concrete: `because the shopper is waiting`.
        case given
        /// A reason word with nothing concrete after it (`because it is good`, `because reasons`);
        /// `marker` is the word, as the rubric quotes it.
        case hollow(marker: String)
        /// No reason word at all.
        case absent
    }

    /// Whether a note names a trade-off, and whether it names what is traded.
    public enum TradeOff: Hashable, Sendable {
        /// Two concrete sides: `a smaller model over a deep network`, `freshness against cost`.
        case named
        /// A trade-off word whose sides are placeholders: `a trade-off between this and that`.
        case vague
        case absent
    }

    /// Words that start a reason: what follows them must hold a concrete word.
    static let causeMarkers = ["because", "since", "given", "as it", "as they", "due to", "in order to", "to keep", "to stay", "to meet",
                               // `as` before what it explains: `as every false decline loses a basket`.
                               "as every", "as each", "as the", "as a", "as an", "as our", "as we", "as most", "as many", "as only",
                               "as no", "as few", "as all", "as new", "as users", "as customers", "as fraud", "as policy", "as latency"]
    /// What a choice costs, stated: a reason of its own for a trade-off (`a smaller model over a
    /// deep network at the cost of some recall`). Not the end of a trade-off's sides.
    static let costMarkers = ["at the cost of", "in exchange for", "which costs", "meaning", "but loses", "but we lose",
                              "losing", "we give up", "we lose", "costs us"]
    /// Words that draw a consequence: the reason is what comes before them in the note, so they
    /// count only after a concrete word (`So we will have…` at the start gives no reason).
    static let consequenceMarkers = ["so that", "so we", "so it", "which means", "otherwise"]

    /// The reason the note gives (README "The rubric"): a reason word (``causeMarkers``) followed
    /// in its clause, up to `and`/`but`/`or`, by a concrete word (``isConcrete(_:)``); or a
    /// consequence word (``consequenceMarkers``) after one; or an arrow (`→`, `->`).
    ///
    ///     NoteReading("XGBoost because it is good").reason                 // .hollow(marker: "because")
    ///     NoteReading("XGBoost because the features are tabular").reason   // .given
    public var reason: Reason {
        if text.contains("→") || text.contains("->") { return .given }
        if explains { return .given }
        var hollow: String?
        var before: [String] = []
        for clause in clauses {
            for marker in Self.causeMarkers + Self.costMarkers {
                for start in Self.occurrences(of: marker, in: clause) {
                    // `such as the`, `the same as a`, `as well as`: no reason.
                    if marker.hasPrefix("as "), start > 0, ["such", "same", "as", "so", "just", "known"].contains(clause[start - 1]) { continue }
                    let after = clause[(start + Self.words(of: marker).count)...].prefix { !["and", "but", "or"].contains($0) }
                    if after.contains(where: Self.isConcrete) { return .given }
                    hollow = hollow ?? marker
                }
            }
            for marker in Self.consequenceMarkers {
                for start in Self.occurrences(of: marker, in: clause) where (before + clause[..<start]).contains(where: Self.isConcrete) {
                    return .given
                }
            }
            before += clause
        }
        return hollow.map { .hollow(marker: $0) } ?? .absent
    }

    /// True when the note explains itself after a colon (`I picked XGBoost: it handles missing
    /// values and scores in 2 ms`) or in a sentence that follows and points back at it (`I would
    /// use boosted trees. They handle tabular features and score in 2 ms on CPU.`): what comes
    /// after has at least three words that say something.
    var explains: Bool {
        func saysEnough(_ tail: Substring) -> Bool {
            Self.words(of: String(tail)).filter { Self.isConcrete($0) && !Self.vagueWords.contains($0) }.count >= 3
        }
        if let colon = text.range(of: ": "), saysEnough(text[colon.upperBound...]) { return true }
        var rest = text[...]
        while let stop = rest.range(of: ". ") {
            let next = rest[stop.upperBound...]
            let first = Self.words(of: String(next.prefix(12))).first ?? ""
            if ["it", "they", "this", "these", "that", "both", "each"].contains(first), saysEnough(next) { return true }
            rest = next
        }
        return false
    }

    /// Whether the note names a trade-off with two concrete sides around one of the phrases:
    /// - `over`, `instead of`, `rather than`, `versus`: a concrete word among the four words before
    ///   it and among the four after it, in its clause;
    /// - `at the cost of`, `give up`: a concrete word among the four after it and another elsewhere;
    /// - `trade-off` and the like: two concrete words in its clause besides it.
    ///
    /// Words after a reason word are the reason, not a side. A bare `over` without two sides is
    /// not called vague: it is as often just a preposition.
    public func tradeOff(_ phrases: [String]) -> TradeOff {
        var found = TradeOff.absent
        let reasonStarts = Set(Self.causeMarkers.map { Self.words(of: $0)[0] })
        for clause in clauses {
            // The sides end where the reason begins.
            let sides = Array(clause.prefix { !reasonStarts.contains($0) })
            for phrase in phrases {
                let length = Self.words(of: phrase).count
                for start in Self.occurrences(of: phrase, in: sides) {
                    let before = sides[..<start], after = sides[(start + length)...]
                    let named: Bool
                    switch Self.words(of: phrase).joined(separator: " ") {
                    case "trade off", "trade offs", "tradeoff", "tradeoffs":
                        named = (before + after).filter(Self.isConcrete).count >= 2
                    case "at the cost of", "gave up", "give up":
                        named = after.prefix(4).contains(where: Self.isConcrete)
                            && (words.filter(Self.isConcrete).count - Self.words(of: phrase).filter(Self.isConcrete).count) >= 2
                    default:
                        named = before.suffix(4).contains(where: Self.isConcrete) && after.prefix(4).contains(where: Self.isConcrete)
                    }
                    if named { return .named }
                    if phrase != "over" { found = .vague }
                }
            }
        }
        return found
    }

    /// True when a word says something on its own: not a pronoun, article, auxiliary or
    /// connective, not a placeholder (`this`, `that`, `thing`, `reasons`) and not a bare verdict
    /// (`good`, `better`, `fast`, `works`). Numbers are concrete.
    static func isConcrete(_ word: String) -> Bool { !emptyWords.contains(word) && !hollowWords.contains(word) }

    static let emptyWords: Set<String> = [
        // Articles, pronouns, placeholders.
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "them", "their", "there", "here", "we", "i", "you", "our",
        "one", "ones", "some", "any", "all", "whole", "thing", "things", "stuff", "something", "anything", "everything", "way", "ways",
        "lot", "lots", "kind", "sort", "other", "another", "x", "y", "etc", "reason", "reasons", "why", "s", "t", "d", "ll", "re", "ve", "m",
        // Auxiliaries and empty verbs, the verbs of choosing.
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "will", "would", "should", "could", "can", "may",
        "might", "must", "has", "have", "had", "get", "gets", "got", "make", "makes", "made", "seems", "seem", "looks", "think", "guess",
        "feel", "isn", "doesn", "don", "won", "chose", "choose", "chosen", "pick", "picked", "prefer", "preferred", "went", "go", "use",
        "used", "using", "take", "took", "accept", "want", "need", "sense",
        // Adverbs, prepositions, connectives.
        "just", "really", "very", "so", "quite", "pretty", "more", "most", "much", "too", "also", "well", "usually", "always",
        "generally", "basically", "obviously", "clearly", "simply", "actually", "probably", "definitely", "overall", "of", "to", "for",
        "in", "on", "at", "by", "with", "as", "than", "then", "between", "and", "or", "but", "if", "not", "no", "like", "about",
        // Verdicts that say nothing about why.
        "good", "great", "better", "best", "nice", "fine", "ok", "okay", "fast", "faster", "fastest", "quick", "quicker", "works",
        "work", "worked", "working", "effective", "efficient", "powerful", "strong", "robust", "simple", "simpler", "easy", "easier",
        "popular", "standard", "common", "cool", "solid", "proven", "performs", "performant", "accurate", "scalable", "reliable",
        "bad", "worse", "worst", "right", "wrong", "important", "matters", "enough",
    ]

    /// Praise and placeholders that give no reason and name no side of a trade-off, though they
    /// can be part of a sentence that says something (`add model replicas`): `because it is the
    /// best model available`, `because everyone uses it`, `option A over option B`, `better for
    /// the business in general`.
    static let hollowWords: Set<String> = [
        "available", "everyone", "everybody", "uses", "business", "general", "option", "options", "approach", "approaches",
        "solution", "solutions", "choice", "choices", "industry", "sota", "modern", "latest", "known", "widely", "famous", "state",
        "art", "model", "models", "typical", "typically", "case", "cases", "simplicity", "complexity", "complex", "flexibility",
        "flexible", "b", "c", "trendy", "hype", "nowadays", "days", "people",
    ]

    /// True when the note repeats `other`: the same or nearly the same words (at least 80 % of
    /// the distinct words of the two are shared).
    public func repeats(_ other: NoteReading) -> Bool {
        let a = Set(words), b = Set(other.words)
        guard !a.isEmpty, !b.isEmpty else { return false }
        if Double(a.intersection(b).count) >= 0.8 * Double(a.union(b).count) { return true }
        // The same idea reworded: 70 % of the shorter note's content words (five at least) are the other's
        // (`the model server falls back to the rules engine when slow`, asked again as a question
        // in the next phase).
        let x = contentWords, y = other.contentWords
        let smaller = min(x.count, y.count)
        return smaller >= 5 && Double(x.intersection(y).count) >= 0.7 * Double(smaller)
    }
}
