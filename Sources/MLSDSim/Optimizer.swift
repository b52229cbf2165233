public import MLSDCore

/// The cheapest design that meets the requirements at a target load.
///
/// The search covers every component's replicas and, for each model server, the catalog's
/// alternatives: CPU or GPU hardware, with or without INT8; for each llm_server, an L4, L40S,
/// A100 80 GB or H100 at FP16 or FP8 where the model fits (at most 16 combinations; each server's
/// own choice as written comes first, so combination 0 is the design's options as written and is
/// always searched). For each combination it starts from the replicas that keep every component at
/// most 85 % busy by the analytic model, simulates, and while a requirement fails adds replicas
/// where they can help (``whereToGrow(_:_:excluding:)``), dropping a component from the choice
/// once growing it did not bring the run closer to passing (nor, grown for a failing availability
/// alone, raise that availability); once it passes it shrinks each
/// component, dearest replica first, to the fewest replicas that still pass, by bisection. Every
/// run uses the same seed. The answer is the cheapest passing combination (the design as written,
/// when it passes and its combination's search ended dearer); the others are the runner-ups, cost
/// against p99.
///
/// Judged: latency percentiles, error rate, availability and peak load (at the target rate);
/// `monthly_budget` is reported against the answer, not used to search. A target rate given
/// explicitly replaces the scenario's `peak_qps` as the load to sustain: `--qps 5k/m` sizes for
/// 83/s, not for a 5k/s peak.
public struct DesignOptimizer: Sendable {
    public var scenario: Scenario
    /// Requests per run and the seed (every run uses it); the rate is ``rate``.
    public var options: Simulation.Options
    /// The load to meet (requests per second).
    public var rate: Double
    /// Most runs per combination before it gives up.
    public static let maximumRunsPerCombination = 60
    /// How a combination's reason ends when it fails at a tenth of the load too.
    public static let replicasCannotHelp = ": more replicas cannot help"
    /// How a combination's reason ends when the load needs more replicas of a component than the search gives one.
    public static let beyondReplicaLimit = ", more than the search gives one component"
    /// The most replicas the optimizer gives a component.
    public static let maximumReplicas = 10_000
    /// How a combination's reason starts when it passed the search's runs but no confirmation run.
    public static let passedOnlyShorterRuns = "passed runs of "
    /// The utilisation the starting replicas aim for.
    public static let startingUtilisation = 0.85

    /// True when ``rate`` was given: it is then the peak to sustain, in place of `peak_qps`.
    public var rateReplacesPeak: Bool

    /// Requests (warm-up included) of the run that confirms the answer, nil for none. The search
    /// runs are short (``options``), and a design sized on them can sit on its limits: support-chat's
    /// answer kept 182 human agents that its runs of 23,000 requests (345 s, about one agent's
    /// service) never loaded, and `mlsd simulate` of it, 200,000 requests, found the agents at 102 %
    /// of their capacity and six requirements failing. The cheapest passing design is rerun at this
    /// length; if it fails, replicas are added where they help (runs of this length) and those
    /// added are then bisected back, and the next cheapest is confirmed while it could still be
    /// cheaper than the best confirmed so far.
    public var confirmationRequests: Int?
    /// Most confirmation-length runs spent on one design's confirmation.
    public static let maximumConfirmationRuns = 24

    public init(scenario: Scenario, rate: Double? = nil, options: Simulation.Options = Simulation.Options(stop: .requests(23_000))) {
        self.scenario = scenario
        self.rate = rate ?? scenario.offeredRate.perSecond
        self.rateReplacesPeak = rate != nil
        self.options = options
    }

    /// A design found: its changes from the scenario and how it ran.
    public struct Candidate: Sendable, Hashable {
        /// `--set` arguments, in design order: hardware and optimisations first, then replicas.
        public var changes: [String]
        /// The model servers' options in words (`scorer gpu+int8`), empty without model servers.
        public var option: String
        public var costPerMonth: Double
        public var costPerMillionRequests: Double
        /// Seconds.
        public var p99: Double
        public var passes: Bool
        /// Why it fails: the first failing requirement's reason, or why replicas cannot help.
        public var reason: String?
        /// Simulations this combination took.
        public var runs: Int
        /// True when a run of ``DesignOptimizer/confirmationRequests`` passed this design (its
        /// cost and p99 are that run's).
        public var isConfirmed = false
        /// When the search's design for this combination failed the confirmation run and more
        /// replicas made it pass: the changes it had, and why the longer run failed it.
        public var grownFrom: [String]?
        public var failedConfirmation: String?
        /// The replicas confirmation added, `large_llm 2 → 3` (empty unless ``grownFrom`` is set):
        /// a count grown back to the file's drops out of the changes, so they could not say it.
        public var grown: [String] = []
    }

