import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Circuit breakers, deadline propagation and load shedding (issue #8, Deliver 2).
struct CircuitBreakerTests {
    /// `down` (10 servers, 2 ms, no queue) behind a breaker that opens after 2 consecutive failures
    /// for 10 ms with one probe; `rules` answers when it fails. Requests arrive every 4 ms and
    /// spend 1 ms at `api` first; all of `down` is out from 10 ms to 30 ms.
    static func traceModel() throws -> SimulationModel {
        var m = try model("""
            entry: api
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [down] }] }
              down: { kind: station, concurrency: 10, latency: { constant: 2ms }, queue_limit: 0, fallback: rules,
                      circuit_breaker: { failures: 2, open_for: 10ms, half_open_probes: 1 } }
              rules: { kind: station, concurrency: 100, latency: { constant: 1ms } }
            """)
        m.arrivals = .deterministic(intervalSeconds: 0.004)
        return try m.withOutages([Outage(id: "down", replicasDown: 1, startSeconds: 0.010, endSeconds: 0.030)])
    }

    /// Worked by hand (request k arrives at 4(k+1) ms and calls `down` 1 ms later):
    /// r0 at 5 ms and r1 at 9 ms are served. r2 (13 ms) and r3 (17 ms) find no server and no queue:
    /// rejected, the second failure in a row opens the breaker at 17 ms until 27 ms. r4 (21) and r5
    /// (25) fail at once. r6 (29 ms) is the half-open probe; the outage lasts to 30 ms, so it is
    /// rejected and the breaker opens again until 39 ms. r7 (33) and r8 (37) fail at once. r9
    /// (41 ms) is the next probe; it is served by 43 ms and closes the breaker. r10 (45) is served.
    @Test func opensAfterConsecutiveFailuresProbesAndCloses() throws {
        var trace: [TraceEvent] = []
        let r = Simulation(model: try Self.traceModel(), seed: 1, warmupFraction: 0).run(until: .requests(11)) { trace.append($0) }
        let breaker = trace.filter { $0.kind == .breaker }.map { "\(String(format: "%.3f", $0.time)) \($0.detail)" }
        #expect(breaker == ["0.017 open", "0.029 half-open", "0.029 open", "0.041 half-open", "0.043 closed"])
        let fastFailed = trace.filter { $0.kind == .fastFail }.map(\.request)
        #expect(fastFailed == [4, 5, 7, 8])
        let rejected = trace.filter { $0.kind == .reject }.map(\.request)
        #expect(rejected == [2, 3, 6])
        let down = try #require(r[component: "down"])
        #expect(down.fastFailed == 4)
        #expect(down.rejected == 3)
        #expect(down.fallbacks == 7)
        #expect(down.breakerOpens == 2)
        // Not closed from 17 ms to 43 ms of the window from the first arrival (4 ms) to the last (44 ms).
        expectNear(down.breakerOpenShare, 0.026 / 0.040, absolute: 1e-9, "share of the window not closed")
        // Fast-failed calls are not visits: 11 requests, 4 refused before they reached `down`.
        expectNear(down.attemptsPerRequest, 7.0 / 11, absolute: 1e-12, "visits per request")
        #expect(r.successes == 11 && r.degraded == 7)
        #expect(r.errors.total == 0)
    }

    /// Without a fallback a refused call fails as rejected; a retry refused by the open breaker is
    /// not made (counted as fast-failed, not as a retry) and is not tried again.
    @Test func aRefusedRetryIsNotMadeAndTheRequestFailsAsRejected() throws {
        var m = try model("""
            entry: api
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [down] }] }
              down: { kind: station, concurrency: 10, latency: { constant: 2ms }, queue_limit: 0, retries: 2,
                      circuit_breaker: { failures: 2, open_for: 1s } }
            """)
        m.arrivals = .deterministic(intervalSeconds: 0.004)
        m = try m.withOutages([Outage(id: "down", replicasDown: 1, startSeconds: 0.010, endSeconds: 10)])
        var trace: [TraceEvent] = []
        let r = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(4)) { trace.append($0) }
        // r0 and r1 are served. r2 at 13 ms: rejected, retried at once and rejected again: two
        // failures open the breaker; its second retry is refused. r3: refused, no retry.
        let down = try #require(r[component: "down"])
        #expect(down.rejected == 2)
        #expect(down.retries == 1)
        #expect(down.fastFailed == 2)
        #expect(trace.filter { $0.kind == .fastFail }.map(\.request) == [2, 3])
        #expect(r.errors.rejected == 2 && r.successes == 2)
        expectNear(down.retryAmplification, 4.0 / 3, absolute: 1e-12, "4 visits (r0, r1, r2 twice), 3 of them first attempts")
    }

    /// A probe whose caller gave up and that is dropped unserved (deadline propagation) frees its
    /// place: the half-open breaker lets the next call through as a probe instead of failing calls
    /// until the dropped one answers (it never will). Driven step by step on the engine.
    @Test func aDroppedProbeFreesItsPlace() throws {
        let m = try model("""
            entry: down
            components:
              down: { kind: station, latency: { constant: 1ms }, timeout: 5ms, deadline_propagation: true,
                      circuit_breaker: { failures: 1, open_for: 1ms, half_open_probes: 1 } }
            """)
        var e = Engine(model: m, seed: 1, warmupFraction: 0, stop: .requests(1), inFlightLimit: nil, observer: NoObserver())
        e.requests.append(RequestSlot())
        e.requestCalls.append(RequestCalls(lastFrame: 2, liveFrames: 3))
        for _ in 0..<3 { e.frames.append(Frame(flags: Frame.root)) }   // three calls of one request, refused ones fail it
        e.breakers[0].state = BreakerState.open
        e.breakers[0].openUntil = 0
        let first = e.breakerAdmits(0, 0)
        #expect(first, "open_for over: half-open, the first call is the probe")
        let out = e.breakers[0].probesOut
        #expect(out == 1)
        let second = e.breakerAdmits(1, 0)
        #expect(!second, "one probe at a time")
        e.breakerRecord(0, 0, .abandoned)
        let afterDrop = (e.breakers[0].state, e.breakers[0].probesOut)
        #expect(afterDrop == (BreakerState.halfOpen, 0))
        let third = e.breakerAdmits(2, 0)
        #expect(third, "the dropped probe's place goes to the next call")
        e.breakerRecord(2, 0, .success)
        let state = e.breakers[0].state
        #expect(state == BreakerState.closed)
    }

    /// A breaker that never sees a failure changes nothing: the same run, figure for figure.
    @Test func aBreakerThatNeverOpensChangesNothing() throws {
        let plainText = stations([(2, 2), (8, 8)], qps: 600)
        let plain = try model(plainText)
        let guarded = try model(plainText.replacingOccurrences(of: "  s2:\n    kind: station", with: "  s2:\n    kind: station\n    circuit_breaker: {}\n    deadline_propagation: true"))
        #expect(guarded.components[1].circuitBreaker == CircuitBreaker())
        let a = Simulation(model: plain, seed: 3).run(until: .requests(20_000))
        let b = Simulation(model: guarded, seed: 3).run(until: .requests(20_000))
        #expect(a == b)
    }
}

