public import MLSDCore

extension Simulation.Options {
    /// Adds faults written as on the command line (`scorer=4@10s-20s`, `zone:1@10s-20s`,
    /// `scorer=3x@10s-20s`, `cache=40%@10s-20s`) to the run.
    ///
    /// The one reader of that spelling: `mlsd simulate --down`, `--slow` and `--hit-ratio` (each
    /// with its `option`) and the TUI's fault prompt (any kind, told by the value) all call it, so a
    /// kind of fault added here reaches both. With a design, each fault is also checked
    /// against it (the component exists, with a did-you-mean; the zone is one the design spans).
    /// Nothing is added when any text is wrong.
    ///
    ///     var options = Simulation.Options(stop: .time(20))
    ///     try options.addFaults(["scorer=4@10s-20s"], checkedAgainst: scenario.design)
    ///
    /// - Throws: ``OutageError`` whose description says what was expected.
    public mutating func addFaults(_ texts: [String], as option: Outage.Option? = nil, checkedAgainst design: Design? = nil) throws(OutageError) {
        var parsed: [Outage] = []
        for text in texts {
            let examples = design.map(Outage.Examples.init(design:)) ?? Outage.Examples()
            let outage = if let option { try Outage(parsing: text, as: option, examples: examples) } else { try Outage(parsing: text, examples: examples) }
            if let design { try outage.check(against: design, spelt: text) }
            parsed.append(outage)
        }
        outages += parsed
    }

    /// From the start of the first fault to the end of the last, simulated seconds; nil without
    /// faults. The TUI sizes its fault runs from it (a kind of fault added to ``addFaults(_:checkedAgainst:)``
    /// belongs here too).
    public var faultWindow: ClosedRange<Double>? {
        guard let start = outages.map(\.startSeconds).min(), let end = outages.map(\.endSeconds).max() else { return nil }
        return start...end
    }
}

extension Outage.Examples {
    /// The design's own ids for error messages: its first model server (else its first component
    /// after the entry) and its first cache.
    public init(design: Design) {
        let online = design.components.filter { !$0.kind.isOffline }
        let component = online.first { $0.kind == .modelServer } ?? online.first { $0.id != design.entry } ?? online.first
        // Only a cache with on_miss takes a hit-ratio fault: fraud-detection's `velocity` (none) was
        // the example, and the next try was refused.
        let cache = online.first { $0.kind.isCache && $0.onMiss != nil }
        self.init(component: component?.id ?? "scorer", cache: cache?.id ?? "cache", zones: design.zoneCount,
                  cacheRatio: cache?.hitRatio?.fraction == 0.4 ? "20%" : "40%")
    }
}

extension Outage {
    /// The zones a design with `n` spans, and the faults that can name them: `the design spans 3
    /// zones (zones: 3); expected zone:1 to zone:3`.
    static func zoneSpan(_ n: Int) -> String {
        "the design spans \(n) zone\(n == 1 ? "" : "s") (zones: \(n)); expected zone:1\(n > 1 ? " to zone:\(n)" : "")"
    }

    /// Checks that the design has the component (or spans the zone) this fault is about, that the
    /// component takes requests and has the replicas taken down, and that a hit-ratio fault names a
    /// cache with `on_miss`.
    ///
    /// - Parameter spelt: the fault as the user wrote it, quoted in errors (`0.4`, not the `40%` it
    ///   reads as); the fault's own form when nil.
    /// - Throws: ``OutageError``: `invalid --down 'x=1@1s-2s': no component 'x' in the design; did you mean 'y'?`
    public func check(against design: Design, spelt: String? = nil) throws(OutageError) {
        let quoted = spelt ?? description
        if isWholeZone, let zone, zone > design.zoneCount {
            throw OutageError("invalid --down '\(quoted)': \(Self.zoneSpan(design.zoneCount))")
        }
        if !isWholeZone, design[id] == nil {
            // `zone=1@…` for `zone:1@…`: the zone form is what was meant.
            let zoneHint = id.lowercased() == "zone" || id.lowercased() == "zones" ? "; a whole zone is written zone:1@10s-20s (a colon)" : nil
            // The ids this fault can hit: online components; caches with on_miss for a hit ratio.
            var targets = design.components.filter { !$0.kind.isOffline }
            var kind = "online component"
            if case .hitRatio = effect {
                targets = targets.filter { $0.kind.isCache && $0.onMiss != nil }
                kind = "cache with on_miss"
            }
            let none: String? = targets.isEmpty ? "; this design has no \(kind)" : nil
            let hint = zoneHint ?? none ?? design.componentIDHint(for: id, among: targets.map(\.id))
            throw OutageError("invalid \(option.rawValue) '\(quoted)': no component '\(id)' in the design\(hint)")
        }
        // A fault that cannot happen is refused rather than run as if it had: an offline component
        // takes no requests, and a component cannot lose replicas it does not have.
        if !isWholeZone, let c = design[id], c.kind.isOffline {
            throw OutageError("invalid \(option.rawValue) '\(quoted)': \(id) is offline (\(c.kind.rawValue)) and takes no requests, so the fault would change nothing")
        }
        if case .down(let n) = effect, !isWholeZone, let c = design[id], n > c.replicas {
            throw OutageError("invalid --down '\(quoted)': \(id) has \(c.replicas) replica\(c.replicas == 1 ? "" : "s"); expected at most \(c.replicas) down")
        }
        if case .hitRatio = effect, let c = design[id], !c.kind.isCache || c.onMiss == nil {
            let example = design.components.first { $0.kind.isCache && $0.onMiss != nil }.map { "such as \($0.id)" } ?? "(this design has none)"
            // A cache without on_miss answers every call itself: its hit ratio is not a figure of the run.
            let what = c.kind.isCache ? "'\(id)' is a cache without on_miss (it answers every call itself)" : "'\(id)' is not a cache with on_miss"
            throw OutageError("invalid --hit-ratio '\(quoted)': \(what); expected the id of a cache with on_miss \(example)")
        }
        // The cache's own ratio in the window changes nothing, as 0 replicas down would not.
        if case .hitRatio(let ratio) = effect, let c = design[id], let own = c.hitRatio?.fraction, abs(ratio - own) < 1e-12 {
            throw OutageError("invalid --hit-ratio '\(quoted)': \(FigureFormat.percent(own)) is the hit ratio \(id) already has, so the fault changes nothing; expected a lower one, such as \(FigureFormat.percent(own / 2))")
        }
    }
}

