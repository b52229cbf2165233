import MLSDCore

extension GraphLayout {
    /// Designs up to this many components fall back to the stacked layout when no diagram fits
    /// the width; larger ones keep the wider diagram and say so in the legend (a list of hundreds
    /// of boxes reads no better, and their lanes are what draws them at all).
    static let stackedLayoutMaxComponents = 100

    /// The honest fallback when no layout within the width draws every edge: the boxes stacked in
    /// one column, in layer order (the offline lane after its rule), each followed by its calls,
    /// one line each in the order they are made:
    ///
    ///     ┌──────────────┐
    ///     │   gateway    │
    ///     │  gateway x3  │
    ///     └──────────────┘
    ///       ─▶ rules: ①
    ///       ─▶ scorer: ② timeout 40ms
    ///       ┄▶ audit: ③ async
    ///
    /// No edge is routed as a line (``DiagramGrid/isStacked``; every route's points are empty and
    /// its label is written after the target's name). The legend says why the layout is stacked.
    ///
    /// - Parameter cutsWords: the reason is that the diagrams within the width cut words in their
    ///   boxes, not that none draws every edge (the legend says which).
    func stackedGrid(graph: LayoutGraph, layers: LayerAssignment, cutsWords: Bool = false) -> DiagramGrid {
        let limit = max(options.width, 8)
        let inner = max(limit - 4, 1)
        let order = layers.layers.flatMap { $0.compactMap { $0 } }
        let firstOffline = layers.offlineFirstLayer.flatMap { first in layers.layers[first...].lazy.compactMap { $0.compactMap { $0 }.first }.first }
        let texts = graph.nodes.map { BoxText(node: $0, maxInnerWidth: inner, degree: 0) }
        var outgoing = Array(repeating: [Int](), count: graph.nodes.count)
        for (i, e) in graph.edges.enumerated() { outgoing[e.from].append(i) }

        // Each call's line: arrow, the target's name, then its label (step, mode, timeout).
        func callLines(_ i: Int) -> [String] {
            let e = graph.edges[i]
            let arrow = e.kind.isDashed ? "┄▶ " : e.isEmphasized ? "━▶ " : "─▶ "
            let text = arrow + graph.nodes[e.to].title + (e.label.map { ": " + $0 } ?? "")
            // Indented two columns, continuation lines five (under the name): all within the width.
            return TextWrap.lines(text, width: max(limit - 5, 4)).enumerated().map { k, line in (k == 0 ? "  " : "     ") + line }
        }

        // Rows: a box, its call lines, a blank row; the offline rule before the first offline box.
        enum Row { case box(Int), text(String, DiagramRole), blank }
        var rows: [Row] = []
        for v in order {
            if v == firstOffline, v != order.first {
                let rule = "╌╌ " + Self.offlineLaneTitle + " ╌╌"
                rows.append(.text(DisplayWidth.of(rule) <= limit ? rule : "╌╌ offline ╌╌", .region))
                rows.append(.blank)
            }
            rows.append(.box(v))
            for i in outgoing[v] { rows += callLines(i).map { .text($0, .label) } }
            rows.append(.blank)
        }
        if case .blank = rows.last { rows.removeLast() }

        var height = 0, width = 0
        for row in rows {
            switch row {
            case .box(let v):
                height += texts[v].size.height
                width = max(width, texts[v].size.width)
            case .text(let s, _):
                height += 1
                width = max(width, DisplayWidth.of(s))
            case .blank:
                height += 1
            }
        }
        var rects = Array(repeating: GridRect(x: 0, y: 0, width: 0, height: 0), count: graph.nodes.count)
        var y = 0
        for row in rows {
            switch row {
            case .box(let v):
                rects[v] = GridRect(x: 0, y: y, width: texts[v].size.width, height: texts[v].size.height)
                y += texts[v].size.height
            case .text, .blank:
                y += 1
            }
        }
        let router = EdgeRouter(width: width, height: height, boxes: [])
        var grid = DiagramGrid(width: width, height: height)
        grid.direction = .topToBottom
        grid.isStacked = true
        for (i, node) in graph.nodes.enumerated() {
            let isBottleneck = annotations.bottleneck == node.id
            grid.boxes.append(DiagramBox(id: node.id, rect: rects[i], title: node.title, isBottleneck: isBottleneck,
                                         isOnCriticalPath: annotations.criticalPath.contains(node.id)))
            drawBox(i, rect: rects[i], text: texts[i], isBottleneck: isBottleneck, router: router, into: &grid)
        }
        y = 0
        for row in rows {
            switch row {
            case .box(let v): y += texts[v].size.height
            case .text(let s, let role):
                grid.write(s, at: GridPoint(x: 0, y: y), role: role)
                y += 1
            case .blank: y += 1
            }
        }
        grid.routes = graph.edges.map { e in
            DiagramRoute(from: graph.nodes[e.from].id, to: graph.nodes[e.to].id, kind: e.kind, label: e.label,
                         points: [], isLabelPlaced: e.label != nil, isEmphasized: e.isEmphasized)
        }
        let reason = cutsWords ? "every diagram within \(options.width) columns cuts words in its boxes"
                               : "no diagram within \(options.width) columns draws every edge"
        grid.appendLegend(reason + ", so the boxes are stacked and each lists its calls in order "
                          + "(─▶ call or miss, ┄▶ async call or fallback)", width: limit)
        if let legend = annotations.legend.map(DisplayWidth.sanitized), !legend.isEmpty { grid.appendLegend(legend, width: limit) }
        grid.fitsWidth = grid.width <= options.width
        return grid
    }

    /// Words in box texts cut between two letters because they are wider than their box's inside
    /// (`retrieva` + `l`, `$6,453/m` + `o`). A word that breaks after `_` or `-` into parts that fit
    /// (`model_` + `server`) is not counted: it reads as written.
    static func cutWords(_ graph: LayoutGraph, grid: DiagramGrid) -> Int {
        var count = 0
        for (i, node) in graph.nodes.enumerated() where i < grid.boxes.count {
            let inner = grid.boxes[i].rect.width - 4
            for text in [node.title, node.subtitle] + node.annotations {
                for word in text.split(separator: " ") {
                    var part = "", isCut = false
                    for ch in word {
                        part.append(ch)
                        if ch == "_" || ch == "-" {
                            isCut = isCut || DisplayWidth.of(part) > inner
                            part = ""
                        }
                    }
                    if isCut || DisplayWidth.of(part) > inner { count += 1 }
                }
            }
        }
        return count
    }

    /// The legend of a diagram wider than asked (a design too large to stack): how wide, and why.
    static func overWidthLegend(width: Int, limit: Int) -> String {
        "this diagram is \(width) columns wide, more than the \(limit) asked for: no narrower layout draws every edge"
    }
}
