import Foundation
import Testing

/// Inputs a user or a shared design file can supply that used to hang, crash or eat memory
/// (issue #13). Each is generated, run through the real binary with a deadline, and must end in
/// bounded time and memory with a proper exit. The margins are generous (debug build, shared
/// 2-core machine); `mlsd-bench` and the README hold the measured figures.
@Suite(.serialized) struct BoundsTests {
    /// Finding 2: a trillion servers (the file's limits for replicas and concurrency) in every
    /// command that estimates or simulates.
    @Test func aTrillionServersAnswerInEveryCommand() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try folder.write("huge.yaml", """
        name: Huge
        design:
          entry: a
          workload: { qps: 1M/s }
          components:
            a: { kind: station, latency: { exponential: 1ms }, replicas: 1000000, concurrency: 1000000, calls: [{ sequence: [b] }] }
            b: { kind: station, latency: 1ms-5ms, replicas: 1000000, concurrency: 1000000 }
        """)
        let commands: [[String]] = [
            ["simulate", file, "--requests", "5k"],
            ["compare", file, "--set", "b.replicas=999999", "--requests", "5k"],
            ["sweep", file, "--vary", "a.replicas=1...1000000", "--steps", "3", "--requests", "2k"],
            ["export", file, "--format", "json", "--requests", "5k"],
            ["export", file, "--format", "markdown", "--requests", "5k"],
            ["export", file, "--annotate", "--requests", "5k"],
        ]
        for arguments in commands {
            let run = try BoundedRun.mlsd(arguments, deadline: 60)
            #expect(run.status == 0 && run.seconds < 20 && run.peakBytes < 512 << 20, "\(arguments): \(run.summary)")
        }
    }
}
