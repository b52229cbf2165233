import Foundation
import Testing
import MLSDCore
@testable import MLSDSim

/// Offline components in a run: costed by their schedule, sent no requests, judged by the plan.
@Suite("Offline cost in runs") struct OfflineCostTests {
    static func scenario() throws -> Scenario {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/designs/offline-worked.yaml").path
        return try Scenario.load(contentsOf: path).scenario
    }

    @Test func monthlyCostSplitsOnlineAndOffline() throws {
        let scenario = try Self.scenario()
        let result = try Simulation.run(scenario, options: .init(seed: 1, stop: .requests(5_000)))
        let plan = OfflinePlan(design: scenario.design)
        #expect(abs(result.cost.offlinePerMonth - plan.offlinePerMonth) < 1e-6)
        // Online: gateway $0.096, cache $0.206, feature store $0.206, CPU model server $0.17 an hour.
        let online = (0.096 + 0.206 + 0.206 + 0.17) * 730
        #expect(abs(result.cost.perMonth - (online + plan.offlinePerMonth)) < 1e-6, "\(result.cost)")
        for id in plan.stages.map(\.id) {
            #expect(result[component: id]?.arrivalRate == 0, "\(id) received requests")
        }
    }

    @Test func offlineRequirementsAreJudgedBesideTheOnlineOnes() throws {
        let result = try Simulation.run(try Self.scenario(), options: .init(seed: 1, stop: .requests(5_000)))
        let byKind = Dictionary(result.requirements.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byKind[.featureFreshness]?.passes == false)
        #expect(byKind[.modelMaxAge]?.passes == true)
        #expect(byKind[.labelDelay]?.passes == true)
        #expect(byKind[.trainingBudget]?.passes == true)
        #expect(byKind[.peakQPS] != nil)
    }
}
