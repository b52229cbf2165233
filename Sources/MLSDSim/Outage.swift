import MLSDCore

/// A what-if fault for a window of simulated time: replicas of a component down, a component
/// slowed by a factor, or a cache's hit ratio dropped.
///
/// - Down: the component serves with `servers − replicasDown × concurrency` servers; requests
///   already in service on them finish, and no new ones start until the window ends.
/// - Slow: every service that *starts* inside the window takes `factor` times as long (services
///   already running keep their time). Overlapping slow windows multiply.
/// - Hit ratio: a cache answers this share of lookups from itself inside the window, and sends the
///   rest on to its `on_miss` callee. Overlapping windows take the lowest ratio.
///
/// Written `id=value@start-end` on the command line, the value saying the kind:
///
///     try Outage(parsing: "scorer=4@10s-20s")      // 4 scorer replicas down from 10 s to 20 s (--down)
///     try Outage(parsing: "scorer=3x@10s-20s")     // scorer 3× slower (--slow)
///     try Outage(parsing: "cache=40%@10s-20s")     // cache hit ratio 40 % (--hit-ratio)
public struct Outage: Hashable, Sendable, CustomStringConvertible {
    /// What the fault does to its component.
    public enum Effect: Hashable, Sendable {
        case down(replicas: Int)
        /// Services starting in the window take this many times as long (1 to 1000).
        case slow(factor: Double)
        /// The cache's hit ratio in the window, 0 to 1.
        case hitRatio(Double)
    }

    /// The command-line option that spells a fault of each kind.
    public enum Option: String, Hashable, Sendable, CaseIterable {
        case down = "--down", slow = "--slow", hitRatio = "--hit-ratio"
    }

    /// Component id.
    public var id: String
    public var effect: Effect
    /// Window start, simulated seconds.
    public var startSeconds: Double
    /// Window end, simulated seconds.
    public var endSeconds: Double
    /// The zone (1-based) whose loss this is: set on a whole-zone outage (`zone:2@10s-20s`, empty
    /// `id`) and on the per-component outages the model expands it into.
    public var zone: Int?

    public init(id: String, effect: Effect, startSeconds: Double, endSeconds: Double, zone: Int? = nil) {
        self.id = id
        self.effect = effect
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.zone = zone
    }

    public init(id: String, replicasDown: Int, startSeconds: Double, endSeconds: Double, zone: Int? = nil) {
        self.init(id: id, effect: .down(replicas: replicasDown), startSeconds: startSeconds, endSeconds: endSeconds, zone: zone)
    }

    /// Replicas down during the window (more than the component has means all); 0 for a slow or hit-ratio fault.
    public var replicasDown: Int {
        if case .down(let n) = effect { return n }
        return 0
    }

    /// The option that spells this fault.
    public var option: Option {
        switch effect {
        case .down: .down
        case .slow: .slow
        case .hitRatio: .hitRatio
        }
    }

    /// The fault as command-line arguments, e.g. `--slow scorer=3x@10s-20s`.
    public var commandLine: String { "\(option.rawValue) \(self)" }

    /// A whole zone down, before the model expands it into components (`zone:2@10s-20s`).
    public static func zone(_ zone: Int, startSeconds: Double, endSeconds: Double) -> Outage {
        Outage(id: "", replicasDown: 0, startSeconds: startSeconds, endSeconds: endSeconds, zone: zone)
    }

    /// True for a whole-zone outage not yet expanded into components.
    public var isWholeZone: Bool { zone != nil && id.isEmpty }

    /// Highest slow-down factor.
    public static var maximumSlowdown: Double { 1000 }

    /// Parses any fault, its kind told by the value: `scorer=4@10s-20s` (replicas down),
    /// `zone:1@10s-20s` (a zone down), `scorer=3x@10s-20s` (slowed 3×), `cache=40%@10s-20s` (hit ratio
    /// 40 %). The TUI's fault prompt and the three options share it.
    ///
    /// - Throws: ``OutageError`` saying what was expected.
    public init(parsing text: String, examples: Examples = Examples()) throws(OutageError) {
        let value = Self.parts(text)?.value ?? ""
        let option: Option = value.hasSuffix("%") ? .hitRatio : value.hasSuffix("x") || value.hasSuffix("×") ? .slow : .down
        try self.init(parsing: text, as: option, anyKind: true, examples: examples)
    }

