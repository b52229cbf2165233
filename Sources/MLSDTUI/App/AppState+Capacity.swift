import MLSDCore
import MLSDExport
import MLSDSim

extension AppState {
    // MARK: Capacity panel

    /// `C`: shows the capacity panel, searching first when it has no answer for this version of the design.
    mutating func openCapacity() -> [Effect] {
        let isUnderWay = runningJob != nil && (runKind == .capacity || runKind == .sensitivity)
        if isUnderWay || (capacity.capacity != nil && capacity.scenario == workbench?.scenario) {
            screen = .capacity
            return []
        }
        guard canStartRun() else { return [] }
        screen = .capacity
        return startCapacity()
    }

    /// Starts the capacity search of the current design; the tornado follows when it finishes.
    mutating func startCapacity() -> [Effect] {
        guard let wb = workbench, canStartRun() else { return [] }
        let job = beginRun(.capacity, scenario: wb.scenario)
        capacity = CapacityScreen()
        capacity.scenario = wb.scenario
        capacity.seed = seed
        capacity.requestsPerProbe = CapacitySearch.defaultRequests(for: wb.scenario.requirements)
        say("Capacity search, \(capacityReplications) seeds")
        return [.capacity(CapacityJob(job: job, scenario: wb.scenario, seed: seed, requests: capacity.requestsPerProbe, replications: capacityReplications))]
    }

    mutating func capacityFinished(job: Int, _ outcome: AnalysisOutcome<CapacityResult>) -> [Effect] {
        guard job == runningJob, runKind == .capacity else { return [] }
        let wasStopped = isStoppingRun
        endRun()
        switch outcome {
        case .failed(let reason):
            capacity.failure = reason
            say("Capacity search failed: \(reason)", isError: true)
            return []
        case .finished(let result):
            capacity.capacity = result
            if let scenario = capacity.scenario {
                capacity.probeNote = ShortRun.note(scenario: scenario, requests: capacity.requestsPerProbe,
                                                   rate: result.maxQPS?.mean ?? result.analyticBound, remedyRate: result.analyticBound,
                                                   run: "a probe", kind: "probe", command: "mlsd capacity")
                capacity.cycleNote = ShortRun.cycleProbeNote(scenario: scenario, requests: capacity.requestsPerProbe, result: result)
            }
            if result.wasCancelled || wasStopped {
                say("Capacity search stopped: the panel shows what it had found (r searches again)")
                return []
            }
            guard let scenario = capacity.scenario else { return [] }
            let next = beginRun(.sensitivity, scenario: scenario)
            // As `mlsd sensitivity`: a burst or diurnal workload's runs measure one whole cycle.
            let requests = ShortRun.lengthenedForCycle(tornadoRequests, scenario: scenario, rate: scenario.offeredRate.perSecond, cap: ShortRun.maximumRequests)
            capacity.tornadoRequests = requests
            say("Max QPS found; now the tornado")
            return [.sensitivity(SensitivityJob(job: next, scenario: scenario, seed: capacity.seed, requests: requests, change: 0.2))]
        }
    }

    mutating func sensitivityFinished(job: Int, _ outcome: AnalysisOutcome<SensitivityResult>) -> [Effect] {
        guard job == runningJob, runKind == .sensitivity else { return [] }
        endRun()
        switch outcome {
        case .failed(let reason):
            capacity.failure = reason
            say("Tornado failed: \(reason)", isError: true)
        case .finished(let result):
            capacity.tornado = result
            if let scenario = capacity.scenario {
                capacity.tornadoNote = ShortRun.note(scenario: scenario, requests: capacity.tornadoRequests, rate: scenario.offeredRate.perSecond,
                                                     run: "a variant's run", command: "mlsd sensitivity")
            }
            say(result.wasCancelled ? "Tornado stopped: \(result.rows.count) rows ran (r runs everything again)"
                : "Capacity and tornado done: j/k scroll, F injects a fault")
        }
        return []
    }

    // MARK: Fault injection

    /// `F`: the fault panel with the last fault run when it is of this version of the design, its
    /// faults ready in the prompt (`enter` runs them again, `esc` leaves the result in view), as `C`
    /// shows the capacity answer while the design is unchanged; the panel alone while a fault run is
    /// under way; otherwise the prompt over the current screen. A run of an earlier version of the
    /// design is not shown here (the panel marks it STALE when reached with `r` or `C`/`F` from it).
    mutating func openFaults() -> [Effect] {
        if runningJob != nil, runKind == .faults {
            screen = .faults
            return []
        }
        if faults.run != nil, faults.scenario == workbench?.scenario { screen = .faults }
        promptFault()
        return []
    }

