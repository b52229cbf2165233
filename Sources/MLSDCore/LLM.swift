#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The LLM serving model: GPUs, model shapes, precisions and the per-step cost of a continuously
/// batched engine (issue #11). Every figure carries its source; the formulas are in README "LLM serving".

/// A GPU an `llm_server` replica runs on.
public enum GPUType: String, CaseIterable, Hashable, Sendable {
    case t4, l4, a10g, l40s, a100_40g = "a100-40g", a100_80g = "a100-80g", h100, h200

    /// Datasheet figures and list price of one GPU.
    public var spec: GPUSpec {
        switch self {
        case .t4: GPUSpec(memoryGB: 16, bandwidthGBs: 320, fp16TFLOPS: 65, int8TOPS: 130, fp8TFLOPS: nil, pricePerHour: 0.526, hasNVLink: false,
                          source: "NVIDIA T4 datasheet; price AWS g4dn.xlarge on-demand us-east-1 $0.526/h")
        case .l4: GPUSpec(memoryGB: 24, bandwidthGBs: 300, fp16TFLOPS: 121, int8TOPS: 242, fp8TFLOPS: 242, pricePerHour: 0.8048, hasNVLink: false,
                          source: "NVIDIA L4 datasheet (dense tensor); price AWS g6.xlarge $0.8048/h")
        case .a10g: GPUSpec(memoryGB: 24, bandwidthGBs: 600, fp16TFLOPS: 125, int8TOPS: 250, fp8TFLOPS: nil, pricePerHour: 1.006, hasNVLink: false,
                            source: "AWS G5 / NVIDIA A10 datasheet; price AWS g5.xlarge $1.006/h")
        case .l40s: GPUSpec(memoryGB: 48, bandwidthGBs: 864, fp16TFLOPS: 362, int8TOPS: 733, fp8TFLOPS: 733, pricePerHour: 1.861, hasNVLink: false,
                            source: "NVIDIA L40S datasheet; price AWS g6e.xlarge $1.861/h")
        case .a100_40g: GPUSpec(memoryGB: 40, bandwidthGBs: 1555, fp16TFLOPS: 312, int8TOPS: 624, fp8TFLOPS: nil, pricePerHour: 4.10, hasNVLink: true,
                                source: "NVIDIA A100 datasheet (SXM 40 GB); price AWS p4d.24xlarge $32.77/h ÷ 8")
        case .a100_80g: GPUSpec(memoryGB: 80, bandwidthGBs: 2039, fp16TFLOPS: 312, int8TOPS: 624, fp8TFLOPS: nil, pricePerHour: 5.12, hasNVLink: true,
                                source: "NVIDIA A100 datasheet (SXM 80 GB); price AWS p4de.24xlarge $40.97/h ÷ 8")
        case .h100: GPUSpec(memoryGB: 80, bandwidthGBs: 3350, fp16TFLOPS: 989, int8TOPS: 1979, fp8TFLOPS: 1979, pricePerHour: 12.29, hasNVLink: true,
                            source: "NVIDIA H100 SXM datasheet (dense); price AWS p5.48xlarge $98.32/h ÷ 8 (Q1 2026; neoclouds list $2.49–3.99)")
        case .h200: GPUSpec(memoryGB: 141, bandwidthGBs: 4800, fp16TFLOPS: 989, int8TOPS: 1979, fp8TFLOPS: 1979, pricePerHour: 7.91, hasNVLink: true,
                            source: "NVIDIA H200 SXM datasheet; price AWS p5en.48xlarge $63.30/h ÷ 8 (2026)")
        }
    }
}

/// Datasheet figures of one GPU (dense tensor-core throughput, no sparsity).
public struct GPUSpec: Hashable, Sendable {
    public var memoryGB: Double
    public var bandwidthGBs: Double
    public var fp16TFLOPS: Double
    public var int8TOPS: Double
    /// nil: no FP8 tensor cores (FP8 weights are then dequantised and multiplied in FP16).
    public var fp8TFLOPS: Double?
    /// On-demand price of one GPU, dollars per hour.
    public var pricePerHour: Double
    /// NVLink between the GPUs of a replica (SXM parts); PCIe otherwise.
    public var hasNVLink: Bool
    public var source: String
}

