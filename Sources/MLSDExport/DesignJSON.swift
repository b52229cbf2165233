public import MLSDCore
import Foundation

/// The design, its edges and the design estimate as JSON with sorted keys (stable for diffs).
///
/// Times are milliseconds, rates per second, money US dollars, availability and utilisation
/// fractions; each key carries its unit in its name.
public struct DesignJSON: Sendable {
    public var scenario: Scenario
    public var estimate: DesignEstimate

    public init(scenario: Scenario, estimate: DesignEstimate) {
        self.scenario = scenario
        self.estimate = estimate
    }

    struct Document: Encodable {
        var name: String
        var summary: String
        var requirements: [String: String]
        var entry: String
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
        var costPerHourUSD: Double
        var costPerMonthUSD: Double
        var timeoutMs: Double?
        var retries: Int
        var fallback: String?
        var hitRatio: Double?
        var onMiss: String?
        var calls: [CallRecord]
        var arrivalsPerSecond: Double
        var utilisation: Double
    }

    struct CallRecord: Encodable {
        var mode: String
        var targets: [String]
        var probability: Double?
    }

    struct EdgeRecord: Encodable {
        var from: String
        var to: String
        var kind: String
        var label: String?
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
            let facts = Dictionary(estimate.facts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let components = design.components.compactMap { c -> ComponentRecord? in
                guard let f = facts[c.id] else { return nil }
                return ComponentRecord(
                    id: c.id, kind: c.kind.rawValue, label: c.label, replicas: f.replicas, concurrency: f.concurrency,
                    latency: f.latency, meanServiceMs: Self.round(f.meanServiceMilliseconds), speedup: Self.round(f.speedup),
                    optimizations: c.optimizations.map(\.rawValue), availability: f.availability,
                    costPerHourUSD: f.costPerHour, costPerMonthUSD: Self.round(f.costPerMonth),
                    timeoutMs: c.timeout.map { Self.round($0.milliseconds) }, retries: c.retries, fallback: c.fallback,
                    hitRatio: c.hitRatio?.fraction, onMiss: c.onMiss,
                    calls: c.calls.map { CallRecord(mode: $0.mode.rawValue, targets: $0.targets, probability: $0.probability?.fraction) },
                    arrivalsPerSecond: Self.round(estimate.arrivalsPerSecond[c.id] ?? 0),
                    utilisation: Self.round(estimate.utilisation[c.id] ?? 0))
            }
            let graph = LayoutGraph(design: design, annotations: DiagramAnnotations())
            let edges = graph.edges.map { e -> EdgeRecord in
                let kind: String
                switch e.kind {
                case .call(let mode): kind = mode.rawValue
                case .miss: kind = "miss"
                case .fallback: kind = "fallback"
                }
                return EdgeRecord(from: graph.nodes[e.from].id, to: graph.nodes[e.to].id, kind: kind, label: e.label)
            }
            let document = Document(
                name: scenario.name, summary: scenario.summary, requirements: req, entry: design.entry,
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
            return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
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

/// One row per component (design figures and the design estimate) as RFC 4180 CSV.
public struct DesignCSV: Sendable {
    public var scenario: Scenario
    public var estimate: DesignEstimate

    public init(scenario: Scenario, estimate: DesignEstimate) {
        self.scenario = scenario
        self.estimate = estimate
    }

    public static let header = ["id", "kind", "name", "replicas", "concurrency", "latency", "mean_service_ms", "speedup",
                                "availability", "cost_per_hour_usd", "cost_per_month_usd", "arrivals_per_second", "utilisation",
                                "calls", "fallback", "on_miss"]

    /// The CSV text with a header row, lines ending in CRLF as RFC 4180 asks.
    public var text: String {
        var rows = [Self.header]
        let byID = Dictionary(scenario.design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for f in estimate.facts {
            let c = byID[f.id]
            let calls = (c?.calls ?? []).map { g in
                g.mode.rawValue + ":" + g.targets.joined(separator: "+") + (g.probability.map { "@" + Format.percent($0.fraction) } ?? "")
            }.joined(separator: " ")
            rows.append([f.id, f.kind.rawValue, f.name, String(f.replicas), String(f.concurrency), f.latency,
                         Format.fixed(f.meanServiceMilliseconds, 3), Format.fixed(f.speedup, 2), Format.fixed(f.availability, 5),
                         Format.fixed(f.costPerHour, 4), Format.fixed(f.costPerMonth, 2),
                         Format.fixed(estimate.arrivalsPerSecond[f.id] ?? 0, 2), Format.fixed(estimate.utilisation[f.id] ?? 0, 4),
                         calls, c?.fallback ?? "", c?.onMiss ?? ""])
        }
        return rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
    /// gets a `'` so spreadsheets do not run it as a formula.
    static func field(_ s: String) -> String {
        var s = DisplayWidth.sanitized(s)
        if let first = s.first, "=+-@".contains(first), Double(s) == nil { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
