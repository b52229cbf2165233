internal import Yams

/// One `--set id.key=value` change to a design, for what-if runs from the CLI and the TUI.
///
/// Values are written as in scenario files: `scorer.replicas=8`, `scorer.timeout=30ms`,
/// `cache.hit_ratio=80%`, `scorer.latency=5ms-20ms`, `scorer.latency={ exponential: 8ms }`,
/// `scorer.optimizations=int8,onnx`, `scorer.batching.max_batch=16`, `workload.qps=6k/s`.
/// `none` clears an optional field (`scorer.timeout=none`).
///
///     let change = try DesignOverride(parsing: "scorer.replicas=8")
///     let what_if = try scenario.applying([change])
public struct DesignOverride: Hashable, Sendable, CustomStringConvertible {
    /// Component id, or `workload`.
    public var target: String
    /// Key as in scenario files, `batching.max_batch` for nested ones.
    public var key: String
    public var value: String

    /// Keys a component override may set.
    public static let componentKeys = [
        "replicas", "concurrency", "latency", "queue_limit", "timeout", "retries", "retry_budget", "backoff",
        "circuit_breaker", "circuit_breaker.failures", "circuit_breaker.open_for", "circuit_breaker.half_open_probes", "deadline_propagation", "deadline_shedding",
        "fallback", "hit_ratio", "on_miss",
        "availability", "zones", "cost", "optimizations", "batching", "batching.max_batch", "batching.max_wait", "size", "hardware", "kind",
        "label", "notes",
    ] + LLMSettings.keys + Retrieval.keys + DesignOverride.offlineKeys
    /// Keys a `workload.` override may set.
    public static let workloadKeys = ["qps", "pattern", "factor", "every", "length", "amplitude", "period", "input_tokens", "output_tokens", "concurrency", "think_time"]
    /// Keys a `design.` override may set (placement of the whole deployment).
    public static let designKeys = ["zones", "zone_availability"]
    /// Keys a `scenario.` override may set: the design's name and one-line summary, as the file's
    /// top-level `name:` and `summary:` (the title of the TUI, the diagram and the design doc).
    public static let scenarioKeys = ["name", "summary"]
    /// Keys a `requirements.` override may set (`none` removes a requirement).
    public static let requirementKeys = ["peak_qps", "p50", "p95", "p99", "p999", "availability", "max_error_rate", "monthly_budget",
                                         "ttft_p50", "ttft_p99", "tpot_p50", "tpot_p99",
                                         "feature_freshness", "model_max_age", "label_delay", "training_budget"]

    public init(target: String, key: String, value: String) {
        self.target = target
        self.key = key
        self.value = value
    }

    /// Parses `id.key=value`.
    ///
    /// - Throws: ``DesignOverrideError`` when the text is not of that form.
    public init(parsing text: String) throws(DesignOverrideError) {
        guard let eq = text.firstIndex(of: "=") else {
            throw DesignOverrideError("invalid --set '\(text)': expected id.key=value such as scorer.replicas=8")
        }
        let path = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let value = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        guard let dot = path.firstIndex(of: "."), dot != path.startIndex, path.index(after: dot) != path.endIndex else {
            throw DesignOverrideError("invalid --set '\(text)': expected id.key=value such as scorer.replicas=8")
        }
        guard !value.isEmpty else { throw DesignOverrideError("invalid --set '\(text)': the value is empty") }
        self.init(target: String(path[..<dot]), key: String(path[path.index(after: dot)...]), value: value)
    }

    /// `id.key=value`.
    public var description: String { "\(target).\(key)=\(value)" }

