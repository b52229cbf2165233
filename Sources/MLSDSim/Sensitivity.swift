public import MLSDCore

/// What to optimise first: how p99, the error rate and the cost move when one component's service
/// time, replicas or hit ratio moves by ±``change`` while everything else stays.
///
/// Every variant runs with the same seed as the base run (common random numbers), so a difference
/// is the change's, not the dice's. Service time scales the component's own service (as a speed-up
/// would); replicas round to the nearest whole replica that differs from today's (at least 1); a
/// cache's hit ratio moves relatively and stays within 0–100 %.
///
///     let rows = try SensitivityAnalysis(scenario: s).run(jobs: 2).rows   // largest p99 swing first
public struct SensitivityAnalysis: Sendable {
    public var scenario: Scenario
    public var options: Simulation.Options
    /// The relative change each way (0.2 = ±20 %).
    public var change: Double
    /// Runs of the design as it is with other seeds (the seed + 1, + 2, …), which measure how far
    /// its p99 moves by chance at this run length (``SensitivityResult/noiseP99``).
    public var noiseSeeds = 2

    public init(scenario: Scenario, options: Simulation.Options = Simulation.Options(stop: .requests(50_000)), change: Double = 0.2) {
        self.scenario = scenario
        self.options = options
        self.change = change
    }

    /// A parameter a row moves.
    public enum Parameter: String, Sendable, Hashable, CaseIterable {
        case serviceTime = "service time"
        case replicas
        case hitRatio = "hit ratio"
    }

    /// One variant to run: a component's parameter moved down or up.
    struct Variant: Sendable {
        var component: Int
        var parameter: Parameter
        var isUp: Bool
        var label: String
        var scenario: Scenario
        var speedupFactor: Double
        var hitRatio: Double?
    }

    /// Runs the base and every variant.
    ///
    /// - Parameters:
    ///   - jobs: runs at once.
    ///   - progress: called with the share of the runs done (0…1) after each.
    ///   - isCancelled: asked before each variant starts; once true, the variants not started are
    ///     left out (a row keeps the side that ran, a row with neither is dropped) and the result
    ///     says ``SensitivityResult/wasCancelled``. The base always runs.
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public func run(jobs: Int, progress: (@Sendable (Double) -> Void)? = nil,
                    isCancelled: @escaping @Sendable () -> Bool = { false }) throws(SimulationModelError) -> SensitivityResult {
        let model = try SimulationModel(design: scenario.design, rate: options.rate ?? scenario.modelRate)
        var variants: [Variant] = []
        var instant: [String] = []
        // Offline components take no requests (their workers run on a schedule, sized by their
        // data): moving them cannot move an answer's p99, so they are not varied.
        for (i, c) in scenario.design.components.enumerated() where !c.kind.isOffline {
            let m = model.components[i]
            if m.meanServiceSeconds > 0 {
                for up in [false, true] {
                    let f = up ? 1 + change : 1 - change
                    variants.append(Variant(component: i, parameter: .serviceTime, isUp: up, label: "×\(UnitNumber.format(f))",
                                            scenario: scenario, speedupFactor: 1 / f, hitRatio: nil))
                }
            } else {
                instant.append(c.id)
            }
            for up in [false, true] {
                let moved = Double(c.replicas) * (up ? 1 + change : 1 - change)
                var n = max(1, Int(moved.rounded()))
                if n == c.replicas { n = c.replicas + (up ? 1 : -1) }
                guard n >= 1 else { continue }
                var s = scenario
                s.design.components[i].replicas = n
                variants.append(Variant(component: i, parameter: .replicas, isUp: up, label: "\(c.replicas)→\(n)",
                                        scenario: s, speedupFactor: 1, hitRatio: nil))
            }
            if let h = m.hitRatio {
                for up in [false, true] {
                    let moved = min(1, max(0, h * (up ? 1 + change : 1 - change)))
                    guard moved != h else { continue }
                    variants.append(Variant(component: i, parameter: .hitRatio, isUp: up,
                                            label: "\(FigureFormat.percent(h))→\(FigureFormat.percent(moved))",
                                            scenario: scenario, speedupFactor: 1, hitRatio: moved))
                }
            }
        }
        let noise = max(0, noiseSeeds)
        let total = Double(variants.count + 1 + noise)
        let done = ProgressCounter()
        // The base, the base again with other seeds (the seed + 1, + 2, …), then each variant: the
        // noise band is measured first, so an analysis stopped early still tells chance from effect
        // (run last, a stop left every bar drawn as a measured move, noise included).
        let runs: [Variant?] = [nil] + Array(repeating: nil, count: noise) + variants.map { Optional($0) }
        let outcomes = parallelMap(count: runs.count, jobs: jobs) { i -> SensitivityResult.Outcome? in
            if i > 0, isCancelled() { return nil }
            let outcome = self.simulate(runs[i], seed: i <= noise ? self.options.seed &+ UInt64(i) : self.options.seed)
            progress?(Double(done.increment()) / total)
            return outcome
        }
        guard let base = outcomes[0] else { preconditionFailure("the base run is never skipped") }
        let reruns = outcomes.dropFirst().prefix(noise)
        var noiseP99: Double?
        if noise > 0, base.isStable, base.p99.isFinite, reruns.allSatisfy({ $0.map { $0.isStable && $0.p99.isFinite } ?? false }) {
            noiseP99 = reruns.compactMap { $0 }.map { abs($0.p99 - base.p99) }.max()
        }
        var rows: [SensitivityResult.Row] = []
        var index: [String: Int] = [:]
        for (v, outcome) in zip(variants, outcomes.dropFirst(1 + noise)) {
            guard let o = outcome else { continue }
            let id = scenario.design.components[v.component].id
            let key = "\(id)/\(v.parameter.rawValue)"
            if index[key] == nil {
                index[key] = rows.count
                rows.append(SensitivityResult.Row(component: id, parameter: v.parameter))
            }
            if v.isUp { rows[index[key]!].up = o; rows[index[key]!].upLabel = v.label } else { rows[index[key]!].down = o; rows[index[key]!].downLabel = v.label }
        }
        var result = SensitivityResult(base: base, rows: rows, change: change, wasCancelled: outcomes.contains { $0 == nil })
        result.noiseP99 = noiseP99
        result.isNoiseUnmeasured = noise > 0 && reruns.contains { $0 == nil }
        result.instantComponents = instant
        // Largest move first; a side that moved against its parameter (chance) does not rank its row.
        let ranked = result
        result.rows.sort { ranked.rankingSwing($0) > ranked.rankingSwing($1) }
        return result
    }

