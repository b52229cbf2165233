public import MLSDCore

/// Public, measured LLM serving results and the simulator's figures for the same configurations
/// (`mlsd-bench --llm`, issue #11 Deliver 5). Sources and their caveats: README "LLM serving".
public enum LLMReferencePoints {
    /// One published measurement: a closed loop of `concurrency` users with fixed token lengths.
    public struct Point: Sendable {
        public var label: String
        public var model: String
        public var gpu: GPUType
        public var gpus: Int
        public var precision: LLMPrecision
        public var input: Int
        public var output: Int
        public var concurrency: Int
        /// Published mean TTFT and inter-token latency (ms), output tokens/s; nil where not published.
        public var ttftMs: Double?
        public var itlMs: Double?
        public var tokensPerSecond: Double
        /// The source, and what in the configuration is inferred rather than stated.
        public var source: String
        /// False for engine-only benchmarks that stream nothing to a client ([T1]).
        public var streams: Bool { !source.hasPrefix("[T1]") }
    }

    /// Where each point comes from. [N1] NVIDIA NIM benchmarking guide "Performance" page (NIM 1.8.0,
    /// AIPerf); [D1] genai-perf results of NIM (TensorRT-LLM backend) republished as `dataset/nim.csv`
    /// in wbing520/ai-performance-engineering (tensor parallel = GPU count is inferred; Llama-3 shapes
    /// equal Llama-3.1's); [T1] TensorRT-LLM `perf-overview.md` (≈v1.0), all requests queued at once.
    public static let points: [Point] = [
        Point(label: "N1 70B 2×H100 fp8 5000/500 c1", model: "llama-3.1-70b", gpu: .h100, gpus: 2, precision: .fp8, input: 5000, output: 500, concurrency: 1,
              ttftMs: 406.77, itlMs: 18.58, tokensPerSecond: 51.67, source: "[N1] Llama-3.3-70B"),
        Point(label: "N1 70B 2×H100 fp8 5000/500 c50", model: "llama-3.1-70b", gpu: .h100, gpus: 2, precision: .fp8, input: 5000, output: 500, concurrency: 50,
              ttftMs: 834.51, itlMs: 59.73, tokensPerSecond: 814.37, source: "[N1] Llama-3.3-70B"),
        Point(label: "N1 70B 2×H100 fp8 500/2000 c1", model: "llama-3.1-70b", gpu: .h100, gpus: 2, precision: .fp8, input: 500, output: 2000, concurrency: 1,
              ttftMs: 47.77, itlMs: 18.91, tokensPerSecond: 52.85, source: "[N1] Llama-3.3-70B"),
        Point(label: "D1 8B 2×H100 fp8 200/1000 c1", model: "llama-3.1-8b", gpu: .h100, gpus: 2, precision: .fp8, input: 200, output: 1000, concurrency: 1,
              ttftMs: 10.49, itlMs: 4.74, tokensPerSecond: 210.8, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 8B 2×H100 fp8 200/1000 c100", model: "llama-3.1-8b", gpu: .h100, gpus: 2, precision: .fp8, input: 200, output: 1000, concurrency: 100,
              ttftMs: 98.09, itlMs: 9.50, tokensPerSecond: 10_414, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 8B 2×H100 fp8 200/1000 c200", model: "llama-3.1-8b", gpu: .h100, gpus: 2, precision: .fp8, input: 200, output: 1000, concurrency: 200,
              ttftMs: 545.4, itlMs: 16.03, tokensPerSecond: 11_888, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 8B 2×A100 fp16 200/1000 c1", model: "llama-3.1-8b", gpu: .a100_80g, gpus: 2, precision: .fp16, input: 200, output: 1000, concurrency: 1,
              ttftMs: 21.43, itlMs: 8.33, tokensPerSecond: 119.8, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 8B 2×A100 fp16 200/1000 c25", model: "llama-3.1-8b", gpu: .a100_80g, gpus: 2, precision: .fp16, input: 200, output: 1000, concurrency: 25,
              ttftMs: 118.98, itlMs: 10.54, tokensPerSecond: 2_347.7, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 8B 2×A100 fp16 200/1000 c250", model: "llama-3.1-8b", gpu: .a100_80g, gpus: 2, precision: .fp16, input: 200, output: 1000, concurrency: 250,
              ttftMs: 1_242.9, itlMs: 37.04, tokensPerSecond: 6_523.1, source: "[D1] Llama-3-8B, TP2 inferred"),
        Point(label: "D1 70B 8×H100 fp8 200/2000 c1", model: "llama-3.1-70b", gpu: .h100, gpus: 8, precision: .fp8, input: 200, output: 2000, concurrency: 1,
              ttftMs: 27.58, itlMs: 12.70, tokensPerSecond: 78.70, source: "[D1] Llama-3-70B, TP8 inferred"),
        Point(label: "D1 70B 8×H100 fp8 200/2000 c50", model: "llama-3.1-70b", gpu: .h100, gpus: 8, precision: .fp8, input: 200, output: 2000, concurrency: 50,
              ttftMs: 313.3, itlMs: 18.12, tokensPerSecond: 2_735.0, source: "[D1] Llama-3-70B, TP8 inferred"),
        Point(label: "D1 70B 8×H100 fp8 200/2000 c250", model: "llama-3.1-70b", gpu: .h100, gpus: 8, precision: .fp8, input: 200, output: 2000, concurrency: 250,
              ttftMs: 1_190.2, itlMs: 30.53, tokensPerSecond: 8_001.4, source: "[D1] Llama-3-70B, TP8 inferred"),
        Point(label: "D1 70B 8×A100 fp16 200/2000 c1", model: "llama-3.1-70b", gpu: .a100_80g, gpus: 8, precision: .fp16, input: 200, output: 2000, concurrency: 1,
              ttftMs: 53.51, itlMs: 23.04, tokensPerSecond: 43.37, source: "[D1] Llama-3-70B (bf16), TP8 inferred"),
        Point(label: "D1 70B 8×A100 fp16 200/1000 c100", model: "llama-3.1-70b", gpu: .a100_80g, gpus: 8, precision: .fp16, input: 200, output: 1000, concurrency: 100,
              ttftMs: 1_742.0, itlMs: 39.46, tokensPerSecond: 2_427.9, source: "[D1] Llama-3-70B (bf16), TP8 inferred"),
        Point(label: "T1 8B 1×H100 fp8 1000/1000 max", model: "llama-3.1-8b", gpu: .h100, gpus: 1, precision: .fp8, input: 1000, output: 1000, concurrency: 1024,
              ttftMs: nil, itlMs: nil, tokensPerSecond: 15_220, source: "[T1] all 3000 requests queued; simulated as 1024 users"),
        Point(label: "T1 70B 2×H100 fp8 5000/500 max", model: "llama-3.1-70b", gpu: .h100, gpus: 2, precision: .fp8, input: 5000, output: 500, concurrency: 1024,
              ttftMs: nil, itlMs: nil, tokensPerSecond: 898, source: "[T1] Llama-3.3-70B, all 1500 requests queued; simulated as 1024 users"),
    ]

