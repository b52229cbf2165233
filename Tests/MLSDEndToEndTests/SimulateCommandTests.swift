import Foundation
import Testing

/// Runs the built `mlsd` binary and checks stdout, stderr and the exit code.
struct SimulateCommandTests {
    struct Output { var status: Int32; var stdout: String; var stderr: String }

    static func mlsd(_ arguments: [String]) throws -> Output {
        let process = Process()
        let directory = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("debug")
        let sameFolder = Bundle.main.bundleURL.appendingPathComponent("mlsd")
        process.executableURL = FileManager.default.isExecutableFile(atPath: sameFolder.path) ? sameFolder : directory.appendingPathComponent("mlsd")
        process.arguments = arguments
        process.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func jsonHasEveryDocumentedFieldAndIsDeterministic() throws {
        let args = ["simulate", "fraud-detection", "--requests", "20k", "--seed", "3", "--format", "json"]
        let a = try Self.mlsd(args), b = try Self.mlsd(args)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        for key in ["seed", "requests", "latency_ms", "throughput_rps", "error_rate", "errors", "availability", "cost", "stable",
                    "bottleneck", "components", "critical_path_p99", "analytic", "requirements"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["seed"] as? Int == 3)
        #expect(json["requests"] as? Int == 18_000)
        let latency = try #require(json["latency_ms"] as? [String: Double])
        #expect(Set(latency.keys) == ["mean", "p50", "p95", "p99", "p999"])
        let components = try #require(json["components"] as? [[String: Any]])
        for key in ["id", "utilization", "mean_wait_ms", "mean_sojourn_ms", "p99_sojourn_ms"] { #expect(components.first?[key] != nil, "component \(key)") }
        let analytic = try #require(json["analytic"] as? [String: Any])
        #expect(analytic["max_qps"] != nil && analytic["latency_ms"] != nil && analytic["components"] != nil)
        let requirement = try #require((json["requirements"] as? [[String: Any]])?.first)
        #expect(Set(requirement.keys) == ["kind", "target", "actual", "unit", "comparison", "pass", "reason", "detail",
                                          "actual_ci95_low", "actual_ci95_high", "straddles_target", "noise_allowance", "within_noise_allowance"])
        #expect(json["intervals"] == nil, "one run has no intervals")
        let errors = try #require(json["errors"] as? [String: Int])
        #expect(Set(errors.keys) == ["timeout", "rejected", "failed"])
        let cost = try #require(json["cost"] as? [String: Double])
        #expect(Set(cost.keys) == ["per_hour", "per_month", "per_million_requests", "offline_per_month"])
        // The offline half: its stages, where the request path reads them, and skew risks.
        let offline = try #require(json["offline"] as? [String: Any])
        #expect(Set(offline.keys) == ["per_month", "training_per_month", "label_delay_seconds", "stages", "served", "skew_risks"])
        #expect(abs((offline["per_month"] as? Double ?? 0) - (cost["offline_per_month"] ?? -1)) < 1e-6)
    }

