/// The one rule for user text on its way out: to a terminal, a file or a document.
///
/// A scenario file is often someone else's. Its names, labels and notes must never carry a byte
/// that a terminal acts on (ESC starts CSI and OSC sequences, BEL rings, CR overwrites a line,
/// U+009B is a one-byte CSI, U+202E reverses the text after it). So every scalar that is
///
/// - a C0 control other than tab and line feed (U+0000–U+001F), DEL (U+007F) or a C1 control
///   (U+0080–U+009F),
/// - a format character (general category Cf: the bidi embeddings, overrides and isolates
///   U+202A–U+202E and U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width spaces,
///   U+FEFF), except the zero-width joiner U+200D inside emoji sequences,
/// - or a line or paragraph separator (U+2028, U+2029)
///
/// is unsafe. ``escaped(_:)`` replaces each with `?`, which is valid in every format mlsd writes
/// (text, Markdown, CSV, JSON, DOT, Mermaid, YAML). Where a format has a lossless escape, the
/// writer uses it first (diagnostics print `\u{1b}`, JSON `\u001b`), so the rule then finds
/// nothing left to replace.
///
///     SafeText.escaped("evil\u{1B}]0;pwned\u{07}") == "evil?]0;pwned?"
public enum SafeText {
    /// Whether `scalar` must never be written raw.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return v != 0x09 && v != 0x0A }
        if v < 0x7F { return false }
        if v <= 0x9F { return true }
        if v < 0x0600 { return v == 0xAD }                          // soft hyphen, the only Cf below U+0600
        // Arrows, maths, box drawing, blocks, shapes, circled digits (a diagram is mostly these):
        // symbols, no format character or separator among them.
        if v >= 0x2190 && v <= 0x2BFF { return false }
        switch scalar.properties.generalCategory {
        case .format: return v != 0x200D
        case .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Whether `text` has no unsafe scalar. O(n) with an ASCII fast path.
    public static func isSafe(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            if byte >= 0x80 { return !text.unicodeScalars.contains(where: isUnsafe) }
            if byte != 0x09 && byte != 0x0A { return false }
        }
        return true
    }

    /// `text` with every unsafe scalar replaced by `?`.
    public static func escaped(_ text: String) -> String {
        guard !isSafe(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isUnsafe(scalar) ? "?" : scalar) }
        return String(out)
    }

    /// `json` with every unsafe scalar written as a JSON escape `\uXXXX` (UTF-16, so astral
    /// format characters become a surrogate pair). Only for JSON text, where such a scalar can
    /// only be inside a string: the document stays valid and loses nothing.
    public static func jsonEscaped(_ json: String) -> String {
        guard !isSafe(json) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if isUnsafe(scalar) {
                for unit in String(scalar).utf16 { out += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` for prose in a Markdown document: the rule above, then `&`, `<` and `>` as HTML
    /// entities, so that a name cannot inject HTML into the rendered page (`<b>` shows as `<b>`).
    public static func markdown(_ text: String) -> String {
        escaped(text).replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
