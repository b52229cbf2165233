import ArgumentParser
import Foundation
import MLSDCore
import MLSDExport
import MLSDSim
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MLSD {
    struct Capacity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the highest QPS at which the design still meets its latency, error and availability requirements.",
            usage: CommandUsage.capacity,
            discussion: """
                Bisection with the simulator inside the analytic bound (the rate at which the busiest \
                component reaches ρ = 1): each round probes 4 rates of the bracket with one seed, until \
                the bracket is within 1 %. --replications independent seeds each search; the answer is \
                their mean with a 95 % interval. peak_qps and monthly_budget are not limits on load: \
                the report states the headroom over the peak and the budget separately. Ctrl-C stops \
                the search and prints what it has.
                  mlsd capacity fraud-detection
                  mlsd capacity fraud-detection --set scorer.replicas=16 --replications 8
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        @Option(help: ArgumentHelp("Requests per probe, 10k to 10M (default: about 200 answers beyond the finest percentile required, after the warm-up: 23k for p99, 223k for p99.9); more for a burst or diurnal workload: one whole cycle a probe.", valueName: "n"))
        var requests: String?
        @Option(help: "Independent searches (seeds) behind the interval, 1 to 32. (default: 5)", transform: parseWholeNumber) var replications: Int = 5
        @Option(help: "Seed of the first search. (default: 42)", transform: parseSeed) var seed: UInt64 = 42
        @Option(name: .customLong("set"), help: ArgumentHelp("Change the design first: id.key=value (repeatable).", valueName: "id.key=value"))
        var overrides: [String] = []
        @Option(help: "Probes run at once (default: the machine's cores); the answer does not depend on it.", transform: parseWholeNumber) var jobs: Int?
        @Option(help: "Output format: table, json or csv.") var format: Format = .table
        /// Not an option of this command: given, it says what to run instead (ArgumentParser's own
        /// answer to an unknown `--qps` was "Did you mean '--set'?").
        @Option(help: .hidden) var qps: String?

        func validate() throws {
            if let qps {
                throw ValidationError("capacity takes no --qps: it finds the highest rate that meets the requirements itself. To judge the design at \(qps), run 'mlsd simulate \(scenario) --qps \(qps)'; for the cheapest design that meets them there, 'mlsd optimize \(scenario) --qps \(qps)'")
            }
            if let requests {
                guard let n = SimulationOptions.count(requests), n >= 10_000, n <= 10_000_000 else {
                    throw ValidationError("invalid --requests '\(requests)': expected a count from 10k to 10M such as 50k")
                }
            }
            if !(1...32).contains(replications) { throw ValidationError("--replications must be from 1 to 32, not \(replications)") }
            if let jobs, jobs < 1 { throw ValidationError("invalid --jobs '\(jobs)': expected 1 or more") }
        }

        func run() throws {
            let (loaded, path) = try loadScenario(scenario)
            let s = try applyingOverrides(overrides, to: loaded)
            // The search sets the load of every probe: a workload.qps change is silently lost otherwise.
            if let set = workloadQPSOverride(overrides) {
                printError("mlsd: warning: --set \(set) has no effect: capacity searches the load itself (requirements.peak_qps sets the peak it is judged against)")
            }
            let perProbe = requests.flatMap(SimulationOptions.count) ?? CapacitySearch.defaultRequests(for: s.requirements)
            let search = CapacitySearch(scenario: s, options: .init(seed: seed, stop: .requests(perProbe)), replications: replications)
            let progress = ProgressLine(label: "capacity search")
            Interrupt.install()
            defer { Interrupt.uninstall() }
            let result: CapacityResult
            do {
                result = try search.run(jobs: jobs ?? Sweep.defaultJobs, progress: { progress.show($0) },
                                        isCancelled: { Interrupt.requested.load(ordering: .relaxed) })
            } catch {
                progress.clear()
                printFailure(error.description)
                throw ExitCode(65)
            }
            progress.clear()
            let report = CapacityReport(scenario: s, path: path, search: search, result: result)
            switch format {
            case .table: print(Charset.shaped(report.text))
            case .json: print(report.json)
            case .csv: print(report.csv, terminator: "")
            }
            if result.wasCancelled { throw ExitCode(130) }
            // No rate passes: no answer, as `mlsd optimize` exits 1 when no combination passes.
            if result.maxQPS == nil { throw ExitCode(1) }
        }
    }
}

/// The text, JSON and CSV of a capacity search.
struct CapacityReport {
    var scenario: Scenario
    var path: String
    var search: CapacitySearch
    var result: CapacityResult

    var text: String {
        let r = result
        // Wrapped at 80 columns: a long path made the header 88 wide.
        var lines = TextWrap.lines("\(scenario.name) (\(path)): how far it scales", width: 80) + [""]
        let criteria = search.judgedRequirements.criteria
        func field(_ label: String, _ text: String) -> [String] {
            TextWrap.lines(text, width: 80 - 12).enumerated().map { ($0 == 0 ? label.padded(12) : String(repeating: " ", count: 12)) + $1 }
        }
        lines += field("Judged by", criteria.isEmpty ? "stability only (the scenario sets no latency, error or availability requirement)" : criteria.joined(separator: ", "))
        if r.wasCancelled { lines.append("Stopped     by Ctrl-C: the figures below are what the search had found") }
        let requests: String
        if case .requests(let n) = search.options.stop { requests = FigureFormat.count(n) + (cycleNote == nil ? "" : "+") } else { requests = "?" }
        if let m = r.maxQPS {
            // A search stopped before its bracket narrowed gives a rate that passed: the maximum is at least that.
            var line = (r.isLowerBound ? "at least " : "") + FigureFormat.rate(perSecond: m.mean)
            if let low = m.low, let high = m.high {
                let interval = "95% interval " + FigureFormat.rateRange(low: low, high: high)
                if m.isCapped {
                    // Cut at the bound, the interval is lopsided: no ± figure.
                    line += " (\(interval), its top cut to the analytic bound; over \(m.samples) seeds of \(requests) requests a probe)"
                } else {
                    let half = (high - low) / 2 / max(m.mean, 1e-9)
                    line += " ± \(FigureFormat.percent(half)) (\(interval) over \(m.samples) seeds of \(requests) requests a probe)"
                }
            } else if search.replications > 1 {
                line += " (one seed, \(requests) requests a probe: no interval, as Ctrl-C stopped the search before a second seed finished)"
            } else {
                line += " (one seed, \(requests) requests a probe: no interval; use --replications 2 or more)"
            }
            lines += field("Max load", line)
            if let (label, text) = r.firstFailureLine {
                lines += field(label, text)
            } else {
                lines += field("Above it", "nothing judged fails up to the analytic bound")
            }
        } else if let f = r.searches.first?.probes.first {
            let why = f.failing.first?.reason ?? "the run is unstable"
            lines += field("Max load", "none: it fails even at \(FigureFormat.rate(perSecond: f.rate)), a twentieth of the analytic bound: \(why)")
        }
        if let note = shortProbeNote { lines += field("Note", note) }
        if let note = cycleNote { lines += field("Probes", note) }
        lines += field("Analytic", "\(FigureFormat.rate(perSecond: r.analyticBound)): \(r.limitingComponent) reaches ρ = 1 (an upper bound)")
        if let k = r.knee { lines += field("Knee", "\(FigureFormat.rate(perSecond: k)): p99 more than doubles its light-load value") }
        if let p = r.atMaximum {
            var line = "\(p.bottleneck), \(p.loadPhrase) at " + (r.isLowerBound ? "the highest rate that passed" : "the maximum")
            // Over 100 % at a rate that passed: the probe measured the share over few services (the
            // Note says why). The mean service time's share is what the rate asks of it.
            if p.utilization > 1 {
                line += bottleneckAnalyticShare.map { " as measured in a probe too short to judge it (see Note); \(FigureFormat.percent($0)) by its mean service time" }
                    ?? " as measured in a probe too short to judge it (see Note)"
            }
            lines += field("Bottleneck", line)
        }
        if let p = peak, r.maxQPS != nil || p.isMet == false {
            // A search stopped early knows only that the maximum is at least m: below the peak,
            // undecided. With no rate passing, the peak is not met either.
            let verdict = switch (r.maxQPS?.mean, p.isMet) {
            case (nil, _): "NOT met: no rate passes"
            case (let m?, true?): "\(FigureFormat.factor(m / p.required)) headroom"
            case (let m?, nil): "not determined: the search stopped at \(FigureFormat.rate(perSecond: m)), which passed"
            case (let m?, false?): "NOT met (\(FigureFormat.percent(m / p.required)) of it)"
            }
            lines += field("Peak", "\(FigureFormat.rate(perSecond: p.required)) required: " + verdict)
        }
        if let b = budget {
            lines += field("Budget", "\(FigureFormat.money(b.cost))/month " + (b.cost <= b.budget ? "within" : "OVER") + " \(FigureFormat.money(b.budget)) (cost does not depend on load)")
        }
        let offline = search.offlineRequirements.criteria
        if !offline.isEmpty {
            lines += field("Offline", offline.joined(separator: ", ") + ": the offline pipeline's, which load does not change (not judged here; mlsd simulate judges them)")
        }
        // With no passing rate the limit is not the load (it fails near idle): no change to the bound helps.
        if !r.remedies.isEmpty, r.maxQPS != nil {
            lines += ["", "To move the limit (the analytic bound after each change):"]
            let w = min(44, r.remedies.map(\.change.count).max() ?? 0) + 6
            for m in r.remedies {
                let bound = FigureFormat.rate(perSecond: m.analyticBound) + (m.nextLimit == r.limitingComponent ? "" : " (then \(m.nextLimit) limits)")
                let line = "  " + ("--set " + m.change).padded(w) + " " + bound
                // A long component id: the bound goes under its change rather than past 80 columns.
                if DisplayWidth.of(line) <= 80 { lines.append(line) } else { lines += ["  --set " + m.change] + TextWrap.lines(bound, width: 80 - 8).map { "        " + $0 } }
            }
        }
        if r.curve.isEmpty, r.wasCancelled, r.maxQPS != nil {
            // Stopped while the curve ran: the chart is left out, which said nothing before (the TUI says this).
            lines += ["", "No p99 curve: Ctrl-C stopped the search before it was drawn."]
        }
        if !r.curve.isEmpty {
            let slo = search.judgedRequirements.latencyP99.map { ", ┄ SLO p99 \(FigureFormat.duration(seconds: $0.seconds))" } ?? ""
            let chart = CapacityChart(curve: r.curve, target: search.judgedRequirements.latencyP99?.seconds, maximum: r.maxQPS?.mean, knee: r.knee)
            lines += ["", "p99 in \(chart.unit.symbol) against load (\(FigureFormat.count(r.curve.count)) points up to the maximum, seed \(search.options.seed)\(slo)):"]
            lines += chart.lines
        }
        return lines.joined(separator: "\n")
    }

    /// A warning when a probe at the answer (or the bound) is short for the slowest service (``ShortRun``).
    /// The bottleneck's share of its capacity at the maximum by its mean service time: the rate
    /// over the analytic bound, when the bottleneck is the component that sets the bound (its load
    /// grows in proportion to the rate); nil otherwise.
    var bottleneckAnalyticShare: Double? {
        guard let p = result.atMaximum, p.bottleneck == result.limitingComponent, result.analyticBound > 0, result.analyticBound.isFinite else { return nil }
        return p.rate / result.analyticBound
    }

    /// For a burst or diurnal workload: the probes ran longer than `--requests` (``ShortRun/cycleProbeNote(scenario:requests:result:)``).
    var cycleNote: String? {
        guard case .requests(let n) = search.options.stop else { return nil }
        return ShortRun.cycleProbeNote(scenario: scenario, requests: n, result: result)
    }

    var shortProbeNote: String? {
        guard case .requests(let n) = search.options.stop else { return nil }
        return ShortRun.note(scenario: scenario, requests: n, rate: result.maxQPS?.mean ?? result.analyticBound, remedyRate: result.analyticBound, run: "a probe", kind: "probe")
    }

    /// Why a probe failed: its failing requirements' reasons, or its instability; nil when it passed.
    static func whyNot(_ p: CapacityResult.Probe) -> String? {
        if p.passes { return nil }
        // An unstable run fails each percentile for the same reason: say it once.
        var reasons: [String] = []
        for r in p.failing.compactMap(\.reason) where !(r.hasPrefix("unstable:") && reasons.contains { $0.hasPrefix("unstable:") }) {
            reasons.append(r)
        }
        return reasons.isEmpty ? "unstable: \(p.bottleneck) at \(FigureFormat.percent(p.utilization)) of its capacity" : reasons.joined(separator: "; ")
    }

    /// What fails first, as JSON's `first_failure` and CSV's column of that name; nil without a failing rate.
    var firstFailureReason: String? { result.firstFailure.map { $0.failing.first?.reason ?? "unstable" } }

    /// The peak the scenario requires and whether the maximum meets it: nil when the search
    /// stopped early below it (the maximum is only known to be at least what passed).
    var peak: (required: Double, isMet: Bool?)? {
        guard let required = scenario.requirements.peakQPS?.perSecond else { return nil }
        guard let m = result.maxQPS?.mean else { return (required, result.wasCancelled ? nil : false) }
        return (required, m >= required ? true : result.isLowerBound ? nil : false)
    }

    /// The monthly budget and the design's cost (which does not depend on load).
    var budget: (budget: Double, cost: Double)? {
        guard let budget = scenario.requirements.monthlyBudget?.perMonth,
              let model = try? SimulationModel(design: scenario.design, rate: scenario.modelRate) else { return nil }
        return (budget, model.costPerHour * 730)
    }

    var json: String {
        let r = result
        func estimate(_ e: CapacityResult.Estimate?) -> String {
            guard let e else { return "null" }
            return "{\"mean\": \(JSONNumber(e.mean)), \"ci95_low\": \(JSONNumber(e.low)), \"ci95_high\": \(JSONNumber(e.high)), \"ci95_high_is_analytic_bound\": \(e.isCapped), \"replications\": \(e.samples)}"
        }
        var out = "{\n"
        out += "  \"scenario\": \(JSONString(scenario.name)),\n"
        out += "  \"max_qps\": \(estimate(r.maxQPS)),\n"
        out += "  \"fails_at_qps\": \(estimate(r.failsAt)),\n"
        out += "  \"first_failure\": \(firstFailureReason.map(JSONString) ?? "null"),\n"
        out += "  \"analytic_bound_qps\": \(JSONNumber(r.analyticBound)),\n"
        out += "  \"limiting_component\": \(JSONString(r.limitingComponent)),\n"
        out += "  \"knee_qps\": \(JSONNumber(r.knee)),\n"
        out += "  \"bottleneck\": \(r.atMaximum.map { JSONString($0.bottleneck) } ?? "null"),\n"
        out += "  \"bottleneck_utilization\": \(JSONNumber(r.atMaximum?.utilization)),\n"
        out += "  \"bottleneck_analytic_utilization\": \(JSONNumber(bottleneckAnalyticShare)),\n"
        out += "  \"peak_qps\": " + (peak.map { p in
            "{\"required\": \(JSONNumber(p.required)), \"headroom\": \(JSONNumber(r.maxQPS.map { $0.mean / p.required })), \"met\": \(p.isMet.map { "\($0)" } ?? "null")}"
        } ?? "null") + ",\n"
        out += "  \"monthly_budget\": " + (budget.map { b in
            "{\"budget_usd\": \(JSONNumber(b.budget)), \"cost_per_month_usd\": \(JSONNumber(b.cost)), \"within\": \(b.cost <= b.budget)}"
        } ?? "null") + ",\n"
        out += "  \"cancelled\": \(r.wasCancelled),\n"
        out += "  \"warnings\": [\(shortProbeNote.map(JSONString) ?? "")],\n"
        out += "  \"curve\": [" + r.curve.map { "{\"qps\": \(JSONNumber($0.rate)), \"p99_ms\": \(JSONNumber($0.p99 * 1000)), \"passes\": \($0.passes), \"why_not\": \(Self.whyNot($0).map(JSONString) ?? "null")}" }.joined(separator: ", ") + "],\n"
        out += "  \"remedies\": [" + r.remedies.map { "{\"set\": \(JSONString($0.change)), \"analytic_bound_qps\": \(JSONNumber($0.analyticBound)), \"then_limited_by\": \(JSONString($0.nextLimit))}" }.joined(separator: ", ") + "]\n"
        return out + "}"
    }

    /// The columns of ``csv``: a curve point's, then the search's summary.
    static let csvColumns = ["qps", "p99_ms", "pass", "why_not",
                             "max_qps", "max_qps_ci95_low", "max_qps_ci95_high", "max_qps_ci95_high_is_analytic_bound", "max_qps_replications",
                             "fails_at_qps", "first_failure", "analytic_bound_qps", "limiting_component", "knee_qps", "bottleneck",
                             "cancelled", "warning"]

    /// The search as one CSV table (RFC 4180, a header row, ``csvColumns``): one row per point of
    /// the p99-against-load curve, the points of JSON's `curve`, so a plot reads `qps` and `p99_ms`
    /// as they are. The search's summary follows on every row in the same columns, repeated, so the
    /// file stays one rectangular table (no second layout to split off) and the first row gives it. Without a curve (no rate passes, or Ctrl-C stopped the search before it was
    /// drawn) one row carries the summary, its point cells empty. Numbers as JSON's (milliseconds,
    /// rates per second), 1/0 for true/false, an empty cell for JSON's `null`.
    var csv: String {
        let r = result
        let n = { (v: Double?) in v.map(FigureFormat.csvNumber) ?? "" }
        let flag = { (b: Bool) in b ? "1" : "0" }
        let m = r.maxQPS
        let summary = [n(m?.mean), n(m?.low), n(m?.high), m.map { flag($0.isCapped) } ?? "", m.map { "\($0.samples)" } ?? "",
                       n(r.failsAt?.mean), FigureFormat.csvField(firstFailureReason ?? ""), n(r.analyticBound),
                       FigureFormat.csvField(r.limitingComponent), n(r.knee), FigureFormat.csvField(r.atMaximum?.bottleneck ?? ""),
                       flag(r.wasCancelled), FigureFormat.csvField(shortProbeNote ?? "")]
        var rows = [Self.csvColumns.joined(separator: ",")]
        for p in r.curve {
            rows.append(([n(p.rate), n(p.p99.isFinite ? p.p99 * 1000 : nil), flag(p.passes), FigureFormat.csvField(Self.whyNot(p) ?? "")] + summary).joined(separator: ","))
        }
        if r.curve.isEmpty { rows.append((["", "", "", ""] + summary).joined(separator: ",")) }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// A JSON number (6 significant digits), `null` when absent or not finite.
func JSONNumber(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "null" }
    return FigureFormat.csvNumber(v)
}

/// A JSON string literal, escaped losslessly for the output boundary (`\u001b`, `\u202e`).
func JSONString(_ s: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    guard let data = try? encoder.encode(s) else { return "\"\"" }
    return SafeText.jsonEscaped(String(decoding: data, as: UTF8.self))
}
