/// The kinds of call a user can draw from one component to another.
public enum CallKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// One after another; the caller waits for each.
    case sequence
    /// Fanned out with the caller's other parallel calls; the caller waits for all.
    case parallel
    /// Fire and forget: load downstream, no latency for the caller.
    case async
    /// A sequence call made by only a share of requests (`probability`).
    case branch
    /// A cache's miss path.
    case onMiss = "on_miss"
    /// Answers instead when calls to the component fail after their retries.
    case fallback

    public var description: String { rawValue }

    /// What the kind does, for menus.
    public var summary: String {
        switch self {
        case .sequence: return "call after the earlier calls; the caller waits"
        case .parallel: return "fan out with the other parallel calls; wait for all"
        case .async: return "fire and forget: load, no latency"
        case .branch: return "only a share of requests make this call"
        case .onMiss: return "a cache's miss goes here"
        case .fallback: return "answers when calls to it fail"
        }
    }
}

/// One outgoing link of a component, as the inspector lists it.
public struct CallEdge: Hashable, Sendable {
    /// Where the link is written in the component.
    public enum Slot: Hashable, Sendable {
        /// `calls[group].targets[position]`.
        case call(group: Int, position: Int)
        case onMiss
        case fallback
    }
    public var slot: Slot
    public var target: String
    public var kind: CallKind
    /// A branch's share of requests.
    public var probability: Percentage?
    /// An `llm_router` branch's rule on the request's tokens.
    public var rule: TokenRule? = nil

    /// `sequence → scorer`, `branch 2% → review`, `on_miss → model`.
    public var description: String {
        kind.rawValue + (probability.map { " \($0)" } ?? "") + (rule.map { " when \($0)" } ?? "") + " → " + target
    }
}

/// Why a wiring change was refused; `description` is the whole sentence.
public struct WiringError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Scenario {
    /// Every outgoing link of component `id`, in file order: its calls, then the miss path and the fallback.
    public func edges(from id: String) -> [CallEdge] {
        guard let c = design[id] else { return [] }
        var out: [CallEdge] = []
        for (g, group) in c.calls.enumerated() {
            let kind: CallKind = group.probability != nil || group.rule != nil ? .branch : group.mode == .parallel ? .parallel : group.mode == .async ? .async : .sequence
            for (p, t) in group.targets.enumerated() {
                out.append(CallEdge(slot: .call(group: g, position: p), target: t, kind: kind, probability: group.probability, rule: group.rule))
            }
        }
        if let m = c.onMiss { out.append(CallEdge(slot: .onMiss, target: m, kind: .onMiss)) }
        if let f = c.fallback { out.append(CallEdge(slot: .fallback, target: f, kind: .fallback)) }
        return out
    }

    /// This scenario with a new call from `source` to `target`, validated as a file would be.
    ///
    /// Parallel and async calls join the component's last group of the same mode (so two parallel
    /// calls fan out together); a sequence call joins the last plain sequence; a branch is a group of
    /// its own with `probability`. A cache's `on_miss` gets a hit ratio of 80 % when it has none.
    ///
    /// - Throws: ``WiringError`` for a duplicate call, a call to itself, a kind the source cannot
    ///   have (`on_miss` on a non-cache) or a change the validator rejects (a cycle, with its path).
    public func connecting(_ source: String, to target: String, kind: CallKind, probability: Percentage? = nil) throws(WiringError) -> Scenario {
        guard let index = design.components.firstIndex(where: { $0.id == source }), design[target] != nil else {
            throw WiringError("no component '\(design[source] == nil ? source : target)' in the design")
        }
        guard source != target else { throw WiringError("'\(source)' cannot call itself") }
        var c = design.components[index]
        if let existing = edges(from: source).first(where: { $0.target == target && ($0.kind == .fallback) == (kind == .fallback) }) {
            throw WiringError("'\(source)' already calls '\(target)' (\(existing.kind)); a second call would double its load — retype or delete the existing one")
        }
        switch kind {
        case .sequence, .parallel, .async:
            let mode: CallMode = kind == .parallel ? .parallel : kind == .async ? .async : .sequence
            if let g = c.calls.lastIndex(where: { $0.mode == mode && $0.probability == nil && $0.rule == nil }), mode != .sequence || g == c.calls.count - 1 {
                c.calls[g].targets.append(target)
            } else {
                c.calls.append(CallGroup(mode: mode, targets: [target]))
            }
        case .branch:
            guard let p = probability, p.fraction > 0, p.fraction <= 1 else {
                throw WiringError("a branch needs a share of requests such as 2%")
            }
            c.calls.append(CallGroup(mode: .sequence, targets: [target], probability: p))
        case .onMiss:
            guard c.kind.isCache else { throw WiringError("only a cache has a miss path; '\(source)' is a \(c.kind.rawValue)") }
            if let m = c.onMiss { throw WiringError("'\(source)' already sends its misses to '\(m)'; delete that link first") }
            c.onMiss = target
            if c.hitRatio == nil { c.hitRatio = Percentage(fraction: 0.8) }
        case .fallback:
            if let f = c.fallback { throw WiringError("'\(source)' already falls back to '\(f)'; delete that link first") }
            c.fallback = target
        }
        var s = self
        s.design.components[index] = c
        try s.checked()
        return s
    }

