import Foundation
import MLSDCore
import MLSDSim
import Testing

/// Every shipped scenario's reference design meets its requirements, or says in `known_gaps`
/// which it misses on purpose.
struct ScenarioTests {
    static let shipped = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id)

    /// Words a known gap must contain to cover a failed requirement.
    static func keyword(_ requirement: String) -> String {
        switch requirement {
        case "latency_p50": return "p50"
        case "latency_p95": return "p95"
        case "latency_p99": return "p99"
        case "latency_p999": return "p99.9"
        case "monthly_budget": return "budget"
        case "max_error_rate": return "error"
        case "peak_qps": return "qps"
        default: return requirement
        }
    }

    @Test(arguments: shipped)
    func shippedScenarioMeetsItsRequirements(id: String) throws {
        let scenario = try ScenarioLibrary(environment: [:]).load(id).scenario
        let result = try Simulation.run(scenario, options: .init(seed: 42, stop: .requests(40_000)))
        let gaps = scenario.knownGaps.joined(separator: " ").lowercased()
        for r in result.requirements where !r.passes {
            #expect(gaps.contains(Self.keyword(r.kind.rawValue)), "\(id): \(r.kind.rawValue) fails (\(r.reason ?? "")) and known_gaps does not say so")
        }
        #expect(result.isStable || gaps.contains("unstable"), "\(id) is unstable: \(result.overloaded)")
    }

    @Test func thereIsAtLeastOneShippedScenario() {
        #expect(!Self.shipped.isEmpty)
    }
}