/// Number format of the weights (and of the KV cache where it differs, see ``kvBytes``).
public enum LLMPrecision: String, CaseIterable, Hashable, Sendable {
    case fp16, fp8, int8, int4

    /// Bytes per weight.
    public var weightBytes: Double {
        switch self {
        case .fp16: 2
        case .fp8, .int8: 1
        case .int4: 0.5
        }
    }

    /// Bytes per KV-cache value: 8-bit formats keep an 8-bit cache (vLLM `kv_cache_dtype=fp8`);
    /// int4 is weight-only (AWQ/GPTQ) and keeps an FP16 cache.
    public var kvBytes: Double {
        switch self {
        case .fp16, .int4: 2
        case .fp8, .int8: 1
        }
    }

    /// Peak dense matrix throughput of one GPU at this precision, FLOP/s. FP8 on a GPU without FP8
    /// cores and int4 (weight-only) run their matrix products in FP16.
    public func peakFLOPS(_ gpu: GPUSpec) -> Double {
        let tera: Double
        switch self {
        case .fp16, .int4: tera = gpu.fp16TFLOPS
        case .fp8: tera = gpu.fp8TFLOPS ?? gpu.fp16TFLOPS
        case .int8: tera = gpu.int8TOPS
        }
        return tera * 1e12
    }
}

/// The shape of a transformer, enough to cost its prefill and decode.
public struct LLMModelShape: Hashable, Sendable {
    public var name: String
    /// All parameters.
    public var parameters: Double
    /// Parameters used per token (less than ``parameters`` for a mixture of experts).
    public var activeParameters: Double
    public var layers: Int
    public var hidden: Int
    public var kvHeads: Int
    public var headDim: Int
    /// Experts per layer and experts each token uses (1 and 1 for a dense model).
    public var experts: Int = 1
    public var expertsPerToken: Int = 1
    public var source: String

    public init(name: String, parameters: Double, activeParameters: Double? = nil, layers: Int, hidden: Int, kvHeads: Int, headDim: Int,
                experts: Int = 1, expertsPerToken: Int = 1, source: String) {
        self.name = name
        self.parameters = parameters
        self.activeParameters = activeParameters ?? parameters
        self.layers = layers
        self.hidden = hidden
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.experts = experts
        self.expertsPerToken = expertsPerToken
        self.source = source
    }

    /// KV cache bytes per token: 2 (K and V) × layers × KV heads × head dim × bytes per value.
    public func kvBytesPerToken(_ precision: LLMPrecision) -> Double {
        2 * Double(layers * kvHeads * headDim) * precision.kvBytes
    }

