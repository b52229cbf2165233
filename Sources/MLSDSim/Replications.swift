public import MLSDCore
import Dispatch
import Foundation

/// How many independent replications of a run to make, and how many at once.
///
/// With ``precision`` nil, exactly ``replications`` runs. With a precision, it starts with
/// ``replications`` and adds more until the p99's 95 % interval has a half-width within
/// `precision` of the estimate, or ``maximumReplications`` have run (README "Intervals").
///
///     let plan = ReplicationPlan(replications: 8, precision: 0.02, jobs: 2)
public struct ReplicationPlan: Hashable, Sendable {
    /// Replications of a fixed plan; the first batch of a precision plan. At least 2.
    public var replications: Int
    /// Wanted half-width of the p99's interval as a share of the p99 (0.02 for ±2 %); nil runs
    /// exactly ``replications``.
    public var precision: Double?
    /// Most replications a precision plan runs (the cap); reported when hit.
    public var maximumReplications: Int
    /// Replications run at once; any number gives the same result.
    public var jobs: Int
    /// Confidence level of the intervals.
    public var level: Double

    /// Replications a precision plan starts with: enough for a usable variance (t(7) = 2.36).
    public static let defaultInitialReplications = 8
    /// The cap of a precision plan.
    public static let defaultMaximumReplications = 100
    /// Requests per replication of a precision run unless told otherwise (`mlsd simulate
    /// --precision` and the TUI): short enough that replications, not length, buy the precision
    /// (8 of them gave every shipped scenario's p99 within ±1.4 %); long enough for 180 answers
    /// beyond the p99 in each, and a warm-up of 2 000.
    public static let defaultRequestsPerReplication = 20_000

    /// Requests per replication of a precision run of this design at `rate` (its offered rate when
    /// nil): the default, or more when that would span less than ``ShortRun/servicesNeeded`` services
    /// of its slowest component, at most 1M. support-chat's human agents take about 300 s a
    /// conversation: 20k requests at 60/s span 300 s, and every replication read "unstable: agents
    /// at 102% offered" for a design a 200k run finds stable with them 92 % busy. A burst or diurnal
    /// workload gets enough to measure one whole cycle (``ShortRun/requestsForCycle(scenario:rate:)``).
    public static func requestsPerReplication(for scenario: Scenario, rate: Double? = nil) -> Int {
        let needed = ShortRun.requestsToSettle(scenario: scenario, rate: rate ?? scenario.offeredRate.perSecond)
        return max(defaultRequestsPerReplication, min(needed, 1_000_000))
    }

    public init(replications: Int = ReplicationPlan.defaultInitialReplications, precision: Double? = nil,
                maximumReplications: Int = ReplicationPlan.defaultMaximumReplications, jobs: Int = 1, level: Double = 0.95) {
        self.replications = max(2, replications)
        self.precision = precision
        self.maximumReplications = max(self.replications, maximumReplications)
        self.jobs = max(1, jobs)
        self.level = level
    }
}

extension SimulationResult {
    /// The 95 % confidence intervals of a replicated run's headline figures (Student t over the
    /// replication estimates; see ``ConfidenceInterval``), in the result's units (seconds,
    /// requests per second, fractions, dollars). A figure is nil when some replication could not
    /// give it (no successful answer, so no latency; no throughput, so no cost per request).
    public struct Intervals: Hashable, Sendable {
        /// What became of a ``ReplicationPlan/precision`` target.
        public struct Precision: Hashable, Sendable {
            /// The half-width asked for, as a share of the p99.
            public var target: Double
            /// The cap on replications.
            public var maximumReplications: Int
            /// True when the p99's interval reached the target.
            public var reached: Bool
            /// Why more replications were not run when the target was not reached: the cap, an
            /// unstable design, a p99 that cannot be estimated, a cancelled run.
            public var stoppedBecause: String?
        }

        /// One replication's headline figures (latencies NaN when it answered nothing), for paired
        /// comparisons of two designs run on the same seeds.
        public struct Estimates: Hashable, Sendable {
            public var latencyMean, latencyP50, latencyP95, latencyP99, latencyP999: Double
            public var throughput, errorRate, degradedShare, costPerMillionRequests: Double
        }

