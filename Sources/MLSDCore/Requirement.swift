/// One requirement of a scenario checked against what a design achieved: what is asked (kind,
/// target, unit, comparison), what was measured, and the verdict with its reason.
///
/// Values are in the unit's base: seconds, a fraction (0.999 for 99.9 %), requests per second,
/// dollars per month. ``actual`` is nil when the run cannot give the figure (no successful answers
/// for a latency percentile).
///
///     let r = Requirement(kind: .latencyP99, target: 0.050, actual: nil,
///                         verdict: .fail(reason: "cannot judge: 0 successful answers"))
///     r.passes          // false
///     r.formattedTarget // "50 ms"
public struct Requirement: Hashable, Sendable {
    /// What is required. The raw value is the key used in JSON, CSV and `requirements:` files.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case peakQPS = "peak_qps"
        case latencyP50 = "latency_p50", latencyP95 = "latency_p95", latencyP99 = "latency_p99", latencyP999 = "latency_p999"
        case availability
        case maxErrorRate = "max_error_rate"
        case monthlyBudget = "monthly_budget"
        case ttftP50 = "ttft_p50", ttftP99 = "ttft_p99", tpotP50 = "tpot_p50", tpotP99 = "tpot_p99"
        // Offline requirements, judged by ``OfflinePlan`` rather than by a run.
        case featureFreshness = "feature_freshness", modelMaxAge = "model_max_age", labelDelay = "label_delay"
        case trainingBudget = "training_budget"

        /// The unit of ``Requirement/target`` and ``Requirement/actual``.
        public var unit: Unit {
            switch self {
            case .peakQPS: .perSecond
            case .latencyP50, .latencyP95, .latencyP99, .latencyP999, .ttftP50, .ttftP99, .tpotP50, .tpotP99: .seconds
            case .availability, .maxErrorRate: .fraction
            case .monthlyBudget, .trainingBudget: .dollarsPerMonth
            case .featureFreshness, .modelMaxAge, .labelDelay: .seconds
            }
        }

        /// How actual and target compare when the requirement is met.
        public var comparison: Comparison {
            switch self {
            case .peakQPS, .availability: .atLeast
            default: .atMost
            }
        }

        /// True for requirements on the offline half (freshness, model age, label delay, training
        /// cost), judged from the design's ``OfflinePlan`` instead of the request simulation.
        public var isOffline: Bool { [.featureFreshness, .modelMaxAge, .labelDelay, .trainingBudget].contains(self) }

        /// The latency quantile (0.99 for p99), nil for other kinds.
        public var quantile: Double? {
            switch self {
            case .latencyP50: 0.5
            case .latencyP95: 0.95
            case .latencyP99: 0.99
            case .latencyP999: 0.999
            default: nil
            }
        }

        /// For TTFT and TPOT targets: which token latency and its quantile; nil for other kinds
        /// (``quantile`` is the end-to-end latency's only).
        public var tokenQuantile: (isTTFT: Bool, quantile: Double)? {
            switch self {
            case .ttftP50: (true, 0.5)
            case .ttftP99: (true, 0.99)
            case .tpotP50: (false, 0.5)
            case .tpotP99: (false, 0.99)
            default: nil
            }
        }