    /// What the search found: the cheapest passing candidate and every combination's best.
    public struct Outcome: Sendable {
        public var best: Candidate?
        /// One per combination, cheapest first (failing ones last).
        public var candidates: [Candidate]
        public var baseline: Candidate
        public var judged: Requirements
        /// Combinations whose search ended, and how many there are.
        public var searched = 0
        public var combinations = 0
        /// Requests of the confirmation runs (``DesignOptimizer/confirmationRequests``), nil when
        /// none was asked for; ``confirmationStopped`` when Ctrl-C came before the answer's.
        public var confirmationRequests: Int?
        public var confirmationStopped = false
        /// True when the search was stopped (Ctrl-C): ``candidates`` and ``best`` are those of
        /// the combinations whose search had ended, ``searched`` of ``combinations``.
        public var wasCancelled: Bool { searched < combinations }
    }

    var judged: Requirements {
        var r = scenario.requirements
        r.monthlyBudget = nil
        if rateReplacesPeak, r.peakQPS != nil { r.peakQPS = Rate(perSecond: rate) }
        return r
    }

    /// Runs the search, combinations in parallel (the answer does not depend on `jobs`).
    ///
    /// `isCancelled` is asked before each run; once it returns true no further run starts, a
    /// combination whose search had not ended is left out, and the outcome says
    /// ``Outcome/wasCancelled`` (its answer is the cheapest of the combinations searched). The
    /// design as written is still run once, for the comparison.
    public func run(jobs: Int, progress: (@Sendable (Double) -> Void)? = nil,
                    isCancelled: @escaping @Sendable () -> Bool = { false }) -> Outcome {
        let combos = Self.combinations(scenario.design)
        let done = ProgressCounter()
        let searched = parallelMap(count: combos.count, jobs: jobs, isCancelled: isCancelled) { k -> Found? in
            let c = self.cheapest(from: combos[k], isCancelled: isCancelled)
            progress?(Double(done.increment()) / Double(combos.count + 1))
            return c
        }
        // A combination stopped mid-search is left out; the ones whose search ended are kept.
        let ended = searched.indices.filter { searched[$0] != nil }
        var found = ended.compactMap { searched[$0] }
        var baseRuns = 0
        let baseRun = evaluateRun(scenario, runs: &baseRuns)
        let base = candidate(baseRun.result, changes: [], option: "as written", runs: 1)
        // The design as written is a design of its own combination (the one that changes no option):
        // when it passes and the search of that combination ended dearer, it is that combination's answer.
        if base.passes, let k = combos.firstIndex(where: { $0.changes.isEmpty }), let j = ended.firstIndex(of: k),
           !(found[j].candidate.passes && found[j].candidate.costPerMonth <= base.costPerMonth) {
            var written = base
            written.option = combos[k].label
            written.runs = found[j].candidate.runs + 1
            found[j] = Found(candidate: written, scenario: scenario, optionChanges: [])
        }
        var outcome = Outcome(best: nil, candidates: [], baseline: base, judged: judged, searched: found.count, combinations: combos.count)
        if let n = confirmationRequests {
            outcome.confirmationRequests = n
            // Stopped in the search, the answer is the search's, unconfirmed.
            outcome.confirmationStopped = found.count < combos.count || !confirm(&found, requests: n, isCancelled: isCancelled)
        }
        let sorted = found.map(\.candidate).sorted { ($0.passes ? 0 : 1, $0.costPerMonth, $0.p99) < ($1.passes ? 0 : 1, $1.costPerMonth, $1.p99) }
        outcome.candidates = sorted
        // With confirmation, the answer is a confirmed design; without (or stopped), the cheapest passing.
        outcome.best = outcome.confirmationRequests != nil && !outcome.confirmationStopped
            ? sorted.first { $0.passes && $0.isConfirmed } : sorted.first { $0.passes }
        return outcome
    }

    /// A combination's design as its search left it: the candidate, its scenario, and the option
    /// changes (hardware, precision, …) it was searched with.
    struct Found: Sendable {
        var candidate: Candidate
        var scenario: Scenario
        var optionChanges: [String]
    }

