import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running one command in a detached pane, driven like a person would.
///
/// tmux is spawned with `posix_spawnp`, an empty signal mask and every inherited fd above 2 closed:
/// `Foundation.Process` would wait for tmux's forked server to close its pipes (forever), and the
/// test runner's blocked signals would be inherited by the app (TERMINAL.md, pitfall P6).
struct TmuxSession {
    let directory: URL
    var socket: String { directory.appendingPathComponent("sock").path }

    init(command: String, width: Int = 100, height: Int = 30, configHome: String = "/nonexistent-mlsd-test",
         stateHome: String = "/nonexistent-mlsd-state", workingDirectory: String? = nil, lang: String = "C.UTF-8") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let conf = directory.appendingPathComponent("tmux.conf")
        try "set -g default-terminal tmux-256color\nset -g remain-on-exit on\nset -g status off\n".write(to: conf, atomically: true, encoding: .utf8)
        _ = try tmux(["-f", conf.path, "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
                      "-e", "LANG=\(lang)", "-e", "SWIFT_BACKTRACE=interactive=no", "-e", "XDG_CONFIG_HOME=\(configHome)",
                      "-e", "XDG_STATE_HOME=\(stateHome)"] + (workingDirectory.map { ["-c", $0] } ?? []) + [
                      "sh -c '\(command); echo EXIT=$?; sleep 60'"])
    }

    /// Runs one tmux command against this server and returns its stdout.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = directory.appendingPathComponent("out-\(UUID().uuidString)")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for fd in Self.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["tmux", "-S", socket] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw TmuxError.spawn(rc) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        defer { try? FileManager.default.removeItem(at: output) }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    enum TmuxError: Error { case spawn(Int32), timeout(String, screen: String) }

    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    func capture() throws -> [String] {
        try tmux(["capture-pane", "-p", "-t", "t"]).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// Polls the screen until `text` shows, for at most `seconds`.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 20) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var screen: [String] = []
        while Date() < deadline {
            screen = try capture()
            if screen.contains(where: { $0.contains(text) }) { return screen }
            usleep(30_000)
        }
        throw TmuxError.timeout(text, screen: screen.joined(separator: "\n"))
    }

    /// Polls the screen until `isReady` holds for it (a screen drawn in parts can show its first
    /// line before the rest), for at most `seconds`; `what` names it in the timeout.
    @discardableResult
    func waitUntil(_ what: String, seconds: Double = 20, _ isReady: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var screen: [String] = []
        while Date() < deadline {
            screen = try capture()
            if isReady(screen) { return screen }
            usleep(30_000)
        }
        throw TmuxError.timeout(what, screen: screen.joined(separator: "\n"))
    }

    /// The pid of the app: the child of the pane's `sh`.
    func appPID() throws -> Int32? {
        guard let shell = Int32(try tmux(["display", "-p", "-t", "t", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    func isAlternateScreenOn() throws -> Bool {
        try tmux(["display", "-p", "-t", "t", "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func close() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }
}