    /// Parses the value of one option: `--down id=replicas@start-end` or `zone:N@start-end`;
    /// `--slow id=factor@start-end` (`3x` or `3`); `--hit-ratio id=ratio@start-end` (`40%` or `0.4`).
    public init(parsing text: String, as option: Option, examples: Examples = Examples()) throws(OutageError) {
        try self.init(parsing: text, as: option, anyKind: false, examples: examples)
    }

    /// The component ids the error messages' examples name: the design's own where one is known
    /// (a message about `scorer` reads oddly on a design without one).
    public struct Examples: Sendable {
        public var component: String
        public var cache: String
        /// The zones the design spans, for `zone:N`'s range; nil when no design is known (any zone
        /// from 1 is read then, and ``Outage/check(against:spelt:)`` says which the design spans).
        public var zones: Int?
        /// The hit ratio the examples drop the cache to: 40 %, or 20 % for a cache whose own is 40 %
        /// (an example that changes nothing would be refused).
        public var cacheRatio: String
        public init(component: String = "scorer", cache: String = "cache", zones: Int? = nil, cacheRatio: String = "40%") {
            self.component = component
            self.cache = cache
            self.zones = zones
            self.cacheRatio = cacheRatio
        }
    }

    private init(parsing text: String, as option: Option, anyKind: Bool, examples: Examples) throws(OutageError) {
        let what = anyKind ? "fault" : option.rawValue
        let id = examples.component, cache = examples.cache
        let expected = switch (option, anyKind) {
        case (_, true): "expected id=replicas@start-end (\(id)=2@10s-20s), id=factor x (\(id)=3x@10s-20s: slower), id=ratio% (\(cache)=\(examples.cacheRatio)@10s-20s: hit ratio) or zone:N@start-end"
        case (.down, _): "expected id=replicas@start-end such as \(id)=2@10s-20s, or zone:N@start-end such as zone:1@10s-20s"
        case (.slow, _): "expected id=factor@start-end such as \(id)=3x@10s-20s (services 3 times as long)"
        case (.hitRatio, _): "expected id=ratio@start-end such as \(cache)=\(examples.cacheRatio)@10s-20s (the cache's hit ratio in the window)"
        }
        func invalid(_ why: String) -> OutageError { OutageError("invalid \(what) '\(text)': \(why)") }
        if option == .down, text.hasPrefix("zone:") {
            guard let at = text.firstIndex(of: "@"), let z = Int(text[text.index(text.startIndex, offsetBy: 5)..<at]) else {
                throw invalid("expected zone:N@start-end such as zone:1@10s-20s" + (examples.zones.map { " (\(Self.zoneSpan($0)))" } ?? ""))
            }
            // Out of range: the one message `check(against:)` gives too (the CLI said "N from 1 to 8"
            // for zone:9, "the design spans 3 zones" for zone:5, and the TUI "N from 1 to 3").
            if let n = examples.zones, z < 1 || z > n { throw invalid(Self.zoneSpan(n)) }
            guard (1...Zones.maximumCount).contains(z) else {
                throw invalid("expected zone:N@start-end with N from 1 to \(Zones.maximumCount) (no design spans more), such as zone:1@10s-20s")
            }
            let window = try Self.window(text[text.index(after: at)...], invalid: invalid)
            self = .zone(z, startSeconds: window.start, endSeconds: window.end)
            return
        }
        guard let parts = Self.parts(text) else {
            let missing = !text.contains("=") ? "no '=' after the component's id" : "no '@' before the window"
            throw invalid("\(missing); \(expected)")
        }
        guard !parts.id.isEmpty else { throw invalid("no component id before '='; \(expected)") }
        let effect: Effect
        switch option {
        case .down:
            guard let n = Int(parts.value) else {
                throw invalid(parts.value.isEmpty ? "no replicas between '=' and '@'; \(expected)"
                              : "'\(parts.value)' is not a number of replicas; \(expected)")
            }
            guard n >= 1 else {
                // `zone=0@…`: the whole-zone form, with a colon, is what was meant; `zone=1@…` is refused too.
                let isZone = ["zone", "zones"].contains(parts.id.lowercased())
                let example = isZone ? "; a whole zone is written zone:1@10s-20s (a colon)" : " (\(parts.id)=1@…)"
                throw invalid(n == 0 ? "0 replicas down changes nothing; expected 1 or more\(example)"
                              : "'\(n)' is not a number of replicas; expected 1 or more\(example)")
            }
            effect = .down(replicas: n)
        case .slow:
            var v = Substring(parts.value)
            if v.hasSuffix("x") || v.hasSuffix("×") { v = v.dropLast() }
            guard let factor = Double(v.trimmingCharacters(in: .whitespaces)), factor.isFinite else {
                throw invalid("'\(parts.value)' is not a slow-down factor such as 3x; \(expected)")
            }
            guard factor >= 1, factor <= Self.maximumSlowdown else {
                throw invalid("expected a slow-down factor from 1x to \(Int(Self.maximumSlowdown))x")
            }
            // As `=0` replicas down is refused: a fault that changes nothing is a slip.
            guard factor > 1 else { throw invalid("1x slower changes nothing; expected more than 1x (\(parts.id)=2x@…)") }
            effect = .slow(factor: factor)
        case .hitRatio:
            let ratio: Double? = parts.value.hasSuffix("%") ? Percentage(parsing: parts.value)?.fraction : Double(parts.value)
            guard let ratio, ratio.isFinite else { throw invalid("'\(parts.value)' is not a hit ratio such as 40%; \(expected)") }
            guard (0...1).contains(ratio) else {
                // `inbox=50@…`: a bare number is a fraction (0.5); the % was likely forgotten.
                let forgotten = !parts.value.hasSuffix("%") && ratio > 1 && ratio <= 100
                throw invalid("expected a hit ratio from 0% to 100%" + (forgotten ? " (a bare number is a fraction: write \(parts.value)% or \(FigureFormat.csvNumber(ratio / 100)))" : ""))
            }
            effect = .hitRatio(ratio)
        }
        let window = try Self.window(parts.window, invalid: invalid)
        self.init(id: parts.id, effect: effect, startSeconds: window.start, endSeconds: window.end)
    }

