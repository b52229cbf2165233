/// Word wrapping by display width, for box text and legends.
public enum TextWrap {
    /// Joins two words that must stay on one line (an option and its value, a number and its
    /// unit): ``lines(_:width:)`` never breaks there and writes it as a plain space.
    public static let nonBreakingSpace = "\u{00A0}"

    /// Splits text into lines no wider than `width` columns.
    ///
    /// Breaks at spaces, never at a ``nonBreakingSpace`` (written out as a space); a word wider
    /// than `width` is broken after `_` or `-` where that helps, otherwise between characters.
    /// Never returns an empty array for non-empty text.
    public static func lines(_ text: String, width: Int) -> [String] {
        let wrapped = breakingAtSpaces(text, width: width)
        guard text.contains(nonBreakingSpace) else { return wrapped }
        return wrapped.map { $0.replacingOccurrences(of: nonBreakingSpace, with: " ") }
    }

    private static func breakingAtSpaces(_ text: String, width: Int) -> [String] {
        let width = max(width, 2)
        var out: [String] = []
        var current = ""
        var currentWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            for (n, piece) in pieces(String(word), width: width).enumerated() {
                let w = DisplayWidth.of(piece)
                if currentWidth == 0 {
                    current = piece
                    currentWidth = w
                } else if n == 0, currentWidth + 1 + w <= width {
                    current += " " + piece
                    currentWidth += 1 + w
                } else {
                    out.append(current)
                    current = piece
                    currentWidth = w
                }
            }
        }
        if currentWidth > 0 { out.append(current) }
        return out
    }

    /// A word cut into pieces that each fit `width`, preferring cuts after `_` and `-`.
    private static func pieces(_ word: String, width: Int) -> [String] {
        if DisplayWidth.of(word) <= width { return [word] }
        var out: [String] = []
        var rest = Substring(word)
        while DisplayWidth.of(String(rest)) > width {
            var cut = rest.startIndex
            var lastSeparatorCut: String.Index?
            var used = 0
            var i = rest.startIndex
            while i < rest.endIndex {
                let w = DisplayWidth.of(rest[i])
                if used + w > width { break }
                used += w
                i = rest.index(after: i)
                cut = i
                if rest[rest.index(before: i)] == "_" || rest[rest.index(before: i)] == "-" { lastSeparatorCut = i }
            }
            if let s = lastSeparatorCut, s > rest.startIndex { cut = s }
            if cut == rest.startIndex { cut = rest.index(after: rest.startIndex) }
            out.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty { out.append(String(rest)) }
        return out
    }
}
