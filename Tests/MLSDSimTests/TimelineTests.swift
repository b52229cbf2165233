import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

@Suite("Fault timelines") struct TimelineTests {
    /// 500/s through `api` to `svc` (two 1 ms servers, 50 ms timeout). Both of svc's replicas are
    /// down from 4 s to 5 s: about 500 requests time out, all of them inside the window (each fails
    /// 50 ms after it arrives, so the last ones fail by 5.05 s), and none before or after.
    static let scenario: Scenario = {
        let yaml = """
            name: outage
            design:
              entry: api
              workload: { qps: 500/s }
              components:
                api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [svc] }] }
                svc: { kind: station, replicas: 2, concurrency: 1, latency: { exponential: 1ms }, timeout: 50ms }
            """
        return (try? Scenario.parse(yaml: yaml, path: "outage.yaml").scenario) ?? Scenario(name: "?", design: Design(entry: "api", components: []))
    }()

    @Test func errorsOnlyInsideTheWindowAndRecoveryRightAfter() throws {
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [Outage(id: "svc", replicasDown: 2, startSeconds: 4, endSeconds: 5)])
        let (result, t) = try Timeline.run(Self.scenario, options: options, bucketSeconds: 0.5)
        #expect(t.buckets.count == 20)
        #expect(t.fault == 4...5)
        for b in t.buckets {
            if b.end <= 4 || b.start >= 5.5 { #expect(b.failed == 0, "no failure at \(b.start) s") }
            if b.start >= 4.1 && b.end <= 5 { #expect(b.failedShare > 0.99, "all fail inside the window at \(b.start) s") }
        }
        // The last failures land by 5.05 s, in the 5–5.5 s bucket; from 5.5 s on the figures are back.
        let recovery = try #require(t.recoverySeconds)
        #expect(recovery <= 0.5, "recovered \(recovery) s after the window")
        #expect(t.failedByFault > 400 && t.failedByFault < 600, "\(t.failedByFault)")
        #expect(t.failedByFault == t.buckets.map(\.failed).reduce(0, +), "every failure is the fault's")
        #expect(t.degradedByFault == 0, "no fallback to answer")
        // Throughput: about 500 answers a second outside the window, none inside it.
        let quiet = t.buckets.filter { $0.end <= 4 && $0.start >= 0.5 }.map(\.throughput)
        #expect(quiet.allSatisfy { $0 > 400 && $0 < 600 }, "\(quiet)")
        #expect(result.outages.count == 1)
    }

    /// Two faults apart (2–3 s and 6–7 s) are two windows: the buckets between them are not inside
    /// a fault (they were, when the window was the span 2–7 s), and those are the buckets with no
    /// failure. Overlapping faults join into one window. Recovery is counted from the last end.
    @Test func faultsApartAreSeparateWindows() throws {
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [
            Outage(id: "svc", replicasDown: 2, startSeconds: 6, endSeconds: 7),
            Outage(id: "svc", replicasDown: 2, startSeconds: 2, endSeconds: 3),
            Outage(id: "svc", replicasDown: 1, startSeconds: 2.5, endSeconds: 3.5),
        ])
        let (_, t) = try Timeline.run(Self.scenario, options: options, bucketSeconds: 0.5)
        #expect(t.fault == 2...7)
        #expect(t.faultWindows == [2...3.5, 6...7])
        let marked = t.buckets.filter { t.overlapsFault($0) }.map(\.start)
        #expect(marked == [2, 2.5, 3, 6, 6.5], "\(marked)")
        let between = t.buckets.filter { $0.start >= 4 && $0.end <= 6 }
        #expect(between.count == 4 && between.allSatisfy { !t.overlapsFault($0) && $0.failed == 0 })
        #expect(try #require(t.recoverySeconds) <= 0.5, "counted from 7 s, the last fault's end")
    }

    @Test func withoutAFaultThereIsNoRecoveryToMeasure() throws {
        let (_, t) = try Timeline.run(Self.scenario, options: .init(seed: 3, stop: .time(3)), bucketSeconds: 1)
        #expect(t.fault == nil && t.recoverySeconds == nil && t.failedByFault == 0)
        #expect(t.buckets.count == 3)
        #expect(t.buckets.allSatisfy { $0.p99 != nil && $0.failed == 0 })
    }
}
