import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `mlsd` with a deadline and reports its wall time and peak memory, so a test can
/// assert that an input ends in bounded time and memory without hanging the suite when it does not.
///
/// The child is spawned with `posix_spawn`, its own peak RSS sampled from `/proc` while it runs,
/// and it is killed at the deadline (`Foundation.Process` offers neither).
struct BoundedRun {
    var status: Int32
    /// The signal that ended the child, if one did.
    var signal: Int32?
    var stdout: Data
    var stderr: Data
    var seconds: Double
    /// Peak resident set size in bytes, sampled every 5 ms (see ``highWaterMark(of:)``).
    var peakBytes: Int
    var timedOut: Bool

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    var summary: String { "exit \(status)\(signal.map { " signal \($0)" } ?? "") in \(String(format: "%.2f", seconds)) s, \(peakBytes >> 20) MB\(timedOut ? ", killed at the deadline" : "")\n\(err.prefix(400))" }

    /// Runs `mlsd arguments` with `XDG_CONFIG_HOME` set to `configHome` (paths should be absolute).
    static func mlsd(_ arguments: [String], configHome: String = "/nonexistent-mlsd-test",
                     environment: [String: String] = [:], stdin: String = "/dev/null", deadline seconds: Double = 60) throws -> BoundedRun {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for fd in TmuxSession.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = configHome
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        let argv = [BinaryRunner.binary.path] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        let start = Date()
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var peak = 0
        while true {
            // Peak memory is sampled from the child's own VmHWM once it runs mlsd: on Linux a
            // child's ru_maxrss also counts the parent's RSS at the time of the spawn (exec keeps
            // the old address space's high-water mark), which a test process inflates.
            peak = max(peak, Self.highWaterMark(of: pid))
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r == -1 && errno != EINTR { break }
            if !timedOut && Date().timeIntervalSince(start) > seconds {
                kill(pid, SIGKILL)
                timedOut = true
            }
            usleep(5_000)
        }
        let elapsed = Date().timeIntervalSince(start)
        let exited = status & 0x7f == 0
        return BoundedRun(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), signal: exited ? nil : status & 0x7f,
                          stdout: FileManager.default.contents(atPath: outPath) ?? Data(),
                          stderr: FileManager.default.contents(atPath: errPath) ?? Data(),
                          seconds: elapsed, peakBytes: peak, timedOut: timedOut)
    }
}

extension BoundedRun {
    /// VmHWM of `pid` in bytes, once it is running the `mlsd` binary (0 before, or after it exits).
    static func highWaterMark(of pid: pid_t) -> Int {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8), comm.hasPrefix("mlsd"),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return 0
    }
}

/// A scratch folder for generated input files.
struct ScratchFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