    /// The scheduler limits of the engine behind every point, TensorRT-LLM (NIM's backend in [N1]
    /// and [D1], and [T1] itself): `max_num_tokens` 8192 and `max_batch_size` 2048, its build and
    /// `trtllm-bench` defaults. A point is simulated with these, not with vLLM's defaults.
    public static let engineMaxBatchTokens = 8192, engineMaxSeqs = 2048

    /// The simulator's figures for one point, beside the published ones.
    public struct Row: Sendable {
        public var point: Point
        /// Simulated mean TTFT and TPOT (ms) and output tokens per second.
        public var ttftMs: Double
        public var tpotMs: Double
        public var tokensPerSecond: Double
        /// Relative errors (simulated − published) ÷ published; nil where nothing was published.
        public var ttftError: Double?
        public var tpotError: Double?
        public var tokensPerSecondError: Double
    }

    /// Simulates one point: one `llm_server` replica, a closed loop of its users without think
    /// time, `requestsPerUser` requests per user (at least 2, and 200 in all), the first quarter discarded.
    public static func simulate(_ p: Point, engine: LLMEngineConstants = .fitted, requestsPerUser: Int = 4, warmupFraction: Double = 0.25, seed: UInt64 = 1) -> Row {
        guard let shape = LLMModelShape.preset(named: p.model) else { preconditionFailure("unknown preset \(p.model)") }
        var spec = LLMServerSpec(model: shape, gpu: p.gpu, gpusPerReplica: p.gpus, precision: p.precision,
                                 maxBatchTokens: engineMaxBatchTokens, maxSeqs: engineMaxSeqs)
        spec.engine = engine
        spec.streaming = p.streams
        let component = SimulationModel.ComponentModel(
            id: "llm", kind: .llmServer, replicas: 1, concurrency: 1, distribution: Distribution(.constant(.milliseconds(1))), speedup: 1,
            queueLimit: nil, timeoutSeconds: nil, retries: 0, retryBudget: nil, backoffSeconds: nil, fallback: nil,
            hitRatio: nil, batching: nil, groups: [], availability: 1, costPerHour: spec.costPerHour, llm: spec)
        var model = try! SimulationModel(components: [component], entry: 0, arrivals: .closed(users: p.concurrency, thinkSeconds: 0, estimatedRate: 1))
        model.inputTokens = .fixed(p.input)
        model.outputTokens = .fixed(p.output)
        // Every user starts at once: at least two requests each, so the measured window has length.
        let requests = max(200, p.concurrency * max(2, requestsPerUser))
        let r = Simulation(model: model, seed: seed, warmupFraction: warmupFraction).run(until: .requests(requests))
        let l = r.llm.first
        let ttft = (l?.ttft.mean ?? 0) * 1000, tpot = (l?.tpot.mean ?? 0) * 1000, tps = l?.outputTokensPerSecond ?? 0
        func err(_ sim: Double, _ pub: Double?) -> Double? { pub.map { (sim - $0) / $0 } }
        return Row(point: p, ttftMs: ttft, tpotMs: tpot, tokensPerSecond: tps,
                   ttftError: err(ttft, p.ttftMs), tpotError: err(tpot, p.itlMs), tokensPerSecondError: (tps - p.tokensPerSecond) / p.tokensPerSecond)
    }

