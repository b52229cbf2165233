public import MLSDCore
public import MLSDSim

/// A design document in Markdown, in the order of the seeds' 9-step template: problem and
/// requirements, metrics, architecture, components, data and features, model, serving,
/// evaluation, deployment and monitoring, trade-offs and risks.
///
/// Scenario text (summary, prompt, questions, metrics, reference answers) is quoted as written;
/// everything else is computed from the design and its ``DesignEstimate`` (findings such as
/// single points of failure and the bottleneck). The output is a pure function of its inputs.
///
///     let doc = MarkdownDocument(scenario: s, estimate: DesignEstimate(scenario: s)).text
public struct MarkdownDocument: Sendable {
    public var scenario: Scenario
    public var estimate: DesignEstimate
    public var options: LayoutOptions
    /// A simulation of the design; when present the evaluation and findings use it.
    public var result: SimulationResult?
    /// Put the simulation's figures on the architecture's diagrams (`mlsd export --annotate`), as
    /// the unicode and Mermaid exports do: each box's p99, ρ and cost, the bottleneck and the
    /// slowest requests' path marked, and the legend.
    public var annotate = false

    /// Section headings, in order; tests check each appears once.
    public static let sectionTitles = [
        "1. Problem and requirements", "2. Metrics", "3. Architecture", "4. Components", "5. Data and features",
        "6. Model", "7. Serving", "8. Evaluation", "9. Deployment and monitoring", "10. Trade-offs and risks",
    ]

    public init(scenario: Scenario, estimate: DesignEstimate, options: LayoutOptions = LayoutOptions(), result: SimulationResult? = nil) {
        self.result = result
        self.scenario = scenario
        self.estimate = estimate
        self.options = options
    }

    var design: Design { scenario.design }
    /// The design's offline half worked out (schedules, costs, freshness).
    var plan: OfflinePlan { OfflinePlan(design: design) }
    /// The name a reader sees for a component: its label, else its id (as the component table shows).
    func name(_ id: String) -> String { design[id]?.label ?? id }
    /// A component's name in code style, for running text.
    func ref(_ id: String) -> String { "`\(Self.text(name(id)))`" }

    /// `, 3 zones, each up 99.9%; lost to zone failures 0.0004% · …` for the results paragraph.
    private var availabilityTerms: String {
        guard let model = try? SimulationModel(design: design, rate: scenario.modelRate) else { return "" }
        return ", \(AvailabilityEstimate.placementText(model)); lost to \(AvailabilityEstimate(model: model).termsText())"
    }
    private func facts(_ id: String) -> ComponentFacts? { estimate.facts.first { $0.id == id } }
    /// User text for the document: one line, controls and bidi characters as `?`
    /// (``DisplayWidth/sanitized(_:)``), and HTML escaped (``SafeText/markdown(_:)``).
    static func text(_ s: String) -> String { SafeText.markdown(DisplayWidth.sanitized(s)) }
    /// A duration given in milliseconds, as every figure in the doc is written (``FigureFormat``).
    private static func ms(_ milliseconds: Double) -> String { FigureFormat.duration(seconds: milliseconds / 1000) }