    /// Named models. Shapes from each model's `config.json` on Hugging Face.
    public static let presets: [LLMModelShape] = [
        LLMModelShape(name: "llama-3.2-1b", parameters: 1.24e9, layers: 16, hidden: 2048, kvHeads: 8, headDim: 64,
                      source: "meta-llama/Llama-3.2-1B config.json (16 layers, 8 KV heads, head dim 64)"),
        LLMModelShape(name: "llama-3.2-3b", parameters: 3.21e9, layers: 28, hidden: 3072, kvHeads: 8, headDim: 128,
                      source: "meta-llama/Llama-3.2-3B config.json (28 layers, 8 KV heads, head dim 128)"),
        LLMModelShape(name: "llama-2-7b", parameters: 6.74e9, layers: 32, hidden: 4096, kvHeads: 32, headDim: 128,
                      source: "meta-llama/Llama-2-7b config.json (32 layers, 32 KV heads: no grouped-query attention)"),
        LLMModelShape(name: "llama-3.1-8b", parameters: 8.03e9, layers: 32, hidden: 4096, kvHeads: 8, headDim: 128,
                      source: "meta-llama/Llama-3.1-8B config.json (32 layers, 8 KV heads, head dim 128)"),
        LLMModelShape(name: "codellama-34b", parameters: 33.7e9, layers: 48, hidden: 8192, kvHeads: 8, headDim: 128,
                      source: "codellama/CodeLlama-34b-hf config.json (48 layers, 8 KV heads)"),
        LLMModelShape(name: "mixtral-8x7b", parameters: 46.7e9, activeParameters: 12.9e9, layers: 32, hidden: 4096, kvHeads: 8, headDim: 128,
                      experts: 8, expertsPerToken: 2,
                      source: "mistralai/Mixtral-8x7B-v0.1 config.json and paper (46.7B total, 12.9B active, 8 experts, top-2)"),
        LLMModelShape(name: "llama-3.1-70b", parameters: 70.6e9, layers: 80, hidden: 8192, kvHeads: 8, headDim: 128,
                      source: "meta-llama/Llama-3.1-70B config.json (80 layers, 8 KV heads, head dim 128)"),
        LLMModelShape(name: "llama-3.1-405b", parameters: 405.9e9, layers: 126, hidden: 16384, kvHeads: 8, headDim: 128,
                      source: "meta-llama/Llama-3.1-405B config.json (126 layers, 8 KV heads)"),
    ]

    /// The preset with this name (`llama-3.1-8b`), case-insensitive.
    public static func preset(named name: String) -> LLMModelShape? {
        presets.first { $0.name == name.lowercased() }
    }
}

/// The figures of one `llm_server` replica in force: model, GPUs, precision and scheduler limits.
public struct LLMServerSpec: Hashable, Sendable {
    public var model: LLMModelShape
    public var gpu: GPUType
    public var gpusPerReplica: Int
    public var precision: LLMPrecision
    /// Tokens one engine step may process (prefill chunks plus one per decoding sequence).
    public var maxBatchTokens: Int
    /// Sequences one replica runs at once.
    public var maxSeqs: Int
    /// Share of prompt tokens found in the prefix cache (not prefilled again).
    public var prefixCacheHitRatio: Double
    /// True: a long prompt is prefilled in chunks beside the decodes; false: a whole prompt per step.
    public var chunkedPrefill: Bool
    /// True (every server in a design): answers stream token by token to their callers, which
    /// costs ``LLMEngineConstants/streamingOverheadSeconds`` per sequence per step. False only for
    /// offline benchmarks that collect whole answers inside the engine (`mlsd-bench --llm`'s [T1]).
    public var streaming = true
    /// The step-cost constants; ``LLMEngineConstants/fitted`` except while `mlsd-bench --llm-fit` searches.
    public var engine = LLMEngineConstants.fitted

    public init(model: LLMModelShape, gpu: GPUType, gpusPerReplica: Int = 1, precision: LLMPrecision = .fp16,
                maxBatchTokens: Int? = nil, maxSeqs: Int? = nil,
                prefixCacheHitRatio: Double = 0, chunkedPrefill: Bool = true) {
        self.model = model
        self.gpu = gpu
        self.gpusPerReplica = gpusPerReplica
        self.precision = precision
        self.maxBatchTokens = maxBatchTokens ?? Self.defaultMaxBatchTokens(gpu)
        self.maxSeqs = maxSeqs ?? Self.defaultMaxSeqs(gpu)
        self.prefixCacheHitRatio = prefixCacheHitRatio
        self.chunkedPrefill = chunkedPrefill
    }

    // MARK: Defaults and efficiencies (README "LLM serving" documents each)

