import ArgumentParser
import Foundation
import MLSDCore

extension MLSD {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenario files and report every problem as file:line:col.",
            discussion: "Exits 0 when all are valid, 65 when any has errors, 66 when a file is missing.")

        @Argument(help: "Scenario files or ids; - reads one from standard input.", completion: MLSD.scenarioCompletion) var scenarios: [String]
        @Flag(help: "Print nothing for valid files.") var quiet = false

        func validate() throws {
            if scenarios.isEmpty { throw ValidationError("Give at least one scenario file or id.") }
            if scenarios.filter({ $0 == ScenarioLibrary.standardInput }).count > 1 {
                throw ValidationError("Standard input ('-') can be read only once.")
            }
        }

        func run() throws {
            var worst: Int32 = 0
            let library = ScenarioLibrary()
            for reference in scenarios {
                do {
                    let (_, warnings, path) = try library.load(reference)
                    for w in warnings { printError(w.description) }
                    if !quiet { print("\(path): ok" + (warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))")) }
                } catch let error as ScenarioLibrary.LookupError {
                    printFailure("\(error)")
                    worst = max(worst, 66)
                } catch let error as ScenarioError {
                    printError(error.description)
                    let n = error.errors.count
                    printError("\(error.diagnostics.first?.location.path ?? reference): \(n) error\(n == 1 ? "" : "s")")
                    worst = worst == 66 ? 66 : 65
                }
            }
            if worst != 0 { throw ExitCode(worst) }
        }
    }
}
