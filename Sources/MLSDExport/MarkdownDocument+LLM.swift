import MLSDCore
import MLSDSim

/// The design document's LLM figures (issue #11), for designs with an `llm_server`: token targets
/// among the requirements, the tokens per request, each server's model, GPUs, precision, weights
/// and KV-cache capacity in the model section, and the simulated TTFT, TPOT, output tokens per
/// second and cost per million output tokens in the evaluation. Designs without an `llm_server`
/// get none of these lines, so their documents stay as they were.
extension MarkdownDocument {
    private static func llmText(_ s: String) -> String { SafeText.markdown(DisplayWidth.sanitized(s)) }

    var llmServers: [Component] { scenario.design.components.filter { $0.kind == .llmServer } }

    /// Rows for the requirements table: the TTFT and TPOT targets that are set.
    var tokenRequirementRows: [(String, String)] {
        let r = scenario.requirements
        var rows: [(String, String)] = []
        for (name, v) in [("TTFT p50", r.ttftP50), ("TTFT p99", r.ttftP99), ("TPOT p50", r.tpotP50), ("TPOT p99", r.tpotP99)] {
            if let v { rows.append((name, "≤ \(FigureFormat.duration(seconds: v.seconds))")) }
        }
        return rows
    }

    /// `3,000 tokens at the median and 5,000 at p90 (lognormal)` or `1,000 tokens`.
    static func tokens(_ t: TokenCount) -> String {
        switch t {
        case .fixed(let n): "\(FigureFormat.count(n)) tokens"
        case .lognormal(let p50, let p90): "\(FigureFormat.count(p50)) tokens at the median and \(FigureFormat.count(p90)) at p90 (lognormal)"
        }
    }

    /// The paragraph under the requirements table: tokens per request and closed-loop users.
    var llmWorkload: [String] {
        guard !llmServers.isEmpty else { return [] }
        let w = scenario.design.workload
        var line = "Each request that reaches an LLM carries a prompt of \(Self.tokens(w.inputTokensInForce)) and streams an answer of \(Self.tokens(w.outputTokensInForce))."
        if let users = w.users {
            line += " Load is closed-loop: \(FigureFormat.count(users)) users, each sending the next request"
                + (w.thinkTime.map { " after a mean think time of \($0)" } ?? " as soon as the last is answered") + "."
        }
        return [line, ""]
    }

    /// The model section's lines for each `llm_server`: model, precision, GPUs, replicas, weights,
    /// KV-cache capacity, scheduler limits, and the prefill and decode-step times of a lone request.
    var llmModelLines: [String] {
        var out: [String] = []
        let w = scenario.design.workload
        for c in llmServers {
            let spec = (c.llm ?? LLMSettings()).resolved()
            let gpus = spec.gpusPerReplica * c.replicas
            let params = Format.fixed(spec.model.parameters / 1e9, spec.model.parameters < 1e10 ? 2 : 1)
            out.append("- `\(Self.llmText(c.id))`: llm_server, \(Self.llmText(spec.model.name)) (\(params) B parameters) in \(spec.precision.rawValue) on "
                       + "\(spec.gpusPerReplica) × \(spec.gpu.rawValue) per replica, \(c.replicas) replica\(c.replicas == 1 ? "" : "s") "
                       + "(\(gpus) GPU\(gpus == 1 ? "" : "s"), \(FigureFormat.money(spec.costPerHour * Double(c.replicas)))/hour).")
            let weights = Format.fixed(spec.weightBytes / 1e9, 1)
            let kvPerToken = Format.fixed(spec.kvBytesPerToken / 1024, 0)
            out.append("  - Weights \(weights) GB per replica; the KV cache holds \(FigureFormat.count(spec.kvCapacityTokens)) tokens per replica (\(kvPerToken) KiB per token).")
            out.append("  - Scheduler: up to \(FigureFormat.count(spec.maxBatchTokens)) tokens per step\(spec.chunkedPrefill ? " with chunked prefill" : ", whole prompts"), "
                       + "\(FigureFormat.count(spec.maxSeqs)) sequences per replica"
                       + (spec.prefixCacheHitRatio > 0 ? "; \(FigureFormat.percent(spec.prefixCacheHitRatio)) of prompt tokens from the prefix cache" : "") + ".")
            let prompt = max(1, Int((w.inputTokensInForce.median * (1 - spec.prefixCacheHitRatio)).rounded()))
            let context = Int(w.inputTokensInForce.median)
            out.append("  - Alone on a replica: prefill of the median prompt (\(FigureFormat.count(prompt)) tokens to compute) "
                       + "\(FigureFormat.duration(seconds: spec.prefillSeconds(promptTokens: prompt))), one decode step "
                       + "\(FigureFormat.duration(seconds: spec.decodeStepSeconds(batch: 1, context: context))).")
        }
        return out
    }

    /// The evaluation's LLM table from a simulation: per server and end to end.
    func llmFigures(_ r: SimulationResult) -> [String] {
        guard !r.llm.isEmpty else { return [] }
        func ms(_ s: Double, _ n: Int) -> String { n > 0 ? FigureFormat.duration(seconds: s) : "–" }
        var out = ["| LLM server | TTFT p50 | TTFT p99 | TPOT p50 | TPOT p99 | Output tokens/s | per GPU | Mean batch | KV cache in use (peak) | Preemptions | $ per 1M output tokens |",
                   "|---|---|---|---|---|---|---|---|---|---|---|"]
        for s in r.llm {
            out.append("| `\(Self.llmText(s.id))` | \(ms(s.ttft.p50, s.ttft.count)) | \(ms(s.ttft.p99, s.ttft.count)) | \(ms(s.tpot.p50, s.tpot.count)) | \(ms(s.tpot.p99, s.tpot.count)) | "
                       + "\(FigureFormat.count(Int(s.outputTokensPerSecond.rounded()))) | \(FigureFormat.count(Int(s.outputTokensPerSecondPerGPU.rounded()))) | "
                       + "\(Format.fixed(s.meanBatch, 1)) | \(FigureFormat.percent(s.meanKVUtilization)) (\(FigureFormat.percent(s.peakKVUtilization))) | "
                       + "\(FigureFormat.count(s.preemptions)) | \(FigureFormat.money(s.costPerMillionOutputTokens)) |")
        }
        if let t = r.endToEndTTFT, let p = r.endToEndTPOT {
            out.append("| end to end | \(ms(t.p50, t.count)) | \(ms(t.p99, t.count)) | \(ms(p.p50, p.count)) | \(ms(p.p99, p.count)) | "
                       + "\(FigureFormat.count(Int(r.outputTokensPerSecond.rounded()))) | | | | | |")
        }
        out += ["", "TTFT (time to first token) runs from a call's arrival at the server, or end to end from the request's arrival; TPOT is the time per output token after the first. Cost per million output tokens is the servers' price over their simulated output rate.", ""]
        return out
    }
}
