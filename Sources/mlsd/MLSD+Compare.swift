import ArgumentParser
import Foundation
import MLSDCore
import MLSDSim

extension MLSD {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate two designs with the same seed and show both results and the deltas.",
            discussion: """
                Give two scenarios, or one scenario and --set, --down, --slow or --hit-ratio changes (applied to the second run):
                  mlsd compare fraud-detection --set scorer.replicas=8
                  mlsd compare fraud-detection --down scorer=6@10s-20s --duration 30s
                """)

        @Argument(help: "Baseline scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var baseline: String
        @Argument(help: "Scenario to compare (default: the baseline with the --set changes).", completion: MLSD.scenarioCompletion) var candidate: String?
        @OptionGroup var simulation: SimulationOptions

        func validate() throws {
            if baseline == ScenarioLibrary.standardInput, candidate == ScenarioLibrary.standardInput {
                throw ValidationError("Only one scenario can come from standard input ('-'); give the other as a file or id.")
            }
            if candidate == nil, simulation.overrides.isEmpty, simulation.faultTexts.allSatisfy({ $0.1.isEmpty }) {
                throw ValidationError("Give a second scenario or at least one --set, --down, --slow or --hit-ratio change to compare against.")
            }
        }

        func run() throws {
            let overrides = try simulation.parsedOverrides()
            let (a, pathA) = try loadScenario(baseline)
            var (b, pathB) = (a, pathA)
            if let candidate { (b, pathB) = try loadScenario(candidate) }
            b = try simulation.apply(overrides, to: b)
            let resultA = try simulation.run(a, withOutages: false)
            let resultB = try simulation.run(b)
            let changes = overrides.map(\.description) + simulation.options.outages.map(\.commandLine)
            let labelB = pathB + (changes.isEmpty ? "" : " with " + changes.joined(separator: " "))
            switch simulation.format {
            case .json:
                print("{\n\"a\": \(resultA.jsonText()),\n\"b\": \(resultB.jsonText()),\n\"delta\": \(Self.deltaJSON(resultA, resultB)),\n\"delta_ci95\": \(Self.deltaIntervalsJSON(resultA, resultB))\n}")
            case .csv:
                print("run,scope,id,metric,value")
                for (label, r) in [("a", resultA), ("b", resultB)] {
                    for line in r.csvText().split(separator: "\n").dropFirst() { print("\(label),\(line)") }
                }
            case .table:
                print(Charset.shaped(Self.table(a: resultA, b: resultB, pathA: pathA, labelB: labelB)))
            }
        }

        typealias Figure = KeyPath<SimulationResult.Intervals.Estimates, Double>

        static func rows(_ a: SimulationResult, _ b: SimulationResult) -> [(String, Double, Double, String)] {
            // A side that answered nothing has no latency ("–"), and so no change.
            let la = a.answeredLatency, lb = b.answeredLatency
            return [("latency mean", la.mean, lb.mean, "ms"), ("latency p50", la.p50, lb.p50, "ms"),
             ("latency p95", la.p95, lb.p95, "ms"), ("latency p99", la.p99, lb.p99, "ms"),
             ("latency p99.9", la.p999, lb.p999, "ms"), ("throughput", a.throughput, b.throughput, "/s"),
             ("error rate", a.errorRate, b.errorRate, "%"), ("degraded", a.degradedShare, b.degradedShare, "%"), ("availability", a.availability, b.availability, "%3"),
             ("cost per month", a.cost.perMonth, b.cost.perMonth, "$"), ("max load", a.analytic.maxQPS, b.analytic.maxQPS, "/s")]
                + tokenRows(a, b)
        }

        /// An LLM design's end-to-end token figures (no row told TTFT or TPOT apart), NaN on a side
        /// without them; none when neither side has them.
        static func tokenRows(_ a: SimulationResult, _ b: SimulationResult) -> [(String, Double, Double, String)] {
            func value(_ t: SimulationResult.TokenLatency?, _ f: (SimulationResult.TokenLatency) -> Double) -> Double {
                t.flatMap { $0.count > 0 ? f($0) : nil } ?? .nan
            }
            var rows: [(String, Double, Double, String)] = []
            if [a, b].contains(where: { ($0.endToEndTTFT?.count ?? 0) > 0 }) {
                rows += [("TTFT p50", value(a.endToEndTTFT, \.p50), value(b.endToEndTTFT, \.p50), "ms"),
                         ("TTFT p99", value(a.endToEndTTFT, \.p99), value(b.endToEndTTFT, \.p99), "ms")]
            }
            if [a, b].contains(where: { ($0.endToEndTPOT?.count ?? 0) > 0 }) {
                rows += [("TPOT p50", value(a.endToEndTPOT, \.p50), value(b.endToEndTPOT, \.p50), "ms"),
                         ("TPOT p99", value(a.endToEndTPOT, \.p99), value(b.endToEndTPOT, \.p99), "ms")]
            }
            return rows
        }

        /// The replicated figure behind a row with spread; nil for the analytic or fixed ones.
        static func rowFigure(_ row: String) -> Figure? {
            switch row {
            case "latency mean": \.latencyMean
            case "latency p50": \.latencyP50
            case "latency p95": \.latencyP95
            case "latency p99": \.latencyP99
            case "latency p99.9": \.latencyP999
            case "throughput": \.throughput
            case "error rate": \.errorRate
            case "degraded": \.degradedShare
            default: nil
            }
        }

        /// The paired interval of B − A for a row, when both were replicated on the same seeds.
        static func changeInterval(_ a: SimulationResult, _ b: SimulationResult, row: String) -> ConfidenceInterval? {
            guard let figure = rowFigure(row), let ia = a.intervals, let ib = b.intervals else { return nil }
            return ia.change(to: ib, figure)
        }

        /// `-0.4% ± 0.3%` (relative to A) or `+0.01 pp ± 0.02` for shares; `*` when the interval
        /// excludes 0, so the change is not noise.
        static func change(_ a: Double, _ b: Double, _ unit: String, interval ci: ConfidenceInterval?) -> String {
            let text = change(a, b, unit)
            guard let ci, !text.isEmpty else { return text }
            let sure = ci.low > 0 || ci.high < 0 ? "*" : " "
            if unit.hasPrefix("%") { return text + String(format: " ± %.2f", ci.halfWidth * 100) + sure }
            guard a != 0 else { return text }
            return text + String(format: " ± %.1f%%", ci.halfWidth / abs(a) * 100) + sure
        }

        static func format(_ v: Double, _ unit: String) -> String {
            if v.isNaN { return "–" }
            switch unit {
            case "ms": return FigureFormat.duration(seconds: v)
            case "/s": return FigureFormat.rate(perSecond: v)
            case "%": return FigureFormat.percent(v)
            case "%3": return FigureFormat.availability(v)
            case "$": return FigureFormat.money(v)
            default: return FigureFormat.csvNumber(v)
            }
        }

        static func change(_ a: Double, _ b: Double, _ unit: String) -> String {
            guard a.isFinite, b.isFinite else { return "" }
            if unit.hasPrefix("%") {
                // A change that rounds to nothing at the shown precision is none (it read -0.0000 pp).
                let digits = unit == "%3" ? 4 : 2, points = (b - a) * 100
                return abs(points) < 0.5 * pow(10, -Double(digits)) ? "0 pp" : String(format: "%+.\(digits)f pp", points)
            }
            guard a != 0 else { return b == 0 ? "0%" : "" }
            return String(format: "%+.1f%%", (b / a - 1) * 100)
        }

        static func table(a: SimulationResult, b: SimulationResult, pathA: String, labelB: String) -> String {
            // A long path or many --set changes wrap under their label, within 80 columns.
            func labelled(_ label: String, _ text: String) -> [String] {
                TextWrap.lines(text, width: 77).enumerated().map { ($0 == 0 ? label : "   ") + $1 }
            }
            var lines = labelled("A: ", pathA) + labelled("B: ", labelB)
            if let n = a.intervals?.replications {
                // Both sides run the same seeds (common random numbers); the figures are their means.
                lines.append("\(FigureFormat.count(a.requests)) requests each in \(n) replications, seeds from \(a.seed) (figures: their means)")
            } else {
                lines.append("\(FigureFormat.count(a.requests)) requests each, seed \(a.seed)")
            }
            let paired = a.intervals.flatMap { ia in b.intervals.flatMap { ia.change(to: $0, \.throughput) } } != nil
            if paired {
                lines.append("CHANGE ±: 95% interval of B − A, paired t over replications on the same seeds;")
                lines.append("*: the interval excludes 0, so the change is not run-to-run noise")
            }
            lines.append("")
            let changeWidth = paired ? 24 : 12
            lines.append(pad("", 18) + lpad("A", 14) + lpad("B", 14) + lpad("CHANGE", changeWidth))
            for (name, x, y, unit) in rows(a, b) {
                let text = paired ? change(x, y, unit, interval: changeInterval(a, b, row: name)) : change(x, y, unit)
                lines.append(pad(name, 18) + lpad(format(x, unit), 14) + lpad(format(y, unit), 14) + lpad(text, changeWidth))
            }
            lines.append(pad("stable", 18) + lpad(a.isStable ? "yes" : "NO", 14) + lpad(b.isStable ? "yes" : "NO", 14))
            lines.append(pad("bottleneck", 18) + lpad(a.bottleneck, 14) + lpad(b.bottleneck, 14))
            lines.append("")
            lines.append(pad("UTILISATION", 18) + lpad("A", 14) + lpad("B", 14) + lpad("CHANGE", 12))
            var ids = a.components.map(\.id)
            for c in b.components where !ids.contains(c.id) { ids.append(c.id) }
            // Offline stages take no requests (0% on both sides said nothing): left out, and said so.
            let offline = ids.filter { id in a.offline?[stage: id] != nil || b.offline?[stage: id] != nil }
            for id in ids where !offline.contains(id) {
                let x = a[component: id].map(a.load(of:)), y = b[component: id].map(b.load(of:))
                lines.append(pad(id, 18) + lpad(x.map(SimulationTable.utilization) ?? "-", 14) + lpad(y.map(SimulationTable.utilization) ?? "-", 14)
                             + lpad(x != nil && y != nil ? String(format: "%+.1f pp", ((y ?? 0) - (x ?? 0)) * 100) : "", 12))
            }
            if !offline.isEmpty {
                lines += TextWrap.lines("(\(offline.count) offline stage\(offline.count == 1 ? "" : "s") not listed: they take no requests)", width: 80)
            }
            let kinds = Requirement.Kind.allCases.filter { k in (a.requirements + b.requirements).contains { $0.kind == k } }
            if !kinds.isEmpty {
                lines.append("")
                lines.append(pad("REQUIREMENT", 18) + lpad("A", 14) + lpad("B", 14))
                for k in kinds {
                    func check(_ r: SimulationResult) -> Requirement? { r.requirements.first { $0.kind == k } }
                    func verdict(_ r: SimulationResult) -> String { check(r).map { $0.passes ? "pass" : "FAIL" } ?? "-" }
                    lines.append(pad(k.rawValue, 18) + lpad(verdict(a), 14) + lpad(verdict(b), 14))
                    for (label, r) in [("A", a), ("B", b)] {
                        if let reason = check(r)?.reason { lines += TextWrap.lines("\(label) ✗ " + reason, width: 76).map { "    " + $0 } }
                    }
                }
            }
            return lines.joined(separator: "\n")
        }

        /// The paired 95 % intervals of B − A, `{value, ci95_low, ci95_high}` per figure with spread
        /// (keys and units as in `delta`), or `null` unless both sides were replicated on the same seeds.
        static func deltaIntervalsJSON(_ a: SimulationResult, _ b: SimulationResult) -> String {
            guard let ia = a.intervals, let ib = b.intervals, ia.change(to: ib, \.throughput) != nil else { return "null" }
            func object(_ figure: Figure, scale: Double) -> String {
                guard let ci = ia.change(to: ib, figure) else { return "null" }
                func n(_ v: Double) -> String { (v * scale).isFinite ? "\(v * scale)" : "null" }
                return "{ \"ci95_high\" : \(n(ci.high)), \"ci95_low\" : \(n(ci.low)), \"value\" : \(n(ci.value)) }"
            }
            return """
                {
                  "degraded_share" : \(object(\.degradedShare, scale: 1)),
                  "error_rate" : \(object(\.errorRate, scale: 1)),
                  "latency_ms" : { "mean" : \(object(\.latencyMean, scale: 1000)), "p50" : \(object(\.latencyP50, scale: 1000)), "p95" : \(object(\.latencyP95, scale: 1000)), "p99" : \(object(\.latencyP99, scale: 1000)), "p999" : \(object(\.latencyP999, scale: 1000)) },
                  "throughput_rps" : \(object(\.throughput, scale: 1))
                }
                """
        }

        static func deltaJSON(_ a: SimulationResult, _ b: SimulationResult) -> String {
            func d(_ x: Double, _ y: Double) -> String { (y - x).isFinite ? "\(y - x)" : "null" }
            let la = a.answeredLatency, lb = b.answeredLatency
            return """
                {
                  "availability" : \(d(a.availability, b.availability)),
                  "cost_per_month" : \(d(a.cost.perMonth, b.cost.perMonth)),
                  "error_rate" : \(d(a.errorRate, b.errorRate)),
                  "latency_ms" : { "mean" : \(d(la.mean * 1000, lb.mean * 1000)), "p50" : \(d(la.p50 * 1000, lb.p50 * 1000)), "p95" : \(d(la.p95 * 1000, lb.p95 * 1000)), "p99" : \(d(la.p99 * 1000, lb.p99 * 1000)), "p999" : \(d(la.p999 * 1000, lb.p999 * 1000)) },
                  "throughput_rps" : \(d(a.throughput, b.throughput))
                }
                """
        }
    }
}
