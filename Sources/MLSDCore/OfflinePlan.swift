/// The offline half of a design worked out: each offline component's schedule, run length, compute
/// and cost; how stale the features and how old the model are where the online path reads them;
/// the label delay; and features computed by two pipelines (training/serving skew risk).
///
/// Arithmetic over the design, not a simulation (README "Offline pipelines"):
/// - a run's length is `duration`, else `data_volume ÷ (throughput × replicas)`, else the kind's default;
/// - a run's cost is hours × replicas (workers) × price per worker-hour; a month holds 730 h ÷ period
///   runs; a triggered run happens as often as what feeds it; continuous and always-on components
///   cost replicas × price × 730 h;
/// - the delay a component adds to data passing through it is, worst case, period + run + lag for a
///   scheduled job (data landing just after a run's cut-off waits a whole period, then a run),
///   run + lag for a triggered one, lag for a continuous or always-on one;
/// - feature staleness at an online component is the largest sum of delays along the offline
///   chains that feed it, training jobs excluded; model age is the same sum from a training job
///   on (retrain period + training + evaluation + rollout).
///
///     let plan = OfflinePlan(design: scenario.design)
///     plan.featureStaleness    // seconds, worst over the stores the online path reads
///     plan.offlinePerMonth     // dollars
public struct OfflinePlan: Hashable, Sendable {
    /// One offline component worked out.
    public struct Stage: Hashable, Sendable {
        public var id: String
        public var title: String
        public var kind: ComponentKind
        /// nil: always on (stores, logs, registries).
        public var schedule: Schedule?
        /// Length of one run; nil for continuous and always-on components.
        public var runSeconds: Double?
        /// Runs a month; nil for continuous and always-on components.
        public var runsPerMonth: Double?
        public var workers: Int
        /// What a worker runs on; nil when the kind is not compute (a store).
        public var compute: ComputeType?
        public var pricePerHour: Double
        /// Cost of one run; nil for continuous and always-on components.
        public var costPerRun: Double?
        public var costPerMonth: Double
        /// Worker-hours a month.
        public var computeHoursPerMonth: Double
        /// Lag beyond the run (processing lag, label wait, rollout).
        public var lagSeconds: Double
        /// Worst-case delay this stage adds to data passing through it, seconds.
        public var delaySeconds: Double
        public var dataVolume: DataSize?
        public var features: [String]
        /// Components this stage writes into.
        public var feeds: [String] = []
    }

    /// An online component that offline components write into, with how old what it serves can be.
    public struct Served: Hashable, Sendable {
        public var id: String
        public var title: String
        /// Worst feature staleness, seconds; nil when no feature pipeline feeds it.
        public var featureStaleness: Double?
        /// Stages on the worst feature chain, first to last.
        public var featureChain: [String]
        /// Worst model age, seconds; nil when no training job feeds it.
        public var modelAge: Double?
        public var modelChain: [String]
    }

    /// A feature computed by more than one pipeline.
    public struct SkewRisk: Hashable, Sendable {
        public var feature: String
        /// Ids of the pipelines that compute it.
        public var stages: [String]
    }

    /// Offline components in design order.
    public var stages: [Stage]
    /// Online components fed by offline ones, in design order.
    public var served: [Served]
    public var skewRisks: [SkewRisk]
    /// Largest label delay over the label sources, seconds; nil without one.
    public var labelDelay: Double?
    /// Scheduled stages whose run is longer than their period: runs pile up.
    public var overlapping: [String]

    /// Monthly cost of every offline component.
    public var offlinePerMonth: Double { stages.map(\.costPerMonth).reduce(0, +) }
    /// Monthly cost of training jobs and evaluation gates.
    public var trainingPerMonth: Double { stages.filter { [.trainingJob, .evaluationGate].contains($0.kind) }.map(\.costPerMonth).reduce(0, +) }
    /// Worst feature staleness over the online components; nil when none is fed by a feature pipeline.
    public var featureStaleness: Double? { served.compactMap(\.featureStaleness).max() }
    /// Worst model age over the online components; nil when none is fed from a training job.
    public var modelAge: Double? { served.compactMap(\.modelAge).max() }
    /// True when the design has no offline component.
    public var isEmpty: Bool { stages.isEmpty }

    /// The stage with this id.
    public subscript(stage id: String) -> Stage? { stages.first { $0.id == id } }
    /// The served figures of the online component with this id.
    public subscript(served id: String) -> Served? { served.first { $0.id == id } }

