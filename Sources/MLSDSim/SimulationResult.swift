public import MLSDCore

/// What a run measured, beside the analytic estimate, cost and availability. Times are in seconds.
///
/// Latency percentiles are over the measured requests that succeeded (warm-up discarded); failed
/// requests count in ``errorRate`` and ``errors``. ``requirements`` is empty until
/// ``checked(against:)`` adds a scenario's requirements.
public struct SimulationResult: Hashable, Sendable {
    /// End-to-end latency of successful requests, seconds.
    public struct Latency: Hashable, Sendable {
        /// Mean, seconds.
        public var mean: Double
        /// Median, seconds.
        public var p50: Double
        /// 95th percentile, seconds.
        public var p95: Double
        /// 99th percentile, seconds.
        public var p99: Double
        /// 99.9th percentile, seconds.
        public var p999: Double
    }

    /// Failed measured requests by cause.
    public struct Errors: Hashable, Sendable {
        /// A caller stopped waiting and no retry or fallback answered.
        public var timeout: Int
        /// A queue was full, or an open circuit breaker refused the call, and no retry or fallback answered.
        public var rejected: Int
        /// Still unanswered when an unstable run was stopped (see ``SimulationResult/wasCutOff``); if
        /// that happened during the warm-up, every arrival is counted as measured.
        public var failed: Int
        /// All failed measured requests.
        public var total: Int { timeout + rejected + failed }
    }

    /// Measured figures of one component.
    public struct ComponentResult: Hashable, Sendable {
        /// Component id.
        public var id: String
        /// Busy server-seconds / (servers × measured window).
        public var utilization: Double
        /// Mean time in the queue before service (batching wait included); NaN when no measured
        /// call started service here (no figure to give: the table prints `–`, JSON `null`).
        @NaNEqual public var meanWaitSeconds: Double
        /// Mean of wait + own service (calls it makes are not included); NaN when no measured call
        /// finished its service here.
        @NaNEqual public var meanSojournSeconds: Double
        /// 99th percentile of wait + own service; NaN when no measured call finished here.
        @NaNEqual public var p99SojournSeconds: Double
        /// Visits per second in the measured window.
        public var arrivalRate: Double
        /// Mean number waiting in the queue, by Little's law (arrival rate × mean wait); NaN when
        /// calls came but none started service.
        @NaNEqual public var meanQueueLength: Double
        /// Calls rejected at arrival because the queue was full (load shedding at `queue_limit`).
        public var rejected: Int
        /// Calls whose caller stopped waiting.
        public var timeouts: Int
        /// Failed calls tried again.
        public var retries: Int
        /// Failed calls sent to the fallback.
        public var fallbacks: Int
        /// Retries the component's retry budget refused (the call went to the fallback or failed).
        public var retriesDenied: Int
        /// Mean batch size (1 without batching).
        public var meanBatchSize: Double
        /// Visits (attempts, retries and fallback calls included) per measured request.
        public var attemptsPerRequest: Double
        /// Visits per second of the measured requests × mean service time / capacity: the share of
        /// its capacity the work sent here asks for, abandoned (timed-out) work included. Unlike
        /// ``utilization`` it is not capped at 1: above 1 the queue grows without bound.
        public var offeredUtilization: Double
        /// Visits / first attempts: how much retries multiply the load here (1 without retries).
        public var retryAmplification: Double
        /// Calls answered with success to a caller that still waits for them (its own caller has not
        /// timed out), plus successful async calls, per second of the measured window: the useful part
        /// of ``arrivalRate`` (timed-out, rejected and failed calls, and answers to abandoned callers, excluded).
        public var goodput: Double
        /// Calls its open circuit breaker failed at once, never sent (not in the visits; a refused
        /// retry counts here, not in ``retries``).
        public var fastFailed: Int = 0
        /// Calls dropped unserved because their caller had given up (`deadline_propagation`); they
        /// are visits, so they count in ``arrivalRate`` and ``offeredUtilization``.
        public var abandoned: Int = 0
        /// Times its circuit breaker opened in the measured window (re-openings after a failed probe included).
        public var breakerOpens: Int = 0
        /// Share of the measured window its circuit breaker was not closed (open or half-open).
        public var breakerOpenShare: Double = 0
    }

