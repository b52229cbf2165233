import MLSDCore
import MLSDExport
@testable import MLSDSim
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// Hand-made results, so the panels' snapshots pin layout, not the simulator's incidental numbers.
enum PanelFixtures {
    static func probe(_ rate: Double, p99 ms: Double, passes: Bool = true, failing: [Requirement] = []) -> CapacityResult.Probe {
        CapacityResult.Probe(rate: rate, p99: ms / 1000, failing: failing, passes: passes, bottleneck: "scorer", utilization: rate / 9_000)
    }

    /// A search that found 8k/s (±2 %), failing at 8.2k/s on p99, with a curve that turns up near the top.
    static func capacity(requirements: Requirements, cancelled: Bool = false) -> CapacityResult {
        let fail = Requirement(kind: .latencyP99, target: 0.05, actual: 0.061, verdict: .fail(reason: "p99 61 ms is over the 50 ms target"))
        let first = CapacityResult.Search(seed: 42, passes: 8_000, fails: cancelled ? 8_600 : 8_200,
                                          probes: [probe(450, p99: 12), probe(9_000, p99: 400, passes: false, failing: [fail]),
                                                   probe(8_000, p99: 44), probe(cancelled ? 8_600 : 8_200, p99: 61, passes: false, failing: [fail])],
                                          isComplete: !cancelled)
        var searches = [first]
        if !cancelled {
            searches.append(CapacityResult.Search(seed: 43, passes: 7_900, fails: 8_100, probes: []))
            searches.append(CapacityResult.Search(seed: 44, passes: 8_100, fails: 8_300, probes: []))
        }
        var r = CapacityResult(searches: searches, analyticBound: 9_000, limitingComponent: "scorer", requirements: requirements, wasCancelled: cancelled)
        if !cancelled {
            r.curve = (1...10).map { i in probe(800 * Double(i), p99: [12, 12, 12.5, 13, 14, 15, 17, 21, 28, 44][i - 1]) }
            r.remedies = [CapacityResult.Remedy(change: "scorer.replicas=12", analyticBound: 13_500, nextLimit: "gateway")]
        }
        return r
    }

    static func outcome(_ ms: Double, cost: Double = 1_000, stable: Bool = true) -> SensitivityResult.Outcome {
        SensitivityResult.Outcome(p99: ms / 1000, errorRate: 0, costPerMonth: cost, isStable: stable)
    }

    static func tornado(cancelled: Bool = false) -> SensitivityResult {
        var rows = [
            SensitivityResult.Row(component: "scorer", parameter: .serviceTime, down: outcome(20), up: outcome(31), downLabel: "×0.8", upLabel: "×1.2"),
            SensitivityResult.Row(component: "scorer", parameter: .replicas, down: outcome(70, cost: 900, stable: false), up: outcome(24, cost: 1_100),
                                  downLabel: "8→6", upLabel: "8→10"),
            SensitivityResult.Row(component: "gateway", parameter: .serviceTime, down: outcome(24), up: outcome(26), downLabel: "×0.8", upLabel: "×1.2"),
        ]
        if cancelled { rows = [SensitivityResult.Row(component: "scorer", parameter: .serviceTime, down: outcome(20), up: nil, downLabel: "×0.8")] }
        return SensitivityResult(base: outcome(25), rows: rows, change: 0.2, wasCancelled: cancelled)
    }
}

