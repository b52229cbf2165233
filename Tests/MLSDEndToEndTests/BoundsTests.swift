import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

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
            #expect(run.peakBytes > 1 << 20, "the memory of a running mlsd is sampled: \(run.summary)")
        }
    }

    /// Finding 1: calls that pile up after the last arrival (retries ×11 and fan-out ×100 per
    /// request, a 10 s single-server store) used to take 2.1 GB and 72 s in a debug build and
    /// report `cut_off: false`; now the memory bound stops the run and says so.
    @Test func aBacklogGrowingAfterTheLastArrivalIsCutOffAndSaysSo() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try folder.write("drain.yaml", """
        name: Drain
        design:
          entry: a
          workload: { qps: 100/s }
          components:
            a: { kind: station, latency: 1s, calls: [{ parallel: [b, b, b, b, b, b, b, b, b, b] }] }
            b: { kind: station, latency: 1ms, timeout: 1us, retries: 10, fallback: c, calls: [{ parallel: [c, c, c, c, c, c, c, c, c, c] }] }
            c: { kind: station, latency: 10s }
        """)
        let table = try BoundedRun.mlsd(["simulate", file, "--requests", "20k"], deadline: 120)
        #expect(table.status == 0 && table.seconds < 20 && table.peakBytes < 512 << 20, "\(table.summary)")
        // The Stable line wraps at 80 columns; read it as one line.
        let unwrapped = table.out.replacingOccurrences(of: "\n            ", with: " ")
        #expect(unwrapped.contains("run stopped early: calls in flight exceeded 320000 (memory bound)"), "\(table.out)")
        let json = try BoundedRun.mlsd(["simulate", file, "--requests", "20k", "--format", "json"], deadline: 120)
        #expect(json.out.contains("\"cut_off\" : true") && json.out.contains("\"cut_off_reason\" : \"calls in flight exceeded 320000 (memory bound)\""))
    }

    /// Finding 7: values that used to trap (SIGILL in Double→Int conversions) or skip the file's
    /// bounds are usage errors (64) with a message, checked against the same bounds as the file.
    @Test(arguments: [
        (["simulate", "fraud-detection", "--down", "scorer=1@0s-1e300s"], "invalid --down 'scorer=1@0s-1e300s'"),
        (["simulate", "fraud-detection", "--down", "scorer=1@0s-99999999999999999999h"], "invalid --down"),
        (["sweep", "fraud-detection", "--vary", "scorer.timeout=1ms...99999999999999999999h"], "at most a year"),
        (["sweep", "fraud-detection", "--vary", "scorer.replicas=1...9223372036854775807"], "expected a whole number from 1 to 1000000 for 'replicas'"),
        (["sweep", "fraud-detection", "--vary", "workload.qps=1/s...999999999999999/s"], "from 1/h to 1G/s"),
        (["simulate", "fraud-detection", "--qps", "1e300"], "invalid --qps '1e300': expected a rate such as 5k/s or 5000, from 1/h to 1G/s"),
        (["simulate", "fraud-detection", "--qps", "5e-324"], "invalid --qps '5e-324'"),
        (["simulate", "fraud-detection", "--qps", "nan"], "invalid --qps 'nan'"),
        (["simulate", "fraud-detection", "--duration", "1000000000s"], "invalid --duration '1000000000s': expected a duration above 0 such as 30s, 10m, 2h, 1h30m or 7d (units ms, s, m, h, d), at most 365d"),
        (["simulate", "fraud-detection", "--duration", "8000h"], "it means about 144000000000 requests; at most 10000000000"),
        (["simulate", "fraud-detection", "--set", "scorer.timeout=99999999999h"], "at most a year"),
        (["simulate", "fraud-detection", "--set", "workload.qps=99999999999999/s"], "from 1/h to 1G/s"),
        (["simulate", "fraud-detection", "--set", "scorer.cost=$99999999999999999999/h"], "at most $1000000"),
        (["simulate", "fraud-detection", "--set", "scorer.batching.max_wait=99999999999999999999h"], "at most a year"),
    ] as [([String], String)])
    func extremeOptionValuesAreUsageErrors(arguments: [String], message: String) throws {
        let run = try BoundedRun.mlsd(arguments + ["--requests", "1k"].filter { _ in !arguments.contains("--duration") }, deadline: 60)
        #expect(run.status == 64 && run.signal == nil, "\(arguments): \(run.summary)")
        #expect(run.err.contains(message), "\(run.err)")
    }

    /// The file has the same bounds: a year, 1/h to 1G/s, $1 000 000; the largest values allowed
    /// run and print without trapping.
    @Test func largestValuesAFileAllowsRunAndPrint() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let file = try folder.write("edge.yaml", """
        name: Edge
        requirements: { peak_qps: 1G/s, monthly_budget: "$1000000" }
        design:
          entry: a
          workload: { qps: 1/h, pattern: burst, factor: 1000 }
          components:
            a: { kind: station, latency: 8760h, timeout: 8760h, cost: "$1000000/h", replicas: 1000000, concurrency: 1000000, calls: [{ sequence: [b] }] }
            b: { kind: station, latency: { uniform: [1us, 8760h] }, retries: 10, timeout: 1us, fallback: c }
            c: { kind: station, latency: 1us }
        """)
        for arguments in [["validate", file], ["show", file], ["simulate", file, "--requests", "200"], ["simulate", file, "--requests", "200", "--format", "json"],
                          ["export", file, "--format", "markdown", "--requests", "200"], ["export", file, "--annotate", "--requests", "200"],
                          ["sweep", file, "--vary", "a.timeout=1us...8760h", "--steps", "3", "--requests", "100"]] {
            let run = try BoundedRun.mlsd(arguments, deadline: 120)
            #expect(run.status == 0 && run.signal == nil && run.seconds < 60, "\(arguments.first!): \(run.summary)")
        }
        let tooBig = try folder.write("over.yaml", "name: Over\ndesign:\n  entry: a\n  workload: { qps: 2G/s }\n  components:\n    a: { kind: station, latency: 8761h, cost: \"$1000001/h\" }\n")
        let run = try BoundedRun.mlsd(["validate", tooBig], deadline: 30)
        #expect(run.status == 65)
        #expect(run.err.contains("over.yaml:4:20: error: invalid value '2G/s' for 'qps': expected a rate from 1/h to 1G/s"), "\(run.err)")
        #expect(run.err.contains("over.yaml:6:34: error: invalid value '8761h' for 'latency'"), "\(run.err)")
        #expect(run.err.contains("error: invalid value '$1000001/h' for 'cost': expected an amount from $0 to $1000000"), "\(run.err)")
    }

    /// A call chain as YAML: c0 → c1 → … → c(n−1).
    static func chain(_ n: Int) -> String {
        var lines = ["name: Chain", "design:", "  entry: c0", "  components:"]
        for i in 0..<n {
            lines.append("    c\(i): { kind: station, latency: 1us\(i + 1 < n ? ", calls: [{ sequence: [c\(i + 1)] }]" : "") }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Finding 3: the longest chain the file allows runs through every command; a longer one is a
    /// located error (it crashed every command with SIGSEGV from about 2 320), also from the user's
    /// scenario folder, which `mlsd scenarios` and the TUI read at start-up.
    @Test func deepChainsEndInAnAnswerOrALocatedError() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let ok = try folder.write("chain1000.yaml", Self.chain(1_000))
        for arguments in [["validate", ok], ["show", ok], ["simulate", ok, "--requests", "1k"], ["export", ok],
                          ["export", ok, "--format", "mermaid"], ["export", ok, "--format", "json", "--requests", "500"]] {
            let run = try BoundedRun.mlsd(arguments, deadline: 120)
            #expect(run.status == 0 && run.seconds < 60, "\(arguments.first!): \(run.summary)")
        }
        // Finding 8: a component's statistics cost memory only for the latencies it sees (pages
        // of one octave), not 320 kB each: 1 000 components took 353 MB to simulate, a sweep ×jobs.
        let sweep = try BoundedRun.mlsd(["sweep", ok, "--vary", "c0.replicas=1...2", "--requests", "500", "--jobs", "2"], deadline: 120)
        #expect(sweep.status == 0 && sweep.peakBytes < 160 << 20, "\(sweep.summary)")
        let long = try folder.write("config/mlsd/scenarios/chain5000.yaml", Self.chain(5_000))
        for arguments in [["validate", long], ["simulate", long], ["simulate", "chain5000"], ["export", "chain5000"]] {
            let run = try BoundedRun.mlsd(arguments, configHome: folder.path("config"), deadline: 60)
            #expect(run.status == 65, "\(arguments): \(run.summary)")
            #expect(run.err.hasPrefix("\(long):1005:5: error: too many components: the design has 5000; at most 1000 are allowed\n"), "\(run.err)")
        }
        // Finding 5 in the same folder: an alias bomb used as a mapping key (583 bytes took about
        // 20 minutes in the YAML library); `mlsd scenarios` and the TUI parse every file there.
        var bomb = ["name: Bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for i in 1..<8 { bomb.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        bomb.append("k: { *a7 : 1 }")
        try folder.write("config/mlsd/scenarios/bomb.yaml", bomb.joined(separator: "\n") + "\n")
        let list = try BoundedRun.mlsd(["scenarios"], configHome: folder.path("config"), deadline: 60)
        #expect(list.status == 0 && list.seconds < 10, "\(list.summary)")
        #expect(list.out.contains("(invalid: run mlsd validate chain5000)") && list.out.contains("(invalid: run mlsd validate bomb)"), "\(list.out)")
        let check = try BoundedRun.mlsd(["validate", "bomb"], configHome: folder.path("config"), deadline: 60)
        #expect(check.status == 65 && check.err.contains("bomb.yaml:8:10: error: alias '*a5' makes the document expand to more than 1000000 nodes"), "\(check.summary)")
    }

    /// Finding 11 (files): each kind of unusable path says what is wrong with it, located, instead
    /// of "no such file".
    @Test func unusableFilesSayWhy() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("dir.yaml"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.path("fifo.yaml"), 0o600) == 0)
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: folder.path("latin.yaml")))
        try Data([0xFF, 0xFE, 0x6E, 0x00, 0x61, 0x00]).write(to: URL(fileURLWithPath: folder.path("utf16.yaml")))
        try Data("name: x\ndesign:\n  entry: a\u{0}\n".utf8).write(to: URL(fileURLWithPath: folder.path("binary.yaml")))
        try folder.write("big.yaml", "name: x\nsummary: " + String(repeating: "a", count: 5 << 20) + "\n")
        let cases: [(String, Int32, String)] = [
            ("missing.yaml", 66, "mlsd: error: no such file or scenario '\(folder.path("missing.yaml"))'; run 'mlsd scenarios' to list them"),
            ("dir.yaml", 66, "mlsd: error: cannot read '\(folder.path("dir.yaml"))': it is a directory, not a regular file"),
            // A FIFO named on the command line is read like `<(…)`; with no writer it is empty (no hang).
            ("fifo.yaml", 65, "\(folder.path("fifo.yaml")):1:1: error: the file is empty; expected a mapping with 'name' and 'design'"),
            ("latin.yaml", 65, "\(folder.path("latin.yaml")):1:7: error: the file is not valid UTF-8 (byte 0xC3 at offset 6); save it as UTF-8"),
            ("utf16.yaml", 65, "\(folder.path("utf16.yaml")):1:1: error: the file is UTF-16 text; save it as UTF-8"),
            ("binary.yaml", 65, "\(folder.path("binary.yaml")):3:11: error: the file contains a NUL byte; expected YAML text, not binary data"),
            ("big.yaml", 65, "\(folder.path("big.yaml")):1:1: error: the file is 5 MB or more; a scenario file is at most 4 MB"),
        ]
        for (name, status, message) in cases {
            let run = try BoundedRun.mlsd(["simulate", folder.path(name)], deadline: 30)
            #expect(run.status == status && run.err == message + "\n", "\(name): \(run.summary)")
        }
        // A UTF-8 byte-order mark (Windows editors write one) is legal YAML: the file reads as without
        // it, and a mistake on line 1 is at its real column (it was "2:1: … did not find expected <document start>").
        let bomText = "name: x\ndesign: { entry: a, components: { a: { kind: gateway } } }\n"
        try Data([0xEF, 0xBB, 0xBF] + Array(bomText.utf8)).write(to: URL(fileURLWithPath: folder.path("bom.yaml")))
        let bom = try BoundedRun.mlsd(["validate", folder.path("bom.yaml")], deadline: 30)
        #expect(bom.status == 0 && bom.out == "\(folder.path("bom.yaml")): ok\n", "\(bom.summary)")
        try Data([0xEF, 0xBB, 0xBF] + Array("nme: x\n".utf8)).write(to: URL(fileURLWithPath: folder.path("bom-bad.yaml")))
        let bad = try BoundedRun.mlsd(["validate", folder.path("bom-bad.yaml")], deadline: 30)
        #expect(bad.status == 65 && bad.err.hasPrefix("\(folder.path("bom-bad.yaml")):1:1: error: unknown key 'nme'"), "\(bad.summary)")
        // Process substitution and /dev/stdin work; a FIFO in the user's folder is not opened at all.
        let piped = try BoundedRun.mlsd(["validate", "/dev/stdin"], stdin: folder.write("ok.yaml", "name: x\ndesign: { entry: a, components: { a: { kind: gateway } } }\n"), deadline: 30)
        #expect(piped.status == 0 && piped.out == "/dev/stdin: ok\n", "\(piped.summary)")
        try FileManager.default.createDirectory(atPath: folder.path("config/mlsd/scenarios"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.path("config/mlsd/scenarios/stuck.yaml"), 0o600) == 0)
        let stuck = try BoundedRun.mlsd(["simulate", "stuck"], configHome: folder.path("config"), deadline: 30)
        #expect(stuck.status == 66 && stuck.err.hasSuffix("stuck.yaml': it is a FIFO (named pipe), not a regular file\n"), "\(stuck.summary)")
        let list = try BoundedRun.mlsd(["scenarios"], configHome: folder.path("config"), deadline: 30)
        #expect(list.status == 0 && list.out.contains("(invalid: run mlsd validate stuck)"), "\(list.summary)")
        if getuid() != 0 {
            let locked = try folder.write("locked.yaml", "name: x\n")
            chmod(locked, 0)
            let run = try BoundedRun.mlsd(["validate", locked], deadline: 30)
            #expect(run.status == 66 && run.err.contains("permission denied"), "\(run.summary)")
        }
    }
}
