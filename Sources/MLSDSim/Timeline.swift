public import MLSDCore

/// A run cut into time buckets: what users saw before, during and after a fault.
///
/// Requests are counted in the bucket where their answer reached the client (or failed), so a
/// queue that drains after an outage shows as slow answers after it. For each bucket: answers
/// per second, the share answered by a fallback (degraded), the share failed, and p50/p99 of the
/// successful answers. The fault window is the span of the run's `--down` outages. Recovery is
/// the time from the end of the window to the start of the first of two healthy buckets in a
/// row, healthy meaning p50 and p99 within 25 % of the worst bucket before the fault and the failed share
/// within 0.1 percentage points of the worst before it (a bucket's p99 rests on few answers, so
/// the range the healthy system showed is the bar); nil when the run ends first, or without a fault.
public struct Timeline: Sendable, Hashable {
    public struct Bucket: Sendable, Hashable {
        public var start: Double
        public var end: Double
        /// Requests whose answer or failure came in this bucket.
        public var completed: Int
        public var failed: Int
        public var degraded: Int
        /// Of the successful answers, seconds; nil when there were none.
        public var p50: Double?
        public var p99: Double?
        public var throughput: Double { Double(completed - failed) / max(end - start, 1e-12) }
        public var failedShare: Double { completed > 0 ? Double(failed) / Double(completed) : 0 }
        public var degradedShare: Double { completed > 0 ? Double(degraded) / Double(completed) : 0 }
    }

    public var bucketSeconds: Double
    public var buckets: [Bucket]
    /// The windows in which some fault is in effect, in order, overlapping ones joined: with two
    /// faults at 5–8 s and 19–22 s the buckets between them are not inside a fault. A fault whose
    /// window opens after the run ended is left out (``SimulationResult/neverStartedFaults``), but
    /// not from a cancelled run, whose windows say where the fault would have been.
    public var faultWindows: [ClosedRange<Double>] = []
    /// The outages' span, seconds (the first start to the last end); nil without outages.
    /// Recovery is measured from its end.
    public var fault: ClosedRange<Double>? {
        guard let first = faultWindows.first, let last = faultWindows.last else { return nil }
        return first.lowerBound...last.upperBound
    }
    /// The windows in words, with the digits the user typed: "5 s to 8 s, 10.5 s to 12.25 s".
    public var faultWindowsText: String {
        faultWindows.map { "\(FigureFormat.exactDuration(seconds: $0.lowerBound)) to \(FigureFormat.exactDuration(seconds: $0.upperBound))" }.joined(separator: ", ")
    }
    /// Seconds from the fault's end until the figures are back (see the type's summary).
    public var recoverySeconds: Double?
    /// Requests that failed, or were answered by a fallback, from the fault's start to the end of recovery (or of the run).
    public var failedByFault: Int
    public var degradedByFault: Int
    /// Successful answers in the same span slower than ``slowBarSeconds``: an outage that only
    /// delays (a queue building behind the missing replicas) fails nothing, yet its users wait.
    public var slowByFault = 0
    /// The latency above which an answer counts as slow: the scenario's p99 target, or else 1.25 ×
    /// the worst bucket p99 before the fault (the healthy bar of recovery); nil without either.
    public var slowBarSeconds: Double?
    /// True when ``slowBarSeconds`` is the scenario's p99 target.
    public var slowBarIsTarget = false
    /// Where the cost is counted to, seconds: the recovered bucket's start, or the last bucket's end.
    var costEndSeconds = 0.0
    /// True when the run was cancelled: the buckets cover the simulated time before the stop.
    public var wasCancelled = false
    /// Why the simulator stopped the run early (a bound: `requests in flight exceeded 200000`),
    /// nil when it was not: the buckets cover the time before the stop, and the requests it left
    /// unanswered failed (``cutOffFailed``).
    public var stoppedEarly: String?
    /// Requests left unanswered when a bound stopped the run: failed, with no bucket of their own
    /// (no answer reached the client). Counted in the fault's cost when the stop came after the fault began.
    public var cutOffFailed = 0
    /// True when the fault's cost includes ``cutOffFailed``: a bound stopped the run after the fault
    /// began and before the figures were back.
    var countsCutOff: Bool {
        guard stoppedEarly != nil, recoverySeconds == nil, let fault else { return false }
        return runSeconds > fault.lowerBound
    }
    /// Simulated seconds at the end of the buckets: a timed run's length, or where a run of a number
    /// of requests gave its last answer, or where it was stopped. The buckets cover `0..<runSeconds`
    /// but a last part bucket, left out (its rate would read low); ``leftOutSeconds`` says how much.
    public var runSeconds = 0.0
    /// The end of the run not in a bucket: a part bucket, shorter than a bucket (0 when the bucket
    /// length divides the run). Seconds after the last answer with none in them are not "left out".
    public var leftOutSeconds: Double {
        let covered = buckets.last?.end ?? 0
        let rest = runSeconds - covered
        return rest > 1e-9 && rest < bucketSeconds - 1e-9 ? rest : 0
    }
    /// How long the system takes to fill from empty: the p99 of the answers to requests that
    /// arrived before the first fault. Buckets that start earlier are not a baseline for recovery
    /// (a design whose answers take 20 s answers little in its first 20 s), nor is the first bucket.
    public var settleSeconds = 0.0
    /// The components overloaded without any fault (analytic ρ ≥ 1: `scorer at ρ 1.64`), empty
    /// when the design is stable: then there is no healthy state before the fault to recover to.
    public var overloadedWithoutFault: [String] = []

