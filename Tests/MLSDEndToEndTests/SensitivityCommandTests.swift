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

    /// A component with no service time has no service-time row, and says why (the row was dropped
    /// without a word).
    @Test func aZeroServiceTimeSaysWhyItHasNoRow() throws {
        let r = try BinaryRunner.run(["sensitivity", "fraud-detection", "--set", "scorer.latency=0ms", "--requests", "10k"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("No service-time row for scorer: its service time is 0, which ±20% leaves 0."), "\(r.stdout)")
        let plain = try BinaryRunner.run(["sensitivity", "fraud-detection", "--requests", "10k"])
        #expect(!plain.stdout.contains("No service-time row"))
    }

    /// The CSV columns, as README "Sensitivity" documents them.
    static let csvHeader = ["rank", "component", "parameter", "direction", "label", "p99_ms", "error_rate", "cost_per_month_usd", "stable", "within_noise"]

    /// Whether a CSV row's figures are a JSON outcome's (`base`, `at_down`, `at_up`).
    static func figuresMatch(_ row: [String], _ outcome: [String: Any]) -> Bool {
        row.count == csvHeader.count && Double(row[5]) == outcome["p99_ms"] as? Double && Double(row[6]) == outcome["error_rate"] as? Double
            && Double(row[7]) == outcome["cost_per_month_usd"] as? Double && row[8] == (outcome["stable"] as? Bool == true ? "1" : "0")
            && row[9] == (outcome["within_noise"] as? Bool == true ? "1" : "0")
    }

    /// `--format csv`: the base, then a row per side of each bar in the tornado's order, with the
    /// JSON's figures for the same run.
    @Test func csvIsOneRowPerBarSideWithTheJSONFigures() throws {
        let arguments = ["sensitivity", "fraud-detection", "--requests", "10k"]
        let csv = try BinaryRunner.run(arguments + ["--format", "csv"])
        let json = try BinaryRunner.run(arguments + ["--format", "json"])
        #expect(csv.status == 0 && json.status == 0, "\(csv.stderr)")
        let rows = csv.csvRows
        #expect(rows.first == Self.csvHeader, "\(csv.stdout)")
        #expect(rows.allSatisfy { $0.count == Self.csvHeader.count }, "\(csv.stdout)")
        let object = try #require(json.jsonObject)
        let base = try #require(object["base"] as? [String: Any])
        let bars = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 2 + 2 * bars.count, "every side ran: \(csv.stdout)")
        let baseRow = try #require(rows.dropFirst().first)
        #expect(Array(baseRow.prefix(5)) == ["0", "", "", "base", ""] && Self.figuresMatch(baseRow, base), "\(baseRow)")
        var k = 2
        for (rank, bar) in bars.enumerated() {
            for (direction, label, outcome) in [("down", "down", "at_down"), ("up", "up", "at_up")] {
                let row = rows[k]
                k += 1
                let expected = ["\(rank + 1)", bar["component"] as? String ?? "?", bar["parameter"] as? String ?? "?", direction, bar[label] as? String ?? "?"]
                #expect(Array(row.prefix(5)) == expected, "\(row)")
                #expect(Self.figuresMatch(row, try #require(bar[outcome] as? [String: Any])), "\(row)")
            }
        }
    }

    /// A component id that starts like a formula (`-api`) is defused, as in `mlsd simulate
    /// --format csv`; a side that did not run (one replica cannot go lower) has no row.
    @Test func csvDefusesAComponentNamedLikeAFormulaAndLeavesOutASideNotRun() throws {
        let yaml = BinaryRunner.dashDesign
        let r = try BinaryRunner.run(["sensitivity", "-", "--requests", "10k", "--format", "csv"], input: yaml)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.csvRows
        // The base, two sides of the service time and one of the replicas (1→0 is not a design).
        #expect(rows.count == 5 && Set(rows.dropFirst(2).map { Array($0[1...4]) }) == [
            ["'-api", "service time", "down", "×0.8"], ["'-api", "service time", "up", "×1.2"], ["'-api", "replicas", "up", "1→2"],
        ], "\(r.stdout)")
        #expect(r.stdout.contains("\n1,'-api,") && !r.stdout.contains(",-api,"), "\(r.stdout)")
    }

    /// `--qps` analyses at that rate, as `--set workload.qps=…` does (it was "Did you mean '--by'?").
    @Test func qpsIsTheRateToAnalyseAt() throws {
        let common = ["sensitivity", "fraud-detection", "--requests", "10k", "--by", "50%", "--format", "json", "--jobs", "1"]
        let byQPS = try BinaryRunner.run(common + ["--qps", "3k/s"])
        let bySet = try BinaryRunner.run(common + ["--set", "workload.qps=3k/s"])
        let base = try BinaryRunner.run(common)
        #expect(byQPS.status == 0 && bySet.status == 0, "\(byQPS.stderr) \(bySet.stderr)")
        #expect(byQPS.stdout == bySet.stdout)
        #expect(byQPS.stdout != base.stdout)
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--by", "0%"], ["--by", "95%"], ["--by", "abc"], ["--requests", "1k"], ["--jobs", "0"], ["--set", "x.replicas=2"],
                          ["--qps", "-5"], ["--qps", "fast"]] {
            let r = try BinaryRunner.run(["sensitivity", "fraud-detection"] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
    }
}
