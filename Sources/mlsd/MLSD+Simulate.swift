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
    @Option(help: "Random seed; the same seed gives the same result.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Fraction of the run discarded as warm-up, 0 to 0.9.", valueName: "fraction")) var warmup: Double = 0.1
    @Option(name: .customLong("set"), help: ArgumentHelp("Change the design: id.key=value, e.g. scorer.replicas=8 (repeatable).", valueName: "id.key=value"))
    var overrides: [String] = []
    @Option(name: .customLong("down"), help: ArgumentHelp("Take replicas down for a window: id=replicas@start-end, e.g. scorer=4@10s-20s (repeatable).", valueName: "id=n@start-end"))
    var outages: [String] = []
    @Option(help: "Output format: table, json or csv.") var format: Format = .table

    func validate() throws {
        if requests != nil, duration != nil { throw ValidationError("Give either --requests or --duration, not both.") }
        if let requests, Self.count(requests) == nil { throw ValidationError("invalid --requests '\(requests)': expected a positive count such as 200k or 1M") }
        if let duration, !(TimeSpan(parsing: duration).map { ValueBounds.allows($0) } ?? false) {
            throw ValidationError("invalid --duration '\(duration)': expected a duration such as 30s, at most a year")
        }
        if let qps, Self.rate(qps) == nil { throw ValidationError("invalid --qps '\(qps)': expected a rate such as 5k/s or 5000, \(ValueBounds.rateText)") }
        if !(0...0.9).contains(warmup) { throw ValidationError("invalid --warmup '\(warmup)': expected a fraction from 0 to 0.9") }
        for text in outages {
            do { _ = try Outage(parsing: text) } catch { throw ValidationError(error.description) }
        }
    }

    static func count(_ text: String) -> Int? {
        guard let v = Count.parse(text), v >= 1, v <= 1e10 else { return nil }
        return Int(v)
    }

    /// `5k/s` or a plain number per second, within the file's bounds (``ValueBounds``).
    static func rate(_ text: String) -> Rate? {
        guard let r = Rate(parsing: text) ?? Double(text).map({ Rate(perSecond: $0) }), ValueBounds.allows(r) else { return nil }
        return r
    }

    var options: Simulation.Options {
        let stop: Simulation.StopCondition = if let duration, let t = TimeSpan(parsing: duration) { .time(t.seconds) }
            else { .requests(requests.flatMap(Self.count) ?? 200_000) }
        return Simulation.Options(rate: qps.flatMap(Self.rate), seed: seed, stop: stop, warmupFraction: warmup,
                                  outages: outages.compactMap { try? Outage(parsing: $0) })
    }

    /// Parses the `--set` changes; a bad one is a usage error (exit 64).
    func parsedOverrides() throws -> [DesignOverride] {
        do {
            return try overrides.map { text throws(DesignOverrideError) in try DesignOverride(parsing: text) }
        } catch {
            printError("mlsd: \(error)")
            throw ExitCode(64)
        }
    }

    /// Applies `--set` changes to a scenario; a change that does not fit the design exits 64.
    func apply(_ overrides: [DesignOverride], to scenario: Scenario) throws -> Scenario {
        guard !overrides.isEmpty else { return scenario }
        do { return try scenario.applying(overrides) } catch {
            printError("mlsd: \(error)")
            throw ExitCode(64)
        }
    }

    /// Runs a scenario; a design the simulator cannot run exits 65, an outage of an unknown component 64.
    func run(_ scenario: Scenario, withOutages: Bool = true) throws -> SimulationResult {
        var options = self.options
        if !withOutages { options.outages = [] }
        for o in options.outages where scenario.design[o.id] == nil {
            let hint = scenario.design.suggestedComponentID(for: o.id).map { "; did you mean '\($0)'?" } ?? ""
            printError("mlsd: invalid --down '\(o)': no component '\(o.id)' in the design\(hint)")
            throw ExitCode(64)
        }
        // --duration × the rate is a request count too, with the same bound as --requests.
        if case .time(let seconds) = options.stop {
            let rate = options.rate?.perSecond ?? scenario.offeredRate.perSecond
            if seconds * rate > ValueBounds.maximumRequests {
                printError("mlsd: invalid --duration '\(duration ?? "")': at \(Rate(perSecond: rate)) it means about \(Int(saturating: seconds * rate)) requests; at most 10000000000")
                throw ExitCode(64)
            }
        }
        do { return try Simulation.run(scenario, options: options) } catch {
            printError("mlsd: \(error)")
            throw ExitCode(65)
        }
    }
}

