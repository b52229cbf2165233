public import MLSDCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A design compiled for simulation: validated, immutable, every catalog default filled in.
///
/// Build it once per design and rate; a ``Simulation`` runs it with a seed.
///
///     let model = try SimulationModel(design: scenario.design, catalog: .standard, rate: scenario.offeredRate)
///     let result = Simulation(model: model, seed: 42).run(until: .requests(100_000))
public struct SimulationModel: Hashable, Sendable {
    /// How a call group runs its targets.
    public enum GroupKind: UInt8, Hashable, Sendable {
        /// One after another; the caller waits for each.
        case sequence
        /// All at once; the caller waits for all.
        case parallel
        /// Fire and forget.
        case async
        /// A cache's miss path: on a hit (probability `hitRatio`) the cache answers and makes no calls;
        /// on a miss it calls the group's target, then runs its other groups.
        case cacheMiss
    }

    /// One call group of a component, with targets as component indices.
    public struct Group: Hashable, Sendable {
        /// How the targets run.
        public var kind: GroupKind
        /// Indices into ``SimulationModel/components``, in call order.
        public var targets: [Int]
        /// Fraction of visits that run this group (1 = always). For an `llm_router`'s rule, the
        /// share of requests the rule takes (for the analytic estimates; the engine applies the rule).
        public var probability: Double
        /// An `llm_router`'s rule on the request's tokens, applied before its shares.
        public var rule: TokenRule? = nil
        /// An `llm_router`'s routed group (a rule or a written share): each call takes at most one.
        public var isRouted = false
        /// The share as written, which an `llm_router` draws among the requests no rule took.
        public var written: Double { writtenShare ?? probability }
        var writtenShare: Double? = nil
    }

    /// One component with everything the simulator needs.
    public struct ComponentModel: Hashable, Sendable {
        /// Component id as in the scenario file.
        public var id: String
        /// Catalog kind.
        public var kind: ComponentKind
        /// Identical replicas sharing one queue.
        public var replicas: Int
        /// Servers per replica.
        public var concurrency: Int
        /// Service time of one request before speed-ups, seconds.
        public var distribution: Distribution
        /// Product of optimisation speed-ups; service time is divided by it.
        public var speedup: Double
        /// Most requests waiting in the queue (not counting those in service); nil is unbounded.
        public var queueLimit: Int?
        /// A caller stops waiting after this many seconds; nil waits for ever.
        public var timeoutSeconds: Double?
        /// Extra attempts of a failed call (0–10).
        public var retries: Int
        /// Retries allowed per first attempt (token bucket, ``SimulationModel/retryBudgetBurst``); nil is no limit.
        public var retryBudget: Double?
        /// Base of the backoff before retry k (k = 1, 2, …): a uniform draw in [0, base·2^(k−1)]
        /// ("full jitter"); nil retries at once.
        public var backoffSeconds: Double?
        /// Index of the component that answers when calls here fail after retries.
        public var fallback: Int?
        /// The circuit breaker on calls to this component, if any.
        public var circuitBreaker: CircuitBreaker? = nil
        /// True: calls queued here, or arriving here, whose caller (or a caller up the chain) has
        /// timed out are dropped unserved.
        public var deadlinePropagation: Bool = false
        /// True: a call that finds every server busy is rejected at once when, at the mean service
        /// time, it would finish after the earliest deadline of its callers.
        public var deadlineShedding: Bool = false
        /// Cache hit ratio (caches with `on_miss` only).
        public var hitRatio: Double?
        /// Dynamic batching, if any (cost t·b^α, α = ``SimulationModel/batchCostExponent``).
        public var batching: Batching?
        /// Call groups in order; a cache's miss path comes first.
        public var groups: [Group]
        /// Probability one replica is up.
        public var availability: Double
        /// Price of all replicas, dollars per hour.
        public var costPerHour: Double
        /// `llm_server` only: the engine that runs it token by token (``distribution`` and
        /// ``concurrency`` then describe it only for the analytic estimates).
        public var llm: LLMServerSpec? = nil

        /// Servers in front of the queue: replicas × concurrency.
        public var servers: Int { replicas * concurrency }
        /// Mean service time of one request after speed-ups (batch of one), seconds.
        public var meanServiceSeconds: Double { distribution.mean / speedup }
    }

