import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// The work and memory bounds hold while the system drains after the last arrival, and a run they
/// stop says so (issue #13, finding 1: the in-flight check ran only at arrivals, so a backlog that
/// grew during the drain took 2.1 GB and 72 s, simulated clock at 7 years, `cut_off` false).
struct DrainBoundTests {
    /// Entry with one server (1 s) fanning out 10× to `b`, whose every attempt times out (1 µs),
    /// is retried 10 times and falls back to `c`; each attempt fans out 10× to `c` (10 s, one
    /// server). The entry holds requests back, so few are in flight while they arrive; the calls to
    /// `c` pile up afterwards, ×1 100 per request.
    static let amplifier = """
    entry: a
    workload: { qps: 100/s }
    components:
      a: { kind: station, latency: 1s, calls: [{ parallel: [b, b, b, b, b, b, b, b, b, b] }] }
      b: { kind: station, latency: 1ms, timeout: 1us, retries: 10, fallback: c, calls: [{ parallel: [c, c, c, c, c, c, c, c, c, c] }] }
      c: { kind: station, latency: 10s }
    """

    @Test func callsPilingUpAfterTheLastArrivalAreCutOff() throws {
        let m = try model(Self.amplifier)
        let r = Simulation(model: m, seed: 42).run(until: .requests(20_000))
        #expect(r.wasCutOff)
        #expect(r.cutOff == .callsInFlight(limit: 320_000))
        #expect(!r.isStable)
        // Every measured request that had not finished is an error, not silently dropped.
        #expect(r.errors.failed == r.requests && r.requests > 0)
        #expect(r.simulatedSeconds < 1_000, "stopped at \(r.simulatedSeconds) s of simulated time")
        #expect(r.jsonText().contains("\"cut_off_reason\" : \"calls in flight exceeded 320000 (memory bound)\""))
    }

    /// Sequence fan-out: each level calls the next ten times one after another, so a request makes
    /// 10⁴ visits with few calls in flight at once. Only the work bound can stop it.
    @Test func workGrowingWithoutMemoryIsCutOffByTheEventBound() throws {
        var lines = ["entry: l0", "workload: { qps: 10/s }", "components:"]
        for level in 0..<5 {
            let call = level < 4 ? ", calls: [{ sequence: [\(Array(repeating: "l\(level + 1)", count: 10).joined(separator: ", "))] }]" : ""
            lines.append("  l\(level): { kind: station, latency: 1us, concurrency: 100\(call) }")
        }
        let m = try model(lines.joined(separator: "\n"))
        var simulation = Simulation(model: m, seed: 1)
        simulation.eventLimit = 100_000
        let r = simulation.run(until: .requests(1_000))
        #expect(r.cutOff == .events(limit: 100_000))
        #expect(r.events <= 100_001)
        // The default bound scales with the requests asked for: 100 per arrival, at least 50 M.
        let engine = Engine(model: m, seed: 1, warmupFraction: 0.1, stop: .requests(2_000_000), inFlightLimit: nil, observer: NoObserver())
        #expect(engine.eventLimit == 200_000_000)
        #expect(Engine(model: m, seed: 1, warmupFraction: 0.1, stop: .requests(10), inFlightLimit: nil, observer: NoObserver()).eventLimit == 50_000_000)
    }

    @Test func aRunThatEndsWithinItsBoundsIsNotCutOff() throws {
        let r = Simulation(model: try model(stations([(1, 1)], qps: 500)), seed: 42).run(until: .requests(10_000))
        #expect(r.cutOff == nil && !r.wasCutOff)
        #expect(!r.jsonText().contains("cut_off_reason"))
    }
}
