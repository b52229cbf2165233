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
        let design = try session.waitFor("Details")
        #expect(design.contains { $0.contains("entry: requests arrive here") })
        #expect(design.contains { $0.contains("┌─ Design") })
        try session.send("r")
        try session.waitFor("requirements met", seconds: 60)
        try session.send("d")
        try session.waitFor("Details")
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

    /// The crash handler writes its reset to the terminal itself, so it works with stderr sent
    /// elsewhere (it used to write to fd 2: `2>/dev/null` left the screen on the alternate buffer).
    @Test(.enabled(if: hasTmux)) func crashResetReachesTheTerminalWhenStderrIsRedirected() throws {
        let session = try TmuxSession(command: binary + " 2>/dev/null")
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        #expect(try session.isAlternateScreenOn())
        let pid = try #require(try session.appPID())
        kill(pid, SIGSEGV)
        let deadline = Date().addingTimeInterval(10)
        while try session.isAlternateScreenOn(), Date() < deadline { usleep(20_000) }
        #expect(try !session.isAlternateScreenOn(), "the reset reached the terminal")
        kill(pid, SIGKILL)
    }

    /// Starts the app with a private config folder, opens the first scenario ('blank') and runs `body`.
    func withFirstScenarioOpen(_ body: (TmuxSession, URL) throws -> Void) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try TmuxSession(command: binary, configHome: home.path)
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        try session.send("Enter")
        try session.waitFor("Details")
        try body(session, home)
    }

    @Test(.enabled(if: hasTmux)) func editAndSaveWritesTheUsersScenarioFolder() throws {
        try withFirstScenarioOpen { session, home in
            try session.send("+")
            try session.waitFor("(modified)")
            try session.send("s")
            try session.waitFor("Saved to")
            let saved = home.appendingPathComponent("mlsd/scenarios/blank.yaml")
            let text = try String(contentsOf: saved, encoding: .utf8)
            #expect(text.contains("replicas: 3"), "the first component of 'blank' went from 2 to 3 replicas")
            try session.send("q")
            try session.waitFor("Choose a scenario")
            try session.send("q")
            try session.waitFor("EXIT=0")
            let check = try BinaryRunner.run(["validate", saved.path])
            #expect(check.status == 0, "a saved design is a valid scenario")
        }
    }

    @Test(.enabled(if: hasTmux)) func mockInterviewWritesATranscript() throws {
        try withFirstScenarioOpen { session, home in
            try session.send("i")
            try session.waitFor("Clarify · phase 1 of 5")
            try session.tmux(["send-keys", "-t", "t", "-l", "quick check: 100 QPS and p99 under 200 ms"])
            try session.send("Enter")
            try session.waitFor("✓ asked about latency")
            for _ in 0..<6 { try session.send("Tab") }  // the sixth confirms finishing the last phase
            try session.waitFor("Interview score")
            try session.send("w")
            try session.waitFor("Transcript written to")
            let text = try String(contentsOf: home.appendingPathComponent("mlsd/interviews/blank-interview.md"), encoding: .utf8)
            #expect(text.contains("> quick check: 100 QPS and p99 under 200 ms"))
            try session.send("Escape")
            try session.waitFor("Details")
            try session.send("C-c")
            try session.waitFor("EXIT=0")
        }
    }

    @Test func withoutATerminalItExplainsAndPrintsHelp() throws {
        let result = try BinaryRunner.run([])
        #expect(result.status == 0)
        #expect(result.stderr.contains("the TUI needs an interactive terminal"))
        #expect(result.stdout.contains("USAGE: mlsd"))
    }
}

@Suite("TUI themes", .serialized) struct TUIThemeTests {
    @Test func unknownThemeIsAUsageError() throws {
        let result = try BinaryRunner.run(["--theme", "hgih-contrast"])
        #expect(result.status == 64)
        #expect(result.stderr == "mlsd: error: no theme 'hgih-contrast'; did you mean 'high-contrast'? themes: default, high-contrast, mono\n")
    }

    @Test(.enabled(if: TUITests.hasTmux)) func noColorDrawsWithoutColourCodes() throws {
        let session = try TmuxSession(command: "NO_COLOR=1 \(BinaryRunner.binary.path)")
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        let styled = try session.tmux(["capture-pane", "-p", "-e", "-t", "t"])
        // 39/49 (default colours) are tmux's resets; real colours are 30–37, 40–47 and 38;5/48;5.
        #expect(styled.range(of: "\u{1b}\\[(3[0-7]|4[0-7]|38;5|48;5)[m;]", options: .regularExpression) == nil, "no colour codes")
        #expect(styled.contains("\u{1b}[7m") || styled.contains("\u{1b}[1m"), "attributes still mark roles")
        try session.send("q")
        try session.waitFor("EXIT=0")
    }

    @Test(.enabled(if: TUITests.hasTmux)) func defaultThemeUsesColour() throws {
        // The test runner may export NO_COLOR for its own output; the app must not inherit it here.
        let session = try TmuxSession(command: "env -u NO_COLOR \(BinaryRunner.binary.path)")
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        let styled = try session.tmux(["capture-pane", "-p", "-e", "-t", "t"])
        #expect(styled.contains("\u{1b}[36m") || styled.contains(";36m"), "cyan titles: \(styled.prefix(300).debugDescription)")
        try session.send("q")
        try session.waitFor("EXIT=0")
    }
}
