public import MLSDCore
public import MLSDSim

extension DiagramAnnotations {
    /// Annotations from a simulation run: each box's p99 time in the component, its utilisation and
    /// its monthly cost; the busiest component as bottleneck; the slowest 1 %'s critical path.
    ///
    ///     p99 9.5ms · ρ .41
    ///     $1,489/mo
    ///
    /// ASCII style spells `·` and `ρ` as `|` and `u` so the whole diagram stays 7-bit.
    public init(result: SimulationResult, scenario: Scenario, style: DiagramRenderer.Style, catalog: Catalog = .standard) {
        let dot = style == .unicode ? " · " : " | "
        let rhoName = style == .unicode ? "ρ" : "u"
        let facts = Dictionary(ComponentFacts.all(scenario.design, catalog: catalog).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [String: [String]] = [:]
        for c in result.components {
            let rho = c.utilization
            let rhoText = rho >= 1 ? Format.fixed(rho, 2) + "!" : "." + String(Format.fixed(rho, 2).dropFirst(2))
            var box = ["p99 \(Format.milliseconds(c.p99SojournSeconds * 1000))\(dot)\(rhoName) \(rhoText)"]
            if let f = facts[c.id] { box.append("\(Format.dollars(f.costPerMonth))/mo") }
            lines[c.id] = box
        }
        let heavy = style == .unicode ? "━" : "="
        let double = style == .unicode ? "╔═╗" : "#=#"
        let rate = Rate(perSecond: result.analytic.arrivalRate)
        let summary = "simulated \(result.requests) requests at \(rate), seed \(result.seed): p99 time in component\(dot)"
            + "\(rhoName) utilisation\(dot)cost/month"
        self.init(lines: lines, bottleneck: result.bottleneck, criticalPath: result.criticalPathP99.map(\.id),
                  legend: summary + "; \(double) bottleneck; \(heavy)\(heavy) slowest 1% path", summary: summary)
    }
}
