import Foundation
import Testing

/// `mlsd simulate --replications` and `--precision` as a user runs them (issue #8, Deliver 3).
@Suite("mlsd simulate --replications, --precision") struct ReplicationCommandTests {
    static func mlsd(_ arguments: [String]) throws -> SimulateCommandTests.Output { try SimulateCommandTests.mlsd(arguments) }

    struct BadOption: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        BadOption(arguments: ["--precision", "0%"], message: "mlsd: error: invalid --precision '0%': expected a percentage above 0% and at most 50%, such as 2%"),
        BadOption(arguments: ["--precision", "abc"], message: "mlsd: error: invalid --precision 'abc': expected a percentage above 0% and at most 50%, such as 2%"),
        BadOption(arguments: ["--precision", "2"], message: "mlsd: error: invalid --precision '2': expected a percentage above 0% and at most 50%, such as 2%"),
        BadOption(arguments: ["--precision", "60%"], message: "mlsd: error: invalid --precision '60%': expected a percentage above 0% and at most 50%, such as 2%"),
        BadOption(arguments: ["--replications", "0"], message: "mlsd: error: invalid --replications '0': expected 2 to 1000 (one run has no interval: leave the option out)"),
        BadOption(arguments: ["--replications", "1"], message: "mlsd: error: invalid --replications '1': expected 2 to 1000 (one run has no interval: leave the option out)"),
        BadOption(arguments: ["--replications", "2", "--jobs", "0"], message: "mlsd: error: invalid --jobs '0': expected 1 to 1024"),
        BadOption(arguments: ["--jobs", "2"], message: "mlsd: error: --jobs runs replications at once: give --replications or --precision as well"),
    ])
    func badValuesAreUsageErrors(_ bad: BadOption) throws {
        let out = try Self.mlsd(["simulate", "fraud-detection"] + bad.arguments)
        #expect(out.status == 64)
        #expect(out.stderr.split(separator: "\n").first.map(String.init) == bad.message)
        #expect(out.stdout.isEmpty)
    }

    /// Every replication runs the whole length, so the total is bounded like one run's.
    @Test func replicationsTimesRequestsIsBounded() throws {
        let fixed = try Self.mlsd(["simulate", "fraud-detection", "--replications", "20", "--requests", "1000M"])
        #expect(fixed.status == 64)
        #expect(fixed.stderr == "mlsd: error: invalid --requests '1000M': 20 replications of it exceed 10000000000 requests\n")
        let capped = try Self.mlsd(["simulate", "fraud-detection", "--precision", "2%", "--requests", "200M"])
        #expect(capped.status == 64)
        #expect(capped.stderr == "mlsd: error: invalid --requests '200M': 100 replications of it exceed 10000000000 requests\n")
    }

    @Test func tableShowsEveryHeadlineFigureWithItsIntervalInEightyColumns() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--replications", "3", "--requests", "10k", "--seed", "4"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        #expect(lines[1] == "27,000 requests in 3 replications at 5k/s, seeds from 4, 3,000 warm-up discarded")
        #expect(lines[2] == "±: 95% confidence interval half-width, Student t over 3 replications")
        let latency = try #require(lines.firstIndex { $0.hasPrefix("Latency ms  ") })
        for figure in ["mean", "p50", "p95"] { #expect(lines[latency].contains(" \(figure) "), "\(figure)") }
        for figure in ["p99", "p99.9"] { #expect(lines[latency + 1].contains(" \(figure) "), "\(figure)") }
        #expect(lines[latency].components(separatedBy: " ± ").count == 4)
        #expect(lines[latency + 1].components(separatedBy: " ± ").count == 3)
        for prefix in ["Answered", "Throughput", "Cost"] {
            #expect(lines.first { $0.hasPrefix(prefix) }?.contains(" ± ") == true, "\(prefix)")
        }
        // No replication failed a request: not "0% ± 0%", which reads as a certainty.
        #expect(lines.first { $0.hasPrefix("Errors") }?.hasPrefix("Errors      0% in every replication (") == true, "\(lines)")
    }

    /// Same seed, same output, whatever the number of jobs.
    @Test func outputIsIdenticalForAnyNumberOfJobs() throws {
        let base = ["simulate", "fraud-detection", "--replications", "4", "--requests", "5k", "--format", "json"]
        let one = try Self.mlsd(base + ["--jobs", "1"])
        let two = try Self.mlsd(base + ["--jobs", "2"])
        let three = try Self.mlsd(base + ["--jobs", "3"])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.stdout == three.stdout)
    }

    @Test func precisionReportsWhatItReached() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--precision", "5%", "--requests", "10k", "--format", "json"])
        #expect(out.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let intervals = try #require(json["intervals"] as? [String: Any])
        let precision = try #require(intervals["precision"] as? [String: Any])
        #expect(precision["target"] as? Double == 0.05)
        #expect(precision["max_replications"] as? Int == 100)
        #expect(precision["reached"] as? Bool == true)
        #expect(precision["stopped_because"] is NSNull)
        let p99 = try #require((intervals["latency_ms"] as? [String: Any])?["p99"] as? [String: Double])
        let half = (p99["ci95_high"]! - p99["ci95_low"]!) / 2
        #expect(half <= 0.05 * p99["value"]!)
        #expect((intervals["replications"] as? Int ?? 0) >= 8)
    }

    /// A cap reached is said in the table and as a warning, not hidden.
    @Test func aPrecisionThatCannotBeReachedSaysWhy() throws {
        let out = try Self.mlsd(["simulate", "Examples/retry-storm.yaml", "--precision", "1%", "--replications", "2", "--requests", "3k"])
        #expect(out.status == 0)
        let text = out.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("precision 1% NOT reached: p99 ±"))
        #expect(text.contains("stopped because the design is unstable"))
        #expect(text.contains("warning: precision 1% not reached"))
    }

    /// `mlsd compare --replications`: both sides on the same seeds, each change with its paired interval.
    @Test func compareGivesEachChangeItsPairedInterval() throws {
        let args = ["compare", "fraud-detection", "--set", "scorer.replicas=8", "--replications", "3", "--requests", "5k"]
        let out = try Self.mlsd(args)
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        #expect(lines[2] == "13,500 requests each in 3 replications, seeds from 42 (figures: their means)")
        #expect(lines[3] == "CHANGE ±: 95% interval of B − A, paired t over replications on the same seeds;")
        for row in ["latency p99 ", "throughput ", "error rate "] {
            #expect(lines.first { $0.hasPrefix(row) }?.contains(" ± ") == true, "\(row)")
        }
        #expect(lines.first { $0.hasPrefix("cost per month") }?.contains("±") == false, "no spread in a cost")
        let json = try Self.mlsd(args + ["--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let p99 = try #require(((doc["delta_ci95"] as? [String: Any])?["latency_ms"] as? [String: Any])?["p99"] as? [String: Double])
        let delta = try #require(((doc["delta"] as? [String: Any])?["latency_ms"] as? [String: Double])?["p99"])
        #expect(abs(p99["value"]! - delta) < 1e-9)
        #expect(p99["ci95_low"]! <= p99["value"]! && p99["value"]! <= p99["ci95_high"]!)
        let single = try Self.mlsd(["compare", "fraud-detection", "--set", "scorer.replicas=8", "--requests", "2k", "--format", "json"])
        #expect(single.stdout.contains("\"delta_ci95\": null"))
    }

    @Test func csvCarriesTheIntervalRows() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--replications", "2", "--requests", "5k", "--format", "csv"])
        #expect(out.status == 0)
        for metric in ["latency_mean_ms", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_p999_ms", "throughput_rps",
                       "error_rate", "degraded_share", "cost_per_million_requests"] {
            #expect(out.stdout.contains("\ninterval,,\(metric)_ci95_low,"), "\(metric)")
            #expect(out.stdout.contains("\ninterval,,\(metric)_ci95_high,"), "\(metric)")
        }
        #expect(out.stdout.contains("\ninterval,,replications,2\n"))
    }
}
