import MLSDCore
import MLSDExport
@testable import MLSDSim
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// A new user's first fault on an LLM design (rag-assistant, answers up to 20 s) was the example
/// `llm=2@10s-20s` in a 30 s run of 1 s buckets: the buckets before the fault were the system
/// filling from empty, each held about ten answers, and the verdict was a meaningless "Not
/// recovered within the run". The example and the buckets now follow the design's time scale, and
/// the status line says what the panel says.
@Suite("Fault defaults") struct FaultDefaultsTests {
    @Test func theExampleStartsLaterForSlowDesigns() {
        #expect(AppState.exampleFaultStart(meanLatencySeconds: 0.014) == 10, "fraud-detection keeps 10s-20s")
        #expect(AppState.exampleFaultStart(meanLatencySeconds: 1.5) == 20)
        #expect(AppState.exampleFaultStart(meanLatencySeconds: 3.6) == 60, "rag-assistant's estimate")
        #expect(AppState.exampleFaultStart(meanLatencySeconds: .infinity) == 10, "an unstable design gets the plain example")
    }

    /// The example takes down enough replicas that the rest are overloaded: fraud-detection's 12
    /// scorers at 41 % keep 4 (123 %), not 6 (82 %, a flat chart and "Recovery 0 ms").
    @Test func theExampleFaultOverloadsWhatIsLeft() {
        #expect(AppState.exampleReplicasDown(replicas: 12, utilization: 0.41) == 8)
        #expect(AppState.exampleReplicasDown(replicas: 12, utilization: 0.95) == 3, "already busy: 3 of 12 take it to 127 %")
        #expect(AppState.exampleReplicasDown(replicas: 4, utilization: 1.1) == 1, "overloaded without the fault: one replica")
        #expect(AppState.exampleReplicasDown(replicas: 4, utilization: 0.05) == 4, "even one would cope: all of them")
        #expect(AppState.exampleReplicasDown(replicas: 1, utilization: 0.5) == 1)
        for (r, u) in [(12, 0.41), (30, 0.3), (3, 0.7), (8, 0.6)] {
            let kept = r - AppState.exampleReplicasDown(replicas: r, utilization: u)
            #expect(kept == 0 || u * Double(r) / Double(kept) >= 1.2, "\(r) at \(u): \(kept) left")
        }
    }

    @Test func bucketsHoldEnoughAnswersWhereTheRunAllows() {
        #expect(AppState.bucketSeconds(for: 30, rate: 5_000) == 1, "fraud-detection: 30 buckets of 5,000 answers")
        #expect(AppState.bucketSeconds(for: 180, rate: 12) == 10, "12/s: 10 s buckets of about 120 answers, not 5 s of 60")
        #expect(AppState.bucketSeconds(for: 30, rate: 1) == 1, "fewer than 6 buckets would be worse: keep the plain length")
        #expect(AppState.bucketSeconds(for: 30) == 1)
    }

    @Test func fOnAnLLMDesignSuggestsAFaultAfterItHasFilled() throws {
        let rag = try ScenarioLibrary().load("rag-assistant").scenario
        var s = AppState(choices: [], terminalSize: Size(width: 80, height: 24))
        s.load(rag, source: .shipped(id: "rag-assistant"))
        _ = s.send(.key(.character("F")))
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("F asks for a fault")
            return
        }
        let start = AppState.exampleFaultStart(meanLatencySeconds: DesignEstimate(scenario: rag).meanLatencySeconds)
        #expect(start >= 30, "\(start)")
        #expect(prompt.field.text.hasSuffix("@\(TimeSpan(seconds: start))-\(TimeSpan(seconds: 2 * start))"), "\(prompt.field.text)")
        guard case .faultRun(let job)? = s.send(.key(.enter)).first else {
            Issue.record("the example runs")
            return
        }
        #expect(job.bucketSeconds * rag.offeredRate.perSecond >= 100, "\(job.bucketSeconds) s buckets at \(rag.offeredRate)")
    }

    /// F's example faults the busiest component a request waits on. It took the design's
    /// bottleneck, which can sit behind an async call or be an offline job: a fault there leaves the
    /// request path's timeline flat, and a new user concludes the design is immune.
    @Test func theExampleFaultsTheBusiestComponentOnTheRequestPath() throws {
        let library = ScenarioLibrary(environment: [:])
        for id in library.entries().filter({ $0.isBuiltin && $0.id != "blank" }).map(\.id) {
            let scenario = try library.load(id).scenario
            var s = AppState(choices: [], terminalSize: Size(width: 80, height: 24))
            s.load(scenario, source: .shipped(id: id))
            _ = s.send(.key(.character("F")))
            guard case .prompt(let prompt)? = s.overlay else {
                Issue.record("\(id): F asks for a fault")
                continue
            }
            let target = String(prompt.field.text.prefix { $0 != "=" })
            let design = scenario.design
            let path = design.requestPathIDs
            #expect(path.contains(target), "\(id): \(prompt.field.text) is off the request path \(path.sorted())")
            let load = DesignEstimate(scenario: scenario).utilisation
            let busiest = path.filter { $0 != design.entry }.map { load[$0] ?? 0 }.max() ?? 0
            #expect(target == design.entry || (load[target] ?? 0) == busiest, "\(id): \(target) at \(load[target] ?? 0), busiest \(busiest)")
        }
    }

    /// The status line and the panel read the same: it said "Not recovered within the run" while the
    /// panel said "not measured: no healthy bucket before the fault".
    @Test func theStatusLineSaysWhatThePanelSays() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        guard case .faultRun(let job)? = s.submitFaults("scorer=4@0s-20s").first else {
            Issue.record("the fault runs")
            return
        }
        var run = try FaultPanelTests.handMade(faults: job.faults)
        run.timeline.faultWindows = [0...20]
        run.timeline.recoverySeconds = nil
        _ = s.send(.faultRunFinished(job: job.job, outcome: .finished(run)))
        let text = try #require(run.timeline.recoveryText(longer: nil))
        #expect(text.hasPrefix("not measured: no full bucket before the fault"))
        let lines = s.view().lines
        #expect(lines.last?.contains("Recovery: not measured: no full bucket") == true || lines.suffix(3).joined().contains("Recovery: not measured"), "\(lines.suffix(3))")
        #expect(lines.contains { $0.contains("Recovery    not measured: no full bucket before the fault") }, "the panel")
        #expect(!lines.joined().contains("Not recovered"))
    }
}