    /// How requests arrive.
    public enum ArrivalProcess: Hashable, Sendable {
        /// Poisson at `rate` per second.
        case poisson(rate: Double)
        /// Poisson at `rate`, multiplied by `factor` for `lengthSeconds` at the start of every `everySeconds`.
        case burst(rate: Double, factor: Double, everySeconds: Double, lengthSeconds: Double)
        /// Poisson whose rate is `rate · (1 + amplitude · sin(2πt / period))`.
        case diurnal(rate: Double, amplitude: Double, periodSeconds: Double)
        /// One request every `intervalSeconds`, the first at `intervalSeconds` (for traces and tests).
        case deterministic(intervalSeconds: Double)
        /// Closed loop: `users` users each send a request, wait for its answer, pause an exponential
        /// time of mean `thinkSeconds` (none when 0) and send the next. `estimatedRate` is the
        /// analytic throughput, for bounds and estimates only.
        case closed(users: Int, thinkSeconds: Double, estimatedRate: Double)

        /// The cycle the arrivals repeat: a burst's `every` or a diurnal pattern's `period`, with the
        /// pattern's name; nil for steady arrivals (or a burst of factor 1, a diurnal of amplitude 0).
        public var cycle: (pattern: String, seconds: Double)? {
            switch self {
            case .burst(_, let f, let every, _) where f != 1: return ("burst", every)
            case .diurnal(_, let a, let period) where a > 0: return ("diurnal", period)
            default: return nil
            }
        }

        /// Long-run mean arrival rate per second.
        public var meanRate: Double {
            switch self {
            case .poisson(let r): return r
            case .burst(let r, let f, let every, let length): return r * (1 + (f - 1) * min(length, every) / every)
            case .diurnal(let r, _, _): return r
            case .deterministic(let i): return 1 / i
            case .closed(_, _, let r): return r
            }
        }
    }

    /// Exponent α of the batch cost: a batch of b requests takes t·b^α, where t is one request's
    /// sampled service time. α = 0.5 models the sub-linear cost of batched inference (a batch of 4 costs 2×).
    public static let batchCostExponent = 0.5
    /// Retries a retry budget holds at most, and starts with: a burst allowance so that a quiet
    /// component may still retry (Finagle's `RetryBudget` keeps a similar reserve).
    public static let retryBudgetBurst = 10.0

    /// Prompt and answer tokens per request, for `llm_server` components.
    public var inputTokens: TokenCount = .defaultInput
    public var outputTokens: TokenCount = .defaultOutput
    /// True when some component is an `llm_server`.
    public var hasLLM: Bool { components.contains { $0.llm != nil } }

    /// Components in file order.
    public var components: [ComponentModel]
    /// Index of the entry component.
    public var entry: Int
    /// The arrival process of requests at the entry.
    public var arrivals: ArrivalProcess
    /// Replicas taken down for windows of simulated time (a what-if); empty by default.
    public private(set) var outages: [Outage] = []
    /// Index of each component id.
    public var indexByID: [String: Int]
    /// Failure domains the replicas are spread over (see ``Zones``); one zone that never fails
    /// unless built from a design.
    public var placement = Placement()
    /// The design's offline half (``OfflinePlan``): its components are compiled with their monthly
    /// cost spread over the month's hours and receive no requests. nil for a model built from components.
    public var offline: OfflinePlan? = nil

    /// Where the replicas run: how many zones, how likely each is up, and how many replicas of
    /// each component each zone holds.
    public struct Placement: Hashable, Sendable {
        /// Zones of the deployment (1 … ``Zones/maximumCount``).
        public var zoneCount: Int = 1
        /// Probability that one zone is up, independently of the others.
        public var zoneAvailability: Double = 1
        /// Replicas of each component in each zone, by component index then zone (0-based); empty
        /// means every replica is in the first zone.
        public var replicasByZone: [[Int]] = []

        /// Replicas of component `i` in zone `zone` (0-based).
        public func replicas(of i: Int, inZone zone: Int, total: Int) -> Int {
            guard i < replicasByZone.count else { return zone == 0 ? total : 0 }
            return zone < replicasByZone[i].count ? replicasByZone[i][zone] : 0
        }
    }

