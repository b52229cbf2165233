import Foundation

/// A length of time in seconds, written `800us`, `8ms`, `1.5s`, `2m` or `1h` in scenario files.
public struct TimeSpan: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
    public static func milliseconds(_ ms: Double) -> TimeSpan { TimeSpan(seconds: ms / 1000) }
    public var milliseconds: Double { seconds * 1000 }
    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.seconds < b.seconds }

    /// Parses `800us`, `8ms`, `1.5s`, `2m`, `1h`, `7d`, and compounds with the largest unit first
    /// (`1h30m`, `2m30s`, `1d12h`); nil when the text is not a duration.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let seconds = Self.single(t) ?? Self.compound(t) else { return nil }
        self.seconds = seconds
    }

    private static let units: [(String, Double)] = [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("min", 60), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]

    /// One number and its unit: `1.5s`.
    private static func single(_ t: String) -> Double? {
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = UnitNumber.parse(String(t.dropLast(suffix.count))) else { return nil }
            return UnitNumber.normalized(v * scale)
        }
        return nil
    }

    /// Two or more plain numbers, each with its unit, the units getting smaller: `1h30m` (a user
    /// typing `--duration 1h30m` was refused).
    private static func compound(_ t: String) -> Double? {
        var parts: [(value: Double, scale: Double)] = []
        var rest = Substring(t)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard !number.isEmpty, let value = Double(number), value.isFinite,
                  let scale = units.first(where: { $0.0 == unit })?.1 else { return nil }
            parts.append((value, scale))
        }
        guard parts.count >= 2, zip(parts, parts.dropFirst()).allSatisfy({ $0.scale > $1.scale }) else { return nil }
        return UnitNumber.normalized(parts.reduce(0) { $0 + $1.value * $1.scale })
    }

    /// The shortest exact spelling: `800us`, `8ms`, `1.5s`, `2m`.
    public var description: String {
        if seconds >= 3600, let h = UnitNumber.exact(seconds / 3600), (seconds / 3600).rounded() == seconds / 3600 { return "\(h)h" }
        if seconds >= 60, (seconds / 60).rounded() == seconds / 60, let m = UnitNumber.exact(seconds / 60) { return "\(m)m" }
        if seconds >= 1 { return "\(UnitNumber.format(seconds))s" }
        if seconds >= 1e-3 || seconds == 0 { return "\(UnitNumber.format(seconds * 1e3))ms" }
        return "\(UnitNumber.format(seconds * 1e6))us"
    }
}

/// Events per second, written `500/s`, `5k/s`, `1.2M/s` or `300/min`.
///
/// The period after the `/` is read in any case (`5k/S`, `300/MIN`, `2/H`), except `/M`: `M` is
/// the million prefix (`1.2M/s`), so `5k/M` is refused and ``spellingProblem(in:)`` says to write
/// `5k/min`. The prefixes before it are `k`/`K`, `M` and `B`/`G`.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var perSecond: Double
    public init(perSecond: Double) { self.perSecond = perSecond }
    public static func < (a: Rate, b: Rate) -> Bool { a.perSecond < b.perSecond }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let slash = t.lastIndex(of: "/"), let divisor = Self.periodSeconds(String(t[t.index(after: slash)...])) else { return nil }
        var number = String(t[..<slash])
        var scale = 1.0
        if let last = number.last, let s = ["k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9][String(last)] {
            scale = s
            number.removeLast()
        }
        guard let v = UnitNumber.parse(number) else { return nil }
        self.perSecond = UnitNumber.normalized(v * scale / divisor)
    }

    /// A rate as typed on a command line or in a field: `5k/s`, or a bare number per second with
    /// an optional `k`/`M`/`B` (`5000`, `5k`), as `--qps` has always read it. A file's rate keeps
    /// its unit (``init(parsing:)``).
    public init?(parsingTyped text: String) {
        if let r = Rate(parsing: text) { self = r; return }
        guard let v = Count.parse(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.perSecond = v
    }

    /// Seconds in the period written after the `/`, in any case: `s` 1, `min` and `m` 60, `h`
    /// 3600; nil for anything else and for `M`, which reads as the million prefix as well.
    private static func periodSeconds(_ unit: String) -> Double? {
        guard unit != "M" else { return nil }
        return ["s": 1, "min": 60, "m": 60, "h": 3600][unit.lowercased()]
    }

    /// Why a rate that reads as one is still refused, for the error message; nil when the text
    /// is simply not a rate. `5k/M`: "'/M' is ambiguous: M is the million prefix (as in 1.2M/s);
    /// write 5k/min for per minute".
    public static func spellingProblem(in text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasSuffix("/M"), t.count > 2 else { return nil }
        return "'/M' is ambiguous: M is the million prefix (as in 1.2M/s); write \(t.dropLast(2))/min for per minute"
    }

    public var description: String {
        let r = perSecond
        if r >= 1e6, UnitNumber.isShort(r / 1e6) { return "\(UnitNumber.format(r / 1e6))M/s" }
        // Thousands only under a million: 999999999 read "999999.999k/s".
        if r >= 1e3, r < 1e6, UnitNumber.isShort(r / 1e3) { return "\(UnitNumber.format(r / 1e3))k/s" }
        if r < 1, r > 0, UnitNumber.isShort(r * 60) { return "\(UnitNumber.format(r * 60))/min" }
        // An hourly rate reads as typed: `1/h` showed as 0.000278/s.
        if r < 1, r > 0, case let h = UnitNumber.normalized(r * 3600), UnitNumber.isShort(h) { return "\(UnitNumber.format(h))/h" }
        return "\(UnitNumber.format(r))/s"
    }
}

