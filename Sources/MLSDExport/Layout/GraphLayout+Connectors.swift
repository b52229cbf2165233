import MLSDCore

/// Flows across the offline lane's rule, drawn as lettered marks instead of wires.
///
/// A design's offline half writes into its request path in many places (a stream job fills the
/// online feature store, a batch job rebuilds the ANN index, the registry deploys the ranker) and
/// takes its events from it. Drawn as wires, those flows run the whole height of the drawing and
/// cross every edge on the way: at 12+ components the diagram read as a tangle. Each source of
/// such flows gets a letter instead; the letter is written in parentheses into the border of the
/// source's box and of each box it writes to, and a legend under the diagram spells each letter
/// out, source → targets. The mark has no arrowhead: an arrowhead in a bottom border reads as an
/// arrow into whatever box lies below it.
///
///     └─────────────(A)─┘          (the event queue, online)
///     ╌ offline: outside the request path ╌╌╌╌
///     ┌─────────────(A)─┐          (the stream job it feeds, offline)
///
///     flows across the offline lane, by the letter on each box:
///      A impression + watch events → real-time user features; watches with …
///
/// Online boxes carry their marks in the bottom border, offline boxes in the top border (the
/// sides that face the rule); the other border when that one has no room. Mermaid and DOT draw
/// these flows as ordinary edges.
extension GraphLayout {
    /// The graph without the edges that cross between the online path and the offline lane, and
    /// the indices of those edges in `graph`; nil when the design has no offline lane or nothing
    /// crosses it.
    static func splitAtLane(_ graph: LayoutGraph) -> (inner: LayoutGraph, crossing: [Int])? {
        let offline = graph.nodes.map(\.isOffline)
        guard offline.contains(true), offline.contains(false), graph.nodes.count <= stackedLayoutMaxComponents else { return nil }
        let crossing = graph.edges.indices.filter { offline[graph.edges[$0].from] != offline[graph.edges[$0].to] }
        guard !crossing.isEmpty else { return nil }
        var inner = graph
        inner.edges = graph.edges.filter { offline[$0.from] == offline[$0.to] }
        return (inner, crossing)
    }

    /// The letter of the `k`-th source of flows across the lane: A–Z, then AA, AB, ….
    static func connectorLetter(_ k: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return k < 26 ? String(letters[k]) : connectorLetter(k / 26 - 1) + String(letters[k % 26])
    }

    /// The title of the legend that spells out the lettered marks.
    static let connectorLegendTitle = "flows across the offline lane, by the letter on each box:"

    /// The mark of a letter in a box border: `(A)`.
    static func connectorMark(_ letter: String) -> String { "(" + letter + ")" }

    /// The layered drawing of `inner` (the graph without its flows across the lane) with those
    /// flows as lettered marks; nil when the drawing does not fit the width, is stacked or cuts
    /// words, or some box has no room in its borders for its marks (the caller then draws the
    /// flows as wires).
    func laneConnectorGrid(full graph: LayoutGraph, inner: LayoutGraph, crossing: [Int]) -> DiagramGrid? {
        let layers = LayerAssignment.withOfflineLane(graph: inner)
        guard let grid = layeredGrid(graph: inner, layers: layers, mayExceedWidth: false),
              grid.fitsWidth, !grid.isStacked, Self.cutWords(inner, grid: grid) == 0 else { return nil }
        return Self.withConnectors(grid, graph: graph, crossing: crossing, width: options.width)
    }

