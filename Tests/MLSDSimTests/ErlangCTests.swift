import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Erlang C beyond the recursion: the integral form must agree with the exact recursion where both
/// apply, and answer for any number of servers without a loop over them (issue #13, finding 2).
struct ErlangCTests {
    /// The textbook recursion, O(c): the reference the integral form is checked against.
    static func recursive(servers c: Int, offeredLoad a: Double) -> Double {
        let rho = a / Double(c)
        guard rho < 1 else { return 1 }
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return b / (1 - rho * (1 - b))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var servers: Int
        var rho: Double
        var testDescription: String { "c=\(servers) ρ=\(rho)" }
    }

    static let cases: [Case] = [1_001, 4_096, 50_000, 400_000].flatMap { c in
        [0.5, 0.9, 0.97, 0.99, 0.999, 0.9999].map { Case(servers: c, rho: $0) }
    }

    @Test(arguments: cases) func integralFormAgreesWithTheRecursion(_ k: Case) {
        let a = k.rho * Double(k.servers)
        let exact = Self.recursive(servers: k.servers, offeredLoad: a)
        let fast = ErlangC.probabilityOfWaiting(servers: k.servers, offeredLoad: a)
        if exact < 1e-250 {
            #expect(fast < 1e-240, "c=\(k.servers) ρ=\(k.rho): \(fast) vs \(exact)")
        } else {
            expectClose(fast, exact, relative: 1e-9, "C(\(k.servers), \(a))")
        }
    }

    @Test func boundaryOfTheRecursionIsContinuous() {
        // Both sides of the switch at 1 000 servers, at a load where C is about 0.3.
        let below = ErlangC.probabilityOfWaiting(servers: 1_000, offeredLoad: 980)
        let above = ErlangC.probabilityOfWaiting(servers: 1_001, offeredLoad: 980 * 1.001)
        #expect(below > 0.1 && below < 0.9)
        expectClose(above, Self.recursive(servers: 1_001, offeredLoad: 980 * 1.001), relative: 1e-9, "C above the switch")
        expectClose(above, below, relative: 0.05, "C across the switch")
    }

    /// A trillion servers (1 000 000 replicas × 1 000 000 concurrency, the file's limits) at loads
    /// from idle to the edge of stability: each answer is a probability, and 10⁴ of them take well
    /// under a second even in a debug build (the recursion took 11 s for one at 10⁹ servers).
    @Test func aTrillionServersAnswerInBoundedTime() {
        let c = 1_000_000 * 1_000_000
        let clock = ContinuousClock()
        var results: [Double] = []
        let elapsed = clock.measure {
            for i in 0..<10_000 {
                let rho = [1e-9, 0.5, 0.99, 1 - 1e-6, 1 - 1e-9][i % 5]
                results.append(ErlangC.probabilityOfWaiting(servers: c, offeredLoad: rho * Double(c)))
            }
        }
        #expect(elapsed < .seconds(20), "10 000 evaluations took \(elapsed)")
        #expect(results.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Far from saturation nobody waits; within 1/√c of it some do. Halfin–Whitt limit for
        // c − a = β√a: C → 1 / (1 + β·Φ(β)/φ(β)); at β = 1 that is 0.2234.
        #expect(results[1] == 0)
        let a = Double(c) - Double(c).squareRoot()
        let beta = (Double(c) - a) / a.squareRoot()
        let phi = exp(-beta * beta / 2) / (2 * Double.pi).squareRoot()
        let cdf = erfc(-beta / 2.0.squareRoot()) / 2
        expectClose(ErlangC.probabilityOfWaiting(servers: c, offeredLoad: a), 1 / (1 + beta * cdf / phi), relative: 1e-4, "Halfin–Whitt β = 1")
    }

    @Test func analyticModelOfAHugeStationIsInstant() throws {
        let m = try model("""
        entry: a
        workload: { qps: 1M/s }
        components:
          a: { kind: station, latency: { exponential: 1ms }, replicas: 1000000, concurrency: 1000000 }
        """)
        let clock = ContinuousClock()
        var estimate: AnalyticModel?
        let elapsed = clock.measure { estimate = AnalyticModel(model: m) }
        #expect(elapsed < .seconds(2), "estimate took \(elapsed)")
        #expect(estimate?.components.first?.meanWaitSeconds == 0)
        expectClose(estimate?.meanLatencySeconds ?? 0, 0.001, relative: 1e-12, "mean = service")
    }
}

/// Graph walks of the simulation model are iterative (issue #13, finding 3).
struct DeepGraphTests {
    static func chain(_ n: Int, closingCycle: Bool) -> [SimulationModel.ComponentModel] {
        (0..<n).map { i in
            let next = i + 1 < n ? i + 1 : (closingCycle ? 0 : nil)
            return SimulationModel.ComponentModel(
                id: "c\(i)", kind: .station, replicas: 1, concurrency: 1, distribution: .constant(1e-6), speedup: 1, queueLimit: nil,
                timeoutSeconds: nil, retries: 0, fallback: nil, hitRatio: nil, batching: nil,
                groups: next.map { [SimulationModel.Group(kind: .sequence, targets: [$0], probability: 1)] } ?? [],
                availability: 1, costPerHour: 0)
        }
    }

    @Test func aChainOfAHundredThousandCompilesAndItsCycleIsFound() throws {
        let model = try SimulationModel(components: Self.chain(100_000, closingCycle: false), entry: 0, arrivals: .poisson(rate: 1))
        let estimate = AnalyticModel(model: model)
        expectClose(estimate.meanLatencySeconds, 0.1, relative: 1e-6, "100 000 × 1 µs (and a tiny M/D/1 wait)")
        #expect(throws: SimulationModelError.self) {
            try SimulationModel(components: Self.chain(100_000, closingCycle: true), entry: 0, arrivals: .poisson(rate: 1))
        }
        #expect(SimulationModel.findCycle(Self.chain(100_000, closingCycle: true))?.count == 100_001)
    }
}