    /// Where recovery stands: a figure, or why there is none.
    public enum Recovery: Sendable, Hashable {
        /// Seconds from the (last) fault's end until the figures were back.
        case recovered(Double)
        /// The figures were not back before the run ended.
        case notWithinRun
        /// The run was stopped after the fault began, before the figures were back.
        case stopped
        /// The run ended or was stopped before the fault began.
        case beforeFault
        /// The fault began in the run's last part bucket, which is left out (``leftOutSeconds``):
        /// no bucket shows it. (`--duration 20s --timeline 7s` with a fault at 14 s read "the run
        /// ended before the fault began" and a cost of 0, beside a headline of 22.8 % degraded.)
        case afterLastBucket
        /// No full bucket after the system filled and before the fault, so nothing to compare
        /// with; a fault starting at `startAtLeast` or later would have one.
        case noBaseline(startAtLeast: Double)
        /// The design is overloaded without the fault: its queues grow from the start, so there
        /// is no state to recover to (fraud-detection with 3 scorers read "Recovery 0 ms after
        /// the fault ended (figures back to before it)" while 95 % of its answers were degraded
        /// before the fault).
        case overloadedBefore
        /// A bound stopped the run after the fault began (``stoppedEarly``): the fault took the
        /// design past what the run can hold, so it did not recover within it.
        case cutOff

        /// For JSON: recovered, not_within_run, stopped, before_fault, no_baseline.
        public var name: String {
            switch self {
            case .recovered: "recovered"
            case .notWithinRun: "not_within_run"
            case .stopped: "stopped"
            case .beforeFault: "before_fault"
            case .afterLastBucket: "after_last_bucket"
            case .noBaseline: "no_baseline"
            case .overloadedBefore: "overloaded_before_fault"
            case .cutOff: "cut_off"
            }
        }
    }

    /// Nil without a fault.
    public var recovery: Recovery? {
        guard let fault else { return nil }
        if !overloadedWithoutFault.isEmpty { return .overloadedBefore }
        if let r = recoverySeconds { return .recovered(r) }
        if countsCutOff { return .cutOff }
        if (buckets.last?.end ?? 0) <= fault.lowerBound + 1e-9 { return runSeconds > fault.lowerBound + 1e-9 ? .afterLastBucket : .beforeFault }
        if baseline(before: fault).isEmpty { return .noBaseline(startAtLeast: baselineStart + bucketSeconds) }
        return wasCancelled ? .stopped : .notWithinRun
    }