    /// `id`, value and window of `id=value@window`.
    private static func parts(_ text: String) -> (id: String, value: String, window: Substring)? {
        guard let eq = text.firstIndex(of: "="), let at = text.lastIndex(of: "@"), eq < at else { return nil }
        return (String(text[..<eq]).trimmingCharacters(in: .whitespaces),
                String(text[text.index(after: eq)..<at]).trimmingCharacters(in: .whitespaces),
                text[text.index(after: at)...])
    }

    /// The window after `@`: `start-end`, each a time as in scenario files.
    private static func window(_ spelt: Substring, invalid: (String) -> OutageError) throws(OutageError) -> (start: Double, end: Double) {
        let window = spelt.split(separator: "-", omittingEmptySubsequences: false)
        guard window.count == 2 else {
            throw invalid(spelt.isEmpty ? "no window after '@'; expected start-end such as 10s-20s"
                          : "'\(spelt)' is not a window; expected start-end such as 10s-20s")
        }
        for part in window where seconds(String(part)) == nil {
            throw invalid(part.isEmpty ? "the window '\(spelt)' lacks a time; expected start-end such as 10s-20s"
                          : "'\(part)' is not a time; expected one such as 10s, 1.5s or 2m (from 0 to a year), as in 10s-20s")
        }
        let start = seconds(String(window[0])) ?? 0, end = seconds(String(window[1])) ?? 0
        guard start < end else { throw invalid("the window must end after it starts") }
        return (start, end)
    }

    /// A time within the run, spelt as in scenario files (`0s`, `10s`, `2m`), at most a year.
    private static func seconds(_ text: String) -> Double? {
        guard let t = TimeSpan(parsing: text), ValueBounds.allows(t, zero: true) else { return nil }
        return t.seconds
    }

    /// `id=value@start-end` with durations spelt as in scenario files (`scorer=4@10s-20s`,
    /// `scorer=3x@10s-20s`, `cache=40%@10s-20s`).
    public var description: String {
        let window = "\(TimeSpan(seconds: startSeconds))-\(TimeSpan(seconds: endSeconds))"
        if isWholeZone, let zone { return "zone:\(zone)@\(window)" }
        switch effect {
        case .down(let n): return "\(id)=\(n)@\(window)"
        case .slow(let factor): return "\(id)=\(UnitNumber.format(factor))x@\(window)"
        case .hitRatio(let ratio): return "\(id)=\(Percentage(fraction: ratio))@\(window)"
        }
    }

    /// What the fault does, in words: "4 replicas of scorer down", "scorer 3x slower", "cache hit ratio 40%".
    public var summary: String {
        switch effect {
        case .down(let n): return "\(n) replica\(n == 1 ? "" : "s") of \(id) down"
        case .slow(let factor): return "\(id) \(UnitNumber.format(factor))x slower"
        case .hitRatio(let ratio): return "\(id) hit ratio \(Percentage(fraction: ratio))"
        }
    }
}

/// A fault value that cannot be used; `description` is the whole message.
public struct OutageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