    /// Average time one component adds to the critical path of the slowest 1 % of requests.
    public struct WaterfallStep: Hashable, Sendable {
        /// Component id.
        public var id: String
        /// Mean seconds on the critical path.
        public var seconds: Double
    }

    /// A component whose offered utilisation is 1 or more, analytic or measured.
    public struct Overload: Hashable, Sendable, CustomStringConvertible {
        /// Component id.
        public var id: String
        /// The larger of the analytic λ·E[S]/c and the measured offered utilisation (≥ 1).
        public var offeredUtilization: Double
        /// Attempts per first attempt at this component (1 without retries); see
        /// ``ComponentResult/retryAmplification``.
        public var retryAmplification: Double

        public init(id: String, offeredUtilization: Double, retryAmplification: Double = 1) {
            self.id = id
            self.offeredUtilization = offeredUtilization
            self.retryAmplification = retryAmplification
        }

        /// `scorer at 165% offered; retries multiply its load 4×`.
        public var description: String {
            var s = "\(id) at \(FigureFormat.percent(offeredUtilization)) offered"
            if retryAmplification >= 1.05 {
                s += "; retries multiply its load \(FigureFormat.factor(retryAmplification))"
            }
            return s
        }
    }

    /// Running cost of every replica.
    public struct Cost: Hashable, Sendable {
        /// Dollars per hour.
        public var perHour: Double
        /// 730 hours.
        public var perMonth: Double
        /// perHour / (throughput · 3600) · 10⁶; infinite when nothing succeeded.
        public var perMillionRequests: Double
        /// The part of ``perMonth`` spent offline (pipelines, training, offline stores; ``OfflinePlan``).
        public var offlinePerMonth: Double = 0
    }

    /// Seed of the run.
    public var seed: UInt64
    /// Measured requests (arrivals after warm-up).
    public var requests: Int
    /// Requests discarded as warm-up.
    public var warmupRequests: Int
    /// Simulated seconds at the end of the run.
    public var simulatedSeconds: Double
    /// Events processed.
    public var events: Int
    /// End-to-end latency of successful measured requests.
    public var latency: Latency
    /// ``latency`` for the machine formats and comparisons: every figure NaN (JSON `null`, an empty
    /// CSV cell, `–` in a table) when no request was answered, where ``latency`` holds zeros.
    public var answeredLatency: Latency {
        successes > 0 ? latency : Latency(mean: .nan, p50: .nan, p95: .nan, p99: .nan, p999: .nan)
    }
    /// Successful measured requests per second of the measured window.
    public var throughput: Double
    /// Measured requests answered successfully (a fallback's answer counts as success).
    public var successes: Int
    /// Measured requests answered successfully with a fallback's answer in their answer (degraded).
    public var degraded: Int
    /// Requests answered in a run cut off before its warm-up ended, where every arrival counts as
    /// measured but no latency was recorded: answered, not in ``successes`` (which have a latency).
    /// 0 in every other run.
    public var answeredUnmeasured = 0
    /// Why there is no latency when ``successes`` is 0: `no request was answered`, or for a run cut
    /// off in its warm-up `the run was stopped in its warm-up: 16,254 requests were answered, none measured`.
    public var noLatencyReason: String {
        answeredUnmeasured > 0
            ? "the run was stopped in its warm-up: \(FigureFormat.count(answeredUnmeasured)) request\(answeredUnmeasured == 1 ? " was" : "s were") answered, none measured"
            : "no request was answered"
    }
    /// Failed / measured requests that ended (answered or failed): requests still in flight when a
    /// timed or cancelled run ended have no outcome yet and are left out, as in ``successRatio``.
    public var errorRate: Double
    /// Failed measured requests by cause.
    public var errors: Errors
    /// Analytic availability (see ``AnalyticModel``).
    public var availability: Double
    /// Running cost.
    public var cost: Cost
    /// False when a component's offered utilisation is ≥ 1 or requests in flight hit the run's bound.
    public var isStable: Bool
    /// True when the run was stopped early at one of its bounds (see ``cutOff``).
    public var wasCutOff: Bool
    /// Which bound stopped the run early, or nil when it ran to its end.
    public var cutOff: CutOff?

