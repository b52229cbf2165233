public import MLSDCore
import Dispatch
import Foundation

/// Runs one design at a range of values of one parameter, in parallel, and finds where it breaks.
///
/// The parameter is any `--set` key (``DesignOverride``): `workload.qps=1k/s...20k/s`,
/// `scorer.replicas=2...16`, `cache.hit_ratio=50%...95%`, `scorer.timeout=20ms...80ms`.
/// Point `i` runs with seed `seed &+ i`, so a sweep is deterministic whatever the number of jobs.
///
///     let sweep = try Sweep(scenario: s, parameter: "workload.qps=1k/s...20k/s", steps: 8)
///     let result = sweep.run(jobs: 2)
///     result.highestPassing     // the largest value that still meets the requirements
public struct Sweep: Sendable {
    /// One value of the parameter: the text given to `--set` and its number (for plots and the knee).
    public struct Value: Hashable, Sendable {
        public var text: String
        public var number: Double
    }

    public var scenario: Scenario
    public var target: String
    public var key: String
    public var values: [Value]
    public var options: Simulation.Options

    /// - Parameters:
    ///   - parameter: `id.key=low...high`; low and high in the key's unit (count, rate, duration or percentage).
    ///   - steps: number of points, at least 2; integer parameters give at most one point per integer.
    /// - Throws: ``DesignOverrideError`` for a malformed range or a value the design rejects.
    public init(scenario: Scenario, parameter: String, steps: Int, options: Simulation.Options = Simulation.Options()) throws(DesignOverrideError) {
        guard let eq = parameter.firstIndex(of: "="), let dot = parameter[..<eq].firstIndex(of: ".") else {
            throw DesignOverrideError("invalid sweep '\(parameter)': expected id.key=low...high, e.g. workload.qps=1k/s...20k/s")
        }
        target = String(parameter[..<dot])
        key = String(parameter[parameter.index(after: dot)..<eq])
        let range = parameter[parameter.index(after: eq)...].components(separatedBy: "...")
        guard range.count == 2, steps >= 2, steps <= 1000 else {
            // `2..16` (two dots) is the likeliest slip: say so.
            let twoDots = range.count == 1 && parameter[parameter.index(after: eq)...].contains("..")
            throw DesignOverrideError("invalid sweep '\(parameter)': expected low...high (three dots\(twoDots ? ", not two" : "")) and 2 to 1000 steps")
        }
        // Both ends must be values the design accepts (the file's bounds), whatever lies between.
        let computed = try Self.values(from: range[0], to: range[1], steps: steps, parameter: parameter)
        for end in range { try Self.check(scenario, DesignOverride(target: target, key: key, value: end.trimmingCharacters(in: .whitespaces)), parameter: parameter) }
        values = computed
        self.scenario = scenario
        self.options = options
        // Every point must be a valid design before anything runs.
        for v in values { try Self.check(scenario, DesignOverride(target: target, key: key, value: v.text), parameter: parameter) }
    }

    /// Applies one point's change to see that the design takes it; a refusal names the sweep and
    /// the point (it read "invalid --set 'model.replicas=0'", an option the user never gave).
    static func check(_ scenario: Scenario, _ change: DesignOverride, parameter: String) throws(DesignOverrideError) {
        do {
            _ = try scenario.applying([change])
        } catch {
            let prefix = "invalid --set '\(change)': "
            guard error.description.hasPrefix(prefix) else { throw error }
            throw DesignOverrideError("invalid sweep '\(parameter)': at \(change.value): " + error.description.dropFirst(prefix.count))
        }
    }

    /// A count written with a thousands suffix, as `--requests` takes it: `1k` is 1000, `2.5M`
    /// 2,500,000 (`k`, `M`, `G`); nil for anything else or a fraction of one.
    static func suffixedCount(_ text: String) -> Int? {
        guard let last = text.last, let scale = ["k": 1e3, "M": 1e6, "G": 1e9][String(last)],
              let v = Double(text.dropLast()), v.isFinite, v >= 0, !text.dropLast().contains("e") else { return nil }
        let n = v * scale
        guard n == n.rounded(), n < 1e15 else { return nil }
        return Int(n)
    }

    static func values(from lowText: String, to highText: String, steps: Int, parameter: String) throws(DesignOverrideError) -> [Value] {
        func spaced(_ lo: Double, _ hi: Double) -> [Double] { (0..<steps).map { lo + (hi - lo) * Double($0) / Double(steps - 1) } }
        let lo = lowText.trimmingCharacters(in: .whitespaces), hi = highText.trimmingCharacters(in: .whitespaces)
        // Whole numbers, `1k...8k` too (it was refused, while `1000...8000` and `--set workload.qps=5k` are not).
        if let a = Int(lo) ?? suffixedCount(lo), let b = Int(hi) ?? suffixedCount(hi) {
            var seen = Set<Int>()
            return spaced(Double(a), Double(b)).map { Int(saturating: $0.rounded()) }.filter { seen.insert($0).inserted }.map { Value(text: "\($0)", number: Double($0)) }
        }
        if let a = Rate(parsing: lo), let b = Rate(parsing: hi) {
            // The points between the ends are rounded to the fewest significant digits (3 at
            // least) that keep them apart and within 2 % of a step of the even spacing, so that a
            // row reads 3.71k/s, not 3714.286/s (83 columns), and still names the rate it ran.
            let even = spaced(a.perSecond, b.perSecond)
            let step = steps > 1 ? abs(b.perSecond - a.perSecond) / Double(steps - 1) : 0
            var points = even
            for digits in 3...9 {
                points = even.enumerated().map { k, v in k == 0 || k == steps - 1 ? v : Self.significant(v, digits) }
                if Set(points).count == points.count, zip(points, even).allSatisfy({ abs($0 - $1) <= 0.02 * step }) { break }
            }
            return points.map { v in
                let r = Rate(perSecond: (v * 1000).rounded() / 1000)
                return Value(text: r.description, number: r.perSecond)
            }
        }
        if let a = Percentage(parsing: lo), let b = Percentage(parsing: hi) {
            return spaced(a.fraction, b.fraction).map { v in
                let p = Percentage(fraction: (v * 1e6).rounded() / 1e6)
                return Value(text: p.description, number: p.fraction * 100)
            }
        }
        if let a = TimeSpan(parsing: lo), let b = TimeSpan(parsing: hi) {
            return spaced(a.seconds, b.seconds).map { v in
                let t = TimeSpan(seconds: (v * 1e6).rounded() / 1e6)
                return Value(text: t.description, number: t.milliseconds)
            }
        }
        // Plain decimals (a vector database's recall: `ann.recall=0.9...0.99`).
        if let a = Double(lo), let b = Double(hi), a.isFinite, b.isFinite {
            return spaced(a, b).map { v in
                let x = (v * 1e6).rounded() / 1e6
                return Value(text: UnitNumber.format(x), number: x)
            }
        }
        if let problem = Rate.spellingProblem(in: lo) ?? Rate.spellingProblem(in: hi) { throw DesignOverrideError("invalid sweep '\(parameter)': \(problem)") }
        throw DesignOverrideError("invalid sweep '\(parameter)': low and high must be two counts, decimals, rates, percentages or durations of one kind")
    }

