import MLSDCore
@testable import MLSDSim
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// A typed fault and the message it gets (the CLI's reader's own words).
struct BadFault: CustomTestStringConvertible, Sendable {
    var text: String
    var message: String
    var testDescription: String { text.isEmpty ? "(empty)" : text }
}

@Suite("Fault injection panel") struct FaultPanelTests {
    static let badFaults = [
        BadFault(text: "scorer=4@10s", message: "invalid fault 'scorer=4@10s': '10s' is not a window; expected start-end such as 10s-20s"),
        BadFault(text: "scorr=4@10s-20s", message: "invalid --down 'scorr=4@10s-20s': no component 'scorr' in the design; did you mean 'scorer'?"),
        BadFault(text: "scorer=4@20s-10s", message: "invalid fault 'scorer=4@20s-10s': the window must end after it starts"),
        BadFault(text: "zone:9@1s-2s", message: "invalid fault 'zone:9@1s-2s': the design spans 3 zones (zones: 3); expected zone:1 to zone:3"),
        BadFault(text: "zone:0@1s-2s", message: "invalid fault 'zone:0@1s-2s': the design spans 3 zones (zones: 3); expected zone:1 to zone:3"),
        BadFault(text: "zone:5@1s-2s", message: "invalid fault 'zone:5@1s-2s': the design spans 3 zones (zones: 3); expected zone:1 to zone:3"),
        BadFault(text: "scorer=0@1s-2s", message: "invalid fault 'scorer=0@1s-2s': 0 replicas down changes nothing; expected 1 or more (scorer=1@…)"),
        BadFault(text: "   ", message: "expected a fault such as scorer=4@10s-20s, scorer=3x@10s-20s, cache=40%@10s-20s or zone:1@10s-20s"),
        BadFault(text: "scorer=0.5x@1s-2s", message: "invalid fault 'scorer=0.5x@1s-2s': expected a slow-down factor from 1x to 1000x"),
        BadFault(text: "scorer=50%@1s-2s", message: "invalid --hit-ratio 'scorer=50%@1s-2s': 'scorer' is not a cache with on_miss; expected the id of a cache with on_miss (this design has none)"),
        BadFault(text: "scorer=2@1s-2s rules=1@2s", message: "invalid fault 'rules=1@2s': '2s' is not a window; expected start-end such as 10s-20s"),
        BadFault(text: "scorer=2@1s-2s for", message: "expected the run's length after for, such as for 1m"),
        BadFault(text: "scorer=2@1s-2s for soon", message: "invalid run length 'soon': expected a duration after for, such as for 1m"),
        BadFault(text: "scorer=2@1s-2s for 1m for 2m", message: "expected one run length (for 1m), not two"),
        BadFault(text: "scorer=2@10s-20s for 15s", message: "a run for 15s ends before the faults do (at 20s); expected a longer one, such as for 30s"),
        BadFault(text: "scorer=2@1s-2s for 100h", message: "the run for 100h would simulate about 1,800,000,000 requests at 5k/s; expected a shorter run (mlsd simulate --down … --timeline runs longer ones)"),
        BadFault(text: "scorer=2@10s-1000h", message: "the run to about 83.3 d would simulate about 35,999,950,000 requests at 5k/s; expected a window that ends sooner (mlsd simulate --down … --timeline runs longer ones)"),
        BadFault(text: "scorer=2@0s-100h", message: "the run to 200h would simulate about 3,600,000,000 requests at 5k/s; expected a window that ends sooner (mlsd simulate --down … --timeline runs longer ones)"),
    ]

