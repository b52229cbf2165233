import MLSDCore
/// The lines drawn inside one box and its inner width.
struct BoxText {
    var lines: [(text: String, role: DiagramRole)]
    var innerWidth: Int

    init(node: LayoutGraph.Node, maxInnerWidth: Int, degree: Int) {
        var lines: [(String, DiagramRole)] = []
        lines += TextWrap.lines(node.title.isEmpty ? "?" : node.title, width: maxInnerWidth).map { ($0, .boxText) }
        lines += TextWrap.lines(node.subtitle, width: maxInnerWidth).map { ($0, .boxText) }
        for a in node.annotations { lines += TextWrap.lines(a, width: maxInnerWidth).map { ($0, .annotation) } }
        self.lines = lines
        var inner = lines.map { DisplayWidth.of($0.0) }.max() ?? 1
        // Enough free cells around the box for every edge that starts or ends there, plus slack:
        // the sides offer 2·(inner+2) + 2·lines ports.
        let needed = degree + 2 - 2 * lines.count - 4
        if needed > 2 * inner { inner = (needed + 1) / 2 }
        innerWidth = inner
    }

    /// Box size with a one-character border and one space of padding each side.
    var size: (width: Int, height: Int) { (innerWidth + 4, lines.count + 2) }
}

/// Where every box goes: layers become bands along the main axis (wide top-to-bottom layers wrap
/// onto several bands), boxes are spread along the cross axis towards the middle of their callers.
struct Placement {
    var rects: [GridRect]
    var texts: [BoxText]
    /// Band (row of boxes in top-to-bottom, column in left-to-right) of each node.
    var band: [Int]
    var width: Int
    var height: Int
    /// Where each band starts along the main axis (y in top-to-bottom, x in left-to-right) and how
    /// far it reaches (its tallest box, or widest in left-to-right).
    var bandStart: [Int] = []
    var bandExtent: [Int] = []
    /// Lanes reserved for long edges (large designs), by bundle: see ``Lane``.
    var lanes: [Int32: Lane] = [:]
    /// The first band of the offline lane, when the design has one (see ``LayerAssignment/offlineFirstLayer``).
    var offlineFirstBand: Int?
    /// The row (top-to-bottom) or column (left-to-right) of the rule between the online bands and
    /// the offline lane, in the middle of the gap between them.
    var offlineDivider: Int?

    /// A straight line reserved beside the boxes for a bundle whose edges pass over two bands or
    /// more: its trunk leaves the source's band for the lane, runs along it past every band in
    /// between, and each edge leaves it in the gap before its target's band. Lanes lie left and
    /// right of the boxes (above and below them in left-to-right), one cell apart; bundles whose
    /// bands do not overlap share a lane (the left-edge algorithm of channel routing), so the
    /// lanes needed are the most bundles passing any one band. Sugiyama's dummy nodes would
    /// interleave these lines with the boxes; beside them, they never need to jog between bands.
    struct Lane: Equatable {
        /// Bands the lane passes: from the band after the source's to the band before the
        /// farthest target's.
        var firstBand: Int
        var lastBand: Int
        /// Cross-axis coordinate (x in top-to-bottom, y in left-to-right).
        var cross: Int
    }

    /// The text of every box for a configuration (its inner width, and bundling for the ports a box needs).
    static func texts(graph: LayoutGraph, config: GraphLayout.Config) -> [BoxText] {
        // Ports a box needs: one per edge, except that a bundle (large designs) leaves by one port.
        var degree = Array(repeating: 0, count: graph.nodes.count)
        var bundles = Set<Int32>()
        for e in graph.edges {
            if !config.bundlesEdges || bundles.insert(GraphLayout.bundle(of: e)).inserted { degree[e.from] += 1 }
            degree[e.to] += 1
        }
        return graph.nodes.indices.map { BoxText(node: graph.nodes[$0], maxInnerWidth: config.maxInnerWidth, degree: degree[$0]) }
    }

