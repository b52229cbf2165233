/// How every figure a run produces is written for people: the CLI tables, the TUI, the Markdown
/// design doc and messages all call these, so the same figure reads the same everywhere.
///
/// Rules (README "Formats"):
///
///     duration      0.42 ms · 13.5 ms · 270 ms · 1.35 s · 13.8 s · 5 h · 4.17 d (3 significant digits)
///     rate          0.5/s · 998/s · 4.99k/s · 12.3k/s · 1.2M/s               (3 significant digits)
///     money         $0.20 · $3.65 · $2,662 · $20,954,348                    (cents below $100)
///     percentage    0% · 0.0123% · 0.644% · 40.6% · 100%                   (3 significant digits)
///     availability  99.5% · 99.95% · 99.9974% · > 99.999999%               (3 significant digits
///                   of the complement above 99 %, so 99.9974 % never rounds to 100 %)
///     count         7 · 9,999 · 180,000                                     (thousands separated)
///
/// Machine formats do not use these: JSON carries full-precision numbers, CSV its documented
/// precision (see ``FigureFormat/csvNumber(_:)``). Pure and locale-independent.
public enum FigureFormat {
    /// A duration from seconds: milliseconds below one second, seconds up to an hour, hours up to
    /// two days, days beyond; `∞` when infinite.
    /// `digits` significant digits (3 by default, milliseconds then as ``milliseconds(seconds:)``).
    public static func duration(seconds: Double) -> String { duration(seconds: seconds, digits: 3) }

    public static func duration(seconds: Double, digits: Int) -> String {
        guard seconds.isFinite else { return seconds.isNaN ? "–" : "∞" }
        // From an hour in hours, from two days in days (a short run's span read "18000 s").
        if abs(seconds) >= 172_800 { return significant(seconds / 86_400, digits) + " d" }
        if abs(seconds) >= 3_600 { return significant(seconds / 3_600, digits) + " h" }
        if abs(seconds) >= 0.9995 { return significant(seconds, digits) + " s" }
        if digits != 3 { return significant(seconds * 1000, digits, maxDecimals: digits - 1) + " ms" }
        return milliseconds(seconds: seconds) + " ms"
    }

    /// Durations read side by side, all in the unit ``duration(seconds:)`` gives the largest of
    /// them: a chart axis's ends (`0 s … 30 s`, where each alone read `0 ms … 30 s`), a column of
    /// bucket starts (`0 s`, `1 s`, `2 s`). Below a second the largest keeps milliseconds
    /// (`0 ms … 500 ms`); above it a part second reads in seconds (`0.5 s … 30 s`). Each value has
    /// 3 significant digits, as in ``duration(seconds:)``; `∞` when infinite, and infinities do not
    /// choose the unit.
    public static func durations(seconds values: [Double], digits: Int = 3) -> [String] {
        let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
        let inSeconds = largest >= 0.9995
        return values.map { v in
            guard v.isFinite else { return "∞" }
            return inSeconds ? significant(v, digits) + " s" : milliseconds(seconds: v) + " ms"
        }
    }

    /// A duration that may run to days, in the largest fitting unit: `12 s`, `4.5 min`, `26 h`, `7.08 d`.
    /// Below a second, as ``duration(seconds:)``.
    public static func age(seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        let a = abs(seconds)
        if a >= 86_400 * 0.9995 { return significant(seconds / 86_400, 3, maxDecimals: 2) + " d" }
        if a >= 3600 * 0.9995 { return significant(seconds / 3600, 3, maxDecimals: 2) + " h" }
        if a >= 60 * 0.9995 { return significant(seconds / 60, 3, maxDecimals: 2) + " min" }
        return duration(seconds: seconds)
    }

    /// Milliseconds without the unit, for table columns headed `ms`: `0.42`, `4.23`, `13.5`, `270`.
    public static func milliseconds(seconds: Double) -> String {
        columnNumber(seconds * 1000)
    }