    /// vLLM's `max_num_batched_tokens` for the OpenAI-compatible server (V1 engine, ~v0.11
    /// `vllm/engine/arg_utils.py`): 8192 on GPUs of 70 GiB or more other than the A100, else 2048.
    public static func defaultMaxBatchTokens(_ gpu: GPUType) -> Int { gpu == .h100 || gpu == .h200 ? 8192 : 2048 }
    /// vLLM's `max_num_seqs` for the same server: 1024 on those large GPUs, else 256.
    public static func defaultMaxSeqs(_ gpu: GPUType) -> Int { gpu == .h100 || gpu == .h200 ? 1024 : 256 }
    /// Share of GPU memory the engine takes for weights and KV cache (vLLM `gpu_memory_utilization`
    /// default 0.9, `vllm/config/cache.py` ~v0.11).
    public static let memoryUtilization = 0.9
    /// Most GPUs one replica may span (two 8-GPU nodes): the largest `gpus_per_replica` a file,
    /// `--set` or the TUI takes.
    public static let maxGPUsPerReplica = 16
    /// Memory kept per GPU for activations, CUDA graphs and the runtime, bytes.
    public static let reservedBytesPerGPU = 1.5e9
    /// The fitted engine constants below, as written in ``LLMEngineConstants/fitted``.
    public static var bandwidthEfficiency: Double { LLMEngineConstants.fitted.bandwidthEfficiency }
    public static var computeEfficiency: Double { LLMEngineConstants.fitted.computeEfficiency }
    public static var stepOverheadSeconds: Double { LLMEngineConstants.fitted.stepOverheadSeconds }
    public static var layerOverheadSeconds: Double { LLMEngineConstants.fitted.layerOverheadSeconds }
    public static var sequenceOverheadSeconds: Double { LLMEngineConstants.fitted.sequenceOverheadSeconds }
    public static var streamingOverheadSeconds: Double { LLMEngineConstants.fitted.streamingOverheadSeconds }
    public static var allReduceSecondsNVLink: Double { LLMEngineConstants.fitted.allReduceSecondsNVLink }
    public static var allReduceSecondsPCIe: Double { LLMEngineConstants.fitted.allReduceSecondsPCIe }

    // MARK: Derived figures

    /// Weight bytes of the whole model.
    public var weightBytes: Double { model.parameters * precision.weightBytes }
    /// KV-cache bytes per token.
    public var kvBytesPerToken: Double { model.kvBytesPerToken(precision) }
    /// GPU memory of one replica, bytes.
    public var memoryBytes: Double { gpu.spec.memoryGB * 1e9 * Double(gpusPerReplica) }

    /// Tokens the KV cache of one replica holds: usable memory − weights − reserve, over bytes per token.
    /// Zero or less when the weights do not fit.
    public var kvCapacityTokens: Int {
        let free = memoryBytes * Self.memoryUtilization - weightBytes - Self.reservedBytesPerGPU * Double(gpusPerReplica)
        guard free > 0 else { return 0 }
        return Int(min(free / kvBytesPerToken, 1e12))
    }

    /// Why the model cannot run on this replica, or nil.
    public var fitProblem: String? {
        let need = weightBytes + Self.reservedBytesPerGPU * Double(gpusPerReplica)
        let have = memoryBytes * Self.memoryUtilization
        guard need + kvBytesPerToken * 2048 > have else { return nil }
        return "\(model.name) at \(precision.rawValue) needs \(Self.gb(weightBytes)) of weights plus room for the KV cache; "
            + "\(gpusPerReplica) × \(gpu.rawValue) give \(Self.gb(memoryBytes)) (\(Int(Self.memoryUtilization * 100))% usable)"
            + "; expected more gpus_per_replica, a GPU with more memory or a lower precision"
    }

    /// Why the replica's GPUs cannot share the model by tensor parallelism, or nil. Each GPU takes
    /// an equal share of the attention heads (vLLM refuses a tensor-parallel size that does not
    /// divide them: "Total number of attention heads must be divisible by tensor parallel size"),
    /// and the KV heads are split evenly or each copied to an equal number of GPUs. Three GPUs
    /// for llama-3.1-8b's 32 heads were accepted and simulated.
    public var parallelProblem: String? {
        let g = gpusPerReplica
        guard g > 1 else { return nil }
        let heads = model.hidden / model.headDim, kv = model.kvHeads
        func fits(_ n: Int) -> Bool { heads % n == 0 && (n <= kv ? kv % n == 0 : n % kv == 0) }
        guard !fits(g) else { return nil }
        let sizes = (1...Self.maxGPUsPerReplica).filter(fits).map(String.init)
        return "\(model.name) has \(heads) attention heads (\(kv) KV heads), which \(g) GPUs cannot share evenly by tensor parallelism; "
            + "expected gpus_per_replica of \(sizes.dropLast().joined(separator: ", ")) or \(sizes.last ?? "1")"
    }