        /// Replications run.
        public var replications: Int
        /// Seed of each replication, in order: the run's seed, then outputs of SplitMix64 seeded with it.
        public var seeds: [UInt64]
        /// Confidence level, 0.95.
        public var level: Double
        public var latencyMean: ConfidenceInterval?
        public var latencyP50: ConfidenceInterval?
        public var latencyP95: ConfidenceInterval?
        public var latencyP99: ConfidenceInterval?
        public var latencyP999: ConfidenceInterval?
        public var throughput: ConfidenceInterval?
        public var errorRate: ConfidenceInterval?
        public var degradedShare: ConfidenceInterval?
        public var costPerMillionRequests: ConfidenceInterval?
        /// End-to-end TTFT and TPOT percentiles, for designs with an llm_server whose every
        /// replication streamed answers; nil otherwise.
        public var ttftP50: ConfidenceInterval? = nil
        public var ttftP99: ConfidenceInterval? = nil
        public var tpotP50: ConfidenceInterval? = nil
        public var tpotP99: ConfidenceInterval? = nil
        /// The precision target and whether it was met; nil for a fixed number of replications.
        public var precision: Precision?
        /// Each replication's figures, in seed order.
        public var estimates: [Estimates] = []

        /// The 95 % interval of `other`'s figure minus this one's, by paired Student t over the
        /// replications' differences, over the replications both ran (the same seeds, so they share
        /// their random numbers and the difference is far more precise than either figure); nil
        /// when they share fewer than two seeds.
        ///
        ///     a.intervals?.change(to: b.intervals!, \.latencyP99)   // seconds, B − A
        public func change(to other: Intervals, _ figure: KeyPath<Estimates, Double>) -> ConfidenceInterval? {
            let n = min(estimates.count, other.estimates.count, seeds.count, other.seeds.count)
            guard n >= 2, seeds.prefix(n) == other.seeds.prefix(n) else { return nil }
            return ConfidenceInterval(samples: zip(estimates.prefix(n), other.estimates.prefix(n)).map { $1[keyPath: figure] - $0[keyPath: figure] }, level: level)
        }

        /// The interval of the figure a requirement of this kind judges, when the run measures it;
        /// nil for the budget (no spread) and the peak load (its verdict allows for the run's noise).
        public func interval(for kind: Requirement.Kind) -> ConfidenceInterval? {
            switch kind {
            case .latencyP50: latencyP50
            case .latencyP95: latencyP95
            case .latencyP99: latencyP99
            case .latencyP999: latencyP999
            case .maxErrorRate: errorRate
            case .peakQPS: nil
            case .availability: errorRate.map { ConfidenceInterval(value: 1 - $0.value, halfWidth: $0.halfWidth, within: 0...1) }
            case .monthlyBudget, .featureFreshness, .modelMaxAge, .labelDelay, .trainingBudget: nil
            case .ttftP50: ttftP50
            case .ttftP99: ttftP99
            case .tpotP50: tpotP50
            case .tpotP99: tpotP99
            }
        }
    }
}

extension Simulation {
    /// Seeds of `count` replications of a run with `seed`: the seed itself, then successive outputs
    /// of ``SplitMix64`` seeded with it (so replication 1 is the plain run, and the others' random
    /// streams do not overlap it or each other in practice).
    public static func replicationSeeds(_ seed: UInt64, count: Int) -> [UInt64] {
        var generator = SplitMix64(seed: seed)
        return (0..<max(count, 0)).map { $0 == 0 ? seed : generator.next() }
    }

