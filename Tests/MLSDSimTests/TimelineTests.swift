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

    /// An outage that only delays: without a timeout, svc's requests wait out the second both
    /// replicas are down and nothing fails, so "0 failed, 0 degraded" read as harmless. The slow
    /// answers are counted: above the p99 target when the scenario sets one, else above 1.25 × the
    /// worst p99 before the fault.
    @Test func anOutageThatOnlyDelaysCountsItsSlowAnswers() throws {
        var s = Self.scenario
        s.design.components[1].timeout = nil
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [Outage(id: "svc", replicasDown: 2, startSeconds: 4, endSeconds: 5)])
        let (_, t) = try Timeline.run(s, options: options, bucketSeconds: 0.5)
        #expect(t.failedByFault == 0 && t.degradedByFault == 0)
        // About 500 requests arrive in the window and wait for it to end: each is slow.
        #expect(t.slowByFault > 400, "\(t.slowByFault)")
        #expect(!t.slowBarIsTarget && (t.slowBarSeconds ?? 1) < 0.05)
        #expect(t.costText.hasPrefix("0 requests failed, 0 were answered by a fallback (degraded) and \(FigureFormat.count(t.slowByFault)) were answered slower than"))
        // With a p99 target of 2 s, the ones that waited less than that are not slow.
        s.requirements.latencyP99 = TimeSpan(seconds: 2)
        let (_, lenient) = try Timeline.run(s, options: options, bucketSeconds: 0.5)
        #expect(lenient.slowBarIsTarget && lenient.slowBarSeconds == 2 && lenient.slowByFault == 0)
        #expect(lenient.costText.contains("0 were answered slower than the 2 s p99 target"))
        // Without a fault nothing is counted.
        let (_, calm) = try Timeline.run(s, options: Simulation.Options(seed: 3, stop: .time(10)), bucketSeconds: 0.5)
        #expect(calm.slowByFault == 0 && calm.slowBarSeconds == nil)
    }

    /// Recovery waits for the median too: a cache's hit ratio falling sends most answers down the
    /// slow path while the p99, already a miss's time, barely moves. Buckets of 1 s, fault 4–6 s:
    /// the p99 is 21 ms throughout, the p50 1 ms before, 20 ms in the window and the two seconds
    /// after it (the backlog of misses), then 1 ms again.
    @Test func recoveryWaitsForTheMedianToo() throws {
        let p50 = [0.001, 0.001, 0.001, 0.001, 0.02, 0.02, 0.02, 0.02, 0.001, 0.001, 0.001, 0.001]
        let buckets = p50.enumerated().map { i, m in
            Timeline.Bucket(start: Double(i), end: Double(i + 1), completed: 500, failed: 0, degraded: 0, p50: m, p99: 0.021)
        }
        var t = Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [4...6], recoverySeconds: nil, failedByFault: 0, degradedByFault: 0, runSeconds: 12)
        t.measureRecovery()
        #expect(t.recoverySeconds == 2, "back at 8 s, two seconds after the window: \(String(describing: t.recoverySeconds))")
    }

    /// Recovery needs two healthy buckets in a row; the last bucket alone is not enough (a new user
    /// read "Recovery 25 s" on a run whose bucket before the last was still over the bar).
    @Test func theLastBucketAloneIsNotARecovery() throws {
        let p99 = [0.02, 0.02, 0.02, 0.02, 0.2, 0.2, 0.2, 0.2, 0.021]
        let buckets = p99.enumerated().map { i, p in
            Timeline.Bucket(start: Double(i), end: Double(i + 1), completed: 500, failed: 0, degraded: 0, p50: 0.01, p99: p)
        }
        var t = Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [4...6], recoverySeconds: nil, failedByFault: 0, degradedByFault: 0, runSeconds: 9)
        t.measureRecovery()
        #expect(t.recoverySeconds == nil && t.recovery == .notWithinRun)
        // One more healthy bucket and it has recovered, at the first of the two.
        var longer = Timeline(bucketSeconds: 1, buckets: buckets + [Timeline.Bucket(start: 9, end: 10, completed: 500, failed: 0, degraded: 0, p50: 0.01, p99: 0.02)],
                              faultWindows: [4...6], recoverySeconds: nil, failedByFault: 0, degradedByFault: 0, runSeconds: 10)
        longer.measureRecovery()
        #expect(longer.recoverySeconds == 2)
    }

    /// One of each reads in the singular ("1 were answered slower" before).
    @Test func theCostLineCountsOneInTheSingular() {
        var t = Timeline(bucketSeconds: 1, buckets: [], faultWindows: [1...2], recoverySeconds: 1, failedByFault: 1, degradedByFault: 1, runSeconds: 4)
        t.slowByFault = 1
        t.slowBarSeconds = 0.05
        t.slowBarIsTarget = true
        #expect(t.costText == "1 request failed, 1 was answered by a fallback (degraded) and 1 was answered slower than the 50 ms p99 target, from the fault's start to recovery")
    }

    /// A fault that takes the design past what the run can hold: the simulator stops the run (a
    /// bound), and the timeline says so. It read "not within the run: make it longer", "0 requests
    /// failed" beside a header with 26.6 % cut off, and "the last 11 s (19 s to 30 s) are left out:
    /// a part bucket" of a run stopped at 18 s.
    @Test func aRunStoppedByABoundDuringTheFaultSaysSo() throws {
        // 50k/s on 100 servers of 1 ms (ρ 0.5); 1000 times slower from 2 s, the requests in flight
        // pass the 200,000 bound within seconds.
        let options = Simulation.Options(seed: 3, stop: .time(30), outages: [Outage(id: "svc", effect: .slow(factor: 1000), startSeconds: 2, endSeconds: 20)])
        let design = try Self.scenario.applying(["workload.qps=50k/s", "svc.replicas=100", "svc.timeout=none"].map { try DesignOverride(parsing: $0) })
        let (result, t) = try Timeline.run(design, options: options, bucketSeconds: 0.5)
        #expect(result.wasCutOff && result.cutOff != .cancelled, "\(String(describing: result.cutOff))")
        #expect(t.stoppedEarly == result.cutOff?.description)
        #expect(t.recovery == .cutOff)
        #expect(t.runSeconds < 20 && t.runSeconds == result.simulatedSeconds)
        #expect(t.leftOutSeconds < 0.5)
        #expect(t.cutOffFailed == result.errors.failed && t.cutOffFailed > 0)
        #expect(t.failedByFault >= t.cutOffFailed)
        #expect(t.recoveryText(longer: "make it longer")?.hasPrefix("none: the simulator stopped the run at") == true)
        #expect(t.costText.contains("left unanswered when the run was stopped") && t.costText.hasSuffix("to the stop"), "\(t.costText)")
    }

    /// A run of a number of requests whose arrivals end while the fault is still on warns that the
    /// rest of the fault met no request (eta-prediction's 200,000 requests at 20k/s end at 10 s, as
    /// a 10s-20s fault opens); seconds after the last answer are not called "left out".
    @Test func arrivalsEndingInsideTheFaultAreWarnedOf() throws {
        let options = Simulation.Options(seed: 3, stop: .requests(2_000), outages: [Outage(id: "svc", replicasDown: 1, startSeconds: 3, endSeconds: 8)])
        let (result, t) = try Timeline.run(Self.scenario, options: options, bucketSeconds: 0.5)
        #expect(result.warnings.contains { $0.hasPrefix("the run's last request arrived at 4") && $0.contains("before the fault 1 replica of svc down ended at 8 s") }, "\(result.warnings)")
        #expect(t.leftOutSeconds < 0.5)
        #expect(t.runSeconds < 4.5, "the buckets end at the last answer: \(t.runSeconds)")
        let healthy = try Timeline.run(Self.scenario, options: Simulation.Options(seed: 3, stop: .requests(20_000), outages: options.outages), bucketSeconds: 0.5).0
        #expect(!healthy.warnings.contains { $0.hasPrefix("the run's last request arrived") })
    }

    /// A design overloaded without the fault (svc at 500/s on one 4 ms server: ρ 2) has no state
    /// to recover to: recovery is "not measured" and says why, and the cost runs to the end of the
    /// run. It read "Recovery 0 ms after the fault ended (figures back to before it)" while the
    /// design was already failing before the fault.
    @Test func anOverloadedDesignHasNoRecoveryToMeasure() throws {
        var s = Self.scenario
        s.design.components[1].replicas = 1
        s.design.components[1].latency = .exponential(mean: TimeSpan(seconds: 0.004))
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [Outage(id: "svc", replicasDown: 1, startSeconds: 4, endSeconds: 5)])
        let (_, t) = try Timeline.run(s, options: options, bucketSeconds: 0.5)
        #expect(t.recovery == .overloadedBefore)
        #expect(t.recoverySeconds == nil)
        #expect(t.overloadedWithoutFault == ["svc at ρ 2.00"], "\(t.overloadedWithoutFault)")
        #expect(t.recoveryText(longer: nil)?.hasPrefix("not measured: the design is overloaded without the fault (svc at ρ 2.00)") == true)
        #expect(t.costEndText == "the end of the run")
        // The same fault on the stable design recovers.
        let (_, healthy) = try Timeline.run(Self.scenario, options: options, bucketSeconds: 0.5)
        #expect(healthy.overloadedWithoutFault.isEmpty && healthy.recoverySeconds != nil)
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

    /// A design whose answers take seconds: in its first seconds few answers come back, so those
    /// buckets are no baseline. A fault at 4 s leaves none (the answers before it take up to about
    /// 10 s), so recovery is "not measured", with where to start the fault instead, and the cost is
    /// counted to the end of the run — not "not within the run" and 0 failures, as it read.
    @Test func aDesignStillFillingHasNoBaselineBeforeAnEarlyFault() throws {
        let yaml = """
            name: slow
            design:
              entry: api
              workload: { qps: 50/s }
              components:
                api: { kind: station, concurrency: 1000, latency: { exponential: 3s }, calls: [{ sequence: [svc] }] }
                svc: { kind: station, replicas: 4, concurrency: 10, latency: { constant: 100ms }, timeout: 1s }
            """
        let scenario = try Scenario.parse(yaml: yaml, path: "slow.yaml").scenario
        let early = Simulation.Options(seed: 3, stop: .time(40), outages: [Outage(id: "svc", replicasDown: 4, startSeconds: 4, endSeconds: 6)])
        let (_, t) = try Timeline.run(scenario, options: early, bucketSeconds: 1)
        #expect(t.settleSeconds > 5 && t.settleSeconds < 20, "p99 of an exponential 3 s service: about 14 s, got \(t.settleSeconds)")
        guard case .noBaseline(let start) = try #require(t.recovery) else { Issue.record("\(String(describing: t.recovery))"); return }
        #expect(start == t.baselineStart + 1 && start > 5, "\(start)")
        #expect(t.failedByFault > 0 && t.failedByFault == t.buckets.filter { $0.end > 4 }.map(\.failed).reduce(0, +), "counted to the run's end")
        #expect(t.costEndText == "the end of the run")
        #expect(t.costText.hasSuffix("to the end of the run (recovery could not be measured, so this counts any time after it too)"), "\(t.costText)")
        let text = try #require(t.recoveryText(longer: "make it longer (--duration)"))
        #expect(text.hasPrefix("not measured: no full bucket before the fault to compare with, as the system is still filling for its first "), "\(text)")
        #expect(text.hasSuffix("start the fault at \(TimeSpan(seconds: start)) or later"), "\(text)")

        // Started after the system filled, the same fault is measured against the buckets before it.
        let late = Simulation.Options(seed: 3, stop: .time(80), outages: [Outage(id: "svc", replicasDown: 4, startSeconds: 30, endSeconds: 32)])
        let (_, u) = try Timeline.run(scenario, options: late, bucketSeconds: 1)
        #expect(u.baseline(before: 30...32).count >= 5)
        #expect(!u.costText.contains("could not be measured"))
        if case .recovered = try #require(u.recovery) {} else { Issue.record("expected recovery, got \(String(describing: u.recovery))") }
    }

    /// A fault from the run's start has no bucket before it at all.
    @Test func aFaultFromTheStartHasNoBaseline() throws {
        let options = Simulation.Options(seed: 3, stop: .time(10), outages: [Outage(id: "svc", replicasDown: 2, startSeconds: 0, endSeconds: 4)])
        let (_, t) = try Timeline.run(Self.scenario, options: options, bucketSeconds: 1)
        #expect(t.recovery == .noBaseline(startAtLeast: 2))
        #expect(t.recoveryText(longer: nil)?.contains("as the first bucket starts empty; start the fault at 2s or later") == true, "\(t.recoveryText(longer: nil) ?? "")")
        #expect(t.failedByFault > 1500, "the fault's failures are counted without a baseline: \(t.failedByFault)")
    }

    /// A fault whose window opens after the run ended never happened: its window is not in the
    /// timeline (text, JSON `fault_windows`, CSV and the TUI's panel read it), so no "recovery not
    /// within the run" and no cost are reported for it; a fault inside the run keeps its window.
    @Test func aFaultAfterTheRunHasNoWindow() throws {
        let late = Outage(id: "svc", replicasDown: 2, startSeconds: 12, endSeconds: 14)
        let (result, t) = try Timeline.run(Self.scenario, options: .init(seed: 3, stop: .time(10), outages: [late]), bucketSeconds: 1)
        #expect(t.faultWindows.isEmpty && t.fault == nil && t.recoverySeconds == nil && t.failedByFault == 0)
        #expect(result.neverStartedFaults == [late])
        let inside = Outage(id: "svc", replicasDown: 2, startSeconds: 4, endSeconds: 5)
        let (both, u) = try Timeline.run(Self.scenario, options: .init(seed: 3, stop: .time(10), outages: [inside, late]), bucketSeconds: 1)
        #expect(u.faultWindows == [4...5] && u.fault == 4...5)
        #expect(both.neverStartedFaults == [late] && both.outages == [inside, late], "the faults asked for are still listed")
        // A run of so many requests drains every event, the late fault's too; its end is still the last request's.
        let (counted, v) = try Timeline.run(Self.scenario, options: .init(seed: 3, stop: .requests(2_000), outages: [Outage(id: "svc", replicasDown: 2, startSeconds: 30, endSeconds: 40)]), bucketSeconds: 1)
        #expect(v.faultWindows.isEmpty)
        #expect(counted.warnings.contains("the fault 2 replicas of svc down from 30 s never started: the run's 2,000 requests ended before it (make it longer with --requests or --duration)"), "\(counted.warnings)")
    }

    @Test func withoutAFaultThereIsNoRecoveryToMeasure() throws {
        let (_, t) = try Timeline.run(Self.scenario, options: .init(seed: 3, stop: .time(3)), bucketSeconds: 1)
        #expect(t.fault == nil && t.recoverySeconds == nil && t.failedByFault == 0 && t.recovery == nil)
        #expect(t.buckets.count == 3)
        #expect(t.buckets.allSatisfy { $0.p99 != nil && $0.failed == 0 })
    }
}