    func simulate(_ variant: Variant?, seed: UInt64) -> SensitivityResult.Outcome {
        let s = variant?.scenario ?? scenario
        guard var model = try? SimulationModel(design: s.design, rate: options.rate ?? s.modelRate).withOutages(options.outages) else {
            return .init(p99: .infinity, errorRate: 1, costPerMonth: .infinity, isStable: false)
        }
        if let v = variant {
            model.components[v.component].speedup *= v.speedupFactor
            if let h = v.hitRatio { model.components[v.component].hitRatio = h }
        }
        // A run of a burst or diurnal workload measures one whole cycle, or its p99 is a part's.
        let r = Simulation(model: model, seed: seed, warmupFraction: options.warmupFraction).run(until: options.judgingWholeCycles.stop(for: model))
        var o = SensitivityResult.Outcome(p99: r.successes > 0 ? r.latency.p99 : .infinity, errorRate: r.errorRate, costPerMonth: r.cost.perMonth, isStable: r.isStable)
        o.isAnalyticallyStable = r.analytic.isStable
        o.degradedShare = r.degradedShare
        if !r.isStable { o.overload = r.instabilitySummary }
        return o
    }
}

/// What a ``SensitivityAnalysis`` found.
public struct SensitivityResult: Sendable, Equatable {
    /// The headline figures of one run.
    public struct Outcome: Sendable, Hashable {
        /// Seconds; ∞ when nothing was answered.
        public var p99: Double
        public var errorRate: Double
        public var costPerMonth: Double
        public var isStable: Bool
        /// What overloads an unstable run (`scorer at 124% offered`), nil when stable.
        public var overload: String?
        /// True when the queueing model puts every component under capacity: a run found unstable
        /// while this holds was too short to settle (the load a short run offers is noisy), not overloaded.
        public var isAnalyticallyStable = false
        /// Share of the ended requests a fallback answered.
        public var degradedShare = 0.0
        /// Unstable in the run but under capacity by the queueing model, with answers: a run too
        /// short for the design's slowest service, not a variant that overloads it. Its p99 is a
        /// figure, drawn `?` and ranked by its move, not first as an unstable one is (support-chat's
        /// top row was `small_llm replicas 8→6 !`, while the agents it left unchanged read 103 %).
        public var isUnsettled: Bool { !isStable && isAnalyticallyStable && p99.isFinite }

        public init(p99: Double, errorRate: Double, costPerMonth: Double, isStable: Bool, overload: String? = nil) {
            self.p99 = p99
            self.errorRate = errorRate
            self.costPerMonth = costPerMonth
            self.isStable = isStable
            self.overload = overload
        }
    }

    /// When the base run is unstable: what a reader must know before the rows. Its p99 grows with
    /// the run's length, so a move from it measures no design (every row of fraud-detection with
    /// 3 scorers read `!!!!!!!!!│!!!!!!!!!` under "Base: p99 51 ms" with nothing said).
    public var unstableBaseWarning: String? {
        guard !base.isStable else { return nil }
        // Under capacity by the queueing model, yet unstable in the run: the run was too short for
        // the design's slowest service (support-chat's agents, 5 minutes a conversation, read 102 %
        // offered in the TUI's 20,000-request runs while capacity gave 1.1x headroom).
        if base.isAnalyticallyStable {
            return "the base run read the design as unstable (\(base.overload ?? "overloaded")), though by the queueing model every component is under capacity: "
                + "runs this short are too short for its slowest service to settle, so the rows below are noise; longer runs settle it."
        }
        return "the design is unstable as it is (\(base.overload ?? "overloaded")): its p99 grows with the run, so no move below is measured against a steady figure. "
            + "Make it stable first (mlsd optimize, or replicas where it is overloaded), then ask what moves p99."
    }

