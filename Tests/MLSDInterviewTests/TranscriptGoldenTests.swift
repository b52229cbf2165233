import Foundation
import MLSDCore
import Testing
@testable import MLSDInterview

/// The Markdown transcript pinned as a golden file: a fixed session, hand-written notes, a
/// hand-made comparison of stated numbers (no simulator, so the golden pins structure, not the
/// simulator's figures). `RECORD_SNAPSHOTS=1` rewrites it.
@Suite("Interview transcript") struct TranscriptGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/interview-transcript.md")

    @Test func transcriptMatchesTheGoldenFile() throws {
        var session = InterviewSession(plan: .short, startedAt: 0)
        let notes: [[String]] = [
            ["The goal is to cut fraud losses without blocking good customers.", "Peak is about 5k payments per second; p99 < 150ms since the shopper waits."],
            ["Offline we compare PR-AUC because fraud is rare.", "qps auc ctr guardrail"],
            [],
            ["Velocity features must stay fresh within seconds, so a stream job updates them.",
             "I'd start with XGBoost because the features are tabular and it serves in a few ms."],
            ["We chose a smaller model over a deep network because the latency budget is tight."],
        ]
        var t = 0.0
        for (i, phaseNotes) in notes.enumerated() {
            for n in phaseNotes { session.addNote(n) }
            t += [150, 200, 30, 700, 310][i]
            session.advance(at: t)
        }
        var scenario = Scenario(name: "Fraud <detection>", design: InterviewTests.design)
        scenario.interview.prompt = "Decide while the shopper waits whether a payment is fraud."
        scenario.interview.referenceAnswers["clarify"] = "Ask for peak volume and the latency budget."
        let considerations = ["Velocity features must be fresh within seconds.", "Labels arrive weeks later as chargebacks."]
        var reference = InterviewTests.design
        reference.components.removeAll { $0.kind == .monitor }
        reference.components[0].calls = [CallGroup(mode: .sequence, targets: ["scorer"])]
        var evidence = DesignEvidence(design: InterviewTests.design, reference: reference)
        evidence.requirementChecks = [.init(name: "p99_latency", passed: true), .init(name: "availability", passed: false)]
        let figures = NoteFigure.all(in: notes[0][1])
        let stated = [
            StatedComparison(figure: figures[0], measure: "throughput", simulated: "4.96k/s", verdict: .agrees, note: notes[0][1]),
            StatedComparison(figure: figures[1], measure: "p99 latency", simulated: "212 ms", verdict: .misses, note: notes[0][1]),
        ]
        let rubric = Rubric(session: session, evidence: evidence, considerations: considerations, stated: stated)
        let markdown = session.markdown(scenario: scenario, rubric: rubric, stated: stated)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: Self.golden.path) {
            try markdown.write(to: Self.golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.golden.path); run again")
            return
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(markdown == expected)
        if markdown != expected {
            for (a, b) in zip(markdown.split(separator: "\n", omittingEmptySubsequences: false), expected.split(separator: "\n", omittingEmptySubsequences: false)) where a != b {
                Issue.record("first difference:\n  got      \(a)\n  expected \(b)")
                break
            }
        }
    }
}