    /// This scenario without one link of `source` (an emptied call group is dropped; removing a
    /// cache's miss path also removes its hit ratio).
    public func removingEdge(_ slot: CallEdge.Slot, from source: String) throws(WiringError) -> Scenario {
        guard let index = design.components.firstIndex(where: { $0.id == source }) else { throw WiringError("no component '\(source)'") }
        var c = design.components[index]
        switch slot {
        case .call(let g, let p):
            guard c.calls.indices.contains(g), c.calls[g].targets.indices.contains(p) else { throw WiringError("that call no longer exists") }
            c.calls[g].targets.remove(at: p)
            if c.calls[g].targets.isEmpty { c.calls.remove(at: g) }
        case .onMiss:
            c.onMiss = nil
            c.hitRatio = nil
        case .fallback:
            c.fallback = nil
        }
        var s = self
        s.design.components[index] = c
        return s
    }

    /// This scenario with one link of `source` drawn as another kind of call.
    public func retypingEdge(_ slot: CallEdge.Slot, from source: String, to kind: CallKind, probability: Percentage? = nil) throws(WiringError) -> Scenario {
        guard let edge = edges(from: source).first(where: { $0.slot == slot }) else { throw WiringError("that call no longer exists") }
        if edge.kind == kind, kind != .branch || probability == edge.probability { return self }
        if case .call(let g, let p) = slot, [.sequence, .parallel, .async, .branch].contains(kind),
           let index = design.components.firstIndex(where: { $0.id == source }) {
            return try retypingCallInPlace(group: g, position: p, of: index, to: kind, probability: probability ?? edge.probability)
        }
        let removed = try removingEdge(slot, from: source)
        return try removed.connecting(source, to: edge.target, kind: kind, probability: probability ?? edge.probability)
    }

    /// A call retyped as another kind of call keeps its place in the order of the caller's calls
    /// (it went to the end: the first of a sequence, retyped as parallel, ran last, without a word).
    /// Alone in its group, the group changes kind. Inside a sequence, the sequence is split around
    /// it (what ran before it still does, and what ran after). Inside a parallel or async group, the
    /// others stay together and the call follows them. A group with a share or a router's rule
    /// keeps them for the calls left in it.
    func retypingCallInPlace(group g: Int, position p: Int, of index: Int, to kind: CallKind, probability: Percentage?) throws(WiringError) -> Scenario {
        var c = design.components[index]
        guard c.calls.indices.contains(g), c.calls[g].targets.indices.contains(p) else { throw WiringError("that call no longer exists") }
        let old = c.calls[g]
        if kind == .branch {
            guard let share = probability, share.fraction > 0, share.fraction <= 1 else { throw WiringError("a branch needs a share of requests such as 2%") }
        }
        let mode: CallMode = kind == .parallel ? .parallel : kind == .async ? .async : .sequence
        var call = CallGroup(mode: mode, targets: [old.targets[p]], probability: kind == .branch ? probability : nil)
        call.location = old.location
        if old.targets.count == 1 {
            c.calls[g] = call
        } else {
            // The group with only `targets` (their file locations no longer line up).
            func part(_ targets: [String]) -> CallGroup {
                var group = old
                group.targets = targets
                group.targetLocations = []
                return group
            }
            let before = Array(old.targets[..<p]), after = Array(old.targets[(p + 1)...])
            if old.mode == .sequence, old.probability == nil, old.rule == nil {
                c.calls.replaceSubrange(g...g, with: [part(before), call, part(after)].filter { !$0.targets.isEmpty })
            } else {
                c.calls.replaceSubrange(g...g, with: [part(before + after), call])
            }
        }
        var s = self
        s.design.components[index] = c
        try s.checked()
        return s
    }

