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
        "replicas", "concurrency", "latency", "queue_limit", "timeout", "retries", "retry_budget", "backoff", "fallback", "hit_ratio", "on_miss",
        "availability", "cost", "optimizations", "batching", "batching.max_batch", "batching.max_wait", "size", "hardware", "kind",
    ]
    /// Keys a `workload.` override may set.
    public static let workloadKeys = ["qps"]

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
            guard key == "qps" else { throw unknownKey(Self.workloadKeys) }
            guard let r = Rate(parsing: value), r.perSecond > 0 else { throw invalid("a rate such as 5k/s") }
            design.workload.qps = r
            return
        }
        guard let index = design.components.firstIndex(where: { $0.id == target }) else {
            let hint = EditDistance.suggestion(for: target, among: design.components.map(\.id) + ["workload"])
                .map { "; did you mean '\($0)'?" } ?? ""
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
                guard let t = TimeSpan(parsing: value), t.seconds > 0 else { throw invalid("a duration such as 40ms, or none") }
                c.timeout = t
            }
        case "fallback": c.fallback = isNone ? nil : value
        case "on_miss": c.onMiss = isNone ? nil : value
        case "backoff":
            if isNone { c.backoff = nil } else {
                guard let t = TimeSpan(parsing: value), t.seconds > 0 else { throw invalid("a duration such as 10ms, or none") }
                c.backoff = t
            }
        case "retry_budget":
            if isNone { c.retryBudget = nil } else {
                guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else { throw invalid("a percentage such as 10%, or none") }
                c.retryBudget = p
            }
        case "hit_ratio":
            guard let p = Percentage(parsing: value), p.fraction >= 0, p.fraction <= 1 else { throw invalid("a percentage such as 80%") }
            c.hitRatio = p
        case "availability":
            guard let p = Percentage(parsing: value), p.fraction > 0, p.fraction <= 1 else { throw invalid("a percentage such as 99.9%") }
            c.availability = p
        case "cost":
            guard let m = Money(parsing: value), m.dollars >= 0 else { throw invalid("an amount such as $0.52/h") }
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
            guard let t = TimeSpan(parsing: value), t.seconds >= 0 else { throw invalid("a duration such as 5ms") }
            c.batching = Batching(maxBatch: c.batching?.maxBatch ?? 8, maxWait: t)
        case "size":
            guard let s = ModelSize(rawValue: value) else { throw invalid(ModelSize.allCases.map(\.rawValue).joined(separator: " or ")) }
            c.size = s
        case "hardware":
            guard let h = Hardware(rawValue: value) else { throw invalid(Hardware.allCases.map(\.rawValue).joined(separator: " or ")) }
            c.hardware = h
        case "kind":
            guard let k = ComponentKind(rawValue: value) else { throw invalid("a component kind such as model_server") }
            c.kind = k
        case "latency":
            var reader = ScenarioReader(path: "--set")
            let node: Node?
            do { node = try Yams.compose(yaml: value) } catch { throw invalid("a range such as 5ms-20ms or a distribution such as { exponential: 8ms }") }
            guard let node, let l = reader.latency(node), reader.diagnostics.isEmpty else {
                throw invalid("a range such as 5ms-20ms or a distribution such as { exponential: 8ms }")
            }
            c.latency = l
        default:
            throw unknownKey(Self.componentKeys)
        }
        design.components[index] = c
    }

    private func integer(minimum: Int, maximum: Int = 1_000_000) throws(DesignOverrideError) -> Int {
        guard let v = Int(value), v >= minimum, v <= maximum else { throw invalid("a whole number from \(minimum) to \(maximum)") }
        return v
    }

    private func invalid(_ expected: String) -> DesignOverrideError {
        DesignOverrideError("invalid --set '\(self)': expected \(expected) for '\(key)'")
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
        for o in overrides { try o.apply(to: &s.design) }
        let errors = ScenarioValidator(path: "--set").validate(s).filter { $0.severity == .error }
        if let first = errors.first {
            throw DesignOverrideError("invalid --set \(overrides.map(\.description).joined(separator: " ")): \(first.message)")
        }
        return s
    }
}

extension Design {
    /// The component id closest to a misspelt one (for did-you-mean hints), or nil.
    public func suggestedComponentID(for id: String) -> String? {
        EditDistance.suggestion(for: id, among: components.map(\.id))
    }
}
