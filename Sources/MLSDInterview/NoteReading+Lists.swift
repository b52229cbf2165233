extension NoteReading {
    /// Words that carry nothing on their own at either end of a listed item: articles, the
    /// subject and auxiliary a sentence opens with (`so we will have`), and vague fillers (`for
    /// the whole thing`).
    static let fillerWords: Set<String> = [
        "a", "an", "the", "some", "any", "all", "so", "we", "i", "you", "they", "will", "would", "should", "can", "could", "must",
        "have", "has", "had", "need", "needs", "add", "adds", "use", "uses", "using", "with", "also", "then", "our", "its", "their",
        "of", "for", "about", "like", "good", "proper", "basic", "simple", "nice", "great", "whole", "thing", "things", "stuff",
        "everything", "etc", "too", "as", "well", "it", "is", "are", "be", "there", "do", "does", "lots", "lot", "plenty", "more",
        "extra", "maybe", "perhaps",
    ]

    /// The words of every phrase the built-in checklists look for, one entry a phrase.
    static let catalogPhrases: Set<[String]> = {
        var phrases = Set<[String]>()
        for item in ChecklistItem.catalog {
            switch item.rule {
            case .topic(let p), .statedGoal(let p), .namedMetric(let p), .choiceWithReason(let p), .tradeOff(let p): phrases.formUnion(p.map(words(of:)))
            case .questionOrFigure(let p, _): phrases.formUnion(p.map(words(of:)))
            case .metricOrFigure(let names, let topic, _): phrases.formUnion((names + topic).map(words(of:)))
            case .consideration: break
            }
        }
        // A curveball's mitigations strung together (`more replicas and autoscaling and caching and
        // a fallback`) are a list too.
        phrases.formUnion(Curveball.mitigationWords.map(words(of:)))
        return phrases.filter { !$0.isEmpty }
    }()

    /// Positions in ``words`` of checklist terms strung together with nothing said about them:
    /// `…, and monitoring and drift and cold start and a fallback for the whole thing`. The note is
    /// cut into items at punctuation and at `and`, `or`, `plus`; an item is *bare* when, without
    /// ``fillerWords`` at its ends, it is exactly one checklist phrase; two or more bare items in a
    /// row are a list of terms, and a topic named only there is not discussed (README "The rubric").
    /// `monitor drift and calibration` relates two terms and is no bare item.
    static func listedPositions(in clauses: [[String]]) -> Set<Int> {
        var runs: [[Range<Int>]] = [[]]
        var offset = 0
        for clause in clauses {
            var start = 0
            for i in 0...clause.count where i == clause.count || ["and", "or", "plus"].contains(clause[i]) {
                let item = clause[start..<i]
                start = i + 1
                guard !item.isEmpty else { continue }
                var low = item.startIndex, high = item.endIndex
                while low < high, fillerWords.contains(item[low]) { low += 1 }
                while high > low, fillerWords.contains(item[high - 1]) { high -= 1 }
                if low < high, catalogPhrases.contains(Array(item[low..<high])) {
                    runs[runs.count - 1].append((offset + low)..<(offset + high))
                } else {
                    runs.append([])
                }
            }
            offset += clause.count
        }
        return Set(runs.filter { $0.count >= 2 }.flatMap { $0.flatMap { Array($0) } })
    }

    /// The indices of the phrases that appear as whole words outside a list of terms
    /// (``listedPositions``): what a topic needs to count as discussed.
    func matchesOutsideLists(_ phrases: [String]) -> [Int] {
        let listed = listedPositions   // computed once, when the note is read
        guard !listed.isEmpty else { return matches(phrases) }
        return phrases.indices.filter { k in
            let length = Self.words(of: phrases[k]).count
            return Self.occurrences(of: phrases[k], in: words).contains { start in !(start..<(start + length)).allSatisfy(listed.contains) }
        }
    }
}

extension NoteReading {
    /// Words that deny what follows them in their clause, within five words: `we would never use
    /// caching or autoscaling`, `no fallback`.
    static let negations: Set<String> = ["not", "never", "no", "without", "don", "won", "isn", "aren", "shouldn", "wouldn", "cannot", "nor"]

    /// The indices of the phrases that appear outside a list of terms (``matchesOutsideLists(_:)``)
    /// at least once without a denial among the five words before them in their clause.
    func matchesAffirmed(_ phrases: [String]) -> [Int] {
        let listed = listedPositions
        var clauseStart: [Int] = []   // for each word, where its clause starts
        for clause in clauses { clauseStart += Array(repeating: clauseStart.count, count: clause.count) }
        return phrases.indices.filter { k in
            let length = Self.words(of: phrases[k]).count
            return Self.occurrences(of: phrases[k], in: words).contains { start in
                let from = max(clauseStart[start], start - 5)
                return !(start..<(start + length)).allSatisfy(listed.contains) && !words[from..<start].contains(where: Self.negations.contains)
            }
        }
    }

