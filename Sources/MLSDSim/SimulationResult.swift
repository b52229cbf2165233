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
        /// A queue was full and no retry or fallback answered.
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
        /// Mean time in the queue before service (batching wait included).
        public var meanWaitSeconds: Double
        /// Mean and 99th percentile of wait + own service (calls it makes are not included).
        public var meanSojournSeconds: Double
        /// 99th percentile of wait + own service.
        public var p99SojournSeconds: Double
        /// Visits per second in the measured window.
        public var arrivalRate: Double
        /// Mean number waiting in the queue, by Little's law (arrival rate × mean wait).
        public var meanQueueLength: Double
        /// Calls rejected because the queue was full.
        public var rejected: Int
        /// Calls whose caller stopped waiting.
        public var timeouts: Int
        /// Failed calls tried again.
        public var retries: Int
        /// Failed calls sent to the fallback.
        public var fallbacks: Int
        /// Mean batch size (1 without batching).
        public var meanBatchSize: Double
    }

    /// Average time one component adds to the critical path of the slowest 1 % of requests.
    public struct WaterfallStep: Hashable, Sendable {
        /// Component id.
        public var id: String
        /// Mean seconds on the critical path.
        public var seconds: Double
    }

    /// A component whose offered utilisation is 1 or more.
    public struct Overload: Hashable, Sendable {
        /// Component id.
        public var id: String
        /// Analytic λ·E[S]/c (≥ 1).
        public var offeredUtilization: Double
    }

    /// Running cost of every replica.
    public struct Cost: Hashable, Sendable {
        /// Dollars per hour.
        public var perHour: Double
        /// 730 hours.
        public var perMonth: Double
        /// perHour / (throughput · 3600) · 10⁶; infinite when nothing succeeded.
        public var perMillionRequests: Double
    }

    /// One requirement of a scenario against what the design achieved.
    public struct RequirementCheck: Hashable, Sendable {
        /// `latency_p99`, `availability`, `max_error_rate`, `monthly_budget`, `peak_qps`, ...
        public var name: String
        /// In `unit` (ms, fraction, $/month, requests/s).
        public var target: Double
        /// What the design achieved, in `unit`.
        public var actual: Double
        /// `ms`, `fraction`, `$/month` or `requests/s`.
        public var unit: String
        /// True when `actual` meets `target`.
        public var pass: Bool
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
    /// Successful measured requests per second of the measured window.
    public var throughput: Double
    /// Failed / measured requests.
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
    /// Component with the highest utilisation (measured; offered when unstable).
    public var bottleneck: String
    /// Per-component figures, in design order.
    public var components: [ComponentResult]
    /// Latency-budget waterfall for the slowest 1 %, in component order, components off the path omitted.
    public var criticalPathP99: [WaterfallStep]
    /// The analytic estimate of the same model.
    public var analytic: AnalyticModel
    /// Checked requirements (see ``checked(against:)``).
    public var requirements: [RequirementCheck]
    /// The outages simulated (what-if faults), if any.
    public var outages: [Outage]
    /// End-to-end latency quantiles of successful measured requests, seconds: element `i` is the
    /// `i/200` quantile (0, 0.5 %, …, 100 %), for histograms and CDFs; empty when nothing succeeded.
    public var latencyQuantiles: [Double] = []

    /// The figures of the component with this id.
    public subscript(component id: String) -> ComponentResult? { components.first { $0.id == id } }

    /// True when every checked requirement passes.
    public var meetsRequirements: Bool { requirements.allSatisfy(\.pass) }

    /// This result with every set requirement checked: latency percentiles (simulated), error rate
    /// (simulated), availability (analytic), monthly budget, and peak QPS (the analytic maximum
    /// sustainable QPS must reach it and the run must be stable).
    public func checked(against r: Requirements) -> SimulationResult {
        var out = self
        var checks: [RequirementCheck] = []
        func latency(_ name: String, _ target: TimeSpan?, _ actual: Double) {
            guard let target else { return }
            checks.append(RequirementCheck(name: name, target: target.milliseconds, actual: actual * 1000, unit: "ms",
                                           pass: isStable && actual <= target.seconds))
        }
        if let q = r.peakQPS {
            checks.append(RequirementCheck(name: "peak_qps", target: q.perSecond, actual: analytic.maxQPS, unit: "requests/s",
                                           pass: isStable && analytic.maxQPS >= q.perSecond))
        }
        latency("latency_p50", r.latencyP50, self.latency.p50)
        latency("latency_p95", r.latencyP95, self.latency.p95)
        latency("latency_p99", r.latencyP99, self.latency.p99)
        latency("latency_p999", r.latencyP999, self.latency.p999)
        if let a = r.availability {
            checks.append(RequirementCheck(name: "availability", target: a.fraction, actual: availability, unit: "fraction",
                                           pass: availability >= a.fraction))
        }
        if let e = r.maxErrorRate {
            checks.append(RequirementCheck(name: "max_error_rate", target: e.fraction, actual: errorRate, unit: "fraction",
                                           pass: errorRate <= e.fraction))
        }
        if let b = r.monthlyBudget {
            let budget = b.period == .hour ? b.dollars * 730 : b.dollars
            checks.append(RequirementCheck(name: "monthly_budget", target: budget, actual: cost.perMonth, unit: "$/month",
                                           pass: cost.perMonth <= budget))
        }
        out.requirements = checks
        return out
    }
}

