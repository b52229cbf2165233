public import MLSDCore
import Foundation

/// How far a design scales: the highest request rate at which every latency, error and
/// availability requirement still passes, found with the simulator.
///
/// The search starts from the analytic bound (the rate at which the busiest component reaches
/// ρ = 1, which no design passes beyond) and narrows a bracket [passes, fails] by probing
/// ``probesPerRound`` evenly spaced rates per round, all with the same seed (common random
/// numbers, so a higher rate never looks better by luck), until the bracket is within
/// ``tolerance`` of its top. Each of ``replications`` independent seeds searches on its own; the
/// answer is their mean with a 95 % Student-t interval. Probes of a round run in parallel; the
/// rates probed do not depend on the number of workers, so the answer is identical for any.
///
/// `peak_qps` (the rate to sustain, not a limit) and `monthly_budget` (which does not depend on
/// the rate) are not part of the search; the report states the budget separately.
///
///     let search = CapacitySearch(scenario: s)
///     let answer = search.run(jobs: 2)
///     answer.maxQPS?.mean   // requests per second
public struct CapacitySearch: Sendable {
    public var scenario: Scenario
    /// Requests per probe (warm-up included) and the first seed.
    public var options: Simulation.Options
    /// Independent searches whose answers make the interval (≥ 2 for an interval).
    public var replications: Int
    /// The search stops when (fails − passes) / fails is at most this.
    public var tolerance: Double
    /// Rates probed per round, spread evenly inside the bracket.
    public static let probesPerRound = 4
    /// Rounds at most (each divides the bracket by 5).
    public static let maximumRounds = 12
    /// Points on the p99 curve drawn from 10 % to 100 % of the answer.
    public static let curvePoints = 10

    /// Requests per probe that the finest latency percentile asked for needs: about 200 answers
    /// beyond it after the warm-up (20k for p99, 220k for p99.9), at least 20k.
    public static func defaultRequests(for requirements: Requirements) -> Int {
        let finest = requirements.targets.compactMap { $0.kind.quantile }.max() ?? 0.99
        let needed = Int((200 / (1 - finest) / 0.9 / 1000).rounded(.up)) * 1000
        return max(20_000, needed)
    }

    public init(scenario: Scenario, options: Simulation.Options = Simulation.Options(stop: .requests(20_000)),
                replications: Int = 5, tolerance: Double = 0.01) {
        self.scenario = scenario
        self.options = options
        self.replications = max(1, replications)
        self.tolerance = tolerance
    }

    /// The requirements a rate is judged by: latency, error rate and availability. The offline
    /// pipeline's (feature freshness, model age, label delay, training budget) are not: load does
    /// not change them (``offlineRequirements``). They were listed under "Judged by", and one that
    /// failed failed every probe: "Max load none", blaming the load for a stale feature.
    public var judgedRequirements: Requirements {
        var r = scenario.requirements
        r.peakQPS = nil
        r.monthlyBudget = nil
        r.featureFreshness = nil
        r.modelMaxAge = nil
        r.labelDelay = nil
        r.trainingBudget = nil
        return r
    }

    /// The offline pipeline's requirements, which the search does not judge (load does not move
    /// them; `mlsd simulate` judges them).
    public var offlineRequirements: Requirements {
        var r = Requirements()
        r.featureFreshness = scenario.requirements.featureFreshness
        r.modelMaxAge = scenario.requirements.modelMaxAge
        r.labelDelay = scenario.requirements.labelDelay
        r.trainingBudget = scenario.requirements.trainingBudget
        return r
    }