    /// This scenario with a call moved one place earlier (`offset` -1) or later (+1): within its
    /// group's order; out of its group (into one of its own just before or after it) when it is at
    /// the group's edge; or past the neighbouring group when it is alone in its own.
    public func movingEdge(_ slot: CallEdge.Slot, from source: String, by offset: Int) throws(WiringError) -> Scenario {
        guard case .call(let g, let p) = slot, let index = design.components.firstIndex(where: { $0.id == source }) else {
            throw WiringError("only calls have an order; the miss path and the fallback do not")
        }
        var c = design.components[index]
        guard c.calls.indices.contains(g), c.calls[g].targets.indices.contains(p) else { throw WiringError("that call no longer exists") }
        let to = p + offset
        if c.calls[g].targets.indices.contains(to) {
            c.calls[g].targets.swapAt(p, to)
        } else if c.calls[g].targets.count > 1 {
            // At the edge of a group with others in it: the call leaves the group, just before or after it.
            let target = c.calls[g].targets.remove(at: p)
            var alone = c.calls[g]
            alone.targets = [target]
            c.calls.insert(alone, at: offset < 0 ? g : g + 1)
        } else if c.calls.indices.contains(g + offset) {
            c.calls.swapAt(g, g + offset)
        } else {
            throw WiringError(offset < 0 ? "this is already the first call" : "this is already the last call")
        }
        var s = self
        s.design.components[index] = c
        return s
    }

    /// This scenario with a new component of `kind` (two replicas) in front of `id`: every call and
    /// miss path to `id` now goes to the new component, which calls `id` (a cache through its miss
    /// path, with an 80 % hit ratio). A fallback to `id` stays as it is; if `id` was the entry, the new component is.
    ///
    /// - Returns: the scenario and the new component's id.
    public func inserting(_ kind: ComponentKind, inFrontOf id: String) throws(WiringError) -> (scenario: Scenario, id: String) {
        guard let index = design.components.firstIndex(where: { $0.id == id }) else { throw WiringError("no component '\(id)'") }
        var s = self
        let newID = design.uniqueID(for: kind)
        // Two replicas, as every shipped design has: one would be a single point of failure on the path.
        var c = Component(id: newID, kind: kind, replicas: 2)
        if kind == .modelServer { c.size = .small }
        if kind.isCache {
            c.hitRatio = Percentage(fraction: 0.8)
            c.onMiss = id
        } else {
            c.calls = [CallGroup(mode: .sequence, targets: [id])]
        }
        for i in s.design.components.indices {
            for g in s.design.components[i].calls.indices {
                s.design.components[i].calls[g].targets = s.design.components[i].calls[g].targets.map { $0 == id ? newID : $0 }
            }
            if s.design.components[i].onMiss == id { s.design.components[i].onMiss = newID }
        }
        if s.design.entry == id { s.design.entry = newID }
        s.design.components.insert(c, at: index)
        try s.checked()
        return (s, newID)
    }

    /// Throws the validator's first error, if any.
    func checked() throws(WiringError) {
        if let problem = validationDiagnostics().first(where: { $0.severity == .error }) {
            throw WiringError(problem.message)
        }
    }
}

extension Design {
    /// A fresh id for a new component of `kind`: `cache`, then `cache2`, `cache3`, …
    public func uniqueID(for kind: ComponentKind) -> String {
        var id = kind.rawValue
        var n = 2
        while self[id] != nil {
            id = "\(kind.rawValue)\(n)"
            n += 1
        }
        return id
    }
}
