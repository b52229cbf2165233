import Foundation
import MLSDCore
@testable import MLSDSim
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Random valid designs (``RandomDesign``), seeded: every one must end in bounded time and
/// memory (issue #13).
@Suite(.serialized) struct SimulationFuzzTests {
    /// Peak resident set of this process so far, bytes.
    static var peakBytes: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// 1 000 designs, 1 000 requests each. The bounds are scaled down so that a debug build runs
    /// them all in about half a minute: 500 requests in flight (so 8 000 calls) and 50 000
    /// events; `mlsd-bench --fuzz` runs the same generator with the default bounds in a release build.
    @Test func thousandRandomDesignsEndInBoundedTimeAndMemory() throws {
        let clock = ContinuousClock()
        var slowest: (Duration, UInt64) = (.zero, 0)
        var cut = 0, ran = 0
        var reasons: Set<String> = []
        for seed in UInt64(1)...1_000 {
            let design = RandomDesign.make(seed: seed)
            let scenario = Scenario(name: "fuzz \(seed)", design: design)
            guard scenario.validationDiagnostics().allSatisfy({ $0.severity != .error }) else { continue }
            let model = try SimulationModel(design: design)
            var simulation = Simulation(model: model, seed: seed)
            simulation.eventLimit = 50_000
            simulation.inFlightLimit = 500
            var result: SimulationResult?
            let elapsed = clock.measure { result = simulation.run(until: .requests(1_000)) }
            ran += 1
            if let reason = result?.cutOff { cut += 1; reasons.insert("\(reason)".components(separatedBy: " exceeded").first ?? "") }
            if elapsed > slowest.0 { slowest = (elapsed, seed) }
            #expect(elapsed < .seconds(10), "seed \(seed) took \(elapsed)")
            #expect((result?.events ?? 0) <= 50_002, "seed \(seed): \(result?.events ?? 0) events")
        }
        #expect(ran >= 1_000 * 9 / 10, "only \(ran) designs were valid")
        #expect(reasons == ["events", "calls in flight", "requests in flight"], "the generator reaches every bound: \(reasons)")
        #expect(Self.peakBytes < 1 << 30, "peak RSS \(Self.peakBytes >> 20) MB")
        print("fuzz: \(ran) designs, \(cut) cut off, slowest seed \(slowest.1) in \(slowest.0)")
    }
}
