import Foundation
import Testing

@Suite("mlsd capacity") struct CapacityCommandTests {
    @Test func reportsTheMaximumItsIntervalTheReasonAndAChart() throws {
        let r = try BinaryRunner.run(["capacity", "fraud-detection", "--requests", "10k", "--replications", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Max load    ") && $0.contains("95% interval") })
        #expect(lines.contains { $0.hasPrefix("Above it    ") })
        #expect(lines.contains { $0.hasPrefix("Analytic    ") && $0.contains("scorer reaches ρ = 1") })
        #expect(lines.contains { $0.hasPrefix("Peak        5k/s required") })
        #expect(lines.contains { $0.contains("--set scorer.replicas=") })
        #expect(lines.contains { $0.contains("┄ SLO p99 50 ms") })
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits 80 columns")
    }

    @Test func jsonIsMachineReadable() throws {
        let r = try BinaryRunner.run(["capacity", "fraud-detection", "--requests", "10k", "--replications", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let max = try #require(object["max_qps"] as? [String: Any])
        let mean = try #require(max["mean"] as? Double)
        let bound = try #require(object["analytic_bound_qps"] as? Double)
        #expect(mean > 5000 && mean <= bound)
        #expect((object["curve"] as? [Any])?.count == 10)
        #expect(object["limiting_component"] as? String == "scorer")
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--replications", "0"], ["--replications", "33"], ["--requests", "5k"], ["--requests", "lots"], ["--jobs", "0"],
                          ["--set", "scorer.replicas=0"], ["--set", "nosuch.replicas=2"]] {
            let r = try BinaryRunner.run(["capacity", "fraud-detection"] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
        #expect(try BinaryRunner.run(["capacity", "nosuch-scenario"]).status == 66)
    }
}
