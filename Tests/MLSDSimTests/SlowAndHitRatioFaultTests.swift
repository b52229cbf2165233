import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

@Suite("Faults: slow components and dropped hit ratios") struct SlowAndHitRatioFaultTests {
    // MARK: Parsing

    @Test func theValueSaysTheKind() throws {
        #expect(try Outage(parsing: "scorer=4@10s-20s") == Outage(id: "scorer", replicasDown: 4, startSeconds: 10, endSeconds: 20))
        #expect(try Outage(parsing: "scorer=3x@10s-20s") == Outage(id: "scorer", effect: .slow(factor: 3), startSeconds: 10, endSeconds: 20))
        #expect(try Outage(parsing: "cache=40%@1m-2m") == Outage(id: "cache", effect: .hitRatio(0.4), startSeconds: 60, endSeconds: 120))
        #expect(try Outage(parsing: "zone:2@1s-2s").isWholeZone)
        // Each option takes its own spelling, with or without the suffix.
        #expect(try Outage(parsing: "scorer=2.5@1s-2s", as: .slow).effect == .slow(factor: 2.5))
        #expect(try Outage(parsing: "cache=0.25@1s-2s", as: .hitRatio).effect == .hitRatio(0.25))
        #expect(try Outage(parsing: "cache=25%@1s-2s", as: .hitRatio).effect == .hitRatio(0.25))
    }

    @Test func descriptionsReadBackAsTheSameFault() throws {
        for text in ["scorer=4@10s-20s", "scorer=3x@10s-20s", "scorer=1.5x@500ms-2s", "cache=40%@1m-2m", "cache=0%@1s-2s", "zone:1@1s-2s"] {
            let fault = try Outage(parsing: text)
            #expect(try Outage(parsing: fault.description) == fault, "\(text) → \(fault)")
            #expect(try Outage(parsing: fault.description, as: fault.option) == fault)
        }
        #expect(try Outage(parsing: "scorer=3x@10s-20s").commandLine == "--slow scorer=3x@10s-20s")
        #expect(try Outage(parsing: "cache=40%@10s-20s").commandLine == "--hit-ratio cache=40%@10s-20s")
        #expect(try Outage(parsing: "cache=40%@10s-20s").summary == "cache hit ratio 40%")
    }

    @Test(arguments: [
        ("scorer=0.5x@1s-2s", Outage.Option.slow, "invalid --slow 'scorer=0.5x@1s-2s': expected a slow-down factor from 1x to 1000x"),
        ("scorer=5000@1s-2s", .slow, "invalid --slow 'scorer=5000@1s-2s': expected a slow-down factor from 1x to 1000x"),
        ("scorer=fast@1s-2s", .slow, "invalid --slow 'scorer=fast@1s-2s': 'fast' is not a slow-down factor such as 3x; expected id=factor@start-end such as scorer=3x@10s-20s (services 3 times as long)"),
        ("scorer=nanx@1s-2s", .slow, "invalid --slow 'scorer=nanx@1s-2s': 'nanx' is not a slow-down factor such as 3x; expected id=factor@start-end such as scorer=3x@10s-20s (services 3 times as long)"),
        ("cache=140%@1s-2s", .hitRatio, "invalid --hit-ratio 'cache=140%@1s-2s': expected a hit ratio from 0% to 100%"),
        ("cache=-1@1s-2s", .hitRatio, "invalid --hit-ratio 'cache=-1@1s-2s': expected a hit ratio from 0% to 100%"),
        // The % forgotten: a bare 50 is 5000 %; say how to write it.
        ("cache=50@1s-2s", .hitRatio, "invalid --hit-ratio 'cache=50@1s-2s': expected a hit ratio from 0% to 100% (a bare number is a fraction: write 50% or 0.5)"),
        ("cache=40%@2s-1s", .hitRatio, "invalid --hit-ratio 'cache=40%@2s-1s': the window must end after it starts"),
        ("=3x@1s-2s", .slow, "invalid --slow '=3x@1s-2s': no component id before '='; expected id=factor@start-end such as scorer=3x@10s-20s (services 3 times as long)"),
    ])
    func badValuesSayWhatWasExpected(_ text: String, _ option: Outage.Option, _ message: String) {
        #expect(throws: OutageError(message)) { try Outage(parsing: text, as: option) }
    }

