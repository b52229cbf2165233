import MLSDCore

/// The design document's retrieval figures (issue #11): how a reranker's service time is built from
/// its candidates, and the recall each vector database's search is tuned to. Designs without a
/// reranker or vector database get none of these lines.
extension MarkdownDocument {
    /// A sub-bullet under a reranker in the model section: base latency plus the cost of its candidates.
    func rerankerLines(_ c: Component) -> [String] {
        guard c.kind == .reranker, let n = c.candidates else { return [] }
        let per = c.perCandidate ?? Retrieval.defaultPerCandidate
        let added = Retrieval.addedSeconds(of: c)
        let source = c.perCandidate == nil ? " (the catalog's cross-encoder figure, `mlsd catalog --sources`)" : ""
        return ["  - Scores \(FigureFormat.count(n)) candidates per request at \(per) each\(source): \(FigureFormat.duration(seconds: added)) on top of its latency draw."]
    }

    /// Lines for the model section: each vector database's recall target and what it costs in search time.
    var vectorDBLines: [String] {
        scenario.design.components.filter { $0.kind == .vectorDB }.map { c in
            let r = c.recall ?? Retrieval.referenceRecall
            let factor = Retrieval.recallFactor(r)
            let given = c.recall == nil ? " (the default; set `recall` to change it)" : ""
            let cost = r == Retrieval.referenceRecall ? "its latency is given at this recall" : "search time \(Format.fixed(factor, 2))× the latency at recall 0.95, since the search breadth grows like ln(1/(1 − recall))"
            return "- \(ref(c.id)): approximate nearest-neighbour search tuned to recall@k \(Retrieval.recallText(r))\(given); \(cost)."
        }
    }
}