    /// Runs independent replications of this simulation (each from an empty system, with its own
    /// seed from ``replicationSeeds(_:count:)``), `plan.jobs` at a time, and combines them: the
    /// headline figures are the means of the replications' figures, with their Student t intervals
    /// in ``SimulationResult/intervals``; counts are totals over the replications.
    ///
    /// `isCancelled` is asked as in ``run(until:isCancelled:)`` and at the end of each replication,
    /// with the share of the planned replications done; once it says yes, each replication stops at
    /// its next check (within 65 536 events), no further round is planned, and the result is
    /// marked cut off.
    /// Requirements are not checked (see ``Simulation/run(_:catalog:options:plan:isCancelled:)``).
    ///
    /// - Complexity: the replications' runs spread over `plan.jobs` threads; the result is identical
    ///   for any `jobs`, since the number of replications depends only on their results.
    public func replicated(until stop: StopCondition, plan: ReplicationPlan,
                           isCancelled: (@Sendable (Double) -> Bool)? = nil) -> SimulationResult {
        let progress = ReplicationProgress()
        var runs: [SimulationResult] = []
        var planned = plan.replications
        var outcome: SimulationResult.Intervals.Precision?
        while true {
            let seeds = Self.replicationSeeds(seed, count: planned)
            progress.plan(done: runs.count, total: planned)
            runs += runBatch(seeds: Array(seeds[runs.count...]), first: runs.count, until: stop, jobs: plan.jobs,
                             progress: progress, isCancelled: isCancelled)
            guard let target = plan.precision else { break }
            let p99 = ConfidenceInterval(samples: runs.map { $0.successes > 0 ? $0.latency.p99 : .nan }, level: plan.level)
            var stop: String?
            if runs.contains(where: { $0.cutOff == .cancelled }) {
                stop = "the run was cancelled"
            } else if !runs.allSatisfy(\.isStable) {
                stop = "the design is unstable, so the p99 grows with the run's length and more replications cannot pin it"
            } else if p99 == nil {
                stop = "no p99 to estimate: a replication had no successful answer"
            } else if let p99, p99.relativeHalfWidth <= target {
                outcome = .init(target: target, maximumReplications: plan.maximumReplications, reached: true)
                break
            } else if runs.count >= plan.maximumReplications {
                stop = "the cap of \(plan.maximumReplications) replications was reached"
            }
            if let stop {
                outcome = .init(target: target, maximumReplications: plan.maximumReplications, reached: false, stoppedBecause: stop)
                break
            }
            // Replications needed if the spread stays as measured (the half-width falls as 1/√n),
            // at most doubling per round so one noisy variance cannot send the count far past it.
            let n = runs.count
            let ratio = (p99?.relativeHalfWidth ?? 1) / target
            let needed = (Double(n) * ratio * ratio).rounded(.up)
            let next = needed.isFinite ? Int(min(needed, Double(2 * n))) : 2 * n
            planned = min(plan.maximumReplications, max(n + 1, next))
        }
        var combined = Self.combine(runs, seed: seed, level: plan.level)
        combined.intervals?.precision = outcome
        return combined
    }

    private func runBatch(seeds: [UInt64], first: Int, until stop: StopCondition, jobs: Int, progress: ReplicationProgress,
                          isCancelled: (@Sendable (Double) -> Bool)?) -> [SimulationResult] {
        let base = self
        return parallelMap(count: seeds.count, jobs: jobs) { k in
            let simulation = Simulation(model: base.model, seed: seeds[k], warmupFraction: base.warmupFraction,
                                        inFlightLimit: base.inFlightLimit, eventLimit: base.eventLimit)
            let result: SimulationResult
            if let isCancelled {
                let slot = first + k
                result = simulation.run(until: stop) { fraction in isCancelled(progress.update(slot, fraction)) }
            } else {
                result = simulation.run(until: stop)
            }
            // Each replication's end is progress too (a short one never reaches the engine's check).
            let done = progress.update(first + k, 1)
            _ = isCancelled?(done)
            return result
        }
    }

