#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Instant estimates for a ``SimulationModel`` from operational laws and queueing formulas.
///
/// - Visits: each component's expected visits per request, counting cache hit ratios, call
///   probabilities, retries and fallbacks. A call attempt is taken to fail with probability
///   P(service > timeout) of the callee's own service time (queueing and downstream time are ignored
///   here, so this is a lower bound on failures).
/// - Per component: arrival rate λᵢ = visitsᵢ·λ, utilisation ρᵢ = λᵢ·E[Sᵢ] / cᵢ, and mean wait by
///   Erlang C for M/M/c with the Allen–Cunneen correction (Cₐ² + Cₛ²)/2 for non-exponential
///   service (Cₐ² = 1: Poisson arrivals).
/// - Queue limits: a component with `queue_limit: K` (and no batching) is an M/M/c/K queue
///   (``FiniteQueue``): its blocking P_K is a share of attempts refused at once, which fail like a
///   timeout (retried, then sent to the fallback, else an error) and make no calls; since retries
///   add load, P_K is the fixed point of blocking at the load it causes. Its wait is the M/M/c/K
///   wait of admitted calls (with the same (1 + Cₛ²)/2 factor), finite under overload too.
/// - Batching: a batch of b costs t·b^α (α = ``SimulationModel/batchCostExponent``), so full batches of
///   B serve cᵢ·B^(1−α)/E[S] requests per second. Utilisation is taken against that capacity,
///   ρ = λᵢ·E[S]·B^(α−1)/cᵢ. The sojourn estimate (a heuristic) adds max_wait/2 and one batch's
///   service t·b̄^α with b̄ = min(B, max(1, (λᵢE[S]/cᵢ)^(1/(1−α)), 1 + λᵢ·max_wait/cᵢ)).
/// - End-to-end mean: a call's mean is its wait + service + its calls (sequence: sum, parallel: the
///   largest branch mean, a lower bound on the mean of the maximum; async: 0), capped at the timeout.
/// - Maximum sustainable QPS: min over components of cᵢ / (visitsᵢ · E[Sᵢ]) (with full batches B^(1−α)).
/// - Availability: replicas in parallel 1 − (1 − a)^r, calls in series multiply, a fallback answers
///   when the primary is down: 1 − (1 − A)(1 − A_fallback); cache hits need only the cache; async
///   calls are not needed for an answer.
public struct AnalyticModel: Hashable, Sendable {
    /// The estimate for one component.
    public struct ComponentEstimate: Hashable, Sendable {
        /// Component id.
        public var id: String
        /// Expected visits per request.
        public var visits: Double
        /// λᵢ = visits·λ, per second.
        public var arrivalRate: Double
        /// Offered utilisation per server (may exceed 1: unstable).
        public var utilization: Double
        /// Erlang C wait with the Allen–Cunneen correction (infinite when unstable).
        public var meanWaitSeconds: Double
        /// Mean wait + own service, seconds.
        public var meanSojournSeconds: Double
        /// Highest request rate at the entry this component can sustain.
        public var maxEntryRate: Double
        /// Share of the visits refused at a full queue (M/M/c/K blocking; 0 without `queue_limit`).
        public var blockedShare: Double = 0
    }

    /// Per-component estimates, in design order.
    public var components: [ComponentEstimate]
    /// Mean arrival rate at the entry, per second.
    public var arrivalRate: Double
    /// Mean end-to-end latency, seconds (infinite when unstable).
    public var meanLatencySeconds: Double
    /// The highest entry rate every component can sustain (ρ < 1 everywhere).
    public var maxQPS: Double
    /// Id of the component that limits ``maxQPS``.
    public var limitingComponent: String
    /// Expected fraction of requests answered given per-replica and per-zone availabilities
    /// (``AvailabilityEstimate``, which also lists the terms).
    public var availability: Double
    /// True when every component's utilisation is below 1.
    public var isStable: Bool { components.allSatisfy { $0.utilization < 1 } }

