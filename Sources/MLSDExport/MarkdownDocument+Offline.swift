import MLSDCore

/// The offline half of the design document: data sources, labels, features with their freshness,
/// training and batch jobs with cadence, data, compute and cost, and the online/offline cost split.
extension MarkdownDocument {
    /// `every 24h`, `continuous`, `always on`.
    static func scheduleText(_ stage: OfflinePlan.Stage) -> String { stage.scheduleText }

    /// Who writes into a component, by name.
    func writers(of id: String) -> [String] { design.components.filter { $0.feeds.contains(id) }.map(\.id) }

    /// Requirement rows for the offline targets, for the requirements table.
    func offlineRequirementRows() -> [(String, String)] {
        let r = scenario.requirements
        var rows: [(String, String)] = []
        if let v = r.featureFreshness { rows.append(("Feature freshness", "≤ \(FigureFormat.age(seconds: v.seconds)) old where the request path reads them")) }
        if let v = r.modelMaxAge { rows.append(("Model age", "≤ \(FigureFormat.age(seconds: v.seconds))")) }
        if let v = r.labelDelay { rows.append(("Label delay", "≤ \(FigureFormat.age(seconds: v.seconds))")) }
        if let v = r.trainingBudget { rows.append(("Training budget", "≤ \(FigureFormat.money(v.perMonth))/month")) }
        return rows
    }

    /// Section 5 body: data sources, labels and features, from the offline plan and the stores the
    /// request path reads.
    func offlineData(storesOnPath: [Component]) -> [String] {
        let plan = self.plan
        var out: [String] = []
        let sources = design.components.filter { $0.kind == .eventLog || ($0.kind == .queue && !$0.feeds.isEmpty) || $0.kind == .offlineFeatureStore }
        out += ["### Data sources", ""]
        if sources.isEmpty {
            out += ["Nothing in the design records what happened: no event log or history store. Without one there is no training data and no way to audit decisions.", ""]
        } else {
            for c in sources {
                let from = writers(of: c.id).map(ref)
                let to = c.feeds.map(ref)
                var line = "- \(ref(c.id)) (\(c.kind.rawValue))"
                if !from.isEmpty { line += ", written by " + from.joined(separator: ", ") }
                if !to.isEmpty { line += "; read by " + to.joined(separator: ", ") }
                if let lag = plan[stage: c.id]?.lagSeconds, lag > 0 { line += "; readable \(FigureFormat.age(seconds: lag)) after a write" }
                out.append(line + ".")
            }
            out.append("")
        }
        out += ["### Labels", ""]
        let labels = plan.stages.filter { $0.kind == .labelSource }
        if labels.isEmpty {
            out += ["The design has no label source: say where ground truth comes from (user actions, reviewers, later outcomes) and how long it takes to arrive.", ""]
        } else {
            for s in labels {
                var line = "- \(ref(s.id)): known about \(FigureFormat.age(seconds: s.lagSeconds)) after the event"
                let from = writers(of: s.id)
                let people = from.filter { design[$0]?.kind == .humanReview }
                if !people.isEmpty { line += "; written by people (\(people.map(ref).joined(separator: ", "))), so review decisions become training data" }
                else if !from.isEmpty { line += "; joined from \(from.map(ref).joined(separator: ", "))" }
                let readers = design[s.id]?.feeds ?? []
                if !readers.isEmpty { line += "; read by \(readers.map(ref).joined(separator: ", "))" }
                out.append(line + ".")
            }
            out.append("")
        }
        out += ["### Features and their freshness", ""]
        let fed = plan.served.filter { $0.featureStaleness != nil }
        if fed.isEmpty {
            out += ["No pipeline writes what the request path reads, so the features it looks up are never refreshed in this design.", ""]
        } else {
            out += ["| Read online from | Worst staleness | Written by | Features |", "|---|---|---|---|"]
            for s in fed {
                let writersText = s.featureChain.compactMap { plan[stage: $0] }.filter { ![.eventLog, .offlineFeatureStore].contains($0.kind) }
                    .map { "\(Self.cell(name($0.id))) (\(Self.scheduleText($0)))" }
                let features = s.featureChain.compactMap { plan[stage: $0]?.features }.flatMap { $0 }
                out.append("| \(Self.cell(s.title)) | \(FigureFormat.age(seconds: s.featureStaleness ?? 0)) | \(writersText.joined(separator: " → ")) | \(features.isEmpty ? "–" : Self.cell(features.joined(separator: ", "))) |")
            }
            out += ["", "Staleness is the worst case along the chain that writes the store: a scheduled job adds its period and its run (data landing just after a run waits for the next), a stream adds its lag.", ""]
        }
        for risk in plan.skewRisks {
            out.append("- **Training/serving skew risk**: " + risk.stages.map(ref).joined(separator: " and ") + " both compute `\(Self.text(risk.feature))`; compute it once and log it as served.")
        }
        if !plan.skewRisks.isEmpty { out.append("") }
        if !storesOnPath.isEmpty {
            out += ["Online lookups at peak:", ""]
            for c in storesOnPath {
                let rate = estimate.arrivalsPerSecond[c.id] ?? 0
                var line = "- \(ref(c.id)) (\(c.kind.rawValue)) serves \(FigureFormat.rate(perSecond: rate))"
                if let h = c.hitRatio { line += "; \(FigureFormat.percent(h.fraction)) of lookups hit" + (c.onMiss.map { ", misses go to \(ref($0))" } ?? "") }
                out.append(line + ".")
            }
            out.append("")
        }
        return out
    }

