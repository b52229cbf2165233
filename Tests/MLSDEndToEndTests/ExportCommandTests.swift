import Foundation
import Testing

@Suite("mlsd export (the built binary)")
struct ExportCommandTests {
    @Test(arguments: ["unicode", "ascii", "markdown", "mermaid", "dot", "json", "csv"])
    func everyFormatWorksForAShippedScenario(format: String) throws {
        let r = try BinaryRunner.run(["export", "fraud-detection", "--format", format, "--annotate"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!r.stdout.isEmpty)
        #expect(r.stderr.isEmpty)
    }

    static let scenarioIDs: [String] = ((try? FileManager.default.contentsOfDirectory(
        atPath: BinaryRunner.root.appendingPathComponent("Scenarios").path)) ?? []).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    @Test(arguments: scenarioIDs)
    func everyShippedScenarioExportsInEveryFormat(id: String) throws {
        for format in ["unicode", "ascii", "markdown", "mermaid", "dot", "json", "csv"] {
            let r = try BinaryRunner.run(["export", id, "--format", format, "--annotate", "--requests", "5k"])
            #expect(r.status == 0, "\(id) \(format): \(r.stderr)")
            #expect(!r.stdout.isEmpty && r.stderr.isEmpty, "\(id) \(format)")
            if format == "unicode" || format == "ascii" {
                for line in r.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(id) \(format) is wider than 80: \(line)") }
            }
        }
    }

    /// Without --requests the document's figures come from the run `mlsd simulate` makes: for a
    /// bursty design, one whole cycle (256,667 requests at 3.5k/s for a 60 s cycle), not 200k.
    @Test func theDocumentOfABurstyDesignMeasuresAWholeCycleAsSimulateDoes() throws {
        let file = "Tests/Fixtures/designs/bursty-station.yaml"
        let doc = try BinaryRunner.run(["export", file, "--format", "markdown"])
        #expect(doc.status == 0, "\(doc.stderr)")
        #expect(doc.stdout.contains("Simulated 231,001 requests at 3.5k/s (seed 42, the first 25,666 discarded as warm-up)"), "\(doc.stdout.prefix(2000))")
        #expect(!doc.stdout.contains("cannot judge"))
        let simulate = try BinaryRunner.run(["simulate", file])
        #expect(simulate.stdout.contains("231,001 requests at 3.5k/s, seed 42"), "\(simulate.stdout.prefix(500))")
        // A length given is the length run.
        let given = try BinaryRunner.run(["export", file, "--format", "markdown", "--requests", "200k"])
        #expect(given.stdout.contains("Simulated 180,000 requests"))
        #expect(given.stdout.contains("cannot judge"))
    }

    @Test func outputFileIsWrittenWholeAndNoTemporaryIsLeft() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("doc.md")
        try Data("old".utf8).write(to: target)
        let r = try BinaryRunner.run(["export", "fraud-detection", "--format", "markdown", "-o", target.path])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasPrefix("# Fraud detection: design document"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["doc.md"])
    }

    @Test func unwritableOutputFailsWithoutTouchingAnything() throws {
        let r = try BinaryRunner.run(["export", "fraud-detection", "-o", "/nonexistent-dir/x.txt"])
        #expect(r.status == 73)
        #expect(r.stderr.hasPrefix("mlsd: error: cannot write '/nonexistent-dir/x.txt'"))
    }