    /// Compiles a design.
    ///
    /// - Parameters:
    ///   - design: the design; every referenced id must exist and calls must not form a cycle.
    ///   - catalog: defaults for unset fields.
    ///   - rate: arrival rate; nil takes the design's workload QPS (or 100/s). The workload's pattern applies.
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public init(design: Design, catalog: Catalog = .standard, rate: Rate? = nil) throws(SimulationModelError) {
        let index = design.indexByID
        guard let entry = index[design.entry] else { throw .unknownComponent(design.entry, referencedBy: "entry") }
        func lookup(_ id: String, _ from: String) throws(SimulationModelError) -> Int {
            guard let i = index[id] else { throw .unknownComponent(id, referencedBy: from) }
            return i
        }
        var out: [ComponentModel] = []
        let plan = OfflinePlan(design: design, catalog: catalog)
        for c in design.components {
            let r = design.resolved(c, catalog: catalog)
            guard r.replicas >= 1, r.concurrency >= 1 else { throw .invalid(component: c.id, "replicas and concurrency must be at least 1") }
            guard r.speedup > 0, r.speedup.isFinite else { throw .invalid(component: c.id, "speed-up must be positive") }
            if let t = c.timeout, !(t.seconds > 0) { throw .invalid(component: c.id, "timeout must be greater than 0") }
            if let b = c.batching, b.maxBatch < 1 || b.maxWait.seconds < 0 { throw .invalid(component: c.id, "batching needs max_batch ≥ 1 and max_wait ≥ 0") }
            var groups: [Group] = []
            var hit: Double?
            if let miss = c.onMiss {
                guard c.kind.isCache else { throw .invalid(component: c.id, "on_miss applies only to caches") }
                hit = c.hitRatio?.fraction ?? 0
                groups.append(Group(kind: .cacheMiss, targets: [try lookup(miss, "\(c.id).on_miss")], probability: 1))
            }
            for g in c.calls {
                var targets: [Int] = []
                for t in g.targets { targets.append(try lookup(t, "\(c.id).calls")) }
                let kind: GroupKind = switch g.mode { case .sequence: .sequence; case .parallel: .parallel; case .async: .async }
                let p = g.probability?.fraction ?? 1
                guard p >= 0, p <= 1 else { throw .invalid(component: c.id, "call probability must be within 0%–100%") }
                var group = Group(kind: kind, targets: targets, probability: p, rule: c.kind == .llmRouter ? g.rule : nil)
                group.isRouted = c.kind == .llmRouter && (g.rule != nil || g.probability != nil)
                groups.append(group)
            }
            let fallback: Int? = if let f = c.fallback { try lookup(f, "\(c.id).fallback") } else { nil }
            out.append(ComponentModel(
                id: c.id, kind: c.kind, replicas: r.replicas, concurrency: r.concurrency,
                distribution: Distribution(r.latency).shifted(by: r.addedSeconds), speedup: r.speedup, queueLimit: c.queueLimit,
                timeoutSeconds: c.timeout?.seconds, retries: c.retries, retryBudget: c.retryBudget?.fraction, backoffSeconds: c.backoff?.seconds, fallback: fallback,
                circuitBreaker: c.circuitBreaker, deadlinePropagation: c.deadlinePropagation,
                deadlineShedding: c.deadlineShedding, hitRatio: hit,
                batching: c.batching, groups: groups, availability: r.availability,
                costPerHour: c.kind.isOffline ? (plan[stage: c.id]?.costPerMonth ?? 0) / OfflinePlan.hoursPerMonth : r.costPerHour * Double(r.replicas),
                llm: c.kind == .llmServer ? (c.llm ?? LLMSettings()).resolved() : nil))
            if let spec = out.last?.llm, let problem = spec.fitProblem ?? spec.parallelProblem { throw .invalid(component: c.id, problem) }
        }
        let perSecond = rate?.perSecond ?? design.workload.qps?.perSecond ?? 100
        guard perSecond > 0, perSecond.isFinite else { throw .invalidRate(perSecond) }
        var arrivals: ArrivalProcess
        switch design.workload.pattern {
        case .poisson: arrivals = .poisson(rate: perSecond)
        case .burst(let f, let every, let length):
            arrivals = .burst(rate: perSecond, factor: max(f, 0), everySeconds: every.seconds, lengthSeconds: length.seconds)
        case .diurnal(let a, let period):
            arrivals = .diurnal(rate: perSecond, amplitude: min(max(a.fraction, 0), 1), periodSeconds: period.seconds)
        }
        if rate == nil, let users = design.workload.users {
            arrivals = .closed(users: users, thinkSeconds: design.workload.thinkTime?.seconds ?? 0, estimatedRate: 1)
        }
        try self.init(components: out, entry: entry, arrivals: arrivals)
        inputTokens = design.workload.inputTokensInForce
        outputTokens = design.workload.outputTokensInForce
        routeShares()
        if case .closed(let users, let think, _) = arrivals { self.arrivals = .closed(users: users, thinkSeconds: think, estimatedRate: closedLoopRate(users: users, thinkSeconds: think)) }
        offline = plan
        placement = Placement(zoneCount: design.zoneCount, zoneAvailability: design.zoneAvailability?.fraction ?? Zones.defaultAvailability,
                              replicasByZone: design.components.map { c in (1...design.zoneCount).map { design.replicas(of: c, inZone: $0) } })
    }

