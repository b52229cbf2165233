import ArgumentParser
import Foundation
import MLSDCore
import MLSDExport
import MLSDSim

extension MLSD {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a design as a box diagram, a Markdown design doc, Mermaid, DOT, JSON or CSV.",
            usage: CommandUsage.export,
            discussion: """
                unicode and ascii draw the design as boxes and arrows that fit --width columns
                (default 80). markdown writes a design document after the 9-step template.
                With -o the file is written atomically: a temporary file in the same folder,
                then renamed over the target.
                """)

        enum Direction: String, ExpressibleByArgument, CaseIterable {
            case leftToRight = "left-to-right", topToBottom = "top-to-bottom"
        }

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case unicode, ascii, markdown, mermaid, dot, json, csv
        }

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String
        @Option(help: "unicode, ascii, markdown, mermaid, dot, json or csv.") var format: OutputFormat = .unicode
        @Flag(help: "Run the simulator and put its figures on the diagram and in the document.") var annotate = false
        @Option(help: "Widest diagram in columns, at least 20. (default: 80)", transform: parseWholeNumber) var width: Int = 80
        @Option(help: "Force the diagram direction: left-to-right or top-to-bottom (default: the first that fits).")
        var direction: Direction?
        @Option(help: "Simulation seed (with --annotate and for markdown, json and csv results). (default: 42)", transform: parseSeed) var seed: UInt64 = 42
        @Option(help: "Simulated requests for the figures (suffix k or M); as many as 'mlsd simulate' runs, so the figures agree. (default: 200k, more for a burst or diurnal workload: one whole cycle, up to 2M)") var requests: String?
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        /// The request count from `--requests`.
        var requestCount: Int? {
            guard let requests else { return Simulation.defaultRequests }
            guard let v = Count.parse(requests), v >= 1, v <= 1e8 else { return nil }
            return Int(v)
        }

        func validate() throws {
            if requestCount == nil { throw ValidationError("--requests must be a count such as 20000, 100k or 1M (at most 100M), not '\(requests ?? "")'.") }
            if width < 20 { throw ValidationError("--width must be at least 20 columns, not \(width).") }
            if width > 1000 { throw ValidationError("--width must be at most 1000 columns, not \(width).") }
        }

        func run() throws {
            let (scenario, _) = try loadScenario(self.scenario)
            let text = try render(scenario)
            if let output {
                do {
                    try TargetFile.write(text, to: output)
                } catch {
                    printFailure("cannot write '\(output)': \(error)")
                    throw ExitCode(73)
                }
            } else {
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }

        /// Runs the simulator for the figures; a design that cannot be simulated is a bad file (65).
        func simulate(_ scenario: Scenario) throws -> SimulationResult {
            do {
                // As `mlsd simulate` without --requests: a burst or diurnal workload runs one whole cycle.
                var count = requestCount ?? Simulation.defaultRequests
                if requests == nil { count = ShortRun.lengthenedForCycle(count, scenario: scenario, rate: scenario.offeredRate.perSecond) }
                return try Simulation.run(scenario, options: .init(seed: seed, stop: .requests(count)))
            } catch {
                printError("mlsd: error: cannot simulate '\(self.scenario)': \(error)")
                throw ExitCode(65)
            }
        }

        func render(_ scenario: Scenario) throws -> String {
            let options = LayoutOptions(width: width, direction: direction.flatMap { LayoutDirection(rawValue: $0.rawValue) })
            let export = DesignExport(scenario: scenario, format: ExportFormat(rawValue: format.rawValue) ?? .unicode, options: options, annotate: annotate)
            return try export.text { try simulate(scenario) }
        }
    }
}