    /// `F`: asks for faults in the CLI's spelling (`--down`, `--slow`, `--hit-ratio`; the value tells
    /// the kind), starting from the last ones or an example on the design's bottleneck.
    mutating func promptFault() {
        guard let wb = workbench else { return }
        var example = faults.lastInput
        if example.isEmpty {
            let design = wb.scenario.design
            // The busiest component a request waits on (a bottleneck behind an async call, or an
            // offline job, shows nothing on the timeline); the entry only when nothing else is on the path.
            let path = design.requestPathIDs
            let load = wb.estimate.utilisation
            let target = design.components.filter { path.contains($0.id) && $0.id != design.entry }
                .max { (load[$0.id] ?? 0) < (load[$1.id] ?? 0) } ?? design[design.entry] ?? design.components.first
            if let c = target {
                let start = Self.exampleFaultStart(meanLatencySeconds: wb.estimate.meanLatencySeconds)
                let down = Self.exampleReplicasDown(replicas: c.replicas, utilization: load[c.id] ?? 0)
                example = "\(c.id)=\(down)@\(TimeSpan(seconds: start))-\(TimeSpan(seconds: 2 * start))"
            }
        }
        overlay = .prompt(Prompt(title: "Fault: id=N@from-to down · id=Nx@… slow · id=N%@… hit ratio · zone:N@…",
                                 field: TextField(example), purpose: .fault))
    }

    /// Replicas the example fault takes down: enough that the rest are overloaded (ρ ≥ 1.2), so a
    /// queue builds in the window and drains after it; all of them when even one would cope. Half
    /// the replicas (the example before) left fraud-detection's scorer at 82 %: a flat chart and
    /// "Recovery 0 ms", which teaches nothing.
    static func exampleReplicasDown(replicas: Int, utilization: Double) -> Int {
        guard replicas > 1, utilization > 0, utilization.isFinite else { return max(replicas, 1) }
        let keep = min(replicas - 1, Int((utilization * Double(replicas) / 1.2).rounded(.down)))
        return replicas - max(keep, 0)
    }

    /// Faults as typed, read: the faults in the CLI's spelling and the run's length (typed after
    /// `for`, or the length worked out from their windows).
    struct FaultPlan: Equatable {
        var faults: [String]
        var durationSeconds: Double
        /// The length typed after `for`, if one was.
        var length: TimeSpan?
        /// The plan as the prompt shows it again: `scorer=4@10s-20s for 1m`.
        var text: String { (faults + (length.map { ["for", $0.description] } ?? [])).joined(separator: " ") }
    }

    /// Reads the typed faults with the CLI's reader, and a run length after `for` (as `--duration`
    /// gives one), or says what was expected.
    func faultPlan(_ text: String) -> Result<FaultPlan, FaultRefusal> {
        guard let wb = workbench else { return .failure(FaultRefusal("no design is open")) }
        var texts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let length: TimeSpan?
        switch Self.takeRunLength(from: &texts) {
        case .success(let l): length = l
        case .failure(let refusal): return .failure(refusal)
        }
        let ex = Outage.Examples(design: wb.scenario.design)
        guard !texts.isEmpty else { return .failure(FaultRefusal("expected a fault such as \(ex.component)=4@10s-20s, \(ex.component)=3x@10s-20s, \(ex.cache)=\(ex.cacheRatio)@10s-20s or zone:1@10s-20s")) }
        var options = Simulation.Options()
        do { try options.addFaults(texts, checkedAgainst: wb.scenario.design) } catch { return .failure(FaultRefusal(error.description)) }
        let window = options.faultWindow ?? 0...0
        let fitted = Self.faultRunSeconds(start: window.lowerBound, end: window.upperBound)
        if let length, length.seconds <= window.upperBound {
            return .failure(FaultRefusal("a run for\(nb)\(length) ends before the faults do (at \(TimeSpan(seconds: window.upperBound))); expected a longer one, such as for\(nb)\(TimeSpan(seconds: fitted))"))
        }
        let duration = length?.seconds ?? fitted
        let requests = duration * wb.scenario.offeredRate.perSecond
        guard requests <= Self.faultRunMaximumRequests else {
            // Exact when short (200h), else in the largest fitting unit: "the run to 7199990s" was
            // read digit by digit.
            let exact = TimeSpan(seconds: duration).description
            let end = exact.count <= 6 ? exact : "about\(nb)" + FigureFormat.age(seconds: duration).replacingOccurrences(of: " ", with: nb)
            let run = length.map { "the run for\(nb)\($0)" } ?? "the run to\(nb)\(end)"
            return .failure(FaultRefusal("\(run) would simulate about \(FigureFormat.count(Int(min(requests, 1e18)))) requests at \(wb.scenario.offeredRate); "
                                         + "expected \(length == nil ? "a window that ends sooner" : "a shorter run") (mlsd simulate --down … --timeline runs longer ones)"))
        }
        return .success(FaultPlan(faults: texts, durationSeconds: duration, length: length))
    }

