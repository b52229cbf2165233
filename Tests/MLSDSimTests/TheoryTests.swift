import Foundation
import MLSDCore
@testable import MLSDSim
import Testing

/// Agreement with queueing theory at fixed seeds. Runs are short (debug builds are slow), so the
/// tolerances are wider than the benchmark's 1–3 %: each is about 3–4 standard errors of the
/// estimate, the standard error taken from the variance of the run-to-run spread over seeds
/// (autocorrelated waits make it several times the i.i.d. value).
struct TheoryTests {
    @Test func erlangCMatchesKnownValues() {
        // M/M/2 with a = 1: C = 1/3. M/M/1: C = ρ.
        expectClose(ErlangC.probabilityOfWaiting(servers: 2, offeredLoad: 1), 1.0 / 3, relative: 1e-12, "C(2, 1)")
        expectClose(ErlangC.probabilityOfWaiting(servers: 1, offeredLoad: 0.7), 0.7, relative: 1e-12, "C(1, 0.7)")
        // M/M/1 Wq = ρ/(μ − λ): λ 900, μ 1000 → 9 ms.
        expectClose(ErlangC.meanWait(servers: 1, offeredLoad: 0.9, meanServiceSeconds: 0.001), 0.009, relative: 1e-12, "Wq")
        #expect(ErlangC.probabilityOfWaiting(servers: 3, offeredLoad: 3) == 1)
        // Allen–Cunneen with constant service halves the M/M/c wait.
        expectClose(ErlangC.allenCunneenWait(servers: 1, offeredLoad: 0.9, meanServiceSeconds: 0.001, serviceSCV: 0), 0.0045, relative: 1e-12, "M/D/1")
    }

    @Test func tandemTheoryOfOneStationIsMM1() {
        let t = TandemSojourn(arrivalRate: 900, stations: [.init(servers: 1, meanServiceSeconds: 0.001)])
        // M/M/1 sojourn is Exp(μ − λ) = Exp(100/s).
        expectClose(t.mean, 0.01, relative: 1e-12, "mean")
        expectClose(t.quantile(0.5), log(2) / 100, relative: 1e-6, "median")
        expectClose(t.quantile(0.99), log(100) / 100, relative: 1e-6, "p99")
    }

    @Test func mm1AgreesWithTheory() throws {
        let m = try model(stations([(1, 1)], qps: 500))
        let r = Simulation(model: m, seed: 42).run(until: .requests(200_000))
        // ρ = 0.5: sojourn Exp(500/s), mean 2 ms, p50 1.386 ms, p99 9.21 ms. Seed spread ≈ 0.7 % (mean).
        expectClose(r.latency.mean, 0.002, relative: 0.03, "mean")
        expectClose(r.latency.p50, log(2) / 500, relative: 0.03, "p50")
        expectClose(r.latency.p99, log(100) / 500, relative: 0.05, "p99")
        expectClose(r[component: "s1"]?.utilization ?? 0, 0.5, relative: 0.02, "utilisation")
        expectClose(r.analytic.meanLatencySeconds, 0.002, relative: 1e-9, "analytic mean")
    }

    @Test func mmcAgreesWithErlangC() throws {
        let m = try model(stations([(4, 1)], qps: 3000))
        let r = Simulation(model: m, seed: 42).run(until: .requests(200_000))
        // c = 4, a = 3 (ρ = 0.75): C(4, 3) = 0.5094, Wq = C·E[S]/(c − a) = 0.509 ms.
        let c = ErlangC.probabilityOfWaiting(servers: 4, offeredLoad: 3)
        expectClose(c, 0.5094, relative: 0.001, "Erlang C")
        let wait = try #require(r[component: "s1"]?.meanWaitSeconds)
        expectClose(wait, c * 0.001, relative: 0.06, "mean wait")
        expectClose(r.latency.mean, c * 0.001 + 0.001, relative: 0.03, "mean sojourn")
        let theory = TandemSojourn(arrivalRate: 3000, stations: [.init(servers: 4, meanServiceSeconds: 0.001)])
        expectClose(r.latency.p99, theory.quantile(0.99), relative: 0.05, "p99")
    }

    @Test func tandemNetworkIsAProductOfMMcStations() throws {
        let list: [(servers: Int, meanMs: Double)] = [(2, 2), (8, 8), (16, 16)]
        let m = try model(stations(list, qps: 800))
        let r = Simulation(model: m, seed: 42).run(until: .requests(150_000))
        let theory = TandemSojourn(arrivalRate: 800, stations: list.map { .init(servers: $0.servers, meanServiceSeconds: $0.meanMs / 1000) })
        // Mean 33.3 ms; the seed spread at 150k requests is ≈ 0.6 % (mean), 1 % (p99).
        expectClose(r.latency.mean, theory.mean, relative: 0.03, "mean")
        expectClose(r.latency.p50, theory.quantile(0.5), relative: 0.03, "p50")
        expectClose(r.latency.p99, theory.quantile(0.99), relative: 0.04, "p99")
        // A caller holds its server only for its own service: each station's utilisation is λ·E[S]/c = 0.8.
        for c in r.components { expectClose(c.utilization, 0.8, relative: 0.03, "\(c.id) utilisation") }
        expectClose(r.analytic.meanLatencySeconds, theory.mean, relative: 1e-9, "analytic mean")
        expectClose(r.analytic.maxQPS, 1000, relative: 1e-9, "max QPS")
    }

    @Test func infiniteServersNeverWait() throws {
        let m = try model(stations([(100_000, 5)], qps: 2000))
        let r = Simulation(model: m, seed: 1).run(until: .requests(20_000))
        #expect(r[component: "s1"]?.meanWaitSeconds == 0)
    }
}
