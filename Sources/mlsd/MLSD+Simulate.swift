import ArgumentParser
import Foundation
import MLSDCore
import MLSDSim

/// Options shared by `simulate` and `compare`.
struct SimulationOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Option(help: ArgumentHelp("Arrival rate, e.g. 5k/s or 5000 (default: the scenario's).", valueName: "rate")) var qps: String?
    @Option(help: ArgumentHelp("Requests to simulate, e.g. 200k or 1M (default 200k).", valueName: "n")) var requests: String?
    @Option(help: ArgumentHelp("Simulated time instead of a request count, e.g. 30s.", valueName: "duration")) var duration: String?
    @Option(help: "Random seed; the same seed gives the same result. (default: 42)", transform: parseSeed) var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Fraction of the run discarded as warm-up, 0 to 0.9. (default: 0.1)", valueName: "fraction"), transform: parseNumber) var warmup: Double = 0.1
    @Option(name: .customLong("set"), help: ArgumentHelp("Change the design: id.key=value, e.g. scorer.replicas=8 (repeatable).", valueName: "id.key=value"))
    var overrides: [String] = []
    @Option(name: .customLong("down"), help: ArgumentHelp("Take replicas down for a window: id=replicas@start-end, e.g. scorer=4@10s-20s, or a whole zone: zone:N@start-end, e.g. zone:1@10s-20s (repeatable).", valueName: "id=n@start-end"))
    var outages: [String] = []
    @Option(name: .customLong("slow"), help: ArgumentHelp("Slow a component for a window: id=factor@start-end, e.g. scorer=3x@10s-20s (services starting in the window take 3 times as long; repeatable).", valueName: "id=Nx@start-end"))
    var slowdowns: [String] = []
    @Option(name: .customLong("hit-ratio"), help: ArgumentHelp("Drop a cache's hit ratio for a window: id=ratio@start-end, e.g. inbox=40%@10s-20s for the cache inbox (repeatable).", valueName: "id=N%@start-end"))
    var hitRatios: [String] = []
    @Option(help: "Output format: table, json or csv.") var format: Format = .table
    @Option(help: ArgumentHelp("Independent replications (2 to 1000), each with its own seed derived from --seed and --requests requests, run in parallel: every headline figure gets a 95% confidence interval.", valueName: "n"), transform: parseWholeNumber)
    var replications: Int?
    @Option(help: ArgumentHelp("Add replications until the p99's 95% interval is within this share of it, e.g. 2% (replications of 20k requests, more for a slow component, unless --requests; starts with 8 or --replications; at most 100).", valueName: "percent"))
    var precision: String?
    @Option(help: ArgumentHelp("Replications run at once (default: the machine's cores); the result is the same for any number.", valueName: "n"), transform: parseWholeNumber)
    var jobs: Int?

    func validate() throws {
        if let replications, !(2...1000).contains(replications) {
            throw ValidationError("invalid --replications '\(replications)': expected 2 to 1000 (one run has no interval: leave the option out)")
        }
        if let precision, Self.precisionFraction(precision) == nil {
            throw ValidationError("invalid --precision '\(precision)': expected a percentage above 0% and at most 50%, such as 2%")
        }
        if let jobs, !(1...1024).contains(jobs) { throw ValidationError("invalid --jobs '\(jobs)': expected 1 to 1024") }
        if jobs != nil, replications == nil, precision == nil {
            throw ValidationError("--jobs runs replications at once: give --replications or --precision as well")
        }
        if requests != nil, duration != nil { throw ValidationError("Give either --requests or --duration, not both.") }
        if let requests, Self.count(requests) == nil { throw ValidationError("invalid --requests '\(requests)': expected a positive count such as 200k or 1M") }
        if let duration, !(TimeSpan(parsing: duration).map { ValueBounds.allows($0) } ?? false) {
            throw ValidationError("invalid --duration '\(duration)': expected a duration above 0 such as 30s, 10m, 2h, 1h30m or 7d (units ms, s, m, h, d), at most 365d")
        }
        if let qps, let error = Self.qpsError(qps) { throw error }
        if !(0...0.9).contains(warmup) { throw ValidationError("invalid --warmup '\(UnitNumber.format(warmup))': expected a fraction from 0 to 0.9") }
        do {
            var check = Simulation.Options()
            // A zone is checked against the design in run(), which knows how many it spans: read
            // here, zone:9 said "N from 1 to 8" and zone:5 "the design spans 3 zones".
            for (option, texts) in faultTexts { try check.addFaults(texts.filter { !$0.hasPrefix("zone:") }, as: option) }
        } catch { throw ValidationError(error.description) }
    }

    /// The fault options' values, by option, in the order the options are listed.
    var faultTexts: [(Outage.Option, [String])] { [(.down, outages), (.slow, slowdowns), (.hitRatio, hitRatios)] }

    /// `2%` as 0.02, when above 0 and at most 50 %.
    static func precisionFraction(_ text: String) -> Double? {
        guard let p = Percentage(parsing: text), p.fraction > 0, p.fraction <= 0.5 else { return nil }
        return p.fraction
    }

    /// The replications asked for, or nil for one run.
    var plan: ReplicationPlan? {
        guard replications != nil || precision != nil else { return nil }
        let jobs = jobs ?? Sweep.defaultJobs
        if let fraction = precision.flatMap(Self.precisionFraction) {
            return ReplicationPlan(replications: replications ?? ReplicationPlan.defaultInitialReplications, precision: fraction, jobs: jobs)
        }
        return ReplicationPlan(replications: replications ?? 2, jobs: jobs)
    }

    static func count(_ text: String) -> Int? {
        guard let v = Count.parse(text), v >= 1, v <= 1e10 else { return nil }
        return Int(v)
    }

    /// `5k/s`, or a plain number per second (`5000`, or `5k` like `--requests`), within the file's bounds (``ValueBounds``).
    static func rate(_ text: String) -> Rate? {
        guard let r = Rate(parsingTyped: text), ValueBounds.allows(r) else { return nil }
        return r
    }

    /// Requests a run simulates without `--requests` or `--duration` (warm-up included).
    static let defaultRequests = Simulation.defaultRequests

    /// Why a `--qps` value is refused (what its spelling gets wrong, or what was expected); nil when it is a rate.
    static func qpsError(_ text: String) -> ValidationError? {
        guard rate(text) == nil else { return nil }
        return ValidationError("invalid --qps '\(text)': " + (Rate.spellingProblem(in: text) ?? "expected a rate such as 5k/s or 5000, \(ValueBounds.rateText)"))
    }

    var options: Simulation.Options {
        let stop: Simulation.StopCondition = if let duration, let t = TimeSpan(parsing: duration) { .time(t.seconds) }
            else { .requests(requests.flatMap(Self.count) ?? (precision != nil ? ReplicationPlan.defaultRequestsPerReplication : Self.defaultRequests)) }
        var options = Simulation.Options(rate: qps.flatMap(Self.rate), seed: seed, stop: stop, warmupFraction: warmup)
        // validate() has read them already.
        for (option, texts) in faultTexts { try? options.addFaults(texts, as: option) }
        return options
    }

    /// Parses the `--set` changes; a bad one is a usage error (exit 64).
    func parsedOverrides() throws -> [DesignOverride] {
        do {
            return try overrides.map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) }
        } catch {
            printFailure("\(error)")
            throw ExitCode(64)
        }
    }

    /// Applies `--set` changes to a scenario; a change that does not fit the design exits 64. A change
    /// that can have no effect or is implausible (a validation warning the design did not have before)
    /// prints `mlsd: warning: --set …: …` on standard error and the run goes on.
    func apply(_ overrides: [DesignOverride], to scenario: Scenario) throws -> Scenario {
        guard !overrides.isEmpty else { return scenario }
        let changed: Scenario
        do { changed = try scenario.applying(overrides) } catch {
            printFailure("\(error)")
            throw ExitCode(64)
        }
        for message in changed.newWarnings(since: scenario) {
            printError("mlsd: warning: --set \(overrides.map(\.description).joined(separator: " ")): \(message)")
        }
        return changed
    }


    /// Runs a scenario; a design the simulator cannot run exits 65, an outage of an unknown component 64.
    func run(_ scenario: Scenario, withOutages: Bool = true) throws -> SimulationResult {
        var options = self.options
        // A precision run's replications span enough of the design's slowest service (ShortRun).
        if precision != nil, requests == nil, duration == nil {
            options.stop = .requests(ReplicationPlan.requestsPerReplication(for: scenario, rate: options.rate?.perSecond))
        } else if requests == nil, duration == nil, case .requests(let n) = options.stop {
            // A burst or diurnal workload: long enough to measure one whole cycle, up to 2M.
            options.stop = .requests(ShortRun.lengthenedForCycle(n, scenario: scenario, rate: options.rate?.perSecond ?? scenario.offeredRate.perSecond))
        }
        if !withOutages { options.outages = [] }
        if withOutages {
            do {
                var check = Simulation.Options()
                for (option, texts) in faultTexts { try check.addFaults(texts, as: option, checkedAgainst: scenario.design) }
                for warning in Outage.hitRatioWarnings(check.outages, design: scenario.design) { printError("mlsd: warning: --hit-ratio \(warning)") }
            } catch {
                printFailure("\(error)")
                throw ExitCode(64)
            }
        }
        // --duration × the rate is a request count too, with the same bound as --requests.
        if case .time(let seconds) = options.stop {
            let rate = options.rate?.perSecond ?? scenario.offeredRate.perSecond
            if seconds * rate > ValueBounds.maximumRequests {
                printFailure("invalid --duration '\(duration ?? "")': at \(Rate(perSecond: rate)) it means about \(Int(saturating: seconds * rate)) requests; at most 10000000000")
                throw ExitCode(64)
            }
        }
        // Every replication runs the whole length: the total is bounded like one run's.
        if let plan, case .requests(let n) = options.stop {
            let most = plan.precision == nil ? plan.replications : plan.maximumReplications
            if Double(n) * Double(most) > ValueBounds.maximumRequests {
                printFailure("invalid --requests '\(requests ?? "")': \(most) replications of it exceed 10000000000 requests")
                throw ExitCode(64)
            }
        }
        do {
            if let plan { return try Simulation.run(scenario, options: options, plan: plan) }
            return try Simulation.run(scenario, options: options)
        } catch {
            printFailure("\(error)")
            throw ExitCode(65)
        }
    }
}