    /// A bound that stops a run early, so every run ends in bounded time and memory.
    public enum CutOff: Hashable, Sendable, CustomStringConvertible {
        /// Requests in flight exceeded the limit (the system cannot keep up).
        case requestsInFlight(limit: Int)
        /// Calls in flight, including timed-out calls still queued, exceeded the limit (memory).
        case callsInFlight(limit: Int)
        /// Events processed exceeded the limit (work), for instance while a backlog drains.
        case events(limit: Int)
        /// The run was cancelled (from the TUI) before it ended.
        case cancelled

        /// `requests in flight exceeded 20000`.
        public var description: String {
            switch self {
            case .requestsInFlight(let n): return "requests in flight exceeded \(n)"
            case .callsInFlight(let n): return "calls in flight exceeded \(n) (memory bound)"
            case .events(let n): return "events exceeded \(n) (work bound)"
            case .cancelled: return "cancelled"
            }
        }
    }
    /// Components whose offered utilisation is ≥ 1.
    public var overloaded: [Overload]
    /// Component with the highest ``load(of:)`` (measured; the offered utilisation of the most
    /// overloaded one when unstable).
    public var bottleneck: String
    /// Per-component figures, in design order.
    public var components: [ComponentResult]
    /// Latency-budget waterfall for the slowest 1 %, in component order, components off the path omitted.
    public var criticalPathP99: [WaterfallStep]
    /// The analytic estimate of the same model.
    public var analytic: AnalyticModel
    /// Checked requirements (see ``checked(against:)``).
    public var requirements: [Requirement]
    /// What makes figures of this run less certain than they look (too few samples for a
    /// percentile, too short a run), one sentence each; see ``checked(against:)``.
    public var warnings: [String] = []
    /// Set when the arrivals follow a cycle (a burst or diurnal pattern) and the run's measured part
    /// spans less than one whole cycle: its figures are those of part of the cycle (a run inside a
    /// burst measured the burst's rate as throughput), so every measured requirement is "cannot
    /// judge" and a warning says how long a run needs to be.
    public var partialCycle: PartialCycle?
    /// The outages simulated (what-if faults), if any.
    public var outages: [Outage]
    /// Of ``outages``, those whose window opens after the run's last event: they never happened
    /// (a warning says so). Of replications, those that started in none of them.
    public var neverStartedFaults: [Outage] = []
    /// Spans in which overlapping `--down` faults took more replicas than a component has (a
    /// warning says so); the TUI's fault panel shows them. Of replications, those of any run.
    public var overcommittedFaults: [OvercommittedFault] = []
    /// The design's offline half worked out (schedules, costs, freshness); nil for a model built
    /// without a design. Offline requirements are judged from it.
    public var offline: OfflinePlan? = nil
    /// End-to-end latency quantiles of successful measured requests, seconds: element `i` is the
    /// `i/200` quantile (0, 0.5 %, …, 100 %), for histograms and CDFs; empty when nothing succeeded.
    public var latencyQuantiles: [Double] = []
    /// Per `llm_server`: time to first token, time per output token, tokens per second, batch,
    /// KV cache and cost per token (empty for designs without one).
    public var llm: [LLMServerResult] = []
    /// End to end, for requests whose answer streams from an LLM: request start to the first token
    /// of the last LLM stream it started, and that stream's time per output token.
    public var endToEndTTFT: TokenLatency? = nil
    public var endToEndTPOT: TokenLatency? = nil
    /// Closed-loop users (`concurrency:` in the workload), nil for open arrivals.
    public var closedLoopUsers: Int? = nil
    /// Output tokens per second of all `llm_server`s.
    public var outputTokensPerSecond: Double { llm.map(\.outputTokensPerSecond).reduce(0, +) }
    /// For a replicated run (``Simulation/replicated(until:plan:isCancelled:)``), the 95 %
    /// confidence intervals of the headline figures, whose point estimates are the figures above;
    /// nil for a single run.
    public var intervals: Intervals? = nil

    /// The figures of the component with this id.
    public subscript(component id: String) -> ComponentResult? { components.first { $0.id == id } }

    /// Whether the component with this id is an `llm_server` (it has LLM figures).
    public func isLLMServer(_ id: String) -> Bool { llm.contains { $0.id == id } }