    /// The prompt's cleared ring takes a word it cuts to its end: over feed-ranking at 120×40 the
    /// row under the prompt kept the `s` of the inspector's "sources" beside it.
    @Test func noFragmentOfTheTextBeneathIsLeftBesideThePrompt() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 120, height: 40))
        s.load(try ScenarioLibrary().load("feed-ranking").scenario, source: .shipped(id: "feed-ranking"))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("inbx=50%@5s-10s")
        _ = s.send(.key(.enter))
        let lines = s.view().lines
        let bottom = try #require(lines.firstIndex { $0.contains("└────") && $0.contains("┘") }, "\(lines)")
        let top = try #require(lines.firstIndex { $0.contains("┌─ Fault:") })
        for row in [top - 1, bottom + 1] {
            #expect(!lines[row].contains { $0.isLetter }, "row \(row): \(lines[row])")
        }
    }

    /// A bad fault leaves the prompt open with the reader's message; nothing runs, nothing crashes.
    @Test(arguments: badFaults)
    func badFaultsAreRefusedWithWhatWasExpected(_ bad: BadFault) throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type(bad.text)
        #expect(s.send(.key(.enter)) == [])
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("the prompt stays open")
            return
        }
        #expect(prompt.error?.replacingOccurrences(of: TextWrap.nonBreakingSpace, with: " ") == bad.message)
        #expect(!s.isSimulating)
    }

    /// At 80 columns a refusal's wrapped lines never part `for` from the run length it names.
    @Test(arguments: badFaults.filter { $0.message.contains("for 1") || $0.message.contains("for 3") })
    func aRefusalKeepsForWithItsLength(_ bad: BadFault) throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type(bad.text)
        _ = s.send(.key(.enter))
        let screen = s.view().lines
        for phrase in ["for 1m", "for 15s", "for 30s", "for 100h"] where bad.message.contains(phrase) {
            #expect(screen.contains { $0.contains(phrase) }, "'\(phrase)' on one line:\n\(screen.joined(separator: "\n"))")
        }
        #expect(!screen.contains { $0.contains(TextWrap.nonBreakingSpace) }, "the no-break space is drawn as a space")
    }

    @Test func aBadFaultIsShownUnderTheField() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("F asks for a fault")
            return
        }
        #expect(prompt.field.text == "scorer=4@10s-20s", "an example on the bottleneck: half its replicas down for 10 s")
        _ = s.send(.key(.control("u")))
        s.type("scorr=4@10s")
        _ = s.send(.key(.enter))
        expectSnapshot(s.snapshotLines(), named: "fault-bad-input-80x24")
    }

    /// A good fault runs in the background for the window plus as long again (at least 10 s, 20 s in
    /// all), in buckets; the real run shows the fault, the recovery and what it cost.
    @Test func aFaultRunsWithATimelineAndShowsTheRecovery() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("scorer=7@4s-6s")
        let effects = s.send(.key(.enter))
        guard case .faultRun(let job)? = effects.first else {
            Issue.record("expected a fault run, got \(effects)")
            return
        }
        #expect(s.overlay == nil && s.screen == .faults)
        #expect(job.faults == ["scorer=7@4s-6s"] && job.durationSeconds == 20 && job.bucketSeconds == 0.5 && job.seed == 42)
        _ = s.send(.progress(job: job.job, fraction: 0.5))
        #expect(s.view().lines[23].contains("fault run 50%"))
        let outcome = WorkbenchServices.faultRun(job, CancellationFlag())
        guard case .finished(let run) = outcome else {
            Issue.record("the run finishes: \(outcome)")
            return
        }
        #expect(run.timeline.fault == 4...6)
        #expect(run.timeline.buckets.count == 40)
        #expect(run.timeline.degradedByFault > 0, "the fallback answers while the scorer is short of replicas")
        #expect(run.timeline.recoverySeconds != nil)
        _ = s.send(.faultRunFinished(job: job.job, outcome: outcome))
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Recovery") && $0.contains("after the fault ended") })
        #expect(lines.contains { $0.contains("└") && $0.contains("▀▀▀▀") }, "the fault window under the chart")
        #expect(s.faults.lastInput == "scorer=7@4s-6s")
        // `r` runs the same faults again; F starts from them.
        guard case .faultRun(let again)? = s.send(.key(.character("r"))).first else {
            Issue.record("r runs the faults again")
            return
        }
        #expect(again.faults == job.faults && again.job != job.job)
    }

    /// A fault whose figures were not back by the run's end read only "Recovery not within the
    /// run" (the CLI says "make it longer (--duration)"): the panel and the status line now say how,
    /// `L` runs the same faults twice as long, and the prompt takes a length after `for`.
    @Test func aRunTooShortForTheRecoveryCanBeMadeLonger() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("scorer=7@4s-6s")
        guard case .faultRun(let job)? = s.send(.key(.enter)).first, job.durationSeconds == 20 else {
            Issue.record("a fault run of 20 s")
            return
        }
        guard case .finished(var run) = WorkbenchServices.faultRun(job, CancellationFlag()) else {
            Issue.record("the run finishes")
            return
        }
        // As if the backlog were still draining when the run ended.
        run.timeline.recoverySeconds = nil
        #expect(run.timeline.recovery == .notWithinRun)
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(run)))
        let hint = "make it longer (L runs it for 40s; or type for 40s after the faults)"
        #expect(s.status == "Recovery: not within the run: " + hint)
        #expect(FaultView(screen: s.faults, isRunning: false, progress: 0, isStale: false, seed: 42).lines(width: 200)
            .contains { $0.map(\.text).joined().contains("not within the run: " + hint) }, "the panel says it too")
        #expect(s.view().lines.contains { $0.contains("a run of 20 s") }, "the panel gives the run's length")

        guard case .faultRun(let longer)? = s.send(.key(.character("L"))).first else {
            Issue.record("L runs the faults again, longer")
            return
        }
        #expect(longer.faults == job.faults && longer.durationSeconds == 40)
        #expect(s.faults.lastInput == "scorer=7@4s-6s for 40s", "the prompt and r keep the length")
        _ = s.send(.faultRunFinished(job: longer.job, outcome: .finished(run)))
        guard case .faultRun(let again)? = s.send(.key(.character("r"))).first else {
            Issue.record("r runs the same faults again")
            return
        }
        #expect(again.durationSeconds == 40)
        _ = s.send(.faultRunFinished(job: again.job, outcome: .finished(run)))

        // A length typed in the prompt, anywhere among the faults.
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("for 2m scorer=7@4s-6s")
        guard case .faultRun(let typed)? = s.send(.key(.enter)).first else {
            Issue.record("a fault with a length runs")
            return
        }
        #expect(typed.faults == ["scorer=7@4s-6s"] && typed.durationSeconds == 120)
        #expect(s.faults.lastInput == "scorer=7@4s-6s for 2m")
        #expect(KeyMap.candidates(for: .character("L"), in: .faults).map(\.action) == [.lengthenFaultRun], "in the help and the palette")
    }

    /// Two faults that each fit the scorer's 8 replicas but together take 16: the panel warns, as
    /// `mlsd simulate` does, instead of showing the windows as if 16 had gone down.
    @Test func overlappingFaultsTakingMoreReplicasThanExistAreWarnedAbout() throws {
        var s = try AppState.fraudOpen(size: Size(width: 120, height: 40))
        guard case .faultRun(let job)? = s.submitFaults("scorer=8@4s-6s scorer=8@5s-7s").first else {
            Issue.record("both faults are accepted: each fits the scorer")
            return
        }
        _ = s.send(.faultRunFinished(job: job.job, outcome: WorkbenchServices.faultRun(job, CancellationFlag())))
        #expect(s.view().lines.contains { $0.contains("Warning     overlapping faults take 16 replicas of scorer down from 5 s to 6 s, but it has 8: all 8 were down then") })
    }

    /// A run typed with its length (`for 30m`) shows it with its faults once it is done or stopped:
    /// the Faults line read the faults alone while the window said a run of 1800 s.
    @Test func theFaultsLineKeepsTheTypedLength() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .faultRun(let job)? = s.submitFaults("scorer=4@100s-200s for 30m").first else {
            Issue.record("the fault runs: \(String(describing: s.overlay))")
            return
        }
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(try Self.handMade(faults: job.faults))))
        #expect(s.view().lines.contains { $0.contains("Faults      scorer=4@100s-200s for 30m") }, "\(s.view().lines.joined(separator: "\n"))")
    }

    /// One job at a time: a fault typed while the capacity search runs is kept for later, and the app says why.
    @Test func aFaultWhileASearchRunsIsKeptForLater() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity? = s.send(.key(.character("C"))).first else { return }
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("scorer=2@5s-6s")
        #expect(s.send(.key(.enter)) == [])
        #expect(s.status == "A capacity search is under way: esc stops it")
        #expect(s.overlay == nil && s.screen == .capacity)
        _ = s.send(.key(.character("F")))
        guard case .prompt(let prompt)? = s.overlay else { return }
        #expect(prompt.field.text == "scorer=2@5s-6s", "F starts from what was typed")
    }

    /// The walk-through: F, a fault, enter, d while it runs; "Recovered … after the fault" came, but
    /// nothing showed the run again and F then enter ran it anew from 0 %. F now shows the panel
    /// (the run under way, then its result, with its faults ready in the prompt) while the design is
    /// unchanged, as C does with the capacity answer; not after an edit.
    @Test func fShowsTheLastFaultRunWhileTheDesignIsUnchanged() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("scorer=4@100s-200s")
        guard case .faultRun(let job)? = s.send(.key(.enter)).first else {
            Issue.record("the fault runs: \(String(describing: s.overlay))")
            return
        }
        _ = s.send(.key(.character("d")))
        #expect(s.screen == .design && s.isSimulating)
        #expect(s.send(.key(.character("F"))) == [] && s.screen == .faults && s.overlay == nil, "the run under way")
        _ = s.send(.key(.character("d")))
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(try Self.handMade(faults: job.faults))))
        #expect(s.status?.hasSuffix("(F shows the run)") == true, "\(s.status ?? "")")
        #expect(s.send(.key(.character("F"))) == [], "nothing runs again")
        #expect(s.screen == .faults)
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("F offers the faults again")
            return
        }
        #expect(prompt.field.text == "scorer=4@100s-200s")
        _ = s.send(.key(.escape))
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Faults") && $0.contains("scorer=4@100s-200s") }, "the result is in view")
        #expect(!lines[1].contains("STALE"))
        // `r` on the panel runs a new one; after an edit F asks over the design and shows no old run.
        guard case .faultRun(let again)? = s.send(.key(.character("r"))).first else {
            Issue.record("r runs the faults again")
            return
        }
        _ = s.send(.faultRunFinished(job: again.job, outcome: .finished(try Self.handMade(faults: again.faults))))
        _ = s.send(.key(.character("d")))
        _ = s.send(.key(.character("+")))
        #expect(s.send(.key(.character("F"))) == [])
        #expect(s.screen == .design, "a run of the earlier version is not shown")
        guard case .prompt? = s.overlay else {
            Issue.record("F asks for a fault")
            return
        }
    }

    /// The panel laid out from a hand-made timeline (the layout, not the simulator's numbers).
    @Test func faultPanelLayout() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("scorer=6@10s-20s")
        guard case .faultRun(let job)? = s.send(.key(.enter)).first else { return }
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(try Self.handMade(faults: job.faults))))
        s.say(nil)
        expectSnapshot(s.snapshotLines(), named: "faults-80x24")
        _ = s.send(.resize(Size(width: 120, height: 40)))
        expectSnapshot(s.snapshotLines(), named: "faults-120x40")
    }

    /// `esc` mid-run stops it; the buckets before the stop stay and say so.
    @Test func escMidRunKeepsTheBucketsSoFar() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("F")))
        _ = s.send(.key(.control("u")))
        s.type("zone:1@10s-20s")
        guard case .faultRun(let job)? = s.send(.key(.enter)).first else { return }
        _ = s.send(.progress(job: job.job, fraction: 0.4))
        #expect(s.send(.key(.escape)) == [.cancel(job: job.job)])
        #expect(s.view().lines[23].contains("stopping fault run"))
        var partial = try Self.handMade(faults: job.faults)
        partial.timeline.buckets = Array(partial.timeline.buckets.prefix(14))
        partial.timeline.recoverySeconds = nil
        partial.timeline.failedByFault = 200
        partial.timeline.degradedByFault = 16_000
        partial.timeline.wasCancelled = true
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(partial)))
        #expect(!s.isSimulating)
        s.say(nil)
        #expect(s.view().lines.contains { $0.contains("Cost        200 requests failed and 16,000") })
        expectSnapshot(s.snapshotLines(), named: "faults-cancelled-80x24")
        // Stopped before the fault began: nothing to say about recovery or cost.
        partial.timeline.buckets = Array(partial.timeline.buckets.prefix(5))
        guard case .faultRun(let again)? = s.send(.key(.character("r"))).first else { return }
        _ = s.send(.faultRunFinished(job: again.job, outcome: .finished(partial)))
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Recovery    not measured: the run was stopped before the fault") })
        #expect(!lines.contains { $0.contains("Cost") })
    }

    /// The real run, cancelled, stops early and keeps the buckets before the stop.
    @Test func aCancelledFaultRunReallyStops() throws {
        let flag = CancellationFlag()
        flag.cancel()
        let job = FaultJob(job: 1, scenario: try AppStateTests.fraud(), seed: 42, faults: ["scorer=4@10s-20s"], durationSeconds: 30, bucketSeconds: 1)
        guard case .finished(let run) = WorkbenchServices.faultRun(job, flag) else {
            Issue.record("the run comes back")
            return
        }
        #expect(run.timeline.wasCancelled)
        #expect(run.timeline.buckets.count < 30, "it stopped before the end")
        #expect(run.result.cutOff == .cancelled)
    }

    /// A timeline over 30 s in 1 s buckets: p99 12 ms, 45 ms during the fault, one bucket draining.
    static func handMade(faults: [String]) throws -> FaultRun {
        let buckets = (0..<30).map { i -> Timeline.Bucket in
            let during = (10..<20).contains(i)
            let p99 = during ? 0.045 : i == 20 ? 0.03 : 0.012
            return Timeline.Bucket(start: Double(i), end: Double(i + 1), completed: 5_000, failed: during ? 50 : 0, degraded: during ? 4_000 : 0,
                                   p50: p99 / 2, p99: i == 15 ? nil : p99)
        }
        let timeline = Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [10...20], recoverySeconds: 1, failedByFault: 500, degradedByFault: 40_000)
        // A tiny real run for the result's shape; its headline figures are set by hand.
        var result = try Simulation.run(try AppStateTests.fraud(), options: .init(seed: 1, stop: .requests(2_000)))
        result.latency.p99 = 0.044
        result.errorRate = 0.0033
        result.degraded = result.requests / 4
        return FaultRun(faults: faults, result: result, timeline: timeline)
    }
}