struct DeadlinePropagationTests {
    /// `slow` (one server, 10 ms) is called with a 5 ms timeout, every 4 ms. Worked by hand:
    /// r0 is served 5–15 ms (its caller gave up at 10 ms; the work is not in a queue, so it is
    /// done). r1 queued at 9 ms, its caller gave up at 14 ms: at 15 ms it is dropped and r2
    /// (queued at 13 ms, still awaited) starts. Each later pair repeats this.
    @Test func queuedWorkWhoseCallerGaveUpIsDropped() throws {
        let text = """
            entry: api
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [slow] }] }
              slow: { kind: station, concurrency: 1, latency: { constant: 10ms }, timeout: 5ms, deadline_propagation: true }
            """
        var m = try model(text)
        m.arrivals = .deterministic(intervalSeconds: 0.004)
        var trace: [TraceEvent] = []
        let r = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(3)) { trace.append($0) }
        let slow = trace.filter { $0.component == "slow" && [.start, .abandon, .timeout].contains($0.kind) }
            .map { "\(String(format: "%.3f", $0.time)) r\($0.request) \($0.kind.rawValue)" }
        #expect(slow == ["0.005 r0 start", "0.010 r0 timeout", "0.014 r1 timeout", "0.015 r1 abandon", "0.015 r2 start",
                         "0.018 r2 timeout"])
        let c = try #require(r[component: "slow"])
        #expect(c.abandoned == 1)
        #expect(c.timeouts == 3)
        // Without the switch r1 is served too.
        var plain = try model(text.replacingOccurrences(of: ", deadline_propagation: true", with: ""))
        plain.arrivals = .deterministic(intervalSeconds: 0.004)
        let p = Simulation(model: plain, seed: 1, warmupFraction: 0).run(until: .requests(3))
        #expect(p[component: "slow"]?.abandoned == 0)
        #expect(p.simulatedSeconds > r.simulatedSeconds)
    }

    /// Calls made by a call whose caller already gave up are dropped as they arrive; they count as
    /// visits (offered load) but take no service.
    @Test func callsMadeForACallerThatGaveUpAreDroppedOnArrival() throws {
        let text = """
            entry: api
            workload: { qps: 50/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [mid] }] }
              mid: { kind: station, concurrency: 100, latency: { constant: 8ms }, timeout: 5ms, calls: [{ sequence: [leaf] }] }
              leaf: { kind: station, concurrency: 100, latency: { constant: 3ms }, deadline_propagation: true }
            """
        let r = Simulation(model: try model(text), seed: 2, warmupFraction: 0).run(until: .requests(1000))
        let leaf = try #require(r[component: "leaf"])
        #expect(leaf.abandoned == 1000)
        #expect(leaf.attemptsPerRequest == 1)
        #expect(leaf.utilization == 0)
        #expect(leaf.goodput == 0)
        #expect(r.errors.timeout == 1000)
        let plain = Simulation(model: try model(text.replacingOccurrences(of: ", deadline_propagation: true", with: "")), seed: 2, warmupFraction: 0)
            .run(until: .requests(1000))
        #expect(plain[component: "leaf"]?.abandoned == 0)
        #expect((plain[component: "leaf"]?.utilization ?? 0) > 0)
    }
}

