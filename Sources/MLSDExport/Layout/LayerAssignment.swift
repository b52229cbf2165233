/// Ranks (layers) and the order of boxes within each layer: the first two steps of a layered
/// (Sugiyama-style) layout.
struct LayerAssignment {
    /// Layer of each node: longest call depth from the sources, or the pinned column.
    var rank: [Int]
    /// Per layer, the slots in order; nil is a slot left empty so that a pinned box keeps its row.
    var layers: [[Int?]]
    /// The first layer of the offline lane (see ``withOfflineLane(graph:)``); nil without one.
    var offlineFirstLayer: Int? = nil

    init(graph: LayoutGraph) {
        let n = graph.nodes.count
        var outEdges = Array(repeating: [Int](), count: n)
        for e in graph.edges { outEdges[e.from].append(e.to) }

        // Edges that close a cycle (rejected by validation, but the layout must not hang) are
        // found by depth-first search from the entry and left out of the ranking.
        var state = Array(repeating: 0, count: n)
        var forward = Array(repeating: [Int](), count: n)
        var preorder: [Int] = []
        func visit(_ root: Int) {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            preorder.append(root)
            while let top = stack.last {
                if top.next < outEdges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let m = outEdges[top.node][top.next]
                    if state[m] == 1 { continue }
                    forward[top.node].append(m)
                    if state[m] == 0 {
                        state[m] = 1
                        preorder.append(m)
                        stack.append((m, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        if n > 0 { visit(graph.entry) }
        for v in 0..<n where state[v] == 0 { visit(v) }

        var indegree = Array(repeating: 0, count: n)
        for v in 0..<n { for m in forward[v] { indegree[m] += 1 } }
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var head = 0
        var rank = Array(repeating: 0, count: n)
        var placed = Array(repeating: false, count: n)
        while head < queue.count {
            let v = queue[head]
            head += 1
            if let pin = graph.nodes[v].pin { rank[v] = pin.column }
            placed[v] = true
            for m in forward[v] {
                if graph.nodes[m].pin == nil { rank[m] = max(rank[m], rank[v] + 1) }
                indegree[m] -= 1
                if indegree[m] == 0 { queue.append(m) }
            }
        }
        self.rank = rank

        let layerCount = (rank.max() ?? 0) + 1
        var order = Array(repeating: [Int](), count: layerCount)
        for v in preorder { order[rank[v]].append(v) }
        order = Self.reduceCrossings(order, graph: graph, rank: rank)
        layers = order.map { Self.applyPins($0, graph: graph) }
    }

    /// Barycenter sweeps, down then up, keeping the order with the fewest crossings.
    ///
    /// - Complexity: O(sweeps · (V log V + E)) plus O(E²) per crossing count.
    private static func reduceCrossings(_ initial: [[Int]], graph: LayoutGraph, rank: [Int]) -> [[Int]] {
        let n = graph.nodes.count
        var preds = Array(repeating: [Int](), count: n)
        var succs = Array(repeating: [Int](), count: n)
        for e in graph.edges {
            preds[e.to].append(e.from)
            succs[e.from].append(e.to)
        }
        var order = initial
        var position = Array(repeating: 0.0, count: n)
        func refresh() {
            for layer in order { for (i, v) in layer.enumerated() { position[v] = Double(i) / Double(max(layer.count, 1)) } }
        }
        refresh()
        var best = order
        var bestCrossings = crossings(order, graph: graph, rank: rank)
        for sweep in 0..<8 where bestCrossings > 0 {
            let down = sweep % 2 == 0
            let layerIndices = down ? Array(order.indices.dropFirst()) : Array(order.indices.dropLast().reversed())
            for r in layerIndices {
                let keyed = order[r].enumerated().map { i, v -> (key: Double, i: Int, v: Int) in
                    let neighbours = (down ? preds[v] : succs[v]).filter { down ? rank[$0] < r : rank[$0] > r }
                    guard !neighbours.isEmpty else { return (position[v], i, v) }
                    return (neighbours.map { position[$0] }.reduce(0, +) / Double(neighbours.count), i, v)
                }
                order[r] = keyed.sorted { ($0.key, $0.i) < ($1.key, $1.i) }.map(\.v)
                for (i, v) in order[r].enumerated() { position[v] = Double(i) / Double(max(order[r].count, 1)) }
            }
            let c = crossings(order, graph: graph, rank: rank)
            if c < bestCrossings {
                bestCrossings = c
                best = order
            }
        }
        return best
    }

    /// Crossings between edges joining adjacent layers.
    static func crossings(_ order: [[Int]], graph: LayoutGraph, rank: [Int]) -> Int {
        var index = Array(repeating: 0, count: graph.nodes.count)
        for layer in order { for (i, v) in layer.enumerated() { index[v] = i } }
        var byLayer: [Int: [(Int, Int)]] = [:]
        for e in graph.edges where rank[e.to] == rank[e.from] + 1 {
            byLayer[rank[e.from], default: []].append((index[e.from], index[e.to]))
        }
        var total = 0
        for (_, pairs) in byLayer {
            for i in 0..<pairs.count {
                for j in (i + 1)..<max(pairs.count, i + 1) {
                    let (a, b) = (pairs[i], pairs[j])
                    if (a.0 - b.0) * (a.1 - b.1) < 0 { total += 1 }
                }
            }
        }
        return total
    }

    /// Puts pinned nodes in their row slot; the others fill the free slots in order.
    private static func applyPins(_ layer: [Int], graph: LayoutGraph) -> [Int?] {
        let pinned = layer.filter { graph.nodes[$0].pin != nil }
        guard !pinned.isEmpty else { return layer }
        let maxRow = pinned.compactMap { graph.nodes[$0].pin?.row }.max() ?? 0
        var slots = [Int?](repeating: nil, count: max(layer.count, maxRow + 1) + pinned.count)
        for v in pinned {
            var row = graph.nodes[v].pin?.row ?? 0
            while slots[row] != nil { row += 1 }
            slots[row] = v
        }
        var free = 0
        for v in layer where graph.nodes[v].pin == nil {
            while slots[free] != nil { free += 1 }
            slots[free] = v
        }
        while let last = slots.last, last == nil { slots.removeLast() }
        return slots
    }
}
