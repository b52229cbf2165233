import ArgumentParser
import Foundation
import MLSDCore
import MLSDSim

extension MLSD {
    struct SweepCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Simulate a design over a range of one parameter, in parallel, and find where it breaks.",
            usage: CommandUsage.sweep,
            discussion: """
                The parameter is any --set key with a range: workload.qps=1k/s...20k/s, \
                scorer.replicas=2...16, cache.hit_ratio=50%...95%, scorer.timeout=20ms...80ms. \
                Point i uses seed S+i, so the result is the same for any --jobs. \
                The knee is the first point whose p99 is more than twice the first point's (or that \
                is unstable); a point passes when it is stable and meets the scenario's latency, \
                error, availability and budget requirements.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        /// One parameter; an array so that a second `--vary` is refused rather than silently replacing
        /// the first (`--vary workload.qps=… --vary scorer.replicas=…` swept the replicas alone).
        @Option(name: .customLong("vary"), parsing: .singleValue,
                help: ArgumentHelp("The parameter and its range: id.key=low...high (one).", valueName: "id.key=low...high"))
        var parameters: [String] = []
        var parameter: String { parameters.first ?? "" }
        @Option(help: "Number of points (2 to 1000). (default: 8)", transform: parseWholeNumber) var steps: Int = 8
        @Option(help: ArgumentHelp("Requests per point, e.g. 100k. (default: 100k, more for a burst or diurnal workload: one whole cycle a point, up to 2M)", valueName: "n")) var requests: String?
        @Option(help: "Seed of the first point. (default: 42)", transform: parseSeed) var seed: UInt64 = 42
        @Option(help: "Points run at once (default: the machine's cores).", transform: parseWholeNumber) var jobs: Int?
        @Option(help: "Output format: table, json or csv.") var format: Format = .table

        func validate() throws {
            if parameters.isEmpty {
                throw ValidationError("missing --vary id.key=low...high: the parameter and its range, such as --vary workload.qps=1k/s...20k/s")
            }
            if parameters.count > 1 {
                throw ValidationError("a sweep varies one parameter; --vary was given \(parameters.count) times (\(parameters.map { "'\($0)'" }.joined(separator: ", "))): run one sweep for each")
            }
            if let requests, SimulationOptions.count(requests) == nil { throw ValidationError("invalid --requests '\(requests)': expected a positive count such as 100k") }
            if !(2...1000).contains(steps) { throw ValidationError("--steps must be from 2 to 1000, not \(steps)") }
            if let jobs, jobs < 1 { throw ValidationError("invalid --jobs '\(jobs)': expected 1 or more") }
        }

        func run() throws {
            let (s, _) = try loadScenario(scenario)
            let sweep: Sweep
            do {
                // Without --requests, as `mlsd simulate`: a point of a burst or diurnal workload
                // measures one whole cycle (up to 2M requests), or its requirements cannot be judged.
                sweep = try Sweep(scenario: s, parameter: parameter, steps: steps,
                                  options: .init(seed: seed, stop: .requests(requests.flatMap(SimulationOptions.count) ?? 100_000),
                                                 wholeCycleCap: requests == nil ? ShortRun.maximumCycleRequests : nil))
            } catch {
                printFailure("\(error.description)")
                throw ExitCode(64)
            }
            // A parameter that can have no effect (a hit ratio without on_miss) warns as --set does;
            // the range's two ends are the values a warning about an implausible one would name.
            var warned: Set<String> = []
            for value in [sweep.values.first, sweep.values.last].compactMap({ $0 }) {
                guard let changed = try? s.applying([DesignOverride(target: sweep.target, key: sweep.key, value: value.text)]) else { continue }
                for message in changed.newWarnings(since: s) where warned.insert(message).inserted {
                    printError("mlsd: warning: --vary \(parameter): \(message)")
                }
            }
            let progress = ProgressLine(label: "sweep")
            Interrupt.install()
            let result = sweep.run(jobs: jobs ?? Sweep.defaultJobs, progress: { progress.show($0) },
                                   isCancelled: { Interrupt.requested.load(ordering: .relaxed) })
            Interrupt.uninstall()
            progress.clear()
            switch format {
            case .table: print(Charset.shaped(table(result, scenario: s)))
            case .csv: print(csv(result), terminator: "")
            case .json: print(try json(result))
            }
            if result.points.contains(where: { $0.error != nil }) { throw ExitCode(65) }
            if result.wasCancelled {
                printError("mlsd: sweep stopped by Ctrl-C after \(result.points.count) of \(sweep.values.count) points; the table shows those")
                throw ExitCode(130)
            }
        }

        /// "100k requests each", or the range when points were lengthened to a whole burst or diurnal cycle.
        func requestsText(_ r: SweepResult) -> String {
            let counts = r.points.compactMap { $0.result.map { $0.requests + $0.warmupRequests } }
            guard let low = counts.min(), let high = counts.max(), low != high else {
                return "\(requests ?? counts.first.map(FigureFormat.count) ?? "100k") requests each"
            }
            return "\(FigureFormat.count(low))–\(FigureFormat.count(high)) requests a point (each at least one whole arrival cycle)"
        }

        func table(_ r: SweepResult, scenario s: Scenario) -> String {
            var lines = ["\(s.name): \(r.parameter) over \(r.points.count) point\(r.points.count == 1 ? "" : "s"), \(requestsText(r)), seeds \(seed)…\(seed &+ UInt64(max(r.points.count - 1, 0)))", ""]
            let w = max(8, r.points.map { $0.value.text.count }.max() ?? 0)
            lines.append(r.parameter.split(separator: ".").last.map(String.init)?.uppercased().padded(w) ?? "VALUE".padded(w))
            // A design with an LLM shows its token figures where the request latency would be.
            let isLLM = r.points.contains { !($0.result?.llm.isEmpty ?? true) }
            lines[lines.count - 1] += isLLM ? " TTFT p99 TPOT p99  ERRORS    TOK/S  BUSIEST           ρ   $/MONTH  PASS"
                : "   P50 ms   P99 ms  ERRORS DEGRADED  BUSIEST           ρ   $/MONTH  PASS"
            for p in r.points {
                guard let x = p.result else {
                    lines.append(p.value.text.padded(w) + "  error: " + (p.error ?? "?"))
                    continue
                }
                // ρ: the bottleneck's load (an llm_server's share of its capacity); for an unstable point the offered one (retries included), marked !.
                let rho = x.bottleneckLoad
                let latency = { (v: Double) in x.successes > 0 ? FigureFormat.milliseconds(seconds: v) : "–" }
                let token = { (t: SimulationResult.TokenLatency?) in t.flatMap { $0.count > 0 ? FigureFormat.milliseconds(seconds: $0.p99) : nil } ?? "–" }
                let cells = isLLM ? [
                    token(x.endToEndTTFT).leftPadded(8), token(x.endToEndTPOT).leftPadded(8),
                    FigureFormat.percent(x.errorRate).leftPadded(7), FigureFormat.count(Int(x.outputTokensPerSecond.rounded())).leftPadded(8),
                ] : [
                    latency(x.latency.p50).leftPadded(8), latency(x.latency.p99).leftPadded(8),
                    FigureFormat.percent(x.errorRate).leftPadded(7), FigureFormat.percent(x.degradedShare).leftPadded(8),
                ]
                let rest = [
                    " " + String(x.bottleneck.prefix(12)).padded(12),
                    FigureFormat.fixed2(rho).leftPadded(6) + (x.isStable ? " " : "!"), FigureFormat.money(x.cost.perMonth).leftPadded(8),
                    p.passes ? "  yes" : "  no",
                ]
                lines.append(p.value.text.padded(w) + " " + (cells + rest).joined(separator: " "))
                if isLLM, !p.passes, let why = x.requirements.first(where: { !$0.passes && $0.kind != .peakQPS })?.reason {
                    lines += TextWrap.lines(why, width: 80 - w - 3).map { String(repeating: " ", count: w + 3) + $0 }
                }
            }
            lines.append("")
            if r.parameter == "workload.qps" {
                lines.append("knee: " + (r.knee.map { "\($0.text) (first unstable point, or p99 over twice the first point's)" } ?? "none in this range"))
            }
            if let hi = r.highestPassing, let lo = r.lowestPassing {
                // One passing point is a point, not a range ("passing: 95% to 95%").
                lines.append(lo == hi ? "passing: \(lo.text) only" : "passing: \(lo.text) to \(hi.text) (highest \(hi.text), lowest \(lo.text))")
            } else {
                lines.append("passing: no point meets the requirements")
                // What fails at every point is not this parameter's doing: say so, with its figure.
                let everywhere = r.failingAtEveryPoint
                if !everywhere.isEmpty, everywhere.count < (r.points.first { $0.result != nil }?.result?.requirements.count ?? 0) {
                    // A short shortfall stays on one line (`Model age 1.19 d, target ≤ 1 d`).
                    let named = everywhere.map { $0.shortfall.count <= 40 ? $0.shortfall.replacingOccurrences(of: " ", with: TextWrap.nonBreakingSpace) : $0.shortfall }
                    lines += TextWrap.lines("fails at every point, whatever \(r.parameter) is: " + named.joined(separator: "; "), width: 80)
                }
            }
            // Points of a burst or diurnal workload too short for one whole cycle (--requests given)
            // read "no" with nothing failing above: say why.
            let partial = r.points.filter { $0.result?.partialCycle != nil }
            if let cycle = partial.first?.result?.partialCycle {
                let which = partial.count == r.points.count ? "every point" : (partial.count == 1 ? "the point " : "the points ") + partial.map(\.value.text).joined(separator: ", ")
                lines += TextWrap.lines("\(which) measured part of the \(cycle.pattern) cycle of \(FigureFormat.exactDuration(seconds: cycle.cycleSeconds)), so "
                    + "\(partial.count == 1 ? "its" : "their") requirements cannot be judged: without --requests each point measures a whole cycle", width: 80)
            }
            return lines.joined(separator: "\n")
        }

        func csv(_ r: SweepResult) -> String {
            let isLLM = r.points.contains { !($0.result?.llm.isEmpty ?? true) }
            // `number` is the value as a plain number for plotting (`1k/s` → 1000); stable and pass
            // are 1 or 0, as in `mlsd simulate --format csv`.
            var rows = ["value,number,p50_ms,p99_ms,error_rate,degraded_share,bottleneck,utilization,stable,cost_per_month,pass" + (isLLM ? ",ttft_p99_ms,tpot_p99_ms,output_tokens_per_second" : "")]
            for p in r.points {
                guard let x = p.result else { continue }
                let n = FigureFormat.csvNumber
                rows.append([FigureFormat.csvField(p.value.text), n(p.value.number), n(x.answeredLatency.p50 * 1000), n(x.answeredLatency.p99 * 1000), n(x.errorRate), n(x.degradedShare), FigureFormat.csvField(x.bottleneck),
                             n(x.bottleneckLoad), x.isStable ? "1" : "0", n(x.cost.perMonth), p.passes ? "1" : "0"].joined(separator: ",")
                             + (isLLM ? "," + [x.endToEndTTFT, x.endToEndTPOT].map { t in t.flatMap { $0.count > 0 ? n($0.p99 * 1000) : nil } ?? "" }.joined(separator: ",")
                                 + "," + n(x.outputTokensPerSecond) : ""))
            }
            return rows.joined(separator: "\n") + "\n"
        }

        func json(_ r: SweepResult) throws -> String {
            var points: [[String: Any]] = []
            for p in r.points {
                var o: [String: Any] = ["value": p.value.text, "number": p.value.number, "pass": p.passes]
                if let x = p.result { o["result"] = try JSONSerialization.jsonObject(with: Data(x.jsonText().utf8)) }
                if let e = p.error { o["error"] = e }
                points.append(o)
            }
            var doc: [String: Any] = ["parameter": r.parameter, "points": points]
            doc["knee"] = r.knee?.text ?? NSNull()
            doc["highest_passing"] = r.highestPassing?.text ?? NSNull()
            doc["lowest_passing"] = r.lowestPassing?.text ?? NSNull()
            doc["failing_at_every_point"] = r.failingAtEveryPoint.map(\.kind.rawValue)
            let data = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return SafeText.jsonEscaped(String(decoding: data, as: UTF8.self))
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
