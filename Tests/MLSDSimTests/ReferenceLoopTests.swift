import MLSDCore
@testable import MLSDSim
import Testing

/// The benchmark's yardstick must simulate what the engine simulates: the loop that keeps the
/// engine's statistics reports the engine's figures for a tandem to the last bit, so the ratio
/// `mlsd-bench` prints compares two programs giving the same answer.
@Suite struct ReferenceLoopTests {
    static let list: [(servers: Int, meanMs: Double)] = [(2, 2), (8, 8), (16, 16)]
    static let tuples = list.map { (servers: $0.servers, meanServiceSeconds: $0.meanMs / 1000) }

    @Test(arguments: [(800.0, UInt64(7)), (950.0, UInt64(42))])
    func theLoopWithTheEnginesBooksReportsTheEnginesFigures(rate: Double, seed: UInt64) throws {
        // 20k requests: enough successes (18k) for the waterfall's band threshold to move three times.
        let n = 20_000
        let engine = Simulation(model: try model(stations(Self.list, qps: rate)), seed: seed).run(until: .requests(n))
        let loop = ReferenceLoop.report(rate: rate, stations: Self.tuples, requests: n, seed: seed)
        #expect(loop.events == engine.events)
        #expect(loop.latency == engine.latency)
        #expect(loop.throughput == engine.throughput)
        for (s, c) in zip(loop.stations, engine.components) {
            #expect(s.utilization == c.utilization, "\(c.id) utilisation")
            #expect(s.meanWaitSeconds == c.meanWaitSeconds, "\(c.id) wait")
            #expect(s.meanSojournSeconds == c.meanSojournSeconds, "\(c.id) sojourn")
            #expect(s.p99SojournSeconds == c.p99SojournSeconds, "\(c.id) p99 sojourn")
        }
        let waterfall = engine.criticalPathP99.map(\.seconds)
        #expect(loop.criticalPathP99 == waterfall)
        // And the bare loop, which keeps only the mean, gets the same mean.
        let bare = ReferenceLoop.run(rate: rate, stations: Self.tuples, requests: n, seed: seed)
        #expect(bare.events == engine.events)
        #expect(bare.meanSojournSeconds == engine.latency.mean)
    }

    @Test func aDifferentSeedGivesDifferentFigures() {
        // The equality above is not two constant outputs agreeing.
        let a = ReferenceLoop.report(rate: 800, stations: Self.tuples, requests: 5_000, seed: 1)
        let b = ReferenceLoop.report(rate: 800, stations: Self.tuples, requests: 5_000, seed: 2)
        #expect(a.latency != b.latency)
        #expect(a.stations[0].utilization != b.stations[0].utilization)
        #expect(a.latency.p99 > a.latency.p50 && a.latency.p50 > 0)
    }
}
