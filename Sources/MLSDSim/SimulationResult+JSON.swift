import Foundation
import MLSDCore

extension SimulationResult {
    /// The result as the JSON document `mlsd simulate --format json` prints (README "Simulation").
    ///
    /// Keys are sorted and numbers are printed in Swift's shortest round-trip form, so equal results
    /// give byte-identical text. Times are milliseconds; non-finite numbers become `null`.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONReport(self)) else { return "{}" }
        return SafeText.jsonEscaped(String(decoding: data, as: UTF8.self))
    }

    /// The result as CSV rows `scope,id,metric,value` (scope is `run`, `component`, `critical_path`,
    /// `analytic`, `analytic_component` or `requirement`), with a header row.
    public func csvText() -> String {
        var rows = ["scope,id,metric,value"]
        func add(_ scope: String, _ id: String, _ metric: String, _ value: Double) {
            rows.append("\(scope),\(csvField(id)),\(metric),\(value.isFinite ? String(value) : "")")
        }
        add("run", "", "seed", Double(seed))
        add("run", "", "requests", Double(requests))
        add("run", "", "latency_mean_ms", latency.mean * 1000)
        add("run", "", "latency_p50_ms", latency.p50 * 1000)
        add("run", "", "latency_p95_ms", latency.p95 * 1000)
        add("run", "", "latency_p99_ms", latency.p99 * 1000)
        add("run", "", "latency_p999_ms", latency.p999 * 1000)
        add("run", "", "throughput_rps", throughput)
        add("run", "", "error_rate", errorRate)
        add("run", "", "errors_timeout", Double(errors.timeout))
        add("run", "", "errors_rejected", Double(errors.rejected))
        add("run", "", "errors_failed", Double(errors.failed))
        add("run", "", "availability", availability)
        add("run", "", "cost_per_hour", cost.perHour)
        add("run", "", "cost_per_month", cost.perMonth)
        add("run", "", "cost_per_million_requests", cost.perMillionRequests)
        add("run", "", "stable", isStable ? 1 : 0)
        for c in components {
            add("component", c.id, "utilization", c.utilization)
            add("component", c.id, "mean_wait_ms", c.meanWaitSeconds * 1000)
            add("component", c.id, "mean_sojourn_ms", c.meanSojournSeconds * 1000)
            add("component", c.id, "p99_sojourn_ms", c.p99SojournSeconds * 1000)
        }
        for s in criticalPathP99 { add("critical_path", s.id, "ms", s.seconds * 1000) }
        add("analytic", "", "max_qps", analytic.maxQPS)
        add("analytic", "", "latency_mean_ms", analytic.meanLatencySeconds * 1000)
        for c in analytic.components {
            add("analytic_component", c.id, "utilization", c.utilization)
            add("analytic_component", c.id, "mean_wait_ms", c.meanWaitSeconds * 1000)
        }
        for r in requirements {
            add("requirement", r.name, "target", r.target)
            add("requirement", r.name, "actual", r.actual)
            add("requirement", r.name, "pass", r.pass ? 1 : 0)
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// One RFC 4180 field: control characters shown as `?`, a leading `= + - @` defused with `'` so
/// spreadsheets do not run it as a formula, quoted when it holds a comma, quote or line break.
func csvField(_ text: String) -> String {
    var s = DisplayWidth.sanitized(text)
    if let first = s.first, "=+-@".contains(first), Double(s) == nil { s = "'" + s }
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// The JSON shape of a ``SimulationResult``; property names are the JSON keys.
struct JSONReport: Encodable {
    struct Latency: Encodable { var mean, p50, p95, p99, p999: Double? }
    struct Errors: Encodable { var timeout, rejected, failed: Int }
    struct Cost: Encodable { var per_hour, per_month, per_million_requests: Double? }
    struct Overload: Encodable { var id: String; var offered_utilization: Double? }
    struct Component: Encodable {
        var id: String
        var utilization, mean_wait_ms, mean_sojourn_ms, p99_sojourn_ms, arrival_rate, mean_queue_length, mean_batch_size: Double?
        var rejected, timeouts, retries, fallbacks: Int
    }
    struct Step: Encodable { var id: String; var ms: Double? }
    struct AnalyticComponent: Encodable {
        var id: String
        var visits, arrival_rate, utilization, mean_wait_ms, mean_sojourn_ms, max_qps: Double?
    }
    struct AnalyticLatency: Encodable { var mean: Double? }
    struct Analytic: Encodable {
        var max_qps: Double?
        var limiting_component: String
        var stable: Bool
        var availability: Double?
        var latency_ms: AnalyticLatency
        var components: [AnalyticComponent]
    }
    struct Requirement: Encodable { var name: String; var target, actual: Double?; var unit: String; var pass: Bool }
    struct Down: Encodable { var id: String; var replicas_down: Int; var start_s, end_s: Double }

    var seed: UInt64
    var requests: Int
    var warmup_requests: Int
    var simulated_seconds: Double?
    var events: Int
    var latency_ms: Latency
    var throughput_rps: Double?
    var error_rate: Double?
    var errors: Errors
    var availability: Double?
    var cost: Cost
    var stable: Bool
    var cut_off: Bool
    var cut_off_reason: String?
    var overloaded: [Overload]
    var bottleneck: String
    var components: [Component]
    var critical_path_p99: [Step]
    var analytic: Analytic
    var requirements: [Requirement]
    var outages: [Down]

    init(_ r: SimulationResult) {
        func f(_ v: Double) -> Double? { v.isFinite ? v : nil }
        func ms(_ v: Double) -> Double? { f(v * 1000) }
        seed = r.seed
        requests = r.requests
        warmup_requests = r.warmupRequests
        simulated_seconds = f(r.simulatedSeconds)
        events = r.events
        latency_ms = Latency(mean: ms(r.latency.mean), p50: ms(r.latency.p50), p95: ms(r.latency.p95), p99: ms(r.latency.p99), p999: ms(r.latency.p999))
        throughput_rps = f(r.throughput)
        error_rate = f(r.errorRate)
        errors = Errors(timeout: r.errors.timeout, rejected: r.errors.rejected, failed: r.errors.failed)
        availability = f(r.availability)
        cost = Cost(per_hour: f(r.cost.perHour), per_month: f(r.cost.perMonth), per_million_requests: f(r.cost.perMillionRequests))
        stable = r.isStable
        cut_off = r.wasCutOff
        cut_off_reason = r.cutOff?.description
        overloaded = r.overloaded.map { Overload(id: $0.id, offered_utilization: f($0.offeredUtilization)) }
        bottleneck = r.bottleneck
        components = r.components.map {
            Component(id: $0.id, utilization: f($0.utilization), mean_wait_ms: ms($0.meanWaitSeconds),
                      mean_sojourn_ms: ms($0.meanSojournSeconds), p99_sojourn_ms: ms($0.p99SojournSeconds),
                      arrival_rate: f($0.arrivalRate), mean_queue_length: f($0.meanQueueLength), mean_batch_size: f($0.meanBatchSize),
                      rejected: $0.rejected, timeouts: $0.timeouts, retries: $0.retries, fallbacks: $0.fallbacks)
        }
        critical_path_p99 = r.criticalPathP99.map { Step(id: $0.id, ms: ms($0.seconds)) }
        analytic = Analytic(
            max_qps: f(r.analytic.maxQPS), limiting_component: r.analytic.limitingComponent, stable: r.analytic.isStable,
            availability: f(r.analytic.availability), latency_ms: AnalyticLatency(mean: ms(r.analytic.meanLatencySeconds)),
            components: r.analytic.components.map {
                AnalyticComponent(id: $0.id, visits: f($0.visits), arrival_rate: f($0.arrivalRate), utilization: f($0.utilization),
                                  mean_wait_ms: ms($0.meanWaitSeconds), mean_sojourn_ms: ms($0.meanSojournSeconds), max_qps: f($0.maxEntryRate))
            })
        requirements = r.requirements.map { Requirement(name: $0.name, target: f($0.target), actual: f($0.actual), unit: $0.unit, pass: $0.pass) }
        outages = r.outages.map { Down(id: $0.id, replicas_down: $0.replicasDown, start_s: $0.startSeconds, end_s: $0.endSeconds) }
    }
}