    /// Confirms the cheapest passing designs with runs of `requests` (``confirmationRequests``):
    /// cheapest first, while a design's cost from the search is below the best confirmed one's
    /// (confirmation only adds replicas, so none after can be cheaper). A design that passes is
    /// marked confirmed with that run's figures; one that fails is grown and bisected back with
    /// runs of this length (``grow(_:_:runs:limit:options:isCancelled:)``); failing
    /// still, it fails with the longer run's reason. False when `isCancelled` stopped it.
    func confirm(_ found: inout [Found], requests: Int, isCancelled: () -> Bool) -> Bool {
        var long = options
        long.stop = .requests(requests)
        var bestConfirmed = Double.infinity
        let order = found.indices.filter { found[$0].candidate.passes }.sorted {
            (found[$0].candidate.costPerMonth, found[$0].candidate.p99) < (found[$1].candidate.costPerMonth, found[$1].candidate.p99)
        }
        for i in order where found[i].candidate.costPerMonth < bestConfirmed {
            if isCancelled() { return false }
            var s = found[i].scenario
            let before = s
            var runs = 0
            var last = evaluateRun(s, runs: &runs, options: long)
            let shortChanges = found[i].candidate.changes
            let failure = last.passes ? nil : reason(last.result)
            if !last.passes {
                guard grow(&s, &last, runs: &runs, limit: Self.maximumConfirmationRuns / 2, options: long, isCancelled: isCancelled) else { return false }
                if last.passes {
                    // Bisect each grown component back, between one over its short-run count (which failed) and its grown count.
                    let grown = s.design.components.indices.filter { s.design.components[$0].replicas != before.design.components[$0].replicas }
                    guard shrink(&s, &last, runs: &runs, components: grown, floor: { before.design.components[$0].replicas + 1 },
                                 limit: Self.maximumConfirmationRuns, options: long, isCancelled: isCancelled) else { return false }
                }
            }
            var c = candidate(last.result, changes: changes(of: s, optionChanges: found[i].optionChanges), option: found[i].candidate.option,
                              runs: found[i].candidate.runs + runs)
            if let failure {
                if c.passes {
                    c.grownFrom = shortChanges
                    c.failedConfirmation = failure
                    c.grown = zip(before.design.components, s.design.components).filter { $0.replicas != $1.replicas }
                        .map { "\($1.id) \($0.replicas) → \($1.replicas)" }
                } else {
                    c.reason = "\(Self.passedOnlyShorterRuns)\(FigureFormat.count(requestsPerRun)) requests but not one of \(FigureFormat.count(requests)): " + (c.reason ?? failure)
                }
            }
            c.isConfirmed = c.passes
            if c.passes { bestConfirmed = min(bestConfirmed, c.costPerMonth) }
            found[i] = Found(candidate: c, scenario: s, optionChanges: found[i].optionChanges)
        }
        return true
    }

    /// Requests per search run (warm-up included).
    var requestsPerRun: Int {
        if case .requests(let n) = options.stop { return n }
        return 0
    }

    /// Why a run fails: its first failing requirement's reason, its instability, or a component
    /// loaded within the noise of full (``nearlyFull(_:)``); nil when it passes.
    func reason(_ r: SimulationResult?) -> String? {
        guard let r else { return "the design cannot be simulated" }
        return r.requirements.first { !$0.passes }?.reason ?? (r.isStable ? nearlyFull(r) : "unstable: \(r.instabilitySummary)")
    }

    /// Standard errors of a run's measured load that an answer keeps between each component's
    /// analytic load and 100 %.
    static let loadMarginErrors = 3.0

    /// A component whose analytic load is so close to 100 % that a run as long as the one that
    /// certifies the answer (the confirmation run, else a search run) can measure it at 100 % or
    /// more by chance, which reads as unstable: the reason, or nil when there is none.
    ///
    /// A run measures a component's offered load from the calls it received, about λ·T of them in
    /// a window of T seconds, so to about ±1/√(λ·T) of its value. An answer keeps every component
    /// under 1 − 3/√(λ·T) (never under 50 %). Without it, content-moderation's answer kept its
    /// human reviewers at 99.7 %: it passed the search's runs and the 200k-request confirmation,
    /// and a 1M-request `mlsd simulate` of the same design read them at 100 % offered, unstable
    /// (a new user's walk-through, 2026-12-01). Runs at least as long measure the load more
    /// closely, so they read such an answer as stable too. LLM servers (judged by their token
    /// throughput) and offline components (no requests) are not checked.
    func nearlyFull(_ r: SimulationResult) -> String? {
        guard let c = nearlyFullComponent(r) else { return nil }
        return "\(c.id) at \(FigureFormat.percent(c.utilization)) busy by the analytic model, within the noise of full load: "
            + "a run of \(FigureFormat.count(Int(c.requests))) requests measures its load to ±\(FigureFormat.percent(c.error)), "
            + "so a longer run can read it as overloaded (an answer keeps it under \(FigureFormat.percent(c.ceiling)))"
    }