    /// One component's parameter moved down and up.
    public struct Row: Sendable, Hashable {
        public var component: String
        public var parameter: SensitivityAnalysis.Parameter
        public var down: Outcome?
        public var up: Outcome?
        public var downLabel = ""
        public var upLabel = ""

        /// The larger of the two p99 moves from the base (∞ when a variant is unstable or answers
        /// nothing; an unsettled one counts by its move).
        public func p99Swing(from base: Outcome) -> Double {
            [down, up].compactMap { $0 }.map { ($0.isStable || $0.isUnsettled) && $0.p99.isFinite ? abs($0.p99 - base.p99) : .infinity }.max() ?? 0
        }
    }

    public var base: Outcome
    /// Largest p99 swing first.
    public var rows: [Row]
    public var change: Double
    /// True when the analysis was stopped before every variant ran (the rows hold those that did).
    public var wasCancelled = false
    /// How far the design's p99 moves by chance at this run length, seconds: the largest
    /// difference from the base run's among runs of the same design with other seeds
    /// (``SensitivityAnalysis/noiseSeeds``); nil when they did not run or one was unstable.
    ///
    /// Every variant shares the base run's seed, but a change of replicas or service time changes
    /// the order of the draws, so small moves are partly chance: content-moderation's gateway
    /// at ×0.8 read a p99 of 315.8 ms against the base's 310 (a faster gateway, a slower answer)
    /// over 50,000 requests, and at 200,000 the inversion was gone (a new user's walk-through).
    public var noiseP99: Double?
    /// True when the analysis was stopped before the runs that measure ``noiseP99`` had ended: no
    /// move can be told from chance, and the legends say so.
    public var isNoiseUnmeasured = false
    /// Online components whose service time is 0: no service-time row (±20 % of nothing is nothing).
    public var instantComponents: [String] = []

    /// True when `o`'s p99 is within ``noiseP99`` of the base's: a move chance alone could make.
    public func isWithinNoise(_ o: Outcome?) -> Bool {
        guard let o, let noise = noiseP99, o.isStable, o.p99.isFinite else { return false }
        return abs(o.p99 - base.p99) <= noise
    }

    /// True when one side of `row` (its `up` side, or its down side) moved p99 the way its parameter
    /// cannot move it while the errors and fallback answers stayed the base's: a faster service, more
    /// replicas or a higher hit ratio with a slower answer, or the reverse. A queue answers no slower
    /// for less work, so such a move is the draws reordered by the change, chance, however large
    /// next to the noise band of two other seeds (content-moderation's gateway at ×0.8 read 316 ms
    /// and at ×1.2 311 ms, both over the base's 310, the faster side's drawn as the larger worsening).
    /// With timeouts or fallbacks a slower service can shorten the answers that remain, so a side
    /// whose error rate or fallback share moved (by more than 0.1 point) is taken as measured.
    /// The base need not have read stable: a base too short to settle (support-chat's agents at
    /// 102 % in a 20k-request run) has a p99 every side reads "better" than, and the ×1.2 sides
    /// were drawn as gains.
    public func movesAgainstItsParameter(_ row: Row, up: Bool) -> Bool {
        guard let o = up ? row.up : row.down, o.isStable, o.p99.isFinite, base.p99.isFinite, o.p99 != base.p99,
              abs(o.errorRate - base.errorRate) <= 0.001, abs(o.degradedShare - base.degradedShare) <= 0.001 else { return false }
        // Up means a longer service (worse) for service time, and more replicas or hits (better) otherwise.
        let upIsWorse = row.parameter == .serviceTime
        let worse = o.p99 > base.p99
        return worse != (up == upIsWorse)
    }

    /// True when a side's move is chance: within ``noiseP99`` of the base, or against its parameter
    /// (``movesAgainstItsParameter(_:up:)``). Drawn `░`; JSON and CSV `within_noise`.
    public func isChance(_ row: Row, up: Bool) -> Bool {
        isWithinNoise(up ? row.up : row.down) || movesAgainstItsParameter(row, up: up)
    }

    /// True when some side moved against its parameter (the legend explains it).
    public var hasMovesAgainstParameters: Bool {
        rows.contains { movesAgainstItsParameter($0, up: false) || movesAgainstItsParameter($0, up: true) }
    }

    /// A row's place in the tornado: its ``Row/p99Swing(from:)`` over the sides that did not move
    /// against their parameter (a row moved only by chance that way sorts by nothing).
    public func rankingSwing(_ row: Row) -> Double {
        var measured = row
        if movesAgainstItsParameter(row, up: false) { measured.down = nil }
        if movesAgainstItsParameter(row, up: true) { measured.up = nil }
        return measured.p99Swing(from: base)
    }

    public init(base: Outcome, rows: [Row], change: Double, wasCancelled: Bool = false) {
        self.base = base
        self.rows = rows
        self.change = change
        self.wasCancelled = wasCancelled
    }
}

import Foundation