extension MLSD {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a scenario under load: latency, throughput, errors, utilisation, cost, availability.",
            discussion: """
                Runs the discrete-event simulator on the scenario's design and checks its requirements.
                The same seed gives the same output. Exit codes: 0 ok (even if a requirement fails),
                64 bad option or --set, 65 invalid scenario, 66 file not found.
                """)

        @Argument(help: "Scenario file or id.") var scenario: String
        @OptionGroup var simulation: SimulationOptions

        func run() throws {
            let overrides = try simulation.parsedOverrides()
            let (loaded, path) = try loadScenario(scenario)
            let s = try simulation.apply(overrides, to: loaded)
            let result = try simulation.run(s)
            switch simulation.format {
            case .json: print(result.jsonText())
            case .csv: print(result.csvText(), terminator: "")
            case .table: print(SimulationTable(scenario: s, path: path, result: result, overrides: overrides).text)
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
        if !overrides.isEmpty { lines.append("with " + overrides.map(\.description).joined(separator: " ")) }
        for o in r.outages {
            lines.append("outage: \(o.replicasDown) replica\(o.replicasDown == 1 ? "" : "s") of \(o.id) down from \(TimeSpan(seconds: o.startSeconds)) to \(TimeSpan(seconds: o.endSeconds))")
        }
        lines.append("\(r.requests) requests at \(Rate(perSecond: r.analytic.arrivalRate)), seed \(r.seed), \(r.warmupRequests) warm-up discarded")
        lines.append("")
        let l = r.latency
        lines.append("Latency ms  mean \(ms(l.mean))  p50 \(ms(l.p50))  p95 \(ms(l.p95))  p99 \(ms(l.p99))  p99.9 \(ms(l.p999))")
        lines.append("Throughput  \(number(r.throughput))/s   errors \(percent(r.errorRate)) (timeout \(r.errors.timeout), rejected \(r.errors.rejected), failed \(r.errors.failed))")
        lines.append("Cost        $\(money(r.cost.perHour))/h  $\(money(r.cost.perMonth))/month  $\(money(r.cost.perMillionRequests)) per 1M requests")
        lines.append("Available   \(percent(r.availability, digits: 4)) (analytic)   max load \(number(r.analytic.maxQPS))/s, limited by \(r.analytic.limitingComponent)")
        if r.isStable {
            lines.append("Stable      yes; bottleneck \(r.bottleneck) (\(percent(r[component: r.bottleneck]?.utilization ?? 0)) busy)")
        } else {
            let worst = r.overloaded.map { "\($0.id) at \(percent($0.offeredUtilization)) offered" }.joined(separator: ", ")
            lines.append("Stable      NO: \(worst.isEmpty ? "requests in flight kept growing" : worst)\(r.cutOff.map { "; run stopped early: \($0)" } ?? "")")
        }
        if !scenario.knownGaps.isEmpty { lines.append("Known gaps  " + scenario.knownGaps.joined(separator: "; ")) }
        lines.append("")
        lines.append(pad("COMPONENT", 16) + lpad("UTIL", 7) + lpad("WAIT", 9) + lpad("SOJOURN", 9) + lpad("P99", 9) + lpad("≈UTIL", 8) + lpad("≈WAIT", 9) + lpad("ERR", 7))
        let analytic = Dictionary(r.analytic.components.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for c in r.components {
            let a = analytic[c.id]
            lines.append(pad(c.id, 16) + lpad(percent(c.utilization), 7) + lpad(ms(c.meanWaitSeconds), 9) + lpad(ms(c.meanSojournSeconds), 9)
                         + lpad(ms(c.p99SojournSeconds), 9) + lpad(percent(a?.utilization ?? 0), 8) + lpad(ms(a?.meanWaitSeconds ?? 0), 9)
                         + lpad(String(c.rejected + c.timeouts), 7))
        }
        lines.append("(times in ms; ≈: analytic estimate; ERR: rejections + timeouts)")
        if !r.criticalPathP99.isEmpty {
            lines.append("")
            lines.append("Slowest 1%: mean time on the critical path")
            let total = r.criticalPathP99.map(\.seconds).reduce(0, +)
            for step in r.criticalPathP99 {
                let width = total > 0 ? Int((step.seconds / total * 40).rounded()) : 0
                lines.append("  " + pad(step.id, 16) + lpad(ms(step.seconds), 9) + " ms  " + String(repeating: "█", count: width))
            }
        }
        if !r.requirements.isEmpty {
            lines.append("")
            lines.append(pad("REQUIREMENT", 18) + lpad("TARGET", 14) + lpad("ACTUAL", 14) + "  RESULT")
            for q in r.requirements {
                lines.append(pad(q.name, 18) + lpad(Self.value(q.target, q.unit), 14) + lpad(Self.value(q.actual, q.unit), 14) + "  " + (q.pass ? "pass" : "FAIL"))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func value(_ v: Double, _ unit: String) -> String {
        switch unit {
        case "ms": return ms(v / 1000) + " ms"
        case "fraction": return percent(v, digits: 4)
        case "$/month": return "$" + money(v)
        case "requests/s": return number(v) + "/s"
        default: return String(v)
        }
    }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? String(s.prefix(n - 1)) + " " : s + String(repeating: " ", count: n - s.count) }
func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

/// Milliseconds with three significant digits, from seconds.
func ms(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "∞" }
    let v = seconds * 1000
    if v >= 100 { return String(format: "%.0f", v) }
    if v >= 10 { return String(format: "%.1f", v) }
    return String(format: "%.2f", v)
}

func percent(_ fraction: Double, digits: Int = 1) -> String {
    guard fraction.isFinite else { return "∞" }
    return String(format: "%.\(digits)f%%", fraction * 100)
}

func number(_ v: Double) -> String {
    guard v.isFinite else { return "∞" }
    if v >= 10_000 { return String(format: "%.1fk", v / 1000) }
    return String(format: "%.0f", v)
}

func money(_ v: Double) -> String {
    guard v.isFinite else { return "∞" }
    if v >= 100 { return String(format: "%.0f", v) }
    return String(format: "%.2f", v)
}