    /// One result from replications: means of their figures (counts summed), the intervals of the
    /// headline figures, stable only when every replication was.
    static func combine(_ runs: [SimulationResult], seed: UInt64, level: Double) -> SimulationResult {
        precondition(!runs.isEmpty, "combine needs at least one replication")
        let n = Double(runs.count)
        func mean(_ f: (SimulationResult) -> Double) -> Double { runs.reduce(0) { $0 + f($1) } / n }
        func sum(_ f: (SimulationResult) -> Int) -> Int { runs.reduce(0) { $0 + f($1) } }
        // Every headline figure is at least 0; shares are at most 1.
        func interval(_ f: (SimulationResult) -> Double, within bounds: ClosedRange<Double> = 0...Double.infinity) -> ConfidenceInterval? {
            ConfidenceInterval(samples: runs.map(f), level: level, within: bounds)
        }
        let answered = runs.allSatisfy { $0.successes > 0 }
        func latency(_ f: @escaping (SimulationResult.Latency) -> Double) -> ConfidenceInterval? {
            answered ? interval { f($0.latency) } : nil
        }

        var out = runs[0]
        out.seed = seed
        out.requests = sum(\.requests)
        out.warmupRequests = sum(\.warmupRequests)
        out.simulatedSeconds = runs.reduce(0) { $0 + $1.simulatedSeconds }
        out.neverStartedFaults = runs[0].neverStartedFaults.filter { o in runs.allSatisfy { $0.neverStartedFaults.contains(o) } }
        out.overcommittedFaults = runs.flatMap(\.overcommittedFaults).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        out.events = sum(\.events)
        out.latency = .init(mean: mean(\.latency.mean), p50: mean(\.latency.p50), p95: mean(\.latency.p95),
                            p99: mean(\.latency.p99), p999: mean(\.latency.p999))
        out.throughput = mean(\.throughput)
        out.successes = sum(\.successes)
        out.answeredUnmeasured = sum(\.answeredUnmeasured)
        out.degraded = sum(\.degraded)
        out.errorRate = mean(\.errorRate)
        out.errors = .init(timeout: sum(\.errors.timeout), rejected: sum(\.errors.rejected), failed: sum(\.errors.failed))
        let costPerMillion = runs.allSatisfy { $0.cost.perMillionRequests.isFinite } ? interval(\.cost.perMillionRequests) : nil
        out.cost.perMillionRequests = costPerMillion?.value
            ?? (out.throughput > 0 ? out.cost.perHour / (out.throughput * 3600) * 1e6 : .infinity)
        out.isStable = runs.allSatisfy(\.isStable)
        out.wasCutOff = runs.contains(where: \.wasCutOff)
        out.cutOff = runs.lazy.compactMap(\.cutOff).first

        out.components = runs[0].components.indices.map { i in
            func m(_ f: (SimulationResult.ComponentResult) -> Double) -> Double { mean { f($0.components[i]) } }
            func s(_ f: (SimulationResult.ComponentResult) -> Int) -> Int { sum { f($0.components[i]) } }
            var c = runs[0].components[i]
            c.utilization = m(\.utilization)
            // Times over the replications that measured one (NaN in a run where no measured call
            // reached the component); NaN when none did.
            func measured(_ f: (SimulationResult.ComponentResult) -> Double) -> Double {
                let values = runs.map { f($0.components[i]) }.filter { !$0.isNaN }
                return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
            }
            c.meanWaitSeconds = measured(\.meanWaitSeconds)
            c.meanSojournSeconds = measured(\.meanSojournSeconds)
            c.p99SojournSeconds = measured(\.p99SojournSeconds)
            c.arrivalRate = m(\.arrivalRate)
            c.meanQueueLength = measured(\.meanQueueLength)
            c.rejected = s(\.rejected)
            c.timeouts = s(\.timeouts)
            c.retries = s(\.retries)
            c.fallbacks = s(\.fallbacks)
            c.retriesDenied = s(\.retriesDenied)
            c.meanBatchSize = m(\.meanBatchSize)
            c.attemptsPerRequest = m(\.attemptsPerRequest)
            c.offeredUtilization = m(\.offeredUtilization)
            c.retryAmplification = m(\.retryAmplification)
            c.goodput = m(\.goodput)
            return c
        }
        // Overloaded in any replication: the largest offered load seen, in design order.
        out.overloaded = out.components.compactMap { c in
            let seen = runs.flatMap(\.overloaded).filter { $0.id == c.id }
            guard let worst = seen.max(by: { $0.offeredUtilization < $1.offeredUtilization }) else { return nil }
            return worst
        }
        out.bottleneck = out.worstComponent
        out.criticalPathP99 = out.components.compactMap { c in
            let seconds = mean { r in r.criticalPathP99.first { $0.id == c.id }?.seconds ?? 0 }
            return seconds > 0 ? .init(id: c.id, seconds: seconds) : nil
        }
        // The quantile function averaged over the replications that answered (for charts).
        let curves = runs.map(\.latencyQuantiles).filter { $0.count == runs[0].latencyQuantiles.count && !$0.isEmpty }
        out.latencyQuantiles = curves.isEmpty ? [] : curves[0].indices.map { i in curves.reduce(0) { $0 + $1[i] } / Double(curves.count) }
        // Token figures: means over the replications (counts summed), like the latency.
        func tokens(_ f: (SimulationResult) -> SimulationResult.TokenLatency?) -> SimulationResult.TokenLatency? {
            let all = runs.compactMap(f)
            guard all.count == runs.count, all.allSatisfy({ $0.count > 0 }) else { return f(runs[0]) }
            let k = Double(all.count)
            return .init(count: all.reduce(0) { $0 + $1.count }, mean: all.reduce(0) { $0 + $1.mean } / k, p50: all.reduce(0) { $0 + $1.p50 } / k,
                         p90: all.reduce(0) { $0 + $1.p90 } / k, p99: all.reduce(0) { $0 + $1.p99 } / k)
        }
        func tokenInterval(_ f: @escaping (SimulationResult) -> SimulationResult.TokenLatency?, _ q: @escaping (SimulationResult.TokenLatency) -> Double) -> ConfidenceInterval? {
            runs.allSatisfy({ (f($0)?.count ?? 0) > 0 }) ? interval { q(f($0)!) } : nil
        }
        out.endToEndTTFT = tokens(\.endToEndTTFT)
        out.endToEndTPOT = tokens(\.endToEndTPOT)
        out.llm = runs[0].llm.indices.map { i in
            var l = runs[0].llm[i]
            func m(_ f: (SimulationResult.LLMServerResult) -> Double) -> Double { mean { f($0.llm[i]) } }
            l.ttft = tokens { $0.llm[i].ttft } ?? l.ttft
            l.tpot = tokens { $0.llm[i].tpot } ?? l.tpot
            l.outputTokensPerSecond = m(\.outputTokensPerSecond)
            l.meanBatch = m(\.meanBatch)
            l.meanKVUtilization = m(\.meanKVUtilization)
            l.peakKVUtilization = runs.map { $0.llm[i].peakKVUtilization }.max() ?? l.peakKVUtilization
            l.preemptions = sum { $0.llm[i].preemptions }
            l.refusedTooLong = sum { $0.llm[i].refusedTooLong }
            l.answered = sum { $0.llm[i].answered }
            return l
        }
        out.requirements = []
        var warnings: [String] = []
        for w in runs.flatMap(\.warnings) where !warnings.contains(w) { warnings.append(w) }
        out.warnings = warnings
        out.intervals = SimulationResult.Intervals(
            replications: runs.count, seeds: runs.map(\.seed), level: level,
            latencyMean: latency(\.mean), latencyP50: latency(\.p50), latencyP95: latency(\.p95),
            latencyP99: latency(\.p99), latencyP999: latency(\.p999),
            throughput: interval(\.throughput), errorRate: interval(\.errorRate, within: 0...1), degradedShare: interval(\.degradedShare, within: 0...1),
            costPerMillionRequests: costPerMillion,
            ttftP50: tokenInterval(\.endToEndTTFT, \.p50), ttftP99: tokenInterval(\.endToEndTTFT, \.p99),
            tpotP50: tokenInterval(\.endToEndTPOT, \.p50), tpotP99: tokenInterval(\.endToEndTPOT, \.p99), precision: nil,
            estimates: runs.map { r in
                let l = r.successes > 0 ? r.latency : .init(mean: .nan, p50: .nan, p95: .nan, p99: .nan, p999: .nan)
                return .init(latencyMean: l.mean, latencyP50: l.p50, latencyP95: l.p95, latencyP99: l.p99, latencyP999: l.p999,
                             throughput: r.throughput, errorRate: r.errorRate, degradedShare: r.degradedShare,
                             costPerMillionRequests: r.cost.perMillionRequests)
            })
        return out
    }

