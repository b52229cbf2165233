import Foundation
import MLSDCore
import MLSDSim
import Testing
@testable import MLSDInterview

/// Every shipped case study, as an interviewer would check it: it meets all of its requirements
/// (online and offline, none excused), passes the product's own design checks, has the offline half
/// its story needs, and stays within budget with room to spare.
struct ShippedDesignTests {
    static let shipped = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id)
    /// The starting point for a design of one's own: no offline part and no design checks are expected of it.
    static let minimal: Set<String> = ["blank"]

    @Test(arguments: shipped)
    func meetsEveryRequirementAndPassesTheDesignChecks(id: String) throws {
        let scenario = try ScenarioLibrary(environment: [:]).load(id).scenario
        let result = try Simulation.run(scenario, options: .init(seed: 7, stop: .requests(40_000)))
        for r in result.requirements {
            #expect(r.passes, "\(id): \(r.kind.rawValue) fails: \(r.reason ?? "")")
        }
        #expect(scenario.knownGaps.isEmpty, "\(id) excuses a requirement: \(scenario.knownGaps)")
        // The blank design is the canvas a candidate grows; monitoring and fallbacks are what the checks ask them to add.
        for check in Rubric.designChecks(DesignEvidence(design: scenario.design, reference: nil)) where !Self.minimal.contains(id) {
            #expect(check.passed, "\(id): design check '\(check.name)' fails: \(check.detail)")
        }
        let budget = try #require(result.requirements.first { $0.kind == .monthlyBudget })
        #expect((budget.actual ?? .infinity) <= 0.9 * budget.target, "\(id): \(budget.formattedActual) leaves under 10% of \(budget.formattedTarget)")
    }

    @Test(arguments: shipped.filter { !minimal.contains($0) })
    func hasItsOfflineHalf(id: String) throws {
        let scenario = try ScenarioLibrary(environment: [:]).load(id).scenario
        let plan = OfflinePlan(design: scenario.design)
        let kinds = Set(plan.stages.map(\.kind))
        #expect(kinds.contains(.trainingJob) && kinds.contains(.labelSource), "\(id) has no training on labels")
        #expect(plan.modelAge != nil, "\(id): no training job reaches a served model")
        #expect(plan.featureStaleness != nil, "\(id): no pipeline writes what the request path reads")
        #expect(plan.skewRisks.isEmpty, "\(id): \(plan.skewRisks.map(plan.describe))")
        let r = scenario.requirements
        #expect(r.featureFreshness != nil && r.modelMaxAge != nil && r.labelDelay != nil && r.trainingBudget != nil,
                "\(id) states no offline requirements")
    }
}
