import MLSDCore

/// Which models on a design's request path a fallback covers, for the rubric's fallback check.
///
/// Models are model servers, rankers and LLM servers reached from the entry by synchronous calls
/// or cache misses. A failed call that no retry or fallback answers fails its caller in turn
/// (the engine hands it up), so a model is covered by its own `fallback` or, failing that, when every
/// caller that reaches it is covered: an `llm_router` or orchestrator with a fallback (snippets,
/// a smaller model, a human handoff) covers the LLM behind it.
///
///     let coverage = FallbackCoverage(design)
///     coverage.uncovered          // ["llm"] when nothing around the LLM falls back
struct FallbackCoverage: Hashable, Sendable {
    /// Kinds the check treats as a model that can fail a request.
    static let modelKinds: Set<ComponentKind> = [.modelServer, .ranker, .llmServer]

    /// Models on the request path, in design order.
    var models: [String] = []
    /// Models on the path that no fallback covers, in design order.
    var uncovered: [String] = []
    /// For each covered model, the components whose fallback covers it (itself, or callers).
    var guards: [String: Set<String>] = [:]

    init(_ design: Design) {
        var reachable: Set<String> = [design.entry]
        var callers: [String: Set<String>] = [:]
        var stack = [design.entry]
        while let id = stack.popLast() {
            guard let c = design[id] else { continue }
            for next in c.calls.filter({ $0.mode != .async }).flatMap(\.targets) + (c.onMiss.map { [$0] } ?? []) {
                callers[next, default: []].insert(id)
                if reachable.insert(next).inserted { stack.append(next) }
            }
        }
        var memo: [String: Set<String>?] = [:]
        var visiting: Set<String> = []
        func cover(_ id: String) -> Set<String>? {
            if let known = memo[id] { return known }
            guard let c = design[id] else { return nil }
            var result: Set<String>?
            if c.fallback != nil {
                result = [id]
            } else if id != design.entry, let parents = callers[id], !parents.isEmpty, visiting.insert(id).inserted {
                var all: Set<String> = []
                for p in parents.sorted() {
                    guard let g = cover(p) else { all = []; result = nil; break }
                    all.formUnion(g)
                    result = all
                }
                visiting.remove(id)
            }
            memo[id] = .some(result)
            return result
        }
        for c in design.components where reachable.contains(c.id) && Self.modelKinds.contains(c.kind) {
            models.append(c.id)
            if let g = cover(c.id) { guards[c.id] = g } else { uncovered.append(c.id) }
        }
    }

    /// Models whose covering fallbacks the candidate added or changed against `reference`
    /// (all models new to the design count).
    func changedAgainst(_ reference: Design, in design: Design) -> [String] {
        models.filter { id in
            guard reference[id] != nil else { return true }
            let ids = guards[id] ?? [id]
            return ids.contains { reference[$0]?.fallback != design[$0]?.fallback } || reference[id]?.fallback != design[id]?.fallback
        }
    }
}
