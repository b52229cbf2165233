public import MLSDCore
import MLSDSim

/// Figures computed from the design alone, without simulating it: offered load per component by
/// the flow of calls, utilisation by the utilisation law (ρ = λ·S / servers), the slowest chain of
/// synchronous calls by mean service time, availability and list-price cost.
///
/// These need no random numbers: they are instant while a design is edited, and say nothing about
/// percentiles (the simulator gives those).
public struct DesignEstimate: Hashable, Sendable {
    /// Requests per second arriving at each component when the entry receives `rate`.
    public var arrivalsPerSecond: [String: Double]
    /// Offered load per server: λ × mean service time ÷ (replicas × concurrency).
    public var utilisation: [String: Double]
    public var facts: [ComponentFacts]
    /// Component with the highest utilisation.
    public var bottleneck: String?
    /// From the entry along synchronous calls, the chain with the largest total mean service time.
    public var criticalPath: [String]
    /// Sum of mean service times along ``criticalPath``, milliseconds (no queueing).
    public var criticalPathMilliseconds: Double
    /// Probability that a request finds every synchronous component up: series product, replicas
    /// in parallel, a fallback as a parallel alternative to its component.
    public var availability: Double
    public var costPerMonth: Double
    /// Rate at which the bottleneck reaches ρ = 1: the most the design can take.
    public var capacityPerSecond: Double
    /// The entry's arrival rate used.
    public var ratePerSecond: Double
    /// Mean end-to-end latency by the queueing model (Erlang C waits plus service along the calls),
    /// seconds; infinite when a component is overloaded, NaN when no model could be built.
    public var meanLatencySeconds: Double
    /// Mean time a request spends at each component (queue plus service), seconds.
    public var meanSojournSeconds: [String: Double]

    /// Estimates a scenario at its offered rate. Load, utilisation, capacity and availability come
    /// from the simulator's ``AnalyticModel`` (visits through calls, misses, probabilities, retries and
    /// fallbacks; batching capacity), so the diagram, the document and `mlsd simulate` agree.
    public init(scenario: Scenario, catalog: Catalog = .standard) {
        let design = scenario.design
        let rate = scenario.offeredRate.perSecond
        ratePerSecond = rate
        facts = ComponentFacts.all(design, catalog: catalog)
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let factsByID = Dictionary(facts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // A validated scenario always builds a model; if one does not, the estimate is empty rather than wrong.
        let analytic = (try? SimulationModel(design: design, catalog: catalog, rate: scenario.offeredRate)).map(AnalyticModel.init(model:))
        arrivalsPerSecond = Dictionary(analytic?.components.map { ($0.id, $0.arrivalRate) } ?? [], uniquingKeysWith: { a, _ in a })
        let rho = Dictionary(analytic?.components.map { ($0.id, $0.utilization) } ?? [], uniquingKeysWith: { a, _ in a })
        utilisation = rho
        let top = facts.max { (rho[$0.id] ?? 0, $1.id) < (rho[$1.id] ?? 0, $0.id) }
        bottleneck = (top.flatMap { rho[$0.id] } ?? 0) > 0 ? top?.id : nil
        capacityPerSecond = analytic?.maxQPS ?? 0
        meanLatencySeconds = analytic.map { $0.isStable ? $0.meanLatencySeconds : .infinity } ?? .nan
        meanSojournSeconds = Dictionary(analytic?.components.map { ($0.id, $0.meanSojournSeconds) } ?? [], uniquingKeysWith: { a, _ in a })
        availability = analytic?.availability ?? 0

        // Slowest synchronous chain: a component's own mean service plus its slowest synchronous callee.
        var memo: [String: (ms: Double, path: [String])] = [:]
        func slowest(_ id: String, depth: Int) -> (ms: Double, path: [String]) {
            if let m = memo[id] { return m }
            guard depth < 1000, let c = byID[id], let f = factsByID[id] else { return (0, []) }
            var next: [String] = c.calls.filter { $0.mode != .async }.flatMap(\.targets)
            if let m = c.onMiss { next.append(m) }
            var best: (ms: Double, path: [String]) = (0, [])
            for t in next {
                let r = slowest(t, depth: depth + 1)
                if r.ms > best.ms { best = r }
            }
            let result = (f.meanServiceMilliseconds + best.ms, [id] + best.path)
            memo[id] = result
            return result
        }
        let chain = slowest(design.entry, depth: 0)
        criticalPath = chain.path
        criticalPathMilliseconds = chain.ms

        costPerMonth = facts.map(\.costPerMonth).reduce(0, +)
    }
}