@Suite("Capacity panel") struct CapacityPanelTests {
    /// A tornado whose base is unstable says so above its rows (every row read `!` under a bare
    /// "Base: p99 51 ms").
    @Test func anUnstableBaseIsSaidToBeUnstable() throws {
        var s = try AppState.fraudOpen(size: Size(width: 120, height: 40))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        let first = s.send(.capacityFinished(job: job.job, outcome: .finished(PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements))))
        guard case .sensitivity(let t)? = first.first else { return }
        var tornado = PanelFixtures.tornado()
        tornado.base = SensitivityResult.Outcome(p99: 0.051, errorRate: 0, costPerMonth: 3_231, isStable: false, overload: "scorer at 164% offered")
        _ = s.send(.sensitivityFinished(job: t.job, outcome: .finished(tornado)))
        // The tornado is one column of the panel: its wrapped lines sit beside the capacity column's.
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Warning: the design is unstable as it is") }, "\(lines)")
        #expect(lines.contains { $0.contains("first (more replicas where it is") }, "\(lines)")
    }

    /// `C` on the design starts the search in the background, the tornado follows, and the panel shows both.
    @Test func capacityKeySearchesThenRunsTheTornado() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        let effects = s.send(.key(.character("C")))
        guard case .capacity(let job)? = effects.first, effects.count == 1 else {
            Issue.record("expected one capacity effect, got \(effects)")
            return
        }
        #expect(s.screen == .capacity)
        #expect(job.replications == 3 && job.seed == 42)
        #expect(job.requests == CapacitySearch.defaultRequests(for: job.scenario.requirements))
        #expect(s.send(.key(.character("r"))) == [], "one job at a time")
        _ = s.send(.progress(job: job.job, fraction: 0.43))
        #expect(s.view().lines[23].contains("capacity search 43%"), "progress shows in the status bar")
        #expect(s.view().lines.contains { $0.contains("43%") && $0.contains("█") }, "and in the panel")

        let next = s.send(.capacityFinished(job: job.job, outcome: .finished(PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements))))
        guard case .sensitivity(let tornado)? = next.first else {
            Issue.record("the tornado follows the search, got \(next)")
            return
        }
        #expect(tornado.scenario == job.scenario && tornado.seed == job.seed && tornado.change == 0.2 && tornado.requests == s.tornadoRequests)
        #expect(s.view().lines.contains { $0.contains("Max QPS     8k/s") })
        _ = s.send(.sensitivityFinished(job: tornado.job, outcome: .finished(PanelFixtures.tornado())))
        #expect(!s.isSimulating)
        s.say(nil)
        expectSnapshot(s.snapshotLines(), named: "capacity-80x24")
        _ = s.send(.key(.pageDown))
        expectSnapshot(s.snapshotLines(), named: "capacity-80x24-scrolled")
        _ = s.send(.key(.character("G")))
        let bottom = s.view().lines
        #expect(bottom.contains { $0.contains("▓ a better p99") }, "G scrolls to the end of the tornado")
        #expect(!bottom.contains { $0.contains("▼ more") })
        _ = s.send(.resize(Size(width: 120, height: 40)))
        _ = s.send(.key(.character("g")))
        expectSnapshot(s.snapshotLines(), named: "capacity-120x40")
    }

    /// A bursty design's probes measure whole cycles: the panel says how long they were, and the
    /// tornado's runs are lengthened as `mlsd sensitivity`'s are.
    @Test func aBurstyDesignsProbesAndTornadoMeasureWholeCycles() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 120, height: 40))
        let bursty = try AppStateTests.fraud().applying([DesignOverride(target: "workload", key: "pattern", value: "burst"),
                                                          DesignOverride(target: "workload", key: "factor", value: "3")])
        s.load(bursty, source: .shipped(id: "fraud-detection"))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { Issue.record("no capacity job"); return }
        let next = s.send(.capacityFinished(job: job.job, outcome: .finished(PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements))))
        guard case .sensitivity(let tornado)? = next.first else { Issue.record("the tornado follows, got \(next)"); return }
        let lengthened = try #require(ShortRun.requestsForCycle(scenario: bursty, rate: bursty.offeredRate.perSecond))
        #expect(tornado.requests == lengthened && lengthened > s.tornadoRequests)
        let text = s.view().lines.joined(separator: "\n")
        #expect(text.contains("\(FigureFormat.count(job.requests))+ requests a"), "\(text)")
        #expect(text.contains("Probes") && text.contains("each measured one whole burst cycle of 60 s"), "\(text)")
    }

    /// In the two-column layout (70 columns on the left) the chart's 74-column footnote wraps under
    /// its indent; it ran into the divider as "max is the mean of every seed's a │".
    @Test func aWideCaptionWrapsInTheTwoColumnLayout() throws {
        var s = try AppState.fraudOpen(size: Size(width: 120, height: 40))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        var result = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements)
        result.curve[9].passes = false   // the curve's seed fails at the mean maximum
        _ = s.send(.capacityFinished(job: job.job, outcome: .finished(result)))
        let lines = s.view().lines
        let at = try #require(lines.firstIndex { $0.contains("fail: this seed fails there; max is the mean") }, "\(lines)")
        #expect(lines[at + 1].contains("        answer"), "\(lines[at + 1])")
        #expect(!lines.contains { $0.contains("seed's a │") })
    }

    /// The first seed's failing rate can sit below the mean maximum over seeds (rag-assistant: max
    /// 20.2/s, "Above it … at 20.1/s"): the line then says what it is.
    @Test func aFirstFailureBelowTheMaximumIsNotAboveIt() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        var result = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements)
        result.searches[1].passes = 8_400
        result.searches[2].passes = 8_400   // mean 8,266.7/s, above the first seed's 8.2k/s failure
        _ = s.send(.capacityFinished(job: job.job, outcome: .finished(result)))
        let text = s.view().lines.joined(separator: "\n")
        #expect(text.contains("First fails"), "\(text)")
        #expect(!text.contains("Above it"))
        #expect(text.contains("passed higher"), "says why")
        #expect(!text.contains("partly chance"), "the fixture's curve agrees with the search")
    }

    /// The curve runs the first seed again at other rates; near the limit it can pass above the
    /// search's failing rate (rag-assistant: failing at 20.1/s, the curve passing at 20.2/s). The
    /// line says so, since the chart shows it.
    @Test func aCurveThatContradictsTheSearchIsNamed() throws {
        var s = try AppState.fraudOpen(size: Size(width: 120, height: 40))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        var result = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements)
        let failing = try #require(result.firstFailure).rate
        #expect(result.curveDisagreement(failingAt: failing, maximum: try #require(result.maxQPS).mean) == nil)
        result.curve.append(CapacityResult.Probe(rate: failing + 10, p99: 0.049, failing: [], passes: true, bottleneck: "scorer", utilization: 0.9))
        _ = s.send(.capacityFinished(job: job.job, outcome: .finished(result)))
        let text = s.view().lines.joined(separator: "\n")
        #expect(text.contains("the same seed passed at"), "\(text)")
        #expect(text.contains("partly chance"), "\(text)")
    }

    /// A probe short for the design's slowest service is noted, as the CLI notes it.
    @Test func aShortProbeIsNoted() throws {
        let moderation = try ScenarioLibrary().load("content-moderation").scenario
        let note = try #require(ShortRun.note(scenario: moderation, requests: 23_000, rate: 1_410, run: "a probe", kind: "probe", command: "mlsd capacity"))
        #expect(note.hasPrefix("a probe spans about 14.7 s of simulated time at 1.41k/s, less than 10 services of"), "\(note)")
        #expect(note.contains("; mlsd capacity --requests 44") && note.hasSuffix("k spans enough"), "\(note)")
        // The search's advice is the length at its analytic bound (1.48k/s), which no answer
        // exceeds, so a rerun that long is not told to run longer still (447k, then 454k).
        let atBound = try #require(ShortRun.note(scenario: moderation, requests: 23_000, rate: 1_410, remedyRate: 1_480, run: "a probe", kind: "probe"))
        #expect(atBound.hasPrefix("a probe spans about 14.7 s of simulated time at 1.41k/s"), "\(atBound)")
        #expect(atBound.hasSuffix("; --requests 468k spans enough"), "\(atBound)")
        #expect(ShortRun.note(scenario: moderation, requests: 468_000, rate: 1_450, remedyRate: 1_480, run: "a probe") == nil)
        #expect(ShortRun.note(scenario: try AppStateTests.fraud(), requests: 23_000, rate: 5_000, run: "a probe") == nil)
        var s = AppState(choices: [], terminalSize: Size(width: 120, height: 40))
        s.load(moderation, source: .shipped(id: "content-moderation"))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        var result = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements)
        for k in result.searches.indices { result.searches[k].passes = 1_410 }
        _ = s.send(.capacityFinished(job: job.job, outcome: .finished(result)))
        let text = s.view().lines.joined(separator: "\n")
        #expect(text.contains("Note        a probe spans about"), "\(text)")
    }

    /// The chart is the CLI's: the SLO as a row of ┄ and the maximum marked under its column.
    @Test func theChartHasTheSLOLineAndTheMaxMarker() throws {
        var s = try AppState.fraudOpen(size: Size(width: 120, height: 40))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        let result = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements)
        _ = s.send(.capacityFinished(job: job.job, outcome: .finished(result)))
        let lines = s.view().lines
        let shared = CapacityChart(curve: result.curve, target: 0.05, maximum: result.maxQPS?.mean, knee: result.knee).lines
        for line in shared where !line.isEmpty { #expect(lines.contains { $0.contains(line) }, "the panel draws the shared chart line '\(line)'") }
        #expect(lines.contains { $0.contains("┤┄┄┄") }, "the SLO line")
        #expect(lines.contains { $0.contains("max") && !$0.contains("Max") }, "the max marker")
    }

    /// `esc` during the search stops it; what it found stays, and the tornado does not start.
    @Test func escDuringTheSearchKeepsWhatItFound() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        _ = s.send(.progress(job: job.job, fraction: 0.2))
        #expect(s.send(.key(.escape)) == [.cancel(job: job.job)])
        #expect(s.isStoppingRun && s.isSimulating, "the job runs until it comes back with what it has")
        #expect(s.view().lines[23].contains("stopping capacity search"))
        #expect(s.send(.key(.escape)) == [], "a second esc asks nothing more")
        let partial = PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements, cancelled: true)
        #expect(s.send(.capacityFinished(job: job.job, outcome: .finished(partial))) == [], "no tornado after a stop")
        #expect(!s.isSimulating)
        #expect(s.capacity.capacity == partial)
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Stopped by esc") })
        #expect(lines.contains { $0.contains("Max QPS     at least 8k/s") }, "a search stopped mid-way gives a lower bound")
        expectSnapshot(s.snapshotLines(), named: "capacity-cancelled-80x24")
        // `r` searches again from scratch.
        guard case .capacity? = s.send(.key(.character("r"))).first else {
            Issue.record("r searches again")
            return
        }
    }

    /// The real search, cancelled before its first round, comes back with the bracket it had.
    @Test func aCancelledSearchReallyStopsAndKeepsItsBracket() throws {
        let flag = CancellationFlag()
        flag.cancel()
        let job = CapacityJob(job: 1, scenario: try AppStateTests.fraud(), seed: 42, requests: 10_000, replications: 3, jobs: 2)
        guard case .finished(let r) = WorkbenchServices.capacity(job, flag) else {
            Issue.record("the search runs")
            return
        }
        #expect(r.wasCancelled)
        #expect(r.searches.count == 1, "later seeds do not start")
        #expect(r.searches[0].probes.count == 2, "the bracket's two ends ran")
        #expect(r.isLowerBound && r.maxQPS?.samples == 1)
        #expect(r.curve.isEmpty)
        let tornado = WorkbenchServices.sensitivity(SensitivityJob(job: 2, scenario: job.scenario, seed: 42, requests: 10_000, change: 0.2, jobs: 2), flag)
        guard case .finished(let t) = tornado else {
            Issue.record("the base runs")
            return
        }
        #expect(t.wasCancelled && t.rows.isEmpty && t.base.p99 > 0)
    }

    /// A search of the design before an edit, still under way when `C` comes back, is marked STALE
    /// (README; it read plain until the tornado had finished).
    @Test func aSearchOfTheOldDesignIsStaleWhileItRuns() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity? = s.send(.key(.character("C"))).first else { return }
        #expect(!s.view().lines[1].contains("STALE"), "the search of this design")
        _ = s.send(.key(.character("d")))
        _ = s.send(.key(.character("+")))
        #expect(s.send(.key(.character("C"))) == [], "one job at a time: the panel shows the search under way")
        #expect(s.screen == .capacity)
        #expect(s.view().lines[1].contains("STALE"), "\(s.view().lines[1])")
    }

    /// Opening the panel again on the same design shows the answer without searching again;
    /// after an edit it is marked stale and `C` searches again.
    @Test func theAnswerIsKeptUntilTheDesignChanges() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        let first = s.send(.capacityFinished(job: job.job, outcome: .finished(PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements))))
        guard case .sensitivity(let t)? = first.first else { return }
        _ = s.send(.sensitivityFinished(job: t.job, outcome: .finished(PanelFixtures.tornado())))
        _ = s.send(.key(.character("d")))
        #expect(s.screen == .design)
        #expect(s.send(.key(.character("C"))) == [], "the answer for this design is shown again")
        #expect(s.screen == .capacity)
        _ = s.send(.key(.escape))
        _ = s.send(.key(.character("+")))
        s.screen = .capacity
        #expect(s.view().lines[1].contains("STALE"))
        _ = s.send(.key(.character("d")))
        guard case .capacity? = s.send(.key(.character("C"))).first else {
            Issue.record("a changed design is searched again")
            return
        }
    }

    /// The key map drives the panels' help and the palette like every other screen's.
    @Test func helpAndPaletteKnowThePanels() throws {
        var s = try AppState.fraudOpen()
        #expect(s.paletteMatches("capacity", context: .canvas).first?.action == .capacity)
        #expect(s.paletteMatches("fault", context: .canvas).first?.action == .injectFault)
        for context in [KeyContext.capacity, .faults] {
            s.screen = context == .capacity ? .capacity : .faults
            _ = s.send(.key(.character("?")))
            let help = s.view().lines.joined(separator: "\n")
            #expect(help.contains("Keys · \(context.title)"))
            // Cancelling a run is listed only while one runs.
            #expect(s.helpRows(filter: "", context: context).map(\.action) == KeyMap.bindings(in: context).filter({ $0.action != .cancelRun }).map(\.action))
            for b in s.helpRows(filter: "", context: context).prefix(14) { #expect(help.contains(String(b.help.prefix(30))), "help shows '\(b.help)'") }
            _ = s.send(.key(.escape))
        }
    }

    @Test func aFailedSearchSaysWhy() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .capacity(let job)? = s.send(.key(.character("C"))).first else { return }
        _ = s.send(.capacityFinished(job: job.job, outcome: .failed("scorer: no servers")))
        #expect(s.isStatusError)
        #expect(s.view().lines.contains { $0.contains("The capacity search failed: scorer: no servers") })
    }
}

