public import MLSDCore

/// Figures about each component that every export format shares: resolved catalog values,
/// monthly cost and a short latency spelling.
public struct ComponentFacts: Hashable, Sendable {
    public var id: String
    public var kind: ComponentKind
    /// Label if given, else the id; sanitised for terminals.
    public var name: String
    public var replicas: Int
    public var concurrency: Int
    /// Service time as written in scenario files, e.g. `5ms-20ms`.
    public var latency: String
    /// Mean service time after optimisation speed-ups, milliseconds.
    public var meanServiceMilliseconds: Double
    public var speedup: Double
    /// Per-replica availability (0–1).
    public var availability: Double
    public var costPerHour: Double
    /// All replicas for a 730-hour month, US dollars.
    public var costPerMonth: Double

    /// Hours in the month the costs use (365 × 24 / 12).
    public static let hoursPerMonth = 730.0

    /// - Parameter plan: the design's offline plan; an offline component costs what its schedule
    ///   costs (``OfflinePlan``), not every hour of the month. nil works it out.
    public init(_ component: Component, in design: Design, catalog: Catalog = .standard, plan: OfflinePlan? = nil) {
        let r = design.resolved(component, catalog: catalog)
        // The latency as given (at recall 0.95), with the recall's factor written beside it.
        let shown = component.recall == nil ? r : design.resolved(Retrieval.atReferenceRecall(component), catalog: catalog)
        id = component.id
        kind = component.kind
        name = DisplayWidth.sanitized(component.label ?? component.id)
        replicas = r.replicas
        concurrency = r.concurrency
        switch shown.latency {
        case .range(let lo, let hi): latency = "\(lo)-\(hi)"
        case .constant(let t): latency = t.description
        case .exponential(let m): latency = "exp \(m)"
        case .uniform(let lo, let hi): latency = "uniform \(lo)-\(hi)"
        case .lognormal(let p50, let p99): latency = "p50 \(p50) p99 \(p99)"
        case .empirical(let v): latency = "empirical (\(v.count))"
        }
        if component.kind == .llmServer {
            // The token engine times each step from the model and GPU; the written latency does not apply.
            latency = "token engine, ≈\(FigureFormat.significant(r.meanServiceSeconds, 3)) s an answer"
        }
        if component.kind == .reranker, let n = component.candidates {
            latency += " + \(n) × \(component.perCandidate ?? Retrieval.defaultPerCandidate)"
        }
        if component.kind == .vectorDB, let recall = component.recall {
            latency += " ×\(Format.fixed(Retrieval.recallFactor(recall), 2)) (recall \(Retrieval.recallText(recall)))"
        }
        meanServiceMilliseconds = r.meanServiceSeconds * 1000
        speedup = r.speedup
        availability = r.availability
        costPerHour = r.costPerHour
        costPerMonth = r.costPerHour * Double(r.replicas) * Self.hoursPerMonth
        if component.kind.isOffline, let stage = (plan ?? OfflinePlan(design: design, catalog: catalog))[stage: component.id] {
            costPerMonth = stage.costPerMonth
        }
    }

    /// Facts for every component of a design, in design order.
    public static func all(_ design: Design, catalog: Catalog = .standard) -> [ComponentFacts] {
        let plan = OfflinePlan(design: design, catalog: catalog)
        return design.components.map { ComponentFacts($0, in: design, catalog: catalog, plan: plan) }
    }
}

/// Small number spellings shared by the exports.
enum Format {
    /// `1234.5` → `1,235`; whole dollars with thousands separators.
    static func dollars(_ v: Double) -> String {
        let n = Int(saturating: v.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-$" : "$") + out
    }

    /// Like ``dollars(_:)`` but with cents below $100: `$3.65`, `$0.20`, `$2,662`.
    static func money(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        return abs(v) < 100 ? (v < 0 ? "-$" : "$") + String(format: "%.2f", abs(v)) : dollars(v)
    }

    /// Milliseconds with sensible precision: `0.42ms`, `4.2ms`, `42ms`, `1.2s`.
    static func milliseconds(_ ms: Double) -> String {
        guard ms.isFinite else { return ms.isNaN ? "–" : "∞" }
        if ms >= 1000 { return fixed(ms / 1000, ms >= 10_000 ? 0 : 1) + "s" }
        if ms >= 10 { return fixed(ms, 0) + "ms" }
        if ms >= 1 { return fixed(ms, 1) + "ms" }
        return fixed(ms, 2) + "ms"
    }

    /// A percentage of a fraction with up to `digits` decimals, trailing zeros dropped: `99.95%`.
    static func percent(_ fraction: Double, digits: Int = 3) -> String {
        var s = fixed(fraction * 100, digits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s + "%"
    }

    /// Fixed-point decimal without Foundation's locale-dependent formatting.
    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return v > 0 ? "inf" : "-inf" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        let whole = Int(saturating: r / scale)
        var out = (v < 0 && r > 0 ? "-" : "") + String(whole)
        if digits > 0 {
            var frac = String(Int(r - Double(whole) * scale))
            while frac.count < digits { frac = "0" + frac }
            out += "." + frac
        }
        return out
    }
}
