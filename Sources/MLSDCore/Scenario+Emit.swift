extension Scenario {
    /// The scenario as YAML in the documented format; loading it again gives an equal scenario.
    ///
    /// Deterministic: keys in a fixed order, components in design order, one component per block.
    public func yaml() -> String {
        var out = YAMLWriter()
        out.line("name: \(YAMLWriter.quote(name))")
        if !summary.isEmpty { out.line("summary: \(YAMLWriter.quote(summary))") }
        let r = requirements
        var req: [String] = []
        if let v = r.peakQPS { req.append("peak_qps: \(v)") }
        if let v = r.users { req.append("users: \(YAMLWriter.quote(v))") }
        let lat = [("p50", r.latencyP50), ("p95", r.latencyP95), ("p99", r.latencyP99), ("p999", r.latencyP999)]
            .compactMap { k, v in v.map { "\(k): \($0)" } }
        if !lat.isEmpty { req.append("latency: { \(lat.joined(separator: ", ")) }") }
        if let v = r.availability { req.append("availability: \(v)") }
        if let v = r.maxErrorRate { req.append("max_error_rate: \(v)") }
        if let v = r.monthlyBudget { req.append("monthly_budget: \(YAMLWriter.quote(v.description))") }
        for (key, v) in [("ttft_p50", r.ttftP50), ("ttft_p99", r.ttftP99), ("tpot_p50", r.tpotP50), ("tpot_p99", r.tpotP99)] {
            if let v { req.append("\(key): \(v)") }
        }
        if let v = r.featureFreshness { req.append("feature_freshness: \(v)") }
        if let v = r.modelMaxAge { req.append("model_max_age: \(v)") }
        if let v = r.labelDelay { req.append("label_delay: \(v)") }
        if let v = r.trainingBudget { req.append("training_budget: \(YAMLWriter.quote(v.description))") }
        if !req.isEmpty {
            out.line("requirements:")
            for l in req { out.line("  \(l)") }
        }
        out.line("design:")
        out.line("  entry: \(YAMLWriter.quote(design.entry))")
        if let v = design.zones { out.line("  zones: \(v)") }
        if let v = design.zoneAvailability { out.line("  zone_availability: \(v)") }
        let w = design.workload
        var wl: [String] = []
        if let q = w.qps { wl.append("qps: \(q)") }
        switch w.pattern {
        case .poisson: break
        case .burst(let f, let every, let length): wl += ["pattern: burst", "factor: \(UnitNumber.format(f))", "every: \(every)", "length: \(length)"]
        case .diurnal(let a, let p): wl += ["pattern: diurnal", "amplitude: \(a)", "period: \(p)"]
        }
        if let v = w.users { wl.append("concurrency: \(v)") }
        if let v = w.thinkTime { wl.append("think_time: \(v)") }
        if let v = w.inputTokens { wl.append("input_tokens: \(v)") }
        if let v = w.outputTokens { wl.append("output_tokens: \(v)") }
        if !wl.isEmpty { out.line("  workload: { \(wl.joined(separator: ", ")) }") }
        out.line("  components:")
        for c in design.components {
            out.line("    \(YAMLWriter.quote(c.id)):")
            for l in componentLines(c) { out.line("      \(l)") }
        }
        let i = interview
        if !i.isEmpty {
            out.line("interview:")
            if let p = i.prompt { out.line("  prompt: \(YAMLWriter.quote(p))") }
            out.list("  ", "clarifying_questions", i.clarifyingQuestions)
            out.list("  ", "key_considerations", i.keyConsiderations)
            if !i.metrics.isEmpty {
                out.line("  metrics:")
                out.list("    ", "offline", i.metrics.offline)
                out.list("    ", "online", i.metrics.online)
                out.list("    ", "counter", i.metrics.counter)
            }
            if !i.referenceAnswers.isEmpty {
                out.line("  reference_answers:")
                for key in i.referenceAnswers.keys.sorted() { out.line("    \(key): \(YAMLWriter.quote(i.referenceAnswers[key] ?? ""))") }
            }
        }
        out.list("", "known_gaps", knownGaps)
        return out.text
    }

    func componentLines(_ c: Component) -> [String] {
        var l = ["kind: \(c.kind.rawValue)"]
        if let v = c.label { l.append("label: \(YAMLWriter.quote(v))") }
        if let v = c.size { l.append("size: \(v.rawValue)") }
        if let v = c.hardware { l.append("hardware: \(v.rawValue)") }
        if c.replicas != 1 { l.append("replicas: \(c.replicas)") }
        if let v = c.concurrency { l.append("concurrency: \(v)") }
        if let v = c.latency {
            if case .range = v { l.append("latency: \(YAMLWriter.quote(v.description))") } else { l.append("latency: \(v)") }
        }
        if let v = c.queueLimit { l.append("queue_limit: \(v)") }
        if let v = c.timeout { l.append("timeout: \(v)") }
        if c.retries != 0 { l.append("retries: \(c.retries)") }
        if let v = c.retryBudget { l.append("retry_budget: \(v)") }
        if let v = c.backoff { l.append("backoff: \(v)") }
        if let v = c.circuitBreaker { l.append("circuit_breaker: \(v.yaml)") }
        if c.deadlinePropagation { l.append("deadline_propagation: true") }
        if c.deadlineShedding { l.append("deadline_shedding: true") }
        if let v = c.fallback { l.append("fallback: \(YAMLWriter.quote(v))") }
        if let b = c.batching { l.append("batching: { max_batch: \(b.maxBatch), max_wait: \(b.maxWait) }") }
        if !c.optimizations.isEmpty { l.append("optimizations: [\(c.optimizations.map(\.rawValue).joined(separator: ", "))]") }
        if let v = c.availability { l.append("availability: \(v)") }
        if let v = c.zones { l.append("zones: \(v)") }
        if let v = c.costPerHour { l.append("cost: \(YAMLWriter.quote(v.description))") }
        if let v = c.hitRatio { l.append("hit_ratio: \(v)") }
        if let v = c.onMiss { l.append("on_miss: \(YAMLWriter.quote(v))") }
        if let m = c.llm {
            switch m.model {
            case .preset(let name)?: l.append("model: \(name)")
            case .custom(let shape)?:
                var parts = ["parameters: \(UnitNumber.format(shape.parameters))"]
                if shape.activeParameters != shape.parameters { parts.append("active_parameters: \(UnitNumber.format(shape.activeParameters))") }
                parts += ["layers: \(shape.layers)", "hidden: \(shape.hidden)", "kv_heads: \(shape.kvHeads)", "head_dim: \(shape.headDim)"]
                if shape.name != "custom" { parts.insert("name: \(YAMLWriter.quote(shape.name))", at: 0) }
                l.append("model: { \(parts.joined(separator: ", ")) }")
            case nil: break
            }
            if let v = m.gpu { l.append("gpu: \(v.rawValue)") }
            if let v = m.gpusPerReplica { l.append("gpus_per_replica: \(v)") }
            if let v = m.precision { l.append("precision: \(v.rawValue)") }
            if let v = m.maxBatchTokens { l.append("max_batch_tokens: \(v)") }
            if let v = m.maxSeqs { l.append("max_seqs: \(v)") }
            if let v = m.prefixCacheHitRatio { l.append("prefix_cache_hit_ratio: \(v)") }
            if let v = m.chunkedPrefill { l.append("chunked_prefill: \(v)") }
        }
        if let v = c.candidates { l.append("candidates: \(v)") }
        if let v = c.perCandidate { l.append("per_candidate: \(v)") }
        if let v = c.recall { l.append("recall: \(Retrieval.recallText(v))") }
        if !c.calls.isEmpty {
            l.append("calls:")
            for g in c.calls {
                var s = "  - { \(g.mode.rawValue): [\(g.targets.map(YAMLWriter.quote).joined(separator: ", "))]"
                if let p = g.probability { s += ", probability: \(p)" }
                if let r = g.rule { s += ", when: \(YAMLWriter.quote(r.description))" }
                l.append(s + " }")
            }
        }
        l += offlineLines(c)
        if let p = c.position { l.append("position: { column: \(p.column), row: \(p.row) }") }
        if let v = c.notes { l.append("notes: \(YAMLWriter.quote(v))") }
        return l
    }
}

/// Line-oriented YAML output with safe quoting.
struct YAMLWriter {
    var text = ""
    mutating func line(_ s: String) { text += s + "\n" }
    mutating func list(_ indent: String, _ key: String, _ items: [String]) {
        guard !items.isEmpty else { return }
        line("\(indent)\(key):")
        for item in items { line("\(indent)  - \(Self.quote(item))") }
    }

    /// Plain when unambiguous, otherwise a double-quoted string with JSON-style escapes (valid YAML).
    static func quote(_ s: String) -> String {
        let plainSafe = !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            c.properties.isAlphabetic || ("0"..."9").contains(c) || " _-./()".unicodeScalars.contains(c)
        } && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !s.hasPrefix("-")
            && !["true", "false", "yes", "no", "null", "on", "off", "y", "n", "~"].contains(s.lowercased())
            && Double(s) == nil && Int(s) == nil && !(s.first?.isNumber ?? false)
        if plainSafe { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += String(format: "\\x%02X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

import Foundation