extension MLSD {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a scenario under load: latency, throughput, errors, utilisation, cost, availability.",
            discussion: """
                Runs the discrete-event simulator on the scenario's design and checks its \
                requirements. The same seed gives the same output. Exit codes: 0 ok (even if a \
                requirement fails), 64 bad option or --set, 65 invalid scenario, 66 file not found, \
                130 stopped by Ctrl-C (nothing is printed but a line saying so: part of a run is not judged).
                """)

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        @OptionGroup var simulation: SimulationOptions
        @Option(help: ArgumentHelp("Also show the run in time buckets of this length, e.g. 1s: p50/p99, throughput, failed and degraded share per bucket, and with a fault (--down, --slow, --hit-ratio) the time to recover and the requests the fault cost.", valueName: "duration"))
        var timeline: String?

        var timelineSeconds: Double? { timeline.flatMap(TimeSpan.init(parsing:)).map(\.seconds) }

        func validate() throws {
            guard let timeline else { return }
            guard let t = timelineSeconds, t >= 0.001, t <= 86_400 else {
                throw ValidationError("invalid --timeline '\(timeline)': expected a bucket length from 1ms to 24h such as 1s")
            }
            _ = t
            if simulation.replications != nil || simulation.precision != nil {
                throw ValidationError("--timeline shows one run; leave out --replications and --precision")
            }
        }

        /// A round bucket length giving about 20 buckets over a run of `seconds`.
        static func suggestedBucket(forRun seconds: Double) -> Double {
            let rough = max(seconds / 20, 0.001)
            let scale = pow(10, (log10(rough)).rounded(.down))
            return [1.0, 2, 5, 10].map { $0 * scale }.first { $0 >= rough } ?? 10 * scale
        }

        func run() throws {
            Interrupt.installQuitting()
            defer { Interrupt.uninstall() }
            let overrides = try simulation.parsedOverrides()
            let (loaded, path) = try loadScenario(scenario)
            let s = try simulation.apply(overrides, to: loaded)
            // Too many buckets is known before the run when its length is (a timed run, or a
            // number of requests at the offered rate): refused then, not after seconds of simulation.
            if let seconds = timelineSeconds {
                let length: Double
                switch simulation.options.stop {
                case .time(let d): length = d
                case .requests(let n): length = Double(n) / max(simulation.options.rate?.perSecond ?? s.offeredRate.perSecond, 1e-9)
                }
                if length / seconds > 2_000 * 1.1 {
                    let about = if case .time = simulation.options.stop { "" } else { "about " }
                    printFailure("--timeline \(timeline ?? ""): \(about)\(FigureFormat.count(Int(min(length / seconds, 1e15)))) buckets over a run of \(about)\(FigureFormat.duration(seconds: length)); at most 2,000: choose a longer bucket, such as \(FigureFormat.duration(seconds: Self.suggestedBucket(forRun: length)))")
                    throw ExitCode(64)
                }
            }
            let result = try simulation.run(s)
            var timelineResult: Timeline?
            if let seconds = timelineSeconds {
                do { timelineResult = try Timeline.run(s, options: simulation.options, bucketSeconds: seconds).1 } catch {
                    printFailure(error.description)
                    throw ExitCode(65)
                }
                // A bucket as long as the run is the run itself: no before and after to compare.
                if let t = timelineResult, t.buckets.isEmpty || t.bucketSeconds >= t.runSeconds * (1 - 1e-9), !t.wasCancelled {
                    printFailure("--timeline \(timeline ?? ""): a bucket as long as the run (\(FigureFormat.duration(seconds: t.runSeconds))) or longer leaves no before and after to compare; choose a shorter one, such as \(FigureFormat.duration(seconds: Self.suggestedBucket(forRun: t.runSeconds)))")
                    throw ExitCode(64)
                }
                if let t = timelineResult, t.buckets.count > 2_000 {
                    printFailure("--timeline \(timeline ?? ""): \(FigureFormat.count(t.buckets.count)) buckets; at most 2,000: choose a longer bucket, such as \(FigureFormat.duration(seconds: Self.suggestedBucket(forRun: t.runSeconds)))")
                    throw ExitCode(64)
                }
            }
            switch simulation.format {
            case .json:
                var text = result.jsonText()
                if let t = timelineResult, let close = text.lastIndex(of: "}") {
                    text = String(text[..<close]).trimmingCharacters(in: .whitespacesAndNewlines) + ",\n\"timeline\": " + TimelineReport(timeline: t).json + "\n}"
                }
                print(text)
            case .csv:
                print(result.csvText(), terminator: "")
                if let t = timelineResult { print(TimelineReport(timeline: t).csvRows, terminator: "") }
            case .table:
                print(Charset.shaped(SimulationTable(scenario: s, path: path, result: result, overrides: overrides).text))
                if let t = timelineResult { print(""); print(Charset.shaped(TimelineReport(timeline: t).text)) }
            }
        }
    }
}

