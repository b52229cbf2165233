import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Replicas in zones: the analytic availability over zone states, its terms, and a zone lost as a unit.
struct ZoneTests {
    /// One component, 2 replicas each up a = 0.99, in 2 zones each up z = 0.999. By hand: both zones
    /// up z² · (1 − 0.01²); one zone up 2z(1 − z) · 0.99; none up 0.
    @Test func availabilitySumsOverZoneStates() throws {
        let m = try model("""
            entry: a
            zones: 2
            zone_availability: 99.9%
            components:
              a: { kind: station, latency: { constant: 1ms }, replicas: 2, availability: 99% }
            """)
        let z = 0.999
        let exact = z * z * (1 - 0.01 * 0.01) + 2 * z * (1 - z) * 0.99
        let e = AvailabilityEstimate(model: m)
        expectNear(e.availability, exact, absolute: 1e-15, "availability")
        expectNear(AnalyticModel(model: m).availability, exact, absolute: 1e-15, "the analytic model uses the same figure")
        // Terms: the replicas alone (zones perfect) and what zone failures add.
        let replicas = try #require(e.terms.first { $0.cause == "replicas of a" })
        expectNear(replicas.unavailability, 0.01 * 0.01, absolute: 1e-15, "replica term")
        let zones = try #require(e.terms.first { $0.cause == "zone failures" })
        expectNear(zones.unavailability, (1 - 0.01 * 0.01) - exact, absolute: 1e-15, "zone term")
        #expect(e.terms.map(\.cause) == ["replicas of a", "zone failures"], "largest first: 1e-4, then about 2.1e-5")
    }

    /// Zones are shared: two single-replica components in sequence both sit in zone 1, so one zone
    /// failure takes both down together: availability z, not z².
    @Test func aSharedZoneCorrelatesComponents() throws {
        let m = try model("""
            entry: a
            zone_availability: 99%
            components:
              a: { kind: station, latency: { constant: 1ms }, availability: 100%, calls: [{ sequence: [b] }] }
              b: { kind: station, latency: { constant: 1ms }, availability: 100% }
            """)
        expectNear(AvailabilityEstimate(model: m).availability, 0.99, absolute: 1e-12, "one zone's availability")
        // Spread over three replicas each, losing the design needs all three zones down.
        let spread = try model("""
            entry: a
            zone_availability: 99%
            components:
              a: { kind: station, latency: { constant: 1ms }, replicas: 3, availability: 100%, calls: [{ sequence: [b] }] }
              b: { kind: station, latency: { constant: 1ms }, replicas: 3, availability: 100% }
            """)
        expectNear(AvailabilityEstimate(model: spread).availability, 1 - 1e-6, absolute: 1e-12, "three zones down at once")
    }

    @Test func oneZoneThatNeverFailsIsTheIndependentReplicaModel() throws {
        let m = try model("""
            entry: a
            zones: 1
            zone_availability: 100%
            components:
              a: { kind: station, latency: { constant: 1ms }, replicas: 3, availability: 99%, fallback: f }
              f: { kind: station, latency: { constant: 1ms }, availability: 90% }
            """)
        let a = 1 - 0.01 * 0.01 * 0.01
        expectNear(AvailabilityEstimate(model: m).availability, 1 - (1 - a) * 0.1, absolute: 1e-15, "replicas or the fallback")
    }

    @Test func replicasAreSpreadRoundRobinWithinTheComponentsZones() throws {
        var c = Component(id: "a", kind: .station, replicas: 7)
        var d = Design(entry: "a", components: [c])
        #expect(d.zoneCount == Zones.defaultCount)
        #expect((1...3).map { d.replicas(of: c, inZone: $0) } == [3, 2, 2])
        c.zones = 2
        d.components = [c]
        #expect((1...3).map { d.replicas(of: c, inZone: $0) } == [4, 3, 0])
        c.replicas = 1
        #expect(d.zoneSpan(of: c) == 1)
        d.zones = 1
        c = Component(id: "a", kind: .station, replicas: 5)
        #expect(d.replicas(of: c, inZone: 1) == 5)
    }

    /// A zone lost from 4 s to 5 s: every component's replicas in it go down together. With one
    /// replica each, `svc` (in zone 1) stops answering and its requests of that second time out.
    @Test func aZoneOutageTakesEveryReplicaInItDown() throws {
        let base = try model("""
            entry: api
            workload: { qps: 500/s }
            components:
              api: { kind: station, replicas: 3, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [svc] }] }
              svc: { kind: station, concurrency: 4, latency: { exponential: 1ms }, timeout: 50ms }
            """)
        let zone1 = try base.withOutages([.zone(1, startSeconds: 4, endSeconds: 5)])
        #expect(zone1.outages.map(\.id) == ["api", "svc"])
        #expect(zone1.outages.map(\.replicasDown) == [1, 1])
        #expect(zone1.outages.allSatisfy { $0.zone == 1 })
        let zone2 = try base.withOutages([.zone(2, startSeconds: 4, endSeconds: 5)])
        #expect(zone2.outages.map(\.id) == ["api"], "svc has its one replica in zone 1")
        let lost = Simulation(model: zone1, seed: 3).run(until: .time(10))
        let spared = Simulation(model: zone2, seed: 3).run(until: .time(10))
        #expect(lost.errors.timeout > 400 && lost.errors.timeout < 1000)
        #expect(spared.errorRate == 0)
        #expect(throws: SimulationModelError.unknownZone(4, zoneCount: 3)) { try base.withOutages([.zone(4, startSeconds: 1, endSeconds: 2)]) }
    }

    @Test func zoneOutagesParseAndPrintAsWritten() throws {
        let o = try Outage(parsing: "zone:2@10s-20s")
        #expect(o.isWholeZone && o.zone == 2 && o.startSeconds == 10 && o.endSeconds == 20)
        #expect(o.description == "zone:2@10s-20s")
        for bad in ["zone:0@1s-2s", "zone:9@1s-2s", "zone:x@1s-2s", "zone:1@2s-1s", "zone:1"] {
            #expect(throws: OutageError.self, "\(bad)") { try Outage(parsing: bad) }
        }
    }
}