    static func gb(_ bytes: Double) -> String {
        let v = bytes / 1e9
        return v >= 100 ? "\(Int(v.rounded())) GB" : "\((v * 10).rounded() / 10) GB"
    }

    /// Seconds of one engine step that prefills `prefillTokens` (attending over `prefillContext`
    /// tokens in all: Σ chunk × (tokens before it + chunk/2)) and decodes one token for each of
    /// `decodeSeqs` sequences holding `decodeContext` tokens of KV cache in all.
    ///
    /// Roofline: the longer of compute (2 × active parameters FLOPs per token plus attention,
    /// at ``computeEfficiency`` of peak) and memory (weights read plus KV cache read, at
    /// ``bandwidthEfficiency`` of peak bandwidth), plus the fixed costs: ``stepOverheadSeconds``,
    /// ``layerOverheadSeconds`` per layer, ``sequenceOverheadSeconds`` per decoding sequence and,
    /// with tensor parallelism, two all-reduces per layer. The formula is ``LLMStepCost``'s.
    public func stepSeconds(prefillTokens: Int, prefillContext: Double, decodeSeqs: Int, decodeContext: Double) -> Double {
        LLMStepCost(self).seconds(prefillTokens: prefillTokens, prefillContext: prefillContext, decodeSeqs: decodeSeqs, decodeContext: decodeContext)
    }

    /// Prefill of one prompt alone (batch of one), seconds: the time to first token of a lone request.
    public func prefillSeconds(promptTokens p: Int) -> Double {
        guard p > 0 else { return 0 }
        if chunkedPrefill, p > maxBatchTokens {
            let cost = LLMStepCost(self)
            var done = 0, t = 0.0
            while done < p {
                let chunk = min(maxBatchTokens, p - done)
                t += cost.seconds(prefillTokens: chunk, prefillContext: Double(chunk) * (Double(done) + Double(chunk) / 2), decodeSeqs: 0, decodeContext: 0)
                done += chunk
            }
            return t
        }
        return stepSeconds(prefillTokens: p, prefillContext: Double(p) * Double(p) / 2, decodeSeqs: 0, decodeContext: 0)
    }

    /// One decode step of a batch of `batch` sequences of `context` tokens each, seconds.
    public func decodeStepSeconds(batch: Int, context: Int) -> Double {
        stepSeconds(prefillTokens: 0, prefillContext: 0, decodeSeqs: batch, decodeContext: Double(batch * context))
    }

    /// Price of one replica, dollars per hour.
    public var costPerHour: Double { gpu.spec.pricePerHour * Double(gpusPerReplica) }

    /// Sequences a replica can run at once with prompts of `input` and answers of `output` tokens:
    /// `max_seqs`, or fewer when the KV cache holds fewer such sequences at their mid-point.
    public func concurrentSequences(input: Double, output: Double) -> Int {
        let perSeq = max(1, input * (1 - prefixCacheHitRatio) + input * prefixCacheHitRatio + output / 2)
        return max(1, min(maxSeqs, Int(Double(kvCapacityTokens) / perSeq)))
    }
}