    /// A run stopped in its overload before any measured call was served reports no time for the
    /// components rather than 0 (it read `100%  0  0  0` for a scorer at 8131 % offered): `–` in
    /// the table, explained under it, and null in the JSON.
    @Test func aComponentNoMeasuredCallReachedHasNoTimes() throws {
        let table = try Self.mlsd(["simulate", "fraud-detection", "--qps", "1M/s"])
        #expect(table.status == 0)
        let scorer = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("scorer ") })
        #expect(scorer.split(separator: " ").prefix(5) == ["scorer", "100%", "–", "–", "–"], "\(scorer)")
        #expect(table.stdout.contains("–: no measured\ncall served there)") || table.stdout.contains("–: no measured call served there)"), "\(table.stdout)")
        let json = try Self.mlsd(["simulate", "fraud-detection", "--qps", "1M/s", "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let components = try #require(root["components"] as? [[String: Any]])
        let c = try #require(components.first { $0["id"] as? String == "scorer" })
        #expect(c["mean_wait_ms"] is NSNull && c["p99_sojourn_ms"] is NSNull && c["mean_sojourn_ms"] is NSNull, "\(c)")
        // A healthy run gives every called component its times, and the table no `–` note.
        let healthy = try Self.mlsd(["simulate", "fraud-detection", "--requests", "20k"])
        #expect(!healthy.stdout.contains("no measured"), "\(healthy.stdout)")
    }

    @Test func tableFitsEightyColumns() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--requests", "20k"])
        #expect(out.status == 0)
        for line in out.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line.count) columns: \(line)") }
        #expect(out.stdout.contains("REQUIREMENT"))
    }

    /// A `--set` that can have no effect or is implausible warns on stderr, and the run goes on (issue #8).
    @Test func noEffectSetWarns() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--requests", "2k", "--set", "rules.optimizations=int8"])
        #expect(out.status == 0)
        #expect(out.stderr == "mlsd: warning: --set rules.optimizations=int8: 'optimizations' on 'rules' are implausible: a rule_engine runs no model, yet its service time is divided by 2.8\n")
        let hit = try Self.mlsd(["simulate", "fraud-detection", "--requests", "2k", "--set", "velocity.hit_ratio=80%"])
        #expect(hit.stderr.contains("'hit_ratio' on cache 'velocity' has no effect without 'on_miss'"), "\(hit.stderr)")
        let quiet = try Self.mlsd(["simulate", "fraud-detection", "--requests", "2k", "--set", "scorer.replicas=8"])
        #expect(quiet.stderr.isEmpty)
    }

    /// The same figure reads the same in the CLI table and the Markdown doc (one formatter), and JSON
    /// and CSV carry the same number (issue #8, Deliver 5).
    @Test func oneFigureReadsTheSameEverywhere() throws {
        let args = ["--requests", "20k", "--seed", "5"]
        let table = try Self.mlsd(["simulate", "fraud-detection"] + args).stdout
        let markdown = try Self.mlsd(["export", "fraud-detection", "--format", "markdown"] + args).stdout
        let json = try Self.mlsd(["simulate", "fraud-detection", "--format", "json"] + args).stdout
        let csv = try Self.mlsd(["simulate", "fraud-detection", "--format", "csv"] + args).stdout
        func cells(_ row: Substring) -> [String] { row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        let rows: [(String, String)] = [("latency_p99", "Latency p99"), ("peak_qps", "Peak load"), ("availability", "Availability"),
                                        ("monthly_budget", "Monthly budget"), ("max_error_rate", "Error rate")]
        for (kind, title) in rows {
            let cli = try #require(table.split(separator: "\n").first { $0.hasPrefix(kind + " ") })
            // The evaluation table's row (the doc's first section also lists the targets alone).
            let doc = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| \(title) |") && cells($0).count == 4 })
            let docCells = cells(doc)
            // CLI: `kind  ≥ target  actual  pass`; doc: `| title | ≥ target | actual | pass |`.
            #expect(cli.contains(docCells[1]) && cli.contains(docCells[2]), "\(cli) vs \(doc)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let p99 = try #require((object["latency_ms"] as? [String: Double])?["p99"])
        let csvP99 = try #require(csv.split(separator: "\n").first { $0.hasPrefix("run,,latency_p99_ms,") }?.split(separator: ",").last)
        #expect(abs((Double(csvP99) ?? 0) - p99) <= abs(p99) * 1e-5, "CSV \(csvP99) vs JSON \(p99)")
    }

    /// `--qps 5k` is 5k/s, as `--requests 5k` is 5,000 requests (it was refused while `5K/s` and
    /// `1e9` were accepted); a rate under 0.005/s prints per hour, not "0/s".
    @Test func aRateWithoutAPeriodIsPerSecond() throws {
        let bare = try Self.mlsd(["simulate", "fraud-detection", "--qps", "5k", "--requests", "10k", "--format", "json"])
        let unit = try Self.mlsd(["simulate", "fraud-detection", "--qps", "5k/s", "--requests", "10k", "--format", "json"])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout == unit.stdout)
        let hourly = try Self.mlsd(["simulate", "blank", "--qps", "1/h", "--requests", "10k"])
        #expect(hourly.stdout.contains("at 1/h"), "\(hourly.stdout.prefix(300))")
    }

    @Test func badSetIsAUsageError() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--set", "scorer.replica=3"])
        #expect(out.status == 64)
        #expect(out.stderr == "mlsd: error: invalid --set 'scorer.replica=3': unknown key 'replica'; did you mean 'replicas'?\n")
        #expect(out.stdout.isEmpty)
    }

    @Test func outageOfAnUnknownComponentIsAUsageError() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--down", "scorr=1@1s-2s"])
        #expect(out.status == 64)
        #expect(out.stderr == "mlsd: error: invalid --down 'scorr=1@1s-2s': no component 'scorr' in the design; did you mean 'scorer'?\n")
    }

    @Test func slowAndHitRatioFaultsAreCheckedLikeOutages() throws {
        let notCache = try Self.mlsd(["simulate", "feed-ranking", "--hit-ratio", "posts_db=50%@1s-2s"])
        #expect(notCache.status == 64)
        #expect(notCache.stderr == "mlsd: error: invalid --hit-ratio 'posts_db=50%@1s-2s': 'posts_db' is not a cache with on_miss; expected the id of a cache with on_miss such as inbox\n")
        // A cache without on_miss is a cache: the message says what it lacks (it read "is not a cache").
        let noMiss = try Self.mlsd(["simulate", "fraud-detection", "--hit-ratio", "velocity=50%@1s-2s"])
        #expect(noMiss.stderr == "mlsd: error: invalid --hit-ratio 'velocity=50%@1s-2s': 'velocity' is a cache without on_miss (it answers every call itself); expected the id of a cache with on_miss (this design has none)\n")
        let badFactor = try Self.mlsd(["simulate", "fraud-detection", "--slow", "scorer=0.5x@1s-2s"])
        #expect(badFactor.status == 64)
        #expect(badFactor.stderr.contains("invalid --slow 'scorer=0.5x@1s-2s': expected a slow-down factor from 1x to 1000x"))
        let unknown = try Self.mlsd(["simulate", "fraud-detection", "--slow", "scorr=2x@1s-2s"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "mlsd: error: invalid --slow 'scorr=2x@1s-2s': no component 'scorr' in the design; did you mean 'scorer'?\n")
    }

    /// The scorer 3× slower for 2 s of 8: its 40 ms timeout sends calls to the fallback inside the
    /// window; compare names the change as the option that makes it.
    @Test func compareAppliesASlowdownAndAHitRatioDrop() throws {
        let out = try Self.mlsd(["compare", "fraud-detection", "--slow", "scorer=3x@3s-5s", "--duration", "8s"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("--slow scorer=3x@3s-5s"), "\(out.stdout)")
        let json = try Self.mlsd(["simulate", "feed-ranking", "--hit-ratio", "inbox=50%@2s-4s", "--duration", "6s", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let fault = try #require((object["outages"] as? [[String: Any]])?.first)
        #expect(fault["kind"] as? String == "hit_ratio")
        #expect(fault["hit_ratio"] as? Double == 0.5)
        #expect(fault["replicas_down"] as? Int == 0)
    }

    @Test func missingScenarioExits66() throws {
        let out = try Self.mlsd(["simulate", "no-such-scenario"])
        #expect(out.status == 66)
    }

    @Test func compareShowsBothRunsAndTheChange() throws {
        let out = try Self.mlsd(["compare", "fraud-detection", "--set", "scorer.replicas=16", "--requests", "20k"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("B: Scenarios/fraud-detection.yaml with scorer.replicas=16"))
        #expect(out.stdout.contains("CHANGE"))
        for line in out.stdout.split(separator: "\n") { #expect(line.count <= 80) }
    }

    /// compare of an LLM design shows its TTFT and TPOT (it had no row for them) and leaves out
    /// the offline stages, which take no requests (nine rows of 0% on both sides), saying so.
    @Test func compareOfAnLLMDesignShowsTokensAndLeavesOutOfflineStages() throws {
        let out = try Self.mlsd(["compare", "support-chat", "--set", "agents.replicas=220", "--requests", "3k"])
        #expect(out.status == 0, "\(out.stderr)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        for row in ["TTFT p50 ", "TTFT p99 ", "TPOT p50 ", "TPOT p99 "] { #expect(lines.contains { $0.hasPrefix(row) && $0.hasSuffix("%") }, "\(row)") }
        #expect(!lines.contains { $0.hasPrefix("router_training ") || $0.hasPrefix("llm_finetune ") }, "\(out.stdout)")
        #expect(lines.contains("(9 offline stages not listed: they take no requests)"))
        #expect(lines.contains { $0.hasPrefix("handoff ") && $0.contains("<0.01%") })
        // A design without an LLM has no token rows.
        let plain = try Self.mlsd(["compare", "fraud-detection", "--set", "scorer.replicas=16", "--requests", "5k"])
        #expect(!plain.stdout.contains("TTFT") && !plain.stdout.contains("TPOT"))
        for line in out.stdout.split(separator: "\n") { #expect(line.count <= 80) }
    }

    /// An LLM server's UTIL is its load's share of capacity, as ≈UTIL and the bottleneck line say:
    /// rag-assistant's row read 1.85% beside ≈UTIL 34.9% and "bottleneck llm (35.1% of its capacity)".
    @Test func anLLMServersUtilisationIsItsShareOfCapacity() throws {
        let out = try Self.mlsd(["simulate", "rag-assistant", "--requests", "5k"])
        #expect(out.status == 0, "\(out.stderr)")
        let row = try #require(out.stdout.split(separator: "\n").first { $0.hasPrefix("llm ") }).split(separator: " ")
        let util = try #require(Double(row[1].dropLast())), analytic = try #require(Double(row[row.count - 3].dropLast()))
        #expect(abs(util - analytic) < 3, "\(row)")
        #expect(out.stdout.contains("(an llm_server's UTIL is the share of its capacity its load asks for"))
        let plain = try Self.mlsd(["simulate", "fraud-detection", "--requests", "5k"])
        #expect(!plain.stdout.contains("llm_server's UTIL"))
    }

    @Test func compareAppliesAnOutageToTheSecondRunOnly() throws {
        let out = try Self.mlsd(["compare", "fraud-detection", "--down", "scorer=12@3s-4s", "--duration", "8s", "--format", "json"])
        #expect(out.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let a = try #require(json["a"] as? [String: Any]), b = try #require(json["b"] as? [String: Any])
        #expect((a["outages"] as? [Any])?.isEmpty == true)
        #expect((b["outages"] as? [Any])?.count == 1)
        let pa = try #require((a["latency_ms"] as? [String: Double])?["p99"]), pb = try #require((b["latency_ms"] as? [String: Double])?["p99"])
        #expect(pb > pa)
    }

    @Test func csvHasAHeaderAndOneMetricPerRow() throws {
        let out = try Self.mlsd(["simulate", "fraud-detection", "--requests", "10k", "--format", "csv"])
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.first == "scope,id,metric,value")
        #expect(lines.contains { $0.hasPrefix("run,,latency_p99_ms,") })
        #expect(lines.dropFirst().allSatisfy { Self.csvFields(String($0)).count == 4 }, "\(lines.filter { Self.csvFields(String($0)).count != 4 })")
        // Counts are integers, figures at most 6 significant digits (README "Formats").
        #expect(lines.contains("run,,seed,42") && lines.contains("run,,requests,9000"))
        #expect(lines.contains { $0.hasPrefix("run,,errors_timeout,") && Int($0.split(separator: ",").last ?? "") != nil })
        for line in lines.dropFirst() {
            let value = Self.csvFields(String(line))[3]
            guard let v = Double(value), value.contains(".") else { continue }
            #expect(value.filter(\.isNumber).drop { $0 == "0" }.count <= 6, "\(line)")
            #expect(v.isFinite)
        }
        // A failed requirement's reason is one quoted text field.
        let small = try Self.mlsd(["simulate", "fraud-detection", "--requests", "2k", "--format", "csv", "--set", "scorer.timeout=1ms", "--set", "scorer.fallback=none"])
        #expect(small.stdout.split(separator: "\n").contains { $0 == "requirement,latency_p50,reason,cannot judge: 0 successful answers (100% timed out)" })
    }

    /// Nothing answered: the machine formats say "no figure" (JSON `null`, an empty CSV cell) where
    /// they printed a latency of 0 ms, and `compare` shows `–` with no change (its delta was B − 0).
    @Test func nothingAnsweredHasNoLatencyInJSONCSVOrCompare() throws {
        let sets = ["--set", "scorer.timeout=1ms", "--set", "scorer.fallback=none", "--set", "scorer.retries=0"]
        let json = try Self.mlsd(["simulate", "fraud-detection", "--requests", "10k", "--format", "json"] + sets)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["successes"] as? Int == 0)
        let latency = try #require(document["latency_ms"] as? [String: Any])
        #expect(Set(latency.keys) == ["mean", "p50", "p95", "p99", "p999"] && latency.values.allSatisfy { $0 is NSNull }, "\(latency)")
        let cost = try #require(document["cost"] as? [String: Any])
        #expect(cost["per_million_requests"] is NSNull, "the key is there, null: \(cost)")
        let csv = try Self.mlsd(["simulate", "fraud-detection", "--requests", "10k", "--format", "csv"] + sets)
        for metric in ["mean", "p50", "p95", "p99", "p999"] {
            #expect(csv.stdout.split(separator: "\n").contains { $0 == "run,,latency_\(metric)_ms," }, "\(metric)")
        }
        // B (the changed design) answers nothing: its latency is "–", and there is no change.
        let compare = try Self.mlsd(["compare", "fraud-detection", "--requests", "10k"] + sets)
        let rows = compare.stdout.split(separator: "\n").map(String.init)
        let p99 = try #require(rows.first { $0.hasPrefix("latency p99 ") })
        #expect(p99.trimmingCharacters(in: .whitespaces).hasSuffix("–"), "\(p99)")
        #expect(!p99.contains("%"), "no change against a side without latency: \(p99)")
        let delta = try Self.mlsd(["compare", "fraud-detection", "--requests", "10k", "--format", "json"] + sets)
        let deltaDocument = try #require(try JSONSerialization.jsonObject(with: Data(delta.stdout.utf8)) as? [String: Any])
        let deltaLatency = try #require((deltaDocument["delta"] as? [String: Any])?["latency_ms"] as? [String: Any])
        #expect(deltaLatency.values.allSatisfy { $0 is NSNull }, "\(deltaLatency)")
    }

    /// Fields of one CSV row (RFC 4180 quoting).
    static func csvFields(_ row: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(row)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false } } else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
