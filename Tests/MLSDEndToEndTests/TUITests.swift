import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a real (tmux) terminal: what a person sees and types.
@Suite("TUI in a terminal", .serialized) struct TUITests {
    static let hasTmux = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    var binary: String { BinaryRunner.binary.path }

    @Test(.enabled(if: hasTmux)) func pickOpenHelpAndQuit() throws {
        let session = try TmuxSession(command: binary)
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        #expect(try session.isAlternateScreenOn())
        try session.send("Enter")
        let design = try session.waitFor("Components")
        #expect(design.contains { $0.contains("(entry)") })
        try session.send("?")
        try session.waitFor("show or hide this help")
        try session.send("Escape")
        try session.send("q")
        try session.waitFor("Choose a scenario")
        try session.send("q")
        try session.waitFor("EXIT=0")
        #expect(try !session.isAlternateScreenOn(), "the terminal is left on the normal screen")
    }

    @Test(.enabled(if: hasTmux)) func resizeBelowTheMinimumSaysSoAndRecovers() throws {
        let session = try TmuxSession(command: binary)
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        try session.tmux(["resize-window", "-t", "t", "-x", "60", "-y", "20"])
        try session.waitFor("Too small: 60×20 < 80×24")
        try session.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        try session.waitFor("Choose a scenario")
        try session.send("C-c")
        try session.waitFor("EXIT=0")
    }

    @Test(.enabled(if: hasTmux)) func sigtermRestoresTheTerminalAndExits143() throws {
        let session = try TmuxSession(command: binary)
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        let pid = try #require(try session.appPID())
        kill(pid, SIGTERM)
        try session.waitFor("EXIT=143")
        #expect(try !session.isAlternateScreenOn())
    }

    @Test func withoutATerminalItExplainsAndPrintsHelp() throws {
        let result = try BinaryRunner.run([])
        #expect(result.status == 0)
        #expect(result.stderr.contains("the TUI needs an interactive terminal"))
        #expect(result.stdout.contains("USAGE: mlsd"))
    }
}