/// The constants of an engine step's cost that no datasheet gives: achieved shares of peak
/// bandwidth and compute, and the fixed costs around the GPU work. ``fitted`` holds the values
/// `mlsd-bench --llm-fit` found against the public points of `mlsd-bench --llm` (README "LLM
/// serving": the fit, its error and where the model is weak).
public struct LLMEngineConstants: Hashable, Sendable {
    /// Share of peak memory bandwidth a step's weight and KV reads reach; measured vLLM runs reach
    /// 75–80 % of the weights-over-bandwidth ceiling at batch 1 once the fixed costs are counted
    /// apart (REFERENCE-NUMBERS "LLM decoding").
    public var bandwidthEfficiency: Double
    /// Share of peak matrix throughput a step's FLOPs reach (model FLOPs utilisation).
    public var computeEfficiency: Double
    /// Fixed cost of one engine step (scheduling, CPU work between steps), seconds.
    public var stepOverheadSeconds: Double
    /// Kernel launches per layer in a step, seconds per layer.
    public var layerOverheadSeconds: Double
    /// Per-sequence cost of a step inside the engine (sampling, bookkeeping), seconds.
    public var sequenceOverheadSeconds: Double
    /// Per-sequence cost of a step for streaming its token to the caller (detokenising, one
    /// server-sent event), seconds; charged only to streaming servers.
    public var streamingOverheadSeconds: Double
    /// One all-reduce between tensor-parallel GPUs over NVLink, seconds; two per layer.
    public var allReduceSecondsNVLink: Double
    /// The same over PCIe: taken 2.5× NVLink's (no PCIe point to fit).
    public var allReduceSecondsPCIe: Double { allReduceSecondsNVLink * 2.5 }

    public init(bandwidthEfficiency: Double, computeEfficiency: Double, stepOverheadSeconds: Double, layerOverheadSeconds: Double,
                sequenceOverheadSeconds: Double, streamingOverheadSeconds: Double, allReduceSecondsNVLink: Double) {
        self.bandwidthEfficiency = bandwidthEfficiency
        self.computeEfficiency = computeEfficiency
        self.stepOverheadSeconds = stepOverheadSeconds
        self.layerOverheadSeconds = layerOverheadSeconds
        self.sequenceOverheadSeconds = sequenceOverheadSeconds
        self.streamingOverheadSeconds = streamingOverheadSeconds
        self.allReduceSecondsNVLink = allReduceSecondsNVLink
    }

    /// The values in use (`mlsd-bench --llm-fit`, 2026-11-30).
    public static let fitted = LLMEngineConstants(
        bandwidthEfficiency: 0.85, computeEfficiency: 0.525, stepOverheadSeconds: 0.0007, layerOverheadSeconds: 25e-6,
        sequenceOverheadSeconds: 35e-6, streamingOverheadSeconds: 9e-6, allReduceSecondsNVLink: 20e-6)
}

/// What a design file says about an `llm_server`; unset fields take ``LLMSettings`` defaults.
public struct LLMSettings: Hashable, Sendable {
    /// A named preset (`llama-3.1-8b`) or a shape given in the file.
    public enum Model: Hashable, Sendable, CustomStringConvertible {
        case preset(String)
        case custom(LLMModelShape)
        public var description: String {
            switch self {
            case .preset(let name): name
            case .custom(let s): "custom \(FigureFormat.significant(s.parameters / 1e9, 3))B"
            }
        }
    }

    public var model: Model?
    public var gpu: GPUType?
    public var gpusPerReplica: Int?
    public var precision: LLMPrecision?
    public var maxBatchTokens: Int?
    public var maxSeqs: Int?
    public var prefixCacheHitRatio: Percentage?
    public var chunkedPrefill: Bool?

    public init() {}

    /// Model when none is named: Llama 3.1 8B, the most common open model in public serving benchmarks.
    public static let defaultModel = "llama-3.1-8b"
    /// GPU when none is named: an L40S (48 GB) holds an 8B model at FP16 with room for the KV cache.
    public static let defaultGPU = GPUType.l40s

    /// The figures in force. An unknown preset name falls back to the default model (the reader
    /// reports it as an error first).
    public func resolved() -> LLMServerSpec {
        let shape: LLMModelShape
        switch model {
        case .preset(let name)?: shape = LLMModelShape.preset(named: name) ?? LLMModelShape.preset(named: Self.defaultModel)!
        case .custom(let s)?: shape = s
        case nil: shape = LLMModelShape.preset(named: Self.defaultModel)!
        }
        return LLMServerSpec(model: shape, gpu: gpu ?? Self.defaultGPU, gpusPerReplica: gpusPerReplica ?? 1, precision: precision ?? .fp16,
                             maxBatchTokens: maxBatchTokens, maxSeqs: maxSeqs,
                             prefixCacheHitRatio: prefixCacheHitRatio?.fraction ?? 0, chunkedPrefill: chunkedPrefill ?? true)
    }

