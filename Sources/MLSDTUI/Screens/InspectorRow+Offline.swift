import MLSDCore

/// The inspector's rows for the offline half (README "Offline pipelines"): an offline component's
/// settings and its plan, where a component's data goes, and the offline requirements.
///
/// The figures are the ``OfflinePlan``'s, printed by its stage's own texts, so a stage reads here
/// as in `mlsd show` and `mlsd simulate` (`every 24h  3 h  8 CPU  $8.16  $248`).
extension InspectorRow {
    /// An offline component's rows after its label and kind: workers, schedule, run, compute, lag,
    /// features, price and feeds, then what its schedule makes of them. No latency, queue, timeout,
    /// load or capacity: it takes no requests.
    static func offlineRows(_ scenario: Scenario, _ c: Component) -> [InspectorRow] {
        let id = c.id
        let plan = OfflinePlan(design: scenario.design)
        let defaults = OfflineDefaults.of(c.kind)
        let s = c.offline ?? OfflineSettings()
        // Stores, logs, registries and label sources have no runs: only a lag (validation refuses the rest).
        let isAlwaysOn = defaults?.schedule == nil
        let schedule = s.schedule ?? defaults?.schedule
        var rows: [InspectorRow] = []
        rows.append(.field(id, "replicas", "workers", "\(c.replicas)"))
        if isAlwaysOn, s.schedule == nil {
            rows.append(InspectorRow(kind: .info, label: "schedule", value: "always on", role: .dim))
        } else {
            rows.append(.field(id, "schedule", "schedule", s.schedule?.description, default: "— " + (schedule?.description ?? "always on")))
        }
        let hasRuns = schedule != nil && schedule != .continuous
        if hasRuns || s.duration != nil {
            let run = s.dataVolume != nil ? "from data" : Self.spanText(defaults?.duration ?? TimeSpan(seconds: 3600))
            rows.append(.field(id, "duration", "duration", s.duration.map(Self.spanText), default: "— " + run))
        }
        if hasRuns || s.dataVolume != nil {
            rows.append(.field(id, "data_volume", "data volume", s.dataVolume?.description, default: "— none"))
        }
        if hasRuns || s.throughput != nil {
            rows.append(.field(id, "throughput", "throughput", s.throughput?.description, default: "— " + (defaults?.throughput?.description ?? "none")))
        }
        if !isAlwaysOn || s.compute != nil {
            rows.append(.field(id, "compute", "compute", s.compute?.rawValue, default: "— " + Self.unsetComputeText(c.kind)))
        }
        let lag = defaults?.lag ?? TimeSpan(seconds: 0)
        rows.append(.field(id, "lag", "lag", s.lag.map(Self.spanText), default: "— " + (lag.seconds == 0 ? "none" : Self.spanText(lag))))
        if !isAlwaysOn || !s.features.isEmpty {
            rows.append(.field(id, "features", "features", s.features.isEmpty ? nil : s.features.joined(separator: ", "), default: "— none"))
        }
        let stage = plan[stage: id]
        rows.append(.field(id, "cost", "price", c.costPerHour?.description,
                           default: "— " + Money(dollars: stage?.pricePerHour ?? 0, period: .hour).description))
        rows += feedsRows(c)
        // It takes no requests, so the flag says nothing here; shown only when set, so it can be cleared.
        if c.uniqueRequests { rows.append(uniqueRequestsRow(c)) }
        // Calls from an offline component are a validation warning; listed so they can be deleted.
        let edges = scenario.edges(from: id)
        if !edges.isEmpty {
            rows.append(InspectorRow(kind: .heading, label: "calls", value: "none expected: it takes no requests", role: .warning))
            for e in edges {
                rows.append(InspectorRow(kind: .edge(source: id, e), label: e.kind.rawValue, value: "→ " + DisplayWidth.sanitized(e.target), role: .accent))
            }
        }
        guard let stage else { return rows }
        rows.append(InspectorRow(kind: .heading, label: "plan", value: "costed by its schedule", role: .dim))
        if let run = stage.runText {
            rows.append(InspectorRow(kind: .info, label: "run", value: run))
            if let n = stage.runsPerMonth { rows.append(InspectorRow(kind: .info, label: "runs", value: FigureFormat.significant(n, 3, maxDecimals: 1) + " a month")) }
        } else {
            rows.append(InspectorRow(kind: .info, label: "runs", value: "always: \(FigureFormat.count(Int(OfflinePlan.hoursPerMonth))) h a month"))
        }
        if let perRun = stage.costPerRunText { rows.append(InspectorRow(kind: .info, label: "per run", value: perRun)) }
        rows.append(InspectorRow(kind: .info, label: "cost", value: stage.costPerMonthText + "/month"))
        rows.append(InspectorRow(kind: .info, label: "delay", value: stage.delaySeconds > 0 ? "≤ " + FigureFormat.age(seconds: stage.delaySeconds) + " worst case" : "none"))
        let writers = scenario.design.components.filter { $0.feeds.contains(id) }.map { DisplayWidth.sanitized($0.id) }
        if !writers.isEmpty { rows.append(InspectorRow(kind: .info, label: "fed by", value: writers.joined(separator: ", "))) }
        if plan.overlapping.contains(id) {
            rows.append(InspectorRow(kind: .info, label: "overlap", value: "runs pile up: a run outlasts its period", role: .bad))
        }
        return rows
    }

