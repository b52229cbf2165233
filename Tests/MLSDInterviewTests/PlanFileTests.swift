import MLSDCore
import Testing
@testable import MLSDInterview

@Suite("Custom interview plans") struct PlanFileTests {
    @Test func aPlanFileBecomesAPlan() throws {
        let yaml = """
            title: Onsite practice
            phases:
              - id: clarify
                title: Clarify
                minutes: 3-5
                prompts: [Who uses it, and how many?]
                checklist: [goal, scale, latency]
              - { id: design, title: Design, minutes: 20, checklist: [components, model, fallback] }
            """
        let plan = try InterviewPlan.parse(yaml: yaml, path: "plan.yaml")
        #expect(plan.title == "Onsite practice")
        #expect(plan.phases.map(\.id) == ["clarify", "design"])
        #expect(plan.phases.map(\.maximumSeconds) == [300, 1200])
        #expect(plan.phases[0].minimumSeconds == 180)
        #expect(plan.phases[1].checklist.map(\.id) == ["components", "model", "fallback"])
        #expect(plan.budgetSeconds == 25 * 60)
    }

    @Test func everyProblemIsReportedWithItsPosition() {
        let yaml = """
            title: Broken
            phases:
              - id: clarify
                minutes: 5-3
                checklist: [goal, scael]
              - id: clarify
                minute: 4
            """
        do {
            _ = try InterviewPlan.parse(yaml: yaml, path: "plan.yaml")
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "plan.yaml:4:14: error: invalid value '5-3' for 'minutes': expected minutes such as 5 or 3-5 (above 0, at most 240, the low end first)",
                "plan.yaml:5:23: error: unknown checklist item 'scael'; did you mean 'scale'?",
                "plan.yaml:6:5: error: missing key 'minutes'; expected minutes such as 5 or 3-5",
                "plan.yaml:6:9: error: duplicate phase id 'clarify'",
                "plan.yaml:7:5: error: unknown key 'minute' in a phase; did you mean 'minutes'?",
            ])
        }
    }

    @Test func anEmptyOrWrongFileSaysWhatIsExpected() {
        #expect(throws: ScenarioError.self) { try InterviewPlan.parse(yaml: "", path: "p.yaml") }
        #expect(throws: ScenarioError.self) { try InterviewPlan.parse(yaml: "title: x\nphases: []\n", path: "p.yaml") }
        #expect(throws: ScenarioError.self) { try InterviewPlan.parse(yaml: "- a\n- b\n", path: "p.yaml") }
    }
}
