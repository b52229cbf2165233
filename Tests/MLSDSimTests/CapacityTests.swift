import Foundation
import Synchronization
import MLSDCore
@testable import MLSDSim
import Testing

@Suite("Capacity search") struct CapacityTests {
    /// M/M/2, each server 1 ms mean, p99 of the time in system ≤ 8 ms.
    static let mm2: Scenario = {
        let yaml = """
            name: mm2
            requirements: { latency: { p99: 8ms } }
            design:
              entry: s
              workload: { qps: 100/s }
              components:
                s: { kind: station, replicas: 2, latency: { exponential: 1ms } }
            """
        return (try? Scenario.parse(yaml: yaml, path: "mm2.yaml").scenario) ?? Scenario(name: "?", design: Design(entry: "s", components: []))
    }()

    /// P(T > t) in M/M/c: no wait with probability 1 − C (T = S ~ Exp(μ)); otherwise the wait is
    /// Exp(θ), θ = cμ − λ, and P(W + S > t) = (θ e^(−μt) − μ e^(−θt)) / (θ − μ). C is Erlang C.
    static func exceedance(_ t: Double, lambda: Double, mu: Double, servers c: Int) -> Double {
        let a = lambda / mu
        var sum = 0.0, term = 1.0
        for k in 0..<c { if k > 0 { term *= a / Double(k) }; sum += term }
        let last = term * a / Double(c) * Double(c) / (Double(c) - a)
        let erlangC = last / (sum + last)
        let theta = Double(c) * mu - lambda
        let waited = abs(theta - mu) < 1e-9 ? exp(-mu * t) * (1 + mu * t)   // the limit θ → μ
            : (theta * exp(-mu * t) - mu * exp(-theta * t)) / (theta - mu)
        return (1 - erlangC) * exp(-mu * t) + erlangC * waited
    }

