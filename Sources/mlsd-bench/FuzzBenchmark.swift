import Dispatch
import Foundation
import MLSDCore
import MLSDSim

/// Runs seeded random designs (``RandomDesign``) with the simulator's default bounds, as
/// `mlsd simulate` would, and reports the slowest run, the most events and the peak memory, and
/// lists every run over the issue's limits (issue #13's "Done when": no run over 10 s or 1 GB).
///
/// Runs are sequential in this process. Before each run the kernel's peak-RSS mark is reset
/// (`/proc/self/clear_refs`, "5"), so each run's peak (VmHWM after it) is its own plus the
/// process's baseline; where the kernel refuses the reset, the figure is the peak so far, which
/// can only overstate a run. Wall time is measured on a shared machine, so CPU time is given too.
func runFuzzBenchmark(designs: Int, requests: Int, firstSeed: UInt64, limitSeconds: Double = 10, limitMegabytes: Double = 1024) -> String {
    struct Run { var seed: UInt64; var seconds: Double; var cpuSeconds: Double; var megabytes: Double; var events: Int; var cutOff: String }
    var runs: [Run] = []
    var total = 0.0
    var reasons: [String: Int] = [:]
    var skipped = 0
    let canResetPeak = resetPeakRSS()
    for seed in firstSeed..<(firstSeed + UInt64(designs)) {
        let design = RandomDesign.make(seed: seed)
        guard Scenario(name: "fuzz", design: design).validationDiagnostics().allSatisfy({ $0.severity != .error }),
              let model = try? SimulationModel(design: design) else {
            skipped += 1
            continue
        }
        _ = resetPeakRSS()
        let cpu = MLSDBench.processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let result = Simulation(model: model, seed: seed).run(until: .requests(requests))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpuSeconds = MLSDBench.processCPUSeconds() - cpu
        total += seconds
        let reason = result.cutOff.map { "\($0)".components(separatedBy: " exceeded").first ?? "" } ?? "none"
        reasons[reason, default: 0] += 1
        runs.append(Run(seed: seed, seconds: seconds, cpuSeconds: cpuSeconds, megabytes: MLSDBench.peakRSSMegabytes(),
                        events: result.events, cutOff: reason))
    }
    func line(_ r: Run) -> String {
        String(format: "  seed %5llu  %7.2f s wall  %7.2f s CPU  %6.0f MB peak RSS  %10d events  cut off: %@",
               r.seed, r.seconds, r.cpuSeconds, r.megabytes, r.events, r.cutOff)
    }
    let cuts = reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    var lines = [String(format: "fuzz %d designs x %d requests (seeds %llu…%llu, %d invalid skipped): total %.1f s; cut off by: %@%@",
                        runs.count, requests, firstSeed, firstSeed + UInt64(designs) - 1, skipped, total, cuts,
                        canResetPeak ? "" : " (peak RSS not resettable here: figures are peaks so far)")]
    let over = runs.filter { $0.seconds > limitSeconds || $0.megabytes > limitMegabytes }
    lines.append(String(format: "runs over %.0f s or %.0f MB: %d", limitSeconds, limitMegabytes, over.count))
    lines += over.map(line)
    lines.append("slowest 5:")
    lines += runs.sorted { ($0.seconds, $1.seed) > ($1.seconds, $0.seed) }.prefix(5).map(line)
    lines.append("largest peak RSS 5:")
    lines += runs.sorted { ($0.megabytes, $1.seed) > ($1.megabytes, $0.seed) }.prefix(5).map(line)
    return lines.joined(separator: "\n")
}

/// Resets the kernel's peak-RSS mark (VmHWM) of this process; false where that is not allowed.
private func resetPeakRSS() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
}