    /// Keys of an `llm_server` in a design file.
    public static let keys = ["model", "gpu", "gpus_per_replica", "precision", "max_batch_tokens", "max_seqs", "prefix_cache_hit_ratio", "chunked_prefill"]
}

/// Tokens per request: a fixed count, or lognormal given by its median and 90th percentile.
public enum TokenCount: Hashable, Sendable, CustomStringConvertible {
    case fixed(Int)
    case lognormal(p50: Int, p90: Int)

    /// Most tokens a prompt or answer may have (a 1 M-token context).
    public static let maximum = 1 << 20
    /// z of the 90th percentile of a standard normal.
    static let z90 = 1.2815515655446004

    /// σ of the underlying normal (0 for a fixed count).
    public var sigma: Double {
        guard case .lognormal(let p50, let p90) = self, p90 > p50 else { return 0 }
        return log(Double(p90) / Double(p50)) / Self.z90
    }

    public var median: Double {
        switch self {
        case .fixed(let n): Double(n)
        case .lognormal(let p50, _): Double(p50)
        }
    }

    /// Mean count: the median × e^(σ²/2) for a lognormal.
    public var mean: Double { median * exp(sigma * sigma / 2) }

    /// The count for a standard normal draw `z` (ignored when fixed), at least 1 and at most ``maximum``.
    public func value(z: Double) -> Int {
        switch self {
        case .fixed(let n): return n
        case .lognormal(let p50, _):
            let v = Double(p50) * exp(sigma * z)
            return Int(min(Double(Self.maximum), max(1, v.rounded())))
        }
    }

    /// As written in a design file: `800` or `{ p50: 800, p90: 2400 }`.
    public var description: String {
        switch self {
        case .fixed(let n): "\(n)"
        case .lognormal(let p50, let p90): "{ p50: \(p50), p90: \(p90) }"
        }
    }

    /// Prompt tokens when a design with an `llm_server` gives none: the median prompt of the
    /// inference-lab workload shape (doublewordai/inference-lab; REFERENCE-NUMBERS).
    public static let defaultInput = TokenCount.fixed(1000)
    /// Answer tokens when none are given: the same source's median answer.
    public static let defaultOutput = TokenCount.fixed(200)
}

/// ``LLMServerSpec/stepSeconds(prefillTokens:prefillContext:decodeSeqs:decodeContext:)`` with the
/// figures that do not change from step to step worked out once: the simulator asks for one per
/// engine step, and working them out each time (the GPU's datasheet, the precision's peak, the
/// spec's copy) was a fifth of an LLM design's run (`perf` of `mlsd simulate rag-assistant`).
/// Each product is formed in the order the formula writes it, so the seconds are the same to the bit.
public struct LLMStepCost: Sendable, Hashable {
    /// 2 × active parameters: FLOPs per token of the weights.
    @usableFromInline let flopsPerToken: Double
    /// 4 × layers × hidden: attention FLOPs per token of context (QKᵀ and AV, 2 FLOPs each).
    @usableFromInline let attentionPerContext: Double
    /// Peak FLOPS × GPUs × compute efficiency.
    @usableFromInline let flopsPerSecond: Double
    /// Peak bandwidth (bytes/s) × GPUs × bandwidth efficiency.
    @usableFromInline let bytesPerSecond: Double
    @usableFromInline let kvBytesPerToken: Double
    /// Every weight, bytes (a dense model reads them all each step).
    @usableFromInline let weightBytes: Double
    /// Mixture of experts: shared weights, every expert's weights, and the chance an expert is
    /// not picked by one token (1 − k/E); `isMixture` false for a dense model.
    @usableFromInline let isMixture: Bool
    @usableFromInline let sharedParameters: Double
    @usableFromInline let expertParameters: Double
    @usableFromInline let idlePerToken: Double
    @usableFromInline let bytesPerWeight: Double
    @usableFromInline let stepOverheadSeconds: Double
    /// Layers × per-layer overhead.
    @usableFromInline let layersOverheadSeconds: Double
    /// Per decoding sequence: its overhead, plus streaming's.
    @usableFromInline let perSequenceSeconds: Double
    /// Two all-reduces per layer with tensor parallelism, 0 without.
    @usableFromInline let allReduceSeconds: Double
    @usableFromInline let hasAllReduce: Bool

