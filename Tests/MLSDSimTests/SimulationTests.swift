import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Determinism, traces and run bookkeeping.
struct SimulationTests {
    @Test func sameSeedGivesIdenticalResultsAndJSON() throws {
        let m = try model(stations([(2, 2), (4, 6)], qps: 500))
        let a = Simulation(model: m, seed: 7).run(until: .requests(20_000))
        let b = Simulation(model: m, seed: 7).run(until: .requests(20_000))
        #expect(a == b)
        #expect(a.jsonText() == b.jsonText())
    }

    /// A run its user stops (the TUI's cancel) leaves the requests in flight unfinished and not
    /// judged, as the end of a timed run does; it used to count them as failed, so a stopped fault
    /// run showed an error rate the same run to its end did not have.
    @Test func aCancelledRunLeavesRequestsInFlightUnjudged() throws {
        let m = try model(stations([(2, 2), (4, 6)], qps: 500))
        let r = Simulation(model: m, seed: 7).run(until: .requests(400_000), isCancelled: { $0 > 0.5 })
        #expect(r.cutOff == .cancelled)
        #expect(r.requests > 150_000 && r.requests < 400_000, "stopped about half way: \(r.requests)")
        #expect(r.errors.total == 0 && r.errorRate == 0, "\(r.errors)")
        #expect(r.unfinished > 0, "requests were in flight when it stopped")
        #expect(r.successes + r.unfinished == r.requests)
        // A run cut off by a bound still counts what it left as failed.
        let bounded = Simulation(model: try model(stations([(1, 4)], qps: 500)), seed: 7, inFlightLimit: 100).run(until: .requests(50_000))
        #expect(bounded.cutOff == .requestsInFlight(limit: 100))
        #expect(bounded.errors.total > 0)
    }

    @Test func differentSeedsGiveDifferentRuns() throws {
        let m = try model(stations([(1, 1)], qps: 500))
        let a = Simulation(model: m, seed: 1).run(until: .requests(5_000))
        let b = Simulation(model: m, seed: 2).run(until: .requests(5_000))
        #expect(a.latency != b.latency)
    }

