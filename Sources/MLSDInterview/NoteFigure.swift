import Foundation

/// A number with a unit stated in a note (`5k qps`, `p99 < 150ms`, `$20k/month`, `99.95%`,
/// `12 replicas`), in base units: seconds, per second, bytes, dollars, a fraction or a count.
public struct NoteFigure: Hashable, Sendable {
    /// What the unit measures.
    public var kind: FigureKind
    /// The value in base units (seconds, per second, bytes, dollars per month, fraction, count).
    public var value: Double
    /// The words as written (`5k qps`).
    public var text: String
    /// The percentile named just before a duration (`p99 < 150ms` → 99), if any.
    public var percentile: Double?

    /// True for a time longer than a minute: a label delay or a retraining period (`chargebacks
    /// arrive 60 days later`), not a latency budget or a system figure.
    public var isBeyondALatency: Bool { kind == .duration && value > 60 }

    public init(kind: FigureKind, value: Double, text: String, percentile: Double? = nil) {
        self.kind = kind
        self.value = value
        self.text = text
        self.percentile = percentile
    }

    /// Every figure in a line of text, left to right. Pure; never fails (unparseable text is skipped).
    public static func all(in text: String) -> [NoteFigure] {
        let chars = Array(text)
        var out: [NoteFigure] = []
        var i = 0
        while i < chars.count {
            let isDollar = chars[i] == "$"
            let start = i
            if isDollar { i += 1 }
            // A number starts here only at a word boundary (not inside `p99` or `x2`).
            guard i < chars.count, chars[i].isASCII, chars[i].isNumber,
                  isDollar || start == 0 || !(chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == ".") else {
                i = max(i, start + 1)
                continue
            }
            var j = i
            var digits = ""
            while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." || (chars[j] == "," && j + 3 < chars.count + 1 && j + 1 < chars.count && chars[j + 1].isNumber) {
                if chars[j] != "," { digits.append(chars[j]) }
                j += 1
            }
            guard let number = Double(digits), number.isFinite else { i = j; continue }
            // The rest of the line after the number, to read a multiplier and a unit from.
            let rest = String(chars[j...])
            let (multiplier, afterMultiplier) = Self.multiplier(rest)
            let value = number * multiplier
            if isDollar {
                let (period, used) = Self.period(afterMultiplier)
                let monthly = value * period
                out.append(NoteFigure(kind: .money, value: monthly, text: String(chars[start..<j]) + String(rest.prefix(rest.count - afterMultiplier.count + used))))
                i = j + rest.count - afterMultiplier.count + used
                continue
            }
            if var (kind, factor, used) = Self.unit(afterMultiplier) {
                // `5k payments per second` is a rate, not a count.
                if kind == .count, let (perFactor, perUsed) = Self.per(afterMultiplier.dropFirst(used)) {
                    kind = .rate
                    factor = perFactor
                    used += perUsed
                }
                let consumed = rest.count - afterMultiplier.count + used
                let written = String(chars[start..<j]) + String(rest.prefix(consumed))
                let after = String(chars[min(chars.count, j + consumed)...].prefix(10))
                out.append(NoteFigure(kind: kind, value: value * factor, text: written.trimmingTrailingSpaces(),
                                      percentile: kind == .duration ? Self.percentile(before: String(chars[..<start]), after: after) : nil))
                i = j + consumed
            } else {
                i = j
            }
        }
        return out
    }

    /// `k`, `M`, `B`, `bn`, `million`… right after the number (words after one space too):
    /// the factor and what follows it. `KB`/`MB` are sizes, read by ``unit(_:)``, not multipliers.
    static func multiplier(_ rest: String) -> (Double, Substring) {
        let whole = Substring(rest)
        for (word, factor) in [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("bn", 1e9)] {
            for prefix in [word, " " + word] where whole.hasPrefix(prefix) {
                let after = whole.dropFirst(prefix.count)
                if let next = after.first, next.isLetter { continue }
                return (factor, after)
            }
        }
        guard let first = whole.first, let factor = ["k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9][first] else { return (1, whole) }
        let after = whole.dropFirst()
        if let next = after.first, next == "b" || next == "B" {
            let afterUnit = after.dropFirst()
            if afterUnit.first.map({ !$0.isLetter }) ?? true || afterUnit.hasPrefix("ps") { return (1, whole) }
        }
        return (factor, after)
    }

    /// A unit at the start of `rest` (after optional spaces): its kind, factor to base units and characters used.
    static func unit(_ rest: Substring) -> (FigureKind, Double, Int)? {
        let spaces = rest.prefix { $0 == " " }.count
        let s = rest.dropFirst(spaces).lowercased()
        // Longest spellings first, so `ms` is not read as `m` and `qps` not as `q`.
        for (spelling, kind, factor) in Self.units where s.hasPrefix(spelling) {
            let after = s.dropFirst(spelling.count)
            if let next = after.first, next.isLetter || next.isNumber { continue }
            return (kind, factor, spaces + spelling.count)
        }
        return nil
    }

    static let units: [(String, FigureKind, Double)] = {
        var u: [(String, FigureKind, Double)] = [
            ("requests per second", .rate, 1), ("queries per second", .rate, 1), ("per second", .rate, 1),
            ("requests/s", .rate, 1), ("requests/sec", .rate, 1), ("req/s", .rate, 1), ("req/sec", .rate, 1), ("qps", .rate, 1), ("rps", .rate, 1),
            ("tps", .rate, 1), ("events/s", .rate, 1), ("/s", .rate, 1), ("/sec", .rate, 1),
            ("requests per day", .rate, 1.0 / 86400), ("req/day", .rate, 1.0 / 86400), ("per day", .rate, 1.0 / 86400), ("/day", .rate, 1.0 / 86400),
            ("milliseconds", .duration, 0.001), ("millisecond", .duration, 0.001), ("ms", .duration, 0.001), ("msec", .duration, 0.001),
            ("seconds", .duration, 1), ("second", .duration, 1), ("secs", .duration, 1), ("sec", .duration, 1), ("s", .duration, 1),
            ("minutes", .duration, 60), ("minute", .duration, 60), ("mins", .duration, 60), ("min", .duration, 60),
            ("hours", .duration, 3600), ("hour", .duration, 3600), ("h", .duration, 3600),
            ("days", .duration, 86400), ("day", .duration, 86400), ("weeks", .duration, 604800), ("week", .duration, 604800),
            ("kb", .size, 1e3), ("mb", .size, 1e6), ("gb", .size, 1e9), ("tb", .size, 1e12), ("pb", .size, 1e15), ("bytes", .size, 1), ("byte", .size, 1),
            ("%", .percentage, 0.01), ("percent", .percentage, 0.01),
            ("replicas", .replicas, 1), ("replica", .replicas, 1), ("gpus", .replicas, 1), ("gpu", .replicas, 1), ("servers", .replicas, 1),
            ("instances", .replicas, 1), ("machines", .replicas, 1), ("nodes", .replicas, 1), ("pods", .replicas, 1),
            ("users", .count, 1), ("user", .count, 1), ("dau", .count, 1), ("mau", .count, 1), ("customers", .count, 1), ("items", .count, 1),
            ("payments", .count, 1), ("transactions", .count, 1), ("requests", .count, 1), ("queries", .count, 1), ("videos", .count, 1),
            ("documents", .count, 1), ("products", .count, 1), ("ads", .count, 1), ("posts", .count, 1), ("events", .count, 1),
        ]
        u.sort { $0.0.count > $1.0.count }
        return u
    }()

    /// ` per second`, `/s`, ` a day`… after a counted thing: the factor to per second and characters used.
    static func per(_ rest: Substring) -> (Double, Int)? {
        let s = rest.lowercased()
        let table: [(String, Double)] = [(" per second", 1), (" a second", 1), (" per sec", 1), ("/sec", 1), ("/s", 1), (" per minute", 1.0 / 60), ("/min", 1.0 / 60),
                                         (" per hour", 1.0 / 3600), ("/h", 1.0 / 3600), (" per day", 1.0 / 86400), (" a day", 1.0 / 86400), ("/day", 1.0 / 86400)]
        for (spelling, factor) in table where s.hasPrefix(spelling) {
            if let next = s.dropFirst(spelling.count).first, next.isLetter { continue }
            return (factor, spelling.count)
        }
        return nil
    }

    /// `/month`, `/mo`, `per month`, `/h`, `/hour`, `/day`, `/year` after a money amount: factor to a month and characters used.
    static func period(_ rest: Substring) -> (Double, Int) {
        let s = rest.lowercased()
        let table: [(String, Double)] = [("/month", 1), ("/mo", 1), (" per month", 1), (" a month", 1), ("/hour", 730), ("/h", 730), (" per hour", 730),
                                         ("/day", 30.4), (" per day", 30.4), ("/year", 1.0 / 12), ("/yr", 1.0 / 12), (" per year", 1.0 / 12)]
        for (spelling, factor) in table where s.hasPrefix(spelling) {
            let after = s.dropFirst(spelling.count)
            if let next = after.first, next.isLetter { continue }
            return (factor, spelling.count)
        }
        return (1, 0)
    }

    /// The percentile named just before a duration: `p99 < 150ms`, `p95 latency 80 ms`, `p99.9: 1 s`.
    static func percentile(before text: String, after: String = "") -> Double? {
        // `100 ms at p99`, `80ms p95`: a percentile named right after the duration.
        let next = after.lowercased()
        if let r = next.range(of: "^ *(at |@ ?)?p[0-9]{2}(\\.[0-9]+)?", options: .regularExpression),
           let p = next[r].range(of: "p[0-9.]+", options: .regularExpression) {
            return Double(next[p].dropFirst())
        }
        let tail = String(text.suffix(24)).lowercased()
        guard let r = tail.range(of: "p[0-9]{2}(\\.[0-9]+)?", options: [.regularExpression, .backwards]) else {
            return tail.contains("median") ? 50 : nil
        }
        return Double(tail[r].dropFirst())
    }
}

/// What a stated figure measures.
public enum FigureKind: String, Hashable, Sendable, Codable, CaseIterable {
    case rate, duration, size, money, percentage, replicas, count
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
