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
        // A closed loop's rate is what its users' cycle gives (the model's estimate).
        let model = try? SimulationModel(design: design, catalog: catalog, rate: scenario.modelRate)
        let rate = model?.arrivals.meanRate ?? scenario.offeredRate.perSecond
        ratePerSecond = rate
        facts = ComponentFacts.all(design, catalog: catalog)
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let factsByID = Dictionary(facts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // A validated scenario always builds a model; if one does not, the estimate is empty rather than wrong.
        let analytic = model.map(AnalyticModel.init(model:))
        arrivalsPerSecond = Dictionary(analytic?.components.map { ($0.id, $0.arrivalRate) } ?? [], uniquingKeysWith: { a, _ in a })
        let rho = Dictionary(analytic?.components.map { ($0.id, $0.utilization) } ?? [], uniquingKeysWith: { a, _ in a })
        utilisation = rho
        let top = facts.max { (rho[$0.id] ?? 0, $1.id) < (rho[$1.id] ?? 0, $0.id) }
        bottleneck = (top.flatMap { rho[$0.id] } ?? 0) > 0 ? top?.id : nil
        capacityPerSecond = analytic?.maxQPS ?? 0
        meanLatencySeconds = analytic.map { $0.isStable ? $0.meanLatencySeconds : .infinity } ?? .nan
        meanSojournSeconds = Dictionary(analytic?.components.map { ($0.id, $0.meanSojournSeconds) } ?? [], uniquingKeysWith: { a, _ in a })
        availability = analytic?.availability ?? 0

        // Slowest synchronous chain: a component's own mean service plus its slowest synchronous
        // callee, children first by an iterative depth-first search (no recursion, so any chain
        // length is safe; an edge back onto the path, which validation rejects, is ignored).
        func callees(_ id: String) -> [String] {
            guard let c = byID[id] else { return [] }
            var next: [String] = c.calls.filter { $0.mode != .async }.flatMap(\.targets)
            if let m = c.onMiss { next.append(m) }
            return next.filter { byID[$0] != nil && factsByID[$0] != nil }
        }
        var slowest: [String: (ms: Double, next: String?)] = [:]
        var onPath: Set<String> = []
        if byID[design.entry] != nil, factsByID[design.entry] != nil {
            var stack: [(id: String, callees: [String], next: Int)] = [(design.entry, callees(design.entry), 0)]
            onPath.insert(design.entry)
            while let top = stack.last {
                if top.next < top.callees.count {
                    stack[stack.count - 1].next += 1
                    let t = top.callees[top.next]
                    if slowest[t] == nil, !onPath.contains(t) {
                        onPath.insert(t)
                        stack.append((t, callees(t), 0))
                    }
                    continue
                }
                var best: (ms: Double, next: String?) = (0, nil)
                for t in top.callees { if let r = slowest[t], r.ms > best.ms { best = (r.ms, t) } }
                slowest[top.id] = ((factsByID[top.id]?.meanServiceMilliseconds ?? 0) + best.ms, best.next)
                onPath.remove(top.id)
                stack.removeLast()
            }
        }
        var path: [String] = []
        var cursor: String? = slowest[design.entry] != nil ? design.entry : nil
        while let id = cursor, path.count <= byID.count {
            path.append(id)
            cursor = slowest[id]?.next
        }
        criticalPath = path
        criticalPathMilliseconds = slowest[design.entry]?.ms ?? 0

        costPerMonth = facts.map(\.costPerMonth).reduce(0, +)
    }
}