    /// Estimates a model.
    ///
    /// - Complexity: O(components + calls), plus a bounded Erlang C evaluation per component
    ///   (``ErlangC/probabilityOfWaiting(servers:offeredLoad:)`` costs the same for 10³ and 10¹² servers).
    public init(model: SimulationModel) {
        let n = model.components.count
        let order = Self.topologicalOrder(model)
        let lambda = model.arrivals.meanRate
        let alpha = SimulationModel.batchCostExponent
        // Probability that one attempt of each component fails (times out on its own service).
        let attemptFailure = model.components.map { c -> Double in
            guard let t = c.timeoutSeconds else { return 0 }
            return 1 - c.distribution.cdf(t * c.speedup)
        }
        var callWeight = Array(repeating: 0.0, count: n)
        var visits = Array(repeating: 0.0, count: n)
        var blocked = Array(repeating: 0.0, count: n)
        var attemptsPerCall = Array(repeating: 1.0, count: n)
        var allAttemptsFail = Array(repeating: 0.0, count: n)
        callWeight[model.entry] = 1
        // Expected attempts of one call, the probability that all fail, and the expected admitted
        // (not refused) attempts, with a share `b` refused at a full queue and a share `pt` of the
        // admitted timing out. A retry made at the same instant as a refusal (no backoff) finds the
        // same full queue and is refused too; after a timeout or a backoff it is a fresh draw.
        // Fresh attempts are the ones that see the queue as a Poisson arrival does (PASTA); a retry
        // at the instant of a refusal does not, and does not change the queue.
        func attempts(_ retries: Int, refused b: Double, timeout pt: Double, instant: Bool) -> (total: Double, allFail: Double, admitted: Double, fresh: Double) {
            var fresh = 1.0, afterRefusal = 0.0
            var total = 0.0, admitted = 0.0, freshTotal = 0.0
            for _ in 0...retries {
                total += fresh + afterRefusal
                freshTotal += fresh
                admitted += fresh * (1 - b)
                let refused = fresh * b
                if instant {
                    afterRefusal += refused
                    fresh = fresh * (1 - b) * pt
                } else {
                    fresh = refused + fresh * (1 - b) * pt + afterRefusal
                    afterRefusal = 0
                }
            }
            return (total, fresh + afterRefusal, admitted, freshTotal)
        }
        for i in order {
            let c = model.components[i]
            // A full queue refuses a share of attempts (M/M/c/K); refused attempts are retried, which
            // adds load and so blocking: iterate to the fixed point (at most 30 rounds).
            let instant = c.backoffSeconds == nil
            if let k = Self.finiteQueueLimit(c), callWeight[i] > 0 {
                var b = 0.0
                for _ in 0..<30 {
                    let rate = callWeight[i] * attempts(c.retries, refused: b, timeout: attemptFailure[i], instant: instant).fresh * lambda
                    let next = FiniteQueue.solve(servers: c.servers, queueLimit: k, arrivalRate: rate, meanServiceSeconds: c.meanServiceSeconds).blocking
                    let done = c.retries == 0 || abs(next - b) < 1e-12
                    b = next
                    if done { break }
                }
                blocked[i] = b
            }
            let (total, allFail, admittedShare, _) = attempts(c.retries, refused: blocked[i], timeout: attemptFailure[i], instant: instant)
            visits[i] = callWeight[i] * total
            if let f = c.fallback { callWeight[f] += callWeight[i] * allFail }
            attemptsPerCall[i] = total
            allAttemptsFail[i] = allFail
            // Refused attempts make no calls.
            let admitted = callWeight[i] * admittedShare
            for g in c.groups {
                let share = g.kind == .cacheMiss ? 1 - (c.hitRatio ?? 0) : g.probability
                for t in g.targets { callWeight[t] += admitted * share }
            }
        }
        var estimates: [ComponentEstimate] = []
        var sojourn = Array(repeating: 0.0, count: n)
        for (i, c) in model.components.enumerated() {
            let rate = visits[i] * lambda
            let s = c.meanServiceSeconds
            let servers = Double(c.servers)
            var effective = s
            var capacityFactor = 1.0
            var served = s
            if let b = c.batching, b.maxBatch > 1 {
                // Saturated fixed point b = λ·t·b^α / c gives b = (λt/c)^(1/(1−α)); light load
                // batches what arrives within max_wait. Clamped to [1, B].
                let full = Double(b.maxBatch)
                let busy = pow(rate * s / servers, 1 / (1 - alpha))
                let mean = min(full, max(1, busy, 1 + rate / servers * b.maxWait.seconds))
                effective = s * pow(full, alpha - 1)
                capacityFactor = pow(full, 1 - alpha)
                served = s * pow(mean, alpha)
            }
            let load = rate * effective
            // At exactly the component's limiting rate (``maxEntryRate``, the analytic bound a capacity
            // search probes) ρ comes out within a rounding error of 1, sometimes below it: it is 1,
            // so the run there is judged unstable, not passed by the last bit of a division.
            var rho = load / servers
            if abs(rho - 1) < 1e-9 { rho = 1 }
            var wait: Double
            if let k = Self.finiteQueueLimit(c) {
                // M/M/c/K: finite at any load; the Allen–Cunneen factor for non-exponential service.
                wait = FiniteQueue.solve(servers: c.servers, queueLimit: k, arrivalRate: rate, meanServiceSeconds: s).meanWaitSeconds
                    * (1 + c.distribution.squaredCoefficientOfVariation) / 2
            } else {
                wait = rho < 1 ? ErlangC.allenCunneenWait(servers: c.servers, offeredLoad: load, meanServiceSeconds: effective,
                                                          serviceSCV: c.distribution.squaredCoefficientOfVariation) : .infinity
            }
            if let b = c.batching, b.maxBatch > 1, rho < 1 { wait += b.maxWait.seconds / 2 }
            sojourn[i] = wait + served
            let maxRate = visits[i] > 0 && s > 0 ? servers * capacityFactor / (visits[i] * s) : .infinity
            estimates.append(ComponentEstimate(id: c.id, visits: visits[i], arrivalRate: rate, utilization: rho,
                                               meanWaitSeconds: wait, meanSojournSeconds: sojourn[i], maxEntryRate: maxRate,
                                               blockedShare: blocked[i]))
        }
        // Mean time a caller waits for one call of each component, children first.
        var callTime = Array(repeating: 0.0, count: n)
        for i in order.reversed() {
            let c = model.components[i]
            var visit = sojourn[i]
            for g in c.groups {
                let times = g.targets.map { callTime[$0] }
                let share = g.kind == .cacheMiss ? 1 - (c.hitRatio ?? 0) : g.probability
                switch g.kind {
                case .sequence, .cacheMiss: visit += share * times.reduce(0, +)
                case .parallel: visit += share * (times.max() ?? 0)
                case .async: break
                }
            }
            let capped = c.timeoutSeconds.map { min(visit, $0) } ?? visit
            var total = attemptsPerCall[i] * capped
            if let f = c.fallback { total += allAttemptsFail[i] * callTime[f] }
            callTime[i] = total
        }
        components = estimates
        arrivalRate = lambda
        // A finite queue keeps its waits finite under overload (it refuses the excess instead).
        let bounded = zip(estimates, model.components).allSatisfy { $0.utilization < 1 || Self.finiteQueueLimit($1) != nil }
        meanLatencySeconds = bounded ? callTime[model.entry] : .infinity
        let limiting = estimates.min { $0.maxEntryRate < $1.maxEntryRate }
        maxQPS = limiting?.maxEntryRate ?? .infinity
        limitingComponent = limiting?.id ?? ""
        availability = AvailabilityEstimate.availability(model, order: order)
    }

