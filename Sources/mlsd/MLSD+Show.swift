import ArgumentParser
import MLSDCore
import MLSDSim

extension MLSD {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a scenario's requirements and its components.")

        @Argument(help: "Scenario file or id; - reads it from standard input.", completion: MLSD.scenarioCompletion) var scenario: String

        func run() throws {
            let (s, path) = try loadScenario(scenario)
            print(ScenarioReport(scenario: s, path: path).text)
            if let model = try? SimulationModel(design: s.design, rate: s.modelRate) {
                let estimate = AvailabilityEstimate(model: model)
                print("")
                print("Availability (analytic): \(FigureFormat.availability(estimate.availability)) with \(AvailabilityEstimate.placementText(model))")
                // A term too small for the percent format ("0% of requests" read as a loss of nothing)
                // is counted with the smaller ones, not listed.
                let shown = estimate.terms.prefix(8).filter { !["0%", "< 0.000001%"].contains(FigureFormat.percent($0.unavailability)) }
                for term in shown {
                    print("  \(term.cause.padding(toLength: max(24, term.cause.count), withPad: " ", startingAt: 0))  \(FigureFormat.percent(term.unavailability)) of requests")
                }
                if estimate.terms.count > shown.count {
                    print("  … \(estimate.terms.count - shown.count) smaller term\(estimate.terms.count - shown.count == 1 ? "" : "s")")
                }
            }
        }
    }
}