    /// How loaded a component is, to name the bottleneck: its busy share (``ComponentResult/utilization``),
    /// but for an `llm_server` the share of its capacity the work sent to it asks for
    /// (``ComponentResult/offeredUtilization``, the measured counterpart of the analytic ρ). An LLM
    /// server's UTIL is the share of its batch slots in use, a few percent while its step time, and
    /// so its TPOT, already limits the design (rag-assistant at 20/s: 4% of the slots, 58% of its
    /// capacity), so it cannot be compared with other components' busy shares.
    public func load(of c: ComponentResult) -> Double { isLLMServer(c.id) ? c.offeredUtilization : c.utilization }

    /// The component with the highest ``load(of:)``, the first in design order on a tie.
    public var busiest: ComponentResult? { components.max { load(of: $0) < load(of: $1) } }

    /// The component to name as ``bottleneck``: the most overloaded one, else the ``busiest``.
    var worstComponent: String {
        overloaded.max { $0.offeredUtilization < $1.offeredUtilization }?.id ?? busiest?.id ?? ""
    }

    /// A ``load(of:)`` in words: "67.4% busy", or for an `llm_server` "58.2% of its capacity".
    public static func loadPhrase(_ load: Double, llmServer: Bool) -> String {
        FigureFormat.percent(load) + (llmServer ? " of its capacity" : " busy")
    }

    /// The bottleneck's ``load(of:)``; for an unstable run, the overloaded bottleneck's offered utilisation.
    public var bottleneckLoad: Double {
        if let o = overloaded.first(where: { $0.id == bottleneck }) { return o.offeredUtilization }
        return self[component: bottleneck].map(load(of:)) ?? 0
    }

    /// True when every checked requirement passes.
    public var meetsRequirements: Bool { requirements.allSatisfy(\.passes) }

    /// Successful / measured requests (0 when nothing was measured).
    public var successRatio: Double {
        endedRequests > 0 ? Double(successes + answeredUnmeasured) / Double(endedRequests) : 0
    }
    /// Measured requests neither answered nor failed when the run ended: those still in flight at
    /// the end of a timed run (`--duration`). Their outcome is unknown, so the answered share is of
    /// the requests that ended; counting them as unanswered made every healthy timed run fail its
    /// availability (fraud-detection over 20 s: 99.9166 %, the 75 requests of its last 15 ms). A
    /// run of a number of requests drains, and a run cut off by a bound counts what was left as
    /// failed: 0. A cancelled run leaves them unfinished, as a timed run's end does.
    public var unfinished: Int { max(0, requests - successes - answeredUnmeasured - errors.total) }
    /// Measured requests that ended, answered or failed: the denominator of every share of outcomes.
    public var endedRequests: Int { requests - unfinished }
    /// Degraded (fallback-answered) / measured requests that ended, as ``errorRate``.
    public var degradedShare: Double { endedRequests > 0 ? Double(degraded) / Double(endedRequests) : 0 }
}

extension Engine {
    /// Each component's time summed over the requests in the latency bands from the p99's up, and
    /// how many requests those are (`counts` per band, `seconds` per band and component). Bands
    /// below `firstRecorded` were not recorded; if p99 lies below it (latency fell over the run),
    /// the sums cover the recorded, slightly slower, tail. Shared with ``ReferenceLoop``'s
    /// bookkeeping, which must report the same critical path.
    static func slowestBands(counts: UnsafePointer<Int>, seconds: UnsafePointer<Double>, components n: Int,
                             p99: Double, firstRecorded: Int) -> (sums: [Double], count: Int) {
        var sums = Array(repeating: 0.0, count: n)
        var count = 0
        let first = max(LatencyHistogram.index(ofSeconds: p99) >> bandShift, firstRecorded)
        for b in first..<bandCount where counts[b] > 0 {
            count += counts[b]
            for i in 0..<n { sums[i] += seconds[b * n + i] }
        }
        return (sums, count)
    }