    /// Recovery in words, the same in the report, the TUI panel and its status line; `longer` is
    /// what to do for a run that ended too soon ("make it longer (--duration)").
    public func recoveryText(longer: String?) -> String? {
        guard let recovery else { return nil }
        let last = faultWindows.count > 1 ? "the last fault" : "the fault"
        switch recovery {
        case .recovered(let s): return "\(FigureFormat.duration(seconds: s)) after \(last) ended (figures back to before it)"
        case .notWithinRun: return "not within the run" + (longer.map { ": \($0)" } ?? "")
        case .stopped: return "not measured: the run was stopped before the figures were back"
        case .cutOff:
            return "none: the simulator stopped the run at \(FigureFormat.duration(seconds: runSeconds)) (\(stoppedEarly ?? "a bound")), so the fault took the design past what it can hold; a longer run would be stopped the same way"
        case .beforeFault: return "not measured: the run \(wasCancelled ? "was stopped" : "ended") before the fault began"
        case .afterLastBucket:
            let start = FigureFormat.duration(seconds: fault?.lowerBound ?? 0)
            return "not measured: the fault begins at \(start), in the last \(FigureFormat.duration(seconds: leftOutSeconds)) of the run, which is shorter than a bucket and left out; "
                + (longer ?? "make the run longer") + " or the buckets shorter"
        case .overloadedBefore:
            return "not measured: the design is overloaded without the fault (\(overloadedWithoutFault.joined(separator: ", "))), so its queues grow from the start and there is no state to recover to; make it stable first"
        case .noBaseline(let start):
            let filling = baselineStart > bucketSeconds + 1e-9
                ? ", as the system is still filling for its first \(FigureFormat.duration(seconds: baselineStart)) (the p99 of the answers before the fault)"
                : ", as the first bucket starts empty"
            // A start at or past the last full bucket would leave the fault in the left-out part.
            let room = start + bucketSeconds > runSeconds + 1e-9
                ? ", in a run of \(TimeSpan(seconds: start + bucketSeconds)) or more so that a full bucket shows it" : ""
            return "not measured: no full bucket before the fault to compare with\(filling); start the fault at \(TimeSpan(seconds: start)) or later\(room)"
        }
    }

    /// The fault's cost in words, the same in the report and the TUI: "0 requests failed, 0 were
    /// answered by a fallback (degraded) and 3,188 were answered slower than the 50 ms p99 target,
    /// from the fault's start to the end of the run".
    public var costText: String {
        if case .afterLastBucket? = recovery {
            return "not counted: the fault falls after the last full bucket (the run's last \(FigureFormat.duration(seconds: leftOutSeconds)) is left out)"
        }
        let unanswered = countsCutOff && cutOffFailed > 0 ? " (\(FigureFormat.count(cutOffFailed)) left unanswered when the run was stopped)" : ""
        func were(_ n: Int) -> String { "\(FigureFormat.count(n)) \(n == 1 ? "was" : "were")" }
        var parts = ["\(FigureFormat.count(failedByFault)) request\(failedByFault == 1 ? "" : "s") failed\(unanswered)", "\(were(degradedByFault)) answered by a fallback (degraded)"]
        if let bar = slowBarSeconds {
            parts.append("\(were(slowByFault)) answered slower than " + (slowBarIsTarget
                ? "the \(FigureFormat.duration(seconds: bar)) p99 target" : "\(FigureFormat.duration(seconds: bar)) (1.25 × the worst p99 before the fault)"))
        }
        let list = parts.count == 3 ? parts[0] + ", " + parts[1] + " and " + parts[2] + "," : parts.joined(separator: " and ")
        // Without a recovery that could be judged, the count runs on past whatever recovery there
        // was (a TUI run of hours stopped early counted 6,470 slow answers, most from healthy buckets).
        var unjudged = ""
        switch recovery {
        case .noBaseline?, .overloadedBefore?: unjudged = " (recovery could not be measured, so this counts any time after it too)"
        default: break
        }
        return list + " from the \(faultWindows.count > 1 ? "first fault's" : "fault's") start to \(costEndText)" + unjudged
    }

    /// Where the fault's cost is counted to: recovery, or the run's end or stop.
    public var costEndText: String {
        recoverySeconds != nil ? "recovery" : wasCancelled || stoppedEarly != nil ? "the stop" : "the end of the run"
    }

    /// The first bucket boundary from which buckets are a baseline: after the first bucket and
    /// after ``settleSeconds``.
    var baselineStart: Double {
        max(bucketSeconds, (settleSeconds / bucketSeconds).rounded(.up) * bucketSeconds)
    }

    /// Full buckets before the fault, after the system filled.
    func baseline(before fault: ClosedRange<Double>) -> [Bucket] {
        buckets.filter { $0.end <= fault.lowerBound + 1e-9 && $0.start >= baselineStart - 1e-9 }
    }

