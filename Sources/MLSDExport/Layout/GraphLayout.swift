public import MLSDCore

/// The direction a diagram's layers run in.
public enum LayoutDirection: String, Hashable, Sendable, CaseIterable {
    /// Calls flow rightwards; each layer is a column.
    case leftToRight = "left-to-right"
    /// Calls flow downwards; each layer is a row (wide layers wrap onto several rows).
    case topToBottom = "top-to-bottom"
}

/// Limits and choices for ``GraphLayout``.
public struct LayoutOptions: Hashable, Sendable {
    /// Widest diagram wanted, in terminal columns (default 80).
    public var width: Int
    /// Force a direction; nil lets the layout pick the first one that fits `width`.
    public var direction: LayoutDirection?

    public init(width: Int = 80, direction: LayoutDirection? = nil) {
        self.width = width
        self.direction = direction
    }
}

/// Lays out a design as boxes and orthogonal arrows on a character grid.
///
/// A layered layout: each component's layer is its longest call depth from the entry (calls,
/// cache misses and fallbacks all count), boxes are ordered within layers by barycenter sweeps to
/// reduce crossings, then edges are routed orthogonally cell by cell. The layout tries, in order,
/// left-to-right and top-to-bottom at decreasing box widths and gaps, and keeps the first that
/// fits ``LayoutOptions/width`` with every edge and label drawn. Pins (`position` in the design)
/// fix a box's layer (`column`) and its slot within the layer (`row`), in either direction.
///
/// The result depends only on the design, the annotations and the options.
///
///     let grid = GraphLayout(design: scenario.design, options: LayoutOptions(width: 80)).grid()
///     print(DiagramRenderer(style: .unicode).render(grid))
public struct GraphLayout: Sendable {
    public var design: Design
    public var annotations: DiagramAnnotations
    public var options: LayoutOptions

    public init(design: Design, annotations: DiagramAnnotations = DiagramAnnotations(), options: LayoutOptions = LayoutOptions()) {
        self.design = design
        self.annotations = annotations
        self.options = options
    }

    /// One combination of direction and spacing to try.
    struct Config: Hashable {
        var direction: LayoutDirection
        var maxInnerWidth: Int
        var crossGap: Int
        /// Extra spacing level, 0 for normal; see ``GraphLayout/configs(growth:)``.
        var growth: Int = 0
        /// Whether edges of one bundle (same source and style) share their lines (large designs).
        var bundlesEdges = false
    }

    /// Candidate configurations, most spacious first.
    var configs: [Config] { configs(growth: 0) }

    /// Large designs draw the edges of a bundle (same source and style) as one trunk with branches.
    var bundlesEdges: Bool { design.components.count > Self.largeDesignNodeCount }

    /// Candidate configurations at one growth level: 0 is the normal spacing; each level above
    /// widens the gaps between layers, the channels between boxes and the margins.
    func configs(growth: Int) -> [Config] {
        var out: [Config] = []
        for inner in [20, 16, 13, 10, 8] {
            for (direction, gap) in [(LayoutDirection.leftToRight, 2), (.topToBottom, 8), (.topToBottom, 5), (.topToBottom, 2)]
            where options.direction == nil || options.direction == direction {
                out.append(Config(direction: direction, maxInnerWidth: inner, crossGap: gap, growth: growth, bundlesEdges: bundlesEdges))
            }
        }
        return out
    }

    /// Words in box texts wider than the box's inner width: each must be cut across two lines.
    func brokenWords(_ graph: LayoutGraph, innerWidth: Int) -> Int {
        var count = 0
        for node in graph.nodes {
            for text in [node.title, node.subtitle] + node.annotations {
                for word in text.split(separator: " ") where DisplayWidth.of(String(word)) > innerWidth { count += 1 }
            }
        }
        return count
    }