    func makeResult() -> SimulationResult {
        let endToEnd = histogram(model.components.count)
        let analytic = AnalyticModel(model: model)
        let window = max(windowEnd - windowStart, 0)
        let measured = measuredArrivals
        let failedTotal = errors.reduce(0, +)
        // The measured requests that ended, answered (with a latency or not) or failed.
        let ended = Int(endToEnd.count) + answeredUnmeasured + failedTotal
        let e2e = endToEnd.quantiles([0.5, 0.95, 0.99, 0.999])
        let latency = SimulationResult.Latency(mean: endToEnd.meanSeconds, p50: e2e[0], p95: e2e[1], p99: e2e[2], p999: e2e[3])
        let throughput = window > 0 ? Double(endToEnd.count) / window : 0
        var components: [SimulationResult.ComponentResult] = []
        for (i, c) in model.components.enumerated() {
            let k = counters[i]
            let sojourn = histogram(i)
            let rate = window > 0 ? Double(k.arrivals) / window : 0
            // No measured call started (or finished) here: no time to report. A run stopped in its
            // overload read `0` for the wait, sojourn and p99 of components at 100 % busy.
            let wait = k.started > 0 ? k.waitSum / Double(k.started) : .nan
            let served = sojourn.count > 0
            // Capacity in requests per second with full batches (B^(1−α) per server; README "Dynamic batching").
            let batch = Double(max(c.batching?.maxBatch ?? 1, 1))
            let capacity = Double(c.servers) * batch.squareRoot() / c.meanServiceSeconds
            let firstAttempts = k.arrivals - k.retries
            var breaker = breakers[i]
            if breaker.state != BreakerState.closed { breaker.notClosedSeconds += windowOverlap(from: breaker.openedAt, to: windowEnd) }
            components.append(SimulationResult.ComponentResult(
                id: c.id,
                utilization: window > 0 ? k.busySeconds / (Double(c.servers) * window) : 0,
                meanWaitSeconds: wait, meanSojournSeconds: served ? sojourn.meanSeconds : .nan, p99SojournSeconds: served ? sojourn.quantile(0.99) : .nan,
                arrivalRate: rate, meanQueueLength: k.started > 0 ? rate * wait : k.arrivals == 0 ? 0 : .nan, rejected: k.rejected, timeouts: k.timeouts,
                retries: k.retries, fallbacks: k.fallbacks, retriesDenied: k.retriesDenied,
                meanBatchSize: k.batches > 0 ? Double(k.batchedRequests) / Double(k.batches) : 1,
                attemptsPerRequest: measured > 0 ? Double(k.arrivals) / Double(measured) : 0,
                offeredUtilization: capacity > 0 && capacity.isFinite ? rate / capacity : 0,
                retryAmplification: firstAttempts > 0 ? Double(k.arrivals) / Double(firstAttempts) : 1,
                goodput: window > 0 ? Double(k.arrivals - k.asyncCalls - k.notUseful + k.asyncAnswered) / window : 0,
                fastFailed: k.fastFailed, abandoned: k.abandoned, breakerOpens: breaker.opens,
                breakerOpenShare: window > 0 ? min(breaker.notClosedSeconds / window, 1) : 0))
        }
        for (s, i) in llm.component.enumerated() { components[i].utilization = llmUtilization(s, window: window) }
        // Waterfall over the latency bands at or above the p99 band.
        let n = model.components.count
        let (slowSums, slowCount) = endToEnd.count > 0
            ? Self.slowestBands(counts: bandCounts.base, seconds: bandSeconds.base, components: n, p99: latency.p99, firstRecorded: waterfallFirstBand)
            : (Array(repeating: 0, count: n), 0)
        var waterfall: [SimulationResult.WaterfallStep] = []
        for i in 0..<n where slowCount > 0 && slowSums[i] > 0 {
            waterfall.append(.init(id: model.components[i].id, seconds: slowSums[i] / Double(slowCount)))
        }
        // Overloaded: the analytic load, or the measured one (retries and abandoned work included), is
        // at least the capacity. The measured figure is what reveals a retry storm.
        var overloaded: [SimulationResult.Overload] = []
        for (a, m) in zip(analytic.components, components) where a.utilization >= 1 || m.offeredUtilization >= 1 {
            overloaded.append(.init(id: a.id, offeredUtilization: max(a.utilization, m.offeredUtilization), retryAmplification: m.retryAmplification))
        }
        let isStable = overloaded.isEmpty && !wasCutOff
        let perHour = model.costPerHour
        var cost = SimulationResult.Cost(perHour: perHour, perMonth: perHour * 730,
                                         perMillionRequests: throughput > 0 ? perHour / (throughput * 3600) * 1e6 : .infinity)
        cost.offlinePerMonth = model.offline?.offlinePerMonth ?? 0
        var result = SimulationResult(
            seed: seed, requests: measured, warmupRequests: arrived - measured, simulatedSeconds: now, events: eventCount,
            latency: latency, throughput: throughput, successes: Int(endToEnd.count), degraded: degraded,
            errorRate: ended > 0 ? Double(failedTotal) / Double(ended) : 0,
            errors: .init(timeout: errors[1], rejected: errors[2] + errors[4], failed: errors[3] + errors[5]),
            availability: analytic.availability, cost: cost, isStable: isStable, wasCutOff: wasCutOff, cutOff: cutOff,
            overloaded: overloaded, bottleneck: "", components: components, criticalPathP99: waterfall,
            analytic: analytic, requirements: [], outages: model.outages)
        result.answeredUnmeasured = answeredUnmeasured
        result.offline = model.offline
        if endToEnd.count > 0 {
            result.latencyQuantiles = endToEnd.quantiles((0...200).map { Double($0) / 200 })
            result.latencyQuantiles[200] = endToEnd.maxSeconds
        }
        if case .closed(let users, _, _) = model.arrivals { result.closedLoopUsers = users }
        if llm.isActive {
            result.llm = llmResults(window: window)
            result.endToEndTTFT = .init(llm.endToEndTTFT)
            result.endToEndTPOT = .init(llm.endToEndTPOT)
        }
        result.bottleneck = result.worstComponent   // after `llm`, which ``load(of:)`` reads
        if let cycle = PartialCycle(arrivals: model.arrivals, measuredSeconds: window, stop: stop, requests: measured, warmupRequests: arrived - measured) {
            result.partialCycle = cycle
            result.warnings.append(cycle.warning)
        }
        if measured < SimulationResult.minimumMeasuredRequests {
            result.warnings.append("only \(FigureFormat.count(measured)) measured request\(measured == 1 ? "" : "s"): "
                + "percentiles, throughput and error rate are noise at this size (use --requests 10k or more)")
        }
        // A run of so many requests drains the event queue, fault windows included: its work ended
        // with its last request's, not at `now`.
        let workEnded = if case .requests = stop, !wasCutOff { lastReleaseSeconds } else { now }
        // Overlapping faults that take more replicas than a component has: the engine stops at
        // none, so say what happened rather than let the faults as written stand.
        let overcommitted = OvercommittedFault.find(in: model.outages) { id in model.indexByID[id].map { model.components[$0].replicas } }
        for span in overcommitted where span.startSeconds < workEnded && !result.overcommittedFaults.contains(span) {
            result.overcommittedFaults.append(span)
            result.warnings.append(span.warning)
        }
        // A fault whose window opens after the run's last event never happened: say so, rather
        // than let "no recovery within the run" read as if it had. A run of so many requests ends
        // at a time that differs by seed, so its warning names the count (replications share it).
        for o in model.outages where o.startSeconds >= workEnded {
            result.neverStartedFaults.append(o)
            let what = o.zone.map { "zone \($0) down" } ?? o.summary   // a zone's outage is one per component: one warning
            let ended = if case .time = stop { "the run ended at \(FigureFormat.duration(seconds: now)) (make it longer with --duration)" }
                else { "the run's \(FigureFormat.count(arrived)) requests ended before it (make it longer with --requests or --duration)" }
            let warning = "the fault \(what) from \(FigureFormat.duration(seconds: o.startSeconds)) never started: " + ended
            if !result.warnings.contains(warning) { result.warnings.append(warning) }
        }
        // A timed run that ends while a fault is still on: its end and any recovery are outside the
        // run (fraud-detection --duration 20s with a 15s-40s fault read "Recovery not within the
        // run" and nothing else, as if the design had not recovered).
        if case .time(let length) = stop, !wasCutOff {
            for o in model.outages where !result.neverStartedFaults.contains(o) && o.endSeconds > length {
                let what = o.zone.map { "zone \($0) down" } ?? o.summary
                let warning = "the run ended at \(FigureFormat.exactDuration(seconds: length)) with the fault \(what) still on (it ends at "
                    + "\(FigureFormat.exactDuration(seconds: o.endSeconds))): its end and any recovery are outside the run (make it longer with --duration)"
                if !result.warnings.contains(warning) { result.warnings.append(warning) }
            }
        }
        // A run of a number of requests whose arrivals end while a fault is still on (200,000 at
        // 20k/s end at 10 s, as a 10s-20s fault opens): the rest of the fault meets no new request,
        // and what follows is the queue draining, not a recovery. `windowEnd` is the last arrival.
        if case .requests = stop, !wasCutOff {
            for o in model.outages where !result.neverStartedFaults.contains(o) && o.endSeconds > windowEnd {
                let what = o.zone.map { "zone \($0) down" } ?? o.summary
                let warning = "the run's last request arrived at \(FigureFormat.duration(seconds: windowEnd)), before the fault \(what) "
                    + "ended at \(FigureFormat.duration(seconds: o.endSeconds)): no new request met the rest of it (make the run longer with --requests or --duration)"
                if !result.warnings.contains(warning) { result.warnings.append(warning) }
            }
        }
        return result
    }
}

