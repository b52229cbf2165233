extension Requirement {
    /// What a missed requirement got against what it asks, in words: `Latency p99 51 ms, target
    /// ≤ 50 ms`; for one the run could not judge, its reason (`Latency p50 cannot judge: …`).
    public var shortfall: String {
        kind.title + " " + figureAgainstTarget
    }

    /// The figure against the target without the name: `51 ms, target ≤ 50 ms`, or the reason
    /// when there is no figure or the run cannot judge it.
    public var figureAgainstTarget: String {
        if actual == nil || cannotBeJudged { return reason ?? "no figure" }
        let line = "\(formattedActual), target \(comparison.symbol) \(formattedTarget)"
        // Missed with a figure that meets the target (an unstable run): the reason says why, or the
        // line reads as a pass listed among the misses (support-chat's "Latency p50 3.22 s,
        // target ≤ 5 s" under "missed:" in the interview's curveball line).
        if !passes, let actual, comparison.holds(actual, target), let reason { return line + " (" + reason + ")" }
        return line
    }

    /// How many requirements a run met, naming each one missed with its figure and target:
    ///
    ///     9 of 10 requirements met (missed: Latency p99 51 ms, target ≤ 50 ms)
    ///
    /// Empty when there are no requirements. The interview's curveball lines, its transcript and
    /// the TUI's transcript all use it.
    public static func metLine(_ requirements: [Requirement]) -> String {
        guard !requirements.isEmpty else { return "" }
        let missed = requirements.filter { !$0.passes }
        return "\(requirements.count - missed.count) of \(requirements.count) requirements met"
            + (missed.isEmpty ? "" : " (missed: " + missed.map(\.shortfall).joined(separator: "; ") + ")")
    }
}