    /// Runs the search.
    ///
    /// - Parameters:
    ///   - jobs: worker threads for the probes of a round.
    ///   - progress: called with the share of the work done (0…1) after every round.
    ///   - isCancelled: asked between rounds; a cancelled search returns what it has (``CapacityResult/wasCancelled``).
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public func run(jobs: Int, progress: (@Sendable (Double) -> Void)? = nil,
                    isCancelled: @escaping @Sendable () -> Bool = { false }) throws(SimulationModelError) -> CapacityResult {
        let model = try SimulationModel(design: scenario.design, rate: scenario.offeredRate)
        let analytic = AnalyticModel(model: model)
        let requirements = judgedRequirements
        let bound = analytic.maxQPS.isFinite ? analytic.maxQPS : 1_000_000
        // Rounds a search usually takes, for progress: the first seed probes the bracket's ends and then
        // needs about 3 rounds to narrow a twentieth of the bound to 1 %; later seeds probe ±15 % around
        // the first answer and need about 2; then the curve. Progress stays below 1 until the end.
        let totalRounds = Double(5 + 4 * (replications - 1) + 1)
        var roundsDone = 0.0
        var searches: [CapacityResult.Search] = []
        var cancelled = false
        for replication in 0..<replications {
            let seed = options.seed &+ UInt64(replication) &* 0x9E37_79B9_7F4A_7C15
            var probes: [CapacityResult.Probe] = []
            func probe(_ rates: [Double]) -> [CapacityResult.Probe] {
                let found = parallelMap(rates, jobs: jobs) { rate in self.probe(rate: rate, seed: seed, requirements: requirements) }
                probes += found
                roundsDone += 1
                progress?(min(0.99, roundsDone / totalRounds))
                return found
            }
            // The bracket: the analytic bound fails (ρ ≥ 1 somewhere) unless nothing is judged by
            // load; a twentieth of it passes unless the design is too slow even when idle. Later
            // seeds first try ±15 % around the first seed's answer and widen only if that fails.
            var fails = bound
            var passes = bound / 20
            var bracketHolds = false
            if let first = searches.first, let p = first.passes, let f = first.fails {
                let near = probe([p * 0.85, min(bound, max(f, p) * 1.15)])
                if near[0].passes, !near[1].passes {
                    (passes, fails) = (near[0].rate, near[1].rate)
                    bracketHolds = true
                }
            }
            if !bracketHolds {
                let ends = probe([passes, fails])
                if !ends[0].passes {
                    searches.append(.init(seed: seed, passes: nil, fails: passes, probes: probes))
                    continue
                }
                if ends[1].passes {
                    // Requirements that load cannot break (or a design whose queues shed load without
                    // failing them): the bound itself is the answer.
                    searches.append(.init(seed: seed, passes: fails, fails: nil, probes: probes))
                    continue
                }
            }
            var rounds = 0
            var isComplete = true
            while (fails - passes) / fails > tolerance, rounds < Self.maximumRounds {
                if isCancelled() { cancelled = true; isComplete = false; break }
                let step = (fails - passes) / Double(Self.probesPerRound + 1)
                let rates = (1...Self.probesPerRound).map { passes + Double($0) * step }
                let found = probe(rates)
                // The bracket keeps its ends consistent: the lowest failing rate, and the highest passing one below it.
                if let firstFail = found.firstIndex(where: { !$0.passes }) {
                    fails = found[firstFail].rate
                    if firstFail > 0 { passes = found[firstFail - 1].rate }
                } else {
                    passes = found.last!.rate
                }
                rounds += 1
            }
            searches.append(.init(seed: seed, passes: passes, fails: fails, probes: probes, isComplete: isComplete))
            if cancelled || isCancelled() { cancelled = true; break }
        }
        var result = CapacityResult(searches: searches, analyticBound: bound, limitingComponent: analytic.limitingComponent,
                                    requirements: requirements, wasCancelled: cancelled)
        // The p99 curve up to the answer, with the first seed. Ctrl-C while it runs stops it too
        // (it was read only between the search's rounds, so the curve's second went on and exited
        // 0): a curve with points missing would mislead, so the stopped run has none.
        if !cancelled, let top = result.maxQPS?.mean, top > 0 {
            let rates = (1...Self.curvePoints).map { top * Double($0) / Double(Self.curvePoints) }
            let curve = parallelMap(rates, jobs: jobs) { rate in
                isCancelled() ? nil : self.probe(rate: rate, seed: self.options.seed, requirements: requirements)
            }
            if isCancelled() || curve.contains(where: { $0 == nil }) {
                result.wasCancelled = true
            } else {
                result.curve = curve.compactMap { $0 }
                roundsDone = totalRounds
                progress?(1)
            }
        }
        result.remedies = Self.remedies(scenario: scenario, model: model, analytic: analytic)
        return result
    }

