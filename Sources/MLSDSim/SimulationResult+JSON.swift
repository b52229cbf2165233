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

    /// The result as CSV rows `scope,id,metric,value` (scope is `run`, `component`, `llm`, `critical_path`,
    /// `analytic`, `analytic_component`, `requirement`, `outage` (id: the fault's number) or `warning`),
    /// with a header row. Counts are
    /// integers; other numbers have at most 6 significant digits (``FigureFormat/csvNumber(_:)``).
    public func csvText() -> String {
        var rows = ["scope,id,metric,value"]
        func add(_ scope: String, _ id: String, _ metric: String, _ value: Double) {
            rows.append("\(scope),\(FigureFormat.csvField(id)),\(metric),\(FigureFormat.csvNumber(value))")
        }
        func add(_ scope: String, _ id: String, _ metric: String, _ value: Int) {
            rows.append("\(scope),\(FigureFormat.csvField(id)),\(metric),\(value)")
        }
        func addText(_ scope: String, _ id: String, _ metric: String, _ text: String) {
            rows.append("\(scope),\(FigureFormat.csvField(id)),\(metric),\(FigureFormat.csvField(text))")
        }
        rows.append("run,,seed,\(seed)")
        add("run", "", "requests", requests)
        add("run", "", "successes", successes)
        add("run", "", "unfinished", unfinished)
        add("run", "", "answered_unmeasured", answeredUnmeasured)
        add("run", "", "degraded", degraded)
        add("run", "", "degraded_share", degradedShare)
        add("run", "", "latency_mean_ms", answeredLatency.mean * 1000)
        add("run", "", "latency_p50_ms", answeredLatency.p50 * 1000)
        add("run", "", "latency_p95_ms", answeredLatency.p95 * 1000)
        add("run", "", "latency_p99_ms", answeredLatency.p99 * 1000)
        add("run", "", "latency_p999_ms", answeredLatency.p999 * 1000)
        add("run", "", "throughput_rps", throughput)
        add("run", "", "error_rate", errorRate)
        add("run", "", "errors_timeout", errors.timeout)
        add("run", "", "errors_rejected", errors.rejected)
        add("run", "", "errors_failed", errors.failed)
        add("run", "", "availability", availability)
        add("run", "", "cost_per_hour", cost.perHour)
        add("run", "", "cost_per_month", cost.perMonth)
        add("run", "", "cost_per_million_requests", cost.perMillionRequests)
        add("run", "", "stable", isStable ? 1 : 0)
        for c in components {
            add("component", c.id, "utilization", c.utilization)
            add("component", c.id, "offered_utilization", c.offeredUtilization)
            add("component", c.id, "attempts_per_request", c.attemptsPerRequest)
            add("component", c.id, "retry_amplification", c.retryAmplification)
            add("component", c.id, "arrival_rate", c.arrivalRate)
            add("component", c.id, "goodput", c.goodput)
            add("component", c.id, "rejected", c.rejected)
            add("component", c.id, "timeouts", c.timeouts)
            add("component", c.id, "fast_failed", c.fastFailed)
            add("component", c.id, "abandoned", c.abandoned)
            add("component", c.id, "breaker_opens", c.breakerOpens)
            add("component", c.id, "breaker_open_share", c.breakerOpenShare)
            add("component", c.id, "mean_wait_ms", c.meanWaitSeconds * 1000)
            add("component", c.id, "mean_sojourn_ms", c.meanSojournSeconds * 1000)
            add("component", c.id, "p99_sojourn_ms", c.p99SojournSeconds * 1000)
        }
        // Designs with an llm_server: per server (scope llm) and end to end (run).
        func tokens(_ scope: String, _ id: String, _ name: String, _ t: TokenLatency) {
            guard t.count > 0 else { return }
            add(scope, id, "\(name)_mean_ms", t.mean * 1000)
            add(scope, id, "\(name)_p50_ms", t.p50 * 1000)
            add(scope, id, "\(name)_p90_ms", t.p90 * 1000)
            add(scope, id, "\(name)_p99_ms", t.p99 * 1000)
        }
        for l in llm {
            tokens("llm", l.id, "ttft", l.ttft)
            tokens("llm", l.id, "tpot", l.tpot)
            add("llm", l.id, "output_tokens_per_second", l.outputTokensPerSecond)
            add("llm", l.id, "output_tokens_per_second_per_gpu", l.outputTokensPerSecondPerGPU)
            add("llm", l.id, "mean_batch", l.meanBatch)
            add("llm", l.id, "mean_kv_utilization", l.meanKVUtilization)
            add("llm", l.id, "peak_kv_utilization", l.peakKVUtilization)
            add("llm", l.id, "preemptions", l.preemptions)
            add("llm", l.id, "refused_too_long", l.refusedTooLong)
            add("llm", l.id, "cost_per_million_output_tokens", l.costPerMillionOutputTokens)
        }
        if !llm.isEmpty {
            if let t = endToEndTTFT { tokens("run", "", "ttft", t) }
            if let t = endToEndTPOT { tokens("run", "", "tpot", t) }
            add("run", "", "output_tokens_per_second", outputTokensPerSecond)
        }
        for s in criticalPathP99 { add("critical_path", s.id, "ms", s.seconds * 1000) }
        add("analytic", "", "max_qps", analytic.maxQPS)
        add("analytic", "", "latency_mean_ms", analytic.meanLatencySeconds * 1000)
        for c in analytic.components {
            add("analytic_component", c.id, "utilization", c.utilization)
            add("analytic_component", c.id, "mean_wait_ms", c.meanWaitSeconds * 1000)
            add("analytic_component", c.id, "blocked_share", c.blockedShare)
        }
        for r in requirements {
            let scale = r.unit == .seconds ? 1000.0 : 1
            add("requirement", r.kind.rawValue, "target", r.target * scale)
            if let actual = r.actual { add("requirement", r.kind.rawValue, "actual", actual * scale) }
            add("requirement", r.kind.rawValue, "pass", r.passes ? 1 : 0)
            if let reason = r.reason { addText("requirement", r.kind.rawValue, "reason", reason) }
            if let interval = r.interval {
                add("requirement", r.kind.rawValue, "actual_ci95_low", interval.lowerBound * scale)
                add("requirement", r.kind.rawValue, "actual_ci95_high", interval.upperBound * scale)
                add("requirement", r.kind.rawValue, "straddles_target", r.straddlesTarget ? 1 : 0)
            }
            if let allowance = r.allowance {
                add("requirement", r.kind.rawValue, "noise_allowance", allowance)
                add("requirement", r.kind.rawValue, "within_noise_allowance", r.passesWithinAllowance ? 1 : 0)
            }
        }
        // The faults of the run, numbered from 1 as listed (a zone's loss is one per component).
        for (k, o) in outages.enumerated() {
            let n = String(k + 1)
            addText("outage", n, "component", o.id)
            let kind: String
            switch o.effect {
            case .down: kind = "down"
            case .slow: kind = "slow"
            case .hitRatio: kind = "hit_ratio"
            }
            addText("outage", n, "kind", kind)
            switch o.effect {
            case .down: add("outage", n, "replicas_down", o.replicasDown)
            case .slow(let f): add("outage", n, "slow_factor", f)
            case .hitRatio(let h): add("outage", n, "hit_ratio", h)
            }
            if let zone = o.zone { add("outage", n, "zone", zone) }
            add("outage", n, "start_s", o.startSeconds)
            add("outage", n, "end_s", o.endSeconds)
            add("outage", n, "never_started", neverStartedFaults.contains(o) ? 1 : 0)
        }
        for w in warnings { addText("warning", "", "text", w) }
        if let intervals { rows += intervalRows(intervals) }
        return rows.joined(separator: "\n") + "\n"
    }
}

