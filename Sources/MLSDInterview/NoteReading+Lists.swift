extension NoteReading {
    /// Words that carry nothing on their own at either end of a listed item: articles, the
    /// subject and auxiliary a sentence opens with (`so we will have`), and vague fillers (`for
    /// the whole thing`).
    static let fillerWords: Set<String> = [
        "a", "an", "the", "some", "any", "all", "so", "we", "i", "you", "they", "will", "would", "should", "can", "could", "must",
        "have", "has", "had", "need", "needs", "add", "adds", "use", "uses", "using", "with", "also", "then", "our", "its", "their",
        "of", "for", "about", "like", "good", "proper", "basic", "simple", "nice", "great", "whole", "thing", "things", "stuff",
        "everything", "etc", "too", "as", "well", "it", "is", "are", "be", "there", "do", "does", "lots", "lot", "plenty",
    ]

    /// The words of every phrase the built-in checklists look for, one entry a phrase.
    static let catalogPhrases: Set<[String]> = {
        var phrases = Set<[String]>()
        for item in ChecklistItem.catalog {
            switch item.rule {
            case .topic(let p), .namedMetric(let p), .choiceWithReason(let p), .tradeOff(let p): phrases.formUnion(p.map(words(of:)))
            case .questionOrFigure(let p, _): phrases.formUnion(p.map(words(of:)))
            case .metricOrFigure(let names, let topic, _): phrases.formUnion((names + topic).map(words(of:)))
            case .consideration: break
            }
        }
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
