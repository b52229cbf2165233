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
        #expect(InterviewPlan.full.phases.map { $0.minimumSeconds / 60 } == [10, 5, 10, 15, 10])
        #expect(InterviewPlan.full.budgetSeconds == 70 * 60)
    }

    @Test func aWholeInterviewRunsOnAManualClock() {
        let clock = ManualClock()
        var session = InterviewSession(plan: .short, startedAt: clock.now())
        session.addNote("Goal: stop fraud losses. Peak 5k QPS, p99 under 50 ms. Data: card history and chargeback labels.")
        clock.advanceTime(by: 150)
        #expect(session.secondsLeftInPhase(at: clock.now()) == 30)
        session.advance(at: clock.now())
        session.addNote("Offline PR-AUC, online fraud loss rate, counter metric: false declines; latency and availability.")
        clock.advanceTime(by: 200)
        #expect(session.secondsLeftInPhase(at: clock.now()) == -20)
        session.advance(at: clock.now())
        clock.advanceTime(by: 400)
        session.finish(at: clock.now())
        #expect(session.isFinished)
        #expect(session.secondsByPhase == [150, 200, 400, 0, 0])
        #expect(session.elapsed(at: clock.now() + 1000) == 750)

        let rubric = Rubric(session: session, evidence: DesignEvidence(design: Self.design))
        #expect(rubric.phases[0].coverage == 1)
        #expect(rubric.phases[0].items.map(\.evidence) == ["goal", "qps", "p99", "data"])
        #expect(rubric.phases[0].timeScore == 1)
        #expect(abs(rubric.phases[1].timeScore - (1 - 20.0 / 180)) < 1e-9, "20 s over a 3-minute budget")
        #expect(rubric.phases[2].coverage == 0, "no notes, nothing covered")
        #expect(rubric.phases[3].timeScore == 0, "a skipped phase earns no time credit")
        #expect(rubric.designChecks.allSatisfy { $0.passed })
    }

    @Test func keywordsMatchWholeWordsOnly() {
        let item = ChecklistItem("x", keywords: ["map", "cold start"])
        #expect(item.evidence(in: "we use a bitmap") == nil)
        #expect(item.evidence(in: "MAP@10 offline") == "map")
        #expect(item.evidence(in: "handle cold-start users") == "cold start")
    }

    @Test func designChecksFindMissingMonitoringAndFallbacks() {
        var design = Self.design
        design.components.removeAll { $0.kind == .monitor }
        design.components[0].calls = [CallGroup(mode: .sequence, targets: ["scorer"])]
        design.components[1].fallback = nil
        let evidence = DesignEvidence(design: design)
        #expect(!evidence.hasMonitoring)
        #expect(evidence.modelServersWithoutFallback == ["scorer"])
        let rubric = Rubric(session: InterviewSession(plan: .short, startedAt: 0), evidence: evidence)
        #expect(rubric.designChecks.map(\.passed) == [false, false])
        #expect(rubric.designChecks[1].detail == "no fallback for: scorer")
    }

    @Test func markdownHasEveryPhaseAndTheScore() throws {
        var session = InterviewSession(plan: .full, startedAt: 0)
        session.addNote("Ranking problem with click labels")
        session.finish(at: 600)
        let scenario = Scenario(name: "Feed", design: Self.design)
        let rubric = Rubric(session: session, evidence: DesignEvidence(design: Self.design))
        let md = session.markdown(scenario: scenario, rubric: rubric)
        for phase in InterviewPlan.full.phases { #expect(md.contains("## \(phase.title)")) }
        #expect(md.contains("Score: **\(Int(rubric.total))/100**"))
        #expect(md.contains("> Ranking problem with click labels"))
        #expect(md.contains("- [x] has monitoring"))
    }

    @Test(arguments: [(0.0, "0:00"), (59.9, "0:59"), (61, "1:01"), (-20, "-0:20"), (3600, "60:00")])
    func clockFormatting(_ seconds: Double, _ text: String) {
        #expect(InterviewSession.clock(seconds) == text)
    }
}
