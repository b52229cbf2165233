import Foundation
public import MLSDCore
import MLSDExport

/// The design screen's own state: which component is selected, where the focus is, the inspector's
/// row and scroll, a value being edited, and whether a connection is being drawn.
public struct DesignScreen: Sendable, Equatable {
    public enum Focus: Sendable, Equatable { case canvas, inspector }
    /// What the inspector shows: the selected component, or the workload and requirements.
    public enum Subject: Sendable, Equatable { case component, scenario }
    public enum Mode: Sendable, Equatable {
        case normal
        /// Choosing the target of a new call from the component at this index.
        case connecting(from: Int)
    }
    /// A value being typed into an inspector row, and what it would do to the estimate (kept here,
    /// refreshed as the text changes, so frames do not rebuild the estimate).
    public struct Editor: Sendable, Equatable {
        public var target: String
        public var key: String
        public var field: TextField
        public var error: String?
        public var preview: String?
    }

    public var selection = 0
    public var focus: Focus = .canvas
    public var subject: Subject = .component
    public var row = 0
    public var editor: Editor?
    public var mode: Mode = .normal

    public init() {}

    /// Keeps the selection and the row inside the design after it changed (an undo can remove the
    /// selected component).
    mutating func clamp(to scenario: Scenario) {
        let count = scenario.design.components.count
        selection = count == 0 ? 0 : min(max(selection, 0), count - 1)
        if case .connecting(let from) = mode, from >= count { mode = .normal }
        let rows = InspectorRow.rows(for: scenario, selection: selection, subject: subject, estimate: nil)
        let selectable = rows.indices.filter { rows[$0].isSelectable }
        if !selectable.contains(row) { row = selectable.last(where: { $0 < row }) ?? selectable.first ?? 0 }
    }
}