@Suite("Capacity and faults on a scripted terminal") struct CapacityRuntimeTests {
    /// The whole app: open, C (search then tornado through the effect performer), scroll, F with a bad
    /// fault (refused in the prompt), esc, back to the design; every frame kept.
    @Test func capacityThenABadFaultThenBack() throws {
        let fraud = try AppStateTests.fraud()
        var services = MemoryFiles().services { _ in .opened(OpenedDesign(scenario: fraud, source: .shipped(id: "fraud-detection"))) }
        services.capacity = { job, flag in
            _ = flag.report(0.5)
            return .finished(PanelFixtures.capacity(requirements: CapacitySearch(scenario: job.scenario).judgedRequirements))
        }
        services.sensitivity = { _, _ in .finished(PanelFixtures.tornado()) }
        let state = AppState(choices: AppStateTests.choices, terminalSize: Size(width: 80, height: 24))
        let script: [Message] = [.key(.enter), .key(.character("C")), .key(.pageDown), .key(.character("F")), .key(.control("u"))]
            + RuntimeTests.keys("nope") + [.key(.enter), .key(.escape), .key(.character("d"))]
        var runtime = Runtime(state: state, terminal: ScriptedTerminal(size: Size(width: 80, height: 24), script: script),
                              performer: EffectPerformer(services: services, mode: .inline))
        runtime.clock = { 0 }
        runtime.run()
        let frames = runtime.terminal.frames.map { $0.lines.joined(separator: "\n") }
        #expect(frames.contains { $0.contains("Max QPS     8k/s") && $0.contains("┤┄┄┄") }, "the search's answer and the SLO line")
        #expect(frames.contains { $0.contains("│ scorer                 ▓") && $0.contains("│█") && $0.contains("  service time  ×0.8 / ×1.2") },
                "the tornado, scrolled to: the component beside its bar, the parameter under it")
        #expect(frames.contains { $0.contains("invalid fault 'nope': no '=' after the component's id") }, "the bad fault, refused")
        #expect(runtime.state.screen == .design)
        #expect(runtime.state.capacity.tornado == PanelFixtures.tornado())
        #expect(!runtime.state.isSimulating)
    }
}