    /// The exact highest λ with p99 ≤ 8 ms, by bisection on the closed form (≈ 1376.5/s).
    static var exactMaximum: Double {
        var lo = 1.0, hi = 1999.0
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if exceedance(0.008, lambda: mid, mu: 1000, servers: 2) <= 0.01 { lo = mid } else { hi = mid }
        }
        return lo
    }

    @Test func maxQPSOnMM2MatchesErlangC() throws {
        let exact = Self.exactMaximum
        #expect(abs(exact - 1376.51) < 0.01, "the closed form: \(exact)")
        let search = CapacitySearch(scenario: Self.mm2, options: .init(seed: 11, stop: .requests(100_000)), replications: 3)
        let r = try search.run(jobs: 2)
        let m = try #require(r.maxQPS)
        // Three seeds of 100k requests each: the mean lands within 4 % of the exact value.
        #expect(abs(m.mean - exact) / exact < 0.04, "simulated \(m.mean)/s against exact \(exact)/s")
        let (low, high) = (try #require(m.low), try #require(m.high))
        #expect(low < m.mean && m.mean < high)
        #expect(r.analyticBound == 2000, "two servers of 1 ms saturate at 2k/s")
        #expect(r.limitingComponent == "s")
        // Above the answer the p99 requirement is what fails.
        #expect(r.firstFailure?.failing.map(\.kind) == [.latencyP99])
        // The curve rises and its knee is below the maximum.
        #expect(r.curve.count == CapacitySearch.curvePoints)
        #expect(r.curve.first!.p99 < r.curve.last!.p99)
        if let knee = r.knee { #expect(knee <= m.mean) }
    }

    @Test func theAnswerDoesNotDependOnTheNumberOfWorkers() throws {
        let search = CapacitySearch(scenario: Self.mm2, options: .init(seed: 3, stop: .requests(20_000)), replications: 2)
        let one = try search.run(jobs: 1)
        let three = try search.run(jobs: 3)
        #expect(one.maxQPS == three.maxQPS)
        #expect(one.curve == three.curve)
    }

    /// The bottleneck "at the maximum" is read where the maximum is: the curve's run at the mean
    /// over seeds, not the first seed's own answer (content-moderation read 91.1 % there and 112 %
    /// on the curve at the same rate). With replications the two rates differ.
    @Test func theBottleneckAtTheMaximumIsTheCurvesRunThere() throws {
        let r = try CapacitySearch(scenario: Self.mm2, options: .init(seed: 3, stop: .requests(20_000)), replications: 3).run(jobs: 2)
        let m = try #require(r.maxQPS?.mean)
        let at = try #require(r.atMaximum)
        #expect(at == r.curve.last && at.rate == m)
        #expect(r.searches.first?.passes != m, "the first seed's own answer is another rate")
        // Stopped before the curve: the first search's highest passing rate, as before.
        var noCurve = r
        noCurve.curve = []
        #expect(noCurve.atMaximum?.rate == r.searches.first?.passes)
    }

    @Test func aDesignTooSlowEvenWhenIdleHasNoMaximum() throws {
        var s = Self.mm2
        s.requirements.latencyP99 = .milliseconds(1)   // the service alone has p99 ≈ 4.6 ms
        let r = try CapacitySearch(scenario: s, options: .init(seed: 1, stop: .requests(20_000)), replications: 1).run(jobs: 2)
        #expect(r.maxQPS == nil)
        #expect(r.searches.first?.probes.first?.failing.map(\.kind) == [.latencyP99])
    }

    @Test func remediesMoveTheAnalyticLimit() throws {
        let r = try CapacitySearch(scenario: Self.mm2, options: .init(seed: 1, stop: .requests(20_000)), replications: 1).run(jobs: 2)
        let replicas = try #require(r.remedies.first { $0.change.hasPrefix("s.replicas=") })
        #expect(replicas.analyticBound > r.analyticBound)
    }

    /// TensorRT is a GPU runtime: fraud-detection's scorer runs on CPU, so it is not suggested
    /// (it was, at 25.8k/s); ONNX, the CPU runtime, still is. On GPU it is.
    @Test func remediesDoNotPutAGPURuntimeOnACPU() throws {
        let s = try ScenarioLibrary().load("fraud-detection").scenario
        func changes(_ s: Scenario) throws -> [String] {
            let model = try SimulationModel(design: s.design, rate: s.offeredRate)
            return CapacitySearch.remedies(scenario: s, model: model, analytic: AnalyticModel(model: model)).map(\.change)
        }
        let onCPU = try changes(s)
        #expect(onCPU.contains("scorer.optimizations=int8,onnx"), "\(onCPU)")
        #expect(!onCPU.contains { $0.contains("tensorrt") }, "\(onCPU)")
        // One model server with the other speed-ups: on GPU both runtimes are left to suggest, on
        // CPU only ONNX; with one runtime written, the other is not suggested (they do not combine).
        let yaml = """
            name: one model
            design:
              entry: m
              workload: { qps: 100/s }
              components:
                m: { kind: model_server, hardware: gpu, optimizations: [int8, pruning, distillation] }
            """
        let gpu = try Scenario.parse(yaml: yaml, path: "m.yaml").scenario
        let onGPU = try changes(gpu)
        #expect(onGPU.contains("m.optimizations=int8,pruning,distillation,tensorrt") && onGPU.contains("m.optimizations=int8,pruning,distillation,onnx"), "\(onGPU)")
        let cpuOnly = try changes(gpu.applying([DesignOverride(target: "m", key: "hardware", value: "cpu")]))
        #expect(cpuOnly.contains("m.optimizations=int8,pruning,distillation,onnx") && !cpuOnly.contains { $0.contains("tensorrt") }, "\(cpuOnly)")
        let withONNX = try changes(gpu.applying([DesignOverride(target: "m", key: "optimizations", value: "int8,pruning,distillation,onnx")]))
        #expect(!withONNX.contains { $0.contains("tensorrt") }, "\(withONNX)")
    }

    /// The bottleneck at a probe is the component with the highest offered load, not the busiest:
    /// reviewers behind an async call take 60 s a case, 90 % offered, but a 20 s probe ends while
    /// they are still filling up (about 15 % busy); the model (50 % busy, 50 % offered) was named.
    @Test func theBottleneckIsTheHighestOfferedLoadNotTheBusiest() throws {
        let yaml = """
            name: slow humans
            design:
              entry: model
              workload: { qps: 100/s }
              components:
                model: { kind: station, replicas: 2, concurrency: 1, latency: { constant: 10ms }, calls: [{ async: [reviewers] }] }
                reviewers: { kind: station, concurrency: 6667, latency: { constant: 60s } }
            """
        let s = try Scenario.parse(yaml: yaml, path: "h.yaml").scenario
        let search = CapacitySearch(scenario: s, options: .init(seed: 1, stop: .requests(2_000)), replications: 1)
        let probe = search.probe(rate: 100, seed: 1, requirements: s.requirements)
        #expect(probe.bottleneck == "reviewers", "\(probe)")
        #expect(abs(probe.utilization - 0.9) < 0.05, "\(probe.utilization)")
        #expect(probe.loadPhrase.hasSuffix("% of its capacity"))
        let run = try Simulation.run(s, options: .init(seed: 1, stop: .requests(2_000)))
        #expect(run[component: "reviewers"].map { $0.utilization < 0.5 } == true, "the busy share is still low when the run ends")
    }

    @Test func cancellingStopsBetweenRounds() throws {
        let r = try CapacitySearch(scenario: Self.mm2, options: .init(seed: 1, stop: .requests(20_000)), replications: 3)
            .run(jobs: 2, isCancelled: { true })
        #expect(r.wasCancelled)
        #expect(r.searches.count == 1, "the first search stopped after its bracket; no more seeds were started")
        #expect(r.curve.isEmpty)
    }

    /// Ctrl-C while the p99 curve is drawn stops the run too (it was read between the search's
    /// rounds only, so the curve went on and `mlsd capacity` exited 0): no curve, and cancelled.
    @Test func cancellingWhileTheCurveIsDrawnStopsIt() throws {
        final class Calls: Sendable { let count = Atomic<Int>(0) }
        let search = CapacitySearch(scenario: Self.mm2, options: .init(seed: 1, stop: .requests(20_000)), replications: 1)
        // A run to the end asks once per round, once after the seed, once per curve point and once after the curve.
        let all = Calls()
        let full = try search.run(jobs: 2, isCancelled: { all.count.add(1, ordering: .relaxed); return false })
        #expect(!full.wasCancelled && full.curve.count == CapacitySearch.curvePoints)
        let searchCalls = all.count.load(ordering: .relaxed) - CapacitySearch.curvePoints - 1
        #expect(searchCalls > 0)
        // Stopped once the search has its answer: the answer stays, the curve goes.
        let calls = Calls()
        let stopped = try search.run(jobs: 2, isCancelled: { calls.count.add(1, ordering: .relaxed).newValue > searchCalls })
        #expect(stopped.wasCancelled)
        #expect(stopped.curve.isEmpty)
        #expect(stopped.maxQPS == full.maxQPS, "the search itself had finished")
    }

    /// A seed whose search was cancelled mid-way is left out of the answer when others finished;
    /// alone, it gives a lower bound.
    @Test func aSearchCutShortIsLeftOutOfTheInterval() {
        let finished = [CapacityResult.Search(seed: 1, passes: 1_000, fails: 1_010, probes: []),
                        CapacityResult.Search(seed: 2, passes: 1_004, fails: 1_012, probes: [])]
        let cut = CapacityResult.Search(seed: 3, passes: 200, fails: 4_000, probes: [], isComplete: false)
        var r = CapacityResult(searches: finished + [cut], analyticBound: 4_000, limitingComponent: "s", requirements: Requirements(), wasCancelled: true)
        #expect(r.maxQPS?.samples == 2 && r.maxQPS?.mean == 1_002)
        #expect(r.failsAt?.mean == 1_011)
        #expect(!r.isLowerBound)
        r.searches = [cut]
        #expect(r.maxQPS?.mean == 200 && r.isLowerBound)
    }

    /// Two seeds give a Student-t interval 12.7 standard errors wide: its top is cut to the analytic
    /// bound, past which no search looks; a seed whose bound passed has no failing rate and is
    /// left out of `failsAt` rather than making it nil.
    @Test func theIntervalStopsAtTheAnalyticBound() {
        let searches = [CapacityResult.Search(seed: 1, passes: 14_900, fails: 15_100, probes: []),
                        CapacityResult.Search(seed: 2, passes: 15_300, fails: nil, probes: [])]
        let r = CapacityResult(searches: searches, analyticBound: 15_372, limitingComponent: "ranker", requirements: Requirements(), wasCancelled: false)
        let m = r.maxQPS
        #expect(m?.mean == 15_100 && m?.samples == 2)
        #expect(m?.high == 15_372 && m?.isCapped == true, "the t interval (12.7 × 200 above the mean) reached past the bound")
        #expect((m?.low ?? 0) < 15_100)
        #expect(r.failsAt?.mean == 15_100 && r.failsAt?.samples == 1 && r.failsAt?.isCapped == false)
        // Far from the bound, nothing is cut.
        let wide = CapacityResult(searches: searches, analyticBound: 100_000, limitingComponent: "ranker", requirements: Requirements(), wasCancelled: false)
        #expect(wide.maxQPS?.isCapped == false && (wide.maxQPS?.high ?? 0) > 15_372)
    }

    /// At exactly the analytic bound the limiting component is at ρ = 1: the run is unstable, even
    /// when the division that gives ρ lands a rounding error below 1 (it did for search-ranking's
    /// ranker, so a short run there passed and a seed's answer was the bound itself).
    @Test func aRunAtTheAnalyticBoundIsUnstable() throws {
        for id in ["search-ranking", "fraud-detection", "feed-ranking"] {
            let scenario = try ScenarioLibrary().load(id).scenario
            let model = try SimulationModel(design: scenario.design, rate: scenario.offeredRate)
            let bound = AnalyticModel(model: model).maxQPS
            let atBound = try SimulationModel(design: scenario.design, rate: Rate(perSecond: bound))
            let analytic = AnalyticModel(model: atBound)
            #expect(!analytic.isStable, "\(id) at its bound \(bound)/s")
            #expect(analytic.components.contains { $0.utilization == 1 }, "\(id): ρ is exactly 1 at the bound")
            var o = Simulation.Options(seed: 7, stop: .requests(5_000))
            o.rate = Rate(perSecond: bound)
            #expect(try !Simulation.run(scenario, options: o).isStable, "\(id): the run at the bound")
        }
    }

    @Test func studentTQuantiles() {
        // Computed (ConfidenceInterval.swift), no longer tabled to 3 decimals.
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 1) - 12.706) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 4) - 2.776) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 120) - 1.980) < 0.002)
    }
}
