public import MLSDCore
public import MLSDSim

extension DiagramAnnotations {
    /// Annotations from a simulation run: each box's p99 time in the component, its utilisation and
    /// its monthly cost (an `llm_server`: its TTFT p99 and TPOT p99 instead of the first); the busiest
    /// component as bottleneck; the slowest 1 %'s critical path.
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
        let offline = OfflinePlan(design: scenario.design, catalog: catalog)
        for c in result.components {
            let rho = result.load(of: c)
            let rhoText = rho >= 1 ? Format.fixed(rho, 2) + "!" : "." + String(Format.fixed(rho, 2).dropFirst(2))
            var box = ["p99 \(Format.milliseconds(c.p99SojournSeconds * 1000))\(dot)\(rhoName) \(rhoText)"]
            // An LLM server streams: its time to first token and per output token say more than its sojourn.
            if let l = result.llm.first(where: { $0.id == c.id }) { box = Self.tokenLines(l) }
            // An offline component takes no requests: its schedule says more than a p99 of nothing.
            if scenario.design[c.id]?.kind.isOffline == true { box = [offline[stage: c.id].map(MarkdownDocument.scheduleText) ?? "always on"] }
            if let f = facts[c.id] { box.append("\(Format.dollars(f.costPerMonth))/mo") }
            lines[c.id] = box
        }
        let heavy = style == .unicode ? "━" : "="
        let double = style == .unicode ? "╔═╗" : "#=#"
        let rate = Rate(perSecond: result.analytic.arrivalRate)
        let tokens = result.llm.isEmpty ? "" : " (LLM servers: TTFT p99, TPOT p99)"
        let summary = "simulated \(FigureFormat.count(result.requests)) requests at \(rate), seed \(result.seed): p99 time in component\(dot)"
            + "\(rhoName) utilisation\(tokens)\(dot)cost/month"
        self.init(lines: lines, bottleneck: result.bottleneck, criticalPath: result.criticalPathP99.map(\.id),
                  legend: summary + "; \(double) bottleneck; \(heavy)\(heavy) slowest 1% path", summary: summary)
    }

    /// An `llm_server`'s box lines: `TTFT p99 397ms` and `TPOT p99 18ms` (`–` when nothing was measured).
    static func tokenLines(_ l: SimulationResult.LLMServerResult) -> [String] {
        func ms(_ s: Double, _ n: Int) -> String { n > 0 ? Format.milliseconds(s * 1000) : "–" }
        return ["TTFT p99 \(ms(l.ttft.p99, l.ttft.count))", "TPOT p99 \(ms(l.tpot.p99, l.tpot.count))"]
    }
}