    /// One request a second; A takes 1.5 s on one server, then calls B (0.25 s). Worked by hand:
    /// r0 arrives at 1, A serves 1–2.5, B 2.5–2.75; r1 arrives at 2, waits for A until 2.5, A until 4,
    /// B 4–4.25; r2 arrives at 3, waits until 4, A until 5.5, B 5.5–5.75.
    @Test func tinyModelFollowsTheHandComputedTrace() throws {
        var a = Component(id: "A", kind: .station)
        a.latency = .constant(.milliseconds(1500))
        a.calls = [CallGroup(mode: .sequence, targets: ["B"])]
        var b = Component(id: "B", kind: .station)
        b.latency = .constant(.milliseconds(250))
        var m = try SimulationModel(design: Design(entry: "A", components: [a, b]))
        m.arrivals = .deterministic(intervalSeconds: 1)
        var trace: [String] = []
        let result = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(3)) { trace.append($0.description) }
        #expect(trace == [
            "1.000 r0 arrival", "1.000 r0 enter A", "1.000 r0 start A",
            "2.000 r1 arrival", "2.000 r1 enter A",
            "2.500 r0 finish A", "2.500 r1 start A", "2.500 r0 enter B", "2.500 r0 start B",
            "2.750 r0 finish B", "2.750 r0 done ok",
            "3.000 r2 arrival", "3.000 r2 enter A",
            "4.000 r1 finish A", "4.000 r2 start A", "4.000 r1 enter B", "4.000 r1 start B",
            "4.250 r1 finish B", "4.250 r1 done ok",
            "5.500 r2 finish A", "5.500 r2 enter B", "5.500 r2 start B",
            "5.750 r2 finish B", "5.750 r2 done ok",
        ])
        // Latencies 1.75, 2.25, 2.75 s; A's waits 0, 0.5, 1 s.
        expectNear(result.latency.mean, 2.25, absolute: 1e-9, "mean latency")
        expectNear(result[component: "A"]?.meanWaitSeconds ?? -1, 0.5, absolute: 1e-9, "A mean wait")
        #expect(result.requests == 3)
    }

    @Test func warmupIsDiscarded() throws {
        let m = try model(stations([(1, 1)], qps: 100))
        let r = Simulation(model: m, seed: 3, warmupFraction: 0.25).run(until: .requests(1000))
        #expect(r.requests == 750)
        #expect(r.warmupRequests == 250)
    }

    @Test func timeStopCountsArrivalsAfterWarmup() throws {
        let m = try model(stations([(1, 1)], qps: 1000))
        let r = Simulation(model: m, seed: 3).run(until: .time(10))
        // Poisson count over 9 s at 1000/s: 9000 ± 95 (1σ); 5σ bound.
        expectNear(Double(r.requests), 9000, absolute: 475, "measured arrivals")
        #expect(r.simulatedSeconds <= 10)
    }

    @Test func unstableDesignIsReportedInBoundedTime() throws {
        // ρ = 1500/s × 1 ms = 1.5 on one server.
        let m = try model(stations([(1, 1)], qps: 1500))
        let r = Simulation(model: m, seed: 1).run(until: .requests(10_000_000))
        #expect(!r.isStable)
        #expect(r.wasCutOff)
        #expect(r.overloaded.map(\.id) == ["s1"])
        expectClose(r.overloaded.first?.offeredUtilization ?? 0, 1.5, relative: 1e-9, "offered utilisation")
        #expect(r.bottleneck == "s1")
        #expect(r.requests < 100_000)
        #expect(r.errors.failed > 0)
    }

    @Test func stableDesignReachesTheOfferedThroughput() throws {
        let m = try model(stations([(2, 1)], qps: 1000))
        let r = Simulation(model: m, seed: 5).run(until: .requests(100_000))
        #expect(r.isStable && !r.wasCutOff)
        // Poisson arrivals: the count in the window has relative sd 1/√90000 ≈ 0.33 %.
        expectClose(r.throughput, 1000, relative: 0.015, "throughput")
        // Utilisation λE[S]/c = 0.5; sd of the busy-time estimate ≈ 0.5 %.
        expectClose(r[component: "s1"]?.utilization ?? 0, 0.5, relative: 0.03, "utilisation")
        #expect(r.errorRate == 0)
    }

    @Test func burstAndDiurnalPatternsKeepTheirMeanRate() throws {
        let burst = try model("entry: s\nworkload: { qps: 1000/s, pattern: burst, factor: 3, every: 1s, length: 200ms }\ncomponents:\n  s: { kind: station, concurrency: 64, latency: { constant: 1ms } }")
        // Mean rate 1000·(1 + 2·0.2) = 1400/s.
        expectClose(burst.arrivals.meanRate, 1400, relative: 1e-12, "burst mean rate")
        let rb = Simulation(model: burst, seed: 2).run(until: .time(20))
        expectClose(rb.throughput, 1400, relative: 0.03, "burst throughput")
        let diurnal = try model("entry: s\nworkload: { qps: 1000/s, pattern: diurnal, amplitude: 50%, period: 2s }\ncomponents:\n  s: { kind: station, concurrency: 64, latency: { constant: 1ms } }")
        let rd = Simulation(model: diurnal, seed: 2).run(until: .time(20))
        expectClose(rd.throughput, 1000, relative: 0.03, "diurnal throughput")
    }

    @Test func invalidDesignsAreRejectedWithAReason() throws {
        var a = Component(id: "a", kind: .station)
        a.latency = .constant(.milliseconds(1))
        a.calls = [CallGroup(mode: .sequence, targets: ["b"])]
        var b = Component(id: "b", kind: .station)
        b.latency = .constant(.milliseconds(1))
        b.calls = [CallGroup(mode: .sequence, targets: ["a"])]
        #expect(throws: SimulationModelError.cycle(["a", "b", "a"])) { try SimulationModel(design: Design(entry: "a", components: [a, b])) }
        #expect(throws: SimulationModelError.unknownComponent("zz", referencedBy: "entry")) { try SimulationModel(design: Design(entry: "zz", components: [a])) }
        b.calls = [CallGroup(mode: .sequence, targets: ["nope"])]
        #expect(throws: SimulationModelError.unknownComponent("nope", referencedBy: "b.calls")) { try SimulationModel(design: Design(entry: "a", components: [a, b])) }
    }
}