extension SimulationResult {
    /// The `interval` CSV rows: replications, seeds, the precision outcome and, per headline figure
    /// (metric named as in the `run` rows), its value and 95 % interval ends.
    func intervalRows(_ i: Intervals) -> [String] {
        var rows = ["interval,,replications,\(i.replications)", "interval,,level,\(FigureFormat.csvNumber(i.level))"]
        for (k, seed) in i.seeds.enumerated() { rows.append("interval,\(k + 1),seed,\(seed)") }
        if let p = i.precision {
            rows.append("interval,,precision_target,\(FigureFormat.csvNumber(p.target))")
            rows.append("interval,,precision_max_replications,\(p.maximumReplications)")
            rows.append("interval,,precision_reached,\(p.reached ? 1 : 0)")
            if let why = p.stoppedBecause { rows.append("interval,,precision_stopped_because,\(FigureFormat.csvField(why))") }
        }
        for (metric, ci, scale) in i.figures {
            guard let ci else { continue }
            rows.append("interval,,\(metric),\(FigureFormat.csvNumber(ci.value * scale))")
            rows.append("interval,,\(metric)_ci95_low,\(FigureFormat.csvNumber(ci.low * scale))")
            rows.append("interval,,\(metric)_ci95_high,\(FigureFormat.csvNumber(ci.high * scale))")
        }
        return rows
    }
}

