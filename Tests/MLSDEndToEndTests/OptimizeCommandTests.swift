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

    /// The CSV columns, as README "Optimize" documents them.
    static let csvHeader = ["design", "option", "set", "cost_per_month_usd", "cost_per_million_requests_usd", "p99_ms", "pass",
                            "within_budget", "pareto", "answer", "confirmed", "runs", "reason"]

    /// A CSV row as a dictionary by column.
    static func cells(_ row: [String]) -> [String: String] { Dictionary(uniqueKeysWithValues: zip(csvHeader, row)) }

    /// Whether a CSV row is a JSON candidate (`best`, `as_written`, `candidates[]`): the same
    /// options, changes, figures and verdict.
    static func rowMatches(_ row: [String: String], _ c: [String: Any]) -> Bool {
        let flag = { (key: String) in c[key] as? Bool == true ? "1" : "0" }
        let number = { (key: String) in row[key].flatMap(Double.init) }
        return row["option"] == (c["option"] as? String ?? "") && row["set"] == (c["set"] as? [String])?.joined(separator: " ")
            && number("cost_per_month_usd") == c["cost_per_month_usd"] as? Double
            && number("cost_per_million_requests_usd") == c["cost_per_million_requests_usd"] as? Double
            && number("p99_ms") == c["p99_ms"] as? Double && row["pass"] == flag("passes") && row["confirmed"] == flag("confirmed")
            && row["runs"] == (c["runs"] as? Int).map(String.init) && row["reason"] == (c["reason"] as? String ?? "")
    }

    /// `--format csv`: each combination's cheapest design in the table's order, then the design as
    /// written, each with the JSON's figures for the same run; `answer` marks JSON's `best`, which
    /// is on the Pareto front.
    @Test func csvIsTheCandidateTableWithTheJSONFigures() throws {
        let arguments = ["optimize", "fraud-detection", "--requests", "10k"]
        let csv = try BinaryRunner.run(arguments + ["--format", "csv"])
        let json = try BinaryRunner.run(arguments + ["--format", "json"])
        #expect(csv.status == 0 && json.status == 0, "\(csv.stderr)")
        let rows = csv.csvRows
        #expect(rows.first == Self.csvHeader, "\(csv.stdout)")
        #expect(rows.allSatisfy { $0.count == Self.csvHeader.count }, "\(csv.stdout)")
        let object = try #require(json.jsonObject)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        let table = rows.dropFirst().map(Self.cells)
        #expect(table.count == candidates.count + 1 && candidates.count > 1, "\(csv.stdout)")
        for (row, candidate) in zip(table, candidates) {
            #expect(row["design"] == "candidate" && Self.rowMatches(row, candidate), "\(row) against \(candidate)")
            #expect(row["within_budget"] == "1", "fraud-detection's $40,000 budget: \(row)")
        }
        let written = try #require(table.last)
        #expect(written["design"] == "as_written" && written["pareto"] == "" && written["answer"] == "0", "\(written)")
        #expect(Self.rowMatches(written, try #require(object["as_written"] as? [String: Any])), "\(written)")
        let answers = table.filter { $0["answer"] == "1" }
        let best = try #require(object["best"] as? [String: Any])
        #expect(answers.count == 1 && answers.allSatisfy { Self.rowMatches($0, best) }, "\(csv.stdout)")
        #expect(answers.first?["pareto"] == "1" && answers.first?["pass"] == "1")
        // The ◆ rows of the table are the pareto rows.
        let text = try BinaryRunner.run(arguments)
        let marked = text.stdout.split(separator: "\n").filter { $0.hasPrefix("◆ ") }.count
        #expect(marked > 0 && table.filter { $0["pareto"] == "1" }.count == marked, "\(text.stdout)")
    }

    /// The search minimises cost, so it judges the budget last: when even its cheapest design is
    /// over the budget, no design meets every requirement. It said "Answer $2,958/month", "As
    /// written … passes" and exited 0 while simulate said the budget FAILs.
    @Test func anAnswerOverTheBudgetIsNoAnswer() throws {
        let entry = try String(contentsOf: BinaryRunner.root.appendingPathComponent("Scenarios/fraud-detection.yaml"), encoding: .utf8)
        let yaml = entry.replacingOccurrences(of: "monthly_budget: \"$40000\"", with: "monthly_budget: \"$500\"")
        #expect(yaml != entry)
        let r = try BinaryRunner.run(["optimize", "-", "--requests", "10k"], input: yaml)
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Answer      none within the $500/month budget: the cheapest design meeting the") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("As written ") && $0.contains("passes all but the budget") }, "\(r.stdout)")
        let json = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "json"], input: yaml)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["best_within_budget"] as? Bool == false && object["budget_usd_per_month"] as? Double == 500)
        // As CSV it exits 1 too, and no row is the answer: the cheapest passing one is over the budget.
        let csv = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "csv"], input: yaml)
        #expect(csv.status == 1, "\(csv.stderr)")
        let table = csv.csvRows.dropFirst().map(Self.cells)
        #expect(!table.isEmpty && table.allSatisfy { $0["answer"] == "0" }, "\(csv.stdout)")
        let cheapest = try #require(table.first)
        #expect(cheapest["pass"] == "1" && cheapest["within_budget"] == "0", "\(cheapest)")
        #expect(Self.rowMatches(cheapest, try #require(object["best"] as? [String: Any])), "\(cheapest)")
        // Within the budget, the answer is the answer.
        let fine = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--format", "json"])
        let ok = try #require(try JSONSerialization.jsonObject(with: Data(fine.stdout.utf8)) as? [String: Any])
        #expect(fine.status == 0 && ok["best_within_budget"] as? Bool == true)
    }

    /// Without a model server the search changes replicas only: the JSON `option` is null (it was
    /// ""), as the report's "replicas only (no model server)" says; the design as written is "as written".
    @Test func aReplicasOnlyCandidateHasANullOption() throws {
        let yaml = """
        name: Replicas only
        requirements:
          peak_qps: 500/s
          latency: { p99: 55ms }
        design:
          entry: api
          components:
            api: { kind: station, replicas: 2, latency: { exponential: 10ms } }
        """
        let json = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "json"], input: yaml)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let best = try #require(object["best"] as? [String: Any])
        #expect(best["option"] is NSNull, "\(best)")
        #expect((best["set"] as? [String])?.allSatisfy { $0.hasPrefix("api.replicas=") } == true, "\(best)")
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.allSatisfy { $0["option"] is NSNull })
        #expect((object["as_written"] as? [String: Any])?["option"] as? String == "as written")
        let text = try BinaryRunner.run(["optimize", "-", "--requests", "10k"], input: yaml)
        #expect(text.stdout.contains("Options     replicas only (no model server)"))
    }

    /// Two model servers with long names: each row's options are longer than their column. They go
    /// on below, broken between servers, so every row shows its whole combination (the column cut
    /// them at 33 characters, and rows that shared a first server read the same), and the figures
    /// stay under their headings.
    @Test func longOptionsWrapBetweenServersAndTheColumnsStayAligned() throws {
        let yaml = """
        name: Two scorers
        requirements:
          latency: { p99: 200ms }
        design:
          entry: api
          workload: { qps: 200/s }
          components:
            api:
              kind: station
              latency: { constant: 1ms }
              calls: [{ sequence: [payment_risk_scorer, account_takeover_scorer] }]
            payment_risk_scorer: { kind: model_server, size: small, replicas: 4 }
            account_takeover_scorer: { kind: model_server, size: small, replicas: 4 }
        """
        let r = try BinaryRunner.run(["optimize", "-", "--requests", "10k"], input: yaml)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("  OPTIONS") })
        let costColumn = try #require(lines[header].range(of: "$/MONTH")).lowerBound.utf16Offset(in: lines[header])
        let p99Column = try #require(lines[header].range(of: "P99")).lowerBound.utf16Offset(in: lines[header])
        let json = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "json"], input: yaml)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count > 2)
        // Rows in order: a row (with a cost under $/MONTH), then its options' continuation lines.
        var k = header + 1
        for candidate in candidates {
            let option = try #require(candidate["option"] as? String)
            #expect(option.count > 33, "\(option)")
            let row = lines[k]
            let chars = Array(row)
            #expect(chars.count > p99Column && chars[costColumn - 1] == " " && (chars[costColumn] == "$" || chars[costColumn] == "–"), "cost under its heading: \(row)")
            #expect(chars[p99Column - 1] == " " && chars[p99Column].isNumber, "p99 under its heading: \(row)")
            var text = String(chars[2..<(costColumn - 1)]).trimmingCharacters(in: .whitespaces)
            k += 1
            while k < lines.count, lines[k].hasPrefix("  "), !lines[k].hasPrefix("    "), lines[k].count <= costColumn {
                text += " " + lines[k].trimmingCharacters(in: .whitespaces)
                k += 1
            }
            #expect(text == option, "the whole combination is shown: \(text)")
            #expect(!text.hasSuffix(",") && !text.contains(",,"))
            while k < lines.count, lines[k].hasPrefix("    ") { k += 1 }   // a failing row's reason
        }
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits 80 columns")
        // In CSV each combination's options, which hold a comma, are one quoted cell that reads back as JSON's.
        let csv = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "csv"], input: yaml)
        #expect(csv.status == json.status, "\(csv.stderr)")
        let rows = csv.csvRows
        #expect(rows.allSatisfy { $0.count == Self.csvHeader.count }, "\(csv.stdout)")
        #expect(rows.dropFirst().prefix(candidates.count).map { $0[1] } == candidates.map { $0["option"] as? String ?? "?" }, "\(csv.stdout)")
        #expect(csv.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("candidate,\"") || $0.hasPrefix("as_written,") }, "\(csv.stdout)")
    }

    /// --qps replaces peak_qps as the load to sustain: at 5k/m (83/s) fraud-detection needs one
    /// scorer, not the five its 5k/s peak takes (it was sized for the peak whatever --qps said).
    /// The reproduction carries the load and the peak it replaced (without the peak, `compare`
    /// judged the written 5k/s and failed it), and its analytic capacity is stated.
    @Test func qpsReplacesThePeakAndTheReproductionCarriesIt() throws {
        let r = try BinaryRunner.run(["optimize", "fraud-detection", "--qps", "5k/m", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let best = try #require(object["best"] as? [String: Any])
        #expect((best["set"] as? [String])?.contains("scorer.replicas=1") == true, "\(best)")
        let sets = try #require(object["reproduce_set"] as? [String])
        #expect(Array(sets.suffix(2)) == ["workload.qps=83.3333/s", "requirements.peak_qps=83.3333/s"], "\(sets)")
        let capacity = try #require(object["best_analytic_capacity_qps"] as? Double)
        #expect(capacity > 83.4)
        // Reproduced with simulate: it passes at that load and costs what was printed.
        let check = try BinaryRunner.run(["simulate", "fraud-detection", "--format", "json"] + sets.flatMap { ["--set", $0] })
        let result = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let costs = try #require(result["cost"] as? [String: Any])
        #expect(abs((costs["per_month"] as? Double ?? 0) - (best["cost_per_month_usd"] as? Double ?? -1)) < 1)
        let requirements = try #require(result["requirements"] as? [[String: Any]])
        #expect(requirements.contains { $0["kind"] as? String == "peak_qps" })
        #expect(requirements.allSatisfy { $0["pass"] as? Bool == true }, "\(requirements)")
    }

    /// --headroom sizes for the load plus a margin; --set changes the design first, and the
    /// reproduction starts with those changes.
    @Test func headroomAndSetShapeTheSearch() throws {
        let plain = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--format", "json"])
        let roomy = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--headroom", "50%", "--set", "scorer.timeout=30ms", "--format", "json"])
        #expect(plain.status == 0 && roomy.status == 0, "\(roomy.stderr)")
        let a = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(roomy.stdout.utf8)) as? [String: Any])
        #expect(a["qps"] as? Double == 5_000 && b["qps"] as? Double == 7_500 && b["load_qps"] as? Double == 5_000)
        let capacityA = try #require(a["best_analytic_capacity_qps"] as? Double), capacityB = try #require(b["best_analytic_capacity_qps"] as? Double)
        #expect(capacityA >= 5_000 && capacityB >= 7_500)
        let sets = try #require(b["reproduce_set"] as? [String])
        #expect(sets.first == "scorer.timeout=30ms" && Array(sets.suffix(2)) == ["workload.qps=7500/s", "requirements.peak_qps=7500/s"], "\(sets)")
        let text = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--headroom", "50%"])
        #expect(text.stdout.contains("at 7.5k/s (5k/s + 50% headroom)"), "\(text.stdout)")
        #expect(text.stdout.contains("Capacity    "))
    }

    /// The answer is confirmed by a run as long as `mlsd simulate`'s (200k requests; the search's
    /// are 23k): its figures are that run's, so `mlsd simulate` with its changes and no
    /// --requests gives the same p99 and passes (a design at ρ = 0.98 has a p99 that grows with
    /// the run: simulate's 200k requests read 41 ms against the search's 33.5 ms, and support-chat's
    /// answer, sized on 23k, failed six requirements at 200k). The printed command needs no
    /// --requests then, and pastes whole into a shell. A --set of what the search covers is
    /// reported as its starting point and left out of the reproduction; a design too slow even
    /// at a tenth of the load says so.
    @Test func theAnswerIsConfirmedAtSimulatesLengthAndDropsSearchedSettings() throws {
        let r = try BinaryRunner.run(["optimize", "fraud-detection", "--set", "scorer.hardware=gpu", "--set", "scorer.timeout=30ms", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let sets = try #require(object["reproduce_set"] as? [String])
        #expect(sets.first == "scorer.timeout=30ms" && !sets.contains("scorer.hardware=gpu"), "\(sets)")
        #expect(object["requests_per_run"] as? Int == 23_000 && object["confirmation_requests"] as? Int == 200_000, "\(object)")
        let best = try #require(object["best"] as? [String: Any])
        #expect(best["confirmed"] as? Bool == true, "\(best)")
        let check = try BinaryRunner.run(["simulate", "fraud-detection", "--format", "json"] + sets.flatMap { ["--set", $0] })
        let result = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let latency = try #require(result["latency_ms"] as? [String: Any])
        #expect(abs((latency["p99"] as? Double ?? 0) - (best["p99_ms"] as? Double ?? -1)) < 0.01, "the same p99: \(latency), \(best)")
        let requirements = try #require(result["requirements"] as? [[String: Any]])
        #expect(!requirements.isEmpty && requirements.allSatisfy { $0["pass"] as? Bool == true }, "\(requirements)")
        let text = try BinaryRunner.run(["optimize", "fraud-detection", "--set", "scorer.hardware=gpu"])
        #expect(text.stdout.contains("Searched    --set scorer.hardware=gpu: the search covers it"), "\(text.stdout)")
        #expect(text.stdout.contains("Confirmed   by a run of 200,000 requests"), "\(text.stdout)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "Reproduce:"))
        #expect(lines[start + 1].hasPrefix("  mlsd compare fraud-detection --set "), "\(lines[start + 1])")
        // Every line but the last ends in " \\"; no option is parted from its value.
        let command = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }
        #expect(command.dropLast().allSatisfy { $0.hasSuffix(" \\") } && !(command.last ?? "").hasSuffix("\\"), "\(command)")
        #expect(command.allSatisfy { !$0.hasSuffix("--set \\") }, "\(command)")
        let slow = try BinaryRunner.run(["optimize", "fraud-detection", "--set", "scorer.latency=100ms", "--requests", "10k"])
        #expect(slow.status == 1)
        #expect(slow.stdout.contains("Answer      none: every combination fails even at a tenth of the load"), "\(slow.stdout)")
    }

    /// The Reproduce command pastes into a shell as it reads: a change with a `$` in it is single
    /// quoted (bare, bash turned `monthly_budget=$500` into `monthly_budget=00`, which mlsd refused).
    @Test func reproduceQuotesWhatAShellWouldChange() throws {
        let r = try BinaryRunner.run(["optimize", "fraud-detection", "--set", "requirements.monthly_budget=$500", "--requests", "10k"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Reproduce") }, "\(r.stdout)")
        let command = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }.joined(separator: "\n")
        #expect(command.contains("--set 'requirements.monthly_budget=$500'"), "\(command)")
        // The shell's own reading of the words after `mlsd`.
        let words = command.trimmingCharacters(in: .whitespaces).dropFirst("mlsd ".count)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "set -- " + words + "\nprintf '%s\\n' \"$@\""]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        shell.waitUntilExit()
        let argv = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(argv.contains("requirements.monthly_budget=$500"), "\(argv)")
        #expect(argv.first == "compare" && argv.contains("fraud-detection"), "\(argv)")
    }

    /// Agents behind a 1 % async hand-off take a minute each, and a run of 10k requests at 100/s
    /// spans 90 s, a service and a half: the report notes it (text and JSON warnings), worded as
    /// capacity and sensitivity word it, with the requests that span 10 services (10 × 60 s ×
    /// 100/s ÷ 0.9, the first tenth a warm-up: 66,667). fraud-detection's services are
    /// milliseconds: no note, and an empty warnings list.
    @Test func aRunShorterThanTheSlowestServicesIsNoted() throws {
        let yaml = """
        name: Slow hand-off
        requirements:
          peak_qps: 100/s
          latency: { p99: 55ms }
        design:
          entry: api
          components:
            api:
              kind: station
              replicas: 2
              latency: { exponential: 10ms }
              calls:
                - { async: [agents], probability: 1% }
            agents: { kind: station, replicas: 80, latency: { constant: 60s } }
        """
        let text = try BinaryRunner.run(["optimize", "-", "--requests", "10k"], input: yaml)
        #expect(text.status == 0, "\(text.stderr)")
        let note = "Note        each run spans about 90 s of simulated time at 100/s, less than 10"
        #expect(text.stdout.contains(note), "\(text.stdout)")
        #expect(text.stdout.contains("services of agents (60 s each on average)"), "\(text.stdout)")
        #expect(text.stdout.contains("--requests 67k spans enough"), "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let json = try BinaryRunner.run(["optimize", "-", "--requests", "10k", "--format", "json"], input: yaml)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [String])
        #expect(warnings.count == 1 && warnings[0].hasPrefix("each run spans about 90 s") && warnings[0].contains("--requests 67k"), "\(warnings)")
        let fraud = try BinaryRunner.run(["optimize", "fraud-detection", "--requests", "10k", "--format", "json"])
        let fraudObject = try #require(try JSONSerialization.jsonObject(with: Data(fraud.stdout.utf8)) as? [String: Any])
        #expect((fraudObject["warnings"] as? [String]) == [], "\(fraud.stdout)")
    }

    /// At 1G/s fraud-detection's components would need millions of replicas. The answer blamed the
    /// service times ("fails even at a tenth of the load"), the note asked for --requests 63137k
    /// (over the 10M allowed), the legend named a confirmation run that never ran, and the rate
    /// read 1000M/s.
    @Test func aLoadBeyondTheReplicaLimitIsSaidToBe() throws {
        let r = try BinaryRunner.run(["optimize", "fraud-detection", "--qps", "1G/s"])
        #expect(r.status == 1, "\(r.stderr)")
        let text = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("at 1G/s"), "\(r.stdout)")
        #expect(text.contains("none: every combination would need more replicas of some component than the search gives one (10,000)"), "\(r.stdout)")
        #expect(text.contains("replicas to stay 85% busy at this load, more than the search gives one component"), "\(r.stdout)")
        #expect(!text.contains("tenth of the load") && !text.contains("confirmation run"), "\(r.stdout)")
        #expect(text.contains("even --requests 10M, the most a run may have, spans less"), "\(r.stdout)")
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--qps", "fast"], ["--qps", "0"], ["--requests", "1k"], ["--jobs", "0"], ["--headroom", "500%"], ["--headroom", "x"],
                          ["--set", "nosuch.replicas=2"]] {
            let r = try BinaryRunner.run(["optimize", "fraud-detection"] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
    }
}
