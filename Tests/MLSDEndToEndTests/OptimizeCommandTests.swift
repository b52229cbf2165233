import Foundation
import Testing

@Suite("mlsd optimize") struct OptimizeCommandTests {
    @Test func printsTheAnswerAsSetArgumentsThatCompareReproduces() throws {
        let r = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Answer      $") && $0.contains("per 1M requests at 5k/s") })
        #expect(lines.contains { $0.hasPrefix("◆ ") }, "the Pareto front is marked")
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits 80 columns")
        // The JSON's changes, applied with compare, give a passing design that costs what was printed.
        let json = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let best = try #require(object["best"] as? [String: Any])
        let sets = try #require(best["set"] as? [String])
        let cost = try #require(best["cost_per_month_usd"] as? Double)
        let check = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "10k", "--format", "json"] + sets.flatMap { ["--set", $0] })
        let result = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let costs = try #require(result["cost"] as? [String: Any])
        #expect(abs((costs["per_month"] as? Double ?? 0) - cost) < 1, "\(costs)")
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--qps", "fast"], ["--qps", "0"], ["--requests", "1k"], ["--jobs", "0"]] {
            let r = try BinaryRunner.run(["optimize", "fraud-detection"] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
    }
}
