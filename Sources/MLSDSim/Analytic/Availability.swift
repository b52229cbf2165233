import MLSDCore

/// The analytic availability of a design: the probability that a request is answered (by its
/// component or a fallback) when replicas and whole zones fail independently.
///
/// A component is up when at least one of its replicas is: replica failures are independent with
/// the component's per-replica availability, and a zone that is down takes every replica in it
/// down at once. Zones are shared, so zone failures correlate components; the estimate is exact
/// over zone states, summing all 2^zones of them (at most 256). Given the components that are up,
/// a request succeeds along its call tree as the simulator runs it: a sequence or parallel group
/// needs all its targets, an async group none, a group with probability p counts with weight p,
/// a cache's miss path only on misses, and a fallback answers when its component is down.
public struct AvailabilityEstimate: Hashable, Sendable {
    /// One cause of unavailability and its share of requests.
    public struct Term: Hashable, Sendable {
        /// `replicas of scorer`, `zone failures`.
        public var cause: String
        /// Requests it alone leaves unanswered (0…1).
        public var unavailability: Double
    }

    /// Probability that a request is answered.
    public var availability: Double
    /// What each cause costs on its own, largest first: every component's replica failures with
    /// everything else perfect, then what whole-zone failures add. Roughly additive while small;
    /// only causes above 0 are listed.
    public var terms: [Term]

    /// The largest terms for people: `zone failures 0.0004% · replicas of gateway 0.0001% · 2 more`.
    public func termsText(limit: Int = 3) -> String {
        guard !terms.isEmpty else { return "no component can fail" }
        var parts = terms.prefix(limit).map { "\($0.cause) \(FigureFormat.percent($0.unavailability))" }
        if terms.count > limit { parts.append("\(terms.count - limit) more") }
        return parts.joined(separator: " · ")
    }

    /// `3 zones, each up 99.9%` or `1 zone, up 99.9%`.
    public static func placementText(_ model: SimulationModel) -> String {
        let p = model.placement
        return p.zoneCount == 1 ? "1 zone, up \(FigureFormat.availability(p.zoneAvailability))"
            : "\(p.zoneCount) zones, each up \(FigureFormat.availability(p.zoneAvailability))"
    }

    /// Estimates a model's availability and its terms.
    ///
    /// - Complexity: O(2^zones · (components + calls)) for the figure, plus O(components · (components
    ///   + calls)) for the terms.
    public init(model: SimulationModel) {
        let order = AnalyticModel.topologicalOrder(model)
        availability = Self.availability(model, order: order)
        var terms: [Term] = []
        let perfectZones = Self.availability(model, order: order, zoneAvailability: 1)
        if perfectZones - availability > 0 { terms.append(Term(cause: "zone failures", unavailability: perfectZones - availability)) }
        for (i, c) in model.components.enumerated() where c.availability < 1 {
            var up = Array(repeating: 1.0, count: model.components.count)
            up[i] = 1 - pow(1 - c.availability, Double(c.replicas))
            let u = 1 - Self.combine(model, order: order, componentUp: up)
            if u > 0 { terms.append(Term(cause: "replicas of \(c.id)", unavailability: u)) }
        }
        self.terms = terms.sorted { $0.unavailability > $1.unavailability }
    }

    /// The probability that a request is answered, summed over zone states.
    static func availability(_ model: SimulationModel, order: [Int], zoneAvailability: Double? = nil) -> Double {
        let p = model.placement
        let zones = max(1, min(p.zoneCount, Zones.maximumCount))
        let a = min(max(zoneAvailability ?? p.zoneAvailability, 0), 1)
        var total = 0.0
        var up = Array(repeating: 0.0, count: model.components.count)
        for state in 0..<(1 << zones) {   // bit z set: zone z is up
            let upCount = state.nonzeroBitCount
            let weight = pow(a, Double(upCount)) * pow(1 - a, Double(zones - upCount))
            if weight == 0 { continue }
            for (i, c) in model.components.enumerated() {
                var allDown = 1.0   // probability that no replica of i is up
                for z in 0..<zones where state & (1 << z) != 0 {
                    let k = p.replicas(of: i, inZone: z, total: c.replicas)
                    if k > 0 { allDown *= pow(1 - c.availability, Double(k)) }
                }
                up[i] = 1 - allDown
            }
            total += weight * combine(model, order: order, componentUp: up)
        }
        return min(max(total, 0), 1)
    }

    /// The probability that a request to the entry is answered, given each component's
    /// probability of being up (independent of one another).
    static func combine(_ model: SimulationModel, order: [Int], componentUp: [Double]) -> Double {
        var callUp = Array(repeating: 1.0, count: model.components.count)
        for i in order.reversed() {
            let c = model.components[i]
            var up = componentUp[i]
            for g in c.groups {
                let share = g.kind == .cacheMiss ? 1 - (c.hitRatio ?? 0) : g.probability
                switch g.kind {
                case .sequence, .cacheMiss, .parallel:
                    up *= 1 - share + share * g.targets.reduce(1) { $0 * callUp[$1] }
                case .async: break
                }
            }
            if let f = c.fallback { up = 1 - (1 - up) * (1 - callUp[f]) }
            callUp[i] = up
        }
        return callUp[model.entry]
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