    public init(design: Design, catalog: Catalog = .standard) {
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func title(_ id: String) -> String { byID[id]?.label ?? id }
        // Offline feeders of each component: who writes into it.
        var feeders: [String: [String]] = [:]
        for c in design.components where c.kind.isOffline {
            for target in c.feeds where byID[target] != nil && target != c.id {
                if !(feeders[target]?.contains(c.id) ?? false) { feeders[target, default: []].append(c.id) }
            }
        }

        // Schedules, run lengths and prices; triggered runs take their count from upstream later.
        var stages: [Stage] = []
        var overlapping: [String] = []
        for c in design.components where c.kind.isOffline {
            let defaults = OfflineDefaults.of(c.kind)
            let s = c.offline ?? OfflineSettings()
            let schedule = s.schedule ?? defaults?.schedule
            let compute = s.compute ?? defaults?.compute
            // An explicit compute type sets the price; otherwise the catalog's instance for the kind.
            let price = c.costPerHour?.perHour ?? s.compute?.pricePerHour ?? catalog[c.kind].costPerHour
            let workers = max(c.replicas, 1)
            var run: Double?
            if let schedule, schedule != .continuous {
                if let d = s.duration {
                    run = d.seconds
                } else if let volume = s.dataVolume, let rate = s.throughput ?? defaults?.throughput, rate.bytesPerHour > 0 {
                    run = volume.bytes / (rate.bytesPerHour * Double(workers)) * 3600
                } else {
                    run = defaults?.duration?.seconds ?? 3600
                }
            }
            let lag = s.lag?.seconds ?? defaults?.lag.seconds ?? 0
            let delay: Double = switch schedule {
            case .every(let t): t.seconds + (run ?? 0) + lag
            case .triggered: (run ?? 0) + lag
            case .continuous, nil: lag
            }
            if let period = schedule?.periodSeconds, let run, run > period { overlapping.append(c.id) }
            stages.append(Stage(id: c.id, title: title(c.id), kind: c.kind, schedule: schedule, runSeconds: run,
                                runsPerMonth: schedule?.periodSeconds.map { Self.hoursPerMonth * 3600 / $0 },
                                workers: workers, compute: compute, pricePerHour: price, costPerRun: nil, costPerMonth: 0,
                                computeHoursPerMonth: 0, lagSeconds: lag, delaySeconds: delay, dataVolume: s.dataVolume, features: s.features,
                                feeds: c.feeds))
        }
        let stageIndex = Dictionary(stages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Triggered runs happen as often as their most frequent scheduled feeder (daily when none).
        func runs(_ id: String, _ visiting: inout Set<String>) -> Double? {
            guard let i = stageIndex[id], visiting.insert(id).inserted else { return nil }
            defer { visiting.remove(id) }
            switch stages[i].schedule {
            case .every: return stages[i].runsPerMonth
            case .triggered: return (feeders[id] ?? []).compactMap { runs($0, &visiting) }.max()
            default: return nil
            }
        }
        for i in stages.indices where stages[i].schedule == .triggered {
            var visiting = Set<String>()
            stages[i].runsPerMonth = runs(stages[i].id, &visiting) ?? Self.hoursPerMonth / 24
        }
        for i in stages.indices {
            let s = stages[i]
            if let run = s.runSeconds, let n = s.runsPerMonth {
                let hours = run / 3600 * Double(s.workers)
                stages[i].costPerRun = hours * s.pricePerHour
                stages[i].computeHoursPerMonth = hours * n
                stages[i].costPerMonth = hours * n * s.pricePerHour
            } else {
                stages[i].computeHoursPerMonth = Double(s.workers) * Self.hoursPerMonth
                stages[i].costPerMonth = Double(s.workers) * Self.hoursPerMonth * s.pricePerHour
            }
        }

        // Delays along chains of offline stages; a loop among them (reported by validation) adds nothing.
        enum Mode { case features, model }
        func age(_ id: String, _ mode: Mode, _ visiting: inout Set<String>) -> (Double, [String])? {
            guard let i = stageIndex[id], visiting.insert(id).inserted else { return nil }
            defer { visiting.remove(id) }
            let stage = stages[i]
            let upstream = (feeders[id] ?? []).filter { stageIndex[$0] != nil }
            if stage.kind == .trainingJob {
                return mode == .model ? (stage.delaySeconds, [id]) : nil
            }
            var best: (Double, [String])?
            for f in upstream {
                if let a = age(f, mode, &visiting), a.0 > (best?.0 ?? -1) { best = a }
            }
            if let best { return (best.0 + stage.delaySeconds, best.1 + [id]) }
            // A chain's first stage (nothing offline feeds it) starts a feature chain, never a model chain.
            return mode == .features && upstream.isEmpty ? (stage.delaySeconds, [id]) : nil
        }
        var served: [Served] = []
        for c in design.components where !c.kind.isOffline {
            let upstream = (feeders[c.id] ?? []).filter { stageIndex[$0] != nil }
            guard !upstream.isEmpty else { continue }
            var features: (Double, [String])?, model: (Double, [String])?
            for f in upstream {
                var visiting = Set<String>()
                if let a = age(f, .features, &visiting), a.0 > (features?.0 ?? -1) { features = a }
                if let a = age(f, .model, &visiting), a.0 > (model?.0 ?? -1) { model = a }
            }
            served.append(Served(id: c.id, title: title(c.id), featureStaleness: features?.0, featureChain: features?.1 ?? [],
                                 modelAge: model?.0, modelChain: model?.1 ?? []))
        }

        var computedBy: [String: [String]] = [:]
        var order: [String] = []
        for s in stages {
            for f in Set(s.features).sorted() {
                if computedBy[f] == nil { order.append(f) }
                computedBy[f, default: []].append(s.id)
            }
        }
        self.stages = stages
        self.served = served
        self.skewRisks = order.compactMap { f in (computedBy[f]?.count ?? 0) > 1 ? SkewRisk(feature: f, stages: computedBy[f] ?? []) : nil }
        self.labelDelay = stages.filter { $0.kind == .labelSource }.map(\.delaySeconds).max()
        self.overlapping = overlapping
    }

    /// Hours in the month every monthly cost uses (as the online cost does).
    public static let hoursPerMonth = 730.0

    /// `velocity pipeline (stream_processor) and velocity backfill (batch_pipeline) both compute
    /// 'spend_1h': training/serving skew risk`.
    public func describe(_ risk: SkewRisk) -> String {
        let names = risk.stages.map { id in self[stage: id].map { "\($0.title) (\($0.kind.rawValue))" } ?? id }
        return names.joined(separator: " and ") + " both compute '\(risk.feature)': training/serving skew risk; compute it once and share it"
    }

    /// The chain as `events 1s → velocity pipeline 10s`.
    public func describeChain(_ chain: [String]) -> String {
        chain.compactMap { id in self[stage: id].map { "\($0.title) \(FigureFormat.age(seconds: $0.delaySeconds))" } }.joined(separator: " → ")
    }
}

extension OfflinePlan {
    /// The offline requirement of this kind judged against the plan; nil for a kind the plan does
    /// not judge (latency, load, availability, error rate, monthly budget).
    public func check(_ kind: Requirement.Kind, target: Double) -> Requirement? {
        let unit = kind.unit
        func format(_ v: Double) -> String { unit == .seconds ? FigureFormat.age(seconds: v) : unit.format(v) }
        func judge(_ actual: Double?, _ what: String, missing: String, detail: String?) -> Requirement {
            guard let actual else { return Requirement(kind: kind, target: target, actual: nil, verdict: .fail(reason: "cannot judge: \(missing)")) }
            if actual > target {
                return Requirement(kind: kind, target: target, actual: actual,
                                   verdict: .fail(reason: "\(what) \(format(actual)) is over the \(format(target)) target"), detail: detail)
            }
            return Requirement(kind: kind, target: target, actual: actual, verdict: .pass, detail: detail)
        }
        /// A chain through a stage whose runs pile up has no steady age: it grows without limit.
        func pilingUp(_ chains: [[String]]) -> Requirement? {
            guard let id = chains.lazy.flatMap({ $0 }).first(where: overlapping.contains) else { return nil }
            return Requirement(kind: kind, target: target, actual: nil,
                               verdict: .fail(reason: "runs of \(self[stage: id]?.title ?? id) pile up (each is longer than its period), so the age grows without limit; add workers (replicas) or run it less often"))
        }
        switch kind {
        case .featureFreshness:
            if let failed = pilingUp(served.map(\.featureChain)) { return failed }
            let worst = served.filter { $0.featureStaleness != nil }.max { ($0.featureStaleness ?? 0) < ($1.featureStaleness ?? 0) }
            return judge(featureStaleness, "feature staleness at \(worst?.title ?? "serving")",
                         missing: "no pipeline writes into a component the requests read (add 'feeds')",
                         detail: worst.map { "at \($0.title): " + describeChain($0.featureChain) })
        case .modelMaxAge:
            if let failed = pilingUp(served.map(\.modelChain)) { return failed }
            let worst = served.filter { $0.modelAge != nil }.max { ($0.modelAge ?? 0) < ($1.modelAge ?? 0) }
            return judge(modelAge, "model age at \(worst?.title ?? "serving")",
                         missing: "no training job reaches a component the requests read (training_job → … → feeds the model server)",
                         detail: worst.map { "at \($0.title): " + describeChain($0.modelChain) })
        case .labelDelay:
            return judge(labelDelay, "label delay", missing: "the design has no label_source", detail: nil)
        case .trainingBudget:
            let jobs = stages.filter { [.trainingJob, .evaluationGate].contains($0.kind) }
            guard !jobs.isEmpty else { return judge(nil, "", missing: "the design has no training_job", detail: nil) }
            return judge(trainingPerMonth, "training and evaluation cost", missing: "",
                         detail: jobs.map { "\($0.title) \(FigureFormat.money($0.costPerMonth))" }.joined(separator: ", "))
        default:
            return nil
        }
    }
}
