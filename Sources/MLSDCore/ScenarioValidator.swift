/// Checks a parsed scenario as a whole: references, cycles, reachability and kind-specific rules.
struct ScenarioValidator {
    let path: String
    /// Ids written in the file (some may have failed to parse); references to them are not reported.
    var declaredIDs: Set<String> = []
    /// False when some component failed to parse: reachability and cycles are then not judged.
    var isComplete = true

    func validate(_ scenario: Scenario) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let design = scenario.design
        let ids = design.components.map(\.id)
        let known = Set(ids).union(declaredIDs)
        let fileStart = FileLocation(path: path, line: 1, column: 1)
        func at(_ c: Component, _ field: String) -> FileLocation { c.fieldLocations[field] ?? c.location ?? fileStart }
        // Set when a reference names no component: what is unreachable then follows from that
        // one mistake, and a warning per component downstream of it would bury it.
        var hasUnknownReference = false
        func unknown(_ id: String, _ what: String, _ loc: FileLocation) {
            hasUnknownReference = true
            let hint = EditDistance.suggestion(for: id, among: ids).map { "; did you mean '\($0)'?" } ?? ""
            out.append(Diagnostic(.error, at: loc, "\(what) '\(ScenarioReader.printable(id))' is not a component of this design\(hint)"))
        }

