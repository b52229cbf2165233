import Foundation
import Testing

/// What `simulate` and `compare` print in cases a new user hits: the timeline in CSV, runs too short
/// to judge a requirement, a design read from standard input.
@Suite("mlsd simulate output") struct SimulateOutputTests {
    /// `--timeline` with `--format csv` is one table: the run's `scope,id,metric,value` rows, then the
    /// timeline's rows in the same four columns (no second header).
    @Test func timelineCSVIsOneTable() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=10@2s-3s", "--timeline", "1s", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == "scope,id,metric,value")
        #expect(lines.filter { $0.hasPrefix("scope,") || $0.hasPrefix("bucket_start_s") }.count == 1, "one header")
        // No quoted text in these rows: four fields each.
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 4 }, "\(lines.filter { $0.split(separator: ",", omittingEmptySubsequences: false).count != 4 })")
        #expect(lines.contains("timeline,,bucket_s,1"))
        #expect(lines.contains("timeline,,fault_start_s,2"))
        #expect(lines.contains("timeline,,fault_end_s,3"))
        #expect(lines.contains { $0.hasPrefix("timeline,,failed_by_fault,") })
        #expect(lines.filter { $0.hasPrefix("timeline_fault_window,") } == ["timeline_fault_window,2,end_s,3"])
        let bucketStarts = Set(lines.filter { $0.hasPrefix("timeline_bucket,") }.map { $0.split(separator: ",")[1] })
        #expect(bucketStarts == ["0", "1", "2", "3", "4"])
        #expect(lines.contains("timeline_bucket,4,end_s,5"))
        // The run's rows are unchanged by the timeline.
        let plain = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=10@2s-3s", "--format", "csv"])
        #expect(r.stdout.hasPrefix(plain.stdout))
    }
}
