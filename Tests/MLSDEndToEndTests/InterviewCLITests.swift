import Foundation
import Testing

@Suite("mlsd interview") struct InterviewCLITests {
    @Test func scriptedInterviewPrintsPromptsAndAScoredTranscript() throws {
        let input = "Goal: fewer fraud losses. 5k QPS, p99 50 ms, chargeback labels\n:next\nPR-AUC offline; online fraud loss rate; counter: false declines\n:done\n"
        let result = try BinaryRunner.run(["interview", "fraud-detection"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("== Clarify (2:00–3:00) =="))
        #expect(result.stdout.contains("== Metrics (2:00–3:00) =="))
        #expect(result.stdout.contains("| Clarify | 0:00 | 2:00–3:00 | 4/4 | 80 |"), "all covered, but too fast for time credit")
        #expect(result.stdout.contains("- [x] defined an online metric (\"online\")"))
        #expect(result.stdout.contains("- [x] has monitoring"))
    }

    @Test func transcriptIsWrittenToAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-iv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("session.md").path
        let result = try BinaryRunner.run(["interview", "feed-ranking", "--plan", "full", "-o", file], input: "ranking with click labels\n")
        #expect(result.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("# Mock interview: "))
        #expect(text.contains("## Component design"))
        #expect(result.stdout.contains("Transcript written to \(file)"))
    }

    @Test func unwritableOutputFailsWithoutCrashing() throws {
        let result = try BinaryRunner.run(["interview", "blank", "-o", "/nonexistent-dir/x.md"], input: ":done\n")
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("mlsd: error: cannot write '/nonexistent-dir/x.md'"))
    }
}