    /// Applies the change to a design in place.
    ///
    /// - Throws: ``DesignOverrideError`` naming the unknown component or key (with a suggestion) or
    ///   saying what value was expected.
    public func apply(to design: inout Design) throws(DesignOverrideError) {
        if target == "workload", design[target] == nil {
            try applyToWorkload(&design.workload)
            return
        }
        if target == "design", design[target] == nil {
            try applyToPlacement(&design)
            return
        }
        guard let index = design.components.firstIndex(where: { $0.id == target }) else {
            let hint = design.componentIDHint(for: target, extra: ["workload", "design", "requirements", "scenario"])
            throw DesignOverrideError("invalid --set '\(self)': no component '\(target)' in the design\(hint)")
        }
        var c = design.components[index]
        let isNone = value == "none"
        switch key {
        case "replicas": c.replicas = try integer(minimum: 1)
        case "concurrency": c.concurrency = try integer(minimum: 1)
        case "queue_limit": c.queueLimit = isNone ? nil : try integer(minimum: 0)
        case "retries": c.retries = try integer(minimum: 0, maximum: 10)
        case "timeout":
            if isNone { c.timeout = nil } else {
                guard let t = TimeSpan(parsing: value), ValueBounds.allows(t) else { throw invalid("a duration above 0 such as 40ms (at most a year), or none") }
                c.timeout = t
            }
        case "fallback": c.fallback = isNone ? nil : value
        case "on_miss": c.onMiss = isNone ? nil : value
        case "backoff":
            if isNone { c.backoff = nil } else {
                guard let t = TimeSpan(parsing: value), t.seconds > 0 else { throw invalid("a duration above 0 such as 10ms, or none") }
                c.backoff = t
            }
        case "retry_budget":
            if isNone { c.retryBudget = nil } else {
                guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else { throw invalid("a percentage from 0% to 100% such as 10%, or none") }
                c.retryBudget = p
            }
        case "circuit_breaker":
            guard isNone else { throw invalid("none (set circuit_breaker.failures, circuit_breaker.open_for and circuit_breaker.half_open_probes instead)") }
            c.circuitBreaker = nil
        case "circuit_breaker.failures":
            // The failures that trip it are the breaker's one required key: none removes it (the
            // TUI's "trip after" row reads "— no breaker" without one).
            if isNone { c.circuitBreaker = nil; break }
            let range = CircuitBreaker.countRange
            var b = c.circuitBreaker ?? CircuitBreaker()
            guard let failures = Int(value), range.contains(failures) else {
                throw invalid("a whole number from \(range.lowerBound) to \(range.upperBound), or none to remove the breaker")
            }
            b.failures = failures
            c.circuitBreaker = b
        case "circuit_breaker.half_open_probes":
            let range = CircuitBreaker.countRange
            var b = c.circuitBreaker ?? CircuitBreaker()
            b.halfOpenProbes = try integer(minimum: range.lowerBound, maximum: range.upperBound)
            c.circuitBreaker = b
        case "circuit_breaker.open_for":
            guard let t = TimeSpan(parsing: value), ValueBounds.allows(t) else { throw invalid("a duration above 0 such as 5s, at most a year") }
            var b = c.circuitBreaker ?? CircuitBreaker()
            b.openFor = t
            c.circuitBreaker = b
        case "deadline_propagation":
            switch value {
            case "true": c.deadlinePropagation = true
            case "false", "none": c.deadlinePropagation = false
            default: throw invalid("true or false (none is false)")
            }
        case "deadline_shedding":
            switch value {
            case "true": c.deadlineShedding = true
            case "false", "none": c.deadlineShedding = false
            default: throw invalid("true or false (none is false)")
            }
        case "hit_ratio":
            guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else {
                // A fraction typed for a percentage says how to write it (0.9 was refused with no hint).
                let fraction = Double(value).flatMap { (0...1).contains($0) ? $0 : nil }
                throw invalid("a percentage from 0% to 100% such as 80%", hint: fraction.map { "write \(UnitNumber.format($0 * 100))% for \(value)" })
            }
            c.hitRatio = p
        case "availability":
            guard let p = Percentage(parsing: value), p.fraction > 0, p.fraction <= 1 else { throw invalid("a percentage above 0% and at most 100% such as 99.9%") }
            c.availability = p
        case "zones":
            c.zones = isNone ? nil : try integer(minimum: 1, maximum: Zones.maximumCount)
        case "cost":
            guard let m = Money(parsing: value), m.dollars >= 0, m.dollars <= ValueBounds.maximumDollars else { throw invalid("an amount such as $0.52/h, at most $1000000", hint: dollarHint) }
            c.costPerHour = m
        case "optimizations":
            if isNone { c.optimizations = [] } else {
                var list: [Optimization] = []
                for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    guard let o = Optimization(rawValue: name) else {
                        throw invalid("a comma-separated list of \(Optimization.allCases.map(\.rawValue).joined(separator: ", ")), or none")
                    }
                    if !list.contains(o) { list.append(o) }
                }
                c.optimizations = list
            }
        case "batching":
            guard isNone else { throw invalid("none (set batching.max_batch and batching.max_wait instead)") }
            c.batching = nil
        case "batching.max_batch":
            c.batching = Batching(maxBatch: try integer(minimum: 1), maxWait: c.batching?.maxWait ?? .milliseconds(5))
        case "batching.max_wait":
            guard let t = TimeSpan(parsing: value), ValueBounds.allows(t, zero: true) else { throw invalid("a duration such as 5ms, at most a year") }
            c.batching = Batching(maxBatch: c.batching?.maxBatch ?? 8, maxWait: t)
        case "size":
            guard let s = ModelSize(rawValue: value) else { throw invalid(ModelSize.allCases.map(\.rawValue).joined(separator: " or ")) }
            c.size = s
        case "hardware":
            // Any case, as the command line's names are (`GPU` was refused in the inspector).
            guard let h = Hardware(rawValue: value.lowercased()) else { throw invalid(Hardware.allCases.map(\.rawValue).joined(separator: " or ")) }
            c.hardware = h
        case "kind":
            guard let k = ComponentKind(rawValue: value) else { throw invalid("a component kind: \(ComponentKind.allCases.map(\.rawValue).joined(separator: ", "))") }
            c.kind = k
        case "label":
            guard value.count <= 60, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw invalid("a label of at most 60 printable characters, or none")
            }
            c.label = isNone ? nil : value
        case "notes":
            c.notes = isNone ? nil : value
        case "latency":
            var reader = ScenarioReader(path: "--set")
            let node: Node?
            if let problem = YAMLAliasCheck.check(value) { throw invalid("a latency without multiplying aliases (\(problem.message))") }
            let shapes = "a duration such as 8ms, a range such as 5ms-20ms or a distribution such as { exponential: 8ms }"
            do { node = try Yams.compose(yaml: value) } catch { throw invalid(shapes) }
            guard let node, let l = reader.latency(node), reader.diagnostics.isEmpty else {
                // A value the reader understood but refuses says why in its words (12ms-2ms: its ends
                // are swapped; a lognormal's p50 above its p99; 9999999h: past a year; an exponential
                // of 0ms), unless it only says what a latency looks like.
                if let m = reader.diagnostics.first?.message {
                    if let r = m.range(of: "for 'latency': ") {
                        let reason = String(m[r.upperBound...])
                        if !reason.hasPrefix("expected ") { throw DesignOverrideError("invalid --set '\(self)': \(reason)") }
                        if reason != "expected " + shapes { throw invalid(String(reason.dropFirst("expected ".count))) }
                    } else if m.hasPrefix("invalid value") {
                        throw DesignOverrideError("invalid --set '\(self)': \(m)")
                    }
                }
                throw invalid(shapes)
            }
            c.latency = l
        case _ where LLMSettings.keys.contains(key):
            guard c.kind == .llmServer else { throw DesignOverrideError("invalid --set '\(self)': '\(key)' applies only to components of kind llm_server, not \(c.kind.rawValue)") }
            var l = c.llm ?? LLMSettings()
            try applyLLM(&l)
            c.llm = l
        case _ where try applyRetrieval(to: &c): break
        case _ where try applyOffline(to: &c): break
        default:
            throw unknownKey(Self.componentKeys)
        }
        design.components[index] = c
    }

    /// An `llm_server` key; `none` returns it to its default.
    private func applyLLM(_ l: inout LLMSettings) throws(DesignOverrideError) {
        let isNone = value == "none"
        func count(_ range: ClosedRange<Int>) throws(DesignOverrideError) -> Int? {
            if isNone { return nil }
            guard let n = Int(value), range.contains(n) else { throw invalid("a whole number from \(range.lowerBound) to \(range.upperBound), or none") }
            return n
        }
        switch key {
        case "model":
            if isNone { l.model = nil; return }
            guard LLMModelShape.preset(named: value) != nil else {
                let names = LLMModelShape.presets.map(\.name)
                let hint = EditDistance.suggestion(for: value, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw invalid("a model preset\(hint): \(names.joined(separator: ", "))")
            }
            l.model = .preset(value.lowercased())
        case "gpu":
            if isNone { l.gpu = nil; return }
            guard let g = GPUType(rawValue: value) else { throw invalid(GPUType.allCases.map(\.rawValue).joined(separator: ", ")) }
            l.gpu = g
        case "precision":
            if isNone { l.precision = nil; return }
            guard let p = LLMPrecision(rawValue: value) else { throw invalid(LLMPrecision.allCases.map(\.rawValue).joined(separator: ", ")) }
            l.precision = p
        case "gpus_per_replica": l.gpusPerReplica = try count(1...LLMServerSpec.maxGPUsPerReplica)
        case "max_batch_tokens": l.maxBatchTokens = try count(1...(1 << 20))
        case "max_seqs": l.maxSeqs = try count(1...65_536)
        case "prefix_cache_hit_ratio":
            if isNone { l.prefixCacheHitRatio = nil; return }
            guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else { throw invalid("a percentage from 0% to 100% such as 30%, or none") }
            l.prefixCacheHitRatio = p
        case "chunked_prefill":
            switch value {
            case "true": l.chunkedPrefill = true
            case "false": l.chunkedPrefill = false
            case "none": l.chunkedPrefill = nil
            default: throw invalid("true or false, or none for the default")
            }
        default:
            throw unknownKey(Self.componentKeys)
        }
    }

    /// Tokens per request: `800` or `800-2400` (p50-p90).
    private func tokens() throws(DesignOverrideError) -> TokenCount {
        let parts = value.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let n = parts[0], (1...TokenCount.maximum).contains(n) { return .fixed(n) }
        if parts.count == 2, let a = parts[0], let b = parts[1], (1...TokenCount.maximum).contains(a), (a...TokenCount.maximum).contains(b) { return .lognormal(p50: a, p90: b) }
        throw invalid("a token count such as 800, or p50-p90 such as 800-2400 (1 to \(TokenCount.maximum))")
    }

    private func applyToPlacement(_ design: inout Design) throws(DesignOverrideError) {
        let isNone = value == "none"
        switch key {
        case "zones": design.zones = isNone ? nil : try integer(minimum: 1, maximum: Zones.maximumCount)
        case "zone_availability":
            if isNone { design.zoneAvailability = nil; return }
            guard let p = Percentage(parsing: value), p.fraction > 0, p.fraction <= 1 else { throw invalid("a percentage above 0% and at most 100% such as 99.9%, or none") }
            design.zoneAvailability = p
        default: throw unknownKey(Self.designKeys)
        }
    }

    private func applyToWorkload(_ w: inout Workload) throws(DesignOverrideError) {
        let isNone = value == "none"
        func duration() throws(DesignOverrideError) -> TimeSpan {
            guard let t = TimeSpan(parsing: value), t.seconds > 0, ValueBounds.allows(t) else { throw invalid("a duration above 0 such as 60s, at most a year") }
            return t
        }
        switch (key, w.pattern) {
        case ("qps", _):
            if isNone { w.qps = nil; return }
            guard let r = Rate(parsingTyped: value), ValueBounds.allows(r) else { throw invalidRate("a rate such as 5k/s or 5000, \(ValueBounds.rateText), or none for the peak QPS") }
            w.qps = r
            w.users = nil      // open arrivals replace a closed loop
            w.thinkTime = nil
        case ("pattern", _):
            switch value {
            case "poisson": w.pattern = .poisson
            case "burst": if case .burst = w.pattern {} else { w.pattern = .defaultBurst }
            case "diurnal": if case .diurnal = w.pattern {} else { w.pattern = .defaultDiurnal }
            default: throw invalid("poisson, burst or diurnal")
            }
        case ("factor", .burst(_, let every, let length)):
            guard let f = UnitNumber.parse(value), f >= 1, f <= ValueBounds.maximumFactor else { throw invalid("a factor from 1 to 1000 such as 3") }
            w.pattern = .burst(factor: f, every: every, length: length)
        case ("every", .burst(let factor, _, let length)):
            w.pattern = .burst(factor: factor, every: try duration(), length: length)
        case ("length", .burst(let factor, let every, _)):
            w.pattern = .burst(factor: factor, every: every, length: try duration())
        case ("amplitude", .diurnal(_, let period)):
            guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else { throw invalid("a percentage from 0% to 100% such as 50%") }
            w.pattern = .diurnal(amplitude: p, period: period)
        case ("period", .diurnal(let amplitude, _)):
            w.pattern = .diurnal(amplitude: amplitude, period: try duration())
        case ("input_tokens", _): w.inputTokens = isNone ? nil : try tokens()
        case ("output_tokens", _): w.outputTokens = isNone ? nil : try tokens()
        case ("concurrency", _):
            if isNone { w.users = nil; w.thinkTime = nil; return }
            guard let n = Int(value), (1...Workload.maximumUsers).contains(n) else { throw invalid("a number of closed-loop users from 1 to \(Workload.maximumUsers), or none") }
            w.users = n
            w.qps = nil
        case ("think_time", _):
            guard w.users != nil else { throw DesignOverrideError("invalid --set '\(self)': 'think_time' needs closed-loop users; set workload.concurrency first") }
            if isNone { w.thinkTime = nil; return }
            guard let t = TimeSpan(parsing: value), t.seconds >= 0, ValueBounds.allows(t, zero: true) else { throw invalid("a duration such as 2s, or none") }
            w.thinkTime = t
        case ("factor", _), ("every", _), ("length", _):
            throw DesignOverrideError("invalid --set '\(self)': '\(key)' applies to the burst pattern; set workload.pattern=burst first")
        case ("amplitude", _), ("period", _):
            throw DesignOverrideError("invalid --set '\(self)': '\(key)' applies to the diurnal pattern; set workload.pattern=diurnal first")
        default:
            throw unknownKey(Self.workloadKeys)
        }
    }

    /// "at most $…", the highest budget a requirement takes.
    static var budgetCeiling: String { "at most \(FigureFormat.money(ValueBounds.maximumBudgetDollars))" }

    /// Applies a `requirements.` change; `none` removes the requirement.
    public func apply(to r: inout Requirements) throws(DesignOverrideError) {
        let isNone = value == "none"
        func time() throws(DesignOverrideError) -> TimeSpan? {
            if isNone { return nil }
            guard let t = TimeSpan(parsing: value), t.seconds > 0, ValueBounds.allows(t) else { throw invalid("a duration above 0 such as 50ms, at most a year, or none") }
            return t
        }
        func share(_ example: String, allowZero: Bool) throws(DesignOverrideError) -> Percentage? {
            if isNone { return nil }
            guard let p = Percentage(parsing: value), p.fraction <= 1, allowZero ? p.fraction >= 0 : p.fraction > 0 else {
                // The range is said, not only an example: 101% read "expected a percentage such as 99.9%".
                throw invalid("a percentage \(allowZero ? "from 0%" : "above 0%") up to 100% such as \(example), or none")
            }
            return p
        }
        switch key {
        case "ttft_p50": r.ttftP50 = try time()
        case "ttft_p99": r.ttftP99 = try time()
        case "tpot_p50": r.tpotP50 = try time()
        case "tpot_p99": r.tpotP99 = try time()
        case "peak_qps":
            if isNone { r.peakQPS = nil; return }
            guard let q = Rate(parsingTyped: value), ValueBounds.allows(q) else { throw invalidRate("a rate such as 5k/s or 5000, \(ValueBounds.rateText), or none") }
            r.peakQPS = q
        case "p50": r.latencyP50 = try time()
        case "p95": r.latencyP95 = try time()
        case "p99": r.latencyP99 = try time()
        case "p999": r.latencyP999 = try time()
        case "availability": r.availability = try share("99.9%", allowZero: false)
        case "max_error_rate": r.maxErrorRate = try share("0.1%", allowZero: true)
        case "monthly_budget":
            if isNone { r.monthlyBudget = nil; return }
            guard let m = Money(parsing: value), m.dollars > 0, m.dollars <= ValueBounds.maximumBudgetDollars else { throw invalid("an amount greater than $0 and \(Self.budgetCeiling) such as $40000, or none", hint: dollarHint) }
            // The same amount spelled otherwise (`$40000/month` for `$40000`) keeps the old spelling.
            if r.monthlyBudget?.perMonth != m.perMonth { r.monthlyBudget = m }
        case "feature_freshness": r.featureFreshness = try time()
        case "model_max_age": r.modelMaxAge = try time()
        case "label_delay": r.labelDelay = try time()
        case "training_budget":
            if isNone { r.trainingBudget = nil; return }
            guard let m = Money(parsing: value), m.dollars > 0, m.dollars <= ValueBounds.maximumBudgetDollars else { throw invalid("an amount greater than $0 and \(Self.budgetCeiling) such as $2000, or none", hint: dollarHint) }
            if r.trainingBudget?.perMonth != m.perMonth { r.trainingBudget = m }
        default:
            throw unknownKey(Self.requirementKeys)
        }
    }

    private func integer(minimum: Int, maximum: Int = 1_000_000) throws(DesignOverrideError) -> Int {
        guard let v = Int(value), v >= minimum, v <= maximum else { throw invalid("a whole number from \(minimum) to \(maximum)") }
        return v
    }

    /// `scenario.name` and `scenario.summary`: printable text of at most 80 and 300 characters (a
    /// name is needed; `none` clears the summary).
    func applyToTitle(_ s: inout Scenario) throws(DesignOverrideError) {
        let printable = !value.unicodeScalars.contains { $0.properties.generalCategory == .control }
        switch key {
        case "name":
            // `none` would read as a removal, which a name has not: said so, not "at most 80 characters".
            guard value.lowercased() != "none" else { throw invalid("a name (a design always has one; none clears only the summary)") }
            guard printable, value.count <= 80 else { throw invalid("a name of at most 80 printable characters") }
            s.name = value
        case "summary":
            guard printable, value.count <= 300 else { throw invalid("a summary of at most 300 printable characters, or none") }
            s.summary = value == "none" ? "" : value
        default:
            throw unknownKey(Self.scenarioKeys)
        }
    }

    /// `expected … for 'key'`, then the `hint` if any: `…; write 90% for 0.9`.
    /// For an amount written without its `$` (`40000`): what to write instead.
    public var dollarHint: String? {
        let t = value.trimmingCharacters(in: .whitespaces)
        guard !t.hasPrefix("$"), let m = Money(parsing: "$" + t), m.dollars > 0 else { return nil }
        return "an amount starts with $: $\(t)"
    }

    private func invalid(_ expected: String, hint: String? = nil) -> DesignOverrideError {
        DesignOverrideError("invalid --set '\(self)': expected \(expected) for '\(key)'" + (hint.map { "; \($0)" } ?? ""))
    }

    /// A rate refused: what its spelling gets wrong (`/M`), or what was expected.
    private func invalidRate(_ expected: String) -> DesignOverrideError {
        guard let problem = Rate.spellingProblem(in: value) else { return invalid(expected) }
        return DesignOverrideError("invalid --set '\(self)': \(problem)")
    }

    private func unknownKey(_ keys: [String]) -> DesignOverrideError {
        let hint = EditDistance.suggestion(for: key, among: keys).map { "; did you mean '\($0)'?" } ?? "; expected one of \(keys.joined(separator: ", "))"
        return DesignOverrideError("invalid --set '\(self)': unknown key '\(key)'\(hint)")
    }
}

