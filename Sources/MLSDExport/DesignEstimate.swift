public import MLSDCore

/// Figures computed from the design alone, without simulating it: offered load per component by
/// the flow of calls, utilisation by the utilisation law (ρ = λ·S / servers), the slowest chain of
/// synchronous calls by mean service time, availability and list-price cost.
///
/// These need no random numbers and no queueing model, so they are exact for what they claim
/// (offered load, mean service, cost) and say nothing about queueing delay or percentiles.
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

    public init(scenario: Scenario, catalog: Catalog = .standard) {
        let design = scenario.design
        let rate = scenario.offeredRate.perSecond
        ratePerSecond = rate
        facts = ComponentFacts.all(design, catalog: catalog)
        let byID = Dictionary(design.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let factsByID = Dictionary(facts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Calls form a DAG (validation rejects cycles); visit in topological order so each
        // component's inflow is complete before it is passed on.
        var indegree: [String: Int] = [:]
        for c in design.components {
            for t in c.callees where byID[t] != nil { indegree[t, default: 0] += 1 }
        }
        var queue = design.components.map(\.id).filter { indegree[$0, default: 0] == 0 }
        var arrivals: [String: Double] = [design.entry: rate]
        var head = 0
        var seen: Set<String> = []
        while head < queue.count {
            let id = queue[head]
            head += 1
            guard seen.insert(id).inserted, let c = byID[id] else { continue }
            let inflow = arrivals[id, default: 0]
            for group in c.calls {
                let share = inflow * (group.probability?.fraction ?? 1)
                for t in group.targets where byID[t] != nil { arrivals[t, default: 0] += share }
            }
            if let m = c.onMiss, byID[m] != nil { arrivals[m, default: 0] += inflow * (1 - (c.hitRatio?.fraction ?? 0)) }
            for t in c.callees where byID[t] != nil {
                indegree[t, default: 1] -= 1
                if indegree[t, default: 0] == 0 { queue.append(t) }
            }
        }
        arrivalsPerSecond = arrivals
        var rho: [String: Double] = [:]
        for f in facts {
            let servers = Double(max(f.replicas * f.concurrency, 1))
            rho[f.id] = arrivals[f.id, default: 0] * f.meanServiceMilliseconds / 1000 / servers
        }
        utilisation = rho
        let top = facts.max { (rho[$0.id] ?? 0, $1.id) < (rho[$1.id] ?? 0, $0.id) }
        bottleneck = (top.flatMap { rho[$0.id] } ?? 0) > 0 ? top?.id : nil
        let peak = rho.values.max() ?? 0
        capacityPerSecond = peak > 0 ? rate / peak : .infinity

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

        // Availability over components a request needs synchronously.
        var needed: [String] = []
        var visited: Set<String> = []
        var stack = [design.entry]
        while let id = stack.popLast() {
            guard visited.insert(id).inserted, let c = byID[id] else { continue }
            needed.append(id)
            for g in c.calls where g.mode != .async { stack += g.targets }
            if let m = c.onMiss { stack.append(m) }
        }
        func up(_ id: String) -> Double {
            guard let f = factsByID[id] else { return 1 }
            var down = 1.0
            for _ in 0..<f.replicas { down *= 1 - f.availability }
            return 1 - down
        }
        availability = needed.map { id -> Double in
            let a = up(id)
            guard let fb = byID[id]?.fallback else { return a }
            return 1 - (1 - a) * (1 - up(fb))
        }.reduce(1, *)
        costPerMonth = facts.map(\.costPerMonth).reduce(0, +)
    }
}

extension DiagramAnnotations {
    /// Annotations from a design estimate: utilisation, mean service and cost on each box, the
    /// highest-utilisation box as bottleneck, the slowest synchronous chain as critical path.
    ///
    /// ASCII style spells `·` and `ρ` as `|` and `u` so the whole diagram stays 7-bit.
    public init(estimate: DesignEstimate, style: DiagramRenderer.Style) {
        let dot = style == .unicode ? " · " : " | "
        let rhoName = style == .unicode ? "ρ" : "u"
        var lines: [String: [String]] = [:]
        for f in estimate.facts {
            let rho = estimate.utilisation[f.id] ?? 0
            let rhoText = rho >= 1 ? Format.fixed(rho, 2) + "!" : "." + String(Format.fixed(rho, 2).dropFirst(2))
            lines[f.id] = ["\(rhoName) \(rhoText)\(dot)\(Format.milliseconds(f.meanServiceMilliseconds))", "\(Format.dollars(f.costPerMonth))/mo"]
        }
        let heavy = style == .unicode ? "━" : "="
        let double = style == .unicode ? "╔═╗" : "#=#"
        self.init(lines: lines, bottleneck: estimate.bottleneck, criticalPath: estimate.criticalPath,
                  legend: "\(rhoName) utilisation at \(Rate(perSecond: estimate.ratePerSecond)) (no queueing)\(dot)mean service\(dot)cost/month;"
                      + " \(double) bottleneck; \(heavy)\(heavy) slowest synchronous path")
    }
}