    /// One simulation at `rate`, judged by `requirements`.
    func probe(rate: Double, seed: UInt64, requirements: Requirements) -> CapacityResult.Probe {
        // A probe of a burst or diurnal workload measures one whole cycle, or it cannot be judged.
        var o = options.judgingWholeCycles
        o.rate = Rate(perSecond: rate)
        o.seed = seed
        var s = scenario
        s.requirements = requirements
        guard let r = try? Simulation.run(s, options: o) else {
            return CapacityResult.Probe(rate: rate, p99: .infinity, failing: [], passes: false, bottleneck: "", utilization: 0)
        }
        let failing = r.requirements.filter { !$0.passes }
        // The bottleneck by offered load (visits × mean service ÷ capacity), not by busy share: a
        // probe is a short run, and a component with long services is still far below its steady
        // busy share when it ends (content-moderation's human reviewers, minutes a case: 28 % busy
        // at 93.6 % offered), so the busy share named the image classifier as the bottleneck while
        // the reviewers were what broke just above the maximum.
        let heaviest = r.components.max { $0.offeredUtilization < $1.offeredUtilization }
        return CapacityResult.Probe(rate: rate, p99: r.successes > 0 ? r.latency.p99 : .infinity, failing: failing,
                                    passes: failing.isEmpty && r.isStable, bottleneck: heaviest?.id ?? "",
                                    utilization: heaviest?.offeredUtilization ?? 0)
    }

    /// What would move the analytic limit: more replicas of the limiting component (until another
    /// component limits), and for a model server the speed-ups it does not use yet.
    static func remedies(scenario: Scenario, model: SimulationModel, analytic: AnalyticModel) -> [CapacityResult.Remedy] {
        let id = analytic.limitingComponent
        guard let c = scenario.design[id], analytic.maxQPS.isFinite else { return [] }
        func bound(_ changes: [DesignOverride]) -> (Double, String)? {
            guard let s = try? scenario.applying(changes), let m = try? SimulationModel(design: s.design, rate: s.offeredRate) else { return nil }
            let a = AnalyticModel(model: m)
            return (a.maxQPS, a.limitingComponent)
        }
        var out: [CapacityResult.Remedy] = []
        // Replicas: the fewest more that hand the limit to another component (at most double).
        var extra = 1
        var best: (Int, Double, String)?
        while extra <= max(1, c.replicas) {
            guard let (q, limiting) = bound([DesignOverride(target: id, key: "replicas", value: "\(c.replicas + extra)")]) else { break }
            best = (c.replicas + extra, q, limiting)
            if limiting != id { break }
            extra += max(1, extra / 2)
        }
        if let (replicas, q, limiting) = best, q > analytic.maxQPS {
            out.append(.init(change: "\(id).replicas=\(replicas)", analyticBound: q, nextLimit: limiting))
        }
        if c.kind == .modelServer {
            // Not a GPU runtime (TensorRT) for a model server on CPU: it could not run there; and
            // not a second runtime beside ONNX or TensorRT: the two do not combine.
            let onCPU = (c.hardware ?? .cpu) == .cpu
            let runtimes: Set<Optimization> = [.onnx, .tensorrt]
            let hasRuntime = c.optimizations.contains { runtimes.contains($0) }
            for o in Optimization.allCases where !c.optimizations.contains(o) && !(onCPU && o.needsGPU) && !(hasRuntime && runtimes.contains(o)) {
                let list = (c.optimizations + [o]).map(\.rawValue).joined(separator: ",")
                if let (q, limiting) = bound([DesignOverride(target: id, key: "optimizations", value: list)]), q > analytic.maxQPS * 1.01 {
                    out.append(.init(change: "\(id).optimizations=\(list)", analyticBound: q, nextLimit: limiting))
                }
            }
        }
        return out.sorted { $0.analyticBound > $1.analyticBound }.prefix(4).map { $0 }
    }
}

