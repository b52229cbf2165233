import ArgumentParser
import Foundation
import MLSDCore
import MLSDSim

extension MLSD {
    struct Optimize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the cheapest replicas and model-server options that meet every requirement at a target QPS.",
            usage: CommandUsage.optimize,
            discussion: """
                For each combination of model-server options (CPU or GPU, with or without INT8; \
                for an llm_server, GPU and FP16 or FP8), it starts every component at most 85% busy \
                by the analytic model, adds replicas where they can help (an overloaded component, \
                the one rejecting calls, the longest queue a request waits in, or the largest \
                availability term) and then shrinks each component, dearest first, to the fewest \
                replicas that still pass. The answer prints as --set arguments, so \
                'mlsd compare <design> --set …' reproduces it. The answer is the cheapest that \
                passes at the target, so it has little spare capacity; --headroom sizes for the \
                target plus a margin. A --qps replaces the scenario's peak_qps as the load to \
                sustain.
                  mlsd optimize fraud-detection
                  mlsd optimize fraud-detection --qps 8k/s
                  mlsd optimize fraud-detection --headroom 30% --set scorer.timeout=30ms
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        @Option(help: ArgumentHelp("The load to meet (default: the scenario's peak); it replaces peak_qps.", valueName: "rate")) var qps: String?
        @Option(help: ArgumentHelp("Spare capacity to size for, 0% to 400%: the search meets the load × (1 + headroom).", valueName: "percent"))
        var headroom: String = "0%"
        @Option(name: .customLong("set"), help: ArgumentHelp("Change the design first: id.key=value (repeatable).", valueName: "id.key=value"))
        var overrides: [String] = []
        @Option(help: ArgumentHelp("Requests per simulation, 10k to 10M (default: about 200 answers beyond the finest percentile required); more for a burst or diurnal workload: one whole cycle a run.", valueName: "n"))
        var requests: String?
        @Option(help: "Seed shared by every run. (default: 42)", transform: parseSeed) var seed: UInt64 = 42
        @Option(help: "Combinations run at once (default: the machine's cores); the answer does not depend on it.", transform: parseWholeNumber) var jobs: Int?
        @Option(help: "Output format: table, json or csv.") var format: Format = .table

        func validate() throws {
            if let qps, let error = SimulationOptions.qpsError(qps) { throw error }
            if let requests {
                guard let n = SimulationOptions.count(requests), n >= 10_000, n <= 10_000_000 else {
                    throw ValidationError("invalid --requests '\(requests)': expected a count from 10k to 10M such as 50k")
                }
            }
            if let jobs, jobs < 1 { throw ValidationError("invalid --jobs '\(jobs)': expected 1 or more") }
            if margin == nil { throw ValidationError("invalid --headroom '\(headroom)': expected a percentage from 0% to 400% such as 20%") }
        }

        /// The headroom as a fraction (0.2 for 20%), nil when it is not a percentage from 0% to 400%.
        var margin: Double? { Percentage(parsing: headroom).map(\.fraction).flatMap { (0...4).contains($0) ? $0 : nil } }

        func run() throws {
            let (loaded, path) = try loadScenario(scenario)
            let s = try applyingOverrides(overrides, to: loaded)
            if let qps, let set = workloadQPSOverride(overrides) {
                printError("mlsd: warning: --qps \(qps) replaces --set \(set): the search is for \(qps)")
            }
            let load = qps.flatMap(SimulationOptions.rate)?.perSecond ?? s.offeredRate.perSecond
            let extra = margin ?? 0
            // Without --qps or --headroom the load is the scenario's own (its peak stays the peak).
            let target: Double? = qps == nil && extra == 0 ? nil : load * (1 + extra)
            // A burst or diurnal workload: every run measures one whole cycle, or it cannot be judged.
            let cycle = { (n: Int) in ShortRun.lengthenedForCycle(n, scenario: s, rate: target ?? s.offeredRate.perSecond, cap: ShortRun.maximumRequests) }
            let perRun = cycle(requests.flatMap(SimulationOptions.count) ?? CapacitySearch.defaultRequests(for: s.requirements))
            var optimizer = DesignOptimizer(scenario: s, rate: target, options: .init(seed: seed, stop: .requests(perRun)))
            // The answer is confirmed by a run as long as `mlsd simulate`'s, unless the search's were as long.
            // At least as long as the design's slowest service asks (ShortRun), up to ten times that.
            if perRun < SimulationOptions.defaultRequests {
                let needed = ((ShortRun.requestsNeeded(scenario: s, rate: target ?? s.offeredRate.perSecond)?.requests ?? 0) + 999) / 1000 * 1000
                optimizer.confirmationRequests = cycle(max(SimulationOptions.defaultRequests, min(needed, 10 * SimulationOptions.defaultRequests)))
            }
            let progress = ProgressLine(label: "optimize")
            Interrupt.install()
            defer { Interrupt.uninstall() }
            let outcome = optimizer.run(jobs: jobs ?? Sweep.defaultJobs, progress: { progress.show($0) },
                                        isCancelled: { Interrupt.requested.load(ordering: .relaxed) })
            progress.clear()
            let report = OptimizeReport(scenario: s, path: path, rate: optimizer.rate, outcome: outcome, load: load, headroom: extra,
                                        overrides: overrides, rateIsTheScenarios: target == nil, requestsPerRun: perRun, seed: seed)
            switch format {
            case .table: print(Charset.shaped(report.text))
            case .json: print(report.json)
            case .csv: print(report.csv, terminator: "")
            }
            if outcome.wasCancelled { throw ExitCode(130) }
            // No answer, or one over the budget: no design meets every requirement.
            if outcome.best == nil || report.answerIsOverBudget { throw ExitCode(1) }
        }
    }
}

/// The text, JSON and CSV of an optimisation.
struct OptimizeReport {
    var scenario: Scenario
    var path: String
    /// The rate searched for: the load plus the headroom.
    var rate: Double
    var outcome: DesignOptimizer.Outcome
    /// The load asked for (`--qps`, or the scenario's), and the headroom on top of it (0.2 for 20%).
    var load: Double
    var headroom = 0.0
    /// The `--set` changes made before the search.
    var overrides: [String] = []
    /// True when the rate is the scenario's own (no `--qps`, no headroom).
    var rateIsTheScenarios = true
    /// Requests per run (warm-up included) and the seed every run used: the p99 of a design near
    /// its capacity depends on the run's length, so the reproduction runs as long.
    var requestsPerRun = 0
    var seed: UInt64 = 42

    /// The answer's capacity by the analytic model (the rate at which its busiest component
    /// reaches ρ = 1), nil when it cannot be built.
    func analyticCapacity(_ c: DesignOptimizer.Candidate) -> Double? {
        guard let changes = try? c.changes.map({ t throws(DesignOverrideError) in try DesignOverride(parsing: t) }),
              let s = try? scenario.applying(changes), let m = try? SimulationModel(design: s.design, rate: Rate(perSecond: rate)) else { return nil }
        let q = AnalyticModel(model: m).maxQPS
        return q.isFinite ? q : nil
    }

    /// `--set` arguments that rebuild the answer from the design file: the changes made before
    /// the search, the answer's, and the load when it is not the scenario's (then the peak to
    /// sustain too, which the load replaced in the search, or `compare` judges the written peak).
    func reproduction(_ c: DesignOptimizer.Candidate) -> [String] {
        let load = "\(FigureFormat.csvNumber(rate))/s"
        let peak = scenario.requirements.peakQPS == nil ? [] : ["requirements.peak_qps=\(load)"]
        return overrides(of: c).kept + c.changes + (rateIsTheScenarios ? [] : ["workload.qps=\(load)"] + peak)
    }

    /// The `--set` changes made before the search, split by whether the answer sets the same
    /// thing again (the search covers replicas and model-server options, so a
    /// `--set scorer.hardware=gpu` is where it starts, not a constraint).
    func overrides(of c: DesignOptimizer.Candidate) -> (kept: [String], replaced: [String]) {
        let answered = Set(c.changes.map(Self.setting))
        return (overrides.filter { !answered.contains(Self.setting($0)) }, overrides.filter { answered.contains(Self.setting($0)) })
    }

    /// `scorer.hardware` of `scorer.hardware=gpu`.
    static func setting(_ change: String) -> String { String(change.prefix { $0 != "=" }) }

    /// A warning when each run spans too few services of the design's slowest component
    /// (``ShortRun``), as `mlsd capacity` and `mlsd sensitivity` give: support-chat's runs of
    /// 23,000 requests at 60/s span 345 s, about one 302-s service of its human agents, so the
    /// agents the answer keeps rest on runs too short to load them.
    var shortRunNote: String? {
        guard requestsPerRun > 0 else { return nil }
        return ShortRun.note(scenario: scenario, requests: requestsPerRun, rate: rate, run: "each run")
    }

    /// Joins an option to its value so that wrapping keeps them on one line.
    static let glue = TextWrap.nonBreakingSpace

    /// `--set a --set b`, each `--set` kept with its value (``glue``).
    static func setArguments(_ changes: [String]) -> String {
        changes.map { "--set" + glue + shellWord($0) }.joined(separator: " ")
    }

    /// A word as a shell reads it back: as it is when it holds only characters no shell treats
    /// specially, else in single quotes (`'requirements.monthly_budget=$500'`: bare, bash turned
    /// `$500` into `00`). Spaces inside stay joined to it, so a wrapped line never splits the word.
    static func shellWord(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._=,:/%@+-".unicodeScalars.contains($0) }
        guard !plain || word.isEmpty else { return word }
        return ("'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'").replacingOccurrences(of: " ", with: glue)
    }

    /// `--requests 23000`, and `--seed` when it is not the default: the runs' length and seed. A
    /// confirmed answer gives its confirmation run's length, none when that is `mlsd simulate`'s default.
    func runOptions(_ c: DesignOptimizer.Candidate) -> String {
        let n = c.isConfirmed ? outcome.confirmationRequests ?? requestsPerRun : requestsPerRun
        let length = n == SimulationOptions.defaultRequests ? [] : ["--requests\(Self.glue)\(n)"]
        return (length + (seed == 42 ? [] : ["--seed\(Self.glue)\(seed)"])).joined(separator: " ")
    }

    /// What the confirmation run said of the answer, nil when none was made (the search's runs
    /// were already as long as `mlsd simulate`'s).
    func confirmationText(_ best: DesignOptimizer.Candidate) -> String? {
        guard let n = outcome.confirmationRequests else { return nil }
        let long = "\(FigureFormat.count(n)) requests"
        let short = "\(FigureFormat.count(requestsPerRun))"
        if outcome.confirmationStopped {
            return "not confirmed: stopped by Ctrl-C before its run of \(long); its figures are from the search's runs of \(short)"
        }
        guard let from = best.grownFrom, let why = best.failedConfirmation else {
            let length = n == SimulationOptions.defaultRequests ? "as long as `mlsd simulate`'s" : "as long as the design's slowest service asks"
            return "by a run of \(long), \(length) (the search ran \(short) a run); the figures above are that run's"
        }
        return "the search's design (\(from.isEmpty ? "the design as written" : from.joined(separator: " "))) passed its runs of \(short) requests but failed one of \(long) (\(why)); "
            + "grown where that helped\(best.grown.isEmpty ? "" : " (" + best.grown.joined(separator: ", ") + ")") and bisected back in runs of \(long), this one passes; the figures above are its run's"
    }

    /// The design the search started from: the file as written, or with `--set` changes "as given"
    /// (it read "As written" for a design with `--set scorer.replicas=20000`).
    var baseLabel: String { overrides.isEmpty ? "As written" : "As given" }
    var baseNote: String { overrides.isEmpty ? "" : " (the file with its --set changes)" }

    /// A p99 as the report prints it: `–` for an unstable design's, which has none.
    static func p99Text(_ seconds: Double) -> String { seconds.isFinite ? FigureFormat.duration(seconds: seconds) : "–" }

    /// The budget, per month, when the scenario sets one.
    var budget: Double? { scenario.requirements.monthlyBudget?.perMonth }

    /// The cheapest design meeting the other requirements costs more than the budget: so none meets
    /// them all. The search minimises cost, so it judges the budget last, here.
    var answerIsOverBudget: Bool {
        guard let best = outcome.best, let budget else { return false }
        return best.costPerMonth > budget
    }

    /// "passes" or "fails" for a candidate, the budget included (the search's PASSES leaves it to the cost).
    func verdict(_ c: DesignOptimizer.Candidate) -> String {
        guard c.passes else { return "fails" }
        if let budget, c.costPerMonth > budget { return "passes all but the budget" }
        return "passes"
    }

    var text: String {
        let at = headroom > 0 ? "\(FigureFormat.rate(perSecond: rate)) (\(FigureFormat.rate(perSecond: load)) + \(FigureFormat.percent(headroom)) headroom)" : FigureFormat.rate(perSecond: rate)
        var lines = TextWrap.lines("\(scenario.name) (\(path)): the cheapest design meeting its requirements at \(at)", width: 80)
        lines.append("")
        func field(_ label: String, _ text: String) -> [String] {
            TextWrap.lines(text, width: 80 - 12).enumerated().map { ($0 == 0 ? label.padded(12) : String(repeating: " ", count: 12)) + $1 }
        }
        if outcome.wasCancelled {
            lines += field("Stopped", "by Ctrl-C, \(outcome.searched) of \(outcome.combinations) combinations searched; the rest are left out")
        }
        let base = outcome.baseline
        guard let best = outcome.best else {
            let serviceBound = !outcome.candidates.isEmpty && outcome.candidates.allSatisfy { $0.reason?.hasSuffix(DesignOptimizer.replicasCannotHelp) == true }
            let replicaBound = !outcome.candidates.isEmpty && outcome.candidates.allSatisfy { $0.reason?.contains(DesignOptimizer.beyondReplicaLimit) == true }
            // The confirmation length, when a design the search passed failed it.
            let confirmedAgainst = outcome.confirmationRequests.flatMap { n in
                outcome.candidates.contains { $0.reason?.hasPrefix(DesignOptimizer.passedOnlyShorterRuns) == true } ? n : nil
            }
            let none = if outcome.wasCancelled { "none among the combinations searched before the stop" }
                else if replicaBound { "none: every combination would need more replicas of some component than the search gives one (\(FigureFormat.count(DesignOptimizer.maximumReplicas))), so the load is out of its reach (the reasons are below)" }
                else if serviceBound { "none: every combination fails even at a tenth of the load, so the service times, not the replicas, miss the requirements (the reasons are below)" }
                else if let n = confirmedAgainst { "none confirmed: the designs that passed the search's runs of \(FigureFormat.count(requestsPerRun)) requests failed a run of \(FigureFormat.count(n)) even with more replicas (the reasons are below); --requests \(n) searches with runs that long" }
                else { "none: no combination met every requirement within \(DesignOptimizer.maximumRunsPerCombination) runs each (see the runner-ups for how close they came)" }
            lines += field("Answer", none)
            lines += field(baseLabel, "\(FigureFormat.money(base.costPerMonth))/month, p99 \(Self.p99Text(base.p99)), " + verdict(base) + baseNote)
            if let note = shortRunNote { lines += field("Note", note) }
            lines += table()
            return lines.joined(separator: "\n")
        }
        if let budget, answerIsOverBudget {
            lines += field("Answer", "none within the \(FigureFormat.money(budget))/month budget: the cheapest design meeting the other requirements costs "
                           + "\(FigureFormat.money(best.costPerMonth))/month (\(FigureFormat.percent(best.costPerMonth / budget - 1)) over); it is shown below")
            lines += field("Cheapest", "\(FigureFormat.money(best.costPerMonth))/month, \(FigureFormat.money(best.costPerMillionRequests)) per 1M requests at \(FigureFormat.rate(perSecond: rate)); p99 \(FigureFormat.duration(seconds: best.p99))")
        } else {
            lines += field("Answer", "\(FigureFormat.money(best.costPerMonth))/month, \(FigureFormat.money(best.costPerMillionRequests)) per 1M requests at \(FigureFormat.rate(perSecond: rate)); p99 \(FigureFormat.duration(seconds: best.p99))")
        }
        if let confirmed = confirmationText(best) { lines += field("Confirmed", confirmed) }
        if let capacity = analyticCapacity(best) {
            func times(_ x: Double) -> String { x < 10 ? FigureFormat.fixed2(x) + "×" : FigureFormat.factor(x) }
            let spare = capacity / rate
            lines += field("Capacity", "\(FigureFormat.rate(perSecond: capacity)) before its busiest component reaches ρ = 1 (analytic): \(times(spare)) the target"
                           + (headroom > 0 ? ", \(times(capacity / load)) the \(FigureFormat.rate(perSecond: load)) load" : "")
                           + (headroom == 0 && spare < 1.2 ? "; --headroom 20% sizes for a margin" : ""))
        }
        lines += field("Options", best.option.isEmpty ? "replicas only (no model server)" : best.option)
        let replaced = overrides(of: best).replaced
        if !replaced.isEmpty {
            lines += field("Searched", replaced.map { "--set \($0)" }.joined(separator: " ") + ": the search covers it, so it was the starting point; the answer sets its own")
        }
        lines += field("Changes", best.changes.isEmpty ? "none: the design as written is already the cheapest found" : Self.setArguments(best.changes))
        let saving = base.costPerMonth.isFinite && base.costPerMonth > 0 ? (base.costPerMonth - best.costPerMonth) / base.costPerMonth : 0
        lines += field(baseLabel, "\(FigureFormat.money(base.costPerMonth))/month, p99 \(Self.p99Text(base.p99)), " + verdict(base) + baseNote
                       + (saving > 0.005 ? "; the \(answerIsOverBudget ? "cheapest design" : "answer") saves \(FigureFormat.percent(saving))" : ""))
        if let budget {
            lines += field("Budget", "\(FigureFormat.money(budget))/month: " + (answerIsOverBudget ? "OVER it even with the cheapest design; raise the budget or relax a latency requirement" : "the answer is within it"))
        }
        if let note = shortRunNote { lines += field("Note", note) }
        lines.append("")
        // A design read from standard input has no name to rerun: `-` reads it again from there.
        let piped = path == ScenarioLibrary.standardInputName
        let design = piped ? "-" : path.hasPrefix("Scenarios/") ? String(path.dropFirst(10).dropLast(5)) : Self.shellWord(path)
        let again = piped ? " (with the design on standard input again)" : ""
        // `mlsd compare` needs at least one --set: an answer without changes is the design itself.
        let sets = reproduction(best)
        // The command's lines end in ` \\`, so it can be pasted whole into a shell; an option and
        // its value stay on one line.
        let command = (overrides + best.changes).isEmpty
            ? ["mlsd", "simulate", design, runOptions(best)] + (rateIsTheScenarios ? [] : ["--qps\(Self.glue)\(FigureFormat.csvNumber(rate))/s"])
            : ["mlsd", "compare", design, runOptions(best), Self.setArguments(sets)]
        let wrapped = TextWrap.lines(command.filter { !$0.isEmpty }.joined(separator: " "), width: 74)
        lines.append("Reproduce" + ((overrides + best.changes).isEmpty ? " (no change to compare)" : "") + again + ":")
        lines += wrapped.enumerated().map { "  " + $1 + ($0 + 1 < wrapped.count ? " \\" : "") }
        lines += table()
        return lines.joined(separator: "\n")
    }

    /// Every combination's cheapest design, cost against p99; ◆ marks the Pareto front (no other is both cheaper and faster).
    /// A combination's options that do not fit their column go on to the lines below, broken
    /// between servers (`small_llm 1×l40s fp8,` / `large_llm 2×h200 fp8`), so rows that share a
    /// first server still read apart; the cost column is as wide as its widest figure.
    func table() -> [String] {
        guard outcome.candidates.count > 1 else { return [] }
        let optionWidth = 33
        // A combination out of the search's reach has no design to cost: its figure was that of
        // one capped at the replica limit (`$5,739,907` for a design needing 1,147,954 replicas).
        let costs = outcome.candidates.map { $0.costPerMonth.isFinite && $0.reason?.contains(DesignOptimizer.beyondReplicaLimit) != true ? FigureFormat.money($0.costPerMonth) : "–" }
        let costWidth = max(9, costs.map(\.count).max() ?? 0) + 2
        var caption = "Each option's cheapest design (◆ no other is both cheaper and faster"
        // Only when some design was confirmed or failed its confirmation: with none passing the
        // search, no confirmation ran (the legend named one at 1G/s).
        if let n = outcome.confirmationRequests, !outcome.confirmationStopped,
           outcome.candidates.contains(where: { $0.isConfirmed || $0.failedConfirmation != nil }) {
            caption += "; PASSES from runs of \(FigureFormat.count(requestsPerRun)) requests, ✓ and the row's figures from the confirmation run of \(FigureFormat.count(n))"
        }
        if let budget { caption += "; PASSES leaves the \(FigureFormat.money(budget))/month budget to the cost column" }
        var lines = [""] + TextWrap.lines(caption + "):", width: 80) + [
                     "  " + "OPTIONS".padded(optionWidth + 1) + "$/MONTH".padded(costWidth) + "P99".padded(9) + "PASSES".padded(8) + "RUNS"]
        for (c, cost) in zip(outcome.candidates, costs) {
            let mark = isOnParetoFront(c) ? "◆ " : "  "
            let option = Self.optionLines(c.option, width: optionWidth)
            lines.append(mark + option[0].padded(optionWidth + 1) + cost.padded(costWidth) + Self.p99Text(c.p99).padded(9)
                         + (c.passes ? (c.isConfirmed ? "yes ✓" : "yes") : "no").padded(8) + "\(c.runs)")
            lines += option.dropFirst().map { "  " + $0 }
            if let reason = c.reason, !c.passes { lines += TextWrap.lines(reason, width: 74).map { "    " + $0 } }
        }
        return lines
    }

    /// Whether a candidate passes and no other passing candidate is both at most as dear and at
    /// most as slow, and better in one (the table's ◆).
    func isOnParetoFront(_ c: DesignOptimizer.Candidate) -> Bool {
        c.passes && !outcome.candidates.contains {
            $0 != c && $0.passes && $0.costPerMonth <= c.costPerMonth && $0.p99 <= c.p99 && ($0.costPerMonth < c.costPerMonth || $0.p99 < c.p99)
        }
    }

    /// A combination's options in lines of at most `width`, each server's choice kept whole where it fits.
    static func optionLines(_ option: String, width: Int) -> [String] {
        let parts = option.components(separatedBy: ", ")
        var lines: [String] = []
        var current = ""
        for (k, part) in parts.enumerated() {
            let piece = part + (k + 1 < parts.count ? "," : "")
            if current.isEmpty {
                current = piece
            } else if current.count + 1 + piece.count <= width {
                current += " " + piece
            } else {
                lines.append(current)
                current = piece
            }
            if current.count > width {
                let wrapped = TextWrap.lines(current, width: width)
                lines += wrapped.dropLast()
                current = wrapped.last ?? ""
            }
        }
        lines.append(current)
        return lines
    }

    var json: String {
        func candidate(_ c: DesignOptimizer.Candidate?) -> String {
            guard let c else { return "null" }
            // A design without model servers has no option to choose: null, not "".
            return "{\"option\": \(c.option.isEmpty ? "null" : JSONString(c.option)), \"set\": [\(c.changes.map(JSONString).joined(separator: ", "))], \"cost_per_month_usd\": \(JSONNumber(c.costPerMonth)), "
                + "\"cost_per_million_requests_usd\": \(JSONNumber(c.costPerMillionRequests)), \"p99_ms\": \(JSONNumber(c.p99.isFinite ? c.p99 * 1000 : nil)), \"passes\": \(c.passes), \"reason\": \(c.reason.map(JSONString) ?? "null"), \"runs\": \(c.runs), "
                + "\"confirmed\": \(c.isConfirmed), \"grown_from_set\": \(c.grownFrom.map { "[" + $0.map(JSONString).joined(separator: ", ") + "]" } ?? "null"), \"failed_confirmation\": \(c.failedConfirmation.map(JSONString) ?? "null")}"
        }
        let capacity = outcome.best.flatMap(analyticCapacity)
        return "{\n  \"scenario\": \(JSONString(scenario.name)),\n  \"qps\": \(JSONNumber(rate)),\n  \"load_qps\": \(JSONNumber(load)),\n  \"headroom\": \(JSONNumber(headroom)),\n"
            + "  \"best_analytic_capacity_qps\": \(JSONNumber(capacity)),\n  \"reproduce_set\": [\(outcome.best.map { reproduction($0).map(JSONString).joined(separator: ", ") } ?? "")],\n  \"requests_per_run\": \(requestsPerRun),\n  \"confirmation_requests\": \(outcome.confirmationRequests.map(String.init) ?? "null"),\n  \"confirmation_stopped\": \(outcome.confirmationStopped),\n  \"seed\": \(seed),\n"
            + "  \"cancelled\": \(outcome.wasCancelled),\n  \"combinations_searched\": \(outcome.searched),\n  \"combinations\": \(outcome.combinations),\n  \"warnings\": [\(shortRunNote.map(JSONString) ?? "")],\n  \"best\": \(candidate(outcome.best)),\n  \"budget_usd_per_month\": \(JSONNumber(budget)),\n  \"best_within_budget\": \(outcome.best == nil ? "null" : String(!answerIsOverBudget)),\n  \"as_written\": \(candidate(outcome.baseline)),\n"
            + "  \"candidates\": [\n" + outcome.candidates.map { "    " + candidate($0) }.joined(separator: ",\n") + "\n  ]\n}"
    }

    /// The columns of ``csv``.
    static let csvColumns = ["design", "option", "set", "cost_per_month_usd", "cost_per_million_requests_usd", "p99_ms", "pass",
                             "within_budget", "pareto", "answer", "confirmed", "runs", "reason"]

    /// Each combination's cheapest design as one CSV table (RFC 4180, a header row, ``csvColumns``),
    /// cost against p99 for plotting: a row per candidate in the table's order (design
    /// `candidate`), then the design as written (design `as_written`, option `as written`).
    /// `set` is the design's `--set` changes separated by spaces; `option` is empty for a design
    /// without model servers. Figures and `pass`, `confirmed`, `runs`, `reason` as in JSON's
    /// candidates (`pass` leaves the budget to the cost); `within_budget` is 1 or 0, empty without
    /// a budget; `pareto` is the table's ◆ (empty for the design as written, which is not on it);
    /// `answer` is 1 on the row the command answers with: JSON's `best`, unless it is over the
    /// budget, when no row is (and the command exits 1).
    var csv: String {
        let n = FigureFormat.csvNumber
        let flag = { (b: Bool) in b ? "1" : "0" }
        let answer = answerIsOverBudget ? nil : outcome.best
        func row(_ design: String, _ c: DesignOptimizer.Candidate, pareto: String, isAnswer: Bool) -> String {
            [design, FigureFormat.csvField(c.option), FigureFormat.csvField(c.changes.joined(separator: " ")), n(c.costPerMonth),
             n(c.costPerMillionRequests), c.p99.isFinite ? n(c.p99 * 1000) : "", flag(c.passes), budget.map { flag(c.costPerMonth <= $0) } ?? "",
             pareto, flag(isAnswer), flag(c.isConfirmed), "\(c.runs)", FigureFormat.csvField(c.reason ?? "")].joined(separator: ",")
        }
        var rows = [Self.csvColumns.joined(separator: ",")]
        rows += outcome.candidates.map { row("candidate", $0, pareto: flag(isOnParetoFront($0)), isAnswer: $0 == answer) }
        rows.append(row("as_written", outcome.baseline, pareto: "", isAnswer: false))
        return rows.joined(separator: "\n") + "\n"
    }
}