    /// Sets the share of requests each `llm_router` group takes: rules in file order take the
    /// requests they hold for (exactly, from the token distributions: prompt and answer lengths
    /// are independent lognormals, so each field splits into intervals of the standard normal);
    /// the shares then split the rest, as the engine routes.
    public mutating func routeShares() {
        for ci in components.indices where components[ci].kind == .llmRouter && components[ci].groups.contains(where: { $0.rule != nil }) {
            let rules = components[ci].groups.enumerated().compactMap { k, g in g.rule.map { (k, $0) } }
            // Each field's standard-normal axis cut where some rule's answer can change.
            func cuts(_ f: TokenRule.Field) -> [(z: Double, mass: Double)] {
                let count = f == .inputTokens ? inputTokens : outputTokens
                guard count.sigma > 0 else { return [(0, 1)] }
                var edges = rules.filter { $0.1.field == f }.map { (_, r) -> Double in
                    // A count is median × e^(σz) rounded: the rule's answer flips at threshold ± ½.
                    let flip = Double(r.threshold) + (r.comparison == .above || r.comparison == .atMost ? 0.5 : -0.5)
                    return log(max(flip, 1e-9) / count.median) / count.sigma
                }
                edges = Array(Set(edges)).sorted()
                var out: [(Double, Double)] = []
                var lower = -Double.infinity
                for e in edges + [Double.infinity] {
                    let mass = Self.normalCDF(e) - Self.normalCDF(lower)
                    let mid = lower.isInfinite ? e - 1 : e.isInfinite ? lower + 1 : (lower + e) / 2
                    if mass > 0 { out.append((mid, mass)) }
                    lower = e
                }
                return out
            }
            var taken = Array(repeating: 0.0, count: components[ci].groups.count)
            var ruled = 0.0
            for a in cuts(.inputTokens) {
                for b in cuts(.outputTokens) {
                    let input = inputTokens.value(z: a.z), output = outputTokens.value(z: b.z)
                    if let (k, _) = rules.first(where: { $0.1.holds(input: input, output: output) }) {
                        taken[k] += a.mass * b.mass
                        ruled += a.mass * b.mass
                    }
                }
            }
            for k in components[ci].groups.indices {
                if components[ci].groups[k].rule != nil {
                    components[ci].groups[k].probability = min(taken[k], 1)
                } else if components[ci].groups[k].isRouted {
                    components[ci].groups[k].writtenShare = components[ci].groups[k].written
                    components[ci].groups[k].probability = components[ci].groups[k].written * max(0, 1 - ruled)
                }
            }
        }
    }

