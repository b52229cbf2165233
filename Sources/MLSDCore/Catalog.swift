/// Every kind of component a design can use.
public enum ComponentKind: String, CaseIterable, Hashable, Sendable {
    case client, gateway, loadBalancer = "load_balancer", cdn, httpService = "http_service"
    case cache, database, featureStore = "feature_store", offlineFeatureStore = "offline_feature_store"
    case objectStore = "object_store", queue, streamProcessor = "stream_processor", batchPipeline = "batch_pipeline"
    case modelServer = "model_server", annIndex = "ann_index", candidateGenerator = "candidate_generator"
    case ranker, reranker, ruleEngine = "rule_engine", humanReview = "human_review", monitor
    /// LLM and retrieval serving (issue #11); `llm_server` is simulated token by token.
    case llmServer = "llm_server", embedder, vectorDB = "vector_db", guardrail, semanticCache = "semantic_cache", llmRouter = "llm_router"
    /// A bare queueing station with no defaults: used for pure queueing models checked against theory.
    case station
    // Offline kinds (``isOffline``): they run outside the request path and are costed and timed by
    // ``OfflinePlan``, never simulated per request.
    case eventLog = "event_log", labelSource = "label_source", trainingJob = "training_job"
    case evaluationGate = "evaluation_gate", modelRegistry = "model_registry", batchInference = "batch_inference", backfill
}

/// Model size for a `model_server` (the seeds' small 5–20 ms vs large 50–500 ms inference).
public enum ModelSize: String, CaseIterable, Hashable, Sendable { case small, large }

/// Hardware a `model_server` runs on; decides its price and concurrency.
public enum Hardware: String, CaseIterable, Hashable, Sendable { case cpu, gpu }

/// A model optimisation and its serving speed-up (service time is divided by it).
public enum Optimization: String, CaseIterable, Hashable, Sendable {
    case int8, pruning, distillation, onnx, tensorrt

    /// Speed-up factor, the geometric middle of the seeds' range (cheatsheet, "Model optimisation").
    public var speedup: Double {
        switch self {
        case .int8: return 2.8          // seeds: 2–4×
        case .pruning: return 1.7       // seeds: 1.5–2×
        case .distillation: return 4.5  // seeds: 2–10×
        case .onnx: return 2.1          // seeds (ONNX/TensorRT): 1.5–3×
        case .tensorrt: return 2.1      // seeds (ONNX/TensorRT): 1.5–3×
        }
    }

    /// True for an optimisation that needs a GPU: TensorRT is NVIDIA's inference runtime for its
    /// GPUs, so a model server on CPU cannot use it (ONNX Runtime is the CPU counterpart).
    public var needsGPU: Bool { self == .tensorrt }

    /// The range the seeds give and the accuracy cost they warn about, for docs and exports.
    public var note: String {
        switch self {
        case .int8: return "2–4× faster, ~1% accuracy loss"
        case .pruning: return "1.5–2× faster, small accuracy loss"
        case .distillation: return "2–10× faster, some accuracy loss"
        case .onnx, .tensorrt: return "1.5–3× faster, no accuracy loss"
        }
    }
}

/// Defaults for one component kind, each with where the number comes from.
public struct CatalogEntry: Hashable, Sendable {
    public var kind: ComponentKind
    public var summary: String
    /// Service time of one request on one server, before speed-ups.
    public var latency: LatencyDistribution?
    /// Requests one replica serves at once (servers per replica).
    public var concurrency: Int
    /// On-demand price of one replica per hour, US dollars.
    public var costPerHour: Double
    /// Probability one replica is up.
    public var availability: Double
    /// Where the figures come from.
    public var source: String
}

/// The component catalog: every kind's reference numbers (DESIGN.md §4).
///
/// Latencies come from the seeds' "Numbers to Know" (cheatsheet). Prices are AWS EC2 on-demand
/// us-east-1 list prices (aws.amazon.com/ec2/pricing/on-demand) for an instance that could host
/// one replica: m5.large $0.096/h, c5.xlarge $0.17/h, r5.large $0.126/h, g4dn.xlarge $0.526/h,
/// g5.xlarge $1.006/h; ElastiCache cache.r6g.large $0.206/h; RDS db.r5.large $0.25/h.
/// Availabilities are per replica and chosen so that two replicas reach the seeds' 99.9 %+ target;
/// managed services use their published SLA (S3 99.9 %, ElastiCache/RDS Multi-AZ 99.99 % for the
/// service, 99.5 % taken per node here).
public struct Catalog: Sendable {
    public var entries: [ComponentKind: CatalogEntry]

    public subscript(kind: ComponentKind) -> CatalogEntry { entries[kind]! }

