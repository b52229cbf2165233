import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

struct OutageTests {
    /// One request a second to A (one server, 0.5 s). A is down from 1.2 s to 2.7 s: r0 (1.0–1.5) is
    /// unaffected, r1 arrives at 2 and waits until 2.7, finishing at 3.2; r2 arrives at 3, waits for
    /// r1 and finishes at 3.7. Latencies 0.5, 1.2, 0.7.
    @Test func downedServersTakeNoWorkUntilTheWindowEnds() throws {
        var a = Component(id: "A", kind: .station)
        a.latency = .constant(.milliseconds(500))
        var m = try SimulationModel(design: Design(entry: "A", components: [a]))
        m.arrivals = .deterministic(intervalSeconds: 1)
        m = try m.withOutages([Outage(id: "A", replicasDown: 1, startSeconds: 1.2, endSeconds: 2.7)])
        var trace: [String] = []
        let r = Simulation(model: m, seed: 1, warmupFraction: 0).run(until: .requests(3)) { trace.append($0.description) }
        #expect(trace.contains("2.700 r1 start A"))
        #expect(trace.contains("3.200 r2 start A"))
        expectNear(r.latency.mean, (0.5 + 1.2 + 0.7) / 3, absolute: 1e-9, "mean latency")
        #expect(r.outages.count == 1)
    }

    @Test func losingHalfTheReplicasRaisesWaitsAndLosingAllCausesTimeouts() throws {
        let text = """
            entry: api
            workload: { qps: 500/s }
            components:
              api: { kind: station, concurrency: 1000, latency: { constant: 0ms }, calls: [{ sequence: [svc] }] }
              svc: { kind: station, replicas: 2, concurrency: 1, latency: { exponential: 1ms }, timeout: 50ms }
            """
        let base = try model(text)
        let healthy = Simulation(model: base, seed: 7).run(until: .time(10))
        let half = Simulation(model: try base.withOutages([Outage(id: "svc", replicasDown: 1, startSeconds: 2, endSeconds: 8)]), seed: 7).run(until: .time(10))
        let all = Simulation(model: try base.withOutages([Outage(id: "svc", replicasDown: 5, startSeconds: 4, endSeconds: 5)]), seed: 7).run(until: .time(10))
        #expect(healthy.errorRate == 0)
        // One server at ρ = 0.5 for 6 s of the 9 s measured: waits grow from Erlang C to M/M/1 levels.
        #expect((half[component: "svc"]?.meanWaitSeconds ?? 0) > 2 * (healthy[component: "svc"]?.meanWaitSeconds ?? 1))
        #expect(half.errorRate == 0)
        // All replicas down for 1 s: the ≈ 500 requests of that second time out (≈ 11 % of 4500).
        #expect(all.errors.timeout > 400 && all.errors.timeout == all.errors.total)
        #expect(all.errors.timeout < 1000)
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        var text: String
        var message: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        BadCase(text: "scorer", message: "invalid --down 'scorer': no '=' after the component's id; expected id=replicas@start-end such as scorer=2@10s-20s, or zone:N@start-end such as zone:1@10s-20s"),
        BadCase(text: "scorer=0@1s-2s", message: "invalid --down 'scorer=0@1s-2s': 0 replicas down changes nothing; expected 1 or more (scorer=1@…)"),
        BadCase(text: "scorer=-1@1s-2s", message: "invalid --down 'scorer=-1@1s-2s': '-1' is not a number of replicas; expected 1 or more (scorer=1@…)"),
        BadCase(text: "scorer=two@1s-2s", message: "invalid --down 'scorer=two@1s-2s': 'two' is not a number of replicas; expected id=replicas@start-end such as scorer=2@10s-20s, or zone:N@start-end such as zone:1@10s-20s"),
        BadCase(text: "scorer=2@5S-10S", message: "invalid --down 'scorer=2@5S-10S': '5S' is not a time; expected one such as 10s, 1.5s or 2m (from 0 to a year), as in 10s-20s"),
        BadCase(text: "scorer=2@10s", message: "invalid --down 'scorer=2@10s': '10s' is not a window; expected start-end such as 10s-20s"),
        BadCase(text: "scorer=2@", message: "invalid --down 'scorer=2@': no window after '@'; expected start-end such as 10s-20s"),
        BadCase(text: "=2@1s-2s", message: "invalid --down '=2@1s-2s': no component id before '='; expected id=replicas@start-end such as scorer=2@10s-20s, or zone:N@start-end such as zone:1@10s-20s"),
        BadCase(text: "scorer=2@5s-1s", message: "invalid --down 'scorer=2@5s-1s': the window must end after it starts"),
    ])
    func badOutagesSayWhatWasExpected(_ bad: BadCase) {
        #expect(throws: OutageError(bad.message)) { try Outage(parsing: bad.text, as: .down) }
    }

    /// The TUI reads faults against the open design: the examples name its own components, not a
    /// `scorer` it may not have (the blank design has `model`).
    @Test func examplesNameTheDesignsOwnComponents() throws {
        let design = try ScenarioLibrary().load("blank").scenario.design
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid fault 'model=two@1s-2s': 'two' is not a number of replicas; expected id=replicas@start-end (model=2@10s-20s), id=factor x (model=3x@10s-20s: slower), id=ratio% (cache=40%@10s-20s: hit ratio) or zone:N@start-end")) {
            try options.addFaults(["model=two@1s-2s"], checkedAgainst: design)
        }
    }

    @Test func parsesMillisecondsSecondsAndMinutes() throws {
        #expect(try Outage(parsing: "db=3@500ms-2m") == Outage(id: "db", replicasDown: 3, startSeconds: 0.5, endSeconds: 120))
    }

    @Test func unknownComponentIsRejected() throws {
        let m = try model(stations([(1, 1)], qps: 10))
        #expect(throws: SimulationModelError.unknownComponent("nope", referencedBy: "--down")) {
            try m.withOutages([Outage(id: "nope", replicasDown: 1, startSeconds: 0, endSeconds: 1)])
        }
    }
}