    public init(_ spec: LLMServerSpec) {
        let model = spec.model, e = spec.engine, gpu = spec.gpu.spec
        let g = Double(spec.gpusPerReplica)
        flopsPerToken = 2 * model.activeParameters
        attentionPerContext = 4 * Double(model.layers * model.hidden)
        flopsPerSecond = spec.precision.peakFLOPS(gpu) * g * e.computeEfficiency
        bytesPerSecond = gpu.bandwidthGBs * 1e9 * g * e.bandwidthEfficiency
        kvBytesPerToken = spec.kvBytesPerToken
        weightBytes = spec.weightBytes
        isMixture = model.experts > 1
        let perExpert = isMixture ? (model.parameters - model.activeParameters) / Double(model.experts - model.expertsPerToken) : 0
        sharedParameters = model.parameters - perExpert * Double(model.experts)
        expertParameters = perExpert * Double(model.experts)
        idlePerToken = 1 - Double(model.expertsPerToken) / Double(model.experts)
        bytesPerWeight = spec.precision.weightBytes
        stepOverheadSeconds = e.stepOverheadSeconds
        layersOverheadSeconds = Double(model.layers) * e.layerOverheadSeconds
        perSequenceSeconds = e.sequenceOverheadSeconds + (spec.streaming ? e.streamingOverheadSeconds : 0)
        hasAllReduce = spec.gpusPerReplica > 1
        let link = gpu.hasNVLink ? e.allReduceSecondsNVLink : e.allReduceSecondsPCIe
        allReduceSeconds = hasAllReduce ? 2 * Double(model.layers) * link * (1 + (g - 1) / g) : 0
    }

    /// Weight bytes a step reads for `tokens` tokens: every weight of a dense model; for a mixture
    /// of experts, the shared weights plus each expert at least one token chose (a token picks
    /// k of E experts per layer, so an expert is idle with probability (1 − k/E)^tokens).
    @inlinable
    public func weightBytesRead(tokens: Int) -> Double {
        isMixture ? mixtureWeightBytesRead(tokens: tokens) : weightBytes
    }

    @usableFromInline
    func mixtureWeightBytesRead(tokens: Int) -> Double {
        let idle = pow(idlePerToken, Double(max(tokens, 1)))
        return (sharedParameters + expertParameters * (1 - idle)) * bytesPerWeight
    }

    /// Seconds of one engine step (see ``LLMServerSpec/stepSeconds(prefillTokens:prefillContext:decodeSeqs:decodeContext:)``).
    @inlinable
    public func seconds(prefillTokens: Int, prefillContext: Double, decodeSeqs: Int, decodeContext: Double) -> Double {
        let tokens = prefillTokens + decodeSeqs
        guard tokens > 0 else { return 0 }
        let flops = flopsPerToken * Double(tokens) + attentionPerContext * (prefillContext + decodeContext)
        let compute = flops / flopsPerSecond
        let bytes = weightBytesRead(tokens: tokens) + kvBytesPerToken * (decodeContext + Double(prefillTokens))
        let memory = bytes / bytesPerSecond
        var t = stepOverheadSeconds + max(compute, memory) + layersOverheadSeconds + Double(decodeSeqs) * perSequenceSeconds
        if hasAllReduce { t += allReduceSeconds }
        return t
    }
}