    @Test func missingScenarioExits66AndBadFileExits65() throws {
        let missing = try BinaryRunner.run(["export", "no-such-scenario"])
        #expect(missing.status == 66)
        let bad = try BinaryRunner.run(["export", "Tests/Fixtures/bad-cycle.yaml"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("Tests/Fixtures/bad-cycle.yaml:"))
    }

    @Test func widthIsValidated() throws {
        let r = try BinaryRunner.run(["export", "fraud-detection", "--width", "5"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--width must be at least 20 columns, not 5."))
    }

    @Test func diagramFitsTheRequestedWidth() throws {
        for width in [60, 80, 120] {
            let r = try BinaryRunner.run(["export", "search-ranking", "--format", "ascii", "--width", "\(width)"])
            #expect(r.status == 0)
            #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= width }, "width \(width)")
        }
    }
}

@Suite("README examples") struct ReadmeExampleTests {
    /// The annotated diagram in the README is real output: it must match what the tool prints now.
    @Test func annotatedDiagramInTheReadmeIsCurrent() throws {
        let readme = try String(contentsOf: BinaryRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let key = "`mlsd export fraud-detection --annotate`:\n\n```text\n"
        let start = try #require(readme.range(of: key))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let result = try BinaryRunner.run(["export", "fraud-detection", "--annotate"])
        #expect(result.status == 0)
        #expect(String(readme[start.upperBound..<end.lowerBound]) == result.stdout.trimmingCharacters(in: .newlines),
                "regenerate the README example with: swift run mlsd export fraud-detection --annotate")
    }

    /// The `mlsd simulate fraud-detection` table in the README is real output, verdicts and formats included.
    @Test func simulateTableInTheReadmeIsCurrent() throws {
        let readme = try String(contentsOf: BinaryRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let key = "```\n$ mlsd simulate fraud-detection\n"
        let start = try #require(readme.range(of: key))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let result = try BinaryRunner.run(["simulate", "fraud-detection"])
        #expect(result.status == 0)
        #expect(String(readme[start.upperBound..<end.lowerBound]) == result.stdout.trimmingCharacters(in: .newlines),
                "regenerate the README example with: swift run mlsd simulate fraud-detection")
    }

    /// The README's TUI results captures list no offline stage as a component at 0 %: the TUI
    /// leaves them out and counts them, and the 120×40 what-if capture, taken before it did, listed
    /// all eight of fraud-detection's (`payments ░░░…  0% 0 ms`).
    @Test func resultsCapturesInTheReadmeLeaveOfflineStagesOut() throws {
        let readme = try String(contentsOf: BinaryRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let r = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let stages = try #require((doc["offline"] as? [String: Any])?["stages"] as? [[String: Any]])
        let offline = stages.compactMap { $0["id"] as? String }
        #expect(offline.count == 8)
        let captures = readme.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
            .filter { $0.hasPrefix(" mlsd  Fraud detection") && $0.contains("─ Results") }
        #expect(!captures.isEmpty)
        for capture in captures {
            for line in capture.split(separator: "\n") {
                let cells = line.split(separator: " ", omittingEmptySubsequences: true)
                for (i, cell) in cells.enumerated() where offline.contains(String(cell)) && i + 1 < cells.count {
                    #expect(!cells[i + 1].allSatisfy { "█░".contains($0) }, "an offline stage listed as a component: \(line)")
                }
            }
            #expect(capture.contains("offline stages not listed") || !capture.contains("utilisation"), "\(capture.prefix(200))")
        }
    }

    /// The first rows of `mlsd sensitivity fraud-detection --format csv` in the README are real output.
    @Test func sensitivityCSVInTheReadmeIsCurrent() throws {
        let readme = try String(contentsOf: BinaryRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let key = "```console\n$ mlsd sensitivity fraud-detection --format csv | head -5\n"
        let start = try #require(readme.range(of: key))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let result = try BinaryRunner.run(["sensitivity", "fraud-detection", "--format", "csv"])
        #expect(result.status == 0)
        #expect(String(readme[start.upperBound..<end.lowerBound]) == result.stdout.split(separator: "\n").prefix(5).joined(separator: "\n"),
                "regenerate the README example with: swift run mlsd sensitivity fraud-detection --format csv | head -5")
    }
}

@Suite("README complete example") struct ReadmeCompleteExampleTests {
    /// The scenario reference's complete example is a design that meets its own requirements.
    @Test func completeExampleMeetsItsRequirements() throws {
        let readme = try String(contentsOf: BinaryRunner.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### A complete example"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mlsd-readme-\(UUID().uuidString).yaml")
        try String(readme[start.upperBound..<end.lowerBound]).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try BinaryRunner.run(["simulate", file.path, "--requests", "100k", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let checks = try #require(doc["requirements"] as? [[String: Any]])
        #expect(checks.count == 8)
        for check in checks { #expect(check["pass"] as? Bool == true, "\(check)") }
    }
}