    /// What an unset `compute` is priced as, in the words of the row: the plan prices it at the
    /// kind's catalog entry, which is its default type's price (`cpu`, `t4`) for every kind but
    /// `stream_processor`, a c5.xlarge at $0.17/h where `cpu` is a c5.2xlarge at $0.34/h. There the
    /// row reads `catalog $0.17/h`: naming `cpu` would say that setting it changes nothing, when it
    /// doubles the price.
    static func unsetComputeText(_ kind: ComponentKind, catalog: Catalog = .standard) -> String {
        guard let compute = OfflineDefaults.of(kind)?.compute else { return "none" }
        let price = catalog[kind].costPerHour
        if abs(compute.pricePerHour - price) < 1e-9 { return compute.rawValue }
        return "catalog " + Money(dollars: price, period: .hour).description
    }

    /// A duration as a file writes it: `30d`, `6h`, `0s` (not `720h`, `0ms`).
    static func spanText(_ t: TimeSpan) -> String { t.seconds == 0 ? "0s" : Schedule.period(t) }

    /// Where a component's data goes, one target a row; each row edits the whole list
    /// (`evaluation, registry`; `none` clears it).
    static func feedsRows(_ c: Component) -> [InspectorRow] {
        guard !c.feeds.isEmpty else { return [.field(c.id, "feeds", "feeds", nil, default: "— none")] }
        let list = c.feeds.joined(separator: ", ")
        return c.feeds.enumerated().map { i, target in
            InspectorRow(kind: .field(target: c.id, key: "feeds"), label: i == 0 ? "feeds" : "", value: "→ " + DisplayWidth.sanitized(target),
                         role: .accent, editValue: list)
        }
    }

    /// The offline requirements (`w`), when the design has an offline half or one is set.
    static func offlineRequirementRows(_ q: Requirements, plan: OfflinePlan) -> [InspectorRow] {
        let isSet = q.featureFreshness != nil || q.modelMaxAge != nil || q.labelDelay != nil || q.trainingBudget != nil
        guard !plan.isEmpty || isSet else { return [] }
        return [
            .field("requirements", "feature_freshness", "freshness ≤", q.featureFreshness.map(Self.spanText)),
            .field("requirements", "model_max_age", "model age ≤", q.modelMaxAge.map(Self.spanText)),
            .field("requirements", "label_delay", "label lag ≤", q.labelDelay.map(Self.spanText)),
            .budget("requirements", "training_budget", "training ≤", q.trainingBudget),
        ]
    }

    /// What the offline plan gives for each offline requirement, for the `w` estimate: red where a
    /// requirement set on it fails.
    static func offlineEstimateRows(_ plan: OfflinePlan, requirements q: Requirements) -> [InspectorRow] {
        guard !plan.isEmpty else { return [] }
        // Part of the cost row above it, not on top of it (it read as a second bill).
        var rows = [InspectorRow(kind: .info, label: "offline part", value: Figures.money(plan.offlinePerMonth) + "/month")]
        let targets = Dictionary(q.targets.map { ($0.kind, $0.target) }, uniquingKeysWith: { a, _ in a })
        func role(_ kind: Requirement.Kind) -> StyleRole {
            guard let target = targets[kind], let r = plan.check(kind, target: target) else { return .normal }
            return r.passes ? .normal : .bad
        }
        if let f = plan.featureStaleness { rows.append(InspectorRow(kind: .info, label: "freshness", value: FigureFormat.age(seconds: f), role: role(.featureFreshness))) }
        if let a = plan.modelAge { rows.append(InspectorRow(kind: .info, label: "model age", value: FigureFormat.age(seconds: a), role: role(.modelMaxAge))) }
        if let d = plan.labelDelay { rows.append(InspectorRow(kind: .info, label: "label lag", value: FigureFormat.age(seconds: d), role: role(.labelDelay))) }
        if plan.stages.contains(where: { [.trainingJob, .evaluationGate].contains($0.kind) }) {
            rows.append(InspectorRow(kind: .info, label: "training", value: Figures.money(plan.trainingPerMonth) + "/month", role: role(.trainingBudget)))
        }
        return rows
    }
}
