/// Terminal column widths of text, after the rules of `wcwidth`: East Asian wide and fullwidth
/// characters and emoji take two columns, everything else printable one.
///
/// The table covers the wide blocks of Unicode's East Asian Width property (W and F) and uses the
/// scalar's `isEmojiPresentation` property for emoji, so it needs no data files.
public enum DisplayWidth {
    /// Columns a character (grapheme cluster) takes in a terminal: 1 or 2.
    ///
    /// Call ``sanitized(_:)`` first: control and zero-width characters are not measured here.
    public static func of(_ character: Character) -> Int {
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        if isWide(first) { return 2 }
        // A text-presentation symbol followed by VS16 (U+FE0F) is drawn as a two-column emoji.
        while let next = scalars.next() { if next.value == 0xFE0F { return 2 } }
        return 1
    }

    /// Columns a string takes in a terminal, summed over its characters.
    ///
    /// - Complexity: O(n) in the number of characters.
    public static func of(_ text: String) -> Int {
        var total = 0
        for ch in text { total += of(ch) }
        return total
    }

    /// `text` cut to at most `width` columns, ending in `…` when anything was cut (a double-width
    /// character that would straddle the end goes too). Cutting by characters left Japanese text
    /// twice too wide, clipped without its `…`.
    public static func cut(_ text: String, toWidth width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = "", used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Whether one scalar is East Asian wide/fullwidth or an emoji in emoji presentation.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        // Fast path for what a TUI draws most: Latin text, arrows, box drawing, blocks and braille
        // (none wide; U+25FD and U+25FE are emoji and take the slow path).
        if v < 0x1100 || (0x2190...0x21FF).contains(v) || (0x2500...0x25FC).contains(v) || (0x2800...0x28FF).contains(v) { return false }
        if scalar.properties.isEmojiPresentation { return true }
        for range in wideRanges where range.contains(v) { return true }
        return false
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x18CFF, 0x1B000...0x1B2FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF,
        0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Text that is safe to print in a terminal cell grid.
    ///
    /// Control characters (C0, DEL, C1), format characters such as bidirectional overrides, and
    /// characters that would start with a zero-width combining mark become `?`; tabs and line
    /// breaks become spaces. Escape sequences therefore never reach the terminal raw. Emoji
    /// sequences joined with U+200D and variation selectors are kept.
    ///
    ///     DisplayWidth.sanitized("evil\u{1B}[31m") == "evil?[31m"
    public static func sanitized(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch == "\t" || ch == "\n" || ch == "\r" || ch == "\r\n" {
                out.append(" ")
                continue
            }
            out.append(isPrintable(ch) ? ch : "?")
        }
        return out
    }

    private static func isPrintable(_ ch: Character) -> Bool {
        var isFirst = true
        for scalar in ch.unicodeScalars {
            let v = scalar.value
            // The output rule first (controls, bidi and other format characters, separators).
            if SafeText.isUnsafe(scalar) { return false }
            switch scalar.properties.generalCategory {
            case .control, .surrogate, .privateUse, .unassigned:
                return false
            case .format:
                // Only the zero-width joiner is left here: harmless inside an emoji sequence.
                if isFirst { return false }
            case .nonspacingMark, .enclosingMark, .spacingMark:
                if isFirst { return false }
            default:
                break
            }
            if isFirst, v >= 0xFE00, v <= 0xFE0F { return false }
            isFirst = false
        }
        return true
    }
}