    /// The queue limit the M/M/c/K formulas apply to: a component's `queue_limit`, unless it batches
    /// (a batching queue is not M/M/c/K; its estimate ignores the limit).
    ///
    /// With `deadline_shedding` and a timeout T, a call that finds q waiting is shed when
    /// (q + 1)/c·E[S] + E[S] > T, that is when q ≥ ⌊c·(T − E[S])/E[S]⌋: a queue limit of its own
    /// (callers' deadlines further up are not counted here). Limits above 10⁶ count as none.
    static func finiteQueueLimit(_ c: SimulationModel.ComponentModel) -> Int? {
        guard (c.batching?.maxBatch ?? 1) <= 1 else { return nil }
        var limit = c.queueLimit
        if c.deadlineShedding, let t = c.timeoutSeconds, c.meanServiceSeconds > 0 {
            let k = (Double(c.servers) * (t - c.meanServiceSeconds) / c.meanServiceSeconds).rounded(.down)
            if k <= 1e6 { limit = min(limit ?? .max, max(0, Int(k))) }
        }
        return limit
    }

    /// Components ordered so that every caller comes before what it calls (the model has no cycles).
    static func topologicalOrder(_ model: SimulationModel) -> [Int] {
        let n = model.components.count
        var indegree = Array(repeating: 0, count: n)
        for i in 0..<n { for j in model.edges(i) { indegree[j] += 1 } }
        var ready = (0..<n).filter { indegree[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        while let i = ready.popLast() {
            order.append(i)
            for j in model.edges(i) {
                indegree[j] -= 1
                if indegree[j] == 0 { ready.append(j) }
            }
        }
        return order
    }
}
