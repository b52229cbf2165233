import Foundation
import Testing

/// What `simulate` and `compare` print in cases a new user hits: the timeline in CSV, runs too short
/// to judge a requirement, a design read from standard input.
@Suite("mlsd simulate output") struct SimulateOutputTests {
    /// `--timeline` with `--format csv` is one table: the run's `scope,id,metric,value` rows, then the
    /// timeline's rows in the same four columns (no second header).
    /// A fault after the end of the run is listed as asked for but marked as never started, and
    /// the timeline shows no window, recovery or cost for it (it read "Fault 50 s to 60 s",
    /// "Recovery not within the run" under the "never started" warning).
    @Test func aFaultAfterTheRunIsNotReportedAsIfItHappened() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=4@50s-60s", "--timeline", "1s"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("outage: 4 replicas of scorer down from 50s to 1m (never started: the run ended first)"))
        #expect(r.stdout.contains("warning: the fault 4 replicas of scorer down from 50 s never started"))
        #expect(!lines.contains { $0.hasPrefix("Fault ") || $0.hasPrefix("Recovery ") || $0.contains("were answered by a fallback from the fault") }, "\(r.stdout)")
        let json = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=4@50s-60s", "--timeline", "1s", "--format", "json"])
        #expect(json.stdout.contains("\"fault_start_s\": null, \"fault_end_s\": null, \"fault_windows\": []"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let outage = try #require((object["outages"] as? [[String: Any]])?.first)
        #expect(outage["never_started"] as? Bool == true && outage["start_s"] as? Double == 50, "listed as asked for, marked as never started: \(outage)")
        let csv = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=4@50s-60s", "--timeline", "1s", "--format", "csv"])
        #expect(!csv.stdout.contains("fault_start_s") && !csv.stdout.contains("timeline_fault_window"))
    }

    /// Many `--set` changes: the `with` line wraps between changes and fits 80 columns (it ran to
    /// 150), and every change is still there, whole, to copy.
    @Test func theWithLineWrapsBetweenChanges() throws {
        let sets = ["scorer.replicas=12", "features.replicas=8", "scorer.timeout=40ms", "scorer.retries=2",
                    "features.timeout=25ms", "gateway.replicas=6", "scorer.latency=4ms-20ms"]
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "5k"] + sets.flatMap { ["--set", $0] })
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("with ") }, "\(r.stdout)")
        let block = lines[start...].prefix { $0.hasPrefix("with ") || $0.hasPrefix("     ") }
        #expect(block.count > 1 && block.allSatisfy { $0.count <= 80 }, "\(block)")
        let words = block.flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) }
        #expect(words == sets, "\(words)")
    }

    /// An overloaded run cut off in its warm-up says what it can: how many were answered, that none
    /// was measured; it read "no request was answered", "80,259 still in flight" and "0/s".
    @Test func aRunCutOffInItsWarmUpSaysNoneWasMeasured() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--set", "scorer.replicas=1", "--requests", "2M"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Latency     none: the run was stopped in its warm-up: ") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("Throughput  not measured; 5k/s offered; capacity") })
        #expect(!r.stdout.contains("still in flight") && !r.stdout.contains("no request was answered"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "fits 80 columns")
        let json = try BinaryRunner.run(["simulate", "fraud-detection", "--set", "scorer.replicas=1", "--requests", "2M", "--format", "json"])
        let object = try #require(json.jsonObject)
        #expect(try #require(object["answered_unmeasured"] as? Int) > 0 && object["unfinished"] as? Int == 0)
    }

    /// A zone's loss lists the request path's components; the offline stages in the zone (training
    /// and batch jobs, which serve no request) are counted, not listed among them.
    @Test func aZoneOutageListsTheRequestPathAndCountsOfflineStages() throws {
        let r = try BinaryRunner.run(["simulate", "video-recommendation", "--duration", "3s", "--down", "zone:2@1s-2s"])
        #expect(r.status == 0, "\(r.stderr)")
        // The outage's wrapped line runs up to the run's summary line ("… requests at 50k/s, …").
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("outage: zone 2 down from 1s to 2s, taking ") })
        let outage = lines[first...].prefix { !$0.contains(" requests at ") }.joined(separator: " ")
        #expect(outage.contains("17 of 52 candidates") && outage.contains("32 of 96 ranker"), "\(outage)")
        #expect(outage.contains("and replicas of 5 offline stages, which serve no requests"), "\(outage)")
        for offline in ["stream", "two_tower", "embed_videos", "ranker_training", "watch_history"] {
            #expect(!outage.contains(offline), "\(offline) listed: \(outage)")
        }
    }

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

    /// CSV lists the run's faults as JSON does (it had none of them): one `outage` group per fault,
    /// numbered as the text lists them (`--down` faults, then `--slow`, then `--hit-ratio`), a zone's
    /// loss one per component with its zone.
    @Test func csvListsTheFaults() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "5s", "--down", "scorer=4@1s-2s",
                                      "--slow", "features=3x@2s-3s", "--down", "scorer=2@50s-60s", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("outage,") }
        #expect(rows == ["outage,1,component,scorer", "outage,1,kind,down", "outage,1,replicas_down,4", "outage,1,start_s,1", "outage,1,end_s,2", "outage,1,never_started,0",
                         "outage,2,component,scorer", "outage,2,kind,down", "outage,2,replicas_down,2", "outage,2,start_s,50", "outage,2,end_s,60", "outage,2,never_started,1",
                         "outage,3,component,features", "outage,3,kind,slow", "outage,3,slow_factor,3", "outage,3,start_s,2", "outage,3,end_s,3", "outage,3,never_started,0"], "\(rows)")
        let zone = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "3s", "--down", "zone:1@1s-2s", "--format", "csv"])
        let zoneRows = zone.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("outage,") && $0.contains(",zone,") }
        #expect(!zoneRows.isEmpty && zoneRows.allSatisfy { $0.hasSuffix(",zone,1") }, "\(zoneRows)")
        let json = try BinaryRunner.run(["simulate", "fraud-detection", "--duration", "3s", "--down", "zone:1@1s-2s", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let outages = try #require(object["outages"] as? [[String: Any]])
        #expect(!outages.isEmpty && outages.allSatisfy { $0["zone"] as? Int == 1 }, "\(outages)")
    }

    /// An LLM design's latencies read in seconds: the headline was "Latency ms … p99 20477" and the
    /// slowest 1% "llm 26293 ms"; no figure there has five digits of milliseconds now.
    @Test func anLLMDesignsLatencyReadsInSeconds() throws {
        let r = try BinaryRunner.run(["simulate", "rag-assistant", "--requests", "2000"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let latency = try #require(lines.first { $0.hasPrefix("Latency") })
        #expect(latency.hasPrefix("Latency s   mean "), "\(latency)")
        #expect(latency.firstMatch(of: /\d{5}/) == nil, "\(latency)")
        let slowest = try #require(lines.firstIndex { $0.hasPrefix("Slowest 1%") })
        let llm = try #require(lines[slowest...].first { $0.hasPrefix("  llm ") })
        #expect(llm.firstMatch(of: /\d{5}/) == nil && llm.contains(" s  "), "\(llm)")
    }

    /// Counts read as the README's formats table writes them: ERR keeps its column with separators
    /// or a k/M suffix (retry-storm's backend read `720000`); one request is "1 request"; a
    /// replicated figure every replication gave alike reads "in every replication", not `± 0%`; a
    /// latency pooled from the replications that answered says so.
    @Test func countsAndReplicatedFiguresReadAsTheyShould() throws {
        let storm = try BinaryRunner.run(["simulate", "Examples/retry-storm.yaml", "--requests", "200k"])
        let lines = storm.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("COMPONENT") })
        let backend = try #require(lines[header...].first { $0.hasPrefix("backend ") })
        #expect(backend.count == lines[header].count && backend.hasSuffix("k"), "\(backend)")
        let one = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "1"])
        #expect(one.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("1 request at 5k/s") == true, "\(one.stdout)")
        let replicated = try BinaryRunner.run(["simulate", "Examples/retry-storm.yaml", "--replications", "4", "--requests", "20k"])
        let text = replicated.stdout.replacingOccurrences(of: "\n            ", with: " ")
        #expect(text.contains("(pooled from the 3 of 4 replications that answered; 1 answered nothing, so no interval)"), "\(replicated.stdout)")
        #expect(text.contains("degraded 0% in every replication (by a fallback)"), "\(replicated.stdout)")
    }

    /// The component table of an LLM design gives each time its unit (support-chat's agents read
    /// "308154" and "843156" under "times in ms"), and a utilisation under 0.01 % reads `<0.01%`
    /// instead of overflowing its column (`0.000584%`); a design whose times stay under 10 s keeps
    /// bare milliseconds.
    @Test func theComponentTableOfAnLLMDesignGivesEachTimeItsUnit() throws {
        let r = try BinaryRunner.run(["simulate", "support-chat", "--requests", "3000"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("COMPONENT") })
        let table = lines[(header + 1)...].prefix { !$0.hasPrefix("(") }
        #expect(lines[header + 1 + table.count] == "(each time in its unit; ≈: analytic estimate; ERR: rejections + timeouts)")
        let agents = try #require(table.first { $0.hasPrefix("agents ") })
        #expect(agents.firstMatch(of: /\d{5}/) == nil && agents.contains(" s "), "\(agents)")
        let gateway = try #require(table.first { $0.hasPrefix("gateway ") })
        #expect(gateway.contains(" ms "), "\(gateway)")
        let handoff = try #require(table.first { $0.hasPrefix("handoff ") })
        #expect(handoff.contains("<0.01%"), "\(handoff)")
        // Every row keeps the header's columns: ERR ends at column 74.
        for row in table { #expect(row.count == lines[header].count, "\(row)") }
        let plain = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "3000"])
        let plainLines = plain.stdout.split(separator: "\n").map(String.init)
        let plainHeader = try #require(plainLines.firstIndex { $0.hasPrefix("COMPONENT") })
        let plainTable = plainLines[(plainHeader + 1)...].prefix { !$0.hasPrefix("(") }
        #expect(plainLines[plainHeader + 1 + plainTable.count] == "(times in ms; ≈: analytic estimate; ERR: rejections + timeouts)")
        #expect(!plainTable.isEmpty && plainTable.allSatisfy { !$0.contains(" ms") && !$0.contains(" s ") }, "fraud-detection's table stays in bare milliseconds")
    }

    /// The requirement table's columns widen for a long budget ("≤ $6,000,000/month" pushed its
    /// row's actual a column right of the others) and keep two spaces apart (it had one), and the LLM table's batch keeps apart from the
    /// KV column (`24.74 6.14%`), with each server's detail indented under it, wrapped part too.
    @Test func longFiguresKeepTheirColumns() throws {
        let r = try BinaryRunner.run(["simulate", "support-chat", "--requests", "3000"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("REQUIREMENT") })
        let rows = lines[(header + 1)...].filter { !$0.hasPrefix(" ") && ($0.hasSuffix("  pass") || $0.contains("  FAIL")) }
        // Every row's result starts in the header's RESULT column.
        let column = lines[header].count - "RESULT".count
        #expect(!rows.isEmpty && rows.allSatisfy { Array($0)[column...].starts(with: "pass") || Array($0)[column...].starts(with: "FAIL") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("monthly_budget ") && $0.contains("≤ $6,000,000/month  $5,") }, "\(rows)")
        // Two spaces at least between every pair of columns (the budget's target and actual had one).
        let targetEnd = try #require(lines[header].range(of: "TARGET")).upperBound.utf16Offset(in: lines[header])
        for row in rows {
            let chars = Array(row)
            #expect(chars[targetEnd] == " " && chars[targetEnd + 1] == " ", "\(row)")
        }
        let llm = try #require(lines.firstIndex { $0.hasPrefix("LLM ") })
        let small = lines[llm + 1]
        #expect(small.hasPrefix("small_llm ") && small.firstMatch(of: /\d\.\d\d \d/) == nil, "\(small)")
        #expect(lines[llm + 2].hasPrefix("  8 × 1 l40s fp8, llama-3.1-8b;") && lines[llm + 3].hasPrefix("  "), "\(lines[llm + 2]) / \(lines[llm + 3])")
    }

    /// A run too short to judge a requirement fails it, and the row says "FAIL: cannot judge" with
    /// the count under it, not a bare FAIL beside an actual that meets the target.
    @Test func aRequirementTooFewRequestsCanJudgeSaysSoInItsRow() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let p50 = try #require(lines.firstIndex { $0.hasPrefix("latency_p50 ") })
        #expect(lines[p50].hasSuffix("  FAIL: cannot judge"), "\(lines[p50])")
        #expect(lines[p50 + 1] == "    ✗ 1 successful answer; p50 needs at least 20")
        let peak = try #require(lines.firstIndex { $0.hasPrefix("peak_qps ") })
        #expect(lines[peak].hasSuffix("  FAIL: cannot judge"), "\(lines[peak])")
        #expect(lines.contains("    ✗ 1 measured request; the throughput needs at least 1,000"), "\(r.stdout)")
        #expect(!lines.contains { $0.contains("✗ cannot judge") }, "said once, in the row")
        #expect(lines.contains { $0.hasPrefix("    analytic ") && $0.hasSuffix("measured 100% of 1 request answered") }, "\(r.stdout)")
        // JSON and CSV keep the whole reason.
        let json = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "1", "--format", "json"])
        #expect(json.stdout.contains("\"reason\" : \"cannot judge: 1 successful answer; p50 needs at least 20\""), "\(json.stdout)")
    }

    /// A requirement missed on a judged figure keeps its plain FAIL and reason.
    @Test func aJudgedFailureIsAPlainFail() throws {
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "20k", "--set", "requirements.p50=1ms"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let p50 = try #require(lines.firstIndex { $0.hasPrefix("latency_p50 ") })
        #expect(lines[p50].hasSuffix("  FAIL"), "\(lines[p50])")
        #expect(lines[p50 + 1].hasPrefix("    ✗ p50 "), "\(lines[p50 + 1])")
    }

    /// optimize's "Reproduce" line for a design read from standard input named `<stdin>`, which no
    /// shell can rerun; it now reads the design from `-` again, and that command, pasted whole
    /// (its lines continue with a backslash), runs.
    @Test func reproducingADesignFromStandardInputReadsItAgain() throws {
        let fraud = try String(contentsOf: BinaryRunner.root.appendingPathComponent("Scenarios/fraud-detection.yaml"), encoding: .utf8)
        let r = try BinaryRunner.run(["optimize", "-", "--requests", "10k"], input: fraud)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("Reproduce (with the design on standard input again):"), "\(r.stdout)")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Reproduce") })
        // The command's lines end in " \\" (a shell continues them), indented by two.
        var parts: [String] = []
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("  ") else { break }
            parts.append(line.hasSuffix(" \\") ? String(line.dropFirst(2).dropLast(2)) : String(line.dropFirst(2)))
            if !line.hasSuffix(" \\") { break }
        }
        let text = parts.joined(separator: " ")
        #expect(!text.contains("<stdin>"), "\(text)")
        #expect(text.hasPrefix("mlsd compare - --set "), "confirmed at simulate's length, so no --requests: \(text)")
        let command = text.split(separator: " ").dropFirst().map(String.init)
        let rerun = try BinaryRunner.run(command, input: fraud)
        #expect(rerun.status == 0, "\(command): \(rerun.stderr)")
        #expect(rerun.stdout.contains("with scorer.replicas="), "\(rerun.stdout)")
    }

    /// compare's "B:" line with the changes of an optimize answer was 113 columns; it wraps under its label.
    @Test func compareLabelsFitEightyColumns() throws {
        let sets = ["scorer.replicas=8", "features.replicas=1", "velocity.replicas=1", "audit.replicas=1"].flatMap { ["--set", $0] }
        let r = try BinaryRunner.run(["compare", "fraud-detection", "--requests", "2k"] + sets)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines[1] == "B: Scenarios/fraud-detection.yaml with scorer.replicas=8 features.replicas=1")
        #expect(lines[2] == "   velocity.replicas=1 audit.replicas=1")
    }
}