extension SimulationResult.Intervals {
    /// Each headline figure's machine name (as in CSV's `run` rows), interval and scale to its
    /// machine unit (milliseconds for latencies).
    var figures: [(String, ConfidenceInterval?, Double)] {
        [("latency_mean_ms", latencyMean, 1000), ("latency_p50_ms", latencyP50, 1000), ("latency_p95_ms", latencyP95, 1000),
         ("latency_p99_ms", latencyP99, 1000), ("latency_p999_ms", latencyP999, 1000), ("throughput_rps", throughput, 1),
         ("error_rate", errorRate, 1), ("degraded_share", degradedShare, 1), ("cost_per_million_requests", costPerMillionRequests, 1)]
    }
}

/// The JSON shape of a ``SimulationResult``; property names are the JSON keys.
struct JSONReport: Encodable {
    /// Every key is written, `null` when nothing was answered.
    struct Latency: Encodable {
        var mean, p50, p95, p99, p999: Double?
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case mean, p50, p95, p99, p999 }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(mean, forKey: .mean)
            try c.encode(p50, forKey: .p50)
            try c.encode(p95, forKey: .p95)
            try c.encode(p99, forKey: .p99)
            try c.encode(p999, forKey: .p999)
        }
    }
    struct Errors: Encodable { var timeout, rejected, failed: Int }
    /// `per_million_requests` is `null` (not left out) when nothing succeeded.
    struct Cost: Encodable {
        var per_hour, per_month, per_million_requests: Double?
        /// The part of per_month spent offline; absent for a design without an offline part.
        var offline_per_month: Double? = nil
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case per_hour, per_month, per_million_requests, offline_per_month }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(per_hour, forKey: .per_hour)
            try c.encode(per_month, forKey: .per_month)
            try c.encode(per_million_requests, forKey: .per_million_requests)
            try c.encodeIfPresent(offline_per_month, forKey: .offline_per_month)
        }
    }
    /// The offline plan: stages with schedule, run, cost; freshness where the request path reads.
    struct Offline: Encodable {
        struct Stage: Encodable {
            var id, kind: String
            var schedule: String?
            var run_seconds, runs_per_month: Double?
            var workers: Int
            var compute: String?
            var cost_per_run: Double?
            var cost_per_month, delay_seconds: Double?
        }
        struct Served: Encodable { var id: String; var feature_staleness_seconds, model_age_seconds: Double?; var feature_chain, model_chain: [String] }
        var per_month, training_per_month: Double?
        var label_delay_seconds: Double?
        var stages: [Stage]
        var served: [Served]
        var skew_risks: [String]
    }
    struct Overload: Encodable { var id: String; var offered_utilization, retry_amplification: Double? }
    struct Component: Encodable {
        var id: String
        var utilization, mean_wait_ms, mean_sojourn_ms, p99_sojourn_ms, arrival_rate, mean_queue_length, mean_batch_size: Double?
        var offered_utilization, attempts_per_request, retry_amplification, goodput: Double?
        var rejected, timeouts, retries, fallbacks, retries_denied, fast_failed, abandoned, breaker_opens: Int
        var breaker_open_share: Double?
        /// `llm_server` only.
        var llm: LLM? = nil

        enum CodingKeys: String, CodingKey {
            case id, utilization, mean_wait_ms, mean_sojourn_ms, p99_sojourn_ms, arrival_rate, mean_queue_length, mean_batch_size
            case offered_utilization, attempts_per_request, retry_amplification, goodput
            case rejected, timeouts, retries, fallbacks, retries_denied, fast_failed, abandoned, breaker_opens, breaker_open_share, llm
        }

        /// Every figure's key is written, `null` when there is none (a component no measured call
        /// reached has no wait or sojourn; the synthesized encoding left the keys out).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            for (key, value) in [(CodingKeys.utilization, utilization), (.mean_wait_ms, mean_wait_ms), (.mean_sojourn_ms, mean_sojourn_ms),
                                 (.p99_sojourn_ms, p99_sojourn_ms), (.arrival_rate, arrival_rate), (.mean_queue_length, mean_queue_length),
                                 (.mean_batch_size, mean_batch_size), (.offered_utilization, offered_utilization),
                                 (.attempts_per_request, attempts_per_request), (.retry_amplification, retry_amplification),
                                 (.goodput, goodput), (.breaker_open_share, breaker_open_share)] {
                try c.encode(value, forKey: key)
            }
            for (key, value) in [(CodingKeys.rejected, rejected), (.timeouts, timeouts), (.retries, retries), (.fallbacks, fallbacks),
                                 (.retries_denied, retries_denied), (.fast_failed, fast_failed), (.abandoned, abandoned), (.breaker_opens, breaker_opens)] {
                try c.encode(value, forKey: key)
            }
            try c.encodeIfPresent(llm, forKey: .llm)
        }
    }
    struct TokenLatency: Encodable {
        var count: Int
        var mean, p50, p90, p99: Double?
    }
    struct LLM: Encodable {
        var model, gpu, precision: String
        var gpus_per_replica, replicas, kv_capacity_tokens, preemptions, refused_too_long: Int
        var ttft_ms, tpot_ms: TokenLatency
        var output_tokens_per_second, output_tokens_per_second_per_replica, output_tokens_per_second_per_gpu: Double?
        var mean_batch, mean_kv_utilization, peak_kv_utilization, cost_per_million_output_tokens: Double?
    }
    struct Step: Encodable { var id: String; var ms: Double? }
    struct AnalyticComponent: Encodable {
        var id: String
        var visits, arrival_rate, utilization, mean_wait_ms, mean_sojourn_ms, max_qps, blocked_share: Double?
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
    struct Requirement: Encodable {
        var kind: String
        var target, actual: Double?
        var unit, comparison: String
        var pass: Bool
        var reason, detail: String?
        var actual_ci95_low, actual_ci95_high: Double?
        var straddles_target: Bool
        /// The share of the target the actual may miss it by and still pass (peak load judged on a
        /// run at the peak: its Poisson noise), `null` where none applies.
        var noise_allowance: Double?
        /// True when the verdict is a pass only because of `noise_allowance` (the actual misses the target).
        var within_noise_allowance: Bool

        /// Every key is written, `null` when absent, so the document's shape does not depend on the verdict.
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey {
                case kind, target, actual, unit, comparison, pass, reason, detail, actual_ci95_low, actual_ci95_high, straddles_target
                case noise_allowance, within_noise_allowance
            }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(target, forKey: .target)
            try c.encode(actual, forKey: .actual)
            try c.encode(unit, forKey: .unit)
            try c.encode(comparison, forKey: .comparison)
            try c.encode(pass, forKey: .pass)
            try c.encode(reason, forKey: .reason)
            try c.encode(detail, forKey: .detail)
            try c.encode(actual_ci95_low, forKey: .actual_ci95_low)
            try c.encode(actual_ci95_high, forKey: .actual_ci95_high)
            try c.encode(straddles_target, forKey: .straddles_target)
            try c.encode(noise_allowance, forKey: .noise_allowance)
            try c.encode(within_noise_allowance, forKey: .within_noise_allowance)
        }
    }
    /// A fault: `kind` is `down`, `slow` or `hit_ratio`; `replicas_down` is 0 unless down; `slow_factor`
    /// and `hit_ratio` are present for their kind only; `never_started` is true when its window
    /// opens after the run ended (``SimulationResult/neverStartedFaults``), so it never happened.
    struct Down: Encodable {
        var id: String; var kind: String; var replicas_down: Int; var slow_factor: Double?; var hit_ratio: Double?; var start_s, end_s: Double
        var never_started: Bool
        /// The zone whose loss this is one component's part of; absent for a component's own fault.
        var zone: Int?
        init(_ o: Outage, neverStarted: Bool) {
            id = o.id; replicas_down = o.replicasDown; start_s = o.startSeconds; end_s = o.endSeconds; never_started = neverStarted
            zone = o.zone
            switch o.effect {
            case .down: kind = "down"
            case .slow(let f): kind = "slow"; slow_factor = f
            case .hitRatio(let h): kind = "hit_ratio"; hit_ratio = h
            }
        }
    }
    /// A figure with its interval: `{"value": …, "ci95_low": …, "ci95_high": …}`, or `null`.
    struct Interval: Encodable {
        var ci: ConfidenceInterval?
        var scale: Double
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case value, ci95_low, ci95_high }
            guard let ci else {
                var c = encoder.singleValueContainer()
                try c.encodeNil()
                return
            }
            var c = encoder.container(keyedBy: Key.self)
            func f(_ v: Double) -> Double? { (v * scale).isFinite ? v * scale : nil }
            try c.encode(f(ci.value), forKey: .value)
            try c.encode(f(ci.low), forKey: .ci95_low)
            try c.encode(f(ci.high), forKey: .ci95_high)
        }
    }
    struct IntervalLatency: Encodable { var mean, p50, p95, p99, p999: Interval }
    struct Precision: Encodable {
        var target: Double
        var max_replications: Int
        var reached: Bool
        var stopped_because: String?
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey { case target, max_replications, reached, stopped_because }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(target, forKey: .target)
            try c.encode(max_replications, forKey: .max_replications)
            try c.encode(reached, forKey: .reached)
            try c.encode(stopped_because, forKey: .stopped_because)
        }
    }
    struct Intervals: Encodable {
        var replications: Int
        var level: Double
        var method: String
        var seeds: [UInt64]
        var precision: Precision?
        var latency_ms: IntervalLatency
        var throughput_rps, error_rate, degraded_share, cost_per_million_requests: Interval
        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey {
                case replications, level, method, seeds, precision, latency_ms, throughput_rps, error_rate, degraded_share, cost_per_million_requests
            }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(replications, forKey: .replications)
            try c.encode(level, forKey: .level)
            try c.encode(method, forKey: .method)
            try c.encode(seeds, forKey: .seeds)
            try c.encode(precision, forKey: .precision)
            try c.encode(latency_ms, forKey: .latency_ms)
            try c.encode(throughput_rps, forKey: .throughput_rps)
            try c.encode(error_rate, forKey: .error_rate)
            try c.encode(degraded_share, forKey: .degraded_share)
            try c.encode(cost_per_million_requests, forKey: .cost_per_million_requests)
        }
    }

    var seed: UInt64
    var requests: Int
    var warmup_requests: Int
    var simulated_seconds: Double?
    var events: Int
    var latency_ms: Latency
    var throughput_rps: Double?
    var successes: Int
    /// Measured requests still in flight when a timed run ended: not judged (``SimulationResult/unfinished``).
    var unfinished: Int
    /// Requests answered, with no latency recorded, in a run cut off in its warm-up (``SimulationResult/answeredUnmeasured``).
    var answered_unmeasured: Int
    var degraded: Int
    var degraded_share: Double?
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
    var offline: Offline?
    var warnings: [String]
    var outages: [Down]
    /// Present only for a replicated run.
    var intervals: Intervals?
    /// Present only for designs with an `llm_server`: end-to-end token latencies and all servers' output tokens per second.
    var ttft_ms: TokenLatency?
    var tpot_ms: TokenLatency?
    var output_tokens_per_second: Double?
    /// Present only for a closed-loop workload.
    var closed_loop_users: Int?

    init(_ r: SimulationResult) {
        func f(_ v: Double) -> Double? { v.isFinite ? v : nil }
        func ms(_ v: Double) -> Double? { f(v * 1000) }
        seed = r.seed
        requests = r.requests
        warmup_requests = r.warmupRequests
        simulated_seconds = f(r.simulatedSeconds)
        events = r.events
        let l = r.answeredLatency
        latency_ms = Latency(mean: ms(l.mean), p50: ms(l.p50), p95: ms(l.p95), p99: ms(l.p99), p999: ms(l.p999))
        throughput_rps = f(r.throughput)
        successes = r.successes
        unfinished = r.unfinished
        answered_unmeasured = r.answeredUnmeasured
        degraded = r.degraded
        degraded_share = f(r.degradedShare)
        error_rate = f(r.errorRate)
        errors = Errors(timeout: r.errors.timeout, rejected: r.errors.rejected, failed: r.errors.failed)
        availability = f(r.availability)
        cost = Cost(per_hour: f(r.cost.perHour), per_month: f(r.cost.perMonth), per_million_requests: f(r.cost.perMillionRequests),
                    offline_per_month: r.offline.flatMap { $0.isEmpty ? nil : f(r.cost.offlinePerMonth) })
        offline = r.offline.flatMap { plan in
            plan.isEmpty ? nil : Offline(
                per_month: f(plan.offlinePerMonth), training_per_month: f(plan.trainingPerMonth), label_delay_seconds: plan.labelDelay.flatMap(f),
                stages: plan.stages.map {
                    Offline.Stage(id: $0.id, kind: $0.kind.rawValue, schedule: $0.schedule?.description, run_seconds: $0.runSeconds.flatMap(f),
                                  runs_per_month: $0.runsPerMonth.flatMap(f), workers: $0.workers, compute: $0.compute?.rawValue,
                                  cost_per_run: $0.costPerRun.flatMap(f), cost_per_month: f($0.costPerMonth), delay_seconds: f($0.delaySeconds))
                },
                served: plan.served.map {
                    Offline.Served(id: $0.id, feature_staleness_seconds: $0.featureStaleness.flatMap(f), model_age_seconds: $0.modelAge.flatMap(f),
                                   feature_chain: $0.featureChain, model_chain: $0.modelChain)
                },
                skew_risks: plan.skewRisks.map(plan.describe))
        }
        stable = r.isStable
        cut_off = r.wasCutOff
        cut_off_reason = r.cutOff?.description
        overloaded = r.overloaded.map { Overload(id: $0.id, offered_utilization: f($0.offeredUtilization), retry_amplification: f($0.retryAmplification)) }
        bottleneck = r.bottleneck
        components = r.components.map {
            Component(id: $0.id, utilization: f($0.utilization), mean_wait_ms: ms($0.meanWaitSeconds),
                      mean_sojourn_ms: ms($0.meanSojournSeconds), p99_sojourn_ms: ms($0.p99SojournSeconds),
                      arrival_rate: f($0.arrivalRate), mean_queue_length: f($0.meanQueueLength), mean_batch_size: f($0.meanBatchSize),
                      offered_utilization: f($0.offeredUtilization), attempts_per_request: f($0.attemptsPerRequest),
                      retry_amplification: f($0.retryAmplification), goodput: f($0.goodput),
                      rejected: $0.rejected, timeouts: $0.timeouts, retries: $0.retries, fallbacks: $0.fallbacks,
                      retries_denied: $0.retriesDenied, fast_failed: $0.fastFailed, abandoned: $0.abandoned,
                      breaker_opens: $0.breakerOpens, breaker_open_share: f($0.breakerOpenShare))
        }
        critical_path_p99 = r.criticalPathP99.map { Step(id: $0.id, ms: ms($0.seconds)) }
        analytic = Analytic(
            max_qps: f(r.analytic.maxQPS), limiting_component: r.analytic.limitingComponent, stable: r.analytic.isStable,
            availability: f(r.analytic.availability), latency_ms: AnalyticLatency(mean: ms(r.analytic.meanLatencySeconds)),
            components: r.analytic.components.map {
                AnalyticComponent(id: $0.id, visits: f($0.visits), arrival_rate: f($0.arrivalRate), utilization: f($0.utilization),
                                  mean_wait_ms: ms($0.meanWaitSeconds), mean_sojourn_ms: ms($0.meanSojournSeconds), max_qps: f($0.maxEntryRate),
                                  blocked_share: f($0.blockedShare))
            })
        requirements = r.requirements.map {
            let scale = $0.unit == .seconds ? 1000.0 : 1
            return Requirement(kind: $0.kind.rawValue, target: f($0.target * scale), actual: $0.actual.flatMap { f($0 * scale) },
                               unit: $0.unit == .seconds ? "ms" : $0.unit.rawValue, comparison: $0.comparison.rawValue,
                               pass: $0.passes, reason: $0.reason, detail: $0.detail,
                               actual_ci95_low: $0.interval.flatMap { f($0.lowerBound * scale) },
                               actual_ci95_high: $0.interval.flatMap { f($0.upperBound * scale) }, straddles_target: $0.straddlesTarget,
                               noise_allowance: $0.allowance.flatMap(f), within_noise_allowance: $0.passesWithinAllowance)
        }
        intervals = r.intervals.map { i in
            Intervals(replications: i.replications, level: i.level, method: "student_t", seeds: i.seeds,
                      precision: i.precision.map { Precision(target: $0.target, max_replications: $0.maximumReplications, reached: $0.reached, stopped_because: $0.stoppedBecause) },
                      latency_ms: IntervalLatency(mean: .init(ci: i.latencyMean, scale: 1000), p50: .init(ci: i.latencyP50, scale: 1000),
                                                  p95: .init(ci: i.latencyP95, scale: 1000), p99: .init(ci: i.latencyP99, scale: 1000),
                                                  p999: .init(ci: i.latencyP999, scale: 1000)),
                      throughput_rps: .init(ci: i.throughput, scale: 1), error_rate: .init(ci: i.errorRate, scale: 1),
                      degraded_share: .init(ci: i.degradedShare, scale: 1), cost_per_million_requests: .init(ci: i.costPerMillionRequests, scale: 1))
        }
        warnings = r.warnings
        outages = r.outages.map { Down($0, neverStarted: r.neverStartedFaults.contains($0)) }
        func tokens(_ t: SimulationResult.TokenLatency) -> TokenLatency {
            TokenLatency(count: t.count, mean: t.count > 0 ? ms(t.mean) : nil, p50: t.count > 0 ? ms(t.p50) : nil,
                         p90: t.count > 0 ? ms(t.p90) : nil, p99: t.count > 0 ? ms(t.p99) : nil)
        }
        for l in r.llm {
            guard let i = components.firstIndex(where: { $0.id == l.id }) else { continue }
            components[i].llm = LLM(model: l.model, gpu: l.gpu, precision: l.precision, gpus_per_replica: l.gpusPerReplica, replicas: l.replicas,
                                    kv_capacity_tokens: l.kvCapacityTokens, preemptions: l.preemptions, refused_too_long: l.refusedTooLong,
                                    ttft_ms: tokens(l.ttft), tpot_ms: tokens(l.tpot), output_tokens_per_second: f(l.outputTokensPerSecond),
                                    output_tokens_per_second_per_replica: f(l.outputTokensPerSecondPerReplica),
                                    output_tokens_per_second_per_gpu: f(l.outputTokensPerSecondPerGPU), mean_batch: f(l.meanBatch),
                                    mean_kv_utilization: f(l.meanKVUtilization), peak_kv_utilization: f(l.peakKVUtilization),
                                    cost_per_million_output_tokens: f(l.costPerMillionOutputTokens))
        }
        if !r.llm.isEmpty {
            ttft_ms = r.endToEndTTFT.map(tokens)
            tpot_ms = r.endToEndTPOT.map(tokens)
            output_tokens_per_second = f(r.outputTokensPerSecond)
        }
        closed_loop_users = r.closedLoopUsers
    }
}