        /// A short human name: `Latency p99`, `Peak load`.
        public var title: String {
            switch self {
            case .peakQPS: "Peak load"
            case .latencyP50: "Latency p50"
            case .latencyP95: "Latency p95"
            case .latencyP99: "Latency p99"
            case .latencyP999: "Latency p99.9"
            case .availability: "Availability"
            case .maxErrorRate: "Error rate"
            case .monthlyBudget: "Monthly budget"
            case .ttftP50: "TTFT p50"
            case .ttftP99: "TTFT p99"
            case .tpotP50: "TPOT p50"
            case .tpotP99: "TPOT p99"
            case .featureFreshness: "Feature freshness"
            case .modelMaxAge: "Model age"
            case .labelDelay: "Label delay"
            case .trainingBudget: "Training budget"
            }
        }
    }

    /// Units of requirement values.
    public enum Unit: String, Hashable, Sendable {
        case seconds, fraction
        case perSecond = "per_second"
        case dollarsPerMonth = "dollars_per_month"

        /// A value in this unit as people read it (``FigureFormat``), with `digits` significant
        /// digits (money keeps its cents whatever `digits` is).
        public func format(_ value: Double) -> String { format(value, digits: 3) }

        public func format(_ value: Double, digits: Int) -> String {
            switch self {
            case .seconds: FigureFormat.duration(seconds: value, digits: digits)
            case .fraction: FigureFormat.percent(value, digits: digits)
            case .perSecond: FigureFormat.rate(perSecond: value, digits: digits)
            case .dollarsPerMonth: FigureFormat.money(value) + "/month"
            }
        }

        /// `value` as ``format(_:digits:)`` writes it, with more significant digits (up to 6) when it
        /// differs from `other` but reads the same: a TPOT p99 of 40.026 ms against a 40 ms target
        /// reads `40.03 ms`, not "40 ms is over the 40 ms target". Money keeps its cents.
        public func format(_ value: Double, apartFrom other: Double) -> String {
            let plain = format(value)
            guard value != other, value.isFinite, other.isFinite, plain == format(other), self != .dollarsPerMonth else { return plain }
            for digits in 4...6 {
                let a = format(value, digits: digits)
                if a != format(other, digits: digits) { return a }
            }
            return plain
        }
    }

    /// The direction in which a requirement is met.
    public enum Comparison: String, Hashable, Sendable {
        case atMost = "at_most", atLeast = "at_least"
        /// `≤` or `≥`.
        public var symbol: String { self == .atMost ? "≤" : "≥" }
        /// True when `actual` meets `target` in this direction.
        public func holds(_ actual: Double, _ target: Double) -> Bool { self == .atMost ? actual <= target : actual >= target }
    }

    /// Pass, or fail with a one-line reason a user can act on.
    public enum Verdict: Hashable, Sendable {
        case pass
        case fail(reason: String)
    }

    public var kind: Kind
    /// The required value, in ``unit``.
    public var target: Double
    /// What the design achieved, in ``unit``; nil when it cannot be measured.
    public var actual: Double?
    public var verdict: Verdict
    /// What the actual figure stands for, when it needs saying (`sustains 4.99k/s of 5k/s offered;
    /// capacity 12.3k/s`, `analytic 99.9974%, measured 100%`).
    public var detail: String?
    /// The 95 % confidence interval of ``actual`` when it comes from replications, in ``unit``;
    /// nil for a single run or a figure without spread (the budget, the analytic capacity).
    public var interval: ClosedRange<Double>?
    /// The share of the target the actual may miss it by and still pass: the peak load's allowance
    /// for the run's Poisson noise (0.01 for 1 %); nil when the target is met exactly.
    public var allowance: Double?

    public init(kind: Kind, target: Double, actual: Double?, verdict: Verdict, detail: String? = nil, interval: ClosedRange<Double>? = nil) {
        self.kind = kind
        self.target = target
        self.actual = actual
        self.verdict = verdict
        self.detail = detail
        self.interval = interval
    }

    /// True when the target lies inside the actual's confidence interval: the verdict, taken on the
    /// point estimate, could go the other way with more replications.
    public var straddlesTarget: Bool { interval?.contains(target) ?? false }

    /// True when the requirement passes on its ``allowance`` alone: its actual misses the target
    /// (4,990/s for 5k/s, or 4,999.6/s) and the verdict is a pass. JSON and CSV say so as
    /// `within_noise_allowance`, beside the `noise_allowance` fraction.
    public var passesWithinAllowance: Bool {
        guard passes, allowance != nil, let actual else { return false }
        return !comparison.holds(actual, target)
    }

    /// "within the 1% noise allowance" when the requirement passes on its ``allowance`` alone
    /// (its figure reads as missing the target: 4.99k/s for 5k/s, and 4.9996k/s for 4,999.6/s,
    /// as ``formattedActual`` writes it apart from the target); nil otherwise. A passing figure
    /// that reads below its target says why it passes.
    public var allowanceNote: String? {
        guard passesWithinAllowance, let allowance, actual != nil, formattedActual != formattedTarget else { return nil }
        return "within the \(FigureFormat.percent(allowance)) noise allowance"
    }

    /// `95% interval 41.2 ms to 44.8 ms straddles the target: the verdict could go either way (…)`, nil when
    /// the interval does not contain the target (or there is none).
    public var uncertainty: String? {
        guard let interval, straddlesTarget else { return nil }
        return "95% interval \(format(interval.lowerBound)) to \(format(interval.upperBound)) straddles the target: "
            + "the verdict could go either way (more replications narrow it)"
    }

    public var unit: Unit { kind.unit }
    public var comparison: Comparison { kind.comparison }
    /// True when the verdict is pass.
    public var passes: Bool { verdict == .pass }
    /// Why the requirement fails; nil when it passes.
    public var reason: String? {
        if case .fail(let reason) = verdict { return reason }
        return nil
    }
    /// The start of a reason when the run had too little to decide on ("cannot judge: 1 successful
    /// answer; p50 needs at least 20"): the requirement fails, not because its figure missed the target.
    public static let cannotJudgePrefix = "cannot judge: "
    /// True when the requirement fails because the run cannot judge it (too few samples, no
    /// successful answers, nothing of the kind in the design), whatever its actual figure reads.
    public var cannotBeJudged: Bool { reason?.hasPrefix(Self.cannotJudgePrefix) ?? false }
    /// The target as people read it: `50 ms`, `5k/s`, `99.95%`, `$40,000/month`.
    public var formattedTarget: String { kind == .availability ? FigureFormat.availabilityTarget(target) : format(target) }
    /// The actual value as people read it, `–` when there is none.
    /// The actual value as people read it, `–` when there is none; with more digits when it would
    /// otherwise read the same as a target it differs from (``Unit/format(_:apartFrom:)``).
    public var formattedActual: String {
        guard let actual else { return "–" }
        if kind == .availability || (kind.isOffline && unit == .seconds) { return format(actual) }
        return unit.format(actual, apartFrom: target)
    }

    /// A value of this requirement's unit as people read it; availability keeps its nines
    /// (``FigureFormat/availability(_:)``).
    public func format(_ value: Double) -> String {
        if kind == .availability { return FigureFormat.availability(value) }
        if kind.isOffline, unit == .seconds { return FigureFormat.age(seconds: value) }
        return unit.format(value)
    }
}