/// What a ``CapacitySearch`` found.
public struct CapacityResult: Sendable, Equatable {
    /// One simulated rate and its verdict.
    public struct Probe: Sendable, Hashable {
        public var rate: Double
        /// p99 of successful answers, seconds (∞ when none).
        public var p99: Double
        /// Requirements that failed at this rate.
        public var failing: [Requirement]
        public var passes: Bool
        /// The run's bottleneck: the component with the highest offered utilisation (the share of
        /// its capacity the work sent to it asks for; over 1 when it is overloaded), and that share.
        public var bottleneck: String
        public var utilization: Double
        /// The bottleneck's load in words: "58.2% of its capacity".
        public var loadPhrase: String { FigureFormat.percent(utilization) + " of its capacity" }
    }

    /// One seed's search: the bracket it ended with and every probe.
    public struct Search: Sendable, Equatable {
        public var seed: UInt64
        /// Highest rate that passed; nil when even the lowest probe failed.
        public var passes: Double?
        /// Lowest rate that failed; nil when the analytic bound itself passed.
        public var fails: Double?
        public var probes: [Probe]
        /// False when the search was cancelled before its bracket narrowed: `passes` did pass, but
        /// the seed's maximum may be higher.
        public var isComplete = true
    }

    /// A change and the analytic limit it would give.
    public struct Remedy: Sendable, Hashable {
        /// As a `--set` argument: `scorer.replicas=15`.
        public var change: String
        public var analyticBound: Double
        /// The component that limits after the change.
        public var nextLimit: String
    }

    /// A figure over the replications: the mean and its 95 % interval (nil with one replication).
    public struct Estimate: Sendable, Hashable {
        public var mean: Double
        public var low: Double?
        public var high: Double?
        public var samples: Int
        /// True when the Student-t interval reached past the analytic bound and `high` was cut to
        /// it: no search looks beyond the bound, and no rate there is sustainable (ρ ≥ 1).
        public var isCapped = false
    }

    public var searches: [Search]
    /// Rate at which the busiest component reaches ρ = 1.
    public var analyticBound: Double
    public var limitingComponent: String
    /// The requirements the rates were judged by.
    public var requirements: Requirements
    public var wasCancelled: Bool
    /// p99 from 10 % to 100 % of the answer (first seed).
    public var curve: [Probe] = []
    public var remedies: [Remedy] = []

    /// The highest passing rate over the replications; nil when a search found none.
    /// A search cut short by cancellation counts only when no search finished (see ``isLowerBound``).
    public var maxQPS: Estimate? {
        let values = answering.compactMap(\.passes)
        guard !values.isEmpty, values.count == answering.count else { return nil }
        return Self.estimate(values, cap: analyticBound)
    }

    /// The lowest failing rate over the replications that found one (where the first requirement
    /// breaks); nil when none did. A search whose top, the analytic bound, passed has no failing
    /// rate and is left out, so ``Estimate/samples`` may be fewer than the replications.
    public var failsAt: Estimate? {
        let values = answering.compactMap(\.fails)
        guard !values.isEmpty else { return nil }
        return Self.estimate(values, cap: analyticBound)
    }

    /// True when ``maxQPS`` rests only on a search cancelled before its bracket narrowed: a rate that
    /// passed, so the maximum is at least that.
    public var isLowerBound: Bool { !searches.isEmpty && !searches.contains(where: \.isComplete) }

    /// The searches the answer is made of: the finished ones, or the cut-short one when none finished.
    var answering: [Search] {
        let complete = searches.filter(\.isComplete)
        return complete.isEmpty ? searches : complete
    }