    @Test func theSharedParserNamesEveryKindWhenItCannotTell() {
        #expect(throws: OutageError("invalid fault 'scorer': no '=' after the component's id; expected id=replicas@start-end (scorer=2@10s-20s), id=factor x (scorer=3x@10s-20s: slower), id=ratio% (cache=40%@10s-20s: hit ratio) or zone:N@start-end")) {
            try Outage(parsing: "scorer")
        }
    }

    // MARK: The engine

    /// One request a second to A (one server, 100 ms constant). A is 3× slower from 1.5 s to 3.5 s:
    /// r0 (1.0) is served before the window, r1 (2.0) and r2 (3.0) take 300 ms, r3 (4.0) 100 ms.
    @Test func servicesStartingInsideTheWindowTakeFactorTimesAsLong() throws {
        var a = Component(id: "A", kind: .station)
        a.latency = .constant(.milliseconds(100))
        var m = try SimulationModel(design: Design(entry: "A", components: [a]))
        m.arrivals = .deterministic(intervalSeconds: 1)
        m = try m.withOutages([Outage(id: "A", effect: .slow(factor: 3), startSeconds: 1.5, endSeconds: 3.5)])
        var trace: [String] = []
        let r = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(4)) { trace.append($0.description) }
        #expect(trace.contains("2.300 r1 finish A"), "\(trace)")
        #expect(trace.contains("3.300 r2 finish A"), "\(trace)")
        #expect(trace.contains("4.100 r3 finish A"), "\(trace)")
        expectNear(r.latency.mean, (0.1 + 0.3 + 0.3 + 0.1) / 4, absolute: 1e-9, "mean latency")
    }

    /// A service already running when the window opens keeps its time; overlapping windows multiply.
    @Test func runningServicesKeepTheirTimeAndOverlapsMultiply() throws {
        var a = Component(id: "A", kind: .station)
        a.latency = .constant(.milliseconds(100))
        var m = try SimulationModel(design: Design(entry: "A", components: [a]))
        m.arrivals = .deterministic(intervalSeconds: 1)
        m = try m.withOutages([
            Outage(id: "A", effect: .slow(factor: 2), startSeconds: 1.05, endSeconds: 3.5),   // r0 (1.0–1.1) already running
            Outage(id: "A", effect: .slow(factor: 5), startSeconds: 2.5, endSeconds: 3.5),
        ])
        var trace: [String] = []
        _ = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(4)) { trace.append($0.description) }
        #expect(trace.contains("1.100 r0 finish A"), "\(trace)")
        #expect(trace.contains("2.200 r1 finish A"), "×2 only: \(trace)")
        #expect(trace.contains("4.000 r2 finish A"), "×2 × 5: \(trace)")
        #expect(trace.contains("4.100 r3 finish A"), "back to 100 ms, queued behind r2 until 4.0: \(trace)")
    }

    /// A cache that always hits (100 %) in front of a database; from 3.5 s to 6.5 s it never hits
    /// (0 %). Requests at 4, 5 and 6 s go to the database; the other seven don't.
    @Test func aDroppedHitRatioSendsLookupsOnOnlyInsideTheWindow() throws {
        let text = """
            entry: cache
            workload: { qps: 1/s }
            components:
              cache: { kind: cache, latency: { constant: 1ms }, hit_ratio: 100%, on_miss: db }
              db: { kind: database, latency: { constant: 10ms } }
            """
        var m = try model(text)
        m.arrivals = .deterministic(intervalSeconds: 1)
        let faulted = try m.withOutages([Outage(id: "cache", effect: .hitRatio(0), startSeconds: 3.5, endSeconds: 6.5)])
        var trace: [String] = []
        let r = Simulation(model: faulted, seed: 9, warmupFraction: 0).run(until: .requests(10)) { trace.append($0.description) }
        let dbVisits = trace.filter { $0.hasSuffix("enter db") }
        #expect(dbVisits == ["4.001 r3 enter db", "5.001 r4 enter db", "6.001 r5 enter db"], "\(dbVisits)")
        #expect(r[component: "db"]?.arrivalRate ?? 0 > 0)
        let healthy = Simulation(model: m, seed: 9, warmupFraction: 0).run(until: .requests(10))
        #expect((healthy[component: "db"]?.arrivalRate ?? 1) == 0)
    }

    @Test func aHitRatioFaultNeedsACache() throws {
        let m = try model(stations([(1, 1)], qps: 10))
        let id = m.components[0].id
        #expect(throws: SimulationModelError.invalid(component: id, "--hit-ratio '\(id)=50%@0ms-1s' needs a cache (a component with hit_ratio and on_miss)")) {
            try m.withOutages([Outage(id: id, effect: .hitRatio(0.5), startSeconds: 0, endSeconds: 1)])
        }
        #expect(throws: SimulationModelError.unknownComponent("nope", referencedBy: "--slow")) {
            try m.withOutages([Outage(id: "nope", effect: .slow(factor: 2), startSeconds: 0, endSeconds: 1)])
        }
    }

    /// The timeline of a slow-down: svc (2 servers, 1 ms) is 100× slower from 4 s to 5 s, so its
    /// services take 100 ms on average against a 50 ms timeout and it is far past capacity: requests
    /// fail inside the window and for the short drain after it, and none before.
    @Test func aSlowdownShowsInTheTimelineAndRecovers() throws {
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [Outage(id: "svc", effect: .slow(factor: 100), startSeconds: 4, endSeconds: 5)])
        let (_, t) = try Timeline.run(TimelineTests.scenario, options: options, bucketSeconds: 0.5)
        #expect(t.fault == 4...5)
        for b in t.buckets where b.end <= 4 { #expect(b.failed == 0, "no failure before the window, at \(b.start) s") }
        let inside = t.buckets.filter { $0.start >= 4.5 && $0.end <= 5 }
        #expect(inside.allSatisfy { $0.failedShare > 0.9 }, "\(inside.map(\.failedShare))")
        let recovery = try #require(t.recoverySeconds)
        #expect(recovery <= 1.5, "recovered \(recovery) s after the window")
        for b in t.buckets where b.start >= 5 + recovery { #expect(b.failed == 0, "no failure after recovery, at \(b.start) s") }
        #expect(t.failedByFault > 300, "\(t.failedByFault)")
    }
}