    /// Service time of a model server of the given size, before optimisations.
    public func modelLatency(_ size: ModelSize) -> LatencyDistribution {
        switch size {
        case .small: return .range(low: .milliseconds(5), high: .milliseconds(20))   // seeds: small model 5–20 ms
        case .large: return .range(low: .milliseconds(50), high: .milliseconds(500)) // seeds: large model 50–500 ms
        }
    }

    /// Hourly price of one model-server replica on the given hardware.
    public func modelCostPerHour(_ hardware: Hardware) -> Double {
        hardware == .gpu ? 0.526 : 0.17   // g4dn.xlarge vs c5.xlarge on-demand, us-east-1
    }

    public static let standard: Catalog = {
        func ms(_ lo: Double, _ hi: Double) -> LatencyDistribution { .range(low: .milliseconds(lo), high: .milliseconds(hi)) }
        let list: [CatalogEntry] = [
            .init(kind: .client, summary: "Caller that sends requests; adds no service time.", latency: .constant(.milliseconds(0)),
                  concurrency: 100_000, costPerHour: 0, availability: 1, source: "by definition"),
            .init(kind: .gateway, summary: "API gateway: auth, routing, rate limits.", latency: ms(1, 5),
                  concurrency: 256, costPerHour: 0.096, availability: 0.999,
                  source: "latency chosen (proxy hop ~1–5 ms); m5.large price"),
            .init(kind: .loadBalancer, summary: "L4/L7 load balancer.", latency: ms(0.5, 2),
                  concurrency: 1024, costPerHour: 0.0225, availability: 0.9999,
                  source: "latency chosen; AWS ALB hourly price $0.0225/h, ELB SLA 99.99%"),
            .init(kind: .cdn, summary: "Edge cache for static and precomputed content.", latency: ms(5, 30),
                  concurrency: 10_000, costPerHour: 0.05, availability: 0.9999,
                  source: "latency chosen; price approximates CloudFront request fees at 1k/s"),
            .init(kind: .httpService, summary: "A remote HTTP service.", latency: ms(50, 100),
                  concurrency: 64, costPerHour: 0.096, availability: 0.999,
                  source: "seeds: HTTP request 50–100 ms; m5.large price"),
            .init(kind: .cache, summary: "In-memory key-value cache (Redis/Memcached).", latency: ms(1, 5),
                  concurrency: 64, costPerHour: 0.206, availability: 0.995,
                  source: "seeds: cache lookup 1–5 ms; ElastiCache cache.r6g.large price"),
            .init(kind: .database, summary: "Relational or key-value database.", latency: ms(5, 50),
                  concurrency: 32, costPerHour: 0.25, availability: 0.995,
                  source: "seeds: database query 5–50 ms; RDS db.r5.large price"),
            .init(kind: .featureStore, summary: "Online feature store lookup.", latency: ms(5, 50),
                  concurrency: 64, costPerHour: 0.206, availability: 0.995,
                  source: "seeds: feature store lookup 5–50 ms; priced as a cache.r6g.large node"),
            .init(kind: .offlineFeatureStore, summary: "Offline feature store (warehouse, batch reads).", latency: ms(50, 200),
                  concurrency: 16, costPerHour: 0.25, availability: 0.999,
                  source: "seeds: S3 read 50–200 ms; priced as db.r5.large"),
            .init(kind: .objectStore, summary: "Object store (S3-style) read.", latency: ms(50, 200),
                  concurrency: 1000, costPerHour: 0.04, availability: 0.999,
                  source: "seeds: S3 read 50–200 ms; S3 SLA 99.9%; price ~ GET fees at 1k/s"),
            .init(kind: .queue, summary: "Message queue (Kafka/SQS) publish.", latency: ms(2, 10),
                  concurrency: 256, costPerHour: 0.21, availability: 0.9995,
                  source: "latency chosen (acked publish); MSK kafka.m5.large price"),
            .init(kind: .streamProcessor, summary: "Stream processor (Flink/Kafka Streams) step.", latency: ms(5, 50),
                  concurrency: 32, costPerHour: 0.17, availability: 0.999,
                  source: "latency chosen (seeds: near-real-time is seconds end to end); c5.xlarge price"),
            .init(kind: .batchPipeline, summary: "Batch pipeline (Spark/Airflow) job step.", latency: ms(1000, 10000),
                  concurrency: 8, costPerHour: 0.34, availability: 0.99,
                  source: "latency chosen (seeds: batch is minutes to hours); c5.2xlarge price"),
            .init(kind: .modelServer, summary: "Model inference server; latency by size, price by hardware.", latency: nil,
                  concurrency: 4, costPerHour: 0.17, availability: 0.999,
                  source: "seeds: small model 5–20 ms, large 50–500 ms; c5.xlarge / g4dn.xlarge price"),
            .init(kind: .annIndex, summary: "Approximate nearest-neighbour index (FAISS/ScaNN).", latency: ms(2, 10),
                  concurrency: 16, costPerHour: 0.252, availability: 0.999,
                  source: "latency chosen (ANN top-k in memory); r5.xlarge price"),
            .init(kind: .candidateGenerator, summary: "Candidate generation (retrieval) service.", latency: ms(5, 20),
                  concurrency: 16, costPerHour: 0.17, availability: 0.999,
                  source: "latency chosen (seeds: small-model class); c5.xlarge price"),
            .init(kind: .ranker, summary: "Ranking model over a candidate set.", latency: ms(10, 40),
                  concurrency: 8, costPerHour: 0.526, availability: 0.999,
                  source: "latency chosen (small model over ~100s of items); g4dn.xlarge price"),
            .init(kind: .reranker, summary: "Re-ranking, filtering and business rules.", latency: ms(1, 5),
                  concurrency: 32, costPerHour: 0.096, availability: 0.999,
                  source: "latency chosen for the fixed part (filters and business rules in memory; a cross-encoder's model cost is the per_candidate term); m5.large price; " + Retrieval.perCandidateSource),
            .init(kind: .ruleEngine, summary: "Deterministic rules (blocklists, thresholds).", latency: ms(1, 3),
                  concurrency: 64, costPerHour: 0.096, availability: 0.9995,
                  source: "latency chosen (in-memory rules); m5.large price"),
            .init(kind: .humanReview, summary: "Human review queue: people, not machines.", latency: .range(low: TimeSpan(seconds: 30), high: TimeSpan(seconds: 600)),
                  concurrency: 1, costPerHour: 35, availability: 0.99,
                  source: "chosen: one reviewer handles an item in 30 s–10 min at ~$35/h loaded cost"),
            .init(kind: .monitor, summary: "Logging and monitoring sink.", latency: ms(0.5, 2),
                  concurrency: 1024, costPerHour: 0.096, availability: 0.999,
                  source: "latency chosen (async log append); m5.large price"),
            .init(kind: .llmServer, summary: "LLM server: continuous batching, token-level prefill and decode on GPUs.", latency: nil,
                  concurrency: 1, costPerHour: GPUType.l40s.spec.pricePerHour, availability: 0.999,
                  source: "timing from the model, GPU and precision (README \"LLM serving\"); price per GPU from the GPU table (mlsd catalog --sources)"),
            .init(kind: .embedder, summary: "Text embedding model (query or document to a vector).", latency: ms(2.5, 4.5),
                  concurrency: 8, costPerHour: 0.17, availability: 0.999,
                  source: "small embedding model on CPU (107 M params, Q8): p50 2.9 ms, p99 4.2 ms at ~300 req/s (engineered.at, 2025); c5.xlarge price"),
            .init(kind: .vectorDB, summary: "Networked vector database (ANN search over embeddings).", latency: ms(4, 25),
                  concurrency: 16, costPerHour: 0.504, availability: 0.999,
                  source: "Qdrant single node, 10 M vectors: mean 24.7 ms, p99 63.7 ms at 1 542 req/s under load (qdrant.tech benchmark, 2022); service time chosen below that; r5.2xlarge price; " + Retrieval.recallSource),
            .init(kind: .guardrail, summary: "Safety classifier on prompts or answers.", latency: ms(10, 30),
                  concurrency: 8, costPerHour: 1.006, availability: 0.999,
                  source: "Llama 3.1 Nemotron Safety Guard 8B NIM: TTFT 15.7 ms at concurrency 1, 1 000 tokens (NVIDIA NIM docs, GH200 BF16); g5.xlarge price"),
            .init(kind: .semanticCache, summary: "Semantic cache: embeds the prompt and returns a stored answer to a similar one.", latency: ms(3, 10),
                  concurrency: 32, costPerHour: 0.206, availability: 0.995,
                  source: "latency chosen (embedding ~3 ms + in-memory ANN < 1 ms + cache read); ElastiCache cache.r6g.large price"),
            .init(kind: .llmRouter, summary: "Routes prompts to a small or large model by rule or share.", latency: ms(1, 3),
                  concurrency: 64, costPerHour: 0.096, availability: 0.9995,
                  source: "latency chosen (rule or tiny classifier in memory); m5.large price"),
            .init(kind: .station, summary: "Bare queueing station; give latency and concurrency yourself.", latency: nil,
                  concurrency: 1, costPerHour: 0, availability: 1, source: "none: for queueing models"),
        ] + offlineEntries

        return Catalog(entries: Dictionary(uniqueKeysWithValues: list.map { ($0.kind, $0) }))
    }()
}
