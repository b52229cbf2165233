/// Random acyclic designs for testing and benchmarking the diagram layout, the same for a seed on
/// every machine.
///
/// Every kind of edge appears: sequence, parallel and async calls, probabilistic branches, cache
/// misses, fallbacks and timeouts; names include wide characters. Most calls go to one of the next
/// four components, one in five jumps anywhere further on, so chains get deep and some edges
/// span tens of layers (at 500 components, up to about 40): the case that once left edges undrawn
/// (issue #13). The layout tests and `mlsd-bench` use it; the simulator's fuzzer has its own
/// (`RandomDesign` in MLSDSim), which leans towards what breaks a run rather than a drawing.
public enum RandomDiagramDesign {
    static let names = ["gateway", "features", "scorer", "ranker", "cache", "特征库", "모델", "🚀 launcher", "index", "review queue",
                        "a-very-long-component-name-that-wraps", "db", "x"]

    /// The design for `seed`, with `componentCount` components (nil: 1–60, drawn from the seed).
    ///
    ///     let design = RandomDiagramDesign.make(seed: 1, componentCount: 500)   // about 1 000 edges
    public static func make(seed: UInt64, componentCount: Int? = nil) -> Design {
        var g = SplitMix64(seed: seed)
        let n = max(componentCount ?? (1 + g.below(60)), 1)
        // The kinds before the LLM serving ones: the same seed keeps giving the same design.
        let kinds = ComponentKind.allCases.filter { $0 != .station && !ComponentKind.llmServingKinds.contains($0) }
        var components: [Component] = []
        for i in 0..<n {
            var c = Component(id: "c\(i)", kind: kinds[g.below(kinds.count)], replicas: 1 + g.below(12))
            if g.chance(0.4) { c.label = names[g.below(names.count)] + (g.chance(0.5) ? " \(i)" : "") }
            components.append(c)
        }
        for i in 0..<n where i + 1 < n {
            let groups = g.below(3)
            for _ in 0..<groups {
                let mode = CallMode.allCases[g.below(3)]
                let count = 1 + g.below(3)
                var targets: [String] = []
                for _ in 0..<count {
                    // Mostly near neighbours, sometimes a long jump, so chains get deep.
                    let span = g.chance(0.8) ? min(n - i - 1, 4) : n - i - 1
                    let t = "c\(i + 1 + g.below(span))"
                    if !targets.contains(t) { targets.append(t) }
                }
                let probability = g.chance(0.2) ? Percentage(fraction: Double(1 + g.below(50)) / 100) : nil
                components[i].calls.append(CallGroup(mode: mode, targets: targets, probability: probability))
            }
            if g.chance(0.15) {
                components[i].kind = .cache
                components[i].hitRatio = Percentage(fraction: Double(50 + g.below(50)) / 100)
                components[i].onMiss = "c\(i + 1 + g.below(n - i - 1))"
            }
            if g.chance(0.15) { components[i].fallback = "c\(i + 1 + g.below(n - i - 1))" }
            if g.chance(0.2) { components[i].timeout = .milliseconds(Double(10 + g.below(90))) }
        }
        return Design(entry: "c0", components: components)
    }
}