    /// `v` to `digits` significant digits.
    static func significant(_ v: Double, _ digits: Int) -> Double {
        guard v != 0, v.isFinite else { return v }
        let scale = pow(10, Double(digits) - (log10(abs(v))).rounded(.down) - 1)
        return (v * scale).rounded() / scale
    }

    /// The machine's active cores: the default number of jobs.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs every point, `jobs` at a time.
    ///
    /// - Complexity: the points' simulations, spread over `jobs` threads; results are in value order
    ///   and identical for any `jobs`.
    public func run(jobs: Int) -> SweepResult { run(jobs: jobs, progress: nil, isCancelled: { false }) }

    /// As ``run(jobs:)``, reporting the share of points done after each one and starting no
    /// further point once `isCancelled` returns true (the points done are kept, in value order;
    /// ``SweepResult/wasCancelled`` says the sweep is partial).
    public func run(jobs: Int, progress: (@Sendable (Double) -> Void)?, isCancelled: @escaping @Sendable () -> Bool) -> SweepResult {
        let done = ProgressCounter()
        let points = parallelMap(count: values.count, jobs: jobs, isCancelled: isCancelled) { i -> SweepResult.Point in
            var o = options
            o.seed = options.seed &+ UInt64(i)
            let point: SweepResult.Point
            do {
                let s = try scenario.applying([DesignOverride(target: target, key: key, value: values[i].text)])
                point = .init(value: values[i], result: try Simulation.run(s, options: o), error: nil)
            } catch let error as DesignOverrideError {
                point = .init(value: values[i], result: nil, error: error.description)
            } catch {
                point = .init(value: values[i], result: nil, error: "\(error)")
            }
            progress?(Double(done.increment()) / Double(values.count))
            return point
        }
        return SweepResult(parameter: "\(target).\(key)", points: points, wasCancelled: points.count < values.count)
    }
}

/// Results of a ``Sweep``, in the order of the values.
public struct SweepResult: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var value: Sweep.Value
        public var result: SimulationResult?
        public var error: String?

        /// Stable and meeting every requirement except `peak_qps`, which concerns the scenario's own load.
        public var passes: Bool {
            guard let r = result else { return false }
            return r.isStable && r.requirements.filter { $0.kind != .peakQPS }.allSatisfy(\.passes)
        }
    }

    public var parameter: String
    public var points: [Point]
    /// True when the sweep was stopped before every point ran (Ctrl-C).
    public var wasCancelled = false

    public init(parameter: String, points: [Point], wasCancelled: Bool = false) {
        self.parameter = parameter
        self.points = points
        self.wasCancelled = wasCancelled
    }

    /// For a load sweep (`workload.qps`), the first point whose p99 is more than twice the first
    /// point's, or that is unstable: where the curve turns up. nil when it never does, and for other
    /// parameters, where more is not more load (more replicas make things better, not worse).
    public var knee: Sweep.Value? {
        // In increasing load, whichever way the range was written.
        let ascending = points.sorted { $0.value.number < $1.value.number }
        guard parameter == "workload.qps", let base = ascending.first?.result?.latency.p99, base > 0 else { return nil }
        return ascending.first { p in
            guard let r = p.result else { return false }
            return !r.isStable || r.latency.p99 > 2 * base
        }?.value
    }

    /// Requirements (peak load aside) that fail at every point that ran, as the first point judged
    /// them: what no value in the range fixes (an offline requirement a load sweep cannot move, say).
    /// Empty when some point passes them all, or no point ran.
    public var failingAtEveryPoint: [Requirement] {
        let judged = points.compactMap(\.result)
        guard let first = judged.first else { return [] }
        return first.requirements.filter { q in
            q.kind != .peakQPS && judged.allSatisfy { r in r.requirements.contains { $0.kind == q.kind && !$0.passes } }
        }
    }

    /// The largest and smallest values that pass (for load, the highest QPS that still meets the SLO;
    /// for replicas, the fewest that do), by value, so a range written downward (`16...2`) reads the same.
    public var highestPassing: Sweep.Value? { points.filter(\.passes).max { $0.value.number < $1.value.number }?.value }
    public var lowestPassing: Sweep.Value? { points.filter(\.passes).min { $0.value.number < $1.value.number }?.value }
}