/// A `--set` change that cannot be applied; `description` is the whole message.
public struct DesignOverrideError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Scenario {
    /// This scenario with the changes applied in order, then validated as a whole (references,
    /// cycles, kind-specific rules) as a scenario file would be.
    ///
    /// - Throws: ``DesignOverrideError`` for a bad change or when the changed design is invalid.
    public func applying(_ overrides: [DesignOverride]) throws(DesignOverrideError) -> Scenario {
        var s = self
        for o in overrides {
            if o.target == "requirements", s.design[o.target] == nil { try o.apply(to: &s.requirements) }
            else if o.target == "scenario", s.design[o.target] == nil { try o.applyToTitle(&s) }
            else { try o.apply(to: &s.design) }
        }
        let errors = ScenarioValidator(path: "--set").validate(s).filter { $0.severity == .error }
        if let first = errors.first {
            throw DesignOverrideError("invalid --set \(overrides.map(\.description).joined(separator: " ")): \(first.message)")
        }
        return s
    }
}

extension Design {
    /// What follows "no component 'x' in the design": `; did you mean 'scorer'?` when one id is
    /// close, else the ids there are (`; expected one of gateway, features, scorer`, the first 20
    /// and how many more), so a guess that is nowhere near still tells the user what to type.
    /// `among` narrows the ids (those a fault can hit); `extra` adds targets that are not components.
    public func componentIDHint(for id: String, among ids: [String]? = nil, extra: [String] = []) -> String {
        let candidates = (ids ?? components.map(\.id)) + extra
        if let near = EditDistance.suggestion(for: id, among: candidates) { return "; did you mean '\(near)'?" }
        guard !candidates.isEmpty else { return "" }
        let shown = candidates.prefix(20).joined(separator: ", ")
        return "; expected one of \(shown)" + (candidates.count > 20 ? " and \(candidates.count - 20) more" : "")
    }
}
