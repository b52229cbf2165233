public import MLSDCore
public import MLSDSim
import Foundation

/// The design, its edges, the design estimate and (when given) the simulation results as JSON with
/// sorted keys (stable for diffs). `results` is exactly the document `mlsd simulate --format json` prints.
///
/// Times are milliseconds, rates per second, money US dollars, availability and utilisation
/// fractions; each key carries its unit in its name. Keys are snake_case, as in every mlsd JSON document.
public struct DesignJSON: Sendable {
    public var scenario: Scenario
    public var estimate: DesignEstimate
    public var result: SimulationResult?

    public init(scenario: Scenario, estimate: DesignEstimate, result: SimulationResult? = nil) {
        self.scenario = scenario
        self.estimate = estimate
        self.result = result
    }

    struct Document: Encodable {
        var name: String
        var summary: String
        var requirements: [String: String]
        var entry: String
        var zones: Int
        var zoneAvailability: Double
        var components: [ComponentRecord]
        var edges: [EdgeRecord]
        var estimate: EstimateRecord
    }

    struct ComponentRecord: Encodable {
        var id: String
        var kind: String
        var label: String?
        var replicas: Int
        var concurrency: Int
        var latency: String
        var meanServiceMs: Double
        var speedup: Double
        var optimizations: [String]
        var availability: Double
        var zones: Int
        var costPerHourUSD: Double
        var costPerMonthUSD: Double
        var timeoutMs: Double?
        var retries: Int
        var retryBudget: Double?
        var backoffMs: Double?
        var circuitBreaker: BreakerRecord?
        var deadlinePropagation: Bool
        var deadlineShedding: Bool
        var fallback: String?
        var hitRatio: Double?
        var onMiss: String?
        /// `reranker` with candidates: items scored per request and the time each adds.
        var candidates: Int?
        var perCandidateMs: Double?
        /// `vector_db`: the recall@k target in force (0.95 unless set).
        var recall: Double?
        var calls: [CallRecord]
        var arrivalsPerSecond: Double
        var utilization: Double
    }

    struct BreakerRecord: Encodable {
        var failures: Int
        var openForMs: Double
        var halfOpenProbes: Int
    }

    struct CallRecord: Encodable {
        var mode: String
        var targets: [String]
        var probability: Double?
        /// An `llm_router`'s rule, as written (`input_tokens > 2000`).
        var when: String?
    }

    struct EdgeRecord: Encodable {
        var from: String
        var to: String
        var kind: String
        var label: String?
        /// The call's place in its caller's order when the caller makes more than one step.
        var step: Int?
    }

    struct EstimateRecord: Encodable {
        var ratePerSecond: Double
        var capacityPerSecond: Double?
        var bottleneck: String?
        var criticalPath: [String]
        var criticalPathMeanServiceMs: Double
        var availability: Double
        var costPerMonthUSD: Double
        var note: String
    }