    /// Simulates the scenario with its outages, bucket by bucket.
    ///
    /// - Parameter isCancelled: asked every 65 536 events with the share of the run done (of the
    ///   requests, or of the simulated time for a `.time` stop); true stops the run, and the
    ///   timeline keeps the full buckets before the stop (``wasCancelled``).
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public static func run(_ scenario: Scenario, options: Simulation.Options, bucketSeconds: Double,
                           isCancelled: ((Double) -> Bool)? = nil) throws(SimulationModelError) -> (SimulationResult, Timeline) {
        let model = try SimulationModel(design: scenario.design, rate: options.rate ?? scenario.modelRate).withOutages(options.outages)
        var arrivals: [Double] = []
        var usedFallback: [Bool] = []
        var latencies: [[Double]] = []
        var completed: [Int] = [], failed: [Int] = [], degraded: [Int] = []
        let width = max(bucketSeconds, 1e-6)
        var latest = 0.0
        var lastAnswer = 0.0
        // Answers to requests that arrived before the first fault: how long the system takes to fill.
        let firstFault = model.outages.map(\.startSeconds).min() ?? .infinity
        var settling: [Double] = []
        let simulation = Simulation(model: model, seed: options.seed, warmupFraction: 0)
        let observe = { (e: TraceEvent) in
            latest = e.time
            switch e.kind {
            case .arrival:
                while arrivals.count <= e.request { arrivals.append(0); usedFallback.append(false) }
                arrivals[e.request] = e.time
            case .fallback:
                if e.request < usedFallback.count { usedFallback[e.request] = true }
            case .done:
                let b = Int(e.time / width)
                guard b >= 0, b < 10_000_000 else { return }
                while completed.count <= b { completed.append(0); failed.append(0); degraded.append(0); latencies.append([]) }
                completed[b] += 1
                lastAnswer = e.time
                if e.detail == "ok" {
                    if e.request < arrivals.count {
                        latencies[b].append(e.time - arrivals[e.request])
                        if arrivals[e.request] < firstFault { settling.append(e.time - arrivals[e.request]) }
                        if usedFallback[e.request] { degraded[b] += 1 }
                    }
                } else {
                    failed[b] += 1
                }
            default: break
            }
        }
        let raw: SimulationResult
        if let isCancelled {
            raw = simulation.run(until: options.stop, isCancelled: { share in
                if case .time(let d) = options.stop, d > 0 { return isCancelled(min(1, latest / d)) }
                return isCancelled(share)
            }, observer: observe)
        } else {
            raw = simulation.run(until: options.stop, observer: observe)
        }
        let result = raw.checked(against: scenario.requirements)
        let cancelled = result.cutOff == .cancelled
        var buckets: [Bucket] = []
        var sortedLatencies: [[Double]] = []
        for b in completed.indices {
            let sorted = latencies[b].sorted()
            sortedLatencies.append(sorted)
            buckets.append(Bucket(start: Double(b) * width, end: Double(b + 1) * width, completed: completed[b], failed: failed[b],
                                  degraded: degraded[b], p50: Self.nearestRank(sorted, 0.5), p99: Self.nearestRank(sorted, 0.99)))
        }
        // A last bucket cut short by the end of the run is left out (its rate would read low). The
        // run ends at its length (timed), where the simulator stopped it, or at its last answer: events
        // after that (timers of abandoned calls, async work) answer no one, so they make no buckets.
        let stoppedEarly = result.wasCutOff && !cancelled ? result.cutOff.map(\.description) : nil
        var runEnd = stoppedEarly != nil || cancelled ? result.simulatedSeconds : lastAnswer
        if case .time(let d) = options.stop, !cancelled, stoppedEarly == nil { runEnd = d }
        while let last = buckets.last, last.end > runEnd + 1e-9 { buckets.removeLast() }
        // A fault whose window opens after the run ended never happened (the run's warning says so):
        // no window, recovery or cost for it. A stopped run keeps them (it stopped before the fault began).
        let happened = model.outages.filter { cancelled || !result.neverStartedFaults.contains($0) }
        var timeline = Timeline(bucketSeconds: width, buckets: buckets, faultWindows: Self.joined(happened.map { $0.startSeconds...$0.endSeconds }), recoverySeconds: nil, failedByFault: 0, degradedByFault: 0,
                                wasCancelled: cancelled, runSeconds: runEnd)
        timeline.stoppedEarly = stoppedEarly
        if stoppedEarly != nil { timeline.cutOffFailed = result.errors.failed }
        timeline.settleSeconds = Self.nearestRank(settling.sorted(), 0.99) ?? 0
        timeline.overloadedWithoutFault = result.analytic.components.filter { $0.utilization >= 1 }
            .map { "\($0.id) at ρ \(FigureFormat.fixed2($0.utilization))" }
        timeline.measureRecovery()
        // Slow answers while the fault costs: above the p99 target, or above the healthy bar.
        if let fault = timeline.fault {
            let healthy = timeline.baseline(before: fault).compactMap(\.p99).max().map { $0 * 1.25 }
            if let target = scenario.requirements.latencyP99?.seconds {
                timeline.slowBarSeconds = target
                timeline.slowBarIsTarget = true
            } else {
                timeline.slowBarSeconds = healthy
            }
            if let bar = timeline.slowBarSeconds {
                for (b, sorted) in zip(timeline.buckets, sortedLatencies) where b.end > fault.lowerBound && b.start < timeline.costEndSeconds {
                    // Sorted: the slow ones are past the first above the bar.
                    var lo = 0, hi = sorted.count
                    while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] > bar { hi = mid } else { lo = mid + 1 } }
                    timeline.slowByFault += sorted.count - lo
                }
            }
        }
        return (result, timeline)
    }

    /// The `q` quantile of sorted values by nearest rank; nil when there are none.
    static func nearestRank(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    /// The windows sorted by start, each overlapping or touching pair joined into one.
    static func joined(_ windows: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        var out: [ClosedRange<Double>] = []
        for w in windows.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, w.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, w.upperBound)
            } else {
                out.append(w)
            }
        }
        return out
    }

    /// True when the bucket overlaps a window in which some fault is in effect.
    public func overlapsFault(_ b: Bucket) -> Bool {
        faultWindows.contains { b.end > $0.lowerBound && b.start < $0.upperBound }
    }

    /// Sets ``recoverySeconds`` and the requests the fault cost, from the buckets before the fault.
    mutating func measureRecovery() {
        guard let fault else { return }
        // Requests a bound left unanswered failed at the stop, after the fault began: its cost.
        defer { if countsCutOff { failedByFault += cutOffFailed } }
        // The baseline: full buckets before the fault, once the system has filled from empty.
        let before = baseline(before: fault)
        // The worst bucket before the fault sets the bar: a bucket's p99 rests on few answers, so
        // the range the healthy system showed is the fair comparison, not its middle. Without a
        // baseline (or a healthy design before the fault) the cost is counted from the fault's
        // start to the end of the run.
        costEndSeconds = buckets.last?.end ?? fault.upperBound
        guard overloadedWithoutFault.isEmpty, let worstP99 = before.compactMap(\.p99).max(), let worstFailed = before.map(\.failedShare).max() else {
            for b in buckets where b.end > fault.lowerBound {
                failedByFault += b.failed
                degradedByFault += b.degraded
            }
            return
        }
        // The median too: a cache's hit ratio falling sends most answers down the slow path (p50
        // 6.5 → 90 ms) while the p99, already a miss's time, barely moves.
        let worstP50 = before.compactMap(\.p50).max() ?? .infinity
        func healthy(_ b: Bucket) -> Bool {
            guard let p = b.p99, let m = b.p50 else { return false }
            return p <= worstP99 * 1.25 && m <= worstP50 * 1.25 && b.failedShare <= worstFailed + 0.001
        }
        let after = buckets.indices.filter { buckets[$0].start >= fault.upperBound - 1e-9 }
        var recoveredAt: Int?
        // Recovered: a healthy bucket followed by another. The last bucket alone is not enough (it
        // read "Recovery 25 s" on a run whose bucket before it was still over the bar).
        for i in after where i + 1 < buckets.count && healthy(buckets[i]) && healthy(buckets[i + 1]) {
            recoveredAt = i
            break
        }
        if let r = recoveredAt { recoverySeconds = max(0, buckets[r].start - fault.upperBound) }
        let end = recoveredAt.map { buckets[$0].start } ?? (buckets.last?.end ?? fault.upperBound)
        costEndSeconds = end
        for b in buckets where b.end > fault.lowerBound && b.start < end {
            failedByFault += b.failed
            degradedByFault += b.degraded
        }
    }
}
