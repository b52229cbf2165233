/// The workload offered to a design.
public struct Workload: Hashable, Sendable {
    public enum Pattern: Hashable, Sendable {
        /// Poisson arrivals at a constant rate.
        case poisson
        /// Poisson, but `factor`× the rate for `length` every `every`.
        case burst(factor: Double, every: TimeSpan, length: TimeSpan)
        /// Poisson whose rate follows a sine of the given relative amplitude and period.
        case diurnal(amplitude: Percentage, period: TimeSpan)

        /// `pattern: burst` without its keys, in a file, a `--set` or the TUI alike (README
        /// "Workload"): twice the rate for 5 s every minute.
        public static let defaultBurstFactor = 2.0
        public static let defaultBurstEvery = TimeSpan(seconds: 60)
        public static let defaultBurstLength = TimeSpan(seconds: 5)
        public static let defaultBurst = Pattern.burst(factor: defaultBurstFactor, every: defaultBurstEvery, length: defaultBurstLength)
        /// `pattern: diurnal` without its keys: ±50 % over a day.
        public static let defaultDiurnalAmplitude = Percentage(fraction: 0.5)
        public static let defaultDiurnalPeriod = TimeSpan(seconds: 86_400)
        public static let defaultDiurnal = Pattern.diurnal(amplitude: defaultDiurnalAmplitude, period: defaultDiurnalPeriod)
    }
    /// Arrival rate; nil takes the scenario's peak QPS.
    public var qps: Rate?
    public var pattern: Pattern
    /// Prompt tokens per request (designs with an `llm_server`); nil: ``TokenCount/defaultInput``.
    public var inputTokens: TokenCount?
    /// Answer tokens per request; nil: ``TokenCount/defaultOutput``.
    public var outputTokens: TokenCount?
    /// Closed-loop load: this many users, each sending its next request when the last is answered
    /// (after ``thinkTime``). Replaces `qps`.
    public var users: Int?
    /// A closed-loop user's mean pause between an answer and its next request (exponential); nil: none.
    public var thinkTime: TimeSpan?
    /// Most closed-loop users a design may have.
    public static let maximumUsers = 100_000
    /// Prompt and answer tokens in force.
    public var inputTokensInForce: TokenCount { inputTokens ?? .defaultInput }
    public var outputTokensInForce: TokenCount { outputTokens ?? .defaultOutput }
    public init(qps: Rate? = nil, pattern: Pattern = .poisson) {
        self.qps = qps
        self.pattern = pattern
    }
}

/// An architecture: components, the calls between them and where requests enter.
public struct Design: Hashable, Sendable {
    /// Id of the component that receives every request.
    public var entry: String
    /// Components in file order.
    public var components: [Component]
    public var workload: Workload
    /// Zones the deployment spans (`zones:` under `design`); nil: ``Zones/defaultCount``.
    public var zones: Int?
    /// Probability that one zone is up, independently of the others; nil: ``Zones/defaultAvailability``.
    public var zoneAvailability: Percentage?

    public init(entry: String, components: [Component], workload: Workload = Workload()) {
        self.entry = entry
        self.components = components
        self.workload = workload
    }

    /// Zones in force: the design's count, or the default.
    public var zoneCount: Int { zones ?? Zones.defaultCount }

    /// Zones a component's replicas occupy: its own limit or the design's, at most one per replica.
    public func zoneSpan(of component: Component) -> Int {
        max(1, min(component.replicas, component.zones.map { min($0, zoneCount) } ?? zoneCount))
    }

    /// Replicas of a component that run in zone `zone` (1-based): replica k is in zone `k mod span` + 1.
    public func replicas(of component: Component, inZone zone: Int) -> Int {
        let span = zoneSpan(of: component)
        guard (1...span).contains(zone) else { return 0 }
        return component.replicas / span + (zone - 1 < component.replicas % span ? 1 : 0)
    }

    /// The component with this id.
    public subscript(id: String) -> Component? { components.first { $0.id == id } }

    /// The components a client's request waits on: the entry and what it reaches through
    /// sequence and parallel calls and cache misses (fallbacks included, as they answer in its
    /// place), not through async calls. A fault elsewhere cannot show in the request's latency or
    /// errors, only in the load downstream.
    public var requestPathIDs: Set<String> {
        let byID = Dictionary(components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = byID[entry] == nil ? [] : [entry]
        var stack = Array(seen)
        while let id = stack.popLast() {
            guard let c = byID[id] else { continue }
            let next = c.calls.filter { $0.mode != .async }.flatMap(\.targets) + [c.onMiss, c.fallback].compactMap { $0 }
            for n in next where byID[n] != nil && seen.insert(n).inserted { stack.append(n) }
        }
        return seen
    }

    /// Index of each component id in `components`.
    public var indexByID: [String: Int] {
        Dictionary(components.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Catalog defaults filled in for one component.
    public func resolved(_ component: Component, catalog: Catalog = .standard) -> ResolvedComponent {
        let entry = catalog[component.kind]
        if component.kind == .llmServer {
            // As a queueing station for the analytic estimates, matching two figures of the token
            // engine: the latency of a request alone (its prefill, then one decode step per further
            // token) and a replica's capacity, 1 ÷ the replica time a request costs at a full
            // batch (its prefill, which runs alone and compute-bound, plus its share of the batched
            // decode steps). Servers = alone latency ÷ replica time, each serving the alone latency.
            let spec = (component.llm ?? LLMSettings()).resolved()
            let input = workload.inputTokensInForce.mean, output = workload.outputTokensInForce.mean
            let prompt = Int((input * (1 - spec.prefixCacheHitRatio)).rounded())
            let batch = spec.concurrentSequences(input: input, output: output)
            let context = Int(input + output / 2)
            let prefill = spec.prefillSeconds(promptTokens: max(prompt, 1))
            let alone = prefill + max(0, output - 1) * spec.decodeStepSeconds(batch: 1, context: context)
            let replicaSeconds = prefill + max(0, output - 1) * spec.decodeStepSeconds(batch: batch, context: context) / Double(batch)
            let servers = max(1, Int((alone / replicaSeconds).rounded()))
            let seconds = alone
            return ResolvedComponent(
                id: component.id, kind: component.kind, replicas: component.replicas, concurrency: servers,
                latency: .constant(TimeSpan(seconds: seconds)), speedup: 1,
                availability: component.availability?.fraction ?? entry.availability, costPerHour: component.costPerHour?.perHour ?? spec.costPerHour)
        }
        let latency = component.latency
            ?? (component.kind == .modelServer ? catalog.modelLatency(component.size ?? .small) : nil)
            ?? entry.latency ?? .constant(.milliseconds(0))
        let cost = component.costPerHour?.perHour
            ?? (component.kind == .modelServer ? catalog.modelCostPerHour(component.hardware ?? .cpu) : entry.costPerHour)
        let concurrency = component.concurrency
            ?? (component.kind == .modelServer && component.hardware == .gpu ? 8 : entry.concurrency)
        return ResolvedComponent(
            id: component.id, kind: component.kind, replicas: component.replicas, concurrency: concurrency,
            latency: Retrieval.latencyAtRecall(latency, of: component), addedSeconds: Retrieval.addedSeconds(of: component), speedup: component.optimizations.map(\.speedup).reduce(1, *),
            availability: component.availability?.fraction ?? entry.availability, costPerHour: cost)
    }
}