    /// Pretty-printed JSON ending in a newline.
    public var text: String {
        get throws {
            let design = scenario.design
            let r = scenario.requirements
            var req: [String: String] = [:]
            if let v = r.peakQPS { req["peak_qps"] = v.description }
            if let v = r.latencyP50 { req["latency_p50"] = v.description }
            if let v = r.latencyP95 { req["latency_p95"] = v.description }
            if let v = r.latencyP99 { req["latency_p99"] = v.description }
            if let v = r.latencyP999 { req["latency_p999"] = v.description }
            if let v = r.availability { req["availability"] = v.description }
            if let v = r.maxErrorRate { req["max_error_rate"] = v.description }
            if let v = r.monthlyBudget { req["monthly_budget"] = v.description }
            if let v = r.users { req["users"] = v }
            if let v = r.featureFreshness { req["feature_freshness"] = v.description }
            if let v = r.modelMaxAge { req["model_max_age"] = v.description }
            if let v = r.labelDelay { req["label_delay"] = v.description }
            if let v = r.trainingBudget { req["training_budget"] = v.description }
            let facts = Dictionary(estimate.facts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let components = design.components.compactMap { c -> ComponentRecord? in
                guard let f = facts[c.id] else { return nil }
                return ComponentRecord(
                    id: c.id, kind: c.kind.rawValue, label: c.label, replicas: f.replicas, concurrency: f.concurrency,
                    latency: f.latency, meanServiceMs: Self.round(f.meanServiceMilliseconds), speedup: Self.round(f.speedup),
                    optimizations: c.optimizations.map(\.rawValue), availability: f.availability, zones: design.zoneSpan(of: c),
                    costPerHourUSD: f.costPerHour, costPerMonthUSD: Self.round(f.costPerMonth),
                    timeoutMs: c.timeout.map { Self.round($0.milliseconds) }, retries: c.retries,
                    retryBudget: c.retryBudget?.fraction, backoffMs: c.backoff.map { Self.round($0.milliseconds) },
                    circuitBreaker: c.circuitBreaker.map { BreakerRecord(failures: $0.failures, openForMs: Self.round($0.openFor.milliseconds), halfOpenProbes: $0.halfOpenProbes) },
                    deadlinePropagation: c.deadlinePropagation, deadlineShedding: c.deadlineShedding, fallback: c.fallback,
                    hitRatio: c.hitRatio?.fraction, onMiss: c.onMiss,
                    candidates: c.kind == .reranker ? c.candidates : nil,
                    perCandidateMs: c.kind == .reranker && c.candidates != nil ? Self.round((c.perCandidate ?? Retrieval.defaultPerCandidate).milliseconds) : nil,
                    recall: c.kind == .vectorDB ? (c.recall ?? Retrieval.referenceRecall) : nil,
                    calls: c.calls.map { CallRecord(mode: $0.mode.rawValue, targets: $0.targets, probability: $0.probability?.fraction, when: $0.rule?.description) },
                    arrivalsPerSecond: Self.round(estimate.arrivalsPerSecond[c.id] ?? 0),
                    utilization: Self.round(estimate.utilisation[c.id] ?? 0))
            }
            let graph = LayoutGraph(design: design, annotations: DiagramAnnotations())
            let edges = graph.edges.map { e -> EdgeRecord in
                let kind: String
                switch e.kind {
                case .call(let mode): kind = mode.rawValue
                case .miss: kind = "miss"
                case .feed: kind = "feed"
                case .fallback: kind = "fallback"
                }
                return EdgeRecord(from: graph.nodes[e.from].id, to: graph.nodes[e.to].id, kind: kind, label: e.plainLabel, step: e.step)
            }
            let document = Document(
                name: scenario.name, summary: scenario.summary, requirements: req, entry: design.entry,
                zones: design.zoneCount, zoneAvailability: design.zoneAvailability?.fraction ?? Zones.defaultAvailability,
                components: components, edges: edges,
                estimate: EstimateRecord(
                    ratePerSecond: estimate.ratePerSecond,
                    capacityPerSecond: estimate.capacityPerSecond.isFinite ? Self.round(estimate.capacityPerSecond) : nil,
                    bottleneck: estimate.bottleneck, criticalPath: estimate.criticalPath,
                    criticalPathMeanServiceMs: Self.round(estimate.criticalPathMilliseconds),
                    availability: Self.round(estimate.availability, digits: 6), costPerMonthUSD: Self.round(estimate.costPerMonth),
                    note: "design estimate: offered load and mean service times, no queueing"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            // snake_case keys, as in every mlsd JSON document (`costPerHourUSD` → `cost_per_hour_usd`).
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let designData = try encoder.encode(document)
            guard let result, var object = try JSONSerialization.jsonObject(with: designData) as? [String: Any] else {
                return SafeText.jsonEscaped(String(decoding: designData, as: UTF8.self)) + "\n"
            }
            object["results"] = try JSONSerialization.jsonObject(with: Data(result.jsonText().utf8))
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return SafeText.jsonEscaped(String(decoding: data, as: UTF8.self)) + "\n"
        }
    }

    /// Rounds so the JSON shows stable, readable decimals.
    static func round(_ v: Double, digits: Int = 4) -> Double {
        guard v.isFinite else { return 0 }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (v * scale).rounded() / scale
    }
}
