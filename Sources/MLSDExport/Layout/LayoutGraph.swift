import MLSDCore

/// The design reduced to what the layout needs: boxes with their text, and directed edges.
struct LayoutGraph {
    struct Node {
        var id: String
        var title: String
        /// Kind and replicas, e.g. `model_server x12`.
        var subtitle: String
        var annotations: [String]
        var pin: GridPosition?
        /// Runs outside the request path (``ComponentKind/isOffline``): drawn in the offline lane.
        var isOffline = false
    }

    struct Edge {
        var from: Int
        var to: Int
        var kind: DiagramEdgeKind
        var label: String?
        var isEmphasized: Bool
        /// The call's place in its caller's order (1, 2, …) when the caller makes more than one
        /// step: each call of a `sequence` is a step, a `parallel` or `async` group one step.
        var step: Int? = nil
        /// The label without the step's mark (for JSON, which carries the step as a number).
        var plainLabel: String? = nil
    }

    var nodes: [Node]
    var edges: [Edge]
    var entry: Int

    init(design: Design, annotations: DiagramAnnotations) {
        var index: [String: Int] = [:]
        nodes = []
        for c in design.components where index[c.id] == nil {
            index[c.id] = nodes.count
            let kind = c.kind.rawValue + (c.replicas > 1 ? " x\(c.replicas)" : "")
            nodes.append(Node(id: c.id, title: DisplayWidth.sanitized(c.label ?? c.id), subtitle: kind,
                              annotations: (annotations.lines[c.id] ?? []).map(DisplayWidth.sanitized), pin: c.position,
                              isOffline: c.kind.isOffline))
        }
        entry = index[design.entry] ?? 0
        edges = []
        for c in design.components {
            guard let from = index[c.id] else { continue }
            func add(_ target: String, _ kind: DiagramEdgeKind, _ parts: [String], step: Int? = nil) {
                guard let to = index[target], to != from else { return }
                var parts = parts
                if case .call = kind, let t = design[target]?.timeout { parts.append("timeout \(t)") }
                let plain = parts.isEmpty ? nil : parts.joined(separator: " ")
                if let step { parts.insert(Self.stepMark(step), at: 0) }
                // Only synchronous calls and misses carry a request's critical path; async calls and
                // fallbacks are drawn dashed and never heavy.
                let isSynchronous: Bool
                switch kind {
                case .call(let mode): isSynchronous = mode != .async
                case .miss: isSynchronous = true
                case .fallback, .feed: isSynchronous = false
                }
                edges.append(Edge(from: from, to: to, kind: kind, label: parts.isEmpty ? nil : parts.joined(separator: " "),
                                  isEmphasized: isSynchronous && annotations.isCritical(from: c.id, to: target), step: step,
                                  plainLabel: plain))
            }
            // Calls run group after group, and one after another within a sequence: when there is
            // more than one step, each call's label starts with its step's number. An `llm_router`'s
            // routed groups (a share or a rule) are alternatives, one of which takes the request:
            // a run of them is one step, every call in it under the same number (`① p=0.8`,
            // `① p=0.2`), not a sequence.
            func isAlternative(_ g: CallGroup) -> Bool { c.kind == .llmRouter && (g.probability != nil || g.rule != nil) }
            // Each group's calls' step numbers; the last is the number of steps.
            var step = 0
            let stepsOfGroup = c.calls.enumerated().map { k, group -> [Int] in
                if isAlternative(group) {
                    if k == 0 || !isAlternative(c.calls[k - 1]) { step += 1 }
                    return group.targets.map { _ in step }
                }
                if group.mode != .sequence {
                    step += 1
                    return group.targets.map { _ in step }
                }
                return group.targets.map { _ in step += 1; return step }
            }
            let steps = step
            for (group, groupSteps) in zip(c.calls, stepsOfGroup) {
                var parts: [String] = []
                if group.mode != .sequence { parts.append(group.mode.rawValue) }
                if let p = group.probability { parts.append("p=" + Self.decimal(p.fraction)) }
                if let r = group.rule { parts.append("if " + r.description.replacingOccurrences(of: "_tokens", with: "")) }
                let mode = DiagramEdgeKind.CallModeName(rawValue: group.mode.rawValue) ?? .sequence
                for (t, n) in zip(group.targets, groupSteps) { add(t, .call(mode), parts, step: steps > 1 ? n : nil) }
            }
            if let m = c.onMiss {
                let miss = 1 - (c.hitRatio?.fraction ?? 0)
                add(m, .miss, ["miss " + Self.decimal((miss * 1000).rounded() / 10) + "%"])
            }
            if let f = c.fallback { add(f, .fallback, ["fallback"]) }
            // Offline data flows (a job writes the store or cache the request path reads): dashed and
            // unlabelled, so that the lane's many flows leave room for the calls' labels (an async
            // call and a fallback are dashed too, but labelled).
            for target in c.feeds {
                let before = edges.count
                add(target, .feed, [])
                if edges.count > before { edges[before].plainLabel = "feeds" }
            }
        }
    }

    /// The mark of a call's step: `①` to `⑨` (one column; ASCII prints the digit), then `(10)`.
    static func stepMark(_ n: Int) -> String {
        guard n >= 1, n <= 9, let scalar = Unicode.Scalar(0x2460 + UInt32(n - 1)) else { return "(\(n))" }
        return String(Character(scalar))
    }

    /// A short decimal: `0.02`, `20`, `12.5`; no exponent, at most three decimals.
    static func decimal(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        if r == r.rounded() { return String(Int(saturating: r)) }
        var s = String(Int(saturating: r)) + "."
        var frac = Int(((abs(r) - abs(r).rounded(.down)) * 1000).rounded())
        var digits = ""
        for _ in 0..<3 { digits = String(frac % 10) + digits; frac /= 10 }
        while digits.hasSuffix("0") { digits.removeLast() }
        s += digits
        return s
    }
}