extension Engine {
    func makeResult() -> SimulationResult {
        let endToEnd = histogram(model.components.count)
        let analytic = AnalyticModel(model: model)
        let window = max(windowEnd - windowStart, 0)
        let measured = measuredArrivals
        let failedTotal = errors.reduce(0, +)
        let e2e = endToEnd.quantiles([0.5, 0.95, 0.99, 0.999])
        let latency = SimulationResult.Latency(mean: endToEnd.meanSeconds, p50: e2e[0], p95: e2e[1], p99: e2e[2], p999: e2e[3])
        let throughput = window > 0 ? Double(endToEnd.count) / window : 0
        var components: [SimulationResult.ComponentResult] = []
        for (i, c) in model.components.enumerated() {
            let k = counters[i]
            let sojourn = histogram(i)
            let rate = window > 0 ? Double(k.arrivals) / window : 0
            let wait = k.started > 0 ? k.waitSum / Double(k.started) : 0
            components.append(SimulationResult.ComponentResult(
                id: c.id,
                utilization: window > 0 ? k.busySeconds / (Double(c.servers) * window) : 0,
                meanWaitSeconds: wait, meanSojournSeconds: sojourn.meanSeconds, p99SojournSeconds: sojourn.quantile(0.99),
                arrivalRate: rate, meanQueueLength: rate * wait, rejected: k.rejected, timeouts: k.timeouts,
                retries: k.retries, fallbacks: k.fallbacks,
                meanBatchSize: k.batches > 0 ? Double(k.batchedRequests) / Double(k.batches) : 1))
        }
        // Waterfall over the latency bands at or above the p99 band.
        let n = model.components.count
        var slowSums = Array(repeating: 0.0, count: n)
        var slowCount = 0
        if endToEnd.count > 0 {
            // Bands below `waterfallFirstBand` were not recorded; if p99 lies below it (latency fell
            // over the run), the waterfall covers the recorded, slightly slower, tail.
            let first = max(LatencyHistogram.index(ofSeconds: latency.p99) >> Self.bandShift, waterfallFirstBand)
            for b in first..<Self.bandCount where bandCounts[b] > 0 {
                slowCount += bandCounts[b]
                for i in 0..<n { slowSums[i] += bandSeconds[b * n + i] }
            }
        }
        var waterfall: [SimulationResult.WaterfallStep] = []
        for i in 0..<n where slowCount > 0 && slowSums[i] > 0 {
            waterfall.append(.init(id: model.components[i].id, seconds: slowSums[i] / Double(slowCount)))
        }
        let overloaded = analytic.components.filter { $0.utilization >= 1 }.map { SimulationResult.Overload(id: $0.id, offeredUtilization: $0.utilization) }
        let isStable = overloaded.isEmpty && !wasCutOff
        let bottleneck: String
        if let worst = overloaded.max(by: { $0.offeredUtilization < $1.offeredUtilization }) {
            bottleneck = worst.id
        } else {
            var best = -1.0, id = ""
            for c in components where c.utilization > best { best = c.utilization; id = c.id }
            bottleneck = id
        }
        let perHour = model.costPerHour
        let cost = SimulationResult.Cost(perHour: perHour, perMonth: perHour * 730,
                                         perMillionRequests: throughput > 0 ? perHour / (throughput * 3600) * 1e6 : .infinity)
        var result = SimulationResult(
            seed: seed, requests: measured, warmupRequests: arrived - measured, simulatedSeconds: now, events: eventCount,
            latency: latency, throughput: throughput,
            errorRate: measured > 0 ? Double(failedTotal) / Double(measured) : 0,
            errors: .init(timeout: errors[1], rejected: errors[2], failed: errors[3]),
            availability: analytic.availability, cost: cost, isStable: isStable, wasCutOff: wasCutOff, cutOff: cutOff,
            overloaded: overloaded, bottleneck: bottleneck, components: components, criticalPathP99: waterfall,
            analytic: analytic, requirements: [], outages: model.outages)
        if endToEnd.count > 0 {
            result.latencyQuantiles = endToEnd.quantiles((0...200).map { Double($0) / 200 })
            result.latencyQuantiles[200] = endToEnd.maxSeconds
        }
        return result
    }
}