    /// How far a set of rows is from the targets: the sum of each figure's median |error| over its
    /// target (TTFT 30 %, TPOT and tokens/s 15 %), so 3 or less means every target is met.
    public static func score(_ rows: [Row]) -> Double {
        (medianAbsolute(rows.compactMap(\.ttftError)) ?? 0) / 0.30 + (medianAbsolute(rows.compactMap(\.tpotError)) ?? 0) / 0.15
            + (medianAbsolute(rows.map(\.tokensPerSecondError)) ?? 0) / 0.15
    }

    /// The engine constants a coordinate search finds from `start`: each constant in turn is
    /// scaled up and down by a step that halves when no move lowers ``score(_:)``. Deterministic;
    /// `progress` hears each improvement. This is how ``LLMEngineConstants/fitted`` was found.
    public static func fit(from start: LLMEngineConstants = .fitted, rounds: Int = 6,
                           progress: (LLMEngineConstants, Double) -> Void = { _, _ in }) -> (constants: LLMEngineConstants, score: Double) {
        func evaluate(_ e: LLMEngineConstants) -> Double { score(points.map { simulate($0, engine: e) }) }
        let keys: [WritableKeyPath<LLMEngineConstants, Double>] = [
            \.bandwidthEfficiency, \.computeEfficiency, \.stepOverheadSeconds, \.layerOverheadSeconds,
            \.sequenceOverheadSeconds, \.streamingOverheadSeconds, \.allReduceSecondsNVLink]
        var best = start, bestScore = evaluate(start)
        var step = 0.4
        for _ in 0..<rounds {
            var improved = false
            for key in keys {
                for factor in [1 + step, 1 / (1 + step)] {
                    var e = best
                    // A constant at zero moves by an absolute amount of its own size class.
                    e[keyPath: key] = e[keyPath: key] == 0 ? 10e-6 * (factor > 1 ? 1 : 0) : e[keyPath: key] * factor
                    if key == \.bandwidthEfficiency || key == \.computeEfficiency { e[keyPath: key] = min(e[keyPath: key], 1) }
                    guard e != best else { continue }
                    let s = evaluate(e)
                    if s < bestScore - 1e-9 { best = e; bestScore = s; improved = true; progress(best, s); break }
                }
            }
            if !improved { step /= 2 }
        }
        return (best, bestScore)
    }

    /// Median of the absolute values, nil when empty.
    public static func medianAbsolute(_ values: [Double]) -> Double? {
        let v = values.map(abs).sorted()
        guard !v.isEmpty else { return nil }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    /// The comparison table printed by `mlsd-bench --llm`.
    public static func table(_ rows: [Row]) -> String {
        func pct(_ e: Double?) -> String { e.map { (($0 >= 0 ? "+" : "") + FigureFormat.percent($0)) } ?? "–" }
        func num(_ v: Double?) -> String { v.map { FigureFormat.significant($0, 3) } ?? "–" }
        var lines = ["LLM serving against public measurements (simulated / published, error)",
                     "point                               TTFT ms                TPOT ms               tokens/s"]
        for r in rows {
            func cell(_ sim: Double, _ pub: Double?, _ e: Double?) -> String {
                let s = "\(num(sim))/\(num(pub)) \(pct(e))"
                return s.padding(toLength: 22, withPad: " ", startingAt: 0)
            }
            lines.append(r.point.label.padding(toLength: 34, withPad: " ", startingAt: 0) + "  "
                         + cell(r.ttftMs, r.point.ttftMs, r.ttftError) + cell(r.tpotMs, r.point.itlMs, r.tpotError)
                         + "\(num(r.tokensPerSecond))/\(num(r.point.tokensPerSecond)) \(pct(r.tokensPerSecondError))")
        }
        let ttft = medianAbsolute(rows.compactMap(\.ttftError)), tpot = medianAbsolute(rows.compactMap(\.tpotError))
        let tps = medianAbsolute(rows.map(\.tokensPerSecondError))
        lines.append("median |error|: TTFT \(pct(ttft).dropFirst()) (target ≤ 30%), TPOT \(pct(tpot).dropFirst()) (target ≤ 15%), tokens/s \(pct(tps).dropFirst()) (target ≤ 15%)")
        return lines.joined(separator: "\n")
    }
}