/// A fraction written as a percentage, `99.9%`; `fraction` is 0.999.
public struct Percentage: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var fraction: Double
    public init(fraction: Double) { self.fraction = fraction }
    public static func < (a: Percentage, b: Percentage) -> Bool { a.fraction < b.fraction }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasSuffix("%"), let v = UnitNumber.parse(String(t.dropLast())) else { return nil }
        self.fraction = UnitNumber.normalized(v / 100)
    }

    /// Exact to 12 significant digits: `99.9999999%` reads back as itself (six decimals printed
    /// it as `100%`, in the inspector and in undo's "100% → 100%").
    public var description: String { "\(UnitNumber.formatExact(fraction * 100))%" }
}

/// An amount of US dollars, optionally per hour or per month: `$0.52/h`, `$40000`, `$1200/mo`.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public enum Period: String, Hashable, Sendable { case hour = "/h", month = "/mo" }
    public var dollars: Double
    public var period: Period?
    public init(dollars: Double, period: Period? = nil) {
        self.dollars = dollars
        self.period = period
    }

    public init?(parsing text: String) {
        var t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("$") else { return nil }
        t.removeFirst()
        var period: Period?
        for p in [Period.hour, .month] where t.hasSuffix(p.rawValue) {
            period = p
            t.removeLast(p.rawValue.count)
        }
        if t.hasSuffix("/month") { period = .month; t.removeLast(6) }
        var scale = 1.0
        if let last = t.last, let s = ["k": 1e3, "K": 1e3, "M": 1e6][String(last)] { scale = s; t.removeLast() }
        guard let v = UnitNumber.parse(t.replacingOccurrences(of: ",", with: "")) else { return nil }
        self.dollars = UnitNumber.normalized(v * scale)
        self.period = period
    }

    public var description: String { "$\(UnitNumber.format(dollars))\(period?.rawValue ?? "")" }

    /// Hours in a month of prices (AWS and GCP bill 730).
    public static let hoursPerMonth = 730.0

    /// The amount per hour: as written for `/h` or no period (a component's `cost` is per
    /// replica-hour), a month's amount ÷ 730 for `/mo`. `$1200/mo` read as $1,200 an hour made a
    /// design 730 times dearer.
    public var perHour: Double { period == .month ? dollars / Self.hoursPerMonth : dollars }

    /// The amount per month: × 730 for `/h`, as written for `/mo` or no period (a budget is monthly).
    public var perMonth: Double { period == .hour ? dollars * Self.hoursPerMonth : dollars }
}

/// A count written `20000`, `20_000`, `100k` or `1.5M` (requests to simulate, sizes on the command line).
public enum Count {
    /// The value, or nil when the text is not a count (no sign, no exponent). Range checks are the caller's.
    public static func parse(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        var scale = 1.0
        if let last = t.last, let s = ["k": 1e3, "K": 1e3, "M": 1e6][String(last)] {
            scale = s
            t.removeLast()
        }
        guard let v = UnitNumber.parse(t) else { return nil }
        return v * scale
    }
}

/// Number spelling shared by the unit types: plain decimals, no exponent, no trailing zeros.
public enum UnitNumber {
    static func parse(_ text: String) -> Double? {
        let t = text.replacingOccurrences(of: "_", with: "")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              t.filter({ $0 == "." }).count <= 1, t != ".",
              let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// Up to 6 significant decimals, trailing zeros dropped; round-trips through `parse` for typical values.
    public static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// Like ``format(_:)`` when six decimals hold the value; otherwise as many decimals as its 12
    /// significant digits need (never an exponent), so a value typed with more digits prints back
    /// as typed.
    public static func formatExact(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let n = normalized(v)
        for decimals in 6...17 {
            var s = String(format: "%.\(decimals)f", n)
            guard normalized(Double(s) ?? .nan) == n else { continue }
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }
        return format(v)
    }

    /// Rounds to 12 significant digits so that one value spelt in different units (`500us`, `0.5ms`) is one Double.
    static func normalized(_ v: Double) -> Double {
        guard v != 0, v.isFinite else { return v }
        let magnitude = (log10(abs(v))).rounded(.down)
        let scale = pow(10, 11 - magnitude)
        guard scale.isFinite, scale > 0, (v * scale).isFinite else { return v }
        return (v * scale).rounded() / scale
    }

    static func exact(_ v: Double) -> String? { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : nil }
    static func isShort(_ v: Double) -> Bool { (v * 1000).rounded() == v * 1000 }
}