        for c in design.components {
            for group in c.calls {
                for (i, t) in group.targets.enumerated() where !known.contains(t) {
                    let written = i < group.targetLocations.count ? group.targetLocations[i] : nil
                    unknown(t, "call target", written ?? group.location ?? at(c, "calls"))
                }
                for t in group.targets where t == c.id {
                    out.append(Diagnostic(.error, at: group.location ?? at(c, "calls"), "component '\(c.id)' calls itself"))
                }
            }
            if let f = c.fallback {
                if f == c.id { out.append(Diagnostic(.error, at: at(c, "fallback"), "component '\(c.id)' cannot be its own fallback")) }
                else if !known.contains(f) { unknown(f, "fallback", at(c, "fallback")) }
            }
            if let m = c.onMiss {
                if m == c.id { out.append(Diagnostic(.error, at: at(c, "on_miss"), "cache '\(c.id)' cannot send its misses to itself; expected another component")) }
                else if !known.contains(m) { unknown(m, "on_miss target", at(c, "on_miss")) }
            }
            if c.kind.isCache {
                // A hit_ratio written but refused (160%) was reported already.
                if c.onMiss != nil, c.hitRatio == nil, c.fieldLocations["hit_ratio"] == nil {
                    out.append(Diagnostic(.error, at: c.location ?? fileStart, "cache '\(c.id)' has 'on_miss' but no 'hit_ratio'; expected a percentage such as 80%"))
                }
            } else {
                if c.hitRatio != nil { out.append(Diagnostic(.error, at: at(c, "hit_ratio"), "'hit_ratio' applies only to components of kind cache or semantic_cache, not \(c.kind.rawValue)")) }
                if c.onMiss != nil { out.append(Diagnostic(.error, at: at(c, "on_miss"), "'on_miss' applies only to components of kind cache or semantic_cache, not \(c.kind.rawValue)")) }
            }
            if c.kind == .llmServer {
                let spec = (c.llm ?? LLMSettings()).resolved()
                if let problem = spec.fitProblem {
                    let key = c.llm?.gpusPerReplica != nil ? "gpus_per_replica" : c.llm?.gpu != nil ? "gpu" : c.llm?.model != nil ? "model" : "kind"
                    out.append(Diagnostic(.error, at: at(c, key), "llm_server '\(c.id)': \(problem)"))
                }
                if let problem = spec.parallelProblem {
                    out.append(Diagnostic(.error, at: at(c, c.llm?.gpusPerReplica != nil ? "gpus_per_replica" : "model"), "llm_server '\(c.id)': \(problem)"))
                }
                for key in ["latency", "concurrency", "batching", "optimizations"] where c.fieldLocations[key] != nil {
                    out.append(Diagnostic(.warning, at: at(c, key), "'\(key)' on llm_server '\(c.id)' is ignored by the token-level engine, which times each step from the model, GPU and precision; set max_seqs, max_batch_tokens or precision instead"))
                }
            }
            if c.kind != .llmRouter, let g = c.calls.first(where: { $0.rule != nil }) {
                out.append(Diagnostic(.error, at: g.location ?? c.location ?? fileStart,
                                      "'when' applies only to the calls of an llm_router, not \(c.kind.rawValue) '\(c.id)'; expected 'probability' for a share of requests"))
            }
            if c.kind == .llmRouter {
                // A router sends each call down at most one of its probabilistic groups (shares in file order).
                let routed = c.calls.filter { $0.rule == nil && $0.probability != nil }
                let total = routed.compactMap(\.probability?.fraction).reduce(0, +)
                if total > 1 + 1e-9 {
                    out.append(Diagnostic(.warning, at: routed.first?.location ?? c.location ?? fileStart,
                                          "llm_router '\(c.id)' routes shares that add up to \(Percentage(fraction: total)): each call takes at most one of them, so the later groups get less than their share; expected shares adding up to at most 100%"))
                }
            }
            // A latency written but refused has its own error: not "needs 'latency'" beside it.
            if c.kind == .station, c.latency == nil, c.fieldLocations["latency"] == nil {
                out.append(Diagnostic(.error, at: c.location ?? fileStart, "station '\(c.id)' needs 'latency'; a bare station has no default service time"))
            }
            if c.size != nil || c.hardware != nil, c.kind != .modelServer {
                out.append(Diagnostic(.error, at: at(c, c.size != nil ? "size" : "hardware"), "'size' and 'hardware' apply only to model_server components"))
            }
            if c.batching != nil, ![.modelServer, .ranker, .reranker, .candidateGenerator, .station].contains(c.kind) {
                out.append(Diagnostic(.error, at: at(c, "batching"), "'batching' applies to model servers and rankers, not \(c.kind.rawValue)"))
            }
            // A bare amount is per replica-hour; one this large was most likely meant per month.
            if let m = c.costPerHour, m.period == nil, m.dollars >= Self.implausibleHourlyDollars {
                let month = FigureFormat.money(m.dollars * Money.hoursPerMonth * Double(c.replicas))
                out.append(Diagnostic(.warning, at: at(c, "cost"), "'cost' \(m) on '\(c.id)' is read per replica-hour, \(month) a month for its \(c.replicas) replica\(c.replicas == 1 ? "" : "s"); write \(m)/mo for a monthly price, or \(m)/h to keep it"))
            }
            // Written values that the engine takes at their word but that model nothing real: an
            // instant leaf service (a pass-through that calls others, a client, a reranker whose
            // candidates take the time, and the token engine's llm_server are left alone) and more
            // calls at once than the kind's catalog figure by ten times and over 10,000 (clients
            // and CDNs serve that many).
            if let l = c.latency, l.meanSeconds == 0, c.callees.isEmpty, ![.llmServer, .client].contains(c.kind), Retrieval.addedSeconds(of: c) == 0 {
                out.append(Diagnostic(.warning, at: at(c, "latency"), "'latency' on '\(c.id)' is 0: its calls take no time, so its replicas never queue or limit throughput and it adds nothing to latency; write its real time, such as 1ms"))
            }
            let concurrencyLimit = max(Self.implausibleConcurrency, 10 * Catalog.standard[c.kind].concurrency)
            if let n = c.concurrency, n > concurrencyLimit {
                out.append(Diagnostic(.warning, at: at(c, "concurrency"), "'concurrency' \(FigureFormat.count(n)) on '\(c.id)' is over \(FigureFormat.count(concurrencyLimit)) calls at once on one replica, more than a real \(c.kind.rawValue) serves: it is simulated as that many servers, so '\(c.id)' never queues; write what one replica serves at once (its cores or worker threads, such as 16)"))
            }
            if c.kind.isCache, c.hitRatio != nil, c.onMiss == nil {
                out.append(Diagnostic(.warning, at: at(c, "hit_ratio"), "'hit_ratio' on cache '\(c.id)' has no effect without 'on_miss': with nowhere to send a miss, the cache answers every lookup"))
            }
            if !c.optimizations.isEmpty, !Self.runsModel.contains(c.kind) {
                out.append(Diagnostic(.warning, at: at(c, "optimizations"), "'optimizations' on '\(c.id)' are implausible: a \(c.kind.rawValue) runs no model, yet its service time is divided by \(UnitNumber.format((c.optimizations.map(\.speedup).reduce(1, *) * 10).rounded() / 10))"))
            }
            if c.kind == .modelServer, (c.hardware ?? .cpu) == .cpu, let o = c.optimizations.first(where: \.needsGPU) {
                out.append(Diagnostic(.warning, at: at(c, "optimizations"), "'\(o.rawValue)' on '\(c.id)' needs a GPU, but '\(c.id)' runs on CPU (hardware: \(c.hardware == nil ? "cpu, the default" : "cpu")); its \(UnitNumber.format(o.speedup))× speed-up is counted anyway. Use 'hardware: gpu', or 'onnx' for a CPU runtime"))
            }
            if c.optimizations.contains(.onnx), c.optimizations.contains(.tensorrt) {
                out.append(Diagnostic(.warning, at: at(c, "optimizations"), "'onnx' and 'tensorrt' on '\(c.id)' do not combine: they are two runtimes for the same model, so only one speed-up applies; both are counted"))
            }
            var seenTargets: Set<String> = []
            for group in c.calls {
                for t in group.targets where !seenTargets.insert(t).inserted {
                    out.append(Diagnostic(.warning, at: group.location ?? at(c, "calls"), "'\(c.id)' calls '\(ScenarioReader.printable(t))' more than once per request; if that is not meant, remove the duplicate"))
                }
            }
            if let z = c.zones, z > design.zoneCount {
                out.append(Diagnostic(.warning, at: at(c, "zones"), "'zones: \(z)' on '\(c.id)' has no effect beyond the design's \(design.zoneCount) zone\(design.zoneCount == 1 ? "" : "s"); its replicas use those"))
            }
            if c.backoff != nil, c.retries == 0 {
                out.append(Diagnostic(.warning, at: at(c, "backoff"), "'backoff' on '\(c.id)' has no effect: it has no 'retries' to delay"))
            }
            if c.retryBudget != nil, c.retries == 0 {
                out.append(Diagnostic(.warning, at: at(c, "retry_budget"), "'retry_budget' on '\(c.id)' has no effect: it has no 'retries' to limit"))
            }
            if c.circuitBreaker != nil, !callsCanFail(c.id, design) {
                out.append(Diagnostic(.warning, at: at(c, "circuit_breaker"), "'circuit_breaker' on '\(c.id)' has no effect: calls to it cannot fail (no 'timeout' or 'queue_limit' on it or on anything it calls)"))
            }
            if c.deadlinePropagation, !design.components.contains(where: { $0.timeout != nil }) {
                out.append(Diagnostic(.warning, at: at(c, "deadline_propagation"), "'deadline_propagation' on '\(c.id)' has no effect: no call in the design has a 'timeout', so no caller ever gives up"))
            }
            if c.deadlineShedding, !design.components.contains(where: { $0.timeout != nil }) {
                out.append(Diagnostic(.warning, at: at(c, "deadline_shedding"), "'deadline_shedding' on '\(c.id)' has no effect: no call in the design has a 'timeout', so no call has a deadline"))
            }
            if c.retries > 0, c.queueLimit != nil, c.backoff == nil {
                out.append(Diagnostic(.warning, at: at(c, "retries"), "'retries' on '\(c.id)' after a full queue are made at the same instant, find the queue still full and are refused too; add 'backoff' (such as 10ms) to retry later"))
            }
            if c.retries > 0, c.timeout == nil, c.fallback == nil, c.queueLimit == nil {
                out.append(Diagnostic(.warning, at: at(c, "retries"), "'retries' on '\(c.id)' has no effect: calls to it can fail only by timeout or a full queue"))
            }
        }
        out += cycles(in: design, fileStart: fileStart)
        out += validateOffline(design, known: known, fileStart: fileStart)
        out += validateRetrieval(design, fileStart: fileStart)
        if isComplete, !hasUnknownReference, known.contains(design.entry) {
            let reachable = reachableIDs(design)
            for c in design.components where !reachable.contains(c.id) && !c.kind.isOffline {
                out.append(Diagnostic(.warning, at: c.location ?? fileStart, "component '\(c.id)' is not reachable from the entry '\(design.entry)'; it is costed but receives no traffic"))
            }
        }
        return out
    }

    /// Kinds that run a model, where `optimizations` (int8, pruning, distillation, onnx, tensorrt) make
    /// sense; `station` is a bare queue for theory checks and may take any speed-up.
    /// A replica-hour price above what any catalog entry charges (8 × H200 is about $100/h,
    /// REFERENCE-NUMBERS.md): a `cost` this high without `/h` was most likely a monthly price.
    static let implausibleHourlyDollars = 500.0

    /// Calls at once on one replica beyond which a written `concurrency` is implausible (unless the
    /// kind's catalog figure is higher: then ten times that): ten times the most any shipped
    /// example writes (1,000, for a station standing in for a service without a limit).
    static let implausibleConcurrency = 10_000

    static let runsModel: Set<ComponentKind> = [.modelServer, .ranker, .reranker, .candidateGenerator, .annIndex, .station]

    /// Edges a request can follow: calls, cache misses and fallbacks.
    static func edges(of c: Component) -> [String] { c.callees + (c.fallback.map { [$0] } ?? []) }

    /// Whether a call to `id` can fail: it, or a component it calls (directly or further down,
    /// fallbacks aside), has a timeout or a queue limit, or is behind a circuit breaker below `id`.
    func callsCanFail(_ id: String, _ design: Design) -> Bool {
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = [id]
        var stack = [id]
        while let next = stack.popLast() {
            guard let c = byID[next] else { continue }
            if c.timeout != nil || c.queueLimit != nil || (next != id && c.circuitBreaker != nil) { return true }
            for callee in c.callees where seen.insert(callee).inserted { stack.append(callee) }
        }
        return false
    }

    func reachableIDs(_ design: Design) -> Set<String> {
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = [design.entry]
        var stack = [design.entry]
        while let id = stack.popLast() {
            for next in byID[id].map(Self.edges) ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return seen
    }

    /// One diagnostic per call cycle, at the component where the cycle is closed.
    ///
    /// An iterative depth-first search (an explicit stack, not recursion), so a call chain of any
    /// length cannot overflow the thread's stack.
    ///
    /// - Complexity: O(components + calls), plus the length of each cycle reported.
    func cycles(in design: Design, fileStart: FileLocation) -> [Diagnostic] {
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]   // 1 on the path, 2 done
        var out: [Diagnostic] = []
        for root in design.components where state[root.id] == nil {
            // The path from the root; each frame holds its node's edges and the next one to follow.
            var stack: [(id: String, edges: [String], next: Int)] = [(root.id, Self.edges(of: root), 0)]
            state[root.id] = 1
            while let top = stack.last {
                guard top.next < top.edges.count else {
                    state[top.id] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let next = top.edges[top.next]
                guard next != top.id, let callee = byID[next] else { continue }
                if state[next] == 1 {
                    let start = stack.lastIndex { $0.id == next } ?? 0
                    let cycle = stack[start...].map(\.id) + [next]
                    out.append(Diagnostic(.error, at: byID[top.id]?.location ?? fileStart,
                                          "call cycle: \(Self.describe(cycle)); requests would never finish"))
                } else if state[next] == nil {
                    state[next] = 1
                    stack.append((next, Self.edges(of: callee), 0))
                }
            }
        }
        return out
    }

    /// `a → b → c → a`, with the middle of a long cycle left out so that the message stays one readable line.
    static func describe(_ cycle: [String]) -> String {
        let ids = cycle.map(ScenarioReader.printable)
        guard ids.count > 12 else { return ids.joined(separator: " → ") }
        return (ids.prefix(5) + ["… \(ids.count - 10) more …"] + ids.suffix(5)).joined(separator: " → ")
    }
}