    /// Takes `for 1m`, the run's length, out of the typed words; nil when there is none.
    static func takeRunLength(from words: inout [String]) -> Result<TimeSpan?, FaultRefusal> {
        guard let i = words.firstIndex(where: { $0.lowercased() == "for" }) else { return .success(nil) }
        guard words.indices.contains(i + 1) else { return .failure(FaultRefusal("expected the run's length after for, such as for\(nb)1m")) }
        let text = words[i + 1]
        guard let length = TimeSpan(parsing: text), length.seconds > 0, ValueBounds.allows(length) else {
            return .failure(FaultRefusal("invalid run length '\(text)': expected a duration after for, such as for\(nb)1m"))
        }
        words.removeSubrange(i...(i + 1))
        if words.contains(where: { $0.lowercased() == "for" }) { return .failure(FaultRefusal("expected one run length (for\(nb)1m), not two")) }
        return .success(length)
    }

    /// Reads the typed faults and starts the run, or says what was expected.
    /// - Returns: the effects, or the refusal's message.
    mutating func submitFaults(_ text: String) -> Result<[Effect], FaultRefusal> {
        guard let wb = workbench else { return .success([]) }
        let plan: FaultPlan
        switch faultPlan(text) {
        case .success(let p): plan = p
        case .failure(let refusal): return .failure(refusal)
        }
        faults.lastInput = plan.text
        guard canStartRun() else { return .success([]) }
        faults.typedLength = plan.length
        return .success(startFaultRun(plan.faults, durationSeconds: plan.durationSeconds, scenario: wb.scenario))
    }

    /// `L` on the fault panel: the same faults in a run twice as long, for a recovery that was not
    /// within the run (the prompt then shows the length: `scorer=4@10s-20s for 1m20s`).
    mutating func lengthenFaultRun() -> [Effect] {
        guard !faults.lastInput.isEmpty else {
            promptFault()
            return []
        }
        let result = faultPlan(faults.lastInput).flatMap { plan in
            var longer = plan
            longer.length = TimeSpan(seconds: 2 * plan.durationSeconds)
            return submitFaults(longer.text)
        }
        switch result {
        case .success(let effects): return effects
        case .failure(let refusal):
            say(refusal.message, isError: true)
            return []
        }
    }

    /// What the recovery line adds when the figures were not back before the run's end (the CLI
    /// says `make it longer (--duration)`).
    static func longerRunHint(runSeconds: Double) -> String {
        let twice = TimeSpan(seconds: 2 * runSeconds)
        return "make it longer (L runs it for \(twice); or type for \(twice) after the faults)"
    }

    /// Runs at most this many requests for a fault run from the TUI.
    static let faultRunMaximumRequests = 20_000_000.0

    /// The run's length: the fault's end plus as long again as the window (at least 10 s) to see the
    /// recovery, and at least 20 s.
    static func faultRunSeconds(start: Double, end: Double) -> Double {
        max(20, end + max(10, end - start))
    }

    /// A round bucket length giving at most 40 buckets over `duration` and, where that still
    /// leaves 6 buckets or more, about 100 answers or more in each at `rate` requests per second:
    /// a bucket's p99 from ten answers is just its slowest one (rag-assistant at 12/s had 1 s buckets).
    static func bucketSeconds(for duration: Double, rate: Double = .infinity) -> Double {
        let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
        let fewest = steps.first { duration / $0 <= 40 } ?? duration / 40
        guard rate > 0, rate.isFinite else { return fewest }
        return steps.first { $0 >= fewest && $0 * rate >= 100 && duration / $0 >= 6 } ?? fewest
    }