    /// Training, evaluation gate, registry and batch inference: cadence, data, compute, cost and
    /// the model age where it is served.
    func offlineTraining() -> [String] {
        let plan = self.plan
        let jobs = plan.stages.filter { [.trainingJob, .batchInference, .backfill, .batchPipeline].contains($0.kind) }
        guard !jobs.isEmpty else {
            return ["### Training", "", "No training job: the model is never retrained, so it ages and drifts. Add a training job fed by labelled history, an evaluation gate and a registry that deploys to the model server.", ""]
        }
        var out = ["### Training and batch jobs", ""]
        out += ["| Job | Kind | Schedule | Data a run | Compute | Run | $/run | $/month |", "|---|---|---|---|---|---:|---:|---:|"]
        for s in plan.stages where s.runSeconds != nil {
            let compute = "\(s.workers) × \(s.compute?.title ?? "worker")"
            out.append("| \(Self.cell(s.title)) | \(s.kind.rawValue) | \(Self.scheduleText(s)) | \(s.dataVolume?.description ?? "–") | \(compute) | \(FigureFormat.age(seconds: s.runSeconds ?? 0)) | \(s.costPerRun.map(FigureFormat.money) ?? "–") | \(FigureFormat.money(s.costPerMonth)) |")
        }
        out.append("")
        for s in plan.served where s.modelAge != nil {
            let chain = s.modelChain.compactMap { plan[stage: $0] }.map { "\(Self.text($0.title)) \(FigureFormat.age(seconds: $0.delaySeconds))" }
            out.append("- The model in \(ref(s.id)) is at most \(FigureFormat.age(seconds: s.modelAge ?? 0)) old: \(chain.joined(separator: " → ")) (retrain period and run, evaluation, rollout).")
        }
        if let d = plan.labelDelay, let age = plan.modelAge {
            out.append("- A pattern confirmed by a label reaches the model after about \(FigureFormat.age(seconds: d + age)): the label delay (\(FigureFormat.age(seconds: d))) plus the model age.")
        }
        out += ["- Training and evaluation cost \(FigureFormat.money(plan.trainingPerMonth))/month (\(FigureFormat.count(Int(plan.stages.filter { $0.kind == .trainingJob }.map(\.computeHoursPerMonth).reduce(0, +).rounded()))) worker-hours of training).", ""]
        return out
    }

