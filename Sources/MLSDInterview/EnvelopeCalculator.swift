import Foundation
import MLSDCore

/// Back-of-the-envelope arithmetic with units, for `:calc` in the interview.
///
///     2B users * 5 req/day / 86400s   →  116k/s
///     116k/s * 2KB                    →  232 MB/s
///     1B users * 10 KB                →  10 TB
///     3 replicas * $1.2/h * 730h      →  $2,628
///
/// Numbers take `k`, `M`, `B` (billion), `thousand`, `million`, `billion`; units are times (`ms`,
/// `s`, `min`, `h`, `day`, `week`, `month`, `year`), sizes (`bytes`, `KB`…`PB`, `bits`, `Gbps`),
/// `$` and `%`; other words after a number (`users`, `req`) are labels and do not change it. A
/// rate per period (`5 req/day`) divided by a duration (`/ 86400s`) is read as spreading the
/// period over that duration: the result is per second, as people write it on a whiteboard.
/// Pure; errors say where the expression went wrong.
public enum EnvelopeCalculator {
    /// A value with its dimensions: exponents of seconds, bytes and dollars.
    public struct Quantity: Hashable, Sendable {
        public var value: Double
        public var seconds = 0
        public var bytes = 0
        public var dollars = 0
        /// Seconds of the period of a rate still written per period (`/day` → 86400), if any.
        public var period: Double?

        var isDuration: Bool { seconds == 1 && bytes == 0 && dollars == 0 && period == nil }
        var isPlain: Bool { seconds == 0 && bytes == 0 && dollars == 0 && period == nil }

        /// In base units, with any period turned into seconds.
        var normalized: Quantity {
            guard let p = period else { return self }
            return Quantity(value: value / p, seconds: seconds, bytes: bytes, dollars: dollars, period: nil)
        }
    }

    /// Why an expression cannot be evaluated; `description` says where.
    public struct CalcError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Evaluates an expression and formats the result (`116k/s`).
    public static func evaluate(_ text: String) throws(CalcError) -> String {
        format(try quantity(text))
    }

    /// Evaluates an expression to a quantity.
    public static func quantity(_ text: String) throws(CalcError) -> Quantity {
        guard text.count <= 500 else { throw CalcError(description: "too long: keep it under 500 characters") }
        var parser = Parser(Array(text))
        parser.skipSpaces()
        guard !parser.atEnd else { throw CalcError(description: "nothing to calculate; try :calc 2B users * 5 req/day / 86400s") }
        let q = try parser.expression()
        parser.skipSpaces()
        guard parser.atEnd else { throw CalcError(description: "unexpected '\(parser.rest.prefix(12))' at column \(parser.i + 1)") }
        guard q.value.isFinite else { throw CalcError(description: "the result is not a finite number (division by zero?)") }
        return q
    }

    /// The quantity in words: a rate, a size, a bandwidth, a duration, money or a plain number.
    public static func format(_ q: Quantity) -> String {
        if let p = q.period, q.seconds == -1, q.bytes == 0, q.dollars == 0 {
            return plain(q.value) + "/" + periodName(p) + " (" + bounded(q.value / p, FigureFormat.rate(perSecond:)) + ")"
        }
        let n = q.normalized
        switch (n.seconds, n.bytes, n.dollars) {
        case (0, 0, 0): return plain(n.value)
        case (-1, 0, 0): return bounded(n.value, FigureFormat.rate(perSecond:))
        case (1, 0, 0):
            let a = abs(n.value)
            if a >= 86400 * 0.9995 { return significant(n.value / 86400) + " days" }
            if a >= 3600 * 0.9995 { return significant(n.value / 3600) + " h" }
            if a >= 60 * 0.9995 { return significant(n.value / 60) + " min" }
            return bounded(n.value, FigureFormat.duration(seconds:))
        case (0, 1, 0): return size(n.value)
        case (-1, 1, 0): return size(n.value) + "/s (" + bits(n.value * 8) + ")"
        case (0, 0, 1): return bounded(n.value, FigureFormat.money)
        case (-1, 0, 1): return bounded(n.value * 3600, FigureFormat.money) + "/h (" + bounded(n.value * 730 * 3600, FigureFormat.money) + "/month)"
        default:
            var units: [String] = []
            if n.dollars != 0 { units.append("$" + (n.dollars == 1 ? "" : "^\(n.dollars)")) }
            if n.bytes != 0 { units.append("bytes" + (n.bytes == 1 ? "" : "^\(n.bytes)")) }
            if n.seconds != 0 { units.append("s^\(n.seconds)") }
            return plain(n.value) + " " + units.joined(separator: "·")
        }
    }

    /// The shared formatter for everyday magnitudes; beyond them (which only arithmetic reaches) `%.3g`.
    static func bounded(_ v: Double, _ format: (Double) -> String) -> String {
        abs(v) < 1e12 ? format(v) : String(format: "%.3g", v)
    }

    static func periodName(_ seconds: Double) -> String {
        [(60.0, "min"), (3600, "h"), (86400, "day"), (604_800, "week"), (2_629_800, "month"), (31_557_600, "year")].first { $0.0 == seconds }?.1 ?? "\(plain(seconds)) s"
    }

