import Foundation

/// How the TUI prints figures: three significant digits, one unit style everywhere on screen.
enum Figures {
    /// `850µs`, `12.3ms`, `1.20s`; `∞` when infinite, `—` when unknown.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return seconds.isNaN ? "—" : "∞" }
        let ms = seconds * 1000
        if ms < 1 { return String(format: "%.0fµs", ms * 1000) }
        if ms < 10 { return String(format: "%.2fms", ms) }
        if ms < 100 { return String(format: "%.1fms", ms) }
        if ms < 1000 { return String(format: "%.0fms", ms) }
        return String(format: "%.2fs", seconds)
    }

    /// `850/s`, `4.99k/s`, `1.20M/s`.
    static func rate(_ perSecond: Double) -> String {
        guard perSecond.isFinite else { return perSecond.isNaN ? "—" : "∞" }
        let v = max(0, perSecond)
        if v < 1000 { return String(format: v < 10 ? "%.2f/s" : v < 100 ? "%.1f/s" : "%.0f/s", v) }
        if v < 1e6 { return String(format: v < 1e4 ? "%.2fk/s" : v < 1e5 ? "%.1fk/s" : "%.0fk/s", v / 1e3) }
        return String(format: "%.2fM/s", v / 1e6)
    }

    /// `$2,662`.
    static func money(_ dollars: Double) -> String {
        guard dollars.isFinite else { return "—" }
        let n = Int64(dollars.rounded())
        var digits = String(abs(n))
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-$" : "$") + digits + out
    }

    /// `12.34%` with `digits` decimals; never rounds up to 100 % unless it is exactly 1.
    static func percent(_ fraction: Double, digits: Int = 2) -> String {
        guard fraction.isFinite else { return "—" }
        var s = String(format: "%.\(digits)f%%", fraction * 100)
        if fraction < 1, s.hasPrefix("100.") {
            s = String(format: "%.\(digits)f%%", floor(fraction * 100 * pow(10, Double(digits))) / pow(10, Double(digits)))
        }
        return s
    }

    /// `1,234`.
    static func count(_ n: Int) -> String { String(money(Double(n)).dropFirst()) }
}
