/// ASCII stand-ins for the box-drawing, block and symbol characters the TUI draws, for terminals
/// whose locale is not UTF-8 (where wide characters would vanish).
public enum ASCIIFallback {
    /// Every character of `text` through ``character(for:)``: one column each, so columns stay
    /// aligned (the CLI's reports under a locale that is not UTF-8).
    public static func text(_ text: String) -> String {
        String(text.map(character(for:)))
    }

    /// The character itself when it is ASCII, else its stand-in (`─`→`-`, `│`→`|`, corners→`+`, `█`→`#`).
    public static func character(for c: Character) -> Character {
        guard let scalar = c.unicodeScalars.first, scalar.value >= 0x80 else { return c }
        switch scalar.value {
        case 0x2500, 0x2501, 0x254C, 0x254D, 0x2504, 0x2505, 0x2508, 0x2509, 0x2550: return "-"
        case 0x2502, 0x2503, 0x254E, 0x254F, 0x2506, 0x2507, 0x250A, 0x250B, 0x2551: return "|"
        case 0x250C...0x254B, 0x2552...0x256C: return "+"
        case 0x256D...0x2570: return "+"
        case 0x2574, 0x2576, 0x2578, 0x257A: return "-"
        case 0x2575, 0x2577, 0x2579, 0x257B: return "|"
        case 0x2588, 0x2589, 0x258A, 0x258B, 0x2587, 0x2586: return "#"
        case 0x2585, 0x2584, 0x2583: return "="
        case 0x2582, 0x2581: return "_"
        // The tornado's three shades mean three things (a better p99, a worse one, chance):
        // `▓` `=`, `█` `#`, `░` `.` (`▓` and `░` were both `.`).
        case 0x2591: return "."
        case 0x2592: return ":"
        case 0x2593: return "="
        case 0x25B6, 0x25B8, 0x25BA, 0x2192, 0x27F6: return ">"
        case 0x25C0, 0x25C2, 0x25C4, 0x2190: return "<"
        case 0x25B2, 0x2191, 0x25B4: return "^"
        case 0x25BC, 0x2193, 0x25BE: return "v"
        case 0x2713, 0x2714: return "+"
        case 0x2717, 0x2718: return "x"
        case 0x2022, 0x00B7, 0x25CF: return "*"
        case 0x2026: return "~"
        case 0x2013, 0x2014, 0x2212: return "-"
        case 0x221E: return "8"
        case 0x258F, 0x258C: return "|"
        case 0x2580: return "^"
        case 0x00B1: return "~"
        case 0x2264: return "<"
        case 0x2265: return ">"
        case 0x00D7: return "x"
        case 0x03C1: return "p"
        case 0x00B5: return "u"
        case 0x2800...0x28FF: return "*"
        case 0x25F7: return "@"
        // Circled digits (the canvas numbers calls ① to ⑳): the digit, as `mlsd export --format ascii` writes ① to ⑨.
        case 0x2460...0x2468: return Character(Unicode.Scalar(scalar.value - 0x2460 + 0x31)!)
        case 0x2469...0x2473: return "#"
        default: return "?"
        }
    }
}