    /// Where the example fault starts: at 10 s, or later for a design whose answers take long (ten
    /// times its estimated mean latency, on a round step), so that the timeline has full buckets
    /// before the fault once the system has filled from empty (rag-assistant's answers take up to
    /// 20 s: a fault at 10 s left nothing to compare recovery with).
    static func exampleFaultStart(meanLatencySeconds: Double) -> Double {
        guard meanLatencySeconds.isFinite, meanLatencySeconds > 0 else { return 10 }
        let steps: [Double] = [10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600]
        return steps.first { $0 >= 10 * meanLatencySeconds } ?? 3600
    }

    /// `r` on the fault panel: the same faults again (on the current design).
    mutating func rerunFaults() -> [Effect] {
        guard !faults.lastInput.isEmpty else {
            promptFault()
            return []
        }
        switch submitFaults(faults.lastInput) {
        case .success(let effects): return effects
        case .failure(let refusal):
            say(refusal.message, isError: true)
            return []
        }
    }

    private mutating func startFaultRun(_ texts: [String], durationSeconds: Double, scenario: Scenario) -> [Effect] {
        let job = beginRun(.faults, scenario: scenario)
        faults.run = nil
        faults.failure = nil
        faults.scenario = scenario
        faults.scroll = 0
        faults.durationSeconds = durationSeconds
        screen = .faults
        say("\(FigureFormat.exactDuration(seconds: durationSeconds)) with \(texts.joined(separator: " "))")
        return [.faultRun(FaultJob(job: job, scenario: scenario, seed: seed, faults: texts, durationSeconds: durationSeconds,
                                   bucketSeconds: Self.bucketSeconds(for: durationSeconds, rate: scenario.offeredRate.perSecond)))]
    }

    mutating func faultRunFinished(job: Int, _ outcome: AnalysisOutcome<FaultRun>) -> [Effect] {
        guard job == runningJob, runKind == .faults else { return [] }
        endRun()
        switch outcome {
        case .failed(let reason):
            faults.failure = reason
            say("Fault run failed: \(reason)", isError: true)
        case .finished(let run):
            faults.run = run
            let t = run.timeline
            let elsewhere = screen == .faults ? "" : " (F shows the run)"
            if t.wasCancelled {
                say("Fault run stopped: the timeline shows the buckets before the stop (r runs again)" + elsewhere)
            } else {
                say((t.recoveryText(longer: Self.longerRunHint(runSeconds: faults.durationSeconds ?? t.runSeconds)).map { "Recovery: " + $0 } ?? "Fault run done") + elsewhere)
            }
        }
        return []
    }

    // MARK: Background jobs

    /// True when no job runs; otherwise says which one does.
    mutating func canStartRun() -> Bool {
        guard runningJob != nil else { return true }
        say(runKind == .simulation ? "A simulation is already running: esc cancels it" : "A \(runKind.label) is under way: esc stops it")
        return false
    }

    /// Numbers a new job of this kind and marks it running.
    mutating func beginRun(_ kind: RunKind, scenario: Scenario) -> Int {
        let job = nextJob
        nextJob += 1
        runningJob = job
        runKind = kind
        runStartedAt = now
        runProgress = 0
        runScenario = scenario
        isStoppingRun = false
        isRubricRun = false
        return job
    }

    mutating func endRun() {
        runningJob = nil
        runScenario = nil
        isStoppingRun = false
        isRubricRun = false
    }
}

/// Joins `for` to the run length in refusals, so the prompt's wrapped message never parts them.
private let nb = TextWrap.nonBreakingSpace

/// Why typed faults were refused: the message names what was expected.
struct FaultRefusal: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension AppState {
    /// The capacity panel for the current state.
    func capacityView(_ wb: Workbench) -> CapacityView {
        let mine = runningJob != nil && (runKind == .capacity || runKind == .sensitivity)
        return CapacityView(screen: capacity, running: mine ? runKind : nil, progress: runProgress, isStopping: mine && isStoppingRun,
                            isStale: capacity.scenario != nil && capacity.scenario != wb.scenario)
    }

    /// The fault panel for the current state.
    func faultView(_ wb: Workbench) -> FaultView {
        let mine = runningJob != nil && runKind == .faults
        return FaultView(screen: faults, isRunning: mine, progress: runProgress,
                         isStale: faults.scenario != nil && faults.scenario != wb.scenario, seed: seed)
    }

    /// How far the capacity panel can scroll at this size.
    var capacityLineCount: Int {
        guard let wb = workbench else { return 0 }
        return capacityView(wb).overflow(in: bodyRect.inset(by: 1))
    }

    /// How far the fault panel can scroll at this size.
    var faultLineCount: Int {
        guard let wb = workbench else { return 0 }
        return faultView(wb).overflow(in: bodyRect.inset(by: 1))
    }
}