    /// The probe just above the answer in the first search: what fails first and why.
    public var firstFailure: Probe? {
        guard let s = searches.first, let f = s.fails else { return nil }
        return s.probes.first { $0.rate == f }
    }

    /// What fails first, as the reports print it: "Above it" and the first seed's failing probe,
    /// or "First fails" when that rate lies below the mean maximum over the seeds (rag-assistant:
    /// max 20.2/s, the first seed failing at 20.1/s); nil without a maximum or a failing probe.
    public var firstFailureLine: (label: String, text: String)? {
        guard let m = maxQPS, let f = firstFailure else { return nil }
        let why = f.failing.first?.reason ?? "the run is unstable: \(f.bottleneck) is overloaded"
        let isAbove = f.rate > m.mean
        return (isAbove ? "Above it" : "First fails", "\(why) (first seed, at \(FigureFormat.rate(perSecond: f.rate))"
                + (isAbove ? "" : "; other seeds passed higher, and the maximum is the mean over seeds")
                + (curveDisagreement(failingAt: f.rate, maximum: m.mean).map { "; \($0)" } ?? "") + ")")
    }

    /// When the p99 curve (the first seed again, at other rates) contradicts the search near the
    /// limit — a pass above the first seed's failing rate, or a fail at or under the maximum — the
    /// words that say so, since the chart shows it: pass and fail are not monotone in the rate
    /// there (rag-assistant: failing at 20.1/s, the curve passing at 20.2/s; content-moderation:
    /// the maximum 1.43k/s, the curve failing at 1.41k/s). Nil when they agree.
    func curveDisagreement(failingAt rate: Double, maximum: Double) -> String? {
        if let p = curve.last(where: { $0.passes && $0.rate > rate }) {
            return "the same seed passed at \(FigureFormat.rate(perSecond: p.rate)) on the curve: this near the limit, pass or fail is partly chance"
        }
        if let p = curve.first(where: { !$0.passes && $0.rate <= maximum }) {
            return "the same seed failed at \(FigureFormat.rate(perSecond: p.rate)) on the curve: this near the limit, pass or fail is partly chance"
        }
        return nil
    }

    /// The probe at the answer: the curve's last point, a run at the reported maximum; without a
    /// curve, the first search's highest passing rate. The first search's probe sits at that seed's
    /// own answer, not the mean over seeds: content-moderation's line read its reviewers 91.1 %
    /// busy "at the maximum" while the curve's point there read 112 %.
    public var atMaximum: Probe? {
        if let m = maxQPS?.mean, let last = curve.last, abs(last.rate - m) <= 1e-9 * max(m, 1) { return last }
        guard let s = searches.first, let p = s.passes else { return nil }
        return s.probes.first { $0.rate == p }
    }

    /// The first curve point whose p99 is more than twice the lightest point's: where the curve turns up.
    public var knee: Double? {
        guard let base = curve.first?.p99, base > 0, base.isFinite else { return nil }
        return curve.first { !$0.p99.isFinite || $0.p99 > 2 * base }?.rate
    }

    /// The mean of `values` and its 95 % interval, the interval cut to [0, `cap`]: every value is
    /// a rate the search probed inside the analytic bound, but with few seeds the Student-t
    /// interval is wide (t = 12.7 for two) and reached past it (search-ranking, two seeds:
    /// 14.6k–16.1k/s against a bound of 15.4k/s).
    static func estimate(_ values: [Double], cap: Double) -> Estimate {
        let mean = values.reduce(0, +) / Double(values.count)
        guard let ci = ConfidenceInterval(samples: values) else { return Estimate(mean: mean, low: nil, high: nil, samples: values.count) }
        let capped = cap.isFinite && ci.high > cap
        return Estimate(mean: ci.value, low: max(0, ci.low), high: capped ? cap : ci.high, samples: values.count, isCapped: capped)
    }
}

