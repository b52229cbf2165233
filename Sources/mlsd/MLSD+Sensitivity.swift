import ArgumentParser
import Foundation
import MLSDCore
import MLSDExport
import MLSDSim

extension MLSD {
    struct Sensitivity: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What to optimise first: how p99, errors and cost move when each component's service time, replicas or hit ratio moves ±20%.",
            usage: CommandUsage.sensitivity,
            discussion: """
                Every variant runs with the base run's seed, so a difference is the change's. Rows are \
                ordered by the larger p99 move (a tornado): the top row is where effort pays most. \
                Replicas round to the nearest whole replica that differs (at least 1); hit ratios move \
                relatively within 0–100%.
                  mlsd sensitivity fraud-detection
                  mlsd sensitivity fraud-detection --by 50% --requests 100k
                  mlsd sensitivity fraud-detection --qps 8k/s
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        @Option(help: ArgumentHelp("How far each parameter moves each way, 1% to 90%.", valueName: "percent")) var by: String = "20%"
        /// The load to analyse at; ArgumentParser's answer to it was "Did you mean '--by'?".
        @Option(help: ArgumentHelp("Analyse at this rate instead of the design's, e.g. 8k/s.", valueName: "rate")) var qps: String?
        @Option(help: ArgumentHelp("Requests per run, 10k to 10M (more for a burst or diurnal workload: one whole cycle a run).", valueName: "n")) var requests: String = "50k"
        @Option(help: "Seed shared by every run. (default: 42)", transform: parseSeed) var seed: UInt64 = 42
        @Option(name: .customLong("set"), help: ArgumentHelp("Change the design first: id.key=value (repeatable).", valueName: "id.key=value"))
        var overrides: [String] = []
        @Option(help: "Runs at once (default: the machine's cores); the result does not depend on it.", transform: parseWholeNumber) var jobs: Int?
        @Option(help: "Output format: table, json or csv.") var format: Format = .table

        var change: Double? { Percentage(parsing: by).map(\.fraction).flatMap { (0.01...0.9).contains($0) ? $0 : nil } }

        func validate() throws {
            if change == nil { throw ValidationError("invalid --by '\(by)': expected a percentage from 1% to 90% such as 20%") }
            if let qps, let error = SimulationOptions.qpsError(qps) { throw error }
            guard let n = SimulationOptions.count(requests), n >= 10_000, n <= 10_000_000 else {
                throw ValidationError("invalid --requests '\(requests)': expected a count from 10k to 10M such as 50k")
            }
            if let jobs, jobs < 1 { throw ValidationError("invalid --jobs '\(jobs)': expected 1 or more") }
        }

        func run() throws {
            let (loaded, path) = try loadScenario(scenario)
            // --qps is the rate's own --set, applied first so that a --set of the rate still wins.
            let rate = qps.flatMap(SimulationOptions.rate).map { ["workload.qps=\(FigureFormat.csvNumber($0.perSecond))/s"] } ?? []
            let s = try applyingOverrides(rate + overrides, to: loaded)
            // A burst or diurnal workload: every run measures one whole cycle (the given count is the least).
            let perRun = ShortRun.lengthenedForCycle(SimulationOptions.count(requests) ?? 50_000, scenario: s, rate: s.offeredRate.perSecond,
                                                     cap: ShortRun.maximumRequests)
            let analysis = SensitivityAnalysis(scenario: s, options: .init(seed: seed, stop: .requests(perRun)), change: change ?? 0.2)
            let progress = ProgressLine(label: "sensitivity")
            Interrupt.install()
            defer { Interrupt.uninstall() }
            let result: SensitivityResult
            do {
                result = try analysis.run(jobs: jobs ?? Sweep.defaultJobs, progress: { progress.show($0) },
                                          isCancelled: { Interrupt.requested.load(ordering: .relaxed) })
            } catch {
                progress.clear()
                printFailure(error.description)
                throw ExitCode(65)
            }
            progress.clear()
            var report = SensitivityReport(scenario: s, path: path, requests: perRun == SimulationOptions.count(requests) ? requests : FigureFormat.count(perRun),
                                           seed: seed, result: result)
            report.rateAsked = qps == nil ? nil : s.offeredRate.perSecond
            switch format {
            case .table: print(Charset.shaped(report.text))
            case .json: print(report.json)
            case .csv: print(report.csv, terminator: "")
            }
            if result.wasCancelled { throw ExitCode(130) }
        }
    }
}

/// The tornado table of a sensitivity analysis, in 80 columns, and its JSON and CSV.
struct SensitivityReport {
    var scenario: Scenario
    var path: String
    var requests: String
    var seed: UInt64
    var result: SensitivityResult
    /// The rate `--qps` asked for, named on the Base line (nil: the design's own).
    var rateAsked: Double?

    static let half = 9   // bar cells each side of the base

    /// Set when a run is short for the design's slowest service (``ShortRun``): an "unstable" row may be chance.
    var note: String? {
        guard let n = SimulationOptions.count(requests) else { return nil }
        return ShortRun.note(scenario: scenario, requests: n, rate: scenario.offeredRate.perSecond, run: "each run")
    }

    var text: String {
        let r = result
        let b = r.base
        let pct = FigureFormat.percent(r.change)
        var lines = TextWrap.lines("\(scenario.name) (\(path)): what moves p99 most, each parameter −\(pct) and +\(pct)", width: 80)
        if r.wasCancelled {
            lines += TextWrap.lines("Stopped by Ctrl-C: the rows below are the runs that had finished (– where a side did not run).", width: 80)
        }
        lines += ["Base\(rateAsked.map { " at " + FigureFormat.rate(perSecond: $0) } ?? ""): p99 \(TornadoChart.baseP99(b)), errors \(FigureFormat.percent(b.errorRate)), \(FigureFormat.money(b.costPerMonth))/month (seed \(seed), \(requests) requests a run)"]
        if let warning = r.unstableBaseWarning { lines += TextWrap.lines("Warning: " + warning, width: 80) }
        if let note { lines += TextWrap.lines("Note: " + note, width: 80) }
        if !r.instantComponents.isEmpty {
            // The row was dropped without a word (a latency of 0 ms set with --set).
            let ids = r.instantComponents.joined(separator: ", ")
            lines += TextWrap.lines("No service-time row for \(ids): \(r.instantComponents.count == 1 ? "its service time is" : "their service times are") 0, which ±\(pct) leaves 0.", width: 80)
        }
        lines.append("")
        // The bars share one scale: the largest finite move fills half the bar.
        let tornado = TornadoChart(result: r, half: Self.half)
        lines.append("COMPONENT".padded(22) + "   p99  −│+".padded(Self.half * 2 + 1) + tornado.p99Header() + "  errors −/+    $/MONTH")
        lines.append("  PARAMETER     DOWN / UP")
        for row in r.rows {
            let label = TornadoChart.component(row.component, width: 22).padded(22)
            let p99 = tornado.p99Cell(row)
            let errors = "\(row.down.map { FigureFormat.percent($0.errorRate) } ?? "–")/\(row.up.map { FigureFormat.percent($0.errorRate) } ?? "–")"
            let cost = TornadoChart.cost(row, base: b)
            lines.append(label + tornado.bar(row) + " " + p99.padded(11) + " " + errors.padded(13) + " " + cost)
            lines.append(TornadoChart.settings(row))
        }
        lines.append("")
        lines += TextWrap.lines("Bars: how far p99 moves from the base (\(TornadoChart.baseP99(b))) when the parameter goes down (left of │) or up (right); ▓ a better p99, █ a worse one, "
                                + (tornado.noiseLegend.map { $0 + ", " } ?? "") + (tornado.unsettledLegend.map { $0 + ", " } ?? "")
                                + "! an unstable run. Cost moves only with replicas.", width: 80)
        return lines.joined(separator: "\n")
    }

    var json: String {
        func outcome(_ o: SensitivityResult.Outcome?, chance: Bool, against: Bool = false) -> String {
            guard let o else { return "null" }
            return "{\"p99_ms\": \(JSONNumber(o.p99.isFinite ? o.p99 * 1000 : nil)), \"error_rate\": \(JSONNumber(o.errorRate)), \"cost_per_month_usd\": \(JSONNumber(o.costPerMonth)), \"stable\": \(o.isStable), \"settled\": \(!o.isUnsettled), \"within_noise\": \(chance), \"against_parameter\": \(against)}"
        }
        var out = "{\n  \"scenario\": \(JSONString(scenario.name)),\n  \"change\": \(JSONNumber(result.change)),\n  \"seed\": \(seed),\n  \"qps\": \(JSONNumber(scenario.design.workload.users == nil ? scenario.offeredRate.perSecond : nil)),\n  \"cancelled\": \(result.wasCancelled),\n"
        out += "  \"warnings\": [\([result.unstableBaseWarning, note].compactMap { $0 }.map(JSONString).joined(separator: ", "))],\n"
        out += "  \"p99_noise_ms\": \(JSONNumber(result.noiseP99.map { $0 * 1000 })),\n"
        out += "  \"noise_measured\": \(!result.isNoiseUnmeasured),\n"
        out += "  \"base\": \(outcome(result.base, chance: result.isWithinNoise(result.base))),\n  \"rows\": [\n"
        out += result.rows.map { r in
            "    {\"component\": \(JSONString(r.component)), \"parameter\": \(JSONString(r.parameter.rawValue)), \"down\": \(JSONString(r.downLabel)), \"up\": \(JSONString(r.upLabel)), "
                + "\"at_down\": \(outcome(r.down, chance: result.isChance(r, up: false), against: result.movesAgainstItsParameter(r, up: false))), "
                + "\"at_up\": \(outcome(r.up, chance: result.isChance(r, up: true), against: result.movesAgainstItsParameter(r, up: true)))}"
        }.joined(separator: ",\n")
        return out + "\n  ]\n}"
    }

    /// The columns of ``csv``.
    static let csvColumns = ["rank", "component", "parameter", "direction", "label", "p99_ms", "error_rate", "cost_per_month_usd", "stable", "within_noise"]

    /// The tornado as one CSV table (RFC 4180, a header row, ``csvColumns``): the base run first
    /// (rank 0, direction `base`, no component), then one row per side of each bar, `down` then
    /// `up`, bars in the tornado's order (rank 1 is the top bar, the largest p99 move). `label` is
    /// the side's setting (`×0.8`, `12→10`, `90%→72%`). A side that did not run (one replica cannot
    /// go lower; Ctrl-C) has no row. Figures as JSON's `at_down`/`at_up`: p99 in milliseconds
    /// (empty when nothing was answered), stable 1 or 0, within_noise 1 when the side's move is chance:
    /// within the base design's seed-to-seed noise (JSON's `p99_noise_ms`; the base row's is 1) or
    /// against its parameter (JSON's `against_parameter`).
    var csv: String {
        func row(_ rank: Int, _ component: String, _ parameter: String, _ direction: String, _ label: String,
                 _ o: SensitivityResult.Outcome, chance: Bool) -> String {
            let n = FigureFormat.csvNumber
            return ["\(rank)", FigureFormat.csvField(component), FigureFormat.csvField(parameter), direction, FigureFormat.csvField(label),
                    o.p99.isFinite ? n(o.p99 * 1000) : "", n(o.errorRate), n(o.costPerMonth), o.isStable ? "1" : "0",
                    chance ? "1" : "0"].joined(separator: ",")
        }
        var rows = [Self.csvColumns.joined(separator: ","), row(0, "", "", "base", "", result.base, chance: result.isWithinNoise(result.base))]
        for (k, r) in result.rows.enumerated() {
            if let down = r.down { rows.append(row(k + 1, r.component, r.parameter.rawValue, "down", r.downLabel, down, chance: result.isChance(r, up: false))) }
            if let up = r.up { rows.append(row(k + 1, r.component, r.parameter.rawValue, "up", r.upLabel, up, chance: result.isChance(r, up: true))) }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
