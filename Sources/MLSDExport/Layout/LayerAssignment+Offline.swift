/// The offline lane: components that run outside the request path (``LayoutGraph/Node/isOffline``)
/// are layered on their own, after the online layers, so that a pipeline writing into the online
/// path neither pushes the online boxes down a layer nor mixes with them.
extension LayerAssignment {
    /// Layers for a graph with an offline lane: the online nodes' layers, then the offline nodes'.
    ///
    /// Each part is ranked and ordered by itself (its own longest call depths and crossing
    /// sweeps, over the edges inside it); edges between the parts are drawn like any other but do
    /// not rank. Without both online and offline nodes this is ``init(graph:)``; so it is for
    /// designs of more than ``GraphLayout/stackedLayoutMaxComponents`` components, whose long
    /// edges run along lanes that only go forward (a lane after the rest would send every flow
    /// back into the online path across the whole drawing).
    static func withOfflineLane(graph: LayoutGraph) -> LayerAssignment {
        let offline = graph.nodes.indices.filter { graph.nodes[$0].isOffline }
        let online = graph.nodes.indices.filter { !graph.nodes[$0].isOffline }
        guard !offline.isEmpty, !online.isEmpty, graph.nodes.count <= GraphLayout.stackedLayoutMaxComponents else {
            return LayerAssignment(graph: graph)
        }
        let onlinePart = LayerAssignment(graph: graph.restricted(to: online))
        let offlinePart = LayerAssignment(graph: graph.restricted(to: offline))
        var result = onlinePart
        let first = onlinePart.layers.count
        result.rank = Array(repeating: 0, count: graph.nodes.count)
        for (i, v) in online.enumerated() { result.rank[v] = onlinePart.rank[i] }
        for (i, v) in offline.enumerated() { result.rank[v] = first + offlinePart.rank[i] }
        result.layers = onlinePart.layers.map { $0.map { $0.map { online[$0] } } }
            + offlinePart.layers.map { $0.map { $0.map { offline[$0] } } }
        result.offlineFirstLayer = first
        return result
    }
}

extension LayoutGraph {
    /// The subgraph of the given nodes (in that order) and the edges between them, renumbered;
    /// its entry is the design's entry when it is among them, else the first node.
    func restricted(to subset: [Int]) -> LayoutGraph {
        var position = Array(repeating: -1, count: nodes.count)
        for (i, v) in subset.enumerated() { position[v] = i }
        var sub = self
        sub.nodes = subset.map { nodes[$0] }
        sub.edges = edges.compactMap { e in
            guard position[e.from] >= 0, position[e.to] >= 0 else { return nil }
            var copy = e
            copy.from = position[e.from]
            copy.to = position[e.to]
            return copy
        }
        sub.entry = max(position[entry], 0)
        return sub
    }
}