/// The 80-column text report of one run.
struct SimulationTable {
    var scenario: Scenario
    var path: String
    var result: SimulationResult
    var overrides: [DesignOverride]

    var text: String {
        let r = result
        var lines: [String] = []
        lines.append("\(scenario.name) (\(path))")
        if !overrides.isEmpty {
            // Wrapped between the changes to fit 80 columns, continuation lines under the first change.
            let changes = overrides.map { $0.description.replacingOccurrences(of: " ", with: TextWrap.nonBreakingSpace) }
            let wrapped = TextWrap.lines(changes.joined(separator: " "), width: 80 - 5)
            lines += wrapped.enumerated().map { ($0 == 0 ? "with " : "     ") + $1 }
        }
        var zonesShown: Set<[Double]> = []
        for o in r.outages {
            // A fault the run ended before is listed as asked for, not as if it had happened.
            let window = "from \(TimeSpan(seconds: o.startSeconds)) to \(TimeSpan(seconds: o.endSeconds))"
            let never = r.neverStartedFaults.contains(o) ? " (never started: the run ended first)" : ""
            guard let zone = o.zone else {
                lines.append("\(o.replicasDown > 0 ? "outage" : "fault"): \(o.summary) \(window)\(never)")
                continue
            }
            // A zone's loss was expanded into one outage per component: one line for all of them.
            guard zonesShown.insert([Double(zone), o.startSeconds, o.endSeconds]).inserted else { continue }
            let inZone = r.outages.filter { $0.zone == zone && $0.startSeconds == o.startSeconds && $0.endSeconds == o.endSeconds }
            // Offline stages (training, batch jobs) lose their replicas too, but serve no request:
            // counted, not listed among the request path's losses.
            let offline = inZone.filter { scenario.design[$0.id]?.kind.isOffline == true }
            var parts = inZone.filter { scenario.design[$0.id]?.kind.isOffline != true }
                .map { "\($0.replicasDown) of \(scenario.design[$0.id]?.replicas ?? $0.replicasDown) \($0.id)" }
            if !offline.isEmpty { parts.append("and replicas of \(offline.count) offline stage\(offline.count == 1 ? "" : "s"), which serve no requests") }
            lines += TextWrap.lines("outage: zone \(zone) down \(window), taking " + parts.joined(separator: ", ") + never, width: 80)
        }
        if let i = r.intervals {
            // Wrapped: with replications it ran to 83–87 columns (`144,000 requests in 8 replications …`).
            lines += TextWrap.lines("\(FigureFormat.count(r.requests)) requests in \(i.replications) replications at \(FigureFormat.rate(perSecond: r.analytic.arrivalRate)), seeds from \(r.seed), \(FigureFormat.count(r.warmupRequests)) warm-up discarded", width: 80)
            lines += TextWrap.lines(Self.intervalNote(i), width: 80)
        } else {
            lines += TextWrap.lines("\(FigureFormat.count(r.requests)) request\(r.requests == 1 ? "" : "s") \(Self.loadText(r)), seed \(r.seed), \(FigureFormat.count(r.warmupRequests)) warm-up discarded", width: 80)
        }
        lines.append("")
        lines += Self.headline(r, design: scenario.design)
        if !scenario.knownGaps.isEmpty { lines.append("Known gaps  " + scenario.knownGaps.joined(separator: "; ")) }
        lines.append("")
        lines.append(pad("COMPONENT", 16) + lpad("UTIL", 7) + lpad("WAIT", 9) + lpad("SOJOURN", 9) + lpad("P99", 9) + lpad("≈UTIL", 8) + lpad("≈WAIT", 9) + lpad("ERR", 7))
        let analytic = Dictionary(r.analytic.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Offline components receive no requests; the offline plan below the requirements describes them.
        let rows = r.components.filter { r.offline?[stage: $0.id] == nil }
        let times = Self.componentTimes(rows.flatMap { [$0.meanWaitSeconds, $0.meanSojournSeconds, $0.p99SojournSeconds, analytic[$0.id]?.meanWaitSeconds ?? 0] })
        for c in rows {
            let a = analytic[c.id]
            lines.append(pad(c.id, 16) + lpad(Self.utilization(r.load(of: c)), 7) + lpad(times.format(c.meanWaitSeconds), 9) + lpad(times.format(c.meanSojournSeconds), 9)
                         + lpad(times.format(c.p99SojournSeconds), 9) + lpad(Self.utilization(a?.utilization ?? 0), 8) + lpad(times.format(a?.meanWaitSeconds ?? 0), 9)
                         + lpad(Self.errorCount(c.rejected + c.timeouts), 7))
        }
        // A component no measured call reached (or none finished there) has no time to give.
        let unmeasured = rows.contains { $0.meanWaitSeconds.isNaN || $0.p99SojournSeconds.isNaN } ? "; –: no measured call served there" : ""
        lines += TextWrap.lines("(\(times.caption); ≈: analytic estimate; ERR: rejections + timeouts\(unmeasured))", width: 80)
        if !r.llm.isEmpty {
            // Its batch slots in use (BATCH below) stay low while its step time already limits it.
            lines += TextWrap.lines("(an llm_server's UTIL is the share of its capacity its load asks for, as in ≈UTIL and the bottleneck line)", width: 80)
        }
        lines += Self.llmRows(r)
        lines += Self.loadRows(r)
        if !r.criticalPathP99.isEmpty {
            lines.append("")
            lines.append("Slowest 1%: mean time on the critical path")
            let total = r.criticalPathP99.map(\.seconds).reduce(0, +)
            for step in r.criticalPathP99 {
                let width = total > 0 ? Int((step.seconds / total * 40).rounded()) : 0
                // Each step in its own unit: an LLM's 26.3 s beside a gateway's 2.51 ms.
                lines.append("  " + pad(step.id, 16) + lpad(FigureFormat.duration(seconds: step.seconds), 12) + "  " + String(repeating: "█", count: width))
            }
        }
        if !r.requirements.isEmpty {
            lines.append("")
            lines += Self.requirementRows(r.requirements)
        }
        if let plan = r.offline, !plan.isEmpty {
            lines.append("")
            lines += plan.reportLines()
        }
        for w in r.warnings {
            lines.append("")
            lines += TextWrap.lines("warning: " + w, width: 80)
        }
        return lines.joined(separator: "\n")
    }

    /// How the component table writes its times: bare milliseconds under a "times in ms" caption,
    /// unless one reaches 10 s (an agent's 5-minute sojourn would read 308154): then each time
    /// carries its own unit, `2.52 ms` beside `308 s`, as the critical path below does.
    static func componentTimes(_ seconds: [Double]) -> (format: (Double) -> String, caption: String) {
        if seconds.contains(where: { $0.isFinite && $0 >= 9.9995 }) {
            // What reads 0 in milliseconds reads 0 here too, without a unit.
            return ({ FigureFormat.milliseconds(seconds: $0) == "0" ? "0" : FigureFormat.duration(seconds: $0) }, "each time in its unit")
        }
        return ({ FigureFormat.milliseconds(seconds: $0) }, "times in ms")
    }

    /// A mean batch for its 7-column cell: one decimal under 100, whole from there (`24.7`, `254`;
    /// `254.06` met the KV column with a single space).
    static func batch(_ b: Double) -> String {
        b >= 99.95 ? String(Int(b.rounded())) : String(format: "%.1f", b)
    }

    /// A utilisation for the table's 7 columns, at most 6 characters: under 0.01 % reads `<0.01%`,
    /// under 0.1 % with 2 significant digits (`0.03%`). A handoff busy `0.000584%` of the time and a
    /// gateway at `0.0296%` overflowed the column and pushed the rest of the row right.
    static func utilization(_ fraction: Double) -> String {
        guard fraction > 0 else { return FigureFormat.percent(fraction) }
        if fraction < 0.0001 { return "<0.01%" }
        return FigureFormat.percent(fraction, digits: fraction < 0.001 ? 2 : 3)
    }

    /// `at 500/s`, or `from 8 users (closed loop)`.
    static func loadText(_ r: SimulationResult) -> String {
        guard let users = r.closedLoopUsers else { return "at \(FigureFormat.rate(perSecond: r.analytic.arrivalRate))" }
        return "from \(FigureFormat.count(users)) closed-loop user\(users == 1 ? "" : "s")"
    }

    /// The KV column's share, at most 5 characters so its column keeps a space before it: 2
    /// significant digits under 1 % (`0.31%`; `0.306%` pushed code-completion's row to 81 columns).
    static func kvShare(_ fraction: Double) -> String {
        if fraction > 0, fraction < 0.001 { return "<0.1%" }
        return fraction > 0 && fraction < 0.01 ? FigureFormat.percent(fraction, digits: 2) : FigureFormat.percent(fraction)
    }

    /// Per `llm_server`: TTFT and TPOT percentiles, tokens per second, batch, KV cache, preemptions
    /// and cost per token; then the end-to-end TTFT and TPOT. Empty without an LLM.
    static func llmRows(_ r: SimulationResult) -> [String] {
        guard !r.llm.isEmpty else { return [] }
        let ms = { (v: Double) in FigureFormat.milliseconds(seconds: v) }
        var lines = ["", pad("LLM", 15) + lpad("TTFT p50", 9) + lpad("p99", 8) + lpad("TPOT p50", 9) + lpad("p99", 7) + lpad("TOK/S/GPU", 10) + lpad("BATCH", 7) + lpad("KV", 6) + lpad("$/1M TOK", 9)]
        for l in r.llm {
            let cost = l.costPerMillionOutputTokens
            lines.append(pad(l.id, 15) + lpad(l.ttft.count > 0 ? ms(l.ttft.p50) : "–", 9) + lpad(l.ttft.count > 0 ? ms(l.ttft.p99) : "–", 8)
                         + lpad(l.tpot.count > 0 ? ms(l.tpot.p50) : "–", 9) + lpad(l.tpot.count > 0 ? ms(l.tpot.p99) : "–", 7)
                         + lpad(FigureFormat.count(Int(l.outputTokensPerSecondPerGPU.rounded())), 10) + lpad(Self.batch(l.meanBatch), 7)
                         + lpad(Self.kvShare(l.meanKVUtilization), 6) + lpad(cost.isFinite ? FigureFormat.money(cost) : "–", 9))
            var detail = "\(l.replicas) × \(l.gpusPerReplica) \(l.gpu) \(l.precision), \(l.model); KV \(FigureFormat.count(l.kvCapacityTokens)) tokens/replica, peak \(FigureFormat.percent(l.peakKVUtilization))"
            detail += "; \(FigureFormat.count(Int(l.outputTokensPerSecond.rounded()))) tokens/s"
            if l.preemptions > 0 { detail += "; \(FigureFormat.count(l.preemptions)) preempted" }
            if l.refusedTooLong > 0 { detail += "; \(FigureFormat.count(l.refusedTooLong)) refused (prompt over the KV cache)" }
            // Indented under its server's row, the wrapped part too.
            lines += TextWrap.lines(detail, width: 78).map { "  " + $0 }
        }
        if let t = r.endToEndTTFT, t.count > 0 {
            var e2e = "End to end  TTFT p50 \(ms(t.p50)) p90 \(ms(t.p90)) p99 \(ms(t.p99))"
            if let p = r.endToEndTPOT, p.count > 0 { e2e += "; TPOT p50 \(ms(p.p50)) p99 \(ms(p.p99))" }
            lines.append(e2e)
        }
        lines += TextWrap.lines("(TTFT, TPOT in ms; TOK/S/GPU: output tokens per second per GPU; BATCH: sequences per step; KV: cache in use; $/1M TOK: per million output tokens)", width: 80)
        return lines
    }

    /// What `±` means, and what became of a precision target.
    static func intervalNote(_ i: SimulationResult.Intervals) -> String {
        var note = "±: 95% confidence interval half-width, Student t over \(i.replications) replications"
        if let p = i.precision {
            let got = i.latencyP99.map { "p99 ±\(FigureFormat.percent($0.relativeHalfWidth))" } ?? "p99 has no interval"
            note += p.reached ? "; precision \(FigureFormat.percent(p.target)) reached: \(got)"
                : "; precision \(FigureFormat.percent(p.target)) NOT reached: \(got); stopped because \(p.stoppedBecause ?? "of the cap")"
        }
        return note
    }

    /// ` ± 0.31` for a figure with an interval, empty without one; ` in every replication` when
    /// every replication gave the same figure (`Errors 0% ± 0%` read as a certainty the runs do not give).
    static func pm(_ ci: ConfidenceInterval?, smallest: Double, _ format: (Double) -> String) -> String {
        ci.map { $0.halfWidth == 0 ? " in every replication" : " " + FigureFormat.plusMinus($0.halfWidth, smallest: smallest, format) } ?? ""
    }

    /// The headline figures: latency of successful answers, answered, degraded and failed shares,
    /// throughput against the offered rate and capacity, cost, availability, stability; with
    /// `± h` (the 95 % interval's half-width) after each figure of a replicated run.
    static func headline(_ r: SimulationResult, design: Design? = nil) -> [String] {
        var lines: [String] = []
        let l = r.latency
        let i = r.intervals
        // One unit for the line, from its largest figure: an LLM design's p99 reads 20.5 under s, not 20477 under ms.
        let unit = FigureFormat.LatencyUnit(forSeconds: [l.mean, l.p50, l.p95, l.p99, l.p999])
        let ms = { (v: Double) in unit.format(seconds: v) }
        let label = ("Latency " + unit.symbol).padded(12)
        if r.successes > 0, let i {
            // Five figures with their ± do not fit one 80-column line.
            let figures = [("mean", l.mean, i.latencyMean), ("p50", l.p50, i.latencyP50), ("p95", l.p95, i.latencyP95),
                           ("p99", l.p99, i.latencyP99), ("p99.9", l.p999, i.latencyP999)]
                .map { "\($0.0) \(ms($0.1))\(pm($0.2, smallest: unit == .seconds ? 1e-2 : 1e-5, ms))" }
            lines.append(label + figures[0..<3].joined(separator: "   "))
            lines.append("            " + figures[3...].joined(separator: "   "))
            // Some replications answered nothing: the figures pool the others, with no interval.
            let answered = i.estimates.filter { !$0.latencyP99.isNaN }.count
            if answered < i.estimates.count {
                lines += TextWrap.lines("(pooled from the \(answered) of \(i.estimates.count) replications that answered; \(i.estimates.count - answered) answered nothing, so no interval)", width: 68)
                    .map { "            " + $0 }
            }
        } else if r.successes > 0 {
            lines.append(label + "mean \(ms(l.mean))  p50 \(ms(l.p50))  p95 \(ms(l.p95))  p99 \(ms(l.p99))  p99.9 \(ms(l.p999))")
        } else {
            lines += TextWrap.lines("none: " + r.noLatencyReason, width: 68).enumerated().map { ($0 == 0 ? "Latency     " : "            ") + $1 }
        }
        let percent = { (v: Double) in FigureFormat.percent(v) }
        if r.requests - r.unfinished == 0 {
            lines.append("Answered    none ended within the run" + (r.unfinished > 0 ? " (\(FigureFormat.count(r.unfinished)) still in flight, not judged)" : ""))
        } else {
            lines.append("Answered    \(FigureFormat.availability(r.successRatio)) of requests\(r.unfinished > 0 ? " that ended" : ""); degraded \(FigureFormat.percent(r.degradedShare))\(pm(i?.degradedShare, smallest: 1e-8, percent)) (by a fallback)")
            if r.unfinished > 0 {
                lines.append("            \(FigureFormat.count(r.unfinished)) still in flight when the run ended, not judged")
            }
        }
        var causes: [String] = []
        if r.endedRequests > 0 {
            for (name, n) in [("timeout", r.errors.timeout), ("rejected", r.errors.rejected), ("cut off", r.errors.failed)] {
                causes.append("\(name) \(FigureFormat.percent(Double(n) / Double(r.endedRequests)))")
            }
        }
        lines.append("Errors      \(FigureFormat.percent(r.errorRate))\(pm(i?.errorRate, smallest: 1e-8, percent))" + (causes.isEmpty ? "" : " (" + causes.joined(separator: ", ") + ")"))
        let offered = r.closedLoopUsers.map { "from \(FigureFormat.count($0)) closed-loop user\($0 == 1 ? "" : "s")" } ?? "of \(FigureFormat.rate(perSecond: r.analytic.arrivalRate)) offered"
        // Stopped in its warm-up, the run measured no window to divide by.
        let throughput = r.answeredUnmeasured > 0 ? "not measured;"
            : "\(FigureFormat.rate(perSecond: r.throughput))\(pm(i?.throughput, smallest: 0.01) { FigureFormat.rate(perSecond: $0) })"
        lines.append("Throughput  \(throughput) \(r.answeredUnmeasured > 0 ? String(offered.trimmingPrefix("of ")) : offered); "
                     + "capacity \(FigureFormat.rate(perSecond: r.analytic.maxQPS)) (\(r.analytic.limitingComponent))")
        lines.append("Cost        \(FigureFormat.money(r.cost.perHour))/h  \(FigureFormat.money(r.cost.perMonth))/month  \(FigureFormat.money(r.cost.perMillionRequests))\(pm(i?.costPerMillionRequests, smallest: 0.01, FigureFormat.money)) per 1M requests")
        if r.cost.offlinePerMonth > 0 {
            lines.append("            online \(FigureFormat.money(r.cost.perMonth - r.cost.offlinePerMonth))/month, offline \(FigureFormat.money(r.cost.offlinePerMonth))/month (by schedule)")
        }
        if let design, let model = try? SimulationModel(design: design, rate: Rate(perSecond: max(r.analytic.arrivalRate, 1))) {
            let estimate = AvailabilityEstimate(model: model)
            lines += TextWrap.lines("\(FigureFormat.availability(r.availability)) (analytic, \(AvailabilityEstimate.placementText(model))); lost to \(estimate.termsText())",
                                    width: 80 - 12).enumerated().map { ($0 == 0 ? "Available   " : "            ") + $1 }
        } else {
            lines.append("Available   \(FigureFormat.availability(r.availability)) (analytic)")
        }
        if r.isStable {
            lines.append("Stable      yes; bottleneck \(r.bottleneck) (\(SimulationResult.loadPhrase(r.bottleneckLoad, llmServer: r.isLLMServer(r.bottleneck))))")
        } else {
            lines += TextWrap.lines("NO: " + r.instabilitySummary, width: 80 - 12).enumerated().map { ($0 == 0 ? "Stable      " : "            ") + $1 }
        }
        return lines
    }

    /// Where calls fail, retry or fall back: visits per request, retry amplification, offered load
    /// (retries and abandoned work included), arrivals and goodput per component. Empty when no
    /// call timed out, was rejected, retried or fell back.
    static func loadRows(_ r: SimulationResult) -> [String] {
        guard r.components.contains(where: { $0.timeouts + $0.rejected + $0.retries + $0.fallbacks + $0.fastFailed + $0.abandoned > 0 }) else { return [] }
        var lines = ["", pad("LOAD", 16) + lpad("VISITS/REQ", 11) + lpad("RETRY", 8) + lpad("OFFERED", 10) + lpad("ARRIVALS", 11) + lpad("GOODPUT", 11)]
        for c in r.components where r.offline?[stage: c.id] == nil {
            lines.append(pad(c.id, 16) + lpad(FigureFormat.fixed2(c.attemptsPerRequest), 11) + lpad(FigureFormat.factor(c.retryAmplification), 8)
                         + lpad(FigureFormat.percent(c.offeredUtilization), 10) + lpad(FigureFormat.rate(perSecond: c.arrivalRate), 11)
                         + lpad(FigureFormat.rate(perSecond: c.goodput), 11))
        }
        lines.append("(RETRY: visits / first attempts; OFFERED: visits × mean service / capacity;")
        lines.append(" GOODPUT: successful answers to callers still waiting, per second)")
        lines += policyRows(r)
        return lines
    }

    /// How each component's calls ended short of an answer, and what its circuit breaker did:
    /// calls shed at a full queue, timed out, dropped because the caller had given up, failed at
    /// once by the breaker; the share of the window the breaker was not closed and how often it
    /// opened. Only components where one of these happened.
    static func policyRows(_ r: SimulationResult) -> [String] {
        let rows = r.components.filter { $0.rejected + $0.timeouts + $0.abandoned + $0.fastFailed + $0.breakerOpens > 0 || $0.breakerOpenShare > 0 }
        guard !rows.isEmpty else { return [] }
        var lines = ["", pad("POLICIES", 16) + lpad("SHED", 9) + lpad("TIMED OUT", 11) + lpad("ABANDONED", 11) + lpad("FAST-FAILED", 13) + lpad("OPEN", 8) + lpad("OPENS", 7)]
        for c in rows {
            lines.append(pad(c.id, 16) + lpad(FigureFormat.count(c.rejected), 9) + lpad(FigureFormat.count(c.timeouts), 11) + lpad(FigureFormat.count(c.abandoned), 11)
                         + lpad(FigureFormat.count(c.fastFailed), 13) + lpad(FigureFormat.percent(c.breakerOpenShare), 8) + lpad(FigureFormat.count(c.breakerOpens), 7))
        }
        lines.append("(measured calls. SHED: rejected on arrival; ABANDONED: dropped unserved, its")
        lines.append(" caller had given up; FAST-FAILED: refused by the open circuit breaker, not")
        lines.append(" sent; OPEN: share of the window the breaker was not closed; OPENS: openings)")
        return lines
    }

    /// The ERR column's count in 6 characters with its separators (`12,345`), and from 100,000 on
    /// in thousands or millions (`720k`, `1.25M`), as the README's formats table writes counts.
    static func errorCount(_ n: Int) -> String {
        if n < 100_000 { return FigureFormat.count(n) }
        return n < 999_500 ? FigureFormat.significant(Double(n) / 1e3, 3) + "k" : FigureFormat.significant(Double(n) / 1e6, 3) + "M"
    }

    /// The requirement table: target, actual and verdict per row; below a row, what the actual
    /// stands for (when it needs saying) and, for a failure, the reason.
    static func requirementRows(_ requirements: [Requirement]) -> [String] {
        // The columns widen for their longest figure, so a budget of "≤ $6,000,000/month" beside
        // "$5,159,419/month" keeps them aligned (it pushed its row's actual one column right), and
        // two spaces part the target from the actual (the longest actual had one:
        // "≤ $15,000/month $11,614/month"); the requirement's name column (18, names up to 17) and
        // the target's own space part the first two.
        let targets = requirements.map { $0.comparison.symbol + " " + $0.formattedTarget }
        let targetWidth = max(16, (targets.map(\.count).max() ?? 0) + 1)
        let actualWidth = max(14, (requirements.map(\.formattedActual.count).max() ?? 0) + 2)
        var lines = [pad("REQUIREMENT", 18) + lpad("TARGET", targetWidth) + lpad("ACTUAL", actualWidth) + "  RESULT"]
        for (q, target) in zip(requirements, targets) {
            // A figure the run cannot judge fails, and the row says why at once: "12.1 ms  FAIL: cannot
            // judge" beside a 20 ms target is not a contradiction; the line under it gives the count.
            let result = q.passes ? "pass" : q.cannotBeJudged ? "FAIL: cannot judge" : "FAIL"
            lines.append(pad(q.kind.rawValue, 18) + lpad(target, targetWidth) + lpad(q.formattedActual, actualWidth)
                         + "  " + result)
            if let detail = q.detail { lines += TextWrap.lines(detail, width: 76).map { "    " + $0 } }
            // A pass whose figure reads below its target says why it passes.
            if let note = q.allowanceNote {
                lines += TextWrap.lines("✓ \(note) (max(1%, 3/√n) for n measured requests)", width: 76).map { "    " + $0 }
            }
            if var reason = q.reason {
                if q.cannotBeJudged { reason = String(reason.dropFirst(Requirement.cannotJudgePrefix.count)) }
                lines += TextWrap.lines("✗ " + reason, width: 76).map { "    " + $0 }
            }
            if let uncertainty = q.uncertainty { lines += TextWrap.lines("~ " + uncertainty, width: 76).map { "    " + $0 } }
        }
        return lines
    }

}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? String(s.prefix(n - 1)) + " " : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