struct LoadSheddingTests {
    /// Every measured visit to a queue with a limit and a timeout ends one way: shed at arrival,
    /// or queued and served (whether or not its caller timed out meanwhile), or dropped unserved
    /// under deadline propagation. The counts add up exactly after a drained run.
    @Test(arguments: [false, true]) func everyVisitIsShedServedOrDropped(_ propagate: Bool) throws {
        let text = """
            entry: api
            workload: { qps: 1200/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 1ms }, calls: [{ sequence: [backend] }] }
              backend: { kind: station, concurrency: 4, latency: { exponential: 4ms }, queue_limit: 20, timeout: 12ms,
                         deadline_propagation: \(propagate) }
            """
        var counts: [TraceEvent.Kind: Int] = [:]
        let r = Simulation(model: try model(text), seed: 5, warmupFraction: 0).run(until: .requests(20_000)) { e in
            if e.component == "backend" { counts[e.kind, default: 0] += 1 }
        }
        let b = try #require(r[component: "backend"])
        let visits = counts[.enter, default: 0]
        #expect(visits == r.requests, "one visit per request: no retries")
        #expect(visits == counts[.start, default: 0] + counts[.reject, default: 0] + counts[.abandon, default: 0])
        #expect(b.rejected == counts[.reject, default: 0] && b.rejected > 0)
        #expect(b.timeouts == counts[.timeout, default: 0] && b.timeouts > 0)
        #expect(b.abandoned == counts[.abandon, default: 0])
        #expect(propagate ? b.abandoned > 0 : b.abandoned == 0)
        // Errors by cause: a shed call fails as rejected, a timed-out one as timeout (no retries, no fallback).
        #expect(r.errors.rejected == b.rejected)
        #expect(r.errors.timeout == b.timeouts)
        #expect(r.successes + r.errors.total == r.requests)
    }
}

struct DeadlineSheddingTests {
    /// One server at a constant 10 ms called with a 25 ms timeout: a call that finds q waiting
    /// would finish (q + 1)·10 + 10 ms later, past 25 ms from q = 1, so shedding late calls is
    /// the queue limit 1, decision for decision: the two runs are identical, estimate included.
    @Test func withItsOwnTimeoutItIsAQueueLimit() throws {
        let text = """
            entry: api
            workload: { qps: 90/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, calls: [{ sequence: [s] }] }
              s: { kind: station, latency: { constant: 10ms }, timeout: 25ms, deadline_shedding: true }
            """
        let shedding = Simulation(model: try model(text), seed: 8).run(until: .requests(20_000))
        let limited = Simulation(model: try model(text.replacingOccurrences(of: "deadline_shedding: true", with: "queue_limit: 1")), seed: 8)
            .run(until: .requests(20_000))
        #expect(shedding == limited)
        #expect((shedding[component: "s"]?.rejected ?? 0) > 0)
        #expect(shedding.analytic.components[1].blockedShare > 0)
    }

    /// A caller's deadline up the chain counts: `backend` has no timeout of its own, but the
    /// client gives up on `api` after 30 ms. Calls that could not finish in time are shed on
    /// arrival, so none of the admitted ones times out; without shedding, they queue and time out.
    @Test func aCallersDeadlineUpTheChainCounts() throws {
        let text = """
            entry: api
            workload: { qps: 150/s }
            components:
              api: { kind: station, concurrency: 100, latency: { constant: 1ms }, timeout: 30ms, calls: [{ sequence: [backend] }] }
              backend: { kind: station, latency: { constant: 5ms }, deadline_shedding: true }
            """
        let shedding = Simulation(model: try model(text), seed: 3).run(until: .requests(20_000))
        #expect(shedding.errors.rejected > 0)
        #expect(shedding.errors.timeout == 0)
        let plain = Simulation(model: try model(text.replacingOccurrences(of: ", deadline_shedding: true", with: "")), seed: 3)
            .run(until: .requests(20_000))
        #expect(plain.errors.rejected == 0)
        #expect(plain.errors.timeout > 0)
    }
}
