import Testing
@testable import MLSDCore

@Suite("Component catalog") struct CatalogTests {
    @Test(arguments: ComponentKind.allCases)
    func everyKindHasDocumentedDefaults(_ kind: ComponentKind) {
        let entry = Catalog.standard.entries[kind]
        #expect(entry != nil)
        guard let entry else { return }
        #expect(!entry.source.isEmpty && !entry.summary.isEmpty)
        #expect(entry.concurrency >= 1)
        #expect(entry.costPerHour >= 0)
        #expect(entry.availability > 0.9 && entry.availability <= 1)
    }

    @Test func seedLatenciesAreTheRangesOfTheNumbersToKnow() {
        let c = Catalog.standard
        #expect(c[.cache].latency == .range(low: .milliseconds(1), high: .milliseconds(5)))
        #expect(c[.featureStore].latency == .range(low: .milliseconds(5), high: .milliseconds(50)))
        #expect(c[.database].latency == .range(low: .milliseconds(5), high: .milliseconds(50)))
        #expect(c[.objectStore].latency == .range(low: .milliseconds(50), high: .milliseconds(200)))
        #expect(c.modelLatency(.small) == .range(low: .milliseconds(5), high: .milliseconds(20)))
        #expect(c.modelLatency(.large) == .range(low: .milliseconds(50), high: .milliseconds(500)))
    }

    @Test func rangeIsALognormalWithTheEndsAsP5AndP95() {
        // Median √(5·20) = 10 ms; σ = ln(20/5) / (2 · 1.6449) = 0.4214; mean = 10 · e^(σ²/2) = 10.93 ms.
        let d = LatencyDistribution.range(low: .milliseconds(5), high: .milliseconds(20))
        #expect(abs(d.meanSeconds * 1000 - 10.929) < 0.01)
        #expect(abs(LatencyDistribution.exponential(mean: .milliseconds(8)).meanSeconds - 0.008) < 1e-12)
        #expect(LatencyDistribution.exponential(mean: .milliseconds(8)).squaredCoefficientOfVariation == 1)
        #expect(LatencyDistribution.constant(.milliseconds(3)).squaredCoefficientOfVariation == 0)
    }

    @Test func resolvedComponentFillsDefaultsAndAppliesOverrides() {
        var scorer = Component(id: "scorer", kind: .modelServer, replicas: 3)
        scorer.hardware = .gpu
        scorer.optimizations = [.int8, .pruning]
        let design = Design(entry: "scorer", components: [scorer])
        let r = design.resolved(scorer)
        #expect(r.servers == 3 * 8)
        #expect(r.costPerHour == 0.526)
        #expect(abs(r.speedup - 2.8 * 1.7) < 1e-12)
        #expect(abs(r.meanServiceSeconds - LatencyDistribution.range(low: .milliseconds(5), high: .milliseconds(20)).meanSeconds / (2.8 * 1.7)) < 1e-12)

        var cache = Component(id: "c", kind: .cache)
        cache.costPerHour = Money(dollars: 1, period: .hour)
        cache.concurrency = 2
        cache.availability = Percentage(fraction: 0.9)
        let rc = design.resolved(cache)
        #expect(rc.costPerHour == 1 && rc.concurrency == 2 && rc.availability == 0.9)
    }
}
