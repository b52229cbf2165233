import Foundation
import Testing

/// The command-line conventions: `-` for standard input, `help <unknown>`, shell completions.
@Suite("mlsd command-line conventions") struct CLIConventionTests {
    static let fraud = (try? String(contentsOf: BinaryRunner.root.appendingPathComponent("Scenarios/fraud-detection.yaml"), encoding: .utf8)) ?? ""

    @Test(arguments: [["validate", "-"], ["show", "-"], ["simulate", "-", "--requests", "2k"], ["compare", "-", "fraud-detection", "--requests", "2k"],
                      ["sweep", "-", "--vary", "workload.qps=1k/s...2k/s", "--steps", "2", "--requests", "1k"], ["export", "-", "--format", "mermaid"]])
    func dashReadsTheScenarioFromStandardInput(_ arguments: [String]) throws {
        let piped = try BinaryRunner.run(arguments, input: Self.fraud)
        #expect(piped.status == 0, "\(arguments): \(piped.stderr)")
        // The same output as naming the file, apart from where the design came from.
        let named = try BinaryRunner.run(arguments.map { $0 == "-" ? "Scenarios/fraud-detection.yaml" : $0 })
        #expect(piped.stdout.replacingOccurrences(of: "<stdin>", with: "Scenarios/fraud-detection.yaml") == named.stdout, "\(arguments)")
    }

    @Test func errorsInStandardInputAreLocatedThere() throws {
        let result = try BinaryRunner.run(["validate", "-"], input: "name: x\ndesign:\n  entry: [\n")
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("<stdin>:"), "\(result.stderr)")
        let empty = try BinaryRunner.run(["simulate", "-"], input: "")
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("<stdin>:1:1: error: the file is empty"), "\(empty.stderr)")
    }

    @Test func standardInputIsReadOnceAndNeverForTheWorkbenchOrTheInterview() throws {
        for arguments in [["validate", "-", "-"], ["compare", "-", "-"], ["open", "-"], ["interview", "-"]] {
            let result = try BinaryRunner.run(arguments, input: Self.fraud)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.lowercased().contains("standard input"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let typo = try BinaryRunner.run(["help", "simulat"])
        #expect(typo.status == 64)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr.hasPrefix("mlsd: error: no command 'simulat'. Did you mean 'simulate'?"), "\(typo.stderr)")
        let unknown = try BinaryRunner.run(["help", "frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("The commands: open, scenarios, validate"), "\(unknown.stderr)")
        let known = try BinaryRunner.run(["help", "simulate"])
        #expect(known.status == 0)
        #expect(known.stdout.contains("--replications") || known.stdout.contains("--requests"))
    }

    @Test func completionScriptsAreGeneratedForEveryShell() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try BinaryRunner.run(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell)")
            #expect(result.stdout.contains("---completion simulate -- positional@0"), "\(shell): scenario arguments complete through mlsd")
        }
    }

    @Test func scenarioArgumentsCompleteIdsAndYAMLPaths() throws {
        // What the generated scripts run: `mlsd ---completion <command> -- positional@0 <word index> <cursor> <words…>`.
        let ids = try BinaryRunner.run(["---completion", "simulate", "--", "positional@0", "2", "2", "mlsd", "simulate", "fr"])
        #expect(ids.status == 0)
        #expect(ids.stdout.split(separator: "\n").map(String.init) == ["fraud-detection"])
        let paths = try BinaryRunner.run(["---completion", "validate", "--", "positional@0", "2", "9", "mlsd", "validate", "Examples/"])
        #expect(paths.stdout.split(separator: "\n").contains("Examples/retry-storm.yaml"), "\(paths.stdout)")
        let folder = try BinaryRunner.run(["---completion", "export", "--", "positional@0", "2", "4", "mlsd", "export", "Scen"])
        #expect(folder.stdout.split(separator: "\n").map(String.init) == ["Scenarios/"], "\(folder.stdout)")
    }
}
