import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

@Suite("Sweeps") struct SweepTests {
    /// M/M/1 with mean service 1 ms and a p99 target of 20 ms: theory says p99 = ln(100)/(μ − λ),
    /// so the target holds up to λ ≈ 770/s.
    static let mm1: Scenario = {
        let yaml = """
            name: mm1
            requirements: { latency: { p99: 20ms } }
            design:
              entry: s
              workload: { qps: 100/s }
              components:
                s: { kind: station, latency: { exponential: 1ms } }
            """
        return (try? Scenario.parse(yaml: yaml, path: "mm1.yaml").scenario) ?? Scenario(name: "?", design: Design(entry: "s", components: []))
    }()

    @Test func highestPassingLoadMatchesQueueingTheory() throws {
        let sweep = try Sweep(scenario: Self.mm1, parameter: "workload.qps=100/s...1000/s", steps: 10,
                              options: .init(seed: 7, stop: .requests(60_000)))
        #expect(sweep.values.map(\.text) == ["100/s", "200/s", "300/s", "400/s", "500/s", "600/s", "700/s", "800/s", "900/s", "1k/s"])
        let result = sweep.run(jobs: 2)
        // 700/s: p99 = 4.61/300 s = 15.4 ms (passes); 800/s: 23.0 ms (fails).
        #expect(result.highestPassing?.text == "700/s")
        #expect(result.lowestPassing?.text == "100/s")
        let p99 = result.points.compactMap { $0.result?.latency.p99 }
        #expect(p99.count == 10)
        #expect(zip(p99, p99.dropFirst()).allSatisfy { $0 < $1 }, "p99 rises with load: \(p99)")
        #expect(result.points.last?.result?.isStable == false, "λ = μ is unstable")
        #expect(result.knee != nil)
    }

    /// A range written downward gives the same passing range and knee as upward (issue #8: it read
    /// "passing: 16 to 9 (highest 9, lowest 16)").
    @Test func descendingRangesReportByValue() throws {
        let options = Simulation.Options(seed: 7, stop: .requests(20_000))
        let down = try Sweep(scenario: Self.mm1, parameter: "workload.qps=1000/s...100/s", steps: 10, options: options).run(jobs: 2)
        #expect(down.points.first?.value.text == "1k/s")
        #expect(down.highestPassing?.text == "700/s")
        #expect(down.lowestPassing?.text == "100/s")
        #expect(down.knee != nil && down.knee?.text != "1k/s" || down.knee?.text == "1k/s" && down.points.count == 1)
        let up = try Sweep(scenario: Self.mm1, parameter: "workload.qps=100/s...1000/s", steps: 10, options: options).run(jobs: 2)
        #expect(down.knee?.number ?? 0 <= 1000)
        #expect(down.highestPassing == up.highestPassing && down.lowestPassing == up.lowestPassing)
    }

    @Test func resultsDoNotDependOnTheNumberOfJobs() throws {
        let sweep = try Sweep(scenario: Self.mm1, parameter: "workload.qps=200/s...800/s", steps: 4,
                              options: .init(seed: 3, stop: .requests(10_000)))
        #expect(sweep.run(jobs: 1) == sweep.run(jobs: 2))
        #expect(sweep.run(jobs: 4) == sweep.run(jobs: 1))
    }