    /// Builds the model of a scenario's design, runs replications of it by `plan`, and checks the
    /// scenario's requirements against the point estimates. A requirement whose figure has an
    /// interval carries it (``Requirement/interval``), so a verdict whose interval straddles the
    /// target says so; warnings name what the replications cannot settle.
    ///
    ///     let r = try Simulation.run(s, options: .init(seed: 42, stop: .requests(50_000)),
    ///                                plan: ReplicationPlan(precision: 0.02, jobs: 2))
    ///     r.intervals?.latencyP99?.halfWidth    // seconds
    ///
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public static func run(_ scenario: Scenario, catalog: Catalog = .standard, options: Options = Options(), plan: ReplicationPlan,
                           isCancelled: (@Sendable (Double) -> Bool)? = nil) throws(SimulationModelError) -> SimulationResult {
        let model = try SimulationModel(design: scenario.design, catalog: catalog, rate: options.rate ?? scenario.modelRate)
            .withOutages(options.outages)
        var result = Simulation(model: model, seed: options.seed, warmupFraction: options.warmupFraction)
            .replicated(until: options.stop, plan: plan, isCancelled: isCancelled)
        result.requirements = result.checked(against: scenario.requirements).requirements.map { requirement in
            var q = requirement
            // The interval of what the verdict compared. Not the peak's: its verdict already allows
            // for the run's Poisson noise (and below the peak its actual is the analytic capacity).
            // Availability's only when the measured share, not the analytic figure, is the actual.
            if q.kind != .peakQPS, q.kind != .availability || q.actual == result.successRatio {
                q.interval = result.intervals?.interval(for: q.kind).map { $0.low...$0.high }
            }
            return q
        }
        result.warnings += replicationWarnings(result, requirements: scenario.requirements, stop: options.stop)
        return result
    }