    /// Designs with more boxes than this keep the first spacing that routes every edge.
    static let largeDesignNodeCount = 20
    /// How many complete layouts (every edge and label drawn) a small design compares.
    static let completeAttemptsCompared = 20

    /// Designs with more boxes than this try only three spacings within the width before the unwrapped ones.
    static let veryLargeDesignNodeCount = 100
    /// Unwrapped spacings a large design tries per growth level when none within the width routes every edge.
    static let largeDesignAttemptsPerGrowth = 3
    /// Search states all the attempts of one large design may expand together; when they are
    /// spent, the most spacious unwrapped placement tried draws what routes.
    static let largeDesignTotalStates = 12_000_000
    /// Route searches of a large design may expand at most this many states per grid cell in one
    /// attempt (4 states per cell: a few full sweeps); an attempt that needs more fails.
    static let largeDesignStatesPerCell = 8

    /// Growth levels tried when no normal spacing routes every edge.
    static let maxGrowth = 4

    /// Lays the design out and draws it into a grid.
    ///
    /// Every edge is always drawn. Normal spacings are tried first, within the width limit; if
    /// none routes every edge, the gaps and channels grow (still within the width while that
    /// fits), and only then is the width exceeded (``DiagramGrid/fitsWidth`` is false).
    ///
    /// - Complexity: dominated by edge routing, O(E · A log A) for E edges and a grid of A cells.
    public func grid() -> DiagramGrid {
        let graph = LayoutGraph(design: design, annotations: annotations)
        let layers = LayerAssignment(graph: graph)
        let limit = max(options.width, 1)
        var best: (score: [Int], grid: DiagramGrid)?
        // Edges that found no room in earlier attempts, most recent last. Once the spacing grows,
        // they are routed first, so a spacing that still has no room for them is rejected quickly.
        var hardEdges: [Int] = []
        var isGrowing = false
        var spentStates = 0
        func consider(_ placement: Placement, _ config: Config) -> Bool {
            // Only layouts that draw every edge count: an attempt stops at the first edge that finds no room.
            var failedEdge: Int?
            guard let attempt = draw(graph: graph, placement: placement, config: config, failureLimit: 0,
                                     firstEdges: isGrowing ? hardEdges.reversed() : [], failedEdge: &failedEdge, spentStates: &spentStates) else {
                if let failedEdge, !hardEdges.contains(failedEdge) { hardEdges.append(failedEdge) }
                return false
            }
            // Words cut in two inside boxes ("$1,489/m" + "o") read worse than a crossing, so they count first.
            let score = [attempt.failedRoutes, attempt.unplacedLabels, brokenWords(graph, innerWidth: config.maxInnerWidth), attempt.crossings]
            if best == nil || score.lexicographicallyPrecedes(best?.score ?? []) { best = (score, attempt.grid) }
            return true
        }

        // Small designs: among the first few spacings that draw every edge and label, keep the one
        // with the fewest crossings. Large designs, where routing is the expensive part: keep the
        // first spacing that draws every edge, and never route more than a few candidates.
        let isLarge = graph.nodes.count > Self.largeDesignNodeCount
        var routedAttempts = 0, completeAttempts = 0
        for config in configs {
            let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: options.width)
            guard placement.width <= limit else { continue }
            _ = consider(placement, config)
            routedAttempts += 1
            if best?.score.dropFirst().first == 0 { completeAttempts += 1 }
            if best?.score == [0, 0, 0, 0] || completeAttempts >= Self.completeAttemptsCompared { break }
            if isLarge, best != nil || routedAttempts >= (graph.nodes.count > Self.veryLargeDesignNodeCount ? 3 : 8) { break }
        }
        if let best { return best.grid }