    /// Why a topic named with nothing said about it earns nothing.
    static let saysNothing = "names the topic but says nothing about it (what, how, when, how much?)"

    /// Why a goal in a goal's vague words earns nothing.
    static let saysNoGoal = "names a goal but not what should go up or down (fraud losses, watch time, tickets resolved…)"

    /// Words a goal is often stated in that say nothing of what it is: `increase success and
    /// improve outcomes for the company`, `maximize value and drive impact for users`, `grow the
    /// business with high quality results` (each earned "stated the business goal").
    static let vagueGoalWords = [
        "success", "successful", "succeed", "outcome", "outcomes", "value", "valuable", "impact", "impactful", "improve", "improves",
        "improved", "improving", "improvement", "better", "best", "great", "good", "performance", "growth", "grow", "growing",
        "quality", "high", "results", "result", "things", "thing", "stuff", "company", "companies", "user", "users", "customer",
        "customers", "experience", "experiences", "drive", "driving", "deliver", "delivering", "make", "making", "achieve", "win",
        "efficiency", "efficient", "effective", "optimal", "optimise", "optimize", "kpi", "kpis", "target", "targets", "numbers",
        "bottom", "line", "stakeholders", "satisfied", "happy", "more", "less", "lot", "lots", "much", "many", "help", "helps",
    ]

    /// Words of substance a note needs besides its topic's own for the topic to count as discussed.
    static let substanceNeeded = 2

    /// Words that fill a sentence without saying anything about its topic: plans to think about
    /// it, reassurance, generic nouns of a system (`the data flow will go from the request through
    /// everything to the response as usual`).
    static let vagueWords: Set<String> = [
        "handle", "handled", "handles", "handling", "deal", "dealt", "address", "addressed", "consider", "considered", "concern", "concerns",
        "care", "careful", "mind", "keep", "kept", "eye", "plan", "planned", "look", "looking", "looked", "into", "properly", "appropriately",
        "appropriate", "somehow", "somewhere", "someone", "somebody", "guess", "maybe", "perhaps", "sure", "real", "needed", "needs",
        "set", "setup", "up", "layer", "picture", "usual", "place", "similar", "along", "lines", "whenever", "happen", "happens",
        "happening", "point", "case", "cases", "issue", "issues", "problem", "problems", "aspect", "aspects", "part", "parts", "piece",
        "various", "different", "certain", "necessary", "relevant", "key", "critical", "crucial", "essential", "ensure", "ensuring",
        "done", "go", "goes", "going", "through", "from", "request", "response", "product", "business", "overall", "general", "around",
        "wrong", "since", "over", "time", "later", "eventually", "soon", "able", "whatever", "needful", "approach", "solution", "think",
        "thinking", "talk", "discuss", "mention", "idea", "ideas", "start", "matter", "matters", "important", "definitely",
        "data", "question", "answer", "answers", "input", "output", "metric", "metrics", "guardrail", "guardrails", "offline", "online",
        "counter", "rate", "rates",
    ]

    /// How many distinct words of substance the note has besides `phrases`' own: words that are
    /// not empty (``emptyWords``; praise such as `model` or `business` may count here, unlike in a
    /// reason), not fillers and not vague (``vagueWords``); numbers count.
    func substance(besides phrases: [String]) -> Int {
        let own = Set(phrases.flatMap(Self.words(of:)))
        return Set(words.filter { !own.contains($0) && !Self.emptyWords.contains($0) && !Self.fillerWords.contains($0) && !Self.vagueWords.contains($0) }).count
    }

    /// The distinct words that carry the note's content (as ``substance(besides:)`` counts them).
    var contentWords: Set<String> {
        Set(words.filter { Self.isConcrete($0) && !Self.fillerWords.contains($0) && !Self.vagueWords.contains($0) && !($0.first?.isNumber ?? false) })
    }
}

extension NoteReading {
    /// True when the note is `other` pasted in, or nearly: 70 % of the distinct words of the two
    /// are shared, or 90 % of `other`'s (of six or more) are in the note (a key consideration
    /// copied from `mlsd show` or the design doc).
    func copies(_ other: NoteReading) -> Bool {
        let a = Set(words), b = Set(other.words)
        guard !a.isEmpty, !b.isEmpty else { return false }
        if Double(a.intersection(b).count) >= 0.7 * Double(a.union(b).count) { return true }
        // Pasted inside a sentence of one's own: 90 % of a longer text's words are there.
        return b.count >= 6 && Double(a.intersection(b).count) >= 0.9 * Double(b.count)
    }
}