/// The tornado's cost column, shared by `mlsd sensitivity` and the TUI panel.
@Suite("Tornado cost column") struct TornadoCostTests {
    typealias Row = SensitivityResult.Row
    let base = PanelFixtures.outcome(25, cost: 1_000)

    @Test func eachSideThatRanShowsItsMove() {
        func cost(_ down: Double?, _ up: Double?) -> String {
            TornadoChart.cost(Row(component: "s", parameter: .replicas, down: down.map { PanelFixtures.outcome(25, cost: $0) },
                                  up: up.map { PanelFixtures.outcome(25, cost: $0) }), base: base)
        }
        #expect(cost(1_000, 1_000) == "=")
        #expect(cost(750, 1_250) == "±$250")
        #expect(cost(900, 1_200) == "-$100/+$200")
        // One side only (a single replica cannot go down; a run stopped by Ctrl-C): the side that
        // ran, not "=" (which read as "no change" while the up side added $248 a month).
        #expect(cost(nil, 1_248) == "–/+$248")
        #expect(cost(750, nil) == "-$250/–")
        #expect(cost(nil, 1_000) == "=")
        #expect(cost(nil, nil) == "–")
        #expect(cost(.infinity, 1_100) == "–/+$100", "a run that could not be priced")
    }

    @Test func aSideThatDidNotRunReadsAsADash() {
        let row = Row(component: "s", parameter: .replicas, down: nil, up: PanelFixtures.outcome(20, cost: 2_000), downLabel: "", upLabel: "1→2")
        #expect(TornadoChart.settings(row).hasSuffix("– / 1→2"))
    }
}
