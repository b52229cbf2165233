/// Suggestions for misspelt keys and ids, by Levenshtein distance (as argument-parser's `UsageGenerator`).
public enum EditDistance {
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest candidate within a distance of about a third of the word, or nil. A candidate
    /// that shares nothing with a short word is no suggestion (`fallback: zz` was asked "did you
    /// mean 'a'?": two edits, within the floor of 2, but every letter changed).
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            // Fewer edits than the longer of the two has letters: something of the word is kept.
            if d <= limit, d < max(word.count, candidate.count), d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }
}
