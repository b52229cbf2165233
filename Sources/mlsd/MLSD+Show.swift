import ArgumentParser
import MLSDCore

extension MLSD {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a scenario's requirements and its components.")

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String

        func run() throws {
            let (s, path) = try loadScenario(scenario)
            print(ScenarioReport(scenario: s, path: path).text)
        }
    }
}