    /// `Of the total, … online and … offline` with what the offline part is.
    func costSplit(total: Double) -> String? {
        let plan = self.plan
        guard !plan.isEmpty else { return nil }
        return "Of the total, \(FigureFormat.money(total - plan.offlinePerMonth))/month runs the request path and \(FigureFormat.money(plan.offlinePerMonth))/month the offline half (pipelines, stores, training at \(FigureFormat.money(plan.trainingPerMonth))/month), costed by their schedules: a job pays for the hours it runs."
    }

    /// Offline findings: skew, runs that overlap, no retraining.
    func offlineFindings() -> [String] {
        let plan = self.plan
        var out: [String] = []
        for risk in plan.skewRisks {
            out.append("Training/serving skew risk: " + risk.stages.map(ref).joined(separator: " and ") + " both compute `\(Self.text(risk.feature))`; compute it in one place and log it as served, so training reads what serving saw.")
        }
        for id in plan.overlapping {
            out.append("A run of \(ref(id)) lasts longer than its period, so runs pile up; give it more workers or run it less often.")
        }
        if !design.components.contains(where: { $0.kind == .trainingJob }), design.components.contains(where: { [.modelServer, .ranker].contains($0.kind) }) {
            out.append("No training job: the models are never retrained, so they drift as the data changes; add training on labelled history with an evaluation gate.")
        }
        return out
    }

    static func cell(_ s: String) -> String { text(s).replacingOccurrences(of: "|", with: "\\|") }

    /// Components reachable from the miss path of a cache the request path uses: they only see its misses.
    var behindACache: Set<String> {
        var reachable: Set<String> = [design.entry]
        var walk = [design.entry]
        while let id = walk.popLast() {
            for next in design[id]?.callees ?? [] where reachable.insert(next).inserted { walk.append(next) }
        }
        var out = Set<String>()
        var stack = design.components.filter { $0.kind.isCache && reachable.contains($0.id) }.compactMap(\.onMiss)
        while let id = stack.popLast() {
            guard out.insert(id).inserted, let c = design[id] else { continue }
            stack += c.callees
        }
        return out
    }
}

extension MarkdownDocument {
    /// What deployment and monitoring watch on the offline side: the evaluation gate and what it
    /// judges, the online test, and the freshness figures to alert on.
    func deploymentOffline() -> [String] {
        let plan = self.plan
        var out: [String] = []
        let m = scenario.interview.metrics
        for gate in plan.stages where gate.kind == .evaluationGate {
            let judged = m.offline.isEmpty ? "the offline metrics" : m.offline.joined(separator: ", ")
            out += ["", "Each training run must pass \(ref(gate.id)) (\(Self.text(judged)) on held-out data, \(FigureFormat.age(seconds: gate.runSeconds ?? 0)) a run) before it can ship" + (m.online.isEmpty ? "." : "; online, a new model is then judged by an A/B test on \(Self.text(m.online.joined(separator: ", "))).")]
        }
        var watch: [String] = []
        for s in plan.served {
            if let f = s.featureStaleness { watch.append("the age of what \(ref(s.id)) serves (at most \(FigureFormat.age(seconds: f)) by design)") }
            if let a = s.modelAge { watch.append("the age of the model in \(ref(s.id)) (at most \(FigureFormat.age(seconds: a)))") }
        }
        if !watch.isEmpty {
            out += ["", "Offline signals to alert on: " + watch.joined(separator: "; ") + "; a late or failed pipeline run shows first as data older than these bounds. Compare the distribution of each served feature with the one training saw to catch drift and skew."]
        }
        if let d = plan.labelDelay {
            out += ["", "Labels arrive up to \(FigureFormat.age(seconds: d)) after the event, so online quality is known only that late; watch proxy metrics (score distributions, review and complaint rates) in the meantime."]
        }
        return out
    }
}