    /// Replications shorter than this, of a design whose busiest component is 80 % busy or more,
    /// warn that their intervals cover less often than stated.
    public static let busyReplicationRequests = 200_000

    /// What the replications cannot settle: each replication too short for a percentile asked
    /// for, an unstable design, a precision target not reached.
    static func replicationWarnings(_ r: SimulationResult, requirements: Requirements, stop: StopCondition) -> [String] {
        guard let intervals = r.intervals else { return [] }
        var warnings: [String] = []
        let perReplication = r.successes / max(intervals.replications, 1)
        var quantiles = requirements.targets.compactMap(\.kind.quantile)
        if intervals.precision != nil, !quantiles.contains(0.99) { quantiles.append(0.99) }
        for q in quantiles.sorted() {
            let beyond = Double(perReplication) * (1 - q)
            if beyond < Double(SimulationResult.recommendedTailSamples) {
                let needed = Double(SimulationResult.recommendedTailSamples) / (1 - q)
                warnings.append("each replication has about \(Int(beyond.rounded(.down))) successful answers beyond its \(SimulationResult.percentileName(q)); "
                    + "a percentile of so few is biased, and more replications do not remove that: "
                    + "\(FigureFormat.count(Int(needed.rounded()))) or more answers per replication (raise --requests)")
            }
        }
        if !r.isStable {
            warnings.append("the design is unstable: each replication's figures grow with its length, so the intervals describe runs of this length, not a steady state")
        }
        // Measured with `mlsd-bench --coverage` (README "Intervals"): at ρ ≥ 0.8, short replications
        // start far from the steady state and their estimates are skewed, so coverage falls below 95 %.
        let length = (r.requests + r.warmupRequests) / max(intervals.replications, 1)
        if r.isStable, length < busyReplicationRequests, let busiest = r[component: r.bottleneck], busiest.utilization >= 0.8 {
            warnings.append("\(busiest.id) is \(FigureFormat.percent(busiest.utilization)) busy: with replications of \(FigureFormat.count(length)) requests "
                + "a busy queue's start from empty and its skew make the 95% intervals cover the truth less often "
                + "(84–92% on M/M/1 at 90% busy); replications of 200k requests (--requests 200k) bring it to about 95%")
        }
        if let p = intervals.precision, !p.reached {
            let got = intervals.latencyP99.map { "p99 is ±\(FigureFormat.percent($0.relativeHalfWidth))" } ?? "p99 has no interval"
            warnings.append("precision \(FigureFormat.percent(p.target)) not reached: \(got) after \(intervals.replications) replications; "
                + "stopped because \(p.stoppedBecause ?? "of the cap")")
        }
        return warnings
    }
}

/// How far each replication has got, for one progress figure over all of them.
private final class ReplicationProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var fractions: [Int: Double] = [:]
    private var total = 1

    func plan(done: Int, total: Int) {
        lock.withLock {
            self.total = max(total, 1)
            for i in 0..<done { fractions[i] = 1 }
        }
    }

    /// Records replication `slot` at `fraction` and returns the share of the planned work done.
    @discardableResult
    func update(_ slot: Int, _ fraction: Double) -> Double {
        lock.withLock {
            fractions[slot] = min(max(fraction, 0), 1)
            return min(fractions.values.reduce(0, +) / Double(total), 1)
        }
    }
}