/// One line of the inspector: a value to edit, a call, a heading or a figure.
public struct InspectorRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case heading
        /// An editable value: `target.key` as in `--set` (target is a component id, `workload` or `requirements`).
        case field(target: String, key: String)
        case edge(source: String, CallEdge)
        case info
    }
    public var kind: Kind
    public var label: String
    public var value: String
    /// True when the value is the catalog's default rather than written in the design.
    public var isDefault = false
    public var role: StyleRole = .normal
    /// The text an edit starts from when it is not the value shown: a list drawn one item a row
    /// (`feeds`) is edited whole.
    public var editValue: String?

    public var isSelectable: Bool {
        switch kind {
        case .field, .edge: return true
        case .heading, .info: return false
        }
    }

    /// The text an edit starts from: the value as written in a file (defaults included, so they can be tweaked).
    public var editText: String {
        if let editValue { return editValue }
        if case .field = kind { return value.hasPrefix("—") ? "" : value }
        return value
    }

    /// A monthly budget's row: the amount as the results and the design doc read it
    /// (`$40,000/month`, `$1,200/h` as its month), edited as written in the file (`$40000`).
    static func budget(_ target: String, _ key: String, _ label: String, _ money: Money?) -> InspectorRow {
        guard let money else { return field(target, key, label, nil) }
        var row = field(target, key, label, Requirement.Unit.dollarsPerMonth.format(money.perMonth))
        row.editValue = money.description
        return row
    }

    static func field(_ target: String, _ key: String, _ label: String, _ value: String?, default fallback: String? = nil) -> InspectorRow {
        if let value { return InspectorRow(kind: .field(target: target, key: key), label: label, value: value) }
        return InspectorRow(kind: .field(target: target, key: key), label: label, value: fallback ?? "— none", isDefault: true, role: .dim)
    }

    /// The rows for the selected component (or the scenario's workload and requirements), with the
    /// instant estimate's figures when one is given.
    static func rows(for scenario: Scenario, selection: Int, subject: DesignScreen.Subject, estimate: DesignEstimate?) -> [InspectorRow] {
        switch subject {
        case .scenario: return scenarioRows(scenario, estimate: estimate)
        case .component:
            guard scenario.design.components.indices.contains(selection) else { return [] }
            return componentRows(scenario, scenario.design.components[selection], estimate: estimate)
        }
    }

    static func componentRows(_ scenario: Scenario, _ c: Component, estimate: DesignEstimate?) -> [InspectorRow] {
        let design = scenario.design
        let r = design.resolved(c)
        let id = c.id
        var rows: [InspectorRow] = []
        rows.append(InspectorRow(kind: .heading, label: DisplayWidth.sanitized(c.label ?? c.id), value: c.id == design.entry ? "entry" : "", role: .title))
        rows.append(.field(id, "label", "label", c.label.map(DisplayWidth.sanitized), default: "— (id: \(DisplayWidth.sanitized(id)))"))
        rows.append(.field(id, "kind", "kind", c.kind.rawValue))
        // An offline component takes no requests: its schedule, run and cost replace the online rows.
        if c.kind.isOffline { return rows + offlineRows(scenario, c) }
        if c.kind == .modelServer {
            rows.append(.field(id, "size", "size", c.size?.rawValue, default: "small"))
            rows.append(.field(id, "hardware", "hardware", c.hardware?.rawValue, default: "cpu"))
        }
        rows.append(.field(id, "replicas", "replicas", "\(c.replicas)"))
        if c.kind == .llmServer {
            // The token engine times itself: its settings replace concurrency and latency.
            let l = c.llm ?? LLMSettings()
            let spec = l.resolved()
            rows.append(.field(id, "model", "model", l.model?.description, default: "— \(spec.model.name)"))
            rows.append(.field(id, "gpu", "gpu", l.gpu?.rawValue, default: "— \(spec.gpu.rawValue)"))
            rows.append(.field(id, "gpus_per_replica", "gpus/replica", l.gpusPerReplica.map { "\($0)" }, default: "— 1"))
            rows.append(.field(id, "precision", "precision", l.precision?.rawValue, default: "— fp16"))
            rows.append(.field(id, "max_seqs", "max seqs", l.maxSeqs.map { "\($0)" }, default: "— \(spec.maxSeqs)"))
            rows.append(.field(id, "max_batch_tokens", "batch tokens", l.maxBatchTokens.map { "\($0)" }, default: "— \(spec.maxBatchTokens)"))
            rows.append(.field(id, "prefix_cache_hit_ratio", "prefix hits", l.prefixCacheHitRatio?.description, default: "— 0%"))
            rows.append(.field(id, "chunked_prefill", "chunked", l.chunkedPrefill.map { $0 ? "true" : "false" }, default: "— true"))
            let fit = spec.fitProblem.map { _ in "does not fit" } ?? "\(Figures.count(spec.kvCapacityTokens)) tokens"
            rows.append(InspectorRow(kind: .info, label: "KV cache", value: fit, role: spec.fitProblem == nil ? .normal : .bad))
        } else {
            rows.append(.field(id, "concurrency", "concurrency", c.concurrency.map { "\($0)" }, default: "\(r.concurrency)"))
            rows.append(.field(id, "latency", "latency", c.latency?.description, default: design.resolved(Retrieval.atReferenceRecall(c)).latency.description))
        }
        rows += retrievalRows(c)
        if c.kind == .modelServer || !c.optimizations.isEmpty {
            rows.append(.field(id, "optimizations", "optimise", c.optimizations.isEmpty ? nil : c.optimizations.map(\.rawValue).joined(separator: ","), default: "— none"))
        }
        if [.modelServer, .ranker, .reranker, .candidateGenerator, .station].contains(c.kind) {
            rows.append(.field(id, "batching.max_batch", "batch max", c.batching.map { "\($0.maxBatch)" }, default: "— off"))
            rows.append(.field(id, "batching.max_wait", "batch wait", c.batching.map { "\($0.maxWait)" }, default: "— off"))
        }
        if c.kind.isCache {
            rows.append(.field(id, "hit_ratio", "hit ratio", c.hitRatio?.description, default: "— none"))
            rows.append(.field(id, "on_miss", "on miss", c.onMiss, default: "— none"))
        }
        rows.append(.field(id, "queue_limit", "queue max", c.queueLimit.map { "\($0)" }, default: "— unbounded"))
        rows.append(.field(id, "timeout", "timeout", c.timeout?.description, default: "— none"))
        rows.append(.field(id, "retries", "retries", "\(c.retries)"))
        rows.append(.field(id, "retry_budget", "retry budget", c.retryBudget?.description, default: "— unlimited"))
        rows.append(.field(id, "backoff", "backoff", c.backoff?.description, default: "— none"))
        rows.append(.field(id, "fallback", "fallback", c.fallback, default: "— none"))
        let breaker = c.circuitBreaker
        rows.append(.field(id, "circuit_breaker.failures", "trip after", breaker.map { "\($0.failures)" }, default: "— no breaker"))
        if let breaker {
            rows.append(.field(id, "circuit_breaker.open_for", "open for", breaker.openFor.description))
            rows.append(.field(id, "circuit_breaker.half_open_probes", "probes", "\(breaker.halfOpenProbes)"))
        }
        rows.append(.field(id, "deadline_propagation", "deadlines", c.deadlinePropagation ? "true" : nil, default: "— false"))
        rows.append(.field(id, "deadline_shedding", "shed late", c.deadlineShedding ? "true" : nil, default: "— false"))
        rows.append(uniqueRequestsRow(c))
        rows.append(.field(id, "availability", "avail.", c.availability?.description, default: Percentage(fraction: r.availability).description))
        rows.append(.field(id, "zones", "zones", c.zones.map { "\($0)" }, default: "— \(design.zoneSpan(of: c)) of \(design.zoneCount)"))
        rows.append(.field(id, "cost", "cost", c.costPerHour?.description, default: Money(dollars: r.costPerHour, period: .hour).description))
        if !c.feeds.isEmpty { rows += feedsRows(c) }
        let edges = scenario.edges(from: id)
        rows.append(InspectorRow(kind: .heading, label: "calls", value: edges.isEmpty ? "none: c connects" : "", role: .dim))
        for e in edges {
            rows.append(InspectorRow(kind: .edge(source: id, e), label: e.kind.rawValue + (e.probability.map { " \($0)" } ?? "") + (e.rule.map { " \($0)" } ?? ""),
                                     value: "→ " + DisplayWidth.sanitized(e.target), role: .accent))
        }
        if let estimate {
            rows.append(InspectorRow(kind: .heading, label: "estimate", value: Self.loadText(scenario, estimate), role: .dim))
            let rho = estimate.utilisation[id] ?? 0
            let arrivals = estimate.arrivalsPerSecond[id] ?? 0
            let capacity = Double(r.servers) / max(r.meanServiceSeconds, 1e-12)
            rows.append(InspectorRow(kind: .info, label: "load", value: "ρ \(Workbench.utilisationText(rho)) · \(Figures.rate(arrivals))",
                                     role: rho >= 1 ? .bad : rho >= 0.8 ? .bad : rho >= 0.5 ? .warning : .good))
            rows.append(InspectorRow(kind: .info, label: "capacity", value: Figures.rate(capacity)))
            if let sojourn = estimate.meanSojournSeconds[id] {
                rows.append(InspectorRow(kind: .info, label: "mean time", value: rho >= 1 ? "∞ (overloaded)" : Figures.duration(sojourn) + " here"))
            }
            rows.append(InspectorRow(kind: .info, label: "cost", value: Figures.money(r.costPerHour * Double(r.replicas) * 730) + "/month"))
        }
        return rows
    }

    /// Whether every request to `c` is unique (a payment, an upload): then the design doc advises
    /// no cache in front of it.
    static func uniqueRequestsRow(_ c: Component) -> InspectorRow {
        .field(c.id, "unique_requests", "unique reqs", c.uniqueRequests ? "true" : nil, default: "— false")
    }

    /// `at 500/s`, or `8 users ≈ 2.9/s` for a closed loop.
    static func loadText(_ scenario: Scenario, _ estimate: DesignEstimate) -> String {
        guard let users = scenario.design.workload.users else { return "at \(scenario.offeredRate)" }
        return "\(users) user\(users == 1 ? "" : "s") ≈ \(Figures.rate(estimate.ratePerSecond))"
    }

    /// Tokens as `--set` takes them: `800`, or `800-2400` for p50-p90.
    static func tokenText(_ t: TokenCount) -> String {
        switch t {
        case .fixed(let n): "\(n)"
        case .lognormal(let p50, let p90): "\(p50)-\(p90)"
        }
    }

    static func scenarioRows(_ scenario: Scenario, estimate: DesignEstimate?) -> [InspectorRow] {
        let w = scenario.design.workload
        let q = scenario.requirements
        var rows: [InspectorRow] = [InspectorRow(kind: .heading, label: "Design", value: "", role: .title)]
        rows.append(.field("scenario", "name", "name", DisplayWidth.sanitized(scenario.name)))
        rows.append(.field("scenario", "summary", "summary", scenario.summary.isEmpty ? nil : DisplayWidth.sanitized(scenario.summary), default: "— none"))
        rows.append(InspectorRow(kind: .heading, label: "Workload", value: "", role: .title))
        rows.append(.field("workload", "qps", "qps", w.qps?.description, default: q.peakQPS.map { "— peak \($0)" } ?? "— 100/s"))
        switch w.pattern {
        case .poisson:
            rows.append(.field("workload", "pattern", "pattern", "poisson"))
        case .burst(let factor, let every, let length):
            rows.append(.field("workload", "pattern", "pattern", "burst"))
            rows.append(.field("workload", "factor", "factor", UnitNumber.format(factor)))
            rows.append(.field("workload", "every", "every", every.description))
            rows.append(.field("workload", "length", "length", length.description))
        case .diurnal(let amplitude, let period):
            rows.append(.field("workload", "pattern", "pattern", "diurnal"))
            rows.append(.field("workload", "amplitude", "amplitude", amplitude.description))
            rows.append(.field("workload", "period", "period", period.description))
        }
        if scenario.design.components.contains(where: { $0.kind == .llmServer }) || w.users != nil {
            rows.append(.field("workload", "concurrency", "users", w.users.map { "\($0)" }, default: "— open (qps)"))
            if w.users != nil { rows.append(.field("workload", "think_time", "think", w.thinkTime?.description, default: "— none")) }
            rows.append(.field("workload", "input_tokens", "in tokens", w.inputTokens.map(Self.tokenText), default: "— " + Self.tokenText(TokenCount.defaultInput)))
            rows.append(.field("workload", "output_tokens", "out tokens", w.outputTokens.map(Self.tokenText), default: "— " + Self.tokenText(TokenCount.defaultOutput)))
        }
        rows.append(InspectorRow(kind: .heading, label: "Placement", value: "", role: .title))
        rows.append(.field("design", "zones", "zones", scenario.design.zones.map { "\($0)" }, default: "— \(Zones.defaultCount)"))
        rows.append(.field("design", "zone_availability", "zone up", scenario.design.zoneAvailability?.description,
                           default: "— " + Percentage(fraction: Zones.defaultAvailability).description))
        rows.append(InspectorRow(kind: .heading, label: "Requirements", value: "", role: .title))
        rows.append(.field("requirements", "peak_qps", "peak qps", q.peakQPS?.description))
        rows.append(.field("requirements", "p50", "p50 ≤", q.latencyP50?.description))
        rows.append(.field("requirements", "p95", "p95 ≤", q.latencyP95?.description))
        rows.append(.field("requirements", "p99", "p99 ≤", q.latencyP99?.description))
        rows.append(.field("requirements", "p999", "p99.9 ≤", q.latencyP999?.description))
        rows.append(.field("requirements", "availability", "avail. ≥", q.availability?.description))
        rows.append(.field("requirements", "max_error_rate", "errors ≤", q.maxErrorRate?.description))
        rows.append(.budget("requirements", "monthly_budget", "budget ≤", q.monthlyBudget))
        if scenario.design.components.contains(where: { $0.kind == .llmServer }) {
            rows.append(.field("requirements", "ttft_p50", "TTFT p50 ≤", q.ttftP50?.description))
            rows.append(.field("requirements", "ttft_p99", "TTFT p99 ≤", q.ttftP99?.description))
            rows.append(.field("requirements", "tpot_p50", "TPOT p50 ≤", q.tpotP50?.description))
            rows.append(.field("requirements", "tpot_p99", "TPOT p99 ≤", q.tpotP99?.description))
        }
        let plan = OfflinePlan(design: scenario.design)
        rows += offlineRequirementRows(q, plan: plan)
        if let e = estimate {
            rows.append(InspectorRow(kind: .heading, label: "estimate", value: Self.loadText(scenario, e), role: .dim))
            rows.append(InspectorRow(kind: .info, label: "capacity", value: Figures.rate(e.capacityPerSecond) + (e.bottleneck.map { " (\(DisplayWidth.sanitized($0)))" } ?? ""),
                                     role: e.capacityPerSecond < e.ratePerSecond ? .bad : .normal))
            rows.append(InspectorRow(kind: .info, label: "mean lat.", value: e.meanLatencySeconds.isFinite ? Figures.duration(e.meanLatencySeconds) : "∞ (overloaded)",
                                     role: e.meanLatencySeconds.isFinite ? .normal : .bad))
            // Red, and said in the label (a value with a note was cut at 80 columns), where the
            // requirement above it fails: the cost stayed plain over the budget.
            let short = q.availability.map { e.availability < $0.fraction } ?? false
            rows.append(InspectorRow(kind: .info, label: short ? "avail. short" : "avail.", value: Figures.availability(e.availability), role: short ? .bad : .normal))
            let over = q.monthlyBudget.map { e.costPerMonth > $0.perMonth } ?? false
            rows.append(InspectorRow(kind: .info, label: over ? "over budget" : "cost", value: Figures.money(e.costPerMonth) + "/month", role: over ? .bad : .normal))
            rows += offlineEstimateRows(plan, requirements: q)
        }
        return rows
    }
}

extension InspectorRow {
    /// A reranker's candidates and per-candidate cost, a vector database's recall (README "Retrieval settings").
    static func retrievalRows(_ c: Component) -> [InspectorRow] {
        switch c.kind {
        case .reranker:
            [.field(c.id, "candidates", "candidates", c.candidates.map { "\($0)" }, default: "— none"),
             .field(c.id, "per_candidate", "per cand.", c.perCandidate?.description, default: "— \(Retrieval.defaultPerCandidate)")]
        case .vectorDB:
            [.field(c.id, "recall", "recall", c.recall.map(Retrieval.recallText), default: "— \(Retrieval.recallText(Retrieval.referenceRecall))")]
        default: []
        }
    }
}