    /// The component ``nearlyFull(_:)`` names, with its load, ceiling, the run's relative error on
    /// its load and the certifying run's requests.
    func nearlyFullComponent(_ r: SimulationResult) -> (id: String, utilization: Double, ceiling: Double, error: Double, requests: Double)? {
        let requests = Double(confirmationRequests ?? requestsPerRun)
        guard requests > 0, rate > 0 else { return nil }
        let window = requests * 0.9 / rate
        let kinds = Dictionary(scenario.design.components.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        for c in r.analytic.components where c.arrivalRate > 0 {
            guard let kind = kinds[c.id], !kind.isOffline, kind != .llmServer else { continue }
            let error = 1 / (c.arrivalRate * window).squareRoot()
            let ceiling = max(0.5, 1 - Self.loadMarginErrors * error)
            if c.utilization > ceiling { return (c.id, c.utilization, ceiling, error, requests) }
        }
        return nil
    }

    /// True when `new` comes closer to an answer than `old`, whose only fault is a component
    /// within the noise of full load: `new` meets every requirement, stable, with that fault gone
    /// or its component less loaded.
    func isLessFull(_ new: SimulationResult?, than old: SimulationResult?) -> Bool {
        guard let old, let new, old.isStable, old.requirements.allSatisfy(\.passes), let before = nearlyFullComponent(old),
              new.isStable, new.requirements.allSatisfy(\.passes) else { return false }
        guard let after = nearlyFullComponent(new) else { return true }
        return after.id != before.id || after.utilization < before.utilization
    }

    /// The `--set` changes from the scenario to `s`: the option changes, then each component's replicas that differ.
    func changes(of s: Scenario, optionChanges: [String]) -> [String] {
        var changes = optionChanges
        for (c, original) in zip(s.design.components, scenario.design.components) where c.replicas != original.replicas {
            changes.append("\(c.id).replicas=\(c.replicas)")
        }
        return changes
    }

    /// The option combinations: each model server's hardware × INT8, as `--set` changes.
    static func combinations(_ design: Design) -> [(changes: [DesignOverride], label: String)] {
        var combos: [(changes: [DesignOverride], label: String)] = [([], "")]
        for c in design.components where c.kind == .modelServer {
            var next: [(changes: [DesignOverride], label: String)] = []
            // The server's own choice first, so that combination 0 is the design as written and
            // survives the cut to 16 (content-moderation has three model servers: 64 combinations).
            let writtenHardware = c.hardware ?? .cpu, writtenInt8 = c.optimizations.contains(.int8)
            var variants: [(hardware: Hardware, int8: Bool)] = [(writtenHardware, writtenInt8)]
            for hardware in Hardware.allCases { for int8 in [false, true] where (hardware, int8) != (writtenHardware, writtenInt8) { variants.append((hardware, int8)) } }
            for combo in combos {
                for (hardware, int8) in variants {
                    // On CPU, a GPU runtime (TensorRT) is dropped: it cannot run there.
                    var list = c.optimizations.filter { $0 != .int8 && (hardware == .gpu || !$0.needsGPU) }
                    if int8 { list.append(.int8) }
                    var changes = combo.changes
                    if hardware != writtenHardware { changes.append(DesignOverride(target: c.id, key: "hardware", value: hardware.rawValue)) }
                    if Set(list) != Set(c.optimizations) {
                        changes.append(DesignOverride(target: c.id, key: "optimizations", value: list.isEmpty ? "none" : list.map(\.rawValue).joined(separator: ",")))
                    }
                    let words = "\(c.id) \(hardware.rawValue)" + (list.isEmpty ? "" : "+" + list.map(\.rawValue).joined(separator: "+"))
                    next.append((changes, combo.label.isEmpty ? words : combo.label + ", " + words))
                }
            }
            combos = Array(next.prefix(16))
        }
        // Each llm_server: the GPUs its model fits on (as many per replica as written) × FP16 or FP8.
        for c in design.components where c.kind == .llmServer {
            let settings = c.llm ?? LLMSettings()
            let written = settings.resolved()
            var next: [(changes: [DesignOverride], label: String)] = []
            for combo in combos {
                // As written first (see above).
                let gpus = [written.gpu] + Self.llmGPUs.filter { $0 != written.gpu }
                let precisions: [LLMPrecision] = [written.precision] + [LLMPrecision.fp16, .fp8].filter { $0 != written.precision }
                for gpu in gpus {
                    for precision in precisions {
                        var spec = written
                        spec.gpu = gpu
                        spec.precision = precision
                        guard spec.fitProblem == nil, spec.parallelProblem == nil else { continue }
                        var changes = combo.changes
                        if gpu != written.gpu { changes.append(DesignOverride(target: c.id, key: "gpu", value: gpu.rawValue)) }
                        if precision != written.precision { changes.append(DesignOverride(target: c.id, key: "precision", value: precision.rawValue)) }
                        let words = "\(c.id) \(written.gpusPerReplica)×\(gpu.rawValue) \(precision.rawValue)"
                        next.append((changes, combo.label.isEmpty ? words : combo.label + ", " + words))
                    }
                }
            }
            if !next.isEmpty { combos = Array(next.prefix(16)) }
        }
        return combos
    }

    /// GPUs the optimizer tries for an llm_server: the cheapest of each memory class.
    static let llmGPUs: [GPUType] = [.l4, .l40s, .a100_80g, .h100]

    /// The cheapest replicas for one combination; nil when `isCancelled` stopped its search.
    func cheapest(from combo: (changes: [DesignOverride], label: String), isCancelled: () -> Bool = { false }) -> Found? {
        guard var s = try? scenario.applying(combo.changes),
              let model = try? SimulationModel(design: s.design, rate: Rate(perSecond: rate)) else {
            return Found(candidate: Candidate(changes: combo.changes.map(\.description), option: combo.label, costPerMonth: .infinity,
                                              costPerMillionRequests: .infinity, p99: .infinity, passes: false, reason: "the design cannot be simulated", runs: 0),
                         scenario: scenario, optionChanges: combo.changes.map(\.description))
        }
        let analytic = AnalyticModel(model: model)
        // Start: every component at most 85 % busy by the analytic model.
        // Offline components take no requests: their replicas are workers sized by their data, left as written.
        var overLimit: (id: String, replicas: Double)?
        for (i, e) in analytic.components.enumerated() where !s.design.components[i].kind.isOffline {
            let m = model.components[i]
            let erlangs = e.arrivalRate * m.meanServiceSeconds
            let needed = (erlangs / (Double(m.concurrency) * Self.startingUtilisation)).rounded(.up)
            if needed > Double(Self.maximumReplicas), overLimit.map({ needed > $0.replicas }) ?? true { overLimit = (m.id, needed) }
            s.design.components[i].replicas = Int(min(Double(Self.maximumReplicas), max(1, needed)))
        }
        var runs = 0
        if isCancelled() { return nil }
        var last = evaluateRun(s, runs: &runs)
        // A load that needs more replicas than a component may have is not the service time's fault,
        // and growing cannot reach it (at 1G/s every combination read "fails at a tenth of the load too").
        if let over = overLimit, !last.passes {
            var found = candidate(last.result, changes: changes(of: s, optionChanges: combo.changes.map(\.description)), option: combo.label, runs: runs)
            found.reason = "\(over.id) would need \(FigureFormat.count(Int(min(over.replicas, 1e15)))) replicas to stay \(FigureFormat.percent(Self.startingUtilisation)) busy at this load" + Self.beyondReplicaLimit
                + " (\(FigureFormat.count(Self.maximumReplicas)))"
            return Found(candidate: found, scenario: s, optionChanges: combo.changes.map(\.description))
        }
        // A latency or error requirement that fails even at a tenth of the load is the service
        // time's, not the queues': more replicas cannot help.
        var hopeless: String?
        if !last.passes, let r = last.result, r.requirements.contains(where: { !$0.passes && $0.kind != .availability && $0.kind != .peakQPS }) {
            if isCancelled() { return nil }
            let light = evaluateRun(s, runs: &runs, rate: rate / 10)
            if let l = light.result, let failing = l.requirements.first(where: { !$0.passes && $0.kind != .availability && $0.kind != .peakQPS }) {
                hopeless = "it fails at a tenth of the load too (\(failing.reason ?? failing.kind.title))" + Self.replicasCannotHelp
            }
        }
        guard hopeless == nil || last.passes else {
            var found = candidate(last.result, changes: changes(of: s, optionChanges: combo.changes.map(\.description)), option: combo.label, runs: runs)
            found.reason = hopeless
            return Found(candidate: found, scenario: s, optionChanges: combo.changes.map(\.description))
        }
        guard grow(&s, &last, runs: &runs, limit: Self.maximumRunsPerCombination, options: options, isCancelled: isCancelled) else { return nil }
        if last.passes {
            // Shrink: dearest replica first, each component to the fewest replicas that still pass,
            // found by bisection between 1 and its count: about log2(r) runs a component instead
            // of r, so a design that starts with hundreds of replicas somewhere is not cut short by
            // the run limit. Fewer replicas mostly pass less, but not strictly (a change of replicas
            // changes the order of the draws, so runs are not coupled draw for draw): the count
            // found always passed its own run, and may sit one or two under where a linear walk
            // down would have stopped.
            let order = s.design.components.indices.sorted {
                let a = s.design.resolved(s.design.components[$0]).costPerHour, b = s.design.resolved(s.design.components[$1]).costPerHour
                return a != b ? a > b : $0 < $1
            }.filter { !s.design.components[$0].kind.isOffline }
            guard shrink(&s, &last, runs: &runs, components: order, floor: { _ in 1 }, limit: Self.maximumRunsPerCombination * 2,
                         options: options, isCancelled: isCancelled) else { return nil }
        }
        let optionChanges = combo.changes.map(\.description)
        return Found(candidate: candidate(last.result, changes: changes(of: s, optionChanges: optionChanges), option: combo.label, runs: runs),
                     scenario: s, optionChanges: optionChanges)
    }

    /// Adds replicas where they can help (``whereToGrow(_:_:excluding:)``, a fifth more at a
    /// time) until `last` passes, `runs` reaches `limit` or no component is left. A component
    /// whose growth step was not kept (``isKept(_:than:)``: it brought the run no closer to
    /// passing, nor raised the failing availability it was grown for) is not grown again (the
    /// same run would follow: every run shares the seed); the next choice is tried. False when
    /// `isCancelled` stopped it.
    func grow(_ s: inout Scenario, _ last: inout (passes: Bool, result: SimulationResult?), runs: inout Int, limit: Int,
              options: Simulation.Options, isCancelled: () -> Bool) -> Bool {
        var excluded = Set<Int>()
        while !last.passes, runs < limit {
            guard let grow = whereToGrow(s, last.result, excluding: excluded) else { break }
            let r = s.design.components[grow].replicas
            let grown = min(10_000, r + max(1, r / 5))
            if grown == r { excluded.insert(grow); continue }
            var trial = s
            trial.design.components[grow].replicas = grown
            if isCancelled() { return false }
            let t = evaluateRun(trial, runs: &runs, options: options)
            if Self.isKept(t.result, than: last.result) || isLessFull(t.result, than: last.result) {
                s = trial
                last = t
            } else {
                excluded.insert(grow)
            }
        }
        return true
    }

    /// Takes each of `components` in turn to the fewest replicas, not under `floor`, that still
    /// pass, by bisection (`s` passes on entry; `runs` stops at `limit`). False when `isCancelled`
    /// stopped it.
    func shrink(_ s: inout Scenario, _ last: inout (passes: Bool, result: SimulationResult?), runs: inout Int, components: [Int],
                floor: (Int) -> Int, limit: Int, options: Simulation.Options, isCancelled: () -> Bool) -> Bool {
        for i in components {
            var low = max(1, floor(i)), high = s.design.components[i].replicas   // high passes
            while low < high, runs < limit {
                let mid = (low + high) / 2
                var trial = s
                trial.design.components[i].replicas = mid
                if isCancelled() { return false }
                let t = evaluateRun(trial, runs: &runs, options: options)
                if t.passes {
                    high = mid
                    s = trial
                    last = t
                } else {
                    low = mid + 1
                }
            }
        }
        return true
    }

    /// How far a run is from passing: 0 when it passes; an unstable run is further than any stable
    /// one (by its most overloaded component); otherwise the sum over failing requirements of how
    /// far each misses (actual ÷ target, or target ÷ actual for a floor), 1 for one that cannot be
    /// judged. A growth step is kept only when this falls, and by more than dust
    /// (``isCloser(_:than:)``).
    static func shortfall(_ r: SimulationResult?) -> Double {
        guard let r else { return .infinity }
        if !r.isStable { return unstable + (r.overloaded.map(\.offeredUtilization).max() ?? 1) }
        return r.requirements.filter { !$0.passes }.reduce(0.0) { sum, q in
            guard let a = q.actual, a > 0, q.target > 0 else { return sum + 1 }
            return sum + (q.kind.comparison == .atLeast ? q.target / a : a / q.target)
        }
    }

    /// Where an unstable run's ``shortfall(_:)`` starts: above any stable run's.
    static let unstable = 1e9

    /// The share of the remaining miss a growth step must remove, when the same requirements
    /// fail before and after it, to count as closer: 0.1 %. The miss is the shortfall less one
    /// for each failing requirement (how far past their targets they are together).
    static let minimumGain = 0.001

    /// True when `new` is closer to passing than `old`: its ``shortfall(_:)`` is lower and, when
    /// the same requirements fail in both, by more than ``minimumGain`` of `old`'s miss; from an
    /// unstable run, any fall (less overloaded, or stable).
    ///
    /// A smaller fall is dust, not progress: the analytic availability rises by 10⁻⁹ and less for
    /// each replica added to a component that already has spares, and the simulated figures move
    /// by far more than 0.1 % of a miss from one draw order to the next. Kept at any fall,
    /// support-chat's failing combinations grew one component after another for such dust, a
    /// run each, without coming closer to passing (a third of their runs).
    static func isCloser(_ new: SimulationResult?, than old: SimulationResult?) -> Bool {
        let a = shortfall(new), b = shortfall(old)
        guard a < b else { return false }
        guard b < unstable, let new, let old else { return true }
        let failing = { (r: SimulationResult) in r.requirements.filter { !$0.passes }.map(\.kind) }
        let failingBefore = failing(old)
        guard failing(new) == failingBefore else { return true }
        let miss = b - Double(failingBefore.count)
        return b - a > minimumGain * miss
    }

    /// True when a growth step from `old` to `new` is kept: it brought the run closer to passing
    /// (``isCloser(_:than:)``), or it was taken for a failing availability alone and raised that
    /// by more than dust (``minimumGain`` of its miss), whatever the simulated figures did.
    ///
    /// Such a step is chosen for the analytic availability (``whereToGrow(_:_:excluding:)``), a
    /// figure without noise: its rise is the step's. The simulated figures move too, since a
    /// change of replicas changes the order of the draws, and one that sat on its target can tip
    /// over it: support-chat's combination of an FP16 small model and an FP8 large one grew its
    /// input guard from 1 to 2 replicas for availability (99.796 % → 99.896 %, for 99.9 %) while
    /// TPOT p99 moved from under 40 ms to 40.03 ms; judged by the sum, which a newly failing
    /// requirement raises by one, the step was undone and the guard never grown again, so the
    /// availability it limited could not pass. Kept, what then fails is grown for in the next
    /// steps like any other miss, and the answer is still a run that passes every requirement.
    static func isKept(_ new: SimulationResult?, than old: SimulationResult?) -> Bool {
        if isCloser(new, than: old) { return true }
        guard let new, let old, new.isStable, old.isStable,
              old.requirements.filter({ !$0.passes }).map(\.kind) == [.availability],
              let before = old.requirements.first(where: { $0.kind == .availability }),
              let after = new.requirements.first(where: { $0.kind == .availability }),
              let a = before.actual, let b = after.actual, a > 0, b > 0, before.target > 0 else { return false }
        let missBefore = before.target / a - 1
        let missAfter = after.passes ? 0 : max(0, after.target / b - 1)
        return missBefore - missAfter > minimumGain * missBefore
    }

    /// The component to add replicas to, skipping `excluded` (those whose growth did not help):
    /// - a failing availability alone: the largest replica term (or, for zone failures, the
    ///   component with the fewest replicas);
    /// - an unstable run: the first overloaded component;
    /// - every requirement met, a component within the noise of full load (``nearlyFull(_:)``): it;
    /// - rejections while the error rate fails: the component that rejects the most calls;
    /// - otherwise (latency, or errors from timeouts): among the components a request waits for —
    ///   reached from the entry by calls that are not async, fallbacks included — the one whose
    ///   calls wait longest in its queue, what replicas shorten. A timeout is counted at the
    ///   callee whose caller gave up, while the time went anywhere below it, so the wait says more
    ///   than where timeouts are counted; and a component behind an async call cannot speed up an
    ///   answer however busy it is (support-chat's human agents, 200 of them, were grown to 659
    ///   for an LLM's latency before this rule);
    /// - failing all of those, the busiest component a request waits for not excluded; nil when
    ///   none is left, which ends the growth.
    ///
    /// Only a component that can change what failed is chosen. Off an unstable run, a component
    /// no request waits for (behind an async call) changes no answer's latency, no request's
    /// error (an async call has no caller to fail) and no availability term, so it is never
    /// grown; nor is an offline component (it takes no requests) unless an offline requirement
    /// (freshness, model age, label delay, training budget) fails. Growing either was a run spent
    /// for a result identical to the last: support-chat's failing combinations spent 11 of their
    /// 46–53 runs so, on its agents, its monitor and its nine offline stages.
    func whereToGrow(_ s: Scenario, _ r: SimulationResult?, excluding excluded: Set<Int> = []) -> Int? {
        guard let r else { return nil }
        let failing = r.requirements.filter { !$0.passes }.map(\.kind)
        let waitedFor = Self.synchronouslyReached(s.design)
        let offlineMayHelp = failing.contains { $0.isOffline }
        // Components whose replicas can change a failing figure of a stable run.
        let canHelp = Set(s.design.components.indices.filter { i in
            let c = s.design.components[i]
            return c.kind.isOffline ? offlineMayHelp : waitedFor.contains(c.id)
        })
        func index(_ id: String) -> Int? { s.design.components.firstIndex { $0.id == id }.flatMap { excluded.contains($0) ? nil : $0 } }
        func helpful(_ id: String) -> Int? { index(id).flatMap { canHelp.contains($0) ? $0 : nil } }
        if failing == [.availability], let model = try? SimulationModel(design: s.design, rate: Rate(perSecond: rate)) {
            let estimate = AvailabilityEstimate(model: model)
            if let term = estimate.terms.first(where: { $0.cause.hasPrefix("replicas of ") && helpful(String($0.cause.dropFirst("replicas of ".count))) != nil }) {
                return helpful(String(term.cause.dropFirst("replicas of ".count)))
            }
            // Zone failures: spread the component with the fewest replicas over more zones.
            return s.design.components.indices.filter { !excluded.contains($0) && canHelp.contains($0) }.min { s.design.components[$0].replicas < s.design.components[$1].replicas }
        }
        if !r.isStable, let i = r.overloaded.lazy.compactMap({ index($0.id) }).first { return i }
        // Every requirement met, one component within the noise of full load: that component.
        if r.isStable, failing.isEmpty, let full = nearlyFullComponent(r) { return index(full.id) }
        if failing.contains(.maxErrorRate),
           let worst = r.components.filter({ helpful($0.id) != nil }).max(by: { $0.rejected < $1.rejected }), worst.rejected > 0 {
            return helpful(worst.id)
        }
        if let waiting = r.components.filter({ waitedFor.contains($0.id) && helpful($0.id) != nil && !$0.meanWaitSeconds.isNaN }).max(by: { $0.meanWaitSeconds < $1.meanWaitSeconds }),
           waiting.meanWaitSeconds > 0 {
            return helpful(waiting.id)
        }
        return r.components.filter { helpful($0.id) != nil }.max { $0.utilization < $1.utilization }.flatMap { helpful($0.id) }
    }

    /// Ids of the components a request waits for: the entry and everything it reaches by calls
    /// that are not async (sequences, parallel fan-outs, cache misses, fallbacks).
    static func synchronouslyReached(_ design: Design) -> Set<String> {
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = [design.entry]
        var stack = [design.entry]
        while let id = stack.popLast() {
            guard let c = byID[id] else { continue }
            let next = c.calls.filter { $0.mode != .async }.flatMap(\.targets) + [c.onMiss, c.fallback].compactMap { $0 }
            for n in next where seen.insert(n).inserted { stack.append(n) }
        }
        return seen
    }

    func evaluateRun(_ s: Scenario, runs: inout Int, rate: Double? = nil, options: Simulation.Options? = nil) -> (passes: Bool, result: SimulationResult?) {
        runs += 1
        // A run of a burst or diurnal workload measures one whole cycle, or it cannot be judged.
        var o = (options ?? self.options).judgingWholeCycles
        o.rate = Rate(perSecond: rate ?? self.rate)
        var judgedScenario = s
        judgedScenario.requirements = judged
        guard let r = try? Simulation.run(judgedScenario, options: o) else { return (false, nil) }
        // A run at a tenth of the load (the hopeless check) is judged by its requirements alone.
        return (r.isStable && r.requirements.allSatisfy(\.passes) && (rate != nil || nearlyFull(r) == nil), r)
    }

    func candidate(_ r: SimulationResult?, changes: [String], option: String, runs: Int) -> Candidate {
        guard let r else {
            return Candidate(changes: changes, option: option, costPerMonth: .infinity, costPerMillionRequests: .infinity, p99: .infinity, passes: false,
                             reason: "the design cannot be simulated", runs: runs)
        }
        let why = reason(r)
        return Candidate(changes: changes, option: option, costPerMonth: r.cost.perMonth,
                         costPerMillionRequests: r.cost.perHour / (rate * 3600) * 1e6,
                         p99: r.successes > 0 ? r.latency.p99 : .infinity,
                         passes: why == nil, reason: why, runs: runs)
    }
}

import Foundation
