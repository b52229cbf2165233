import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("mlsd interview", .serialized) struct InterviewCLITests {
    /// A state folder of its own, so autosaved sessions never touch the user's.
    struct StateBox {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-iv-\(UUID().uuidString)")
        var environment: [String: String] { ["XDG_STATE_HOME": root.path] }
        var sessions: URL { root.appendingPathComponent("mlsd/interviews") }
        func sessionFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []).filter { $0.hasSuffix(".session.json") }.sorted()
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// A kill (SIGTERM) or Ctrl-C while the interview waits for a line saves it with its time:
    /// `--resume` printed the time of the last note ("0:01 used" after 20 s more), and Ctrl-C said nothing.
    @Test(arguments: [SIGTERM, SIGINT])
    func aKillKeepsTheTimeSinceTheLastNote(_ sig: Int32) throws {
        let box = StateBox()
        defer { box.remove() }
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["interview", "fraud-detection"]
        process.environment = ProcessInfo.processInfo.environment.merging(box.environment) { $1 }
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        input.fileHandleForWriting.write(Data("The goal is fewer fraud losses at 5k QPS.\n".utf8))
        usleep(3_500_000)
        kill(process.processIdentifier, sig)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 128 + sig, "\(stderr)")
        #expect(stderr.contains("mlsd: stopped: the interview is saved with its phase, notes and time ("), "\(stderr)")
        let resumed = try BinaryRunner.run(["interview", "--resume"], environment: box.environment, input: ":done\n")
        // The note came at once; the kill 3.5 s after the start: the time kept is that of the kill.
        let used = resumed.stdout.components(separatedBy: "1 note so far, 0:").dropFirst().first.flatMap { Int($0.prefix(2)) }
        #expect((used ?? 0) >= 2 && (used ?? 99) <= 10, "\(resumed.stdout)")
    }

    /// A curveball that changes nothing for the design (a feature store going down in rag-assistant,
    /// which has none) used up the interview's one curveball on "12 of 12 met" before and after.
    @Test func aCurveballThatChangesNothingIsRefused() throws {
        let box = StateBox()
        defer { box.remove() }
        let typed = try BinaryRunner.run(["interview", "rag-assistant"], environment: box.environment, input: ":curveball feature-store\n:done\n")
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(typed.stdout.contains("curveball 'feature-store' changes nothing here: the design has no feature store; expected surge"), "\(typed.stdout)")
        #expect(!typed.stdout.contains("The feature store goes down"), "\(typed.stdout)")
        let flag = try BinaryRunner.run(["interview", "rag-assistant", "--curveball", "feature-store"], environment: box.environment, input: ":done\n")
        #expect(flag.status == 64 && flag.stderr.contains("--curveball: curveball 'feature-store' changes nothing here"), "\(flag.stderr)")
    }

    @Test func scriptedInterviewPrintsPromptsAndAScoredTranscript() throws {
        let box = StateBox()
        defer { box.remove() }
        let input = """
            The goal is fewer fraud losses; peak is 5k QPS and the decision must take under 50 ms at p99.
            Which labels do we get, and how late? Chargebacks arrive weeks after the payment.
            :calc 5000*0.02
            :pause
            :next
            Offline we compare PR-AUC because fraud is rare; online we watch the fraud loss rate per month.
            :notes
            :done

            """
        let result = try BinaryRunner.run(["interview", "fraud-detection"], environment: box.environment, input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("== Clarify (2:00–3:00) =="))
        #expect(result.stdout.contains("== Metrics (2:00–3:00) =="))
        #expect(result.stdout.contains("  = 100"), ":calc answers")
        #expect(result.stdout.contains("  Clarify\n  • The goal is fewer fraud losses;") && result.stdout.contains("\n\n  Metrics\n  • Offline we compare PR-AUC"),
                ":notes lists every note under its phase")
        #expect(result.stdout.contains("  [Clarify: 2:59 left · total 0:00 of 36:00]") || result.stdout.contains("  [Clarify: 3:00 left"), "the clock after every note")
        #expect(result.stdout.contains("  paused at 0:00: :resume starts the clock again"))
        #expect(!result.stdout.contains("> :calc") && !result.stdout.contains("> :pause"), "commands are never notes")
        #expect(result.stdout.contains("- [x] asked about scale (a question, or a number with a unit): \"The goal is fewer fraud losses; peak is 5k QPS"))
        #expect(result.stdout.contains("- [x] named an online metric (CTR, conversion, watch time…): \"Offline we compare PR-AUC"))
        #expect(result.stdout.contains("| 5k QPS (throughput) |"), "a stated number beside the simulated one")
        #expect(result.stdout.contains("- [ ] has monitoring: a monitor component is in the design (the reference design, unchanged: no credit)"))
        #expect(box.sessionFiles().count == 1)
    }

    @Test func transcriptIsWrittenToAFile() throws {
        let box = StateBox()
        defer { box.remove() }
        let file = box.root.appendingPathComponent("session.md").path
        try FileManager.default.createDirectory(at: box.root, withIntermediateDirectories: true)
        let result = try BinaryRunner.run(["interview", "feed-ranking", "--plan", "full", "-o", file], environment: box.environment,
                                          input: "This is a ranking problem with click labels.\n")
        #expect(result.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("# Mock interview: "))
        #expect(text.contains("## Component design"))
        #expect(result.stdout.contains("Transcript written to \(file)"))
    }

    @Test func unwritableOutputFailsWithoutCrashing() throws {
        let box = StateBox()
        defer { box.remove() }
        let result = try BinaryRunner.run(["interview", "blank", "-o", "/nonexistent-dir/x.md"], environment: box.environment, input: ":done\n")
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("mlsd: error: cannot write '/nonexistent-dir/x.md'"))
    }

    /// The buzzword line that scored 85/100 under keyword matching, pasted into every phase, against
    /// a few thoughtful notes: the finding, measured end to end.
    @Test func pastedBuzzwordsScoreWellBelowThoughtfulNotes() throws {
        let box = StateBox()
        defer { box.remove() }
        let buzz = "goal qps p99 latency data labels AUC NDCG CTR conversion guardrail model xgboost because feature store cache monitoring drift cold start fallback trade-off scaling"
        let gamed = try BinaryRunner.run(["interview", "fraud-detection"], environment: box.environment,
                                         input: Array(repeating: buzz, count: 5).joined(separator: "\n:next\n") + "\n:done\n")
        #expect(gamed.stdout.contains("Score: **0/100**"))
        let honest = try BinaryRunner.run(["interview", "fraud-detection"], environment: box.environment, input: """
            The goal is to cut fraud losses without blocking good customers.
            How many payments per second do we see at peak, and is 5k per second right?
            :next
            Offline I would track PR-AUC because fraud is rare and ROC curves flatter us.
            As a guardrail I watch the false decline rate so we notice when good customers get blocked.
            :next
            The gateway calls the scorer, which reads velocity features from the feature store and then returns a score.
            :next
            I'd start with gradient boosted trees (XGBoost) because they handle tabular features well and are quick to serve.
            If the model is late the rules engine answers instead, a graceful fallback and our safety net.
            :done

            """)
        let score = honest.stdout.range(of: "Score: **").map { Int(honest.stdout[$0.upperBound...].prefix { $0.isNumber }) ?? 0 } ?? 0
        #expect(score >= 25, "\(honest.stdout.prefix(600))")
    }

    @Test(arguments: [
        (["interview"], 64, "mlsd: error: missing the scenario: give a file or a shipped id (see 'mlsd scenarios')."),
        (["interview", "blank", "--plan", "huge"], 64, "mlsd: error: unknown plan 'huge'; expected short, standard, full or a plan YAML file"),
        (["interview", "--resume"], 66, "mlsd: error: no unfinished interview to resume in "),
        (["interview", "--report", "nope"], 66, "mlsd: error: no interview session 'nope' in "),
        (["interview", "--resume", "--report", "x"], 64, "mlsd: error: --resume and --report cannot be used together."),
        // A missing plan file reads as a missing scenario file does (it printed "notFound").
        (["interview", "blank", "--plan", "no-such-plan.yaml"], 66, "no-such-plan.yaml:1:1: error: no such file"),
        // The TUI's transcript is not a session: say so rather than only "no interview session".
        (["interview", "--report", "fd-interview-29749"], 66, "mlsd: error: no interview session 'fd-interview-29749' in "),
    ])
    func mistakesSayWhatToDo(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let box = StateBox()
        defer { box.remove() }
        let result = try BinaryRunner.run(arguments, environment: box.environment, input: "")
        #expect(result.status == status)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        if arguments.contains("fd-interview-29749") {
            #expect(result.stderr.contains("looks like a transcript the TUI wrote (fd-interview-29749.md), which is already the scored report"))
        }
    }

    /// Two interviews started in the same second shared one session file: the second overwrote the
    /// first, and `--report` of the printed id showed the second's notes. A name already taken gets
    /// `-2` (and on); the other file is left as it was.
    @Test func aSessionStartedInTheSameSecondGetsAFileOfItsOwn() throws {
        let box = StateBox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.sessions, withIntermediateDirectories: true)
        // The names the next few seconds would take, already there (as the binary names them).
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.locale = Locale(identifier: "en_US_POSIX")
        let taken = (-1...6).map { "blank-design-" + f.string(from: Date().addingTimeInterval(Double($0))) + ".session.json" }
        for name in taken { try "taken".write(to: box.sessions.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let result = try BinaryRunner.run(["interview", "blank", "--plan", "short"], environment: box.environment,
                                          input: "The goal is a one-model service under 50 ms at p99.\n:done\n")
        #expect(result.status == 0, "\(result.stderr)")
        for name in taken {
            #expect((try? String(contentsOf: box.sessions.appendingPathComponent(name), encoding: .utf8)) == "taken", "\(name) was overwritten")
        }
        let new = box.sessionFiles().filter { !taken.contains($0) }
        #expect(new.count == 1 && new.first?.hasSuffix("-2.session.json") == true, "\(new)")
        let id = try #require(new.first).replacingOccurrences(of: ".session.json", with: "")
        let report = try BinaryRunner.run(["interview", "--report", id], environment: box.environment)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("The goal is a one-model service under 50 ms at p99."))
    }

    @Test func aPlanFileWithAnErrorIsReportedWithItsPosition() throws {
        let box = StateBox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.root, withIntermediateDirectories: true)
        let plan = box.root.appendingPathComponent("plan.yaml")
        try "title: Mine\nphases:\n  - { id: clarify, minutes: 5, checklist: [scael] }\n".write(to: plan, atomically: true, encoding: .utf8)
        let bad = try BinaryRunner.run(["interview", "blank", "--plan", plan.path], environment: box.environment, input: "")
        #expect(bad.status == 65)
        #expect(bad.stderr == "\(plan.path):3:44: error: unknown checklist item 'scael'; did you mean 'scale'?\n")
        try "title: Mine\nphases:\n  - { id: clarify, title: Clarify, minutes: 4-5, checklist: [scale] }\n".write(to: plan, atomically: true, encoding: .utf8)
        let good = try BinaryRunner.run(["interview", "blank", "--plan", plan.path], environment: box.environment, input: ":done\n")
        #expect(good.status == 0)
        #expect(good.stdout.contains("Blank design: Mine (up to 5:00 in all)"))
        #expect(good.stdout.contains("== Clarify (4:00–5:00) =="))
        // A phase of one fixed length reads as one time, as in the transcript (it read "5:00–5:00").
        try "title: Mine\nphases:\n  - { id: clarify, title: Clarify, minutes: 5, checklist: [scale] }\n".write(to: plan, atomically: true, encoding: .utf8)
        let fixed = try BinaryRunner.run(["interview", "blank", "--plan", plan.path], environment: box.environment, input: ":done\n")
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("== Clarify (5:00) =="), "\(fixed.stdout)")
        #expect(fixed.stdout.contains("| Clarify | 0:00 | 5:00 |"), "the transcript's budget column reads the same")
    }

    /// `kill -9` in the middle of an interview in a real terminal, then `--resume`: every note is
    /// there, the phase too, and `--report` prints the finished session again.
    @Test(.enabled(if: TUITests.hasTmux)) func killNineMidSessionAndResumeWithNothingLost() throws {
        let box = try TUITests.Sandbox()
        defer { box.remove() }
        do {
            let session = try box.session("interview fraud-detection --plan standard", width: 80, height: 24)
            defer { session.close() }
            try session.waitFor("== Clarify (3:00–5:00) ==")
            try session.tmux(["send-keys", "-t", "t", "-l", "The goal is to cut fraud losses without blocking good customers."])
            try session.send("Enter")
            try session.waitFor("[Clarify: ")
            try session.tmux(["send-keys", "-t", "t", "-l", ":next"])
            try session.send("Enter")
            try session.waitFor("== Metrics (3:00–5:00) ==")
            try session.tmux(["send-keys", "-t", "t", "-l", "Offline we track PR-AUC because fraud is rare."])
            try session.send("Enter")
            try session.waitFor("[Metrics: ")
            let pid = try #require(try session.appPID())
            kill(pid, SIGKILL)
            try session.waitFor("EXIT=137")
        }
        let session = try box.session("interview --resume", width: 80, height: 24)
        defer { session.close() }
        try session.waitFor("Resuming Fraud detection: 45-minute interview, phase 2 of 5, 2 notes so far")
        let screen = try session.waitFor("== Metrics (3:00–5:00) ==")
        #expect(screen.contains { $0.contains("[Clarify] The goal is to cut fraud losses without blocking good customers.") })
        #expect(screen.contains { $0.contains("[Metrics] Offline we track PR-AUC because fraud is rare.") })
        try session.tmux(["send-keys", "-t", "t", "-l", "Online the fraud loss rate per month is what the business feels."])
        try session.send("Enter")
        try session.tmux(["send-keys", "-t", "t", "-l", ":done"])
        try session.send("Enter")
        try session.waitFor("EXIT=0")
        let files = try FileManager.default.contentsOfDirectory(atPath: box.state + "/mlsd/interviews").filter { $0.hasSuffix(".session.json") }
        #expect(files.count == 1, "resumed in the same session file")
        let id = String(try #require(files.first).dropLast(".session.json".count))
        let report = try BinaryRunner.run(["interview", "--report", id], environment: ["XDG_STATE_HOME": box.state])
        #expect(report.status == 0)
        for note in ["> The goal is to cut fraud losses without blocking good customers.", "> Offline we track PR-AUC because fraud is rare.",
                     "> Online the fraud loss rate per month is what the business feels."] {
            #expect(report.stdout.contains(note), "\(note) survived the kill")
        }
    }

    /// `--curveball surge` at the deep dive: the effect on the design is shown, the candidate notes a
    /// mitigation and brings a design with more model replicas, and the rubric credits both.
    @Test func aCurveballIsAppliedAndMitigated() throws {
        let box = StateBox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.root, withIntermediateDirectories: true)
        let blank = try String(contentsOf: BinaryRunner.root.appendingPathComponent("Scenarios/blank.yaml"), encoding: .utf8)
        let design = box.root.appendingPathComponent("mine.yaml")
        try blank.replacingOccurrences(of: "size: small\n      replicas: 2", with: "size: small\n      replicas: 6").write(to: design, atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["interview", "blank", "--curveball", "surge", "--design", design.path], environment: box.environment,
                                          input: ":next\n:next\n:next\nWe would add model server replicas so the surge is absorbed.\n:done\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  ** Curveball: Traffic is ten times the peak you planned for."))
        #expect(result.stdout.contains("## Curveball: Traffic is ten times the peak you planned for."))
        #expect(result.stdout.contains("- [x] noted a mitigation: \"We would add model server replicas so the surge is absorbed.\""))
        #expect(result.stdout.contains("- [x] the changed design meets the requirements under it"))
        let unknown = try BinaryRunner.run(["interview", "blank", "--curveball", "meteor"], environment: box.environment, input: "")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("mlsd: error: unknown curveball 'meteor'; expected surge, feature-store, large-model, zone."))
    }
}
