import Foundation
import Testing

@Suite("mlsd command line") struct CLITests {
    static let fixtures: [String] = ((try? FileManager.default.contentsOfDirectory(
        atPath: BinaryRunner.root.appendingPathComponent("Tests/Fixtures").path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()

    @Test(arguments: fixtures)
    func validatePrintsExactDiagnosticsAndExitCode(_ name: String) throws {
        let result = try BinaryRunner.run(["validate", "Tests/Fixtures/\(name)"])
        let expected = try String(contentsOf: BinaryRunner.root.appendingPathComponent("Tests/Fixtures/" + name.replacingOccurrences(of: ".yaml", with: ".expected")), encoding: .utf8)
        #expect(result.stderr == expected)
        #expect(result.status == (name.hasPrefix("bad-") ? 65 : 0))
        #expect(!result.stderr.contains("Fatal error"), "no stack trace")
    }

    @Test func validateAcceptsEveryShippedScenarioByPathAndID() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: BinaryRunner.root.appendingPathComponent("Scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let byPath = try BinaryRunner.run(["validate"] + files.map { "Scenarios/\($0)" })
        #expect(byPath.status == 0, "\(byPath.stderr)")
        #expect(byPath.stderr.isEmpty)
        let byID = try BinaryRunner.run(["validate"] + files.map { String($0.dropLast(5)) })
        #expect(byID.status == 0, "\(byID.stderr)")
    }

    @Test func missingFileExits66() throws {
        let result = try BinaryRunner.run(["validate", "nope/missing.yaml"])
        #expect(result.status == 66)
        #expect(result.stderr == "mlsd: error: no such file or scenario 'nope/missing.yaml'; run 'mlsd scenarios' to list them\n")
    }

    @Test func unknownScenarioIDSuggestsOne() throws {
        let result = try BinaryRunner.run(["show", "fraud-detectoin"])
        #expect(result.status == 66)
        #expect(result.stderr == "mlsd: error: no such file or scenario 'fraud-detectoin'; did you mean 'fraud-detection'?\n")
    }

    /// `mlsd list` (what a new user tries first) lists the scenarios; it was "Unexpected argument 'list'".
    @Test func listIsAnotherNameForScenarios() throws {
        let list = try BinaryRunner.run(["list"]), scenarios = try BinaryRunner.run(["scenarios"])
        #expect(list.status == 0 && list.stdout == scenarios.stdout && list.stdout.contains("fraud-detection"), "\(list.stderr)")
        #expect(try BinaryRunner.run(["help", "list"]).status == 0, "help knows the other name")
        // Summaries wrap under the names within 80 columns (they ran to 173).
        #expect(list.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(list.stdout.split(separator: "\n").filter { $0.count > 80 })")
    }

    /// The catalog fits 80 columns: a mixture of experts' model line (85) wraps under its figures,
    /// keeping "KV 128 KiB/token" whole.
    @Test func theCatalogFitsEightyColumns() throws {
        let r = try BinaryRunner.run(["catalog"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        let mixtral = try #require(lines.firstIndex { $0.hasPrefix("  mixtral-8x7b ") })
        #expect(lines[mixtral + 1] == String(repeating: " ", count: 18) + "KV 128 KiB/token", "\(lines[mixtral + 1])")
    }

    /// A value out of two choices asks for one or the other ("one of 'table' and 'json'" before).
    @Test func aChoiceOfTwoReadsOr() throws {
        let r = try BinaryRunner.run(["scenarios", "--format", "yaml"])
        #expect(r.status == 64 && r.stderr.contains("Please provide 'table' or 'json'."), "\(r.stderr)")
        let three = try BinaryRunner.run(["simulate", "fraud-detection", "--format", "yaml"])
        #expect(three.stderr.contains("Please provide one of 'table', 'json' or 'csv'."), "\(three.stderr)")
    }

    /// An unknown option's "Did you mean" stays only for a near miss: `--bogus` was offered `--jobs`.
    @Test func aFarOptionGetsNoSuggestion() throws {
        let far = try BinaryRunner.run(["capacity", "fraud-detection", "--bogus"])
        #expect(far.status == 64 && far.stderr.hasPrefix("mlsd: error: unknown option '--bogus'.\n"), "\(far.stderr)")
        let near = try BinaryRunner.run(["simulate", "fraud-detection", "--reqests", "2"])
        #expect(near.status == 64 && near.stderr.hasPrefix("mlsd: error: unknown option '--reqests'. Did you mean '--requests'?"), "\(near.stderr)")
        // One the parser offers nothing for ends with its full stop too (it had none).
        let none = try BinaryRunner.run(["capacity", "fraud-detection", "--timeline", "1s"])
        #expect(none.status == 64 && none.stderr.hasPrefix("mlsd: error: unknown option '--timeline'.\n"), "\(none.stderr)")
    }

    /// `mlsd tui fraud-detection`, the word a new user tries first, was "2 unexpected arguments":
    /// it is `open`'s other name.
    @Test func tuiIsAnotherNameForOpen() throws {
        let r = try BinaryRunner.run(["tui", "--help"])
        #expect(r.status == 0 && r.stdout.contains("Open a design file or a shipped scenario in the TUI workbench."), "\(r.stdout)\(r.stderr)")
        let missing = try BinaryRunner.run(["tui", "no-such-scenario-here"])
        #expect(missing.status == 66, "\(missing.stderr)")
        // Alone it opens the picker, as bare `mlsd` does (it was "Missing expected argument '<design>'",
        // exit 64); without a terminal both explain and print help.
        let alone = try BinaryRunner.run(["tui"])
        #expect(alone.status == 0 && alone.stderr.contains("the TUI needs an interactive terminal"), "\(alone.stderr)")
    }

    /// Help text is prose wrapped to the terminal, not hard lines wrapped again: `sweep --help`
    /// read "(or" / "that is" / "unstable) …" and `simulate --help` "fails)," / "64 bad option".
    /// A line that ends short of the width mid-sentence, followed by more prose, is such a break.
    @Test func helpProseIsNotBrokenTwice() throws {
        for command in ["", "open", "scenarios", "validate", "show", "simulate", "compare", "sweep", "capacity", "optimize", "sensitivity",
                        "export", "interview", "catalog", "themes"] {
            let r = try BinaryRunner.run((command.isEmpty ? [] : [command]) + ["--help"])
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let prose = lines.prefix { !$0.hasPrefix("USAGE") }
            for (line, next) in zip(prose.dropFirst(), prose.dropFirst(2)) where !line.isEmpty && !next.isEmpty && !next.hasPrefix(" ") {
                #expect(line.count >= 62 || line.hasSuffix(".") || line.hasSuffix(":"), "mlsd \(command) --help: '\(line)' / '\(next)'")
            }
        }
    }

    /// A misspelt command or scenario id suggests the right one (`mlsd simulat fraud-detection`
    /// read "2 unexpected arguments: 'simulat', 'fraud-detection'").
    @Test func aMisspeltCommandOrScenarioSuggestsTheRightOne() throws {
        let command = try BinaryRunner.run(["simulat", "fraud-detection"])
        #expect(command.status == 64)
        #expect(command.stderr == "mlsd: error: no command 'simulat'; did you mean 'simulate'? (mlsd --help lists the commands)\n", "\(command.stderr)")
        let scenario = try BinaryRunner.run(["fraud-detecton"])
        #expect(scenario.status == 64)
        #expect(scenario.stderr.hasPrefix("mlsd: error: no command or scenario 'fraud-detecton'; did you mean 'fraud-detection'?"), "\(scenario.stderr)")
        // Nothing near: the parser's own message, still a usage error.
        #expect(try BinaryRunner.run(["zzzzqqq"]).status == 64)
    }

    @Test func usageErrorsExit64() throws {
        #expect(try BinaryRunner.run(["validate"]).status == 64)
        #expect(try BinaryRunner.run(["scenarios", "--format", "xml"]).status == 64)
        #expect(try BinaryRunner.run(["frobnicate"]).status == 64)
    }

    @Test func mixedFilesReportTheWorstCode() throws {
        let result = try BinaryRunner.run(["validate", "Scenarios/fraud-detection.yaml", "Tests/Fixtures/bad-cycle.yaml", "missing.yaml"])
        #expect(result.status == 66)
        #expect(result.stdout == "Scenarios/fraud-detection.yaml: ok\n")
        #expect(result.stderr.contains("bad-cycle.yaml:7:5: error: call cycle"))
    }

    @Test func scenariosWorksFromAnyDirectoryAsJSON() throws {
        let result = try BinaryRunner.run(["scenarios", "--format", "json"], currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]]
        let ids = rows?.compactMap { $0["id"] } ?? []
        #expect(ids.contains("fraud-detection"))
        #expect(rows?.allSatisfy { Set($0.keys) == ["id", "name", "summary", "path"] } == true)
    }

    @Test func userScenariosAreListedAndLoadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mlsd/scenarios"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name: My design\ndesign:\n  entry: g\n  components:\n    g: { kind: gateway }\n"
            .write(to: dir.appendingPathComponent("mlsd/scenarios/mine.yaml"), atomically: true, encoding: .utf8)
        let list = try BinaryRunner.run(["scenarios"], environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(list.stdout.contains("mine"))
        #expect(list.stdout.contains("My design"))
        let show = try BinaryRunner.run(["show", "mine"], environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("My design\n"))
    }

    @Test func showPrintsRequirementsAndComponents() throws {
        let result = try BinaryRunner.run(["show", "fraud-detection"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("latency p99     ≤ 50 ms"), "as the verdicts write it")
        #expect(result.stdout.contains("scorer    model_server/small  12        4     5ms-20ms ÷2.8  $1,489"))
        #expect(result.stdout.contains("monthly budget  ≤ $40,000/month"))
        // An LLM server's request time, computed, reads to 3 digits (it read 4.105011s), and money has separators.
        let rag = try BinaryRunner.run(["show", "rag-assistant"])
        #expect(rag.stdout.contains("llm_server      4         30    ≈4.11s             $92,389"), "\(rag.stdout)")
        #expect(rag.stdout.contains("Compute cost: $100,402/month"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// The availability terms never list a loss that prints as "0% of requests": a term too small
    /// for the format is counted with the smaller ones.
    @Test(arguments: ["search-ranking", "rag-assistant", "video-recommendation"])
    func showListsNoLossOfNothing(_ id: String) throws {
        let result = try BinaryRunner.run(["show", id])
        #expect(result.status == 0)
        #expect(!result.stdout.contains(" 0% of requests"), "\(result.stdout)")
        #expect(result.stdout.contains(" smaller term"), "the small terms are counted: \(result.stdout)")
    }

    @Test func version() throws {
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }
}

@Suite("mlsd show") struct ShowTests {
    static let ids: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: BinaryRunner.root.appendingPathComponent("Scenarios").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    @Test(arguments: ids)
    func everyShippedScenarioFitsIn80Columns(_ id: String) throws {
        let result = try BinaryRunner.run(["show", id])
        #expect(result.status == 0)
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }
}

@Suite("mlsd sweep") struct SweepCLITests {
    @Test func loadSweepFindsTheKneeAndTheHighestPassingLoad() throws {
        let r = try BinaryRunner.run(["sweep", "fraud-detection", "--vary", "workload.qps=2k/s...16k/s", "--steps", "8", "--requests", "10k"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("knee: 14k/s"))
        #expect(r.stdout.contains("passing: 2k/s to 12k/s"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// Without --requests a point of a bursty design measures one whole cycle, as `mlsd simulate`
    /// does (100k requests at 3k/s measured 28 s of a 60 s burst cycle and could not be judged).
    @Test func pointsOfABurstyDesignMeasureWholeCycles() throws {
        let r = try BinaryRunner.run(["sweep", "Tests/Fixtures/designs/bursty-station.yaml", "--vary", "workload.qps=1k...3k", "--steps", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Bursty station: workload.qps over 3 points, 100,000–256,667 requests a point (each at least one whole arrival cycle)"), "\(r.stdout)")
        #expect(!r.stdout.contains("cannot judge") && r.stdout.contains("3000 ") && !r.stdout.contains(" no\n"), "\(r.stdout)")
        let given = try BinaryRunner.run(["sweep", "Tests/Fixtures/designs/bursty-station.yaml", "--vary", "workload.qps=1k...3k", "--steps", "3", "--requests", "100k"])
        #expect(given.stdout.hasPrefix("Bursty station: workload.qps over 3 points, 100k requests each"), "\(given.stdout)")
        #expect(given.stdout.contains("passing: 1000 only"), "\(given.stdout)")
        #expect(given.stdout.replacingOccurrences(of: "\n", with: " ").contains("the points 2000, 3000 measured part of the burst cycle of 60 s, so their requirements cannot be judged: without --requests each point measures a whole cycle"), "\(given.stdout)")
    }

    /// A second `--vary` replaced the first without a word (the sweep ran over the replicas alone).
    @Test func aSecondVaryIsRefusedAndNoneIsAskedFor() throws {
        let two = try BinaryRunner.run(["sweep", "fraud-detection", "--requests", "10k", "--vary", "workload.qps=2k/s...16k/s", "--vary", "scorer.replicas=2...4"])
        #expect(two.status == 64, "\(two.stdout)")
        #expect(two.stderr.contains("a sweep varies one parameter; --vary was given 2 times ('workload.qps=2k/s...16k/s', 'scorer.replicas=2...4')"), "\(two.stderr)")
        #expect(two.stdout.isEmpty)
        let none = try BinaryRunner.run(["sweep", "fraud-detection"])
        #expect(none.status == 64 && none.stderr.contains("missing --vary id.key=low...high"), "\(none.stderr)")
    }

    @Test func jsonIsTheSameForOneJobAndTwo() throws {
        let one = try BinaryRunner.run(["sweep", "blank", "--vary", "model.replicas=1...3", "--requests", "5k", "--format", "json", "--jobs", "1"])
        let two = try BinaryRunner.run(["sweep", "blank", "--vary", "model.replicas=1...3", "--requests", "5k", "--format", "json", "--jobs", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        let doc = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any]
        #expect((doc?["points"] as? [Any])?.count == 3)
    }

    /// A parameter that can have no effect warns as `--set` does (a flat curve and silence read as
    /// "the hit ratio does not matter").
    @Test func aParameterWithoutEffectIsWarnedAbout() throws {
        let r = try BinaryRunner.run(["sweep", "fraud-detection", "--vary", "velocity.hit_ratio=50%...90%", "--steps", "2", "--requests", "5k"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "mlsd: warning: --vary velocity.hit_ratio=50%...90%: 'hit_ratio' on cache 'velocity' has no effect without 'on_miss': with nowhere to send a miss, the cache answers every lookup\n")
    }

    /// No point passes because of a requirement the swept parameter cannot move (an offline one):
    /// the sweep says which, with its figure, in the table and the JSON.
    @Test func aRequirementFailingAtEveryPointIsNamed() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let text = try String(contentsOf: BinaryRunner.root.appendingPathComponent("Scenarios/fraud-detection.yaml"), encoding: .utf8)
        let path = folder.path("fd.yaml")
        try text.replacingOccurrences(of: "model_max_age: 2d", with: "model_max_age: 1d").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try BinaryRunner.run(["sweep", path, "--vary", "scorer.replicas=8...12", "--steps", "2", "--requests", "5k"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("passing: no point meets the requirements\nfails at every point, whatever scorer.replicas is:\nModel age 1.19 d, target ≤ 1 d"), "\(r.stdout)")
        let json = try BinaryRunner.run(["sweep", path, "--vary", "scorer.replicas=8...12", "--steps", "2", "--requests", "5k", "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(doc?["failing_at_every_point"] as? [String] == ["model_max_age"])
    }

    /// The CSV's text cells are quoted and defused as simulate's are: a bottleneck named `-api`
    /// would run as a formula in a spreadsheet.
    @Test func csvTextCellsAreDefused() throws {
        let r = try BinaryRunner.run(["sweep", "-", "--vary=-api.replicas=1...2", "--steps", "2", "--requests", "2k", "--format", "csv"],
                                     input: BinaryRunner.dashDesign)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains(",'-api,") }, "\(r.stdout)")
    }

    @Test func badRangeIsAUsageError() throws {
        let r = try BinaryRunner.run(["sweep", "blank", "--vary", "model.replicas=1..3"])
        #expect(r.status == 64)
        #expect(r.stderr == "mlsd: error: invalid sweep 'model.replicas=1..3': expected low...high (three dots, not two) and 2 to 1000 steps\n")
    }
}