/// A figure that is NaN when there is none to give (a component no measured call reached): one
/// NaN equals another, so two results with such a figure compare equal, as the determinism checks
/// (`--jobs 1` against `--jobs 2`, a replication run against its parts) need; Double's own `==`
/// makes a result with one unequal to itself.
@propertyWrapper
public struct NaNEqual: Hashable, Sendable {
    public var wrappedValue: Double
    public init(wrappedValue: Double) { self.wrappedValue = wrappedValue }
    public static func == (a: Self, b: Self) -> Bool {
        a.wrappedValue == b.wrappedValue || (a.wrappedValue.isNaN && b.wrappedValue.isNaN)
    }
    public func hash(into hasher: inout Hasher) {
        if wrappedValue.isNaN { hasher.combine(UInt8(0)) } else { hasher.combine(UInt8(1)); hasher.combine(wrappedValue) }
    }
}

/// A run that measured less than one cycle of periodic arrivals (``SimulationResult/partialCycle``).
public struct PartialCycle: Hashable, Sendable {
    /// How much longer than a cycle a run of so many requests is made, so that its random arrivals
    /// still span the cycle: 10 %.
    public static let margin = 1.1
    /// `burst` or `diurnal`.
    public var pattern: String
    /// The cycle: a burst's `every`, a diurnal pattern's `period`.
    public var cycleSeconds: Double
    /// What the run would need to measure one whole cycle: `--requests 373k` or `--duration 67s`.
    public var remedy: String

