import Foundation
import MLSDCore
import Testing
@testable import MLSDInterview

@Suite("Interview") struct InterviewTests {
    static let design: Design = {
        let yaml = """
            name: t
            design:
              entry: gateway
              components:
                gateway: { kind: gateway, calls: [{ sequence: [scorer] }, { async: [audit] }] }
                scorer: { kind: model_server, timeout: 40ms, fallback: rules }
                rules: { kind: rule_engine }
                audit: { kind: monitor }
            """
        return (try? Scenario.parse(yaml: yaml, path: "t.yaml").scenario.design) ?? Design(entry: "x", components: [])
    }()

    @Test func plansFollowTheSeedTimings() {
        #expect(InterviewPlan.short.phases.map(\.id) == ["clarify", "metrics", "high_level", "deep_dive", "tradeoffs"])
        #expect(InterviewPlan.short.budgetSeconds == (3 + 3 + 10 + 15 + 5) * 60)
        #expect(InterviewPlan.standard.budgetSeconds == 45 * 60)
        #expect(InterviewPlan.full.phases.map { $0.minimumSeconds / 60 } == [10, 5, 10, 15, 8])
        #expect(InterviewPlan.full.budgetSeconds == 60 * 60)
        #expect(InterviewPlan.standard.budgetSeconds == 45 * 60)
        #expect(InterviewPlan.all.map(\.id) == ["short", "standard", "full"])
    }

    /// A whole interview on the manual clock: phase changes, the warning and overtime, a pause,
    /// auto-advance, and the rubric's time scores.
    @Test func aWholeInterviewRunsOnAManualClock() {
        let clock = ManualClock()
        var session = InterviewSession(plan: .short, startedAt: clock.now())
        session.addNote("The goal is fewer fraud losses; peak is 5k QPS and p99 must stay under 50 ms.")
        clock.advanceTime(by: 150)
        #expect(session.secondsLeftInPhase(at: clock.now()) == 30)
        #expect(session.remaining(at: clock.now()) == "0:30 left")
        // A ten-minute break does not count.
        session.pause(at: clock.now())
        clock.advanceTime(by: 600)
        #expect(session.remaining(at: clock.now()) == "0:30 left")
        #expect(session.elapsed(at: clock.now()) == 150)
        session.resume(at: clock.now())
        clock.advanceTime(by: 10)
        #expect(session.remaining(at: clock.now()) == "0:20 left")
        session.advance(at: clock.now())
        session.addNote("Offline we compare PR-AUC because fraud is rare; online the fraud loss rate per month.")
        clock.advanceTime(by: 200)
        #expect(session.secondsLeftInPhase(at: clock.now()) == -20)
        #expect(session.remaining(at: clock.now()) == "0:20 over")
        session.advance(at: clock.now())
        // With auto-advance, a long silence ends the high-level phase at 10:00 and the deep dive at 15:00.
        session.advancesAutomatically = true
        clock.advanceTime(by: 10 * 60 + 15 * 60 + 30)
        #expect(session.advanceIfOverdue(at: clock.now()).map(\.id) == ["high_level", "deep_dive"])
        #expect(session.currentPhase?.id == "tradeoffs")
        #expect(session.secondsInPhase(at: clock.now()) == 30)
        session.finish(at: clock.now())
        #expect(session.isFinished)
        #expect(session.secondsByPhase == [160, 200, 600, 900, 30])
        #expect(session.elapsed(at: clock.now() + 1000) == 1890)

        let rubric = Rubric(session: session, evidence: DesignEvidence(design: Self.design, reference: Self.design))
        #expect(rubric.phases[0].items.map { $0.evidence != nil } == [true, true, true, false])
        #expect(rubric.phases[0].timeScore == 1)
        #expect(abs(rubric.phases[1].timeScore - (1 - 20.0 / 180)) < 1e-9, "20 s over a 3-minute budget")
        #expect(rubric.phases[2].coverage == 0, "no notes, nothing covered")
        #expect(rubric.phases[2].timeScore == 0, "time without evidence earns nothing")
    }

