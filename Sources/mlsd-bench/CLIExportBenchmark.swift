import Foundation
import MLSDCore
#if canImport(Glibc)
import Glibc
#endif

/// Times whole `mlsd export` processes on 500-component designs (issue #13: the CLI answers in
/// under a second at 500 components): each seed's random long-edge design
/// (``RandomDiagramDesign``) and a 500-way fan-out (``DesignShape/fanOut``), written to YAML
/// files and exported to text by the `mlsd` built next to this benchmark, as a user runs it:
/// reading, validation, the estimate, layout, rendering and writing the file.
///
/// Per design: the median wall time and CPU time (user + system, from `wait4`) of `runs`
/// processes and the largest peak RSS among them. Linux counts in a child's peak RSS the size
/// this process had when it started the child, so this runs before the in-process benchmarks;
/// a peak no larger than this process's own is reported as hidden. Skipped, with a line saying
/// why, when no `mlsd` executable sits beside `mlsd-bench` (build it with `--product mlsd`).
func runCLIExportBenchmark(seeds: [UInt64], componentCount: Int = 500, runs: Int = 3) -> String {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
    let mlsd = here.appendingPathComponent("mlsd").path
    var lines = ["whole 'mlsd export' processes, \(componentCount) components (median of \(runs); target < 1 s each):"]
    guard FileManager.default.isExecutableFile(atPath: mlsd) else {
        lines.append("  skipped: no mlsd executable at \(mlsd) (swift build -c release --product mlsd)")
        return lines.joined(separator: "\n")
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-bench-export-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    var designs: [(name: String, design: Design)] = seeds.map { ("random seed \($0)", RandomDiagramDesign.make(seed: $0, componentCount: componentCount)) }
    designs.append(("fan-out 1 → \(componentCount - 1)", DesignShape.fanOut.design(components: componentCount)))
    for (i, entry) in designs.enumerated() {
        let input = directory.appendingPathComponent("design\(i).yaml"), output = directory.appendingPathComponent("design\(i).txt")
        do {
            try Scenario(name: "bench-\(i)", design: entry.design).yaml().write(to: input, atomically: true, encoding: .utf8)
        } catch {
            lines.append("  \(entry.name): could not write \(input.path): \(error)")
            continue
        }
        var walls: [Double] = [], cpus: [Double] = [], peak = 0.0
        var failure: String?
        for _ in 0..<max(runs, 1) {
            guard let run = timeProcess(mlsd, arguments: ["export", input.path, "-o", output.path]) else {
                failure = "could not start \(mlsd)"
                break
            }
            guard run.status == 0 else {
                failure = "mlsd export exited with status \(run.status)"
                break
            }
            walls.append(run.wallSeconds)
            cpus.append(run.cpuSeconds)
            peak = max(peak, run.peakRSSMegabytes)
        }
        if let failure {
            lines.append("  \(entry.name): \(failure)")
            continue
        }
        let own = MLSDBench.peakRSSMegabytes()
        let rss = peak > own + 1 ? String(format: "peak RSS %4.0f MB", peak) : String(format: "peak RSS hidden (≤ this process's %.0f MB)", own)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let columns = rows.map { DisplayWidth.of(String($0)) }.max() ?? 0
        lines.append(String(format: "  %-18@ %6.3f s wall, %6.3f s CPU, %@; %d lines up to %d columns (%.1f MB)",
                            entry.name, walls.sorted()[walls.count / 2], cpus.sorted()[cpus.count / 2], rss,
                            rows.count, columns, Double(text.utf8.count) / 1e6))
    }
    return lines.joined(separator: "\n")
}

/// One finished child process: its exit status, wall time, CPU time and peak RSS.
struct ProcessTiming {
    var status: Int32
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
}

/// Runs `path` with `arguments` (standard output and error discarded, this process's
/// environment) and measures it with `wait4`; nil when it cannot be started.
func timeProcess(_ path: String, arguments: [String]) -> ProcessTiming? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { return nil }
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    // Exit status as the shell reports it: the code, or 128 + the signal.
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + status & 0x7F
    return ProcessTiming(status: exitStatus, wallSeconds: wall, cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                         peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
}