    /// nil unless `arrivals` follow a cycle longer than the measured window (a closed loop or
    /// steady arrivals never do). `requests` and `warmupRequests` are the run's, so the remedy keeps
    /// its warm-up share.
    init?(arrivals: SimulationModel.ArrivalProcess, measuredSeconds: Double, stop: Simulation.StopCondition, requests: Int, warmupRequests: Int) {
        guard let cycle = arrivals.cycle else { return nil }
        (pattern, cycleSeconds) = cycle
        guard cycleSeconds.isFinite, cycleSeconds > 0, measuredSeconds < cycleSeconds * (1 - 1e-9) else { return nil }
        switch stop {
        case .time(let t):
            let measuredShare = t > 0 ? measuredSeconds / t : 1
            remedy = "--duration " + FigureFormat.exactDuration(seconds: (cycleSeconds / max(measuredShare, 0.01)).rounded(.up) + 1).replacingOccurrences(of: " ", with: "")
        case .requests:
            let total = Double(requests + warmupRequests)
            let measuredShare = total > 0 ? Double(requests) / total : 0.9
            let needed = cycleSeconds * Self.margin * arrivals.meanRate / max(measuredShare, 0.01)
            remedy = needed > 1e12 ? "a run far longer than any run may be" : "--requests \(Int(min((needed / 1000).rounded(.up), 1e12)))k"
        }
    }

    /// One sentence for the run's warnings; the same for every replication of a run.
    public var warning: String {
        "the arrivals follow a \(pattern) cycle of \(FigureFormat.exactDuration(seconds: cycleSeconds)), and the run measured less than one: its figures are those of "
            + "part of the cycle (inside a burst, its throughput is the burst's rate), so its measured requirements cannot be judged; "
            + (remedy.hasPrefix("--") ? "\(remedy) measures a whole cycle" : "a whole cycle needs \(remedy)")
    }

    /// The reason a measured requirement fails.
    public var verdictReason: String {
        "cannot judge: the run measured part of the \(pattern) cycle of \(FigureFormat.exactDuration(seconds: cycleSeconds))"
            + (remedy.hasPrefix("--") ? " (\(remedy) measures a whole one)" : "")
    }
}