extension Requirements {
    /// The requirements that can be checked against a run, each with its target in the
    /// ``Requirement/Unit`` of its kind, in display order. `users` is free text and not checked.
    public var targets: [(kind: Requirement.Kind, target: Double)] {
        var out: [(Requirement.Kind, Double)] = []
        if let q = peakQPS { out.append((.peakQPS, q.perSecond)) }
        if let t = latencyP50 { out.append((.latencyP50, t.seconds)) }
        if let t = latencyP95 { out.append((.latencyP95, t.seconds)) }
        if let t = latencyP99 { out.append((.latencyP99, t.seconds)) }
        if let t = latencyP999 { out.append((.latencyP999, t.seconds)) }
        if let a = availability { out.append((.availability, a.fraction)) }
        if let e = maxErrorRate { out.append((.maxErrorRate, e.fraction)) }
        if let t = ttftP50 { out.append((.ttftP50, t.seconds)) }
        if let t = ttftP99 { out.append((.ttftP99, t.seconds)) }
        if let t = tpotP50 { out.append((.tpotP50, t.seconds)) }
        if let t = tpotP99 { out.append((.tpotP99, t.seconds)) }
        if let b = monthlyBudget { out.append((.monthlyBudget, b.perMonth)) }
        if let t = featureFreshness { out.append((.featureFreshness, t.seconds)) }
        if let t = modelMaxAge { out.append((.modelMaxAge, t.seconds)) }
        if let t = labelDelay { out.append((.labelDelay, t.seconds)) }
        if let b = trainingBudget { out.append((.trainingBudget, b.perMonth)) }
        return out.map { (kind: $0.0, target: $0.1) }
    }

    /// Each target as a criterion, `latency p99 ≤ 50 ms`, its comparison and figure joined by
    /// non-breaking spaces so a wrapped list never splits `≤ 1` from its `s` (the capacity search's
    /// "Judged by", in the CLI and the TUI).
    public var criteria: [String] {
        let nb = TextWrap.nonBreakingSpace
        return targets.map { t in
            let r = Requirement(kind: t.kind, target: t.target, actual: nil, verdict: .pass)
            return "\(t.kind.title.lowercased()) \(r.comparison.symbol)\(nb)\(r.formattedTarget.replacingOccurrences(of: " ", with: nb))"
        }
    }
}
