import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// The one reader of fault strings, shared by `mlsd simulate --down` and the TUI's fault prompt.
struct FaultInputTests {
    static func design() -> Design {
        var a = Component(id: "scorer", kind: .station)
        a.replicas = 4
        return Design(entry: "scorer", components: [a])
    }

    @Test func addsEveryFaultWhenAllAreGood() throws {
        var options = Simulation.Options()
        try options.addFaults(["scorer=2@1s-3s", "zone:1@4s-5s"], checkedAgainst: Self.design())
        #expect(options.outages == [Outage(id: "scorer", replicasDown: 2, startSeconds: 1, endSeconds: 3), .zone(1, startSeconds: 4, endSeconds: 5)])
        #expect(options.faultWindow == 1...5)
        #expect(Simulation.Options().faultWindow == nil)
    }

    @Test func addsNothingWhenOneIsWrong() {
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid --down 'scorr=2@1s-3s': no component 'scorr' in the design; did you mean 'scorer'?")) {
            try options.addFaults(["scorer=2@1s-3s", "scorr=2@1s-3s"], checkedAgainst: Self.design())
        }
        #expect(options.outages.isEmpty)
        // Nowhere near an id: the ids a fault can hit.
        #expect(throws: OutageError("invalid --down 'db=1@1s-3s': no component 'db' in the design; expected one of scorer")) {
            try options.addFaults(["db=1@1s-3s"], checkedAgainst: Self.design())
        }
        #expect(throws: OutageError("invalid --hit-ratio 'cache=40%@1s-3s': no component 'cache' in the design; this design has no cache with on_miss")) {
            try options.addFaults(["cache=40%@1s-3s"], checkedAgainst: Self.design())
        }
        // The fault is quoted as it was typed: a bare fraction is not turned into the percentage it reads as.
        #expect(throws: OutageError("invalid --hit-ratio 'scorer=0.4@1s-3s': 'scorer' is not a cache with on_miss; expected the id of a cache with on_miss (this design has none)")) {
            try options.addFaults(["scorer=0.4@1s-3s"], as: .hitRatio, checkedAgainst: Self.design())
        }
        #expect(throws: OutageError("invalid --down 'scorer=05@1s-3s': scorer has 4 replicas; expected at most 4 down")) {
            try options.addFaults(["scorer=05@1s-3s"], checkedAgainst: Self.design())
        }
        // `zone=1` for `zone:1`: the colon is what was missing, not a component called zone.
        #expect(throws: OutageError("invalid --down 'zone=1@10s-15s': no component 'zone' in the design; a whole zone is written zone:1@10s-20s (a colon)")) {
            try options.addFaults(["zone=1@10s-15s"], checkedAgainst: Self.design())
        }
        // `zone=0` suggested `zone=1@…`, which the line above refuses: the colon form it is.
        #expect(throws: OutageError("invalid fault 'zone=0@10s-15s': 0 replicas down changes nothing; expected 1 or more; a whole zone is written zone:1@10s-20s (a colon)")) {
            try options.addFaults(["zone=0@10s-15s"], checkedAgainst: Self.design())
        }
    }

    /// A semantic cache's hit ratio can drop too: it answers hits and sends misses on as a cache does.
    @Test func aSemanticCachesHitRatioCanDrop() throws {
        var design = Self.design()
        var cache = Component(id: "answers", kind: .semanticCache)
        cache.hitRatio = Percentage(fraction: 0.3)
        cache.onMiss = "scorer"
        design.components.append(cache)
        var options = Simulation.Options()
        try options.addFaults(["answers=5%@1s-2s"], as: .hitRatio, checkedAgainst: design)
        #expect(options.outages.count == 1)
        // A fault that changes nothing is refused, as 0 replicas down is: the cache's own ratio, 1x slower.
        #expect(throws: OutageError("invalid --hit-ratio 'answers=30%@1s-2s': 30% is the hit ratio answers already has, so the fault changes nothing; expected a lower one, such as 15%")) {
            try options.addFaults(["answers=30%@1s-2s"], as: .hitRatio, checkedAgainst: design)
        }
        #expect(throws: OutageError("invalid --slow 'scorer=1x@1s-2s': 1x slower changes nothing; expected more than 1x (scorer=2x@…)")) {
            try options.addFaults(["scorer=1x@1s-2s"], as: .slow, checkedAgainst: design)
        }
        #expect(options.outages.count == 1)
    }

    /// Faults that cannot happen are refused, not run as if they had (the run was identical to one
    /// without the fault, and the report still named it): more replicas down than the component
    /// has, and any fault on an offline component, which takes no requests.
    @Test func refusesFaultsThatCannotHappen() throws {
        var design = Self.design()
        design.components.append(Component(id: "events_log", kind: .eventLog))
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid --down 'scorer=5@1s-3s': scorer has 4 replicas; expected at most 4 down")) {
            try options.addFaults(["scorer=5@1s-3s"], checkedAgainst: design)
        }
        #expect(throws: OutageError("invalid --slow 'events_log=2x@1s-3s': events_log is offline (event_log) and takes no requests, so the fault would change nothing")) {
            try options.addFaults(["events_log=2x@1s-3s"], checkedAgainst: design)
        }
        try options.addFaults(["scorer=4@1s-3s"], checkedAgainst: design)
        #expect(options.outages.count == 1, "all its replicas down is a fault that can happen")
    }

    /// A timed run that ends before a fault's window opens says the fault never started.
    @Test func aFaultAfterTheEndOfATimedRunIsReportedAsNeverStarted() throws {
        var a = Component(id: "svc", kind: .station)
        a.latency = .exponential(mean: .milliseconds(1))
        let model = try SimulationModel(design: Design(entry: "svc", components: [a], workload: Workload(qps: Rate(perSecond: 100))))
        let late = Simulation(model: try model.withOutages([Outage(id: "svc", replicasDown: 1, startSeconds: 25, endSeconds: 30)]), seed: 1).run(until: .time(20))
        #expect(late.warnings.contains { $0.hasPrefix("the fault 1 replica of svc down from 25 s never started: the run ended at ") }, "\(late.warnings)")
        let inside = Simulation(model: try model.withOutages([Outage(id: "svc", replicasDown: 1, startSeconds: 5, endSeconds: 6)]), seed: 1).run(until: .time(20))
        #expect(!inside.warnings.contains { $0.contains("never started") })
        #expect(!inside.warnings.contains { $0.contains("still on") })
        // One that started and outlasts the run says its end is outside it.
        let outlasting = Simulation(model: try model.withOutages([Outage(id: "svc", replicasDown: 1, startSeconds: 15, endSeconds: 40)]), seed: 1).run(until: .time(20))
        #expect(outlasting.warnings.contains("the run ended at 20 s with the fault 1 replica of svc down still on (it ends at 40 s): its end and any recovery are outside the run (make it longer with --duration)"), "\(outlasting.warnings)")
        #expect(!outlasting.warnings.contains { $0.contains("never started") })
        // JSON says so too: it listed the late fault like one that happened.
        func outages(_ r: SimulationResult) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.jsonText().utf8)) as? [String: Any])
            return try #require(object["outages"] as? [[String: Any]])
        }
        #expect(try outages(late).map { $0["never_started"] as? Bool } == [true])
        #expect(try outages(inside).map { $0["never_started"] as? Bool } == [false])
    }

    /// Two `--down` windows that overlap may each fit the component yet together take more
    /// replicas than it has; the engine stops at none, so the run says so (it said nothing).
    @Test func overlappingDownFaultsThatTakeMoreReplicasThanExistAreFound() {
        let replicas = { (id: String) -> Int? in id == "scorer" ? 12 : id == "cache" ? 2 : nil }
        let two = [Outage(id: "scorer", replicasDown: 8, startSeconds: 5, endSeconds: 15), Outage(id: "scorer", replicasDown: 8, startSeconds: 10, endSeconds: 20)]
        #expect(OvercommittedFault.find(in: two, replicas: replicas)
                == [OvercommittedFault(id: "scorer", replicasDown: 16, replicas: 12, startSeconds: 10, endSeconds: 15)])
        #expect(OvercommittedFault.find(in: two, replicas: replicas).first?.warning
                == "overlapping faults take 16 replicas of scorer down from 10 s to 15 s, but it has 12: all 12 were down then, not more")
        // Back to back, or together within the replicas, or a slow fault: nothing to say.
        #expect(OvercommittedFault.find(in: [Outage(id: "scorer", replicasDown: 8, startSeconds: 5, endSeconds: 10),
                                             Outage(id: "scorer", replicasDown: 8, startSeconds: 10, endSeconds: 20)], replicas: replicas).isEmpty)
        #expect(OvercommittedFault.find(in: [Outage(id: "scorer", replicasDown: 6, startSeconds: 5, endSeconds: 15),
                                             Outage(id: "scorer", replicasDown: 6, startSeconds: 10, endSeconds: 20),
                                             Outage(id: "scorer", effect: .slow(factor: 3), startSeconds: 5, endSeconds: 20)], replicas: replicas).isEmpty)
        // Three windows: one span while more than 12 are down, with its peak; another component on its own.
        let three = two + [Outage(id: "scorer", replicasDown: 5, startSeconds: 12, endSeconds: 18),
                           Outage(id: "cache", replicasDown: 2, startSeconds: 1, endSeconds: 3), Outage(id: "cache", replicasDown: 1, startSeconds: 2, endSeconds: 4)]
        #expect(OvercommittedFault.find(in: three, replicas: replicas) == [
            OvercommittedFault(id: "scorer", replicasDown: 21, replicas: 12, startSeconds: 10, endSeconds: 18),
            OvercommittedFault(id: "cache", replicasDown: 3, replicas: 2, startSeconds: 2, endSeconds: 3),
        ])
    }

    /// The run's warnings (the table, JSON, CSV and the TUI's results print them) carry it, once
    /// it happened within the run.
    @Test func aRunWithOverlappingDownFaultsThatTakeTooManyReplicasWarns() throws {
        var a = Component(id: "svc", kind: .station)
        a.latency = .exponential(mean: .milliseconds(1))
        a.replicas = 3
        let model = try SimulationModel(design: Design(entry: "svc", components: [a], workload: Workload(qps: Rate(perSecond: 100))))
        let faults = [Outage(id: "svc", replicasDown: 2, startSeconds: 2, endSeconds: 6), Outage(id: "svc", replicasDown: 2, startSeconds: 4, endSeconds: 8)]
        let run = Simulation(model: try model.withOutages(faults), seed: 1).run(until: .time(10))
        #expect(run.warnings.contains("overlapping faults take 4 replicas of svc down from 4 s to 6 s, but it has 3: all 3 were down then, not more"), "\(run.warnings)")
        let before = Simulation(model: try model.withOutages(faults), seed: 1).run(until: .time(3))
        #expect(!before.warnings.contains { $0.hasPrefix("overlapping faults") }, "the run ended before they overlapped")
    }

    @Test func checksZonesAgainstTheDesignOnlyWhenGivenOne() throws {
        var design = Self.design()
        design.zones = 2
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid fault 'zone:3@1s-2s': the design spans 2 zones (zones: 2); expected zone:1 to zone:2")) {
            try options.addFaults(["zone:3@1s-2s"], checkedAgainst: design)
        }
        #expect(throws: OutageError("invalid --down 'zone:9@1s-2s': the design spans 2 zones (zones: 2); expected zone:1 to zone:2")) {
            try options.addFaults(["zone:9@1s-2s"], as: .down, checkedAgainst: design)
        }
        try options.addFaults(["zone:3@1s-2s"])
        #expect(options.outages.count == 1, "without a design only the spelling is checked")
    }
}

/// The examples in a fault's error name what the design would take: a hit-ratio example names a
/// cache with on_miss (fraud-detection's example was `velocity`, a cache without one, refused).
struct FaultExampleTests {
    @Test(arguments: ["fraud-detection", "feed-ranking", "eta-prediction", "semantic-search", "rag-assistant"])
    func theHitRatioExampleIsACacheTheDesignTakes(id: String) throws {
        let design = try ScenarioLibrary(environment: [:]).load(id).scenario.design
        let ex = Outage.Examples(design: design)
        if design.components.contains(where: { $0.kind.isCache && $0.onMiss != nil }) {
            try Outage(parsing: "\(ex.cache)=\(ex.cacheRatio)@1s-2s").check(against: design)
        } else {
            #expect(ex.cache == "cache", "no cache takes one: the example is generic")
        }
        try Outage(parsing: "\(ex.component)=1@1s-2s").check(against: design)
    }
}
