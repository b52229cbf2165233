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
        /// Whether edges over two bands or more run along lanes beside the boxes (large designs
        /// laid out unwrapped, once no spacing within the width draws every edge).
        var usesLanes = false
        /// Gaps between bands hold at most three tracks (small designs try this first: a shorter
        /// drawing when its edges and labels still find room).
        var compactGaps = false
        /// A wrapped top-to-bottom layer puts the boxes that call on into later layers on its last
        /// row (see ``Placement``). Small designs try each spacing both ways, and the fewest
        /// crossings win: it untangles some designs and tangles others.
        var leavesFirst = false
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
                if growth == 0, !bundlesEdges {
                    out.append(Config(direction: direction, maxInnerWidth: inner, crossGap: gap, growth: growth, bundlesEdges: bundlesEdges, compactGaps: true))
                    if direction == .topToBottom {
                        out.append(Config(direction: direction, maxInnerWidth: inner, crossGap: gap, growth: growth, bundlesEdges: bundlesEdges,
                                          compactGaps: true, leavesFirst: true))
                    }
                }
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
    static let completeAttemptsCompared = 40

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

    /// What crossing another edge costs a route in a large design, on top of the step: little, so
    /// that the search's estimate (which cannot see other edges) stays close to the truth.
    static let largeCrossingCost: Int32 = 2

    /// States one leg of a lane's trunk may expand (see ``routeAlongLane``).
    static let legStates = 50_000

    /// Growth levels tried when no normal spacing routes every edge.
    static let maxGrowth = 4

    /// Narrower widths tried, widest first, when the best layout within the asked width cuts words:
    /// one of them may draw the design whole before the boxes are stacked.
    static let narrowerWidths = [160, 120, 100, 80]

    /// Lays the design out and draws it into a grid.
    ///
    /// Every edge is always drawn. Normal spacings are tried first, within the width limit; if
    /// none routes every edge, the gaps and channels grow (still within the width while that
    /// fits). When nothing within the width draws every edge, a design of up to
    /// ``stackedLayoutMaxComponents`` components is stacked (``DiagramGrid/isStacked``: boxes in one
    /// column, each listing its calls); a larger one is drawn wider than asked
    /// (``DiagramGrid/fitsWidth`` is false) with a legend line that says so. Offline components
    /// are laid out in their own lane after the online layers, behind a titled rule.
    ///
    /// - Complexity: dominated by edge routing, O(E · A log A) for E edges and a grid of A cells.
    public func grid() -> DiagramGrid {
        let graph = LayoutGraph(design: design, annotations: annotations)
        // Flows across the offline lane as lettered marks, when that draws within the width.
        if let split = Self.splitAtLane(graph), let grid = laneConnectorGrid(full: graph, inner: split.inner, crossing: split.crossing) {
            return grid
        }
        let layers = LayerAssignment.withOfflineLane(graph: graph)
        // Designs small enough to stack never draw wider than asked: no diagram within the width
        // means the stacked list. Larger ones may exceed it, and the legend says so.
        let mayStack = graph.nodes.count <= Self.stackedLayoutMaxComponents
        if var grid = layeredGrid(graph: graph, layers: layers, mayExceedWidth: !mayStack) {
            // A diagram that cuts words in its boxes ("retrieva" + "l") reads worse than the stack,
            // whose boxes take the whole width: stacked when that cuts none.
            if mayStack, Self.cutWords(graph, grid: grid) > 0 {
                // A diagram within a narrower width fits this one too: fraud-detection at `--width
                // 200` was stacked, as its best layout there cut words, while 80 drew it whole.
                for narrower in Self.narrowerWidths where narrower < options.width {
                    var within = self
                    within.options.width = narrower
                    if let g = within.layeredGrid(graph: graph, layers: layers, mayExceedWidth: false), Self.cutWords(graph, grid: g) == 0 { return g }
                }
                let stacked = stackedGrid(graph: graph, layers: layers, cutsWords: true)
                if stacked.fitsWidth, Self.cutWords(graph, grid: stacked) == 0 { return stacked }
            }
            if grid.width > options.width {
                grid.appendLegend(Self.overWidthLegend(width: grid.width, limit: options.width), width: grid.width)
            }
            return grid
        }
        let stacked = stackedGrid(graph: graph, layers: layers)
        if stacked.fitsWidth { return stacked }
        // Narrower than a stacked box can be: the diagram at whatever width it takes, said so.
        var grid = layeredGrid(graph: graph, layers: layers, mayExceedWidth: true) ?? stacked
        if grid.width > options.width, !grid.isStacked {
            grid.appendLegend(Self.overWidthLegend(width: grid.width, limit: options.width), width: grid.width)
        }
        return grid
    }

    /// The layered diagram (see ``grid()``), or nil when no layout within the width draws every
    /// edge and the width may not be exceeded.
    func layeredGrid(graph: LayoutGraph, layers: LayerAssignment, mayExceedWidth: Bool) -> DiagramGrid? {
        // Box texts and cut words depend only on the inner width (and bundling, for the ports a
        // box needs), not on the rest of a configuration: measured once each, not per attempt.
        var textCache: [Int: [BoxText]] = [:]
        var brokenCache: [Int: Int] = [:]
        func place(_ config: Config, widthLimit: Int) -> Placement {
            let key = config.maxInnerWidth * 2 + (config.bundlesEdges ? 1 : 0)
            let texts = textCache[key] ?? Placement.texts(graph: graph, config: config)
            textCache[key] = texts
            return Placement(graph: graph, layers: layers, config: config, widthLimit: widthLimit, texts: texts)
        }
        func brokenWords(_ graph: LayoutGraph, innerWidth: Int) -> Int {
            if let count = brokenCache[innerWidth] { return count }
            let count = self.brokenWords(graph, innerWidth: innerWidth)
            brokenCache[innerWidth] = count
            return count
        }
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
            // Among equals, the shorter drawing reads at a glance.
            let score = [attempt.failedRoutes, attempt.unplacedLabels, brokenWords(graph, innerWidth: config.maxInnerWidth), attempt.crossings,
                         attempt.grid.height]
            if best == nil || score.lexicographicallyPrecedes(best?.score ?? []) { best = (score, attempt.grid) }
            return true
        }

        // Small designs: among the first few spacings that draw every edge and label, keep the one
        // with the fewest crossings. Large designs, where routing is the expensive part: keep the
        // first spacing that draws every edge, and never route more than a few candidates.
        let isLarge = graph.nodes.count > Self.largeDesignNodeCount
        var routedAttempts = 0, completeAttempts = 0
        // Very large designs with edges across two layers or more go straight to lanes: wrapped to
        // the width, such edges cross crowded bands and the attempts only spend the budget.
        let hasLongEdges = graph.edges.contains { layers.rank[$0.to] - layers.rank[$0.from] >= 2 }
        let skipsWrapped = graph.nodes.count > Self.veryLargeDesignNodeCount && hasLongEdges
        for config in configs where !skipsWrapped {
            let placement = place(config, widthLimit: options.width)
            guard placement.width <= limit else { continue }
            _ = consider(placement, config)
            routedAttempts += 1
            if best?.score.dropFirst().first == 0 { completeAttempts += 1 }
            if best?.score.prefix(4) == [0, 0, 0, 0] || completeAttempts >= Self.completeAttemptsCompared { break }
            if isLarge, best != nil || routedAttempts >= (graph.nodes.count > Self.veryLargeDesignNodeCount ? 3 : 8) { break }
        }
        // Small designs whose best layout leaves a label without room (it would go to the legend)
        // or cuts words in its boxes: more spacing within the width, until some layout places
        // every label and cuts no word. It is kept when it cuts fewer words, or as many and leaves
        // fewer labels without crossing more edges (a tangle reads worse than a label in the legend).
        if !isLarge, let before = best, before.score[0] == 0, before.score[1] > 0 || before.score[2] > 0 {
            search: for growth in 1...Self.maxGrowth {
                for config in configs(growth: growth) {
                    let placement = place(config, widthLimit: options.width)
                    guard placement.width <= limit else { continue }
                    _ = consider(placement, config)
                    if best?.score[1] == 0, best?.score[2] == 0 { break search }
                }
            }
            if let after = best {
                let fewerCuts = after.score[2] < before.score[2]
                let fewerLabelsOut = after.score[2] == before.score[2] && after.score[1] < before.score[1] && after.score[3] <= before.score[3]
                if !fewerCuts && !fewerLabelsOut { best = before }
            }
        }
        if let best { return Self.withUnplacedLabels(best.grid, width: options.width) }

        if isLarge, mayExceedWidth {
            // Large designs, where each attempt routes hundreds of edges: no search for more spacing
            // within the width. The layers are laid out unwrapped (a wide layer stays one row or
            // column) at growing spacing, narrowest first, and the first that routes every edge wins.
            // At most three distinct placements per growth level (inner widths that wrap no text
            // differently give the same placement), narrowest first among those that cut no word,
            // within a budget of search work for all attempts together.
            var spacious: (placement: Placement, config: Config)?
            for growth in 0...Self.maxGrowth where spentStates < Self.largeDesignTotalStates || spacious == nil {
                var candidates: [(key: [Int], placement: Placement, config: Config)] = []
                for (i, var config) in configs(growth: growth).enumerated() {
                    config.usesLanes = true
                    let placement = place(config, widthLimit: Int.max / 4)
                    candidates.append(([brokenWords(graph, innerWidth: config.maxInnerWidth) > 0 ? 1 : 0, placement.width, i], placement, config))
                }
                candidates.sort { $0.key.lexicographicallyPrecedes($1.key) }
                if let first = candidates.first, !first.placement.lanes.isEmpty {
                    // Long edges run along lanes, so more spacing does not make room for them: the
                    // narrowest placement draws every edge that routes, and its legend counts any
                    // that do not (each route search is bounded, so this is one pass).
                    spacious = (first.placement, first.config)
                    break
                }
                var tried: [(LayoutDirection, Int, Int)] = []
                for candidate in candidates where tried.count < Self.largeDesignAttemptsPerGrowth {
                    let shape = (candidate.config.direction, candidate.placement.width, candidate.placement.height)
                    guard !tried.contains(where: { $0 == shape }) else { continue }
                    tried.append(shape)
                    if tried.count == 1 { spacious = (candidate.placement, candidate.config) }
                    if spentStates >= Self.largeDesignTotalStates { break }
                    if consider(candidate.placement, candidate.config), let best { return Self.withUnplacedLabels(best.grid, width: options.width) }
                }
            }
            // No spacing draws every edge within the budget (long edges across crowded layers): the
            // most spacious placement tried draws what routes, and its legend says how many edges
            // are missing. Searching on through ever wider spacings took minutes at 500 components.
            if let spacious {
                var unused: Int?
                if var attempt = draw(graph: graph, placement: spacious.placement, config: spacious.config, failureLimit: .max,
                                      failedEdge: &unused, spentStates: &spentStates) {
                    if attempt.failedRoutes > 0 {
                        attempt.grid.appendLegend(Self.missingEdgesLegend(attempt.grid, total: graph.edges.count), width: max(attempt.grid.width, options.width))
                    }
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
                let placement = place(config, widthLimit: options.width)
                guard placement.width <= limit else {
                    overWidth.append((placement.width, placement, config))
                    continue
                }
                if consider(placement, config), let best { return Self.withUnplacedLabels(best.grid, width: options.width) }
            }
        }
        guard mayExceedWidth else { return nil }
        // No layout within the width draws every edge: exceed the width by as little as it takes,
        // a quarter more each round, up to twice the width.
        var relaxedWidth = limit
        while relaxedWidth < 2 * limit {
            relaxedWidth += max(8, relaxedWidth / 4)
            for growth in 0...Self.maxGrowth {
                for config in configs(growth: growth) {
                    let placement = place(config, widthLimit: relaxedWidth)
                    guard placement.width <= relaxedWidth else { continue }
                    if consider(placement, config), let best { return Self.withUnplacedLabels(best.grid, width: options.width) }
                }
            }
        }
        // Then whatever width it takes, narrowest first.
        for config in configs(growth: 0) {
            let placement = place(config, widthLimit: options.width)
            if placement.width > limit { overWidth.append((placement.width, placement, config)) }
        }
        let ordered = overWidth.enumerated().sorted { ($0.element.config.growth, $0.element.width, $0.offset) < ($1.element.config.growth, $1.element.width, $1.offset) }
        for (_, candidate) in ordered {
            if consider(candidate.placement, candidate.config) { break }
        }
        if let best { return Self.withUnplacedLabels(best.grid, width: options.width) }
        // Never seen: nothing routes every edge. Draw the most spacious layout with what routes.
        let config = configs(growth: Self.maxGrowth)[0]
        let placement = place(config, widthLimit: options.width)
        var unused: Int?
        return draw(graph: graph, placement: placement, config: config, failureLimit: .max, failedEdge: &unused, spentStates: &spentStates)?.grid
            ?? DiagramGrid(width: 0, height: 0)
    }

    /// A drawing whose labels did not all find room (crowded designs, such as an offline lane's
    /// flows crossing the request path): the legend lists them, so no timeout or share is lost.
    ///
    ///     no room beside their edges for: gateway → scorer: ② timeout 40ms
    static func withUnplacedLabels(_ grid: DiagramGrid, width: Int) -> DiagramGrid {
        let missing = grid.routes.filter { $0.label != nil && !$0.isLabelPlaced && !$0.points.isEmpty }
        guard !missing.isEmpty else { return grid }
        var out = grid
        let names = missing.map { DisplayWidth.sanitized($0.from) + " → " + DisplayWidth.sanitized($0.to) + ": " + ($0.label ?? "") }
        out.appendLegend("no room beside their edges for: " + names.joined(separator: "; "), width: max(grid.width, width))
        out.fitsWidth = out.width <= width
        return out
    }

    /// Edges named in the legend of a drawing that misses some (the rest are counted).
    static let missingEdgesListed = 12

    /// The legend of a drawing that could not route every edge: how many, and which.
    ///
    ///     3 of 1051 edges could not be drawn in this layout: c12 → c40, c7 → c9 (fallback), c3 → c8; 'mlsd export --format mermaid' or 'dot' lists every edge
    static func missingEdgesLegend(_ grid: DiagramGrid, total: Int) -> String {
        let missing = grid.routes.filter { $0.points.isEmpty }
        var names = missing.prefix(missingEdgesListed).map { route -> String in
            let kind: String
            switch route.kind {
            case .call(let mode): kind = mode == .async ? " (async)" : ""
            case .miss: kind = " (miss)"
            case .feed: kind = " (feeds)"
            case .fallback: kind = " (fallback)"
            }
            return DisplayWidth.sanitized(route.from) + " → " + DisplayWidth.sanitized(route.to) + kind
        }
        if missing.count > missingEdgesListed { names.append("and \(missing.count - missingEdgesListed) more") }
        return "\(missing.count) of \(total) edges could not be drawn in this layout: " + names.joined(separator: ", ")
            + "; 'mlsd export --format mermaid' or 'dot' lists every edge"
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
                                nearBoxCost: config.bundlesEdges && placement.lanes.isEmpty ? 1 : EdgeRouter.nearBoxCost)
        var isFirst = Array(repeating: false, count: graph.edges.count)
        for i in firstEdges { isFirst[i] = true }
        func span(_ e: LayoutGraph.Edge) -> Int { placement.band[e.to] - placement.band[e.from] }
        var order = firstEdges + graph.edges.indices.filter { !isFirst[$0] }.sorted { a, b in
            let ea = graph.edges[a], eb = graph.edges[b]
            let spanA = abs(span(ea)), spanB = abs(span(eb))
            return (-spanA, placement.band[ea.from], a) < (-spanB, placement.band[eb.from], b)
        }
        // With lanes, every lane's straight run is reserved first (nothing may turn on it or run
        // along it), and the edge that reaches each bundle's farthest band lays its trunk first.
        var buildsTrunk = Array(repeating: false, count: graph.edges.count)
        var laneCells: [Int32: [GridPoint]] = [:]
        if !placement.lanes.isEmpty {
            var seen = Set<Int32>()
            for i in order {
                let e = graph.edges[i]
                guard let lane = placement.lanes[Self.bundle(of: e)], placement.band[e.to] == lane.lastBand + 1,
                      seen.insert(Self.bundle(of: e)).inserted else { continue }
                buildsTrunk[i] = true
            }
            order = order.filter { buildsTrunk[$0] } + order.filter { !buildsTrunk[$0] }
            for (key, lane) in placement.lanes.sorted(by: { $0.key < $1.key }) {
                let cells = Self.laneCells(lane, placement: placement, direction: config.direction)
                router.reserve(cells, along: config.direction == .topToBottom ? .vertical : .horizontal)
                laneCells[key] = cells
            }
        }
        var laneRule = Self.laneRule(placement, direction: config.direction)
        if laneRule != nil { Self.reserve(&laneRule!, in: &router) }
        var paths = Array(repeating: [GridPoint](), count: graph.edges.count)
        var failed = 0
        // An attempt's budget: a few sweeps of its grid, at most what is left of the design's
        // budget (a drawing that routes what it can gets its own few sweeps).
        let sweeps = Self.largeDesignStatesPerCell * placement.width * placement.height
        let stateBudget = min(sweeps + 100_000, max(Self.largeDesignTotalStates - spentStates, failureLimit == 0 ? 0 : sweeps))
        defer { spentStates += router.statesPopped }
        let whole = GridRect(x: 0, y: 0, width: placement.width, height: placement.height)
        var trunkIsBuilt = Set<Int32>()
        for i in order {
            let e = graph.edges[i]
            let src = rects[e.from], dst = rects[e.to]
            let heading = Self.heading(from: src, to: dst, direction: config.direction)
            // Large designs: edges of a bundle share lines, the search leans on its estimate (weighted
            // A*: a path at most twice the cheapest, found far sooner) and the attempt has a budget.
            let bundle = config.bundlesEdges ? Self.bundle(of: e) : nil
            let limit = config.bundlesEdges ? max(stateBudget - router.statesPopped, 0) : .max
            let weight: Int32 = config.bundlesEdges ? 2 : 1
            let crossing = config.bundlesEdges ? Self.largeCrossingCost : EdgeRouter.crossingCost
            var route: EdgeRouter.Route?
            if buildsTrunk[i], let bundle, let lane = placement.lanes[bundle], let cells = laneCells[bundle] {
                // The legs count their states from the router's total so far.
                route = Self.routeAlongLane(from: src, to: dst, lane: lane, cells: cells, placement: placement, direction: config.direction,
                                            router: &router, stateLimit: limit == .max ? .max : router.statesPopped + limit)
                if route != nil {
                    trunkIsBuilt.insert(bundle)
                } else {
                    router.release(cells, along: config.direction == .topToBottom ? .vertical : .horizontal)
                }
            } else if let bundle, trunkIsBuilt.contains(bundle), let lane = placement.lanes[bundle],
                      span(e) >= 2, placement.band[e.to] - 1 <= lane.lastBand {
                // A sibling leaves the trunk where it passes the band before its target.
                let window = Self.bandWindow(from: placement.band[e.to] - 1, through: placement.band[e.to], placement: placement, direction: config.direction)
                route = router.findRoute(from: src, to: dst, preferredExit: heading, preferredEntry: heading, within: window,
                                         bundle: bundle, stateLimit: limit, estimateWeight: weight, crossingCost: crossing)
            }
            if route == nil {
                let limit = config.bundlesEdges ? max(stateBudget - router.statesPopped, 0) : .max
                // With lanes, every edge searches only the bands it joins (a long edge whose trunk
                // found no room is not searched for across the grid: the next spacing has more).
                let isLocal = !placement.lanes.isEmpty
                let a = min(placement.band[e.from], placement.band[e.to]), b = max(placement.band[e.from], placement.band[e.to])
                let hadLane = span(e) >= 2 && bundle.flatMap { placement.lanes[$0] } != nil
                if !hadLane {
                    let window = isLocal ? Self.bandWindow(from: a, through: b, placement: placement, direction: config.direction) : whole
                    route = router.findRoute(from: src, to: dst, preferredExit: heading, preferredEntry: heading, within: window,
                                             bundle: bundle, stateLimit: limit, estimateWeight: weight, crossingCost: crossing)
                }
            }
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

        // The rule's cells go back: an edge across it is a plain line there, the rest is drawn as the rule.
        if let laneRule { router.release(laneRule.cells, along: laneRule.line) }
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
                var cell = DiagramCell(role: .edge)
                cell.lines = router.lines[k]
                cell.dashed = router.dashed[k]
                cell.isEmphasized = router.emphasized[k]
                if router.isCrossing[k] {
                    crossings += 1
                    cell.isCrossing = true
                    // The horizontal line is drawn across the crossing: its weight, not the vertical's.
                    cell.isEmphasized = router.emphasizedLines[k].isSuperset(of: .horizontal)
                }
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
        if let laneRule {
            Self.draw(laneRule, into: &grid)
            grid.offlineRule = placement.offlineDivider
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

    /// Cells along the main axis of a point: (main, cross) in the layout's direction.
    static func point(main: Int, cross: Int, direction: LayoutDirection) -> GridPoint {
        direction == .topToBottom ? GridPoint(x: cross, y: main) : GridPoint(x: main, y: cross)
    }

    /// A window over bands `first` through `last` and the gaps on either side, across the whole grid.
    static func bandWindow(from first: Int, through last: Int, placement: Placement, direction: LayoutDirection) -> GridRect {
        let start = first > 0 ? placement.bandStart[first - 1] + placement.bandExtent[first - 1] : 0
        let end = last + 1 < placement.bandStart.count ? placement.bandStart[last + 1] : (direction == .topToBottom ? placement.height : placement.width)
        return direction == .topToBottom ? GridRect(x: 0, y: start, width: placement.width, height: end - start)
                                         : GridRect(x: start, y: 0, width: end - start, height: placement.height)
    }

    /// The cells of a lane's line: from the start of its first band to the end of its last (the
    /// runs to and from it cross the gaps on either side).
    static func laneCells(_ lane: Placement.Lane, placement: Placement, direction: LayoutDirection) -> [GridPoint] {
        let start = placement.bandStart[lane.firstBand]
        let end = placement.bandStart[lane.lastBand] + placement.bandExtent[lane.lastBand]
        return (start..<end).map { point(main: $0, cross: lane.cross, direction: direction) }
    }

    /// Routes the edge that lays a bundle's trunk along its lane: a leg from the source box across
    /// the gap after its band to the lane, the lane's reserved cells, and a leg from the lane's end
    /// across the gap before the target's band into the target. Each leg searches only its gap
    /// (a narrow window first, then the gap's whole length), so the cost does not grow with the
    /// bands passed. Returns nil when a leg finds no room (the caller then searches the whole grid).
    static func routeAlongLane(from src: GridRect, to dst: GridRect, lane: Placement.Lane, cells: [GridPoint], placement: Placement,
                               direction: LayoutDirection, router: inout EdgeRouter, stateLimit: Int) -> EdgeRouter.Route? {
        let isVertical = direction == .topToBottom
        let forward: GridDirection = isVertical ? .down : .right
        let margin = 6
        let crossLength = isVertical ? placement.width : placement.height
        func window(main m0: Int, _ m1: Int, cross c0: Int, _ c1: Int) -> GridRect {
            // Half-open along both axes: [m0, m1) × [c0, c1).
            isVertical ? GridRect(x: c0, y: m0, width: c1 - c0, height: m1 - m0) : GridRect(x: m0, y: c0, width: m1 - m0, height: c1 - c0)
        }
        func leg(_ start: EdgeRouter.LegEnd, _ goal: EdgeRouter.LegEnd, main m0: Int, _ m1: Int, crossing c0: Int, _ c1: Int) -> [GridPoint]? {
            // A leg that needs more than `legStates` has found no room: the edge is reported, not searched for.
            router.findLeg(from: start, to: goal, within: window(main: m0, m1, cross: max(c0 - margin, 0), min(c1 + margin, crossLength)),
                           stateLimit: min(max(stateLimit - router.statesPopped, 0), legStates), estimateWeight: 2, crossingCost: largeCrossingCost,
                           nearBoxCost: EdgeRouter.nearBoxCost)
        }
        let srcMain = isVertical ? src.y : src.x
        let srcCross = isVertical ? src.x : src.y, srcCrossEnd = isVertical ? src.maxX : src.maxY
        let dstCross = isVertical ? dst.x : dst.y, dstCrossEnd = isVertical ? dst.maxX : dst.maxY
        let dstMainEnd = isVertical ? dst.maxY : dst.maxX
        let mainOf: (GridPoint) -> Int = { isVertical ? $0.y : $0.x }
        let line: LineSet = isVertical ? .vertical : .horizontal
        // When the run to the lane finds no room in the gap after the source's band (another
        // edge turns where it would), it joins the lane a band later, through that band's rows
        // beside the lane (the lane's cells there are given up); likewise the run into the target
        // may leave the lane a band earlier.
        var laneStart = placement.bandStart[lane.firstBand]
        var head: [GridPoint]?
        for first in lane.firstBand...min(lane.firstBand + 2, lane.lastBand) {
            laneStart = placement.bandStart[first]
            router.release(cells.filter { mainOf($0) < laneStart }, along: line)
            let entry = point(main: laneStart - 1, cross: lane.cross, direction: direction)
            head = leg(.box(src, preferred: forward), .point(entry, forward), main: srcMain - 1, laneStart,
                       crossing: min(srcCross, lane.cross), max(srcCrossEnd, lane.cross + 1))
            if head != nil { break }
        }
        guard let head else { return nil }
        var laneEnd = placement.bandStart[lane.lastBand] + placement.bandExtent[lane.lastBand]
        var tail: [GridPoint]?
        for last in stride(from: lane.lastBand, through: max(lane.lastBand - 2, lane.firstBand), by: -1) {
            laneEnd = placement.bandStart[last] + placement.bandExtent[last]
            guard laneEnd > laneStart else { break }
            router.release(cells.filter { mainOf($0) >= laneEnd }, along: line)
            let exit = point(main: laneEnd, cross: lane.cross, direction: direction)
            tail = leg(.point(exit, forward), .box(dst, preferred: forward), main: laneEnd, dstMainEnd + 1,
                       crossing: min(lane.cross, dstCross), max(lane.cross + 1, dstCrossEnd))
            if tail != nil { break }
        }
        guard let tail else { return nil }
        let straight = cells.filter { mainOf($0) >= laneStart && mainOf($0) < laneEnd }
        return EdgeRouter.Route(points: head + straight + tail, newFrom: 0)
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

    func drawBox(_ index: Int, rect r: GridRect, text: BoxText, isBottleneck: Bool, router: EdgeRouter, into grid: inout DiagramGrid) {
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