extension Scenario {
    /// The validator's warnings of this scenario that `original` did not have: what a `--set` or
    /// a TUI edit made newly pointless (`zones: 4` on a component of a 3-zone design).
    public func newWarnings(since original: Scenario) -> [String] {
        func warnings(_ s: Scenario) -> [String] {
            s.validationDiagnostics().filter { $0.severity == .warning }.map(\.message)
                + s.requirements.warnings.map(\.message) + [s.design.workload.burstWarning].compactMap { $0 }
        }
        let before = Set(warnings(original))
        return warnings(self).filter { !before.contains($0) }
    }

    /// The whole-design problems a scenario file would report (references, cycles, kind rules), for
    /// designs edited in memory. Errors and warnings, in component order.
    public func validationDiagnostics() -> [Diagnostic] {
        ScenarioValidator(path: "design").validate(self)
    }
}

extension Requirements {
    /// Neighbouring percentile targets out of order (`p50: 200ms` above `p99: 50ms`; TTFT and TPOT
    /// likewise), each with the warning's words, keyed by the lower one: almost surely swapped, as a
    /// p50 never exceeds the p99, so its target can never be the one that fails. The reader places
    /// them at their key; a TUI edit or `--set` says them in words.
    public var targetOrderWarnings: [(key: String, message: String)] {
        var out: [(key: String, message: String)] = []
        for targets in [[("p50", latencyP50), ("p95", latencyP95), ("p99", latencyP99), ("p999", latencyP999)],
                        [("ttft_p50", ttftP50), ("ttft_p99", ttftP99)], [("tpot_p50", tpotP50), ("tpot_p99", tpotP99)]] {
            let set = targets.compactMap { t in t.1.map { (key: t.0, value: $0) } }
            for (low, high) in zip(set, set.dropFirst()) where low.value > high.value {
                out.append((low.key, "'\(low.key): \(low.value)' is above '\(high.key): \(high.value)': a \(low.key) never exceeds the \(high.key), so that target can never be the one that fails; are they swapped?"))
            }
        }
        return out
    }
}

extension Requirements {
    /// Every warning on the requirements, keyed as ``targetOrderWarnings``: the reader places each
    /// at its key, and a `--set` or a TUI edit says the new ones in words.
    public var warnings: [(key: String, message: String)] {
        targetOrderWarnings + [availabilityWarning.map { (key: "availability", message: $0) }].compactMap { $0 }
    }

    /// An availability target of 100%: no failure at all may happen, which only a design where
    /// nothing can fail meets. A target of 13 nines or more reads as 100% too (values keep 12
    /// significant digits), and showed as `≥ 100%` with nothing said.
    public var availabilityWarning: String? {
        guard let a = availability, a.fraction >= 1 else { return nil }
        return "'availability: 100%' allows no failure at all, which only a design that is never down meets (13 nines or more read as 100%); expected a target such as 99.99%"
    }
}

extension Workload {
    /// A burst as long as its period never ends: the load is factor × the rate throughout.
    public var burstWarning: String? {
        guard case .burst(let factor, let every, let length) = pattern, length >= every else { return nil }
        return "a burst 'length' of \(length) at least its 'every' (\(every)) never ends: the load is \(UnitNumber.format(factor))× the rate throughout; expected a length shorter than every"
    }
}
