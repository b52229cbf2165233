public import MLSDCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random designs for fuzzing the simulator, the same for a seed on every machine.
///
/// 1–12 stations in an acyclic call graph, leaning towards what once broke the run's bounds
/// (issue #13): retries with 1 µs timeouts, fallbacks, fan-out to repeated targets, slow
/// single-server stores, overload, a million replicas × a million servers, batching, queue limits,
/// bursts, circuit breakers, deadline propagation and deadline shedding. The fuzz test in `MLSDSimTests` and `mlsd-bench --fuzz` both use it.
public enum RandomDesign {
    /// The simulator's own ``SplitMix64`` with the draws a design needs.
    struct Generator {
        var rng: SplitMix64
        mutating func next() -> UInt64 { rng.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ p: Double) -> Bool { rng.nextUniform() < p }
        /// Log-uniform between lo and hi.
        mutating func logUniform(_ lo: Double, _ hi: Double) -> Double { lo * pow(hi / lo, rng.nextUniform()) }
    }

    /// The design for `seed`; validate it before use (a rare one fails validation, e.g. a retry warning is fine but an error is not).
    public static func make(seed: UInt64) -> Design {
        var g = Generator(rng: SplitMix64(seed: seed))
        let n = 1 + g.below(12)
        var components: [Component] = []
        for i in 0..<n {
            var c = Component(id: "c\(i)", kind: .station, replicas: g.chance(0.05) ? 1_000_000 : 1 + g.below(4))
            c.concurrency = g.chance(0.05) ? 1_000_000 : 1 + g.below(8)
            let mean = TimeSpan(seconds: g.chance(0.1) ? g.logUniform(1, 60) : g.logUniform(1e-6, 0.2))
            switch g.below(4) {
            case 0: c.latency = .exponential(mean: mean)
            case 1: c.latency = .constant(mean)
            case 2: c.latency = .range(low: mean, high: TimeSpan(seconds: mean.seconds * (1 + g.logUniform(0.1, 20))))
            default: c.latency = .uniform(low: TimeSpan(seconds: mean.seconds / 2), high: TimeSpan(seconds: mean.seconds * 1.5))
            }
            if g.chance(0.3) { c.timeout = TimeSpan(seconds: g.chance(0.3) ? 1e-6 : g.logUniform(1e-4, 1)) }
            if g.chance(0.3) { c.retries = g.below(11) }
            if g.chance(0.1) { c.queueLimit = g.below(50) }
            if g.chance(0.1) { c.batching = Batching(maxBatch: 1 + g.below(32), maxWait: TimeSpan(seconds: g.logUniform(1e-5, 0.1))) }
            components.append(c)
        }
        for i in 0..<n where i + 1 < n {
            for _ in 0..<g.below(3) {
                let mode = CallMode.allCases[g.below(3)]
                let targets = (0..<(1 + g.below(g.chance(0.2) ? 10 : 3))).map { _ in "c\(i + 1 + g.below(n - i - 1))" }
                let probability = g.chance(0.2) ? Percentage(fraction: Double(1 + g.below(99)) / 100) : nil
                components[i].calls.append(CallGroup(mode: mode, targets: targets, probability: probability))
            }
            if g.chance(0.25) { components[i].fallback = "c\(i + 1 + g.below(n - i - 1))" }
        }
        // Policies from a stream of their own, so the rest of each seed's design is what it was
        // before they existed.
        var p = Generator(rng: SplitMix64(seed: seed ^ 0x5EED_B4EA_4E55_0001))
        for i in 0..<n {
            if p.chance(0.15) {
                components[i].circuitBreaker = CircuitBreaker(failures: 1 + p.below(10), openFor: TimeSpan(seconds: p.logUniform(1e-4, 10)),
                                                              halfOpenProbes: 1 + p.below(3))
            }
            if p.chance(0.15) { components[i].deadlinePropagation = true }
            if p.chance(0.1) { components[i].deadlineShedding = true }
        }
        var workload = Workload(qps: Rate(perSecond: g.logUniform(1, 1e5)))
        if g.chance(0.1) { workload.pattern = .burst(factor: 1 + Double(g.below(10)), every: TimeSpan(seconds: 10), length: TimeSpan(seconds: 2)) }
        return Design(entry: "c0", components: components, workload: workload)
    }
}