    /// The whole document, ending in a newline.
    public var text: String {
        var out: [String] = []
        out.append("# \(Self.text(scenario.name)): design document")
        out.append("")
        if !scenario.summary.isEmpty { out += [Self.text(scenario.summary), ""] }
        out += problem() + metrics() + architecture() + components() + data() + model() + serving()
        out += evaluation() + deployment() + tradeoffs()
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    func heading(_ index: Int) -> [String] { ["## " + Self.sectionTitles[index], ""] }

    func bullets(_ items: [String]) -> [String] { items.map { "- " + Self.text($0) } }

    private func problem() -> [String] {
        var out = heading(0)
        if let prompt = scenario.interview.prompt { out += ["> " + Self.text(prompt), ""] }
        let r = scenario.requirements
        var rows: [(String, String)] = []
        if let v = r.users { rows.append(("Users", Self.text(v))) }
        rows.append(("Peak load", r.peakQPS.map { "\($0)" } ?? "not stated (estimated at \(scenario.offeredRate))"))
        for (name, v) in [("Latency p50", r.latencyP50), ("Latency p95", r.latencyP95), ("Latency p99", r.latencyP99), ("Latency p99.9", r.latencyP999)] {
            // At most the target, as the verdicts write it (it read `< 30s`).
            if let v { rows.append((name, "≤ \(FigureFormat.duration(seconds: v.seconds))")) }
        }
        rows += tokenRequirementRows
        if let v = r.availability { rows.append(("Availability", "≥ \(v)")) }
        if let v = r.maxErrorRate { rows.append(("Error rate", "≤ \(v)")) }
        if let v = r.monthlyBudget { rows.append(("Budget", "≤ \(FigureFormat.money(v.perMonth))/month")) }
        rows += offlineRequirementRows()
        out += ["| Requirement | Target |", "|---|---|"] + rows.map { "| \($0.0) | \($0.1) |" } + [""]
        out += llmWorkload
        if !scenario.interview.clarifyingQuestions.isEmpty {
            out += ["Questions to settle first:", ""] + bullets(scenario.interview.clarifyingQuestions) + [""]
        }
        return out
    }

    private func metrics() -> [String] {
        var out = heading(1)
        let m = scenario.interview.metrics
        if m.isEmpty {
            out += ["The scenario names no metrics yet. Pick one offline metric that tracks model quality, one online metric the business watches, and one counter metric that catches harm.", ""]
            return out
        }
        for (title, items) in [("Offline", m.offline), ("Online", m.online), ("Counter (guard rails)", m.counter)] where !items.isEmpty {
            out += ["**\(title)**", ""] + bullets(items) + [""]
        }
        if let answer = scenario.interview.referenceAnswers["metrics"] { out += [Self.text(answer), ""] }
        return out
    }

    private func architecture() -> [String] {
        var out = heading(2)
        if let answer = scenario.interview.referenceAnswers["high_level"] { out += [Self.text(answer), ""] }
        let annotations = annotate ? result.map { DiagramAnnotations(result: $0, scenario: scenario, style: .unicode) } : nil
        let grid = GraphLayout(design: design, annotations: annotations ?? DiagramAnnotations(), options: options).grid()
        out += ["```text"] + DiagramRenderer(style: .unicode).lines(grid) + ["```", ""]
        out += ["```mermaid"] + MermaidDiagram(design: design, annotations: annotations ?? DiagramAnnotations()).text.split(separator: "\n").map(String.init) + ["```", ""]
        out += ["Requests enter at `\(Self.text(design.entry))`. Dashed arrows are asynchronous calls, which add no latency to the request that makes them, and fallbacks, which answer only after the primary has failed or timed out.", ""]
        return out
    }

    private func components() -> [String] {
        var out = heading(3)
        out += ["| Component | Kind | Replicas | Latency (p5–p95) | Cost/month | Availability |", "|---|---|---:|---|---:|---:|"]
        for f in estimate.facts {
            let speed = f.speedup != 1 ? " ÷\(Format.fixed(f.speedup, 1))" : ""
            let latency = f.kind.isOffline ? "offline, " + (plan[stage: f.id].map(Self.scheduleText) ?? "always on") : f.latency + speed
            out.append("| \(Self.cell(f.name)) | \(f.kind.rawValue) | \(f.replicas) | \(latency) | \(FigureFormat.money(f.costPerMonth)) | \(FigureFormat.availability(f.availability)) |")
        }
        out += ["| **Total** | | \(estimate.facts.map(\.replicas).reduce(0, +)) | | **\(FigureFormat.money(estimate.costPerMonth))** | |", ""]
        out += ["Costs are on-demand list prices for 730 hours a month (see `mlsd catalog --sources`).", ""]
        if let split = costSplit(total: estimate.costPerMonth) { out += [split, ""] }
        return out
    }

    /// Three significant figures, so a capacity reads `12.3k/s` rather than `12.298k/s`.
    static func roughly(_ v: Double) -> Double {
        guard v.isFinite, v > 0 else { return 0 }
        var scale = 1.0
        while v / scale >= 1000 { scale *= 10 }
        return (v / scale).rounded() * scale
    }


    private func names(_ kinds: Set<ComponentKind>) -> [Component] { design.components.filter { kinds.contains($0.kind) } }

    private func data() -> [String] {
        var out = heading(4)
        let stores = names([.featureStore, .cache, .database, .objectStore, .annIndex])
        if stores.isEmpty && plan.isEmpty {
            out += ["The design reads no stored data on the request path: every input arrives with the request. Say where training labels come from and how features would be added later.", ""]
        } else {
            out += offlineData(storesOnPath: stores)
        }
        let considerations = scenario.interview.keyConsiderations
        if !considerations.isEmpty { out += ["Points that shape the data:", ""] + bullets(considerations) + [""] }
        return out
    }

    private func model() -> [String] {
        var out = heading(5)
        let models = names([.modelServer, .ranker, .reranker, .candidateGenerator])
        if models.isEmpty, llmServers.isEmpty {
            out += ["No model runs on the request path: decide whether rules or a lookup would do, or where the model belongs.", ""]
        }
        for c in models {
            var parts: [String] = [c.kind.rawValue]
            if let size = c.size { parts.append("\(size.rawValue) model") }
            // Hardware is a model server's setting; other model kinds carry theirs in their cost and label.
            if c.kind == .modelServer { parts.append("on \((c.hardware ?? .cpu).rawValue.uppercased())") }
            var line = "- \(ref(c.id)): " + parts.joined(separator: ", ")
            if let f = facts(c.id) { line += ", mean \(Self.ms(f.meanServiceMilliseconds)) per request after speed-ups" }
            out.append(line + ".")
            for o in c.optimizations { out.append("  - \(o.rawValue): \(o.note).") }
            if let b = c.batching { out.append("  - Dynamic batching up to \(b.maxBatch) requests or \(b.maxWait), whichever comes first.") }
            out += rerankerLines(c)
        }
        out += llmModelLines
        let retrieval = vectorDBLines
        out += retrieval
        if !models.isEmpty || !llmServers.isEmpty || !retrieval.isEmpty { out.append("") }
        out += offlineTraining()
        if let answer = scenario.interview.referenceAnswers["deep_dive"] { out += [Self.text(answer), ""] }
        return out
    }

    private func serving() -> [String] {
        var out = heading(6)
        let precompute = design.components.filter { [.batchInference, .batchPipeline, .streamProcessor].contains($0.kind) && !$0.feeds.isEmpty }
        if precompute.isEmpty {
            out.append("Every prediction is computed online, per request.")
        } else {
            let parts = precompute.map { c in "\(ref(c.id)) writes \(c.feeds.map(ref).joined(separator: ", "))" + (plan[stage: c.id].map { " (\(Self.scheduleText($0)))" } ?? "") }
            out.append("Part of the work is done ahead of the request: " + parts.joined(separator: "; ") + ". The request path reads what they wrote; the rest runs per request.")
        }
        let deploys = design.components.filter { $0.kind == .modelRegistry && !$0.feeds.isEmpty }
        for r in deploys {
            out += ["", "\(ref(r.id)) rolls each model version that passes evaluation out to \(r.feeds.map(ref).joined(separator: ", ")) over \(FigureFormat.age(seconds: plan[stage: r.id]?.lagSeconds ?? 0))."]
        }
        out.append("")
        var notes: [String] = []
        for c in design.components {
            if let t = c.timeout {
                notes.append("\(ref(c.id)) is abandoned after \(t)" + (c.fallback.map { " and \(ref($0)) answers instead" } ?? "") + (c.retries > 0 ? ", after \(c.retries) retr\(c.retries == 1 ? "y" : "ies")" : "") + ".")
            } else if let f = c.fallback {
                notes.append("When \(ref(c.id)) fails, \(ref(f)) answers instead.")
            }
            if let b = c.circuitBreaker {
                notes.append("Calls to \(ref(c.id)) go through a circuit breaker: \(b.failures) failed call\(b.failures == 1 ? "" : "s") in a row open it for \(b.openFor), during which calls fail at once" + (c.fallback.map { " and \(ref($0)) answers" } ?? "") + "; then \(b.halfOpenProbes) probe\(b.halfOpenProbes == 1 ? "" : "s") must succeed to close it.")
            }
            if c.deadlineShedding {
                notes.append("\(ref(c.id)) sheds a call at once when it would finish after its callers' deadline.")
            }
            if c.deadlinePropagation {
                notes.append("\(ref(c.id)) drops work whose caller has already given up (deadline propagation).")
            }
            if c.kind == .cache, let h = c.hitRatio { notes.append("\(ref(c.id)) absorbs \(FigureFormat.percent(h.fraction)) of lookups.") }
            if !c.optimizations.isEmpty {
                notes.append("\(ref(c.id)) runs \(c.optimizations.map(\.rawValue).joined(separator: " + ")), about \(Format.fixed(c.optimizations.map(\.speedup).reduce(1, *), 1))× faster than unoptimised.")
            }
            let parallel = c.calls.filter { $0.mode == .parallel }
            for g in parallel { notes.append("\(ref(c.id)) calls \(g.targets.map { "\(ref($0))" }.joined(separator: ", ")) in parallel, so it waits for the slowest of them only.") }
        }
        out += (notes.isEmpty ? ["No timeouts, fallbacks, caches or model optimisations are configured yet."] : notes.map { "- " + $0 }) + [""]
        return out
    }

    /// Requirement checks that the design estimate can decide.
    struct Check {
        var name: String
        var target: String
        var value: String
        var verdict: String
        var isMissed: Bool
    }

    func checks() -> [Check] {
        let r = scenario.requirements
        var out: [Check] = []
        let peakRho = estimate.utilisation.values.max() ?? 0
        out.append(Check(name: "Stable at peak load", target: "every ρ < 1 at \(scenario.offeredRate)",
                         value: "highest ρ \(Format.fixed(peakRho, 2))" + (estimate.bottleneck.map { " (\(ref($0)))" } ?? ""),
                         verdict: peakRho < 1 ? "pass" : "**fail**", isMissed: peakRho >= 1))
        if let p50 = r.latencyP50 {
            let missed = estimate.criticalPathMilliseconds > p50.milliseconds
            out.append(Check(name: "Latency p50", target: "≤ \(FigureFormat.duration(seconds: p50.seconds))", value: "\(Self.ms(estimate.criticalPathMilliseconds)) mean service on the slowest path, before queueing",
                             verdict: missed ? "**fail**" : "plausible", isMissed: missed))
        }
        if let a = r.availability {
            let missed = estimate.availability < a.fraction
            out.append(Check(name: "Availability", target: "≥ \(a)", value: FigureFormat.availability(estimate.availability),
                             verdict: missed ? "**fail**" : "pass", isMissed: missed))
        }
        if let b = r.monthlyBudget {
            let missed = estimate.costPerMonth > b.perMonth
            out.append(Check(name: "Cost", target: "≤ \(FigureFormat.money(b.perMonth))/month", value: "\(FigureFormat.money(estimate.costPerMonth))/month",
                             verdict: missed ? "**fail**" : "pass", isMissed: missed))
        }
        return out
    }

    private func evaluation() -> [String] {
        if let result { return simulatedEvaluation(result) }
        var out = heading(7)
        out += ["These figures come from the design itself: offered load by following every call, utilisation ρ = λ·S/servers, mean service times and list prices. They show whether the design can carry the load and what it costs; tail latency and error rates need the simulator, which this build does not yet include.", ""]
        out += ["| Check | Target | Estimate | Verdict |", "|---|---|---|---|"]
        for c in checks() { out.append("| \(c.name) | \(c.target) | \(c.value) | \(c.verdict) |") }
        out.append("")
        if estimate.capacityPerSecond.isFinite {
            out += ["The design saturates at about \(Rate(perSecond: Self.roughly(estimate.capacityPerSecond))) offered load, where \(ref(estimate.bottleneck ?? "?")) reaches ρ = 1.", ""]
        }
        out += ["Latency budget along the slowest synchronous path (mean service, no queueing):", "", "```text"]
        let total = max(estimate.criticalPathMilliseconds, 0.001)
        var cumulative = 0.0
        let nameWidth = max(estimate.criticalPath.map { DisplayWidth.of(Self.text(self.name($0))) }.max() ?? 4, 4)
        for id in estimate.criticalPath {
            guard let f = facts(id) else { continue }
            let start = Int((cumulative / total * 40).rounded())
            cumulative += f.meanServiceMilliseconds
            let end = max(Int((cumulative / total * 40).rounded()), start + 1)
            let name = Self.text(self.name(id))
            let pad = String(repeating: " ", count: nameWidth - DisplayWidth.of(name))
            out.append(name + pad + " " + String(repeating: " ", count: start) + String(repeating: "█", count: end - start)
                       + String(repeating: " ", count: max(41 - end, 1)) + Self.ms(f.meanServiceMilliseconds))
        }
        out.append("total" + String(repeating: " ", count: nameWidth - 4) + String(repeating: " ", count: 42) + Self.ms(estimate.criticalPathMilliseconds))
        out += ["```", ""]
        return out
    }

    /// The evaluation section from a simulation run: requirements, latency, errors, cost, the waterfall.
    private func simulatedEvaluation(_ r: SimulationResult) -> [String] {
        var out = heading(7)
        out += ["Simulated \(FigureFormat.count(r.requests)) requests at \(FigureFormat.rate(perSecond: estimate.ratePerSecond)) (seed \(r.seed), the first \(FigureFormat.count(r.warmupRequests)) discarded as warm-up). Latency percentiles are of successful answers; availability is checked both analytically (per-replica availabilities, replicas and fallbacks) and as the measured share of requests answered.", ""]
        if !r.requirements.isEmpty {
            out += ["| Requirement | Target | Simulated | Result |", "|---|---|---|---|"]
            for c in r.requirements {
                let result = c.reason.map { "**fail**: " + Self.text($0) } ?? (c.allowanceNote.map { "pass, " + $0 } ?? "pass")
                out.append("| \(c.kind.title) | \(c.comparison.symbol) \(c.formattedTarget) | \(c.formattedActual) | \(result) |")
            }
            out.append("")
        }
        let l = r.latency
        if r.successes > 0 {
            out += ["| Latency | mean | p50 | p95 | p99 | p99.9 |", "|---|---|---|---|---|---|",
                    "| end to end | \(FigureFormat.duration(seconds: l.mean)) | \(FigureFormat.duration(seconds: l.p50)) | \(FigureFormat.duration(seconds: l.p95)) | \(FigureFormat.duration(seconds: l.p99)) | \(FigureFormat.duration(seconds: l.p999)) |", ""]
        } else {
            out += ["There are no latency percentiles: \(r.noLatencyReason).", ""]
        }
        out += llmFigures(r)
        func share(_ n: Int) -> String { FigureFormat.percent(r.endedRequests > 0 ? Double(n) / Double(r.endedRequests) : 0) }
        out.append("Answered \(FigureFormat.availability(r.successRatio)) of requests (degraded, answered by a fallback: \(FigureFormat.percent(r.degradedShare))); errors \(FigureFormat.percent(r.errorRate)) (timeout \(share(r.errors.timeout)), rejected \(share(r.errors.rejected)), cut off \(share(r.errors.failed))). Throughput \(FigureFormat.rate(perSecond: r.throughput)) of \(FigureFormat.rate(perSecond: r.analytic.arrivalRate)) offered. Cost \(FigureFormat.money(r.cost.perHour))/hour, \(FigureFormat.money(r.cost.perMonth))/month, \(FigureFormat.money(r.cost.perMillionRequests)) per million requests. Availability \(FigureFormat.availability(r.availability)) (analytic\(availabilityTerms)).")
        out.append("")
        for w in r.warnings { out += ["> Warning: " + Self.text(w), ""] }
        if r.isStable {
            out += ["Busiest component: \(ref(r.bottleneck)) at ρ \(Format.fixed(r.bottleneckLoad, 2)); the design saturates at about \(FigureFormat.rate(perSecond: r.analytic.maxQPS)), limited by \(ref(r.analytic.limitingComponent)).", ""]
        } else {
            out += ["**Unstable at this load**: " + Self.text(r.instabilitySummary) + ". Queues grow without bound, so the latency figures above describe a system falling behind.", ""]
        }
        out += ["Where the slowest 1 % of requests spend their time (mean per component on their critical path):", "", "```text"]
        let steps = r.criticalPathP99
        let total = max(steps.map(\.seconds).reduce(0, +), 1e-9)
        let nameWidth = max(steps.map { DisplayWidth.of(Self.text(self.name($0.id))) }.max() ?? 4, 5)
        var cumulative = 0.0
        for step in steps {
            // Every step gets at least one block, kept inside the 40-column track.
            let start = min(Int((cumulative / total * 40).rounded()), 39)
            cumulative += step.seconds
            let end = min(max(Int((cumulative / total * 40).rounded()), start + 1), 40)
            let name = Self.text(self.name(step.id))
            out.append(name + String(repeating: " ", count: nameWidth - DisplayWidth.of(name)) + " " + String(repeating: " ", count: start)
                       + String(repeating: "█", count: end - start) + String(repeating: " ", count: 41 - end) + Self.ms(step.seconds * 1000))
        }
        out.append("total" + String(repeating: " ", count: nameWidth - 4) + String(repeating: " ", count: 42) + Self.ms(total * 1000))
        out += ["```", ""]
        return out
    }

    private func deployment() -> [String] {
        var out = heading(8)
        let monitors = names([.monitor])
        if monitors.isEmpty {
            out.append("Nothing in the design records predictions or outcomes, so drift and regressions would go unseen.")
        } else {
            out.append("Predictions and outcomes flow to \(monitors.map { ref($0.id) }.joined(separator: ", ")); alert on the online and counter metrics above, on input feature drift, and on p99 latency against the target.")
        }
        out += deploymentOffline()
        out += ["", "Roll a new model out in stages: shadow it on live traffic, then canary to a small share of requests, then an A/B test judged on the online metrics with the counter metrics as guard rails. Keep the previous model loaded so a rollback is one switch.", ""]
        let replicated = design.components.filter { $0.replicas > 1 }.count
        out += ["\(replicated) of \(design.components.count) components run more than one replica.", ""]
        return out
    }

    /// Problems found by inspecting the design, most serious first; each says what would fix it.
    public var findings: [String] {
        var out: [String] = []
        if let result {
            for c in result.requirements where !c.passes {
                out.append("Requirement missed in simulation: \(c.kind.title) (target \(c.comparison.symbol) \(c.formattedTarget), simulated \(c.formattedActual)): \(Self.text(c.reason ?? "")).")
            }
            for o in result.overloaded {
                out.append("Unstable: \(ref(o.id)) is offered ρ \(Format.fixed(o.offeredUtilization, 2))\(o.retryAmplification >= 1.05 ? ", retries multiplying its load \(FigureFormat.factor(o.retryAmplification))" : ""); its queue grows without bound at this load.")
            }
        } else {
            for c in checks() where c.isMissed {
                out.append("Requirement missed: \(c.name.lowercased()) (\(c.target); estimate \(c.value)).")
            }
        }
        let critical = Set(estimate.criticalPath)
        for id in estimate.criticalPath {
            guard let c = design[id], c.replicas == 1, c.fallback == nil else { continue }
            out.append("Single point of failure: \(ref(id)) sits on the slowest path with one replica and no fallback; add a replica or a fallback.")
        }
        out += offlineFindings()
        if !design.components.contains(where: { $0.kind == .monitor }) {
            out.append("No monitoring: add a monitor component fed asynchronously, so drift and errors are seen.")
        }
        for c in design.components where c.kind == .modelServer && c.fallback == nil {
            out.append("Model server \(ref(c.id)) has no fallback: when it is slow or down, requests fail. A rules engine or a cached default can answer instead.")
        }
        // With a simulation, the bottleneck and its utilisation are the simulated ones, as in the evaluation.
        let busiest = result.map { r in (r.bottleneck, r.bottleneckLoad) }
            ?? estimate.bottleneck.map { ($0, estimate.utilisation[$0] ?? 0) }
        if let (b, rho) = busiest, let f = facts(b), rho > 0 {
            let needed = Int(saturating: (Double(f.replicas) * rho / 0.7).rounded(.up))
            var fix = needed > f.replicas ? "\(needed) replicas would bring it to about ρ 0.7" : "it has headroom at the stated load"
            if design[b]?.kind == .modelServer, design[b]?.optimizations.isEmpty == true { fix += "; INT8 quantisation would cut its service time 2–4×" }
            // Cache advice only where it can help: not for unique requests (a payment, an upload: no
            // two alike), and not where a cache already answers in front of it.
            if let c = design[b], critical.contains(b), !c.kind.isCache, !c.uniqueRequests, !behindACache.contains(b) {
                fix += "; a cache in front would take the repeated requests off it"
            }
            out.append("Bottleneck: \(ref(b)) at ρ \(Format.fixed(rho, 2)) with \(f.replicas) replica\(f.replicas == 1 ? "" : "s"); \(fix).")
        }
        return out
    }

    private func tradeoffs() -> [String] {
        var out = heading(9)
        if let answer = scenario.interview.referenceAnswers["tradeoffs"] { out += [Self.text(answer), ""] }
        if !scenario.knownGaps.isEmpty { out += ["Known gaps in this design:", ""] + bullets(scenario.knownGaps) + [""] }
        let found = findings
        out += ["Findings from the design:", ""]
        out += found.isEmpty ? ["- None: every check above passes."] : found.map { "- " + $0 }
        out.append("")
        return out
    }
}