    @Test func autoAdvanceIsOffByDefaultAndStopsWhilePaused() {
        var session = InterviewSession(plan: .short, startedAt: 0)
        #expect(session.advanceIfOverdue(at: 10_000).isEmpty)
        session.advancesAutomatically = true
        session.pause(at: 100)
        #expect(session.advanceIfOverdue(at: 10_000).isEmpty)
        session.resume(at: 10_000)
        #expect(session.advanceIfOverdue(at: 10_080).map(\.id) == ["clarify"], "100 s before the pause and 80 after reach its 3 minutes")
    }

    @Test func aSavedRecordResumesWithEverything() throws {
        var session = InterviewSession(plan: .standard, startedAt: 1000)
        session.addNote("first note")
        session.advance(at: 1100)
        session.addNote("second note")
        session.pause(at: 1130)
        let record = InterviewRecord(session: session, at: 1500, scenario: "fraud-detection", scenarioName: "Fraud detection", design: nil, savedAt: Date(timeIntervalSince1970: 0))
        let read = try InterviewRecord.read(json: record.json(), path: "x.json")
        #expect(read == record)
        let resumed = read.session(at: 50)
        #expect(resumed.phaseIndex == 1)
        #expect(resumed.notes == session.notes)
        #expect(resumed.isPaused)
        #expect(resumed.secondsInPhase(at: 500) == 30)
        #expect(resumed.elapsed(at: 500) == 130)
        #expect(resumed.plan == .standard)
    }

    @Test(arguments: [("{", "x.json: error: not an mlsd interview session (not valid JSON)"),
                      ("{\"format\": 1}", "x.json: error: not an mlsd interview session (missing 'scenario')")])
    func unreadableRecordsSayWhy(_ text: String, _ message: String) {
        #expect(throws: InterviewRecord.RecordError(description: message)) { try InterviewRecord.read(json: text, path: "x.json") }
    }

    @Test func designChecksFindMissingMonitoringAndFallbacks() {
        var design = Self.design
        design.components.removeAll { $0.kind == .monitor }
        design.components[0].calls = [CallGroup(mode: .sequence, targets: ["scorer"])]
        design.components[1].fallback = nil
        let evidence = DesignEvidence(design: design, reference: Self.design)
        #expect(!evidence.hasMonitoring)
        #expect(evidence.modelServersWithoutFallback == ["scorer"])
        let rubric = Rubric(session: InterviewSession(plan: .short, startedAt: 0), evidence: evidence)
        #expect(rubric.designChecks.map(\.passed) == [false, false])
        #expect(rubric.designChecks[1].detail == "no fallback for: scorer")
    }

    @Test func markdownHasEveryPhaseAndTheScore() throws {
        var session = InterviewSession(plan: .full, startedAt: 0)
        session.addNote("This is a ranking problem with click labels from the logs.")
        session.finish(at: 600)
        let scenario = Scenario(name: "Feed", design: Self.design)
        let rubric = Rubric(session: session, evidence: DesignEvidence(design: Self.design, reference: nil))
        let md = session.markdown(scenario: scenario, rubric: rubric)
        for phase in InterviewPlan.full.phases { #expect(md.contains("## \(phase.title)")) }
        #expect(md.contains("Score: **\(Int(rubric.total))/100**"))
        #expect(md.contains("> This is a ranking problem with click labels from the logs."))
        #expect(md.contains("- [x] asked what data and labels exist: \"This is a ranking problem with click labels from the logs.\""))
        #expect(md.contains("- [x] has monitoring"))
    }

    @Test(arguments: [(0.0, "0:00"), (59.9, "0:59"), (61, "1:01"), (-20, "-0:20"), (3600, "60:00")])
    func clockFormatting(_ seconds: Double, _ text: String) {
        #expect(InterviewSession.clock(seconds) == text)
    }
}
