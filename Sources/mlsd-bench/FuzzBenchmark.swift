import Dispatch
import Foundation
import MLSDCore
import MLSDSim

/// Runs seeded random designs (``RandomDesign``) with the simulator's default bounds, as
/// `mlsd simulate` would, and reports the slowest run, the most events and the peak memory.
///
/// Runs are sequential in this process, and each frees its memory when it ends, so the process's
/// peak RSS (VmHWM) is the peak of the largest single run plus the baseline.
func runFuzzBenchmark(designs: Int, requests: Int, firstSeed: UInt64) -> String {
    var slowest: (seconds: Double, seed: UInt64) = (0, 0)
    var mostEvents: (events: Int, seed: UInt64) = (0, 0)
    var total = 0.0, ran = 0
    var reasons: [String: Int] = [:]
    for seed in firstSeed..<(firstSeed + UInt64(designs)) {
        let design = RandomDesign.make(seed: seed)
        guard Scenario(name: "fuzz", design: design).validationDiagnostics().allSatisfy({ $0.severity != .error }),
              let model = try? SimulationModel(design: design) else { continue }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = Simulation(model: model, seed: seed).run(until: .requests(requests))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        ran += 1
        total += seconds
        if seconds > slowest.seconds { slowest = (seconds, seed) }
        if result.events > mostEvents.events { mostEvents = (result.events, seed) }
        let reason = result.cutOff.map { "\($0)".components(separatedBy: " exceeded").first ?? "" } ?? "none"
        reasons[reason, default: 0] += 1
    }
    let cuts = reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    return String(format: "fuzz %d designs x %d requests (seeds %llu…): total %.1f s, slowest %.2f s (seed %llu), most events %d (seed %llu), peak RSS %.0f MB; cut off by: %@",
                  ran, requests, firstSeed, total, slowest.seconds, slowest.seed, mostEvents.events, mostEvents.seed,
                  MLSDBench.peakRSSMegabytes(), cuts)
}
