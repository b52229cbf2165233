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
        let design = try session.waitFor("Inspector")
        #expect(design.contains { $0.contains("gateway  entry") })
        #expect(design.contains { $0.contains("┌─ Design") })
        try session.send("r")
        try session.waitFor("requirements met", seconds: 60)
        try session.send("d")
        try session.waitFor("Inspector")
        try session.send("?")
        try session.waitFor("Keys · Design canvas")
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

    /// Grown while open and then quit, the app leaves the normal screen as it was: the scrolling
    /// region ncurses set for 24 rows stayed, and tmux kept the picker on the normal screen after
    /// the alternate one was left (a new user's walk, 2026-12-03).
    @Test(.enabled(if: hasTmux)) func quittingAfterAResizeLeavesNothingOnScreen() throws {
        let session = try TmuxSession(command: binary, width: 80, height: 24)
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        try session.tmux(["resize-window", "-t", "t", "-x", "120", "-y", "40"])
        try session.waitFor("Choose a scenario")
        Thread.sleep(forTimeInterval: 0.5)
        try session.send("q")
        let screen = try session.waitFor("EXIT=0")
        #expect(!screen.contains { $0.contains("│") || $0.contains("Scenarios") }, "\(screen.joined(separator: "\n"))")
        #expect(try !session.isAlternateScreenOn())
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
    /// Every crash signal is handled alike (the handlers are C, async-signal-safe; see TerminalGuard).
    @Test(.enabled(if: hasTmux), arguments: [("SEGV", SIGSEGV), ("ABRT", SIGABRT), ("BUS", SIGBUS), ("FPE", SIGFPE), ("ILL", SIGILL)])
    func crashResetReachesTheTerminalWhenStderrIsRedirected(name: String, signal: Int32) throws {
        let session = try TmuxSession(command: binary + " 2>/dev/null")
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        #expect(try session.isAlternateScreenOn())
        let pid = try #require(try session.appPID())
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(10)
        while try session.isAlternateScreenOn(), Date() < deadline { usleep(20_000) }
        #expect(try !session.isAlternateScreenOn(), "\(name): the reset reached the terminal")
        // A crash signal sent from outside ends the app (it used to keep running on the reset terminal).
        try session.waitFor("EXIT=\(128 + signal)")
    }

    /// The signal matrix (issue #13, finding 10): every signal that ends a process by default leaves
    /// the terminal as it was — normal screen, cursor, and the line discipline's `icanon` and
    /// `echo` back, read by `stty -a` in the same pane after the app exits — with the exit status
    /// 128 + the signal; SIGPIPE is ignored (the app keeps running and quits normally on `q`).
    /// Each signal is sent on the picker and again while a long simulation runs in the background.
    @Test(.enabled(if: hasTmux), arguments: [("INT", SIGINT), ("TERM", SIGTERM), ("HUP", SIGHUP), ("QUIT", SIGQUIT),
                                           ("USR1", SIGUSR1), ("PIPE", SIGPIPE), ("ALRM", SIGALRM)])
    func signalRestoresTheTerminal(name: String, signal: Int32) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        // A 300-way fan-out: 100k requests make 30M calls, a run of many seconds.
        var yaml = "name: Wide\ndesign:\n  entry: c0\n  components:\n    c0:\n      kind: gateway\n      calls:\n        - parallel: ["
        yaml += (1..<300).map { "c\($0)" }.joined(separator: ", ") + "]\n"
        for i in 1..<300 { yaml += "    c\(i):\n      kind: http_service\n" }
        try yaml.write(to: sandbox.work.appendingPathComponent("wide.yaml"), atomically: true, encoding: .utf8)
        for duringRun in [false, true] {
            let session = try TmuxSession(command: "\(binary) \(duringRun ? "open wide.yaml" : ""); echo CODE=$?; stty -a",
                                          configHome: sandbox.config, stateHome: sandbox.state, workingDirectory: sandbox.work.path)
            defer { session.close() }
            if duringRun {
                try session.waitFor("Inspector")
                try session.send("r")
                try session.waitFor("simulating", seconds: 30)
            } else {
                try session.waitFor("Choose a scenario")
            }
            let pid = try #require(try session.appPID())
            kill(pid, signal)
            if signal == SIGPIPE {
                usleep(300_000)
                #expect(kill(pid, 0) == 0, "SIGPIPE is ignored: the app still runs")
                #expect(try session.isAlternateScreenOn())
                if duringRun { try session.send("Escape") }
                try session.send("q")
                if duringRun {
                    // Quitting the design screen goes back to the picker first.
                    try session.waitFor("Choose a scenario")
                    try session.send("q")
                }
                try session.waitFor("CODE=0")
            } else {
                try session.waitFor("CODE=\(128 + signal)", seconds: 10)
            }
            let screen = try session.waitFor("EXIT=")
            #expect(try !session.isAlternateScreenOn(), "\(name): the normal screen is back")
            let words = Set(screen.joined(separator: " ").split(separator: " ").map(String.init))
            #expect(words.contains("icanon") && words.contains("echo"), "\(name) (during a run: \(duringRun)): stty -a shows icanon and echo: \(screen.joined(separator: "\n"))")
            #expect(!words.contains("-icanon") && !words.contains("-echo"))
        }
    }

    /// A fresh home (config and state folders) and a working folder holding a copy of a shipped scenario.
    struct Sandbox {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-e2e-\(UUID().uuidString)")
        var config: String { root.appendingPathComponent("config").path }
        var state: String { root.appendingPathComponent("state").path }
        var work: URL { root.appendingPathComponent("work") }

        init(copying scenario: String? = nil, as name: String = "design.yaml") throws {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            if let scenario {
                let source = BinaryRunner.root.appendingPathComponent("Scenarios/\(scenario).yaml")
                try FileManager.default.copyItem(at: source, to: work.appendingPathComponent(name))
            }
        }

        func session(_ arguments: String, lang: String = "C.UTF-8", width: Int = 100, height: Int = 30) throws -> TmuxSession {
            try TmuxSession(command: "\(BinaryRunner.binary.path) \(arguments)", width: width, height: height,
                            configHome: config, stateHome: state, workingDirectory: work.path, lang: lang)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        /// Waits (at most 5 s) for a recovery copy whose name ends so, then kills the app with SIGKILL.
        /// Waits (up to 10 s) until a recovery file ending in `suffix` exists and, when given,
        /// holds `text`: autosave rewrites as work changes, so a file written half-way through
        /// typing is not yet the one to kill on. Then kills the app.
        func killOnceAutosaved(_ session: TmuxSession, fileEndingIn suffix: String, containing text: String? = nil) throws {
            let recovery = URL(fileURLWithPath: state).appendingPathComponent("mlsd/recovery")
            func saved() -> Bool {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: recovery.path)) ?? []).filter { $0.hasSuffix(suffix) }
                guard let text else { return !names.isEmpty }
                return names.contains { name in
                    ((try? String(contentsOf: recovery.appendingPathComponent(name), encoding: .utf8)) ?? "").contains(text)
                }
            }
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !saved() {
                usleep(50_000)
            }
            let pid = try #require(try session.appPID())
            kill(pid, SIGKILL)
            try session.waitFor("EXIT=137")
        }
    }

    /// The issue's walk-through, by keyboard: open a copy of a case study, run it and pin the
    /// baseline, put a cache in front of the model server, edit a hit ratio and a latency in the
    /// inspector, run again and read p99 fall against the baseline, save under a new name and
    /// export the design doc.
    @Test(.enabled(if: hasTmux)) func theWorkbenchWalkThrough() throws {
        let box = try Sandbox(copying: "fraud-detection", as: "fraud.yaml")
        defer { box.remove() }
        let session = try box.session("open fraud.yaml", width: 120, height: 40)
        defer { session.close() }
        try session.waitFor("Fraud detection — ")
        try session.waitFor("Inspector")
        try session.send("r")
        try session.waitFor("requirements met", seconds: 60)
        try session.send("b")
        try session.waitFor("Baseline pinned")
        try session.send("d")
        try session.send("j", "j")                                 // gateway → rules → scorer
        try session.waitFor("scorer")
        try session.send("f")
        try session.waitFor("Insert in front of scorer")
        try session.send("Enter")                                  // the menu starts on cache
        try session.waitFor("Inserted cache in front of scorer")
        try session.send("Enter")                                  // inspect the new cache
        for _ in 0..<5 { try session.send("j") }                   // label → … → hit ratio
        try session.send("Enter", "C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "90%"])
        try session.send("Enter")
        try session.waitFor("cache.hit_ratio = 90%")
        try session.send("Escape", "j")                            // canvas: cache → scorer
        try session.send("Enter")
        for _ in 0..<6 { try session.send("j") }                   // label → … → latency
        try session.send("Enter", "C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "4ms-16ms"])
        try session.send("Enter")
        try session.waitFor("scorer.latency = 4ms-16ms")
        try session.send("r")
        let results = try session.waitFor("Results vs baseline", seconds: 60)
        let p99 = try #require(results.first { $0.contains("│ p99 ") })
        #expect(p99.contains("▼"), "p99 fell against the baseline: \(p99)")
        try session.send("S", "C-u")
        try session.tmux(["send-keys", "-t", "t", "-l", "fraud-cached.yaml"])
        try session.send("Enter")
        try session.waitFor("Saved to")
        let saved = box.work.appendingPathComponent("fraud-cached.yaml")
        #expect(try BinaryRunner.run(["validate", saved.path]).status == 0, "the saved design is a valid scenario")
        #expect(try String(contentsOf: saved, encoding: .utf8).contains("hit_ratio: 90%"))
        try session.send("e", "3")                                 // markdown
        try session.waitFor("fraud-cached.md")
        try session.send("Enter")
        try session.waitFor("Exported to", seconds: 60)
        let doc = try String(contentsOf: box.work.appendingPathComponent("fraud-cached.md"), encoding: .utf8)
        #expect(doc.hasPrefix("# Fraud detection"))
        try session.send("d", "q", "q")                            // results → design; inspector → canvas → list
        try session.waitFor("Choose a scenario")
        try session.send("q")
        try session.waitFor("EXIT=0")
    }

    /// kill -9 after an edit loses nothing: the next open offers the autosaved work back.
    @Test(.enabled(if: hasTmux)) func killAfterAnEditAndRecover() throws {
        let box = try Sandbox(copying: "fraud-detection", as: "fraud.yaml")
        defer { box.remove() }
        do {
            let session = try box.session("fraud.yaml")
            defer { session.close() }
            try session.waitFor("Inspector")
            try session.send("+")
            try session.waitFor("(modified)")
            // Autosave writes within about a second of the first unsaved edit.
            try box.killOnceAutosaved(session, fileEndingIn: ".yaml")
        }
        do {
            // The list says a recent file has unsaved work before it is opened.
            let picker = try box.session("")
            defer { picker.close() }
            try picker.waitFor("unsaved work from an earlier session")
            try picker.send("q")
            try picker.waitFor("EXIT=0")
        }
        let session = try box.session("fraud.yaml")
        defer { session.close() }
        try session.waitFor("Unsaved work on fraud.yaml was found")
        try session.send("r")
        let screen = try session.waitFor("gateway x3")
        #expect(screen[0].contains("(modified)"), "the extra gateway replica is back, unsaved")
        try session.send("C-c")
        try session.waitFor("quit without saving")
        try session.send("s")
        try session.waitFor("EXIT=0")
        #expect(try String(contentsOf: box.work.appendingPathComponent("fraud.yaml"), encoding: .utf8).contains("replicas: 3"))
    }

    /// An interview killed half-way is offered back with its notes.
    @Test(.enabled(if: hasTmux)) func killDuringAnInterviewAndResumeIt() throws {
        let box = try Sandbox(copying: "fraud-detection", as: "fraud.yaml")
        defer { box.remove() }
        do {
            let session = try box.session("fraud.yaml")
            defer { session.close() }
            try session.waitFor("Inspector")
            try session.send("i")
            try session.waitFor("Clarify · phase 1 of 5")
            try session.tmux(["send-keys", "-t", "t", "-l", "who pays for a false decline"])
            try session.send("Enter")
            try box.killOnceAutosaved(session, fileEndingIn: "-interview.md", containing: "> who pays for a false decline\n")  // the note, not the half-typed draft
        }
        let session = try box.session("fraud.yaml")
        defer { session.close() }
        try session.waitFor("A mock interview on this design was under way")
        try session.send("r")
        try session.waitFor("who pays for a false decline")
        try session.send("C-c")
        try session.waitFor("quit")
        try session.send("d")
        try session.waitFor("EXIT=0")
    }

    @Test(.enabled(if: hasTmux)) func aBadFileIsReportedBeforeTheTerminalIsTaken() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try "name: x\ndesign: { entry: a, components: { a: { kind: gatewy } } }\n".write(to: box.work.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["open", box.work.appendingPathComponent("bad.yaml").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.yaml:2:"))
        let missing = try BinaryRunner.run(["nothere.yaml"])
        #expect(missing.status == 66)
    }

    /// Under a non-UTF-8 locale every line and border is drawn in ASCII, never blank.
    @Test(.enabled(if: hasTmux)) func asciiUnderLangC() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let session = try box.session("", lang: "C")
        defer { session.close() }
        // Waits for the list's border, not only the title above it: a capture can land between the
        // two lines being drawn (CI caught the title with the rest still blank).
        let screen = try session.waitFor("+- Scenarios ")
        #expect(screen.contains { $0.hasPrefix("+- Scenarios ") }, "borders in ASCII: \(screen.prefix(3))")
        #expect(screen.contains { $0.contains("Choose a scenario") })
        #expect(!screen.joined().contains("┌"))
        try session.send("Enter")
        let design = try session.waitFor("gateway x2")
        #expect(design.contains { $0.contains("+-") && $0.contains("|") })
        #expect(design[0].contains("Blank design - shipped"), "dashes too: \(design[0])")
        try session.send("C-c")
        try session.waitFor("EXIT=0")
    }

    /// Keys whose sequences the TERM entry does not describe: under tmux Home is `ESC [1~`, which an
    /// xterm entry does not list, and curses handed over ESC then `[1~` as typed text (Home
    /// cancelled an edit; `[1~[4~` went into a note, the ESC half-ending the interview).
    @Test(.enabled(if: hasTmux)) func homeAndEndWorkWhenTheTermEntryDoesNotListThem() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let session = try TmuxSession(command: "TERM=xterm-256color \(binary) fraud-detection", configHome: box.config, stateHome: box.state,
                                      workingDirectory: box.work.path)
        defer { session.close() }
        try session.waitFor("Inspector")
        try session.send("i")
        try session.waitFor("Clarify · phase 1 of 5")
        try session.tmux(["send-keys", "-t", "t", "-l", "abc"])
        try session.send("Home")
        try session.tmux(["send-keys", "-t", "t", "-l", "X"])
        try session.send("End")
        try session.tmux(["send-keys", "-t", "t", "-l", "Y"])
        let screen = try session.waitFor("> XabcY")
        #expect(!screen.joined().contains("[1~") && !screen.joined().contains("[4~"), "\(screen.joined(separator: "\n"))")
        #expect(!screen.joined().contains("esc again"), "no ESC reached the interview")
        try session.send("Escape")
        try session.waitFor("esc again")
    }

    @Test(.enabled(if: hasTmux)) func mockInterviewWritesATranscript() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let session = try box.session("")
        defer { session.close() }
        try session.waitFor("Choose a scenario")
        try session.send("Enter")
        try session.waitFor("Inspector")
        try session.send("i")
        try session.waitFor("Clarify · phase 1 of 5")
        try session.tmux(["send-keys", "-t", "t", "-l", "quick check: 100 QPS and p99 under 200 ms"])
        try session.send("Enter")
        try session.waitFor("✓ asked about latency")
        for _ in 0..<6 { try session.send("Tab") }  // the sixth confirms finishing the last phase
        try session.waitFor("Interview score")
        try session.send("w")
        try session.waitFor("Transcript written to")
        let folder = URL(fileURLWithPath: box.state).appendingPathComponent("mlsd/interviews")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let text = try String(contentsOf: folder.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(text.contains("> quick check: 100 QPS and p99 under 200 ms"))
        try session.send("Escape")
        try session.waitFor("Inspector")
        try session.send("C-c")
        try session.waitFor("EXIT=0")
    }

    @Test func withoutATerminalItExplainsAndPrintsHelp() throws {
        let result = try BinaryRunner.run([])
        #expect(result.status == 0)
        #expect(result.stderr.contains("the TUI needs an interactive terminal"))
        #expect(result.stdout.contains("USAGE: mlsd"))
        // Asked to open a design, it fails: a script sees that the workbench did not open.
        let open = try BinaryRunner.run(["open", "fraud-detection"])
        #expect(open.status == 1, "\(open.stderr)")
        #expect(open.stderr.contains("the TUI needs an interactive terminal") && open.stderr.contains("'fraud-detection' was not opened; headless: mlsd simulate fraud-detection"), "\(open.stderr)")
        // A file that is not there is said once, in the one spelling of a failure.
        let missing = try BinaryRunner.run(["open", "/nonexistent-dir/missing.yaml"])
        #expect(missing.status == 66, "\(missing.stderr)")
        #expect(missing.stderr == "mlsd: error: no such file or scenario '/nonexistent-dir/missing.yaml'; run 'mlsd scenarios' to list them\n", "\(missing.stderr)")
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