    /// Φ, the standard normal distribution function.
    static func normalCDF(_ z: Double) -> Double {
        if z == .infinity { return 1 }
        if z == -.infinity { return 0 }
        return 0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// A model from already compiled components (queueing models in tests and benchmarks).
    ///
    /// - Throws: ``SimulationModelError/cycle(_:)`` when calls, cache misses and fallbacks form a cycle,
    ///   ``SimulationModelError/invalidRate(_:)`` for a non-positive rate.
    public init(components: [ComponentModel], entry: Int, arrivals: ArrivalProcess) throws(SimulationModelError) {
        guard components.indices.contains(entry) else { throw .unknownComponent("#\(entry)", referencedBy: "entry") }
        switch arrivals {
        case .poisson(let r), .burst(let r, _, _, _), .diurnal(let r, _, _):
            guard r > 0, r.isFinite else { throw .invalidRate(r) }
        case .deterministic(let i):
            guard i > 0, i.isFinite else { throw .invalidRate(1 / i) }
        case .closed(let users, let think, _):
            guard users >= 1, think >= 0, think.isFinite else { throw .invalidRate(Double(users)) }
        }
        for c in components {
            for g in c.groups { for t in g.targets where !components.indices.contains(t) { throw .unknownComponent("#\(t)", referencedBy: c.id) } }
            if let f = c.fallback, !components.indices.contains(f) { throw .unknownComponent("#\(f)", referencedBy: c.id) }
        }
        self.components = components
        self.entry = entry
        self.arrivals = arrivals
        self.indexByID = Dictionary(components.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        if let cycle = Self.findCycle(components) { throw .cycle(cycle.map { components[$0].id }) }
    }

    /// Edges a request can follow from a component: call targets and fallback.
    func edges(_ i: Int) -> [Int] {
        components[i].groups.flatMap(\.targets) + (components[i].fallback.map { [$0] } ?? [])
    }

    /// The first call cycle found (component indices, the first repeated at the end), or nil.
    ///
    /// Iterative depth-first search: a chain of any length cannot overflow the stack.
    ///
    /// - Complexity: O(components + calls).
    static func findCycle(_ components: [ComponentModel]) -> [Int]? {
        var state = Array(repeating: 0, count: components.count)   // 1 on the path, 2 done
        func edges(_ i: Int) -> [Int] { components[i].groups.flatMap(\.targets) + (components[i].fallback.map { [$0] } ?? []) }
        for root in components.indices where state[root] == 0 {
            var stack: [(node: Int, edges: [Int], next: Int)] = [(root, edges(root), 0)]
            state[root] = 1
            while let top = stack.last {
                guard top.next < top.edges.count else {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let j = top.edges[top.next]
                if state[j] == 1 {
                    let start = stack.lastIndex { $0.node == j } ?? 0
                    return stack[start...].map(\.node) + [j]
                }
                if state[j] == 0 {
                    state[j] = 1
                    stack.append((j, edges(j), 0))
                }
            }
        }
        return nil
    }

    /// This model with the given faults: replicas down, components slowed, cache hit ratios dropped.
    ///
    /// - Throws: ``SimulationModelError/unknownComponent(_:referencedBy:)`` for an outage of a component not in the model.
    /// A whole-zone outage (`zone:2@10s-20s`) becomes one outage per component with replicas in
    /// that zone, each carrying the zone's number.
    public func withOutages(_ list: [Outage]) throws(SimulationModelError) -> SimulationModel {
        var expanded: [Outage] = []
        for o in list {
            guard let zone = o.zone, o.isWholeZone else {
                guard let i = indexByID[o.id] else { throw .unknownComponent(o.id, referencedBy: o.option.rawValue) }
                if case .hitRatio = o.effect, components[i].hitRatio == nil {
                    throw .invalid(component: o.id, "\(o.option.rawValue) '\(o)' needs a cache (a component with hit_ratio and on_miss)")
                }
                expanded.append(o)
                continue
            }
            guard (1...placement.zoneCount).contains(zone) else { throw .unknownZone(zone, zoneCount: placement.zoneCount) }
            for (i, c) in components.enumerated() {
                let down = placement.replicas(of: i, inZone: zone - 1, total: c.replicas)
                if down > 0 { expanded.append(Outage(id: c.id, replicasDown: down, startSeconds: o.startSeconds, endSeconds: o.endSeconds, zone: zone)) }
            }
        }
        var m = self
        m.outages = expanded
        return m
    }

    /// Total price of all replicas, dollars per hour.
    public var costPerHour: Double { components.map(\.costPerHour).reduce(0, +) }

    /// Throughput of a closed loop by mean value analysis on the analytic model: N users cycling
    /// through think time Z and response time R(X) settle where X = N ÷ (Z + R(X)); found by
    /// bisection on X below the analytic capacity (so never above what the design can serve).
    func closedLoopRate(users: Int, thinkSeconds: Double) -> Double {
        func at(_ x: Double) -> AnalyticModel {
            var m = self
            m.arrivals = .poisson(rate: x)
            return AnalyticModel(model: m)
        }
        let capacity = at(1e-9).maxQPS
        guard capacity.isFinite, capacity > 0 else { return Double(users) / max(thinkSeconds, 1e-3) }
        var lo = 0.0, hi = capacity * 0.999
        for _ in 0..<60 {
            let x = (lo + hi) / 2
            let a = at(x)
            let cycle = thinkSeconds + (a.isStable ? a.meanLatencySeconds : .infinity)
            if x * cycle < Double(users) { lo = x } else { hi = x }
        }
        return max(lo, 1e-9)
    }
}

/// Why a design cannot be simulated.
public enum SimulationModelError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownComponent(String, referencedBy: String)
    case cycle([String])
    case invalidRate(Double)
    case invalid(component: String, String)
    /// A `--down zone:N@…` for a zone the design does not have.
    case unknownZone(Int, zoneCount: Int)

    /// The message, starting `error:`.
    public var description: String {
        switch self {
        case .unknownComponent(let id, let from): return "error: '\(from)' refers to unknown component '\(id)'"
        case .cycle(let ids): return "error: call cycle \(ids.joined(separator: " → ")); requests would never finish"
        case .invalidRate(let r): return "error: invalid arrival rate \(r); expected a rate greater than 0 such as 500/s"
        case .invalid(let c, let message): return "error: component '\(c)': \(message)"
        case .unknownZone(let z, let n): return "error: '--down' refers to zone \(z), but the design spans \(n) zone\(n == 1 ? "" : "s") (zones: \(n)); expected zone:1 to zone:\(n)"
        }
    }
}
