/// A plain-text summary of a scenario: requirements and a component table that fits 80 columns.
public struct ScenarioReport: Sendable {
    public var scenario: Scenario
    public var path: String
    public var catalog: Catalog

    public init(scenario: Scenario, path: String, catalog: Catalog = .standard) {
        self.scenario = scenario
        self.path = path
        self.catalog = catalog
    }

    public var text: String {
        var lines: [String] = []
        lines.append(scenario.name)
        if !scenario.summary.isEmpty { lines += TextWrap.lines(scenario.summary, width: 78) }
        lines.append("(\(path))")
        lines.append("")
        let r = scenario.requirements
        var req: [(String, String)] = []
        if let v = r.peakQPS { req.append(("peak load", v.description)) }
        if let v = r.users { req.append(("users", v)) }
        for (name, v) in [("latency p50", r.latencyP50), ("latency p95", r.latencyP95), ("latency p99", r.latencyP99), ("latency p99.9", r.latencyP999)] {
            // As the verdicts write it: at most the target, in its unit (it read `< 30s`).
            if let v { req.append((name, "≤ \(FigureFormat.duration(seconds: v.seconds))")) }
        }
        // An LLM design's headline targets: time to first token and per output token.
        for (name, v) in [("TTFT p50", r.ttftP50), ("TTFT p99", r.ttftP99), ("TPOT p50", r.tpotP50), ("TPOT p99", r.tpotP99)] {
            if let v { req.append((name, "≤ \(FigureFormat.duration(seconds: v.seconds))")) }
        }
        if let v = r.availability { req.append(("availability", "≥ \(v)")) }
        if let v = r.maxErrorRate { req.append(("error rate", "≤ \(v)")) }
        if let v = r.monthlyBudget { req.append(("monthly budget", "≤ \(FigureFormat.money(v.perMonth))/month")) }
        if let v = r.featureFreshness { req.append(("features fresh", "≤ \(FigureFormat.age(seconds: v.seconds)) old where served")) }
        if let v = r.modelMaxAge { req.append(("model age", "≤ \(FigureFormat.age(seconds: v.seconds))")) }
        if let v = r.labelDelay { req.append(("label delay", "≤ \(FigureFormat.age(seconds: v.seconds))")) }
        if let v = r.trainingBudget { req.append(("training budget", "≤ \(FigureFormat.money(v.perMonth))/month")) }
        lines.append("Requirements")
        if req.isEmpty { lines.append("  (none)") }
        for (k, v) in req {
            for (i, piece) in TextWrap.lines(v, width: 80 - 18).enumerated() {
                lines.append("  " + (i == 0 ? k : "").padded(16) + piece)
            }
        }
        lines.append("")
        lines.append("Components (entry: \(scenario.design.entry))" + (scenario.design.components.contains { $0.kind.isOffline } ? "; offline ones below" : ""))
        let header = ["ID", "KIND", "REPLICAS", "CONC", "LATENCY", "$/MONTH"]
        var rows: [[String]] = []
        var callTexts: [String] = []
        var details: [String] = []
        let plan = OfflinePlan(design: scenario.design, catalog: catalog)
        for c in scenario.design.components where !c.kind.isOffline {
            let rc = scenario.design.resolved(c, catalog: catalog)
            var kind = c.kind.rawValue
            if let size = c.size { kind += "/\(size.rawValue)" }
            var lat = c.kind.isOffline ? "–" : c.latency?.compactDescription ?? Self.estimated(scenario.design.resolved(Retrieval.atReferenceRecall(c), catalog: catalog).latency)
            lat += Retrieval.compactSuffix(c)
            if rc.speedup != 1 { lat += " ÷\(UnitNumber.format((rc.speedup * 10).rounded() / 10))" }
            var calls = c.calls.map { g in
                (g.mode == .sequence ? "" : g.mode.rawValue + ": ") + g.targets.joined(separator: g.mode == .sequence ? " → " : ", ") + (g.probability.map { " (\($0))" } ?? "") + (g.rule.map { " (when \($0))" } ?? "")
            }
            var detail = ""
            if c.kind == .llmServer {
                // CONC alone (30) matched nothing in the file: say what serves and on what.
                let spec = (c.llm ?? LLMSettings()).resolved()
                let gpus = spec.gpusPerReplica * c.replicas
                detail = "\(spec.model.name) in \(spec.precision.rawValue) on \(spec.gpusPerReplica) × \(spec.gpu.rawValue) per replica "
                    + "(\(gpus) GPU\(gpus == 1 ? "" : "s")); CONC: sequences in a full batch"
            }
            if let m = c.onMiss, let h = c.hitRatio { calls.append("miss \(UnitNumber.format(((1 - h.fraction) * 1000).rounded() / 10))% → \(m)") }
            if let f = c.fallback { calls.append("fallback → \(f)") }
            if !c.feeds.isEmpty { calls.append("feeds → " + c.feeds.joined(separator: ", ")) }
            let monthly = plan[stage: c.id]?.costPerMonth ?? rc.costPerHour * Double(rc.replicas) * 730
            rows.append([c.id, kind, "\(c.replicas)", "\(rc.concurrency)", lat, FigureFormat.money(monthly)])
            callTexts.append(calls.joined(separator: "; "))
            details.append(detail)
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padded(widths[i]) }.joined(separator: "  ")
        }
        lines.append("  " + format(header))
        for (i, (row, callText)) in zip(rows, callTexts).enumerated() {
            lines.append(("  " + format(row)).trimmingTrailingSpaces)
            if !details[i].isEmpty { lines += TextWrap.lines(details[i], width: 80 - 6).map { "      " + $0 } }
            if !callText.isEmpty {
                lines += TextWrap.lines("→ " + callText, width: 80 - 6).map { "      " + $0 }
            }
        }
        let total = scenario.design.components.map { c -> Double in
            let rc = scenario.design.resolved(c, catalog: catalog)
            return plan[stage: c.id]?.costPerMonth ?? rc.costPerHour * Double(rc.replicas) * 730
        }.reduce(0, +)
        lines.append("")
        if plan.isEmpty {
            lines.append("Compute cost: \(FigureFormat.money(total))/month at list prices (730 h)")
        } else {
            let offline = plan.offlinePerMonth
            lines.append("Compute cost: \(FigureFormat.money(total))/month at list prices (730 h)")
            lines.append("  online \(FigureFormat.money(total - offline)), offline \(FigureFormat.money(offline)) (offline jobs pay for the hours they run)")
            lines.append("")
            lines += plan.reportLines()
        }
        return lines.joined(separator: "\n")
    }
}

extension ScenarioReport {
    /// A latency the design leaves to its kind's default: a range or distribution as the catalog
    /// writes it, and a single computed figure (an LLM server's request time) to 3 significant
    /// digits with `≈` (it read `4.105011s`).
    static func estimated(_ latency: LatencyDistribution) -> String {
        if case .constant(let t) = latency { return "≈" + FigureFormat.duration(seconds: t.seconds).replacingOccurrences(of: " ", with: "") }
        return latency.compactDescription
    }
}

extension String {
    /// The string followed by spaces up to `width` characters (unchanged when already as wide).
    public func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
