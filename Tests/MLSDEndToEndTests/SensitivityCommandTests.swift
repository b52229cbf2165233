import Foundation
import Testing

@Suite("mlsd sensitivity") struct SensitivityCommandTests {
    @Test func printsATornadoInEightyColumns() throws {
        let r = try BinaryRunner.run(["sensitivity", "fraud-detection", "--requests", "10k"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Base: p99 ") })
        #expect(lines.contains { $0.hasPrefix("scorer ") })
        #expect(lines.contains { $0.hasPrefix("  replicas") && $0.contains("12→10 / 12→14") }, "the parameter and its moves on the row's second line")
        #expect(lines.contains { $0.hasPrefix("  service time") && $0.contains("×0.8 / ×1.2") })
        // Offline jobs take no requests: they are not varied (they were, with uncut names such as `velocity_job service t`).
        #expect(!lines.contains { $0.hasPrefix("velocity_job") || $0.hasPrefix("profile_job") }, "\(r.stdout)")
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits 80 columns")
        let json = try BinaryRunner.run(["sensitivity", "fraud-detection", "--requests", "10k", "--format", "json", "--by", "50%"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["change"] as? Double == 0.5)
        #expect(((object["rows"] as? [Any])?.count ?? 0) >= 12)
    }

    /// An unstable base says so before the rows: every row of fraud-detection with 3 scorers read
    /// `!!!!!!!!!│!!!!!!!!!` under "Base: p99 51 ms" with nothing said. A stable one has no warning.
    @Test func anUnstableBaseIsSaidToBeUnstable() throws {
        let r = try BinaryRunner.run(["sensitivity", "fraud-detection", "--set", "scorer.replicas=3", "--requests", "10k"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout.split(separator: "\n").joined(separator: " ")
        #expect(text.contains("Warning: the design is unstable as it is (scorer at ") && text.contains("Make it stable first"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let json = try BinaryRunner.run(["sensitivity", "fraud-detection", "--set", "scorer.replicas=3", "--requests", "10k", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["warnings"] as? [String])?.first?.hasPrefix("the design is unstable as it is") == true, "\(json.stdout)")
        let stable = try BinaryRunner.run(["sensitivity", "fraud-detection", "--requests", "10k"])
        #expect(!stable.stdout.contains("unstable as it is"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--by", "0%"], ["--by", "95%"], ["--by", "abc"], ["--requests", "1k"], ["--jobs", "0"], ["--set", "x.replicas=2"]] {
            let r = try BinaryRunner.run(["sensitivity", "fraud-detection"] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
    }
}