    /// A number for a column whose header gives the unit: whole from 100 up, else 3 significant
    /// digits and at most 2 decimals (`0.42`, `13.5`, `270`); `∞` when infinite, `–` when there is
    /// no figure (NaN: a component no measured call reached).
    static func columnNumber(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "–" : "∞" }
        if abs(v) >= 100 { return fixed(v, 0) }
        return significant(v, 3, maxDecimals: 2)
    }

    /// A rate per second with a `k`/`M` suffix, 3 significant digits unless told: `4.99k/s`.
    public static func rate(perSecond v: Double) -> String { rate(perSecond: v, digits: 3) }

    /// Two rates as a range, `12.1–12.4k/s`: 3 significant digits, or as many more (up to 5) as it
    /// takes for the ends to read differently (`12.21–12.24k/s`, not `12.2k/s–12.2k/s`); the unit
    /// once when both ends have it (`980/s–1.02k/s` otherwise). Ends that still read alike at 5
    /// digits are one figure: `12.2k/s at both ends`.
    public static func rateRange(low: Double, high: Double) -> String {
        for digits in 3...5 {
            let a = rate(perSecond: low, digits: digits), b = rate(perSecond: high, digits: digits)
            guard a != b else { continue }
            // The unit is what follows the last digit: `k/s` of `12.2k/s`, `/s` of `980/s`.
            func unit(_ t: String) -> Substring { t[(t.lastIndex { $0.isNumber }.map(t.index(after:)) ?? t.startIndex)...] }
            return (unit(a) == unit(b) ? String(a.dropLast(unit(a).count)) : a) + "–" + b
        }
        return rate(perSecond: low) + " at both ends"
    }

    public static func rate(perSecond v: Double, digits: Int) -> String {
        guard v.isFinite else { return "∞/s" }
        let a = abs(v)
        let decimals = max(2, digits - 1)
        // `1G/s` read back as `1000M/s`: the unit the parser takes, from a billion a second.
        if a >= 999_500_000 { return significant(v / 1e9, digits) + "G/s" }
        if a >= 999_500 { return significant(v / 1e6, digits) + "M/s" }
        if a >= 999.5 { return significant(v / 1e3, digits) + "k/s" }
        // Under 0.005/s two decimals would print "0/s": per hour (1/h is 0.000278/s).
        if a > 0, a < 0.005 { return significant(v * 3600, digits, maxDecimals: decimals) + "/h" }
        return significant(v, digits, maxDecimals: decimals) + "/s"
    }

    /// Dollars: cents below $100, whole dollars with thousands separators above.
    public static func money(_ dollars: Double) -> String {
        guard dollars.isFinite else { return "–" }
        let sign = dollars < 0 ? "-" : ""
        let a = abs(dollars)
        if a >= 1e15 { return sign + "$" + scientific(a) }   // beyond whole dollars an Int64 can group
        if fixed(a, 2) == "100.00" || a >= 100 { return sign + "$" + grouped(Int64(a.rounded())) }
        return sign + "$" + fixed(a, 2)
    }

    /// A fraction as a percentage, 3 significant digits unless told: `0.644%`, `40.6%`, `100%`
    /// (utilisation, error and degraded shares). For availabilities use ``availability(_:)``.
    public static func percent(_ fraction: Double) -> String { percent(fraction, digits: 3) }

    public static func percent(_ fraction: Double, digits: Int) -> String {
        guard fraction.isFinite else { return "∞" }
        if fraction == 0 { return "0%" }
        // A share too small for 6 decimals is not nothing: `0%` beside a cause of lost
        // availability read as if that cause cost none.
        if fraction > 0, fraction * 100 < 0.000_000_5 { return "< 0.000001%" }
        return significant(fraction * 100, digits, maxDecimals: 6) + "%"
    }

    /// An availability (or success ratio) as a percentage whose digits are those of the
    /// complement, 3 significant: `0.999974` is `99.9974%`, `0.9995` is `99.95%`; it reads `100%`
    /// only when exactly 1, and `> 99.999999%` closer to 1 than that. Below 99 % as ``percent(_:)``.
    public static func availability(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "∞" }
        guard fraction > 0.99, fraction < 1 else { return percent(fraction) }
        if (1 - fraction) * 100 < 0.000_001 { return "> 99.999999%" }
        return nines(fraction, maxDecimals: 6)
    }

    /// A fraction in (0.99, 1) as a percentage whose decimals are the complement's 3 significant
    /// digits (at least 2, at most `maxDecimals`), never rounded up to `100%`.
    private static func nines(_ fraction: Double, maxDecimals: Int) -> String {
        let decimals = max(2, min(maxDecimals, decimalsFor((1 - fraction) * 100, 3)))
        var s = fixed(fraction * 100, decimals)
        if s.hasPrefix("100") { s = "99." + String(repeating: "9", count: decimals) }
        return trimmed(s) + "%"
    }

    /// An availability the user asked for (a requirement's target), with every nine they wrote up
    /// to 10 decimals of a percent: `99.9%`, `99.99999999%`. ``availability(_:)`` stops at 6
    /// decimals (`> 99.999999%`), right for a measured figure but not for a target: `≥ > 99.999999%`.
    public static func availabilityTarget(_ fraction: Double) -> String {
        guard fraction.isFinite, fraction > 0.99, fraction < 1 else { return availability(fraction) }
        return nines(fraction, maxDecimals: 10)
    }

    /// A multiplier, 2 significant digits: `4×`, `1.3×`, `12×`.
    public static func factor(_ v: Double) -> String {
        guard v.isFinite else { return "∞×" }
        // Thousands separated, as counts are: `3,689,430×`, not `3689430×`.
        if abs(v) >= 10_000, abs(v) < 1e15 { return (v < 0 ? "-" : "") + grouped(Int64(abs(v).rounded())) + "×" }
        return significant(v, 2, maxDecimals: 1) + "×"
    }

    /// A ratio with two decimals, for utilisation columns (ρ): `0.97`, `1.63`.
    public static func fixed2(_ v: Double) -> String { fixed(v, 2) }

    /// The `± h` of a confidence interval, `h` in the figure's own `format`: `± 0.31`, `± $0.02`.
    /// A half-width that would print as 0 but is not reads `± < ` the smallest step `format` shows,
    /// so an interval never looks narrower than it is.
    public static func plusMinus(_ halfWidth: Double, smallest: Double, _ format: (Double) -> String) -> String {
        guard halfWidth.isFinite else { return "± ∞" }
        if halfWidth > 0, halfWidth < smallest / 2 { return "± < " + format(smallest) }
        return "± " + format(halfWidth)
    }

    /// A whole count with thousands separators: `180,000`.
    public static func count(_ n: Int) -> String { grouped(Int64(n)) }

    /// A number for CSV: integers (counts, seeds) as integers, other figures with at most 6
    /// significant digits after the point (`21.3565`, `0.000644`), empty when not finite.
    public static func csvNumber(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return significant(v, 6, maxDecimals: 9)
    }

    /// One CSV cell of text, RFC 4180: control characters shown as `?`, a leading `= + - @`
    /// defused with `'` so spreadsheets do not run it as a formula, quoted when it holds a comma,
    /// quote or line break. The CSV of `simulate`, `capacity`, `sensitivity` and `optimize` write
    /// their text cells through this.
    ///
    ///     FigureFormat.csvField("int8,onnx") == "\"int8,onnx\""
    ///     FigureFormat.csvField("=cmd()") == "'=cmd()"
    public static func csvField(_ text: String) -> String {
        var s = DisplayWidth.sanitized(text)
        if let first = s.first, "=+-@".contains(first), Double(s) == nil { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Helpers

    /// `v` with `digits` significant digits, trailing zeros after the point dropped.
    public static func significant(_ v: Double, _ digits: Int, maxDecimals: Int = 6) -> String {
        guard v != 0 else { return "0" }
        var decimals = min(maxDecimals, decimalsFor(abs(v), digits))
        let rounded = abs((v * pow10(decimals)).rounded() / pow10(decimals))
        if rounded == 0 { return "0" }
        // Rounding can carry into one more integer digit (9.996 → 10.0): one decimal fewer then.
        if decimals > 0, decimalsFor(rounded, digits) < decimals { decimals -= 1 }
        return trimmed(fixed(v, decimals))
    }

    /// Decimals needed to show `digits` significant digits of a positive `v`.
    static func decimalsFor(_ v: Double, _ digits: Int) -> Int {
        guard v > 0, v.isFinite else { return 0 }
        var magnitude = 0
        var x = v
        if x >= 1 { while x >= 10 { x /= 10; magnitude += 1 } } else { while x < 1 { x *= 10; magnitude -= 1 } }
        return max(0, digits - 1 - magnitude)
    }

    static func pow10(_ n: Int) -> Double {
        var s = 1.0
        for _ in 0..<max(n, 0) { s *= 10 }
        return s
    }

    /// Fixed-point decimal, independent of the locale.
    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return v > 0 ? "∞" : "-∞" }
        let scale = pow10(digits)
        // Past what an Int64 holds, three significant digits and a power of ten, never a trap.
        guard abs(v) * scale < 9e18 else { return (v < 0 ? "-" : "") + scientific(abs(v)) }
        let r = (abs(v) * scale).rounded()
        let whole = (r / scale).rounded(.down)
        var out = (v < 0 && r > 0 ? "-" : "") + String(Int64(whole))
        if digits > 0 {
            var frac = String(Int64(r - whole * scale))
            while frac.count < digits { frac = "0" + frac }
            out += "." + frac
        }
        return out
    }

    /// A positive finite number as three significant digits and a power of ten: `1.23e300`.
    static func scientific(_ v: Double) -> String {
        guard v.isFinite, v > 0 else { return v == 0 ? "0" : "∞" }
        var e = 0
        var m = v
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        m = (m * 100).rounded() / 100
        if m >= 10 { m /= 10; e += 1 }
        return trimmed(fixed(m, 2)) + "e\(e)"
    }

    static func trimmed(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var s = s
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