    /// - Parameter texts: ``texts(graph:config:)`` for this configuration, when already measured.
    init(graph: LayoutGraph, layers: LayerAssignment, config: GraphLayout.Config, widthLimit: Int, texts: [BoxText]? = nil) {
        let n = graph.nodes.count
        self.texts = texts ?? Self.texts(graph: graph, config: config)
        let isVertical = config.direction == .topToBottom
        let texts = self.texts
        let mainSize = texts.map { isVertical ? $0.size.height : $0.size.width }
        let crossSize = texts.map { isVertical ? $0.size.width : $0.size.height }
        let emptySlot = 2
        let growth = config.growth
        let crossGap = config.crossGap + 3 * growth
        func size(_ slot: Int?) -> Int { slot.map { crossSize[$0] } ?? emptySlot }
        func extent(_ slots: [Int?]) -> Int {
            slots.map(size).reduce(0, +) + crossGap * max(slots.count - 1, 0)
        }

        // Bands: a top-to-bottom layer wider than the limit wraps onto more rows.
        var bands: [[Int?]] = []
        var offlineFirstBand: Int?
        for (l, layer) in layers.layers.enumerated() where !layer.isEmpty {
            if l >= (layers.offlineFirstLayer ?? .max), offlineFirstBand == nil { offlineFirstBand = bands.count }
            guard isVertical, extent(layer) > widthLimit else {
                bands.append(layer)
                continue
            }
            // With `leavesFirst`, boxes that call on into later layers go on the layer's last row,
            // nearest their callees, the rest (leaves) on the rows before it, each group in its
            // sweep order: an edge from the last row then drops straight to its callee instead of
            // passing a row of boxes that the caller's other edges must cross to reach (issue #12:
            // the cache's miss crossed the gateway's call to the reranker placed under the cache).
            // Pinned layers keep their order.
            var ordered = layer
            if config.leavesFirst, !layer.contains(where: { $0 == nil }) {
                var callsOn = Set<Int>()
                for e in graph.edges where layers.rank[e.to] > l { callsOn.insert(e.from) }
                ordered = layer.filter { !callsOn.contains($0 ?? -1) } + layer.filter { callsOn.contains($0 ?? -1) }
            }
            var current: [Int?] = []
            for slot in ordered {
                if !current.isEmpty, extent(current + [slot]) > widthLimit {
                    bands.append(current)
                    current = []
                }
                current.append(slot)
            }
            if !current.isEmpty { bands.append(current) }
        }
        band = Array(repeating: 0, count: n)
        for (b, slots) in bands.enumerated() { for case let v? in slots { band[v] = b } }

        // Lanes (large designs): one per bundle with an edge two bands long or more, reaching its
        // farthest target. Each such edge runs across the gap before its target's band from the
        // lane, and each bundle across the gap after its source's band to the lane: those gaps get
        // a track per run.
        var laneBundles: [(key: Int32, from: Int, to: Int)] = []
        var runs = Array(repeating: 0, count: max(bands.count - 1, 0))
        if config.bundlesEdges, config.usesLanes {
            var index: [Int32: Int] = [:]
            for e in graph.edges where band[e.to] - band[e.from] >= 2 {
                let key = GraphLayout.bundle(of: e)
                runs[band[e.to] - 1] += 1
                if let i = index[key] {
                    if band[e.to] > band[laneBundles[i].to] { laneBundles[i].to = e.to }
                } else {
                    index[key] = laneBundles.count
                    laneBundles.append((key, e.from, e.to))
                }
            }
            for l in laneBundles { runs[band[l.from]] += 1 }
        }

        // Gaps between bands grow with the edges crossing them, and in left-to-right with the
        // longest label, which sits on a horizontal run.
        var crossing = Array(repeating: 0, count: max(bands.count - 1, 0))
        var longestLabel = Array(repeating: 0, count: max(bands.count - 1, 0))
        for e in graph.edges {
            let (a, b) = (min(band[e.from], band[e.to]), max(band[e.from], band[e.to]))
            let labelWidth = e.label.map { DisplayWidth.of($0) } ?? 0   // once per edge, not per gap crossed
            for g in a..<b {
                crossing[g] += 1
                longestLabel[g] = max(longestLabel[g], labelWidth)
            }
        }
        let gaps = crossing.indices.map { g in
            // Normal spacing caps the channel; growing spacing gives every crossing edge its own track(s).
            let tracks = min(crossing[g], config.compactGaps ? 3 : 6 * (growth + 1)) + runs[g]
            // The gap before the offline lane holds its rule (a row or column edges only cross) and a spare track.
            let rule = g + 1 == offlineFirstBand ? 2 : 0
            return (isVertical ? 2 + tracks : max(4 + tracks, longestLabel[g] + 6)) + rule
        }
        let bandMain = bands.map { slots in slots.compactMap { $0 }.map { mainSize[$0] }.max() ?? 1 }
        let mainTotal = bandMain.reduce(0, +) + gaps.reduce(0, +)
        let crossTotal = bands.map(extent).max() ?? 0

        // Cross positions: each box moves towards the mean centre of the boxes already placed that
        // it is joined to, keeping order and gaps, within the widest band's extent.
        var neighbours = Array(repeating: [Int](), count: n)
        for e in graph.edges {
            neighbours[e.from].append(e.to)
            neighbours[e.to].append(e.from)
        }
        var crossStart = Array(repeating: 0, count: n)
        var isPlaced = Array(repeating: false, count: n)
        // Large designs (which bundle edges) get a second pass, from the last band back, that
        // moves each box towards the middle of what it joins in later bands: a parent over its
        // children, so the edges of wide trees stay short.
        let passes: [[Int]] = config.bundlesEdges ? [Array(bands.indices), Array(bands.indices.reversed().dropFirst())] : [Array(bands.indices)]
        let bandOf = band
        for (pass, order) in passes.enumerated() {
        for b in order {
            let slots = bands[b]
            let sizes = slots.map(size)
            var desired: [Int?] = slots.map { slot in
                guard let v = slot else { return nil }
                let placed = neighbours[v].filter { pass == 0 ? isPlaced[$0] : bandOf[$0] > b }
                guard !placed.isEmpty else { return pass == 0 ? nil : crossStart[v] }
                let centre = placed.map { Double(crossStart[$0]) + Double(crossSize[$0]) / 2 }.reduce(0, +) / Double(placed.count)
                return Int((centre - Double(crossSize[v]) / 2).rounded())
            }
            if desired.allSatisfy({ $0 == nil }) {
                // Nothing to align with: centre the band.
                var p = (crossTotal - extent(slots)) / 2
                for i in slots.indices {
                    desired[i] = p
                    p += sizes[i] + crossGap
                }
            }
            var pos = Array(repeating: 0, count: slots.count)
            var end = -crossGap
            for i in slots.indices {
                pos[i] = max(desired[i] ?? Int.min, end + crossGap)
                end = pos[i] + sizes[i]
            }
            var limit = crossTotal
            for i in slots.indices.reversed() {
                pos[i] = min(pos[i], limit - sizes[i])
                limit = pos[i] - crossGap
            }
            end = -crossGap
            for i in slots.indices {
                pos[i] = max(pos[i], end + crossGap, 0)
                end = pos[i] + sizes[i]
            }
            for (i, slot) in slots.enumerated() {
                if let v = slot {
                    crossStart[v] = pos[i]
                    isPlaced[v] = true
                }
            }
        }
        }

        // Lanes: each bundle on the side nearer the middle of its source and farthest target,
        // the lowest lane there whose last band ends two bands before this one's first.
        var laneSide: [Int] = [], laneIndex: [Int] = []
        var laneEnds: [[Int]] = [[], []]
        for l in laneBundles {
            let middle = Double(crossStart[l.from] + crossStart[l.to]) / 2 + Double(crossSize[l.from] + crossSize[l.to]) / 4
            let side = middle < Double(crossTotal) / 2 ? 0 : 1
            let first = band[l.from] + 1, last = band[l.to] - 1
            let lane = laneEnds[side].firstIndex { $0 + 2 <= first } ?? laneEnds[side].count
            if lane == laneEnds[side].count { laneEnds[side].append(last) } else { laneEnds[side][lane] = last }
            laneSide.append(side)
            laneIndex.append(lane)
        }
        // Lane k on the left sits 2k + 3 cells before the boxes, on the right 2k + 2 after them.
        let leftLanes = laneEnds[0].count > 0 ? 2 * laneEnds[0].count + 1 : 0
        let rightLanes = laneEnds[1].count > 0 ? 2 * laneEnds[1].count + 1 : 0

        // Margins leave room to route around the outside; in the width-limited axis only as much
        // as the limit allows.
        let widthUsed = isVertical ? crossTotal + leftLanes + rightLanes : mainTotal
        let sideMargin = growth > 0 ? 2 + 2 * growth : max(0, min(2, (widthLimit - widthUsed) / 2))
        let mainMargin = isVertical ? 2 + 2 * growth : sideMargin
        let crossMargin = isVertical ? sideMargin : 2 + 2 * growth
        var mainStart = Array(repeating: 0, count: bands.count)
        var p = mainMargin
        for b in bands.indices {
            mainStart[b] = p
            p += bandMain[b] + (b < gaps.count ? gaps[b] : 0)
        }
        bandStart = mainStart
        bandExtent = bandMain
        self.offlineFirstBand = offlineFirstBand
        if let first = offlineFirstBand, first > 0 {
            offlineDivider = (mainStart[first - 1] + bandMain[first - 1] + mainStart[first]) / 2
        }
        for (i, l) in laneBundles.enumerated() {
            let cross = laneSide[i] == 0 ? crossMargin + leftLanes - 3 - 2 * laneIndex[i] : crossMargin + leftLanes + crossTotal + 2 + 2 * laneIndex[i]
            lanes[l.key] = Lane(firstBand: band[l.from] + 1, lastBand: band[l.to] - 1, cross: cross)
        }
        let band = self.band
        rects = (0..<n).map { v in
            let (w, h) = texts[v].size
            let main = mainStart[band[v]], cross = crossMargin + leftLanes + crossStart[v]
            return isVertical ? GridRect(x: cross, y: main, width: w, height: h) : GridRect(x: main, y: cross, width: w, height: h)
        }
        let mainExtent = mainTotal + 2 * mainMargin, crossExtent = crossTotal + leftLanes + rightLanes + 2 * crossMargin
        width = isVertical ? crossExtent : mainExtent
        height = isVertical ? mainExtent : crossExtent
    }
}