    /// A plain number with `k`, `M`, `B`, `T` suffixes, 3 significant digits.
    static func plain(_ v: Double) -> String {
        let a = abs(v)
        for (limit, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where a >= limit * 0.9995 {
            return significant(v / limit) + suffix
        }
        return significant(v)
    }

    static func size(_ bytes: Double) -> String {
        let a = abs(bytes)
        for (limit, suffix) in [(1e15, " PB"), (1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " KB")] where a >= limit * 0.9995 {
            return significant(bytes / limit) + suffix
        }
        return significant(bytes) + " bytes"
    }

    static func bits(_ perSecond: Double) -> String {
        let a = abs(perSecond)
        for (limit, suffix) in [(1e12, " Tbit/s"), (1e9, " Gbit/s"), (1e6, " Mbit/s"), (1e3, " kbit/s")] where a >= limit * 0.9995 {
            return significant(perSecond / limit) + suffix
        }
        return significant(perSecond) + " bit/s"
    }

    static func significant(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        let decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : min(6, Int((-log10(a)).rounded(.up)) + 2)
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    // MARK: Parsing

    struct Parser {
        let chars: [Character]
        var i = 0
        init(_ chars: [Character]) { self.chars = chars }

        var atEnd: Bool { i >= chars.count }
        var rest: String { String(chars[min(i, chars.count)...]) }
        mutating func skipSpaces() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }

        mutating func expression() throws(CalcError) -> Quantity {
            var left = try term()
            while true {
                skipSpaces()
                guard !atEnd, chars[i] == "+" || chars[i] == "-" else { return left }
                let op = chars[i]
                let at = i
                i += 1
                let right = try term()
                let a = left.normalized, b = right.normalized
                guard a.seconds == b.seconds, a.bytes == b.bytes, a.dollars == b.dollars else {
                    throw CalcError(description: "cannot \(op == "+" ? "add" : "subtract") quantities of different units at column \(at + 1)")
                }
                left = Quantity(value: op == "+" ? a.value + b.value : a.value - b.value, seconds: a.seconds, bytes: a.bytes, dollars: a.dollars)
            }
        }

        mutating func term() throws(CalcError) -> Quantity {
            var left = try factor()
            while true {
                skipSpaces()
                guard !atEnd else { return left }
                let c = chars[i]
                let isTimes = c == "*" || c == "×" || (c == "x" && i + 1 < chars.count && chars[i + 1] == " ")
                guard isTimes || c == "/" || c == "÷" else { return left }
                i += 1
                let right = try factor()
                left = isTimes ? multiply(left, right) : try divide(left, right)
            }
        }

        mutating func factor() throws(CalcError) -> Quantity {
            skipSpaces()
            guard !atEnd else { throw CalcError(description: "the expression ends too early; expected a number") }
            if chars[i] == "-" {
                i += 1
                var q = try factor()
                q.value = -q.value
                return q
            }
            if chars[i] == "(" {
                let open = i
                i += 1
                let q = try expression()
                skipSpaces()
                guard !atEnd, chars[i] == ")" else { throw CalcError(description: "the '(' at column \(open + 1) is never closed") }
                i += 1
                return try units(after: q)
            }
            return try number()
        }

        mutating func number() throws(CalcError) -> Quantity {
            var dollars = 0
            if chars[i] == "$" { dollars = 1; i += 1 }
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." || chars[i] == "," || chars[i] == "_" { i += 1 }
            // Scientific notation: 1e6, 2.5e-3.
            if i < chars.count, chars[i] == "e" || chars[i] == "E", i > start {
                var j = i + 1
                if j < chars.count, chars[j] == "-" || chars[j] == "+" { j += 1 }
                if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                    i = j
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                }
            }
            let digits = String(chars[start..<i]).replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            guard !digits.isEmpty else {
                let word = String(chars[i...].prefix { !$0.isWhitespace })
                throw CalcError(description: "expected a number at column \(i + 1), found '\(word.prefix(12))'")
            }
            guard let v = Double(digits) else { throw CalcError(description: "'\(digits)' at column \(start + 1) is not a number") }
            var q = Quantity(value: v, dollars: dollars)
            // A multiplier glued to the number (5k, 2B, 5kqps) or a word after a space (3 million).
            let glued = i < chars.count && chars[i].isLetter
            let save = i
            skipSpacesInline()
            if let (factor, length) = multiplier(glued: glued) {
                q.value *= factor
                i += length
            } else {
                i = save
            }
            return try units(after: q)
        }

        mutating func skipSpacesInline() { while i < chars.count, chars[i] == " " { i += 1 } }

        /// A multiplier here: its factor and length, or nil (`KB` and `ms` are units, not multipliers).
        func multiplier(glued: Bool) -> (Double, Int)? {
            let word = String(chars[i...].prefix { $0.isLetter })
            let words: [String: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "bn": 1e9,
                                           "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
            if let f = words[word] { return (f, word.count) }
            // Glued to the number and not a unit itself (`5kqps`, but not `2MB` or `5Gbps`).
            if glued, let first = word.first, let f = words[String(first)], first != "b", EnvelopeCalculator.unit(word) == nil {
                return (f, 1)
            }
            return nil
        }

        /// Unit words after a number: `users`, `req/day`, `KB/s`, `ms`. Labels change nothing.
        mutating func units(after q: Quantity) throws(CalcError) -> Quantity {
            var q = q
            while true {
                let save = i
                skipSpacesInline()
                // A `/` glued to a word (`req/day`, `/s`) belongs to the unit; ` / ` is division.
                var per = false
                if i < chars.count, chars[i] == "/", i + 1 < chars.count, chars[i + 1].isLetter, save == i || chars[i - 1] != " " {
                    per = true
                    i += 1
                } else if i < chars.count, chars[i] == "%" {
                    q.value /= 100
                    i += 1
                    continue
                }
                let word = String(chars[i...].prefix { $0.isLetter || $0 == "@" })
                guard !word.isEmpty, word != "x" || per else { i = save; return q }
                // `x` alone is multiplication, not a label.
                if let u = EnvelopeCalculator.unit(word) {
                    i += word.count
                    q = apply(u, to: q, dividing: per)
                } else if per {
                    throw CalcError(description: "unknown unit '/\(word.prefix(12))' at column \(i); expected a time such as /s or /day")
                } else {
                    // A label such as `users` or `req`: counted things, no unit.
                    i += word.count
                }
            }
        }

        func apply(_ u: (seconds: Double, bytes: Double, isTime: Bool), to q: Quantity, dividing: Bool) -> Quantity {
            var q = q
            if u.isTime {
                if dividing {
                    if u.seconds == 1 || q.period != nil || q.seconds != 0 {
                        q = q.normalized
                        q.value /= u.seconds
                        q.seconds -= 1
                    } else {
                        q.period = u.seconds
                        q.seconds -= 1
                    }
                } else {
                    q = q.normalized
                    q.value *= u.seconds
                    q.seconds += 1
                }
            } else {
                // Bytes, or bits per second (`Gbps`: a size per time).
                q = q.normalized
                q.value = dividing ? q.value / u.bytes : q.value * u.bytes
                q.bytes += dividing ? -1 : 1
                if u.seconds == -1 { q.seconds -= 1 }
            }
            return q
        }

        func multiply(_ a: Quantity, _ b: Quantity) -> Quantity {
            if a.period != nil, b.isPlain { var q = a; q.value *= b.value; return q }
            if b.period != nil, a.isPlain { var q = b; q.value *= a.value; return q }
            let x = a.normalized, y = b.normalized
            return Quantity(value: x.value * y.value, seconds: x.seconds + y.seconds, bytes: x.bytes + y.bytes, dollars: x.dollars + y.dollars)
        }

        func divide(_ a: Quantity, _ b: Quantity) throws(CalcError) -> Quantity {
            guard b.value != 0 else { throw CalcError(description: "division by zero") }
            if let _ = a.period, b.isDuration {
                // "5 req/day / 86400s": the period spread over that many seconds.
                return Quantity(value: a.value / b.value, seconds: a.seconds, bytes: a.bytes, dollars: a.dollars)
            }
            if a.period != nil, b.isPlain { var q = a; q.value /= b.value; return q }
            let x = a.normalized, y = b.normalized
            return Quantity(value: x.value / y.value, seconds: x.seconds - y.seconds, bytes: x.bytes - y.bytes, dollars: x.dollars - y.dollars)
        }
    }

    /// A unit word: seconds per unit for times, bytes per unit for sizes (`seconds == -1` marks per second).
    static func unit(_ word: String) -> (seconds: Double, bytes: Double, isTime: Bool)? {
        let times: [String: Double] = ["ms": 0.001, "msec": 0.001, "millisecond": 0.001, "milliseconds": 0.001, "us": 1e-6, "µs": 1e-6,
                                       "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
                                       "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400,
                                       "week": 604_800, "weeks": 604_800, "month": 2_629_800, "months": 2_629_800, "mo": 2_629_800,
                                       "year": 31_557_600, "years": 31_557_600, "yr": 31_557_600]
        if let s = times[word] { return (s, 0, true) }
        let sizes: [String: Double] = ["byte": 1, "bytes": 1, "KB": 1e3, "kB": 1e3, "kb": 1e3, "MB": 1e6, "mb": 1e6, "GB": 1e9, "gb": 1e9,
                                       "TB": 1e12, "tb": 1e12, "PB": 1e15, "pb": 1e15, "KiB": 1024, "MiB": 1_048_576, "GiB": 1_073_741_824,
                                       "TiB": 1_099_511_627_776, "bit": 0.125, "bits": 0.125]
        if let b = sizes[word] { return (0, b, false) }
        let bandwidths: [String: Double] = ["bps": 0.125, "kbps": 125, "Kbps": 125, "Mbps": 125_000, "mbps": 125_000, "Gbps": 125_000_000, "gbps": 125_000_000]
        if let b = bandwidths[word] { return (-1, b, false) }
        return nil
    }
}