    /// Writes the marks of the flows `crossing` (indices into `graph.edges`) into the box borders of
    /// `grid` (laid out from the same nodes without those edges), puts their routes back in the
    /// design's edge order (no cells, ``DiagramRoute/connector`` set) and appends the legend.
    static func withConnectors(_ grid: DiagramGrid, graph: LayoutGraph, crossing: [Int], width: Int) -> DiagramGrid? {
        var out = grid
        // One letter per source, in the design's order.
        var letterOf: [Int: String] = [:]
        for i in crossing where letterOf[graph.edges[i].from] == nil {
            letterOf[graph.edges[i].from] = connectorLetter(letterOf.count)
        }
        // The letters each box carries: its own, as a source, and its sources'.
        var marks = Array(repeating: [String](), count: graph.nodes.count)
        for i in crossing {
            let e = graph.edges[i]
            guard let letter = letterOf[e.from] else { continue }
            for node in [e.from, e.to] where !marks[node].contains(letter) { marks[node].append(letter) }
        }
        for (node, list) in marks.enumerated() where !list.isEmpty {
            guard node < out.boxes.count,
                  Self.writeMarks(list, box: node, facingRule: graph.nodes[node].isOffline ? .up : .down, into: &out) else { return nil }
        }
        // Routes in the design's order: the drawn ones as laid out, the flows across as connectors.
        var drawn = grid.routes.makeIterator()
        let crossingSet = Set(crossing)
        out.routes = graph.edges.enumerated().compactMap { i, e in
            guard crossingSet.contains(i) else { return drawn.next() }
            // Its label (`③ async`) is written in the legend's entry.
            var route = DiagramRoute(from: graph.nodes[e.from].id, to: graph.nodes[e.to].id, kind: e.kind, label: e.label,
                                     points: [], isLabelPlaced: e.label != nil, isEmphasized: false)
            route.connector = letterOf[e.from]
            return route
        }
        // The legend: one entry per letter, its source and targets by the names in their boxes
        // (with the kind where two boxes share a name), targets apart by `;` (names hold commas).
        var titleCount: [String: Int] = [:]
        for node in graph.nodes { titleCount[node.title, default: 0] += 1 }
        func name(_ node: Int) -> String {
            let n = graph.nodes[node]
            return (titleCount[n.title] ?? 0) > 1 ? n.title + " (" + (n.subtitle.split(separator: " ").first.map(String.init) ?? n.subtitle) + ")" : n.title
        }
        var entries: [String] = []
        var seen = Set<Int>()
        for i in crossing where seen.insert(graph.edges[i].from).inserted {
            let from = graph.edges[i].from
            let targets = crossing.filter { graph.edges[$0].from == from }.map { j -> String in
                let e = graph.edges[j]
                return name(e.to) + (e.label.map { " (\($0))" } ?? "")
            }
            entries.append((letterOf[from] ?? "?") + " " + name(from) + " → " + targets.joined(separator: "; "))
        }
        out.appendLegendEntries(title: connectorLegendTitle, entries: entries, width: max(out.width, width))
        out.fitsWidth = out.width <= width
        return out
    }

    /// Writes the marks of `letters` (`(A)`, `(B)`, …) into the border of box `index` on the side
    /// that faces the rule (`.down`: the bottom border), right-aligned, each between plain border
    /// cells and clear of the ports where edges leave or enter; the other border when that side
    /// has no room. Returns false when neither has.
    static func writeMarks(_ letters: [String], box index: Int, facingRule side: GridDirection, into grid: inout DiagramGrid) -> Bool {
        let r = grid.boxes[index].rect
        let texts = letters.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }.map(connectorMark)
        for row in side == .down ? [r.maxY - 1, r.y] : [r.y, r.maxY - 1] {
            // A plain border cell: a horizontal line with no port, between the corners.
            func isPlain(_ x: Int) -> Bool {
                x > r.x && x < r.maxX - 1 && grid[x, row].role == .boxBorder && grid[x, row].lines == .horizontal
            }
            var placed: [(Int, String)] = []
            var x = r.maxX - 2   // the rightmost cell a mark's plain border cell after it may take
            for text in texts.reversed() {
                let w = DisplayWidth.of(text)
                // The mark takes [start, start + w) with a plain cell on either side.
                var start = x - w
                while start - 1 > r.x, !(isPlain(start - 1) && (start..<(start + w + 1)).allSatisfy(isPlain)) { start -= 1 }
                guard start - 1 > r.x else { break }
                placed.append((start, text))
                x = start - 1
            }
            guard placed.count == texts.count else { continue }
            for (start, text) in placed { grid.write(text, at: GridPoint(x: start, y: row), role: .label, boxIndex: index) }
            return true
        }
        return false
    }
}

extension DiagramGrid {
    /// Adds a titled list under the drawing: a blank row, the title, then each entry on its own
    /// lines (wrapped to `limit`, continuation lines indented under the entry's text).
    mutating func appendLegendEntries(title: String, entries: [String], width limit: Int) {
        let w = max(limit, 20)
        var lines = TextWrap.lines(title, width: w)
        for entry in entries {
            let wrapped = TextWrap.lines(entry, width: w - 4)
            for (k, line) in wrapped.enumerated() { lines.append((k == 0 ? " " : "    ") + line) }
        }
        appendLegendLines(lines)
    }
}