        if isLarge {
            // Large designs, where each attempt routes hundreds of edges: no search for more spacing
            // within the width. The layers are laid out unwrapped (a wide layer stays one row or
            // column) at growing spacing, narrowest first, and the first that routes every edge wins.
            // At most three distinct placements per growth level (inner widths that wrap no text
            // differently give the same placement), narrowest first among those that cut no word,
            // within a budget of search work for all attempts together.
            var spacious: (placement: Placement, config: Config)?
            for growth in 0...Self.maxGrowth where spentStates < Self.largeDesignTotalStates || spacious == nil {
                var candidates: [(key: [Int], placement: Placement, config: Config)] = []
                for (i, config) in configs(growth: growth).enumerated() {
                    let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: Int.max / 4)
                    candidates.append(([brokenWords(graph, innerWidth: config.maxInnerWidth) > 0 ? 1 : 0, placement.width, i], placement, config))
                }
                candidates.sort { $0.key.lexicographicallyPrecedes($1.key) }
                var tried: [(LayoutDirection, Int, Int)] = []
                for candidate in candidates where tried.count < Self.largeDesignAttemptsPerGrowth {
                    let shape = (candidate.config.direction, candidate.placement.width, candidate.placement.height)
                    guard !tried.contains(where: { $0 == shape }) else { continue }
                    tried.append(shape)
                    if tried.count == 1 { spacious = (candidate.placement, candidate.config) }
                    if spentStates >= Self.largeDesignTotalStates { break }
                    if consider(candidate.placement, candidate.config), let best { return best.grid }
                }
            }
            // No spacing draws every edge within the budget (long edges across crowded layers): the
            // most spacious placement tried draws what routes, and its legend says how many edges
            // are missing. Searching on through ever wider spacings took minutes at 500 components.
            if let spacious {
                var unused: Int?
                if var attempt = draw(graph: graph, placement: spacious.placement, config: spacious.config, failureLimit: .max,
                                      failedEdge: &unused, spentStates: &spentStates) {
                    attempt.grid.appendLegend("\(attempt.failedRoutes) of \(graph.edges.count) edges could not be drawn in this layout; 'mlsd export --format mermaid' or 'dot' lists every edge",
                                              width: max(attempt.grid.width, options.width))
                    attempt.grid.fitsWidth = attempt.grid.width <= options.width
                    return attempt.grid
                }
            }
        }

        // Some edge found no room: grow the spacing until every edge routes, first within the width.
        isGrowing = true
        var overWidth: [(width: Int, placement: Placement, config: Config)] = []
        for growth in 1...Self.maxGrowth {
            for config in configs(growth: growth) {
                let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: options.width)
                guard placement.width <= limit else {
                    overWidth.append((placement.width, placement, config))
                    continue
                }
                if consider(placement, config), let best { return best.grid }
            }
        }
        // No layout within the width draws every edge: exceed the width by as little as it takes,
        // a quarter more each round, up to twice the width.
        var relaxedWidth = limit
        while relaxedWidth < 2 * limit {
            relaxedWidth += max(8, relaxedWidth / 4)
            for growth in 0...Self.maxGrowth {
                for config in configs(growth: growth) {
                    let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: relaxedWidth)
                    guard placement.width <= relaxedWidth else { continue }
                    if consider(placement, config), let best { return best.grid }
                }
            }
        }
        // Then whatever width it takes, narrowest first.
        for config in configs(growth: 0) {
            let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: options.width)
            if placement.width > limit { overWidth.append((placement.width, placement, config)) }
        }
        let ordered = overWidth.enumerated().sorted { ($0.element.config.growth, $0.element.width, $0.offset) < ($1.element.config.growth, $1.element.width, $1.offset) }
        for (_, candidate) in ordered {
            if consider(candidate.placement, candidate.config) { break }
        }
        if let best { return best.grid }
        // Never seen: nothing routes every edge. Draw the most spacious layout with what routes.
        let config = configs(growth: Self.maxGrowth)[0]
        let placement = Placement(graph: graph, layers: layers, config: config, widthLimit: options.width)
        var unused: Int?
        return draw(graph: graph, placement: placement, config: config, failureLimit: .max, failedEdge: &unused, spentStates: &spentStates)?.grid
            ?? DiagramGrid(width: 0, height: 0)
    }

    struct Attempt {
        var grid: DiagramGrid
        var failedRoutes: Int
        var unplacedLabels: Int
        /// Cells where two edges cross.
        var crossings: Int
    }

    /// Routes every edge over a placement, places labels and builds the cell grid.
    ///
    /// Edges are routed longest first, after the edges in `firstEdges`; when more than
    /// `failureLimit` edges find no room the attempt stops, puts the edge that failed in
    /// `failedEdge` and returns nil.
    func draw(graph: LayoutGraph, placement: Placement, config: Config, failureLimit: Int,
              firstEdges: [Int] = [], failedEdge: inout Int?, spentStates: inout Int) -> Attempt? {
        let rects = placement.rects
        // Large designs: a step beside a box costs little more than any other, so that the search's
        // estimate (which cannot see boxes) stays close to the truth.
        var router = EdgeRouter(width: placement.width, height: placement.height, boxes: rects,
                                nearBoxCost: config.bundlesEdges ? 1 : EdgeRouter.nearBoxCost)
        var isFirst = Array(repeating: false, count: graph.edges.count)
        for i in firstEdges { isFirst[i] = true }
        let order = firstEdges + graph.edges.indices.filter { !isFirst[$0] }.sorted { a, b in
            let ea = graph.edges[a], eb = graph.edges[b]
            let spanA = abs(placement.band[ea.to] - placement.band[ea.from])
            let spanB = abs(placement.band[eb.to] - placement.band[eb.from])
            return (-spanA, placement.band[ea.from], a) < (-spanB, placement.band[eb.from], b)
        }
        var paths = Array(repeating: [GridPoint](), count: graph.edges.count)
        var failed = 0
        // An attempt's budget: a few sweeps of its grid, at most what is left of the design's
        // budget (a drawing that routes what it can gets its own few sweeps).
        let sweeps = Self.largeDesignStatesPerCell * placement.width * placement.height
        let stateBudget = min(sweeps + 100_000, max(Self.largeDesignTotalStates - spentStates, failureLimit == 0 ? 0 : sweeps))
        defer { spentStates += router.statesPopped }
        let whole = GridRect(x: 0, y: 0, width: placement.width, height: placement.height)
        for i in order {
            let e = graph.edges[i]
            let src = rects[e.from], dst = rects[e.to]
            let heading = Self.heading(from: src, to: dst, direction: config.direction)
            // Large designs: edges of a bundle share lines, the search leans on its estimate (weighted
            // A*: a path at most twice the cheapest, found far sooner) and the attempt has a budget.
            let bundle = config.bundlesEdges ? Self.bundle(of: e) : nil
            let limit = config.bundlesEdges ? max(stateBudget - router.statesPopped, 0) : .max
            let route = router.findRoute(from: src, to: dst, preferredExit: heading, preferredEntry: heading, within: whole,
                                         bundle: bundle, stateLimit: limit, estimateWeight: config.bundlesEdges ? 2 : 1)
            guard let route else {
                if config.bundlesEdges, failureLimit == 0, router.statesPopped >= stateBudget {
                    failedEdge = i
                    return nil
                }
                failed += 1
                if failed > failureLimit {
                    failedEdge = i
                    return nil
                }
                continue
            }
            router.commit(route, id: i, from: src, bundle: bundle, isDashed: e.kind.isDashed, isEmphasized: e.isEmphasized)
            paths[i] = route.points
        }

        var grid = DiagramGrid(width: placement.width, height: placement.height)
        grid.direction = config.direction
        for (i, node) in graph.nodes.enumerated() {
            let isBottleneck = annotations.bottleneck == node.id
            grid.boxes.append(DiagramBox(id: node.id, rect: rects[i], title: node.title, isBottleneck: isBottleneck,
                                         isOnCriticalPath: annotations.criticalPath.contains(node.id)))
            drawBox(i, rect: rects[i], text: placement.texts[i], isBottleneck: isBottleneck, router: router, into: &grid)
        }
        var crossings = 0
        for y in 0..<router.height {
            for x in 0..<router.width {
                let k = y * router.width + x
                guard router.occupancy[k] == .edge else { continue }
                if router.lines[k] == [.horizontal, .vertical] { crossings += 1 }
                var cell = DiagramCell(role: .edge)
                cell.lines = router.lines[k]
                cell.dashed = router.dashed[k]
                cell.isEmphasized = router.emphasized[k]
                grid[x, y] = cell
            }
        }
        for (i, e) in graph.edges.enumerated() {
            let path = paths[i]
            guard let last = path.last else { continue }
            var cell = DiagramCell(role: .arrow)
            cell.arrow = GridDirection.allCases.first { rects[e.to].contains(last.moved($0)) }
            cell.isEmphasized = e.isEmphasized
            grid[last] = cell
        }
        grid.routes = graph.edges.enumerated().map { i, e in
            DiagramRoute(from: graph.nodes[e.from].id, to: graph.nodes[e.to].id, kind: e.kind, label: e.label,
                         points: paths[i], isLabelPlaced: false, isEmphasized: e.isEmphasized)
        }
        var labels = LabelPlacer(router: router)
        let unplaced = labels.place(into: &grid, widthLimit: options.width)
        grid.cropToContent()
        if let legend = annotations.legend.map(DisplayWidth.sanitized), !legend.isEmpty {
            grid.appendLegend(legend, width: max(grid.width, options.width))
        }
        grid.fitsWidth = grid.width <= options.width
        return Attempt(grid: grid, failedRoutes: failed, unplacedLabels: unplaced, crossings: crossings)
    }

    /// The bundle an edge belongs to: edges from one box drawn alike (dashed or not, heavy or not) may share lines.
    static func bundle(of e: LayoutGraph.Edge) -> Int32 {
        Int32(e.from * 4 + (e.kind.isDashed ? 2 : 0) + (e.isEmphasized ? 1 : 0))
    }

    /// The side of `src` that faces `dst`, as a heading.
    static func heading(from src: GridRect, to dst: GridRect, direction: LayoutDirection) -> GridDirection {
        switch direction {
        case .topToBottom:
            if dst.y >= src.maxY { return .down }
            if dst.maxY <= src.y { return .up }
            return dst.x >= src.x ? .right : .left
        case .leftToRight:
            if dst.x >= src.maxX { return .right }
            if dst.maxX <= src.x { return .left }
            return dst.y >= src.y ? .down : .up
        }
    }

    private func drawBox(_ index: Int, rect r: GridRect, text: BoxText, isBottleneck: Bool, router: EdgeRouter, into grid: inout DiagramGrid) {
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX {
                let top = y == r.y, bottom = y == r.maxY - 1, left = x == r.x, right = x == r.maxX - 1
                var cell = DiagramCell()
                cell.boxIndex = index
                if top || bottom || left || right {
                    cell.role = .boxBorder
                    var lines: LineSet = []
                    if top || bottom { if !left { lines.insert(.left) }; if !right { lines.insert(.right) } }
                    if left || right { if !top { lines.insert(.up) }; if !bottom { lines.insert(.down) } }
                    if router.isInside(GridPoint(x: x, y: y)) { lines.formUnion(router.lines[y * router.width + x]) }
                    cell.lines = lines
                    cell.isEmphasized = isBottleneck
                }
                grid[x, y] = cell
            }
        }
        let inner = r.width - 4
        for (k, line) in text.lines.enumerated() {
            let w = DisplayWidth.of(line.text)
            grid.write(line.text, at: GridPoint(x: r.x + 2 + (inner - w) / 2, y: r.y + 1 + k), role: line.role, boxIndex: index)
        }
    }
}