    /// Rates between the ends read in 3 significant digits where that keeps them apart and near
    /// the even spacing (a row read 11857.143/s and the table was 83 columns); each text is the
    /// exact rate that runs.
    @Test func ratesBetweenTheEndsAreRoundedToReadableValues() throws {
        let wide = try Sweep.values(from: "1k/s", to: "20k/s", steps: 8, parameter: "workload.qps")
        #expect(wide.map(\.text) == ["1k/s", "3.71k/s", "6.43k/s", "9.14k/s", "11.9k/s", "14.6k/s", "17.3k/s", "20k/s"])
        #expect(wide.map(\.number) == [1000, 3710, 6430, 9140, 11_900, 14_600, 17_300, 20_000])
        for v in wide { #expect(Rate(parsing: v.text)?.perSecond == v.number, "\(v.text)") }
        // A narrow range needs more digits to keep its points apart.
        let narrow = try Sweep.values(from: "1000/s", to: "1003/s", steps: 4, parameter: "workload.qps")
        #expect(narrow.map(\.number) == [1000, 1001, 1002, 1003])
    }

    @Test func integerRangesGiveOnePointPerInteger() throws {
        let sweep = try Sweep(scenario: Self.mm1, parameter: "s.concurrency=1...3", steps: 8)
        #expect(sweep.values.map(\.text) == ["1", "2", "3"])
    }

    @Test(arguments: [
        ("s.replicas", "invalid sweep 's.replicas': expected id.key=low...high, e.g. workload.qps=1k/s...20k/s"),
        ("s.replicas=1..4", "invalid sweep 's.replicas=1..4': expected low...high (three dots, not two) and 2 to 1000 steps"),
        ("s.replicas=1...4ms", "invalid sweep 's.replicas=1...4ms': low and high must be two counts, decimals, rates, percentages or durations of one kind"),
    ])
    func malformedRangesAreExplained(_ parameter: String, _ message: String) {
        #expect(throws: DesignOverrideError(message)) { try Sweep(scenario: Self.mm1, parameter: parameter, steps: 4) }
    }

    @Test func aValueTheDesignRejectsIsReportedBeforeRunning() throws {
        // Named as the sweep and its point, not as a --set the user never gave.
        let error = try #require(throws: DesignOverrideError.self) { try Sweep(scenario: Self.mm1, parameter: "s.replicas=0...4", steps: 5) }
        #expect(error.description.hasPrefix("invalid sweep 's.replicas=0...4': at 0: "), "\(error)")
        #expect(throws: DesignOverrideError.self) { try Sweep(scenario: Self.mm1, parameter: "nope.replicas=1...4", steps: 4) }
    }

    /// `1k...8k` was refused ("must be two counts…") while `1000...8000` ran.
    @Test func thousandsSuffixesAreCounts() throws {
        let sweep = try Sweep(scenario: Self.mm1, parameter: "workload.qps=1k...4k", steps: 4)
        #expect(sweep.values.map(\.number) == [1000, 2000, 3000, 4000])
        #expect(Sweep.suffixedCount("2.5M") == 2_500_000)
        #expect(Sweep.suffixedCount("1.5") == nil && Sweep.suffixedCount("0.0005k") == nil && Sweep.suffixedCount("1e3k") == nil)
    }
}

@Suite("Parallel map") struct ParallelMapTests {
    /// Every index once, results in index order, the same for any number of jobs (more jobs than
    /// indices included).
    @Test func everyIndexOnceInOrderForAnyJobs() {
        let counter = ParallelProbe()
        for jobs in [1, 2, 3, 8, 64] {
            let out = parallelMap(count: 25, jobs: jobs) { i -> Int in
                counter.record(i)
                return i * i
            }
            #expect(out == (0..<25).map { $0 * $0 }, "jobs \(jobs)")
        }
        #expect(counter.counts == Array(repeating: 5, count: 25), "each index ran once per map")
    }

    /// A cancelled map keeps what it finished: the indices started before the cancel, which are a
    /// prefix 0..<k in order (indices are handed out in order), and starts nothing after it.
    @Test func aCancelledMapKeepsAPrefix() {
        let probe = ParallelProbe()
        let out = parallelMap(count: 100, jobs: 2, isCancelled: { probe.total >= 10 }) { i -> Int in
            probe.record(i)
            return i
        }
        #expect(out.count >= 10 && out.count < 100, "stopped early: \(out.count)")
        #expect(out == Array(0..<out.count), "a prefix in order: \(out)")
        #expect(probe.total == out.count, "nothing started that was not kept")
    }
}

/// Counts calls per index across threads.
private final class ParallelProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var byIndex = Array(repeating: 0, count: 100)
    func record(_ i: Int) { lock.withLock { byIndex[i] += 1 } }
    var counts: [Int] { lock.withLock { Array(byIndex.prefix(25)) } }
    var total: Int { lock.withLock { byIndex.reduce(0, +) } }
}