extension Outage {
    /// What the hit-ratio faults do that their option does not say: one that raises a cache's ratio
    /// (`--hit-ratio` drops it; 100 % is a better cache, not a fault), and two on one cache whose
    /// windows overlap with different ratios (the lower holds there). Each a sentence for a warning.
    public static func hitRatioWarnings(_ outages: [Outage], design: Design) -> [String] {
        var out: [String] = []
        let ratios = outages.compactMap { o -> (Outage, Double)? in if case .hitRatio(let r) = o.effect { (o, r) } else { nil } }
        for (o, r) in ratios {
            if let own = design[o.id]?.hitRatio?.fraction, r > own {
                out.append("\(o) raises \(o.id)'s hit ratio (\(FigureFormat.percent(own)) → \(FigureFormat.percent(r))): the window is a better cache than the design's, not a fault")
            }
        }
        for (i, (a, ra)) in ratios.enumerated() {
            for (b, rb) in ratios.dropFirst(i + 1) where a.id == b.id && ra != rb && a.startSeconds < b.endSeconds && b.startSeconds < a.endSeconds {
                out.append("\(a) and \(b) overlap from \(FigureFormat.duration(seconds: max(a.startSeconds, b.startSeconds))) to "
                           + "\(FigureFormat.duration(seconds: min(a.endSeconds, b.endSeconds))): the lower ratio, \(FigureFormat.percent(min(ra, rb))), holds there")
            }
        }
        return out
    }
}

/// A span in which overlapping `--down` faults together take more replicas of one component than
/// it has: the engine keeps none of its servers then (it cannot go below zero), so the excess has
/// no effect and the faults as written overstate what happened.
public struct OvercommittedFault: Hashable, Sendable {
    /// Component id.
    public var id: String
    /// The most replicas the open faults take down at once within the span.
    public var replicasDown: Int
    /// The replicas the component has.
    public var replicas: Int
    /// Simulated seconds.
    public var startSeconds: Double
    public var endSeconds: Double

    /// The warning a run prints: "overlapping faults take 16 replicas of scorer down from 10 s to 15 s, but it has 12: all 12 were down then, not more".
    public var warning: String {
        "overlapping faults take \(replicasDown) replicas of \(id) down from \(FigureFormat.duration(seconds: startSeconds)) "
            + "to \(FigureFormat.duration(seconds: endSeconds)), but it has \(replicas): all \(replicas) were down then, not more"
    }

    /// The spans in which `outages`' replicas down add up to more than the component has, in order
    /// of component (first outage naming it) and then of time; contiguous spans are one, with
    /// their peak. Slow and hit-ratio faults take no replicas and are not counted.
    ///
    /// - Parameter replicas: the replicas of a component, nil for an unknown one (skipped).
    /// - Complexity: O(n × k + n log n) for n outages on k components.
    public static func find(in outages: [Outage], replicas: (String) -> Int?) -> [OvercommittedFault] {
        var ids: [String] = []
        for o in outages where o.replicasDown > 0 && !ids.contains(o.id) { ids.append(o.id) }
        var found: [OvercommittedFault] = []
        for id in ids {
            guard let total = replicas(id) else { continue }
            var changes: [Double: Int] = [:]
            for o in outages where o.id == id && o.replicasDown > 0 {
                changes[o.startSeconds, default: 0] += o.replicasDown
                changes[o.endSeconds, default: 0] -= o.replicasDown
            }
            // All changes at one instant apply together: back-to-back windows do not overlap.
            var down = 0
            var open: OvercommittedFault?
            for time in changes.keys.sorted() {
                down += changes[time] ?? 0
                if down > total {
                    var span = open ?? OvercommittedFault(id: id, replicasDown: down, replicas: total, startSeconds: time, endSeconds: time)
                    span.replicasDown = max(span.replicasDown, down)
                    open = span
                } else if var span = open {
                    span.endSeconds = time
                    found.append(span)
                    open = nil
                }
            }
        }
        return found
    }
}
