/// Orthogonal edge routing on a character grid: a shortest-path search over (cell, heading)
/// states that charges for length, bends, crossings and hugging boxes.
///
/// Edges never share a cell lengthwise, except edges of one *bundle* (same source, same style,
/// used by large designs): a new edge of a bundle may leave the lines its siblings already drew at
/// a `├` junction, so a component calling hundreds of others draws one trunk with a branch per
/// callee instead of hundreds of parallel lines. Edges may cross at right angles where a straight
/// line already runs, and they never turn on a crossing, so every drawn path can be traced.
struct EdgeRouter {
    enum Occupancy: UInt8 { case free = 0, box, edge, blocked }

    let width: Int
    let height: Int
    private(set) var occupancy: [Occupancy]
    /// Line connections per cell: edge cells, plus the `├` bits on box borders where edges leave.
    private(set) var lines: [LineSet]
    private(set) var dashed: [LineSet]
    private(set) var emphasized: [Bool]
    /// Per cell, the lines drawn by emphasised edges (a crossing draws the horizontal one's weight).
    private(set) var emphasizedLines: [LineSet]
    /// Cells where one edge passes over another at right angles (drawn as a crossing, never as a
    /// junction). A reserved lane that a route crossed counts once its trunk is drawn over it.
    private(set) var isCrossing: [Bool]
    /// 1 where a cell touches a box (8-neighbourhood); routes pay extra to run there.
    private var nearBox: [Bool]

    /// Search arrays shared by every ``findRoute(from:to:preferredExit:preferredEntry:within:)`` call.
    private var scratch: RouteSearchScratch?

    /// Per cell drawn lengthwise by exactly one edge: its bundle, the route it belongs to and its
    /// index in that route's points; -1 elsewhere (free cells, crossings, boxes).
    private var bundleOwner: [Int32]
    private var ownerRoute: [Int32]
    private var ownerIndex: [Int32]
    /// Cells reserved for a route not drawn yet (a lane, see ``reserve(_:along:)``).
    private var isReserved: [Bool]
    /// Cells of each bundle's lines where a sibling may branch off, in the order drawn.
    private var bundleCells: [Int32: [Int32]] = [:]
    /// States popped by the searches so far (for tests and benchmarks).
    private(set) var statesPopped = 0

    private static let stepCost: Int32 = 2
    /// Extra cost of a step beside a box: routes keep a cell away from boxes where they can.
    static let nearBoxCost: Int32 = 10
    private let nearBoxCost: Int32
    private static let bendCost: Int32 = 5
    /// What crossing another edge costs on top of the step (large designs pass less, see ``nearBoxCost``).
    /// More than eight steps beside a box: a crossing, even drawn as one, is easily read as a
    /// join, so a route runs along a box or around rather than across another edge where it can.
    /// (At 8 the eleven shipped case studies drew 26 crossings at 80 columns unannotated; at 80, 10.)
    static let crossingCost: Int32 = 80

    /// - Parameter nearBoxCost: what a step beside a box costs on top of a plain step; large designs
    ///   pass less, so that the search's estimate (which cannot see boxes) stays close to the truth.
    init(width: Int, height: Int, boxes: [GridRect], nearBoxCost: Int32 = EdgeRouter.nearBoxCost) {
        self.nearBoxCost = nearBoxCost
        self.width = width
        self.height = height
        occupancy = Array(repeating: .free, count: width * height)
        lines = Array(repeating: [], count: width * height)
        dashed = Array(repeating: [], count: width * height)
        emphasized = Array(repeating: false, count: width * height)
        emphasizedLines = Array(repeating: [], count: width * height)
        isCrossing = Array(repeating: false, count: width * height)
        nearBox = Array(repeating: false, count: width * height)
        bundleOwner = Array(repeating: -1, count: width * height)
        ownerRoute = Array(repeating: -1, count: width * height)
        ownerIndex = Array(repeating: -1, count: width * height)
        isReserved = Array(repeating: false, count: width * height)
        for r in boxes {
            for y in max(r.y - 1, 0)..<min(r.maxY + 1, height) {
                for x in max(r.x - 1, 0)..<min(r.maxX + 1, width) {
                    if r.contains(GridPoint(x: x, y: y)) { occupancy[y * width + x] = .box } else { nearBox[y * width + x] = true }
                }
            }
        }
    }

    func index(_ p: GridPoint) -> Int { p.y * width + p.x }
    func isInside(_ p: GridPoint) -> Bool { p.x >= 0 && p.y >= 0 && p.x < width && p.y < height }
    func occupancy(at p: GridPoint) -> Occupancy { isInside(p) ? occupancy[index(p)] : .box }
    func isNearBox(_ p: GridPoint) -> Bool { isInside(p) && nearBox[index(p)] }

    /// Cells just outside a box side, excluding corners, with the outward direction.
    static func ports(of r: GridRect) -> [(GridPoint, GridDirection)] {
        var out: [(GridPoint, GridDirection)] = []
        for x in (r.x + 1)..<(r.maxX - 1) {
            out.append((GridPoint(x: x, y: r.maxY), .down))
            out.append((GridPoint(x: x, y: r.y - 1), .up))
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            out.append((GridPoint(x: r.maxX, y: y), .right))
            out.append((GridPoint(x: r.x - 1, y: y), .left))
        }
        return out
    }

    /// Finds the cheapest path from a free cell beside `source` to an arrowhead cell beside `target`.
    ///
    /// An exact A* search over (cell, heading) states. The estimate is the cost of the best path
    /// to the ring of cells around the target on an empty grid (length and the bends it cannot
    /// avoid from the current heading), so it never overestimates and the path found is the
    /// cheapest, as with Dijkstra. The search arrays cover only the window (indexed within it),
    /// are allocated once per router for the largest window so far and reused: a generation
    /// stamp marks which entries belong to the current search.
    ///
    /// - Parameters:
    ///   - preferredExit: the side of `source` facing the target; others cost more.
    ///   - preferredEntry: the heading that enters the target from the side facing the source.
    ///   - window: cells the search may use.
    ///   - bundle: the edge's bundle, whose lines it may branch off (nil: it starts at the source).
    ///   - stateLimit: the most states the search may expand; beyond it the edge finds no room.
    /// - Returns: the route, or nil.
    /// - Complexity: O(A) for A = 4 × window area in the worst case (the bucket queue is O(1) per
    ///   state); far less when the estimate leads straight to the target. At most `stateLimit` pops.
    mutating func findRoute(from source: GridRect, to target: GridRect, preferredExit: GridDirection,
                            preferredEntry: GridDirection, within window: GridRect,
                            bundle: Int32? = nil, stateLimit: Int = .max, estimateWeight: Int32 = 1,
                            crossingCost: Int32 = EdgeRouter.crossingCost) -> Route? {
        let area = clipped(window)
        guard area.x1 > area.x0, area.y1 > area.y0 else { return nil }
        let gen = beginSearch(area)
        guard let scratch else { return nil }
        let w = width
        guard markGoals(around: target, preferredEntry: preferredEntry, area: area, gen: gen) else { return nil }
        var starts: [SearchStart] = []
        for (p, outward) in Self.ports(of: source) {
            guard area.contains(p.x, p.y) else { continue }
            let k = index(p)
            guard occupancy[k] == .free else { continue }
            starts.append(SearchStart(cell: k, heading: outward.rawValue, cost: Self.sidePenalty(outward, preferred: preferredExit) + stepCost(at: k), prev: -1))
        }
        // A sibling's lines: step off any cell of it that is a plain run or a corner (two line bits),
        // on a side it does not use yet. The junction costs nothing; the branch pays from there.
        if let bundle, let cells = bundleCells[bundle] {
            for k32 in cells {
                let k = Int(k32)
                guard bundleOwner[k] == bundle, lines[k].rawValue.nonzeroBitCount == 2 else { continue }
                let x = k % w, y = k / w
                for d in GridDirection.allCases where !lines[k].contains(d.line) {
                    let nx = x + d.dx, ny = y + d.dy
                    guard area.contains(nx, ny) else { continue }
                    let q = ny * w + nx
                    let cost: Int32
                    switch occupancy[q] {
                    case .free: cost = stepCost(at: q)
                    case .edge:
                        let crossesStraight = d.isVertical ? lines[q] == .horizontal : lines[q] == .vertical
                        guard crossesStraight else { continue }
                        cost = Self.stepCost + crossingCost
                    case .box, .blocked: continue
                    }
                    starts.append(SearchStart(cell: q, heading: d.rawValue, cost: cost, prev: Int32(-2 - k)))
                }
            }
        }
        let ring = Ring(x0: target.x - 1, x1: target.maxX, y0: target.y - 1, y1: target.maxY)
        guard let bestState = search(starts: starts, ring: ring, area: area, gen: gen, scratch: scratch,
                                     stateLimit: stateLimit, estimateWeight: estimateWeight, crossingCost: crossingCost,
                                     nearBoxCost: nearBoxCost) else { return nil }
        var path: [GridPoint] = []
        var s = bestState
        var junction: Int?
        while s >= 0 {
            path.append(area.point(ofState: s))
            s = Int(scratch.prev[s])
            if s <= -2 { junction = -2 - s }
        }
        path.reverse()
        guard let junction else { return Route(points: path, newFrom: 0) }
        // The sibling's route up to the junction, then the branch.
        let owner = Int(ownerRoute[junction]), upTo = Int(ownerIndex[junction])
        let prefix = routes[owner]?.points.prefix(upTo + 1) ?? []
        return Route(points: Array(prefix) + path, newFrom: prefix.count)
    }

    /// One end of a leg: a cell entered moving a heading, or a box (left from, or entered into,
    /// the side facing the other end when it can).
    enum LegEnd {
        case point(GridPoint, GridDirection)
        case box(GridRect, preferred: GridDirection)
    }

    /// Finds the cheapest path between two ends within `window`: one leg of an edge that runs
    /// through reserved corridors (see ``GraphLayout``). A point end may be a cell where a
    /// straight line of another edge already runs across the heading (the leg crosses it); a box
    /// start begins beside the box, a box goal ends at the arrowhead cell beside it.
    ///
    /// - Returns: the cells from start to goal, or nil when there is no room within the window or
    ///   within `stateLimit` expanded states.
    /// - Complexity: O(A) for A = 4 × window area in the worst case; legs are short, so far less.
    mutating func findLeg(from start: LegEnd, to goal: LegEnd, within window: GridRect,
                          stateLimit: Int = .max, estimateWeight: Int32 = 1, crossingCost: Int32 = EdgeRouter.crossingCost,
                          nearBoxCost: Int32? = nil) -> [GridPoint]? {
        let area = clipped(window)
        guard area.x1 > area.x0, area.y1 > area.y0 else { return nil }
        let gen = beginSearch(area)
        guard let scratch else { return nil }
        let ring: Ring
        switch goal {
        case .point(let p, let heading):
            guard area.contains(p.x, p.y), canEnter(p, heading: heading) else { return nil }
            let g = area.localIndex(p.x, p.y)
            scratch.goalStamp[g] = gen
            scratch.goalInfo[g] = Int32(heading.rawValue)
            ring = Ring(x0: p.x, x1: p.x, y0: p.y, y1: p.y)
        case .box(let target, let preferredEntry):
            guard markGoals(around: target, preferredEntry: preferredEntry, area: area, gen: gen) else { return nil }
            ring = Ring(x0: target.x - 1, x1: target.maxX, y0: target.y - 1, y1: target.maxY)
        }
        var starts: [SearchStart] = []
        switch start {
        case .point(let p, let heading):
            guard area.contains(p.x, p.y), canEnter(p, heading: heading) else { return nil }
            starts.append(SearchStart(cell: index(p), heading: heading.rawValue, cost: Self.stepCost, prev: -1))
        case .box(let source, let preferredExit):
            for (p, outward) in Self.ports(of: source) {
                guard area.contains(p.x, p.y) else { continue }
                let k = index(p)
                guard occupancy[k] == .free else { continue }
                starts.append(SearchStart(cell: k, heading: outward.rawValue, cost: Self.sidePenalty(outward, preferred: preferredExit) + stepCost(at: k), prev: -1))
            }
        }
        guard let bestState = search(starts: starts, ring: ring, area: area, gen: gen, scratch: scratch,
                                     stateLimit: stateLimit, estimateWeight: estimateWeight, crossingCost: crossingCost,
                                     nearBoxCost: nearBoxCost ?? self.nearBoxCost) else { return nil }
        var path: [GridPoint] = []
        var s = bestState
        while s >= 0 {
            path.append(area.point(ofState: s))
            s = Int(scratch.prev[s])
        }
        return path.reversed()
    }

    /// Whether a path moving `heading` may run through `p`: a free cell, or a straight line of
    /// another edge across the heading (a crossing).
    func canEnter(_ p: GridPoint, heading: GridDirection) -> Bool {
        guard isInside(p) else { return false }
        let k = index(p)
        switch occupancy[k] {
        case .free: return true
        case .edge: return heading.isVertical ? lines[k] == .horizontal : lines[k] == .vertical
        case .box, .blocked: return false
        }
    }

    /// The window's cells within the grid, as half-open bounds. A search's arrays cover only
    /// these cells: a state is (local cell × 4 + heading), the local cell counted row by row
    /// within the window, so a search across two bands of a 2 000-row drawing never touches (or
    /// allocates) the rest.
    private struct Area {
        var x0: Int, y0: Int, x1: Int, y1: Int
        func contains(_ x: Int, _ y: Int) -> Bool { x >= x0 && y >= y0 && x < x1 && y < y1 }
        var cellCount: Int { (x1 - x0) * (y1 - y0) }
        func localIndex(_ x: Int, _ y: Int) -> Int { (y - y0) * (x1 - x0) + (x - x0) }
        func point(ofState s: Int) -> GridPoint {
            let local = s >> 2, w = x1 - x0
            return GridPoint(x: x0 + local % w, y: y0 + local / w)
        }
    }

    private func clipped(_ window: GridRect) -> Area {
        Area(x0: max(window.x, 0), y0: max(window.y, 0), x1: min(window.maxX, width), y1: min(window.maxY, height))
    }

    /// The cells a search heads for, as a rectangle (inclusive): its estimate measures the way there.
    private struct Ring { var x0: Int, x1: Int, y0: Int, y1: Int }

    /// A state a search starts from: a cell entered moving `heading` at `cost`; `prev` is -1, or
    /// -2 - the bundle cell it branches off.
    private struct SearchStart { var cell: Int; var heading: UInt8; var cost: Int32; var prev: Int32 }

    private static func sidePenalty(_ d: GridDirection, preferred: GridDirection) -> Int32 {
        d == preferred ? 0 : d == preferred.opposite ? 16 : 6
    }

    /// A fresh generation of the shared search arrays.
    private mutating func beginSearch(_ area: Area) -> UInt32 {
        let needed = area.cellCount
        if scratch == nil || (scratch?.cellCount ?? 0) < needed {
            // Grown to the largest window so far (doubling, at most the whole grid): a few
            // allocations per layout, sized by the windows searched rather than the drawing.
            let capacity = min(max(needed, 2 * (scratch?.cellCount ?? 0)), width * height)
            scratch = RouteSearchScratch(cellCount: max(capacity, needed))
        }
        guard let scratch else { return 0 }
        let gen = scratch.nextGeneration()
        scratch.clearQueue()
        return gen
    }

    /// Marks the free cells around `target` as goals, each with its entry heading and penalty.
    private func markGoals(around target: GridRect, preferredEntry: GridDirection, area: Area, gen: UInt32) -> Bool {
        guard let scratch else { return false }
        var hasGoal = false
        for (p, outward) in Self.ports(of: target) {
            guard area.contains(p.x, p.y) else { continue }
            let k = index(p)
            guard occupancy[k] == .free else { continue }
            let heading = outward.opposite
            let g = area.localIndex(p.x, p.y)
            scratch.goalStamp[g] = gen
            scratch.goalInfo[g] = Self.sidePenalty(heading, preferred: preferredEntry) << 2 | Int32(heading.rawValue)
            hasGoal = true
        }
        return hasGoal
    }

    /// The A* search itself, from `starts` to the goals marked for generation `gen`.
    ///
    /// The estimate: on an empty grid, reaching `ring` takes dx + dy steps and a bend for each
    /// direction needed that is not the current heading (two to reverse); times `estimateWeight`.
    /// - Returns: the best goal state (cell × 4 + heading), or nil.
    private mutating func search(starts: [SearchStart], ring: Ring, area: Area, gen: UInt32, scratch: RouteSearchScratch,
                                 stateLimit: Int, estimateWeight: Int32, crossingCost: Int32, nearBoxCost: Int32) -> Int? {
        let w = width
        let gx0 = ring.x0, gx1 = ring.x1, gy0 = ring.y0, gy1 = ring.y1
        func estimate(_ x: Int, _ y: Int, _ heading: UInt8) -> Int32 {
            let dx = x < gx0 ? gx0 - x : x > gx1 ? x - gx1 : 0
            let dy = y < gy0 ? gy0 - y : y > gy1 ? y - gy1 : 0
            let needX: UInt8 = x < gx0 ? 3 : x > gx1 ? 2 : 255   // right, left, none
            let needY: UInt8 = y < gy0 ? 1 : y > gy1 ? 0 : 255   // down, up, none
            let needed: Int32 = (needX != 255 ? 1 : 0) + (needY != 255 ? 1 : 0)
            let bends: Int32
            if needed == 0 || heading == needX || heading == needY {
                bends = max(needed - 1, 0)
            } else if needed == 2 || heading == (needX ^ 1) || heading == (needY ^ 1) {
                bends = 2   // both axes needed and heading along neither, or reversing: turn aside first
            } else {
                bends = 1
            }
            return (Int32(dx + dy) * Self.stepCost + bends * Self.bendCost) * estimateWeight
        }
        let stamp = scratch.stamp, dist = scratch.dist, prev = scratch.prev
        let goalStamp = scratch.goalStamp, goalInfo = scratch.goalInfo
        let x0 = area.x0, y0 = area.y0, x1 = area.x1, y1 = area.y1
        let aw = x1 - x0
        for start in starts {
            let s = area.localIndex(start.cell % w, start.cell / w) * 4 + Int(start.heading)
            if stamp[s] != gen || start.cost < dist[s] {
                stamp[s] = gen
                dist[s] = start.cost
                prev[s] = start.prev
                scratch.push(cost: start.cost + estimate(start.cell % w, start.cell / w, start.heading), state: Int32(s))
            }
        }
        func isInWindow(_ x: Int, _ y: Int) -> Bool { x >= x0 && y >= y0 && x < x1 && y < y1 }
        var bestCost = Int32.max
        var bestState = -1
        var popped = 0
        occupancy.withUnsafeBufferPointer { occupancy in
            lines.withUnsafeBufferPointer { lines in
                nearBox.withUnsafeBufferPointer { nearBox in
                    while let (f, state) = scratch.pop() {
                        if f >= bestCost { break }
                        popped += 1
                        if popped > stateLimit {
                            bestState = -1
                            break
                        }
                        let s = Int(state)
                        let local = s >> 2
                        let cost = dist[s]
                        let x = x0 + local % aw, y = y0 + local / aw
                        let k = y * w + x
                        let heading = UInt8(s & 3)
                        if f > cost + estimate(x, y, heading) { continue }   // stale: a cheaper way here was found later
                        if goalStamp[local] == gen, goalInfo[local] & 3 == Int32(heading), cost + goalInfo[local] >> 2 < bestCost {
                            bestCost = cost + goalInfo[local] >> 2
                            bestState = s
                        }
                        let onCrossing = occupancy[k] == .edge
                        let isVertical = heading < 2
                        for turn in 0..<3 {
                            // Straight on first, then the two perpendicular headings.
                            let next: UInt8 = turn == 0 ? heading : (isVertical ? 1 + UInt8(turn) : UInt8(turn - 1))
                            if onCrossing, next != heading { continue }
                            let nx = x + (next == 2 ? -1 : next == 3 ? 1 : 0)
                            let ny = y + (next == 0 ? -1 : next == 1 ? 1 : 0)
                            guard isInWindow(nx, ny) else { continue }
                            let q = ny * w + nx
                            var step: Int32
                            switch occupancy[q] {
                            case .free:
                                step = Self.stepCost + (nearBox[q] ? nearBoxCost : 0)
                            case .edge:
                                let existing = lines[q]
                                let crossesStraight = next < 2 ? existing == .horizontal : existing == .vertical
                                guard crossesStraight else { continue }
                                step = Self.stepCost + crossingCost
                            case .box, .blocked:
                                continue
                            }
                            if next != heading { step += Self.bendCost }
                            let t = ((ny - y0) * aw + (nx - x0)) * 4 + Int(next)
                            let c = cost + step
                            if stamp[t] != gen || c < dist[t] {
                                stamp[t] = gen
                                dist[t] = c
                                prev[t] = state
                                scratch.push(cost: c + estimate(nx, ny, next), state: Int32(t))
                            }
                        }
                    }
                }
            }
        }
        statesPopped += popped
        return bestState >= 0 ? bestState : nil
    }

    /// A found route: its cells from beside the source to the arrowhead (the last); cells before
    /// `newFrom` are a sibling's, shared up to the junction (the cell at `newFrom - 1`).
    struct Route {
        var points: [GridPoint]
        var newFrom: Int
    }

    /// Committed routes by their index (see ``commit(_:route:from:bundle:isDashed:isEmphasized:)``), for branches to share.
    private var routes: [Int: Route] = [:]

    private func stepCost(at k: Int) -> Int32 { Self.stepCost + (nearBox[k] ? nearBoxCost : 0) }

    /// Marks a found route as drawn: line bits on its cells, the exit bit on the source border (or
    /// the branch bit on the junction), the arrowhead blocked. `id` names the route for branches
    /// of its `bundle` (nil: no bundle).
    mutating func commit(_ route: Route, id: Int, from source: GridRect, bundle: Int32?, isDashed: Bool, isEmphasized: Bool) {
        let path = route.points
        guard let first = path.first, let last = path.last else { return }
        func direction(_ a: GridPoint, _ b: GridPoint) -> GridDirection {
            b.x > a.x ? .right : b.x < a.x ? .left : b.y > a.y ? .down : .up
        }
        let intoSource = GridDirection.allCases.first { source.contains(first.moved($0)) } ?? .up
        if route.newFrom > 0 {
            // A branch: the junction gains the side towards the first new cell.
            let junction = index(path[route.newFrom - 1])
            let bit = direction(path[route.newFrom - 1], path[route.newFrom]).line
            lines[junction].insert(bit)
            if isDashed { dashed[junction].insert(bit) }
            if isEmphasized { emphasized[junction] = true }
        } else {
            let border = first.moved(intoSource)
            if isInside(border) { lines[index(border)].insert(intoSource.opposite.line) }
        }
        for (i, p) in path.enumerated() where i >= route.newFrom && i < path.count - 1 {
            var bits: LineSet = []
            bits.insert((i == 0 ? intoSource : direction(p, path[i - 1])).line)
            bits.insert(direction(p, path[i + 1]).line)
            let k = index(p)
            if occupancy[k] == .edge, lines[k].isDisjoint(with: bits) {
                // A crossing, of a drawn line or of a lane reserved for a later route (which stays
                // reserved for it): no branch may start here.
                bundleOwner[k] = -1
                isCrossing[k] = true
            } else {
                if let bundle {
                    bundleOwner[k] = bundle
                    ownerRoute[k] = Int32(id)
                    ownerIndex[k] = Int32(i)
                    bundleCells[bundle, default: []].append(Int32(k))
                }
                isReserved[k] = false
            }
            lines[k].formUnion(bits)
            if isDashed { dashed[k].formUnion(bits) }
            if isEmphasized {
                emphasized[k] = true
                emphasizedLines[k].formUnion(bits)
            }
            occupancy[k] = .edge
        }
        if bundle != nil { routes[id] = route }
        if path.count == 1 {
            // Source and target touch through one cell: the arrowhead alone joins them.
            let border = first.moved(intoSource)
            if isInside(border) { lines[index(border)].remove(intoSource.opposite.line) }
        }
        occupancy[index(last)] = .blocked
        if isEmphasized { emphasized[index(last)] = true }
    }

    /// Reserves a straight run of free cells for a route drawn later: until then they hold a
    /// straight line (`along`), so other searches may cross them at right angles but never run
    /// along them or turn on them. The route that is committed over them owns them as if they had
    /// been free; ``release(_:along:)`` gives them back if it is never drawn.
    mutating func reserve(_ cells: [GridPoint], along line: LineSet) {
        for p in cells where isInside(p) {
            let k = index(p)
            guard occupancy[k] == .free else { continue }
            occupancy[k] = .edge
            lines[k] = line
            isReserved[k] = true
        }
    }

    /// Gives back reserved cells that no route was committed over: routes that crossed them since
    /// keep their own lines, which are then plain runs, not crossings.
    mutating func release(_ cells: [GridPoint], along line: LineSet) {
        for p in cells where isInside(p) {
            let k = index(p)
            guard isReserved[k] else { continue }
            isReserved[k] = false
            lines[k].subtract(line)
            // A route that crossed the lane now runs straight through a plain cell.
            isCrossing[k] = false
            if lines[k].isEmpty { occupancy[k] = .free }
        }
    }

    /// Marks cells as taken by text (a label), so nothing else is placed there.
    mutating func block(_ p: GridPoint) {
        if isInside(p) { occupancy[index(p)] = .blocked }
    }
}

/// The arrays an ``EdgeRouter`` search works in, allocated once for a grid and reused by every
/// search on it, with a bucket queue of (cost, state): O(1) per push and pop, and deterministic
/// (equal costs pop last-in first-out, which also follows one straight line at a time on the
/// plateaus where the estimate is exact).
///
/// A class because the memory is manual and must outlive each search; it belongs to one router
/// and is used by one search at a time.
final class RouteSearchScratch {
    /// Per (cell, heading) state: the generation that last touched it, its cost and predecessor.
    let stamp: UnsafeMutablePointer<UInt32>
    let dist: UnsafeMutablePointer<Int32>
    let prev: UnsafeMutablePointer<Int32>
    /// Per cell: the generation that marked it a goal, and its entry penalty << 2 | heading.
    let goalStamp: UnsafeMutablePointer<UInt32>
    let goalInfo: UnsafeMutablePointer<Int32>
    private let stateCount: Int
    /// Cells the arrays cover: at least the window of any search run in them.
    let cellCount: Int
    private var generation: UInt32 = 0
    // The queue: a bucket per priority holding a stack of states (a linked list through `next`).
    // With a consistent estimate priorities never fall below the last one popped.
    private var bucketHead: UnsafeMutablePointer<Int32>
    private var bucketCapacity: Int
    private var itemState: UnsafeMutablePointer<Int32>
    private var itemNext: UnsafeMutablePointer<Int32>
    private var itemCapacity: Int
    private var itemCount = 0
    private var cursor = Int.max
    private var highest = -1

    init(cellCount: Int) {
        self.cellCount = cellCount
        stateCount = cellCount * 4
        stamp = .allocate(capacity: stateCount)
        stamp.initialize(repeating: 0, count: stateCount)
        dist = .allocate(capacity: stateCount)
        dist.initialize(repeating: 0, count: stateCount)
        prev = .allocate(capacity: stateCount)
        prev.initialize(repeating: -1, count: stateCount)
        goalStamp = .allocate(capacity: cellCount)
        goalStamp.initialize(repeating: 0, count: cellCount)
        goalInfo = .allocate(capacity: cellCount)
        goalInfo.initialize(repeating: 0, count: cellCount)
        bucketCapacity = 1024
        bucketHead = .allocate(capacity: bucketCapacity)
        bucketHead.initialize(repeating: -1, count: bucketCapacity)
        itemCapacity = 4096
        itemState = .allocate(capacity: itemCapacity)
        itemNext = .allocate(capacity: itemCapacity)
    }

    deinit {
        stamp.deallocate()
        dist.deallocate()
        prev.deallocate()
        goalStamp.deallocate()
        goalInfo.deallocate()
        bucketHead.deallocate()
        itemState.deallocate()
        itemNext.deallocate()
    }

    /// A fresh generation: every stamp from earlier searches is now stale.
    func nextGeneration() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            stamp.update(repeating: 0, count: stateCount)
            goalStamp.update(repeating: 0, count: cellCount)
            generation = 1
        }
        return generation
    }

    /// Empties the queue, clearing only the buckets the last search left filled.
    func clearQueue() {
        if cursor <= highest { (bucketHead + cursor).update(repeating: -1, count: highest - cursor + 1) }
        itemCount = 0
        cursor = Int.max
        highest = -1
    }

    /// Adds a state with priority `cost` (non-negative).
    func push(cost: Int32, state: Int32) {
        let f = Int(cost)
        pushBucket(f, state)
        if f < cursor { cursor = f }
    }

    /// Removes a state of the lowest priority (the last pushed among equals), or nil when empty.
    func pop() -> (cost: Int32, state: Int32)? {
        while cursor <= highest {
            let item = bucketHead[cursor]
            if item >= 0 {
                bucketHead[cursor] = itemNext[Int(item)]
                return (Int32(cursor), itemState[Int(item)])
            }
            cursor += 1
        }
        return nil
    }

    private func pushBucket(_ f: Int, _ state: Int32) {
        if f >= bucketCapacity {
            var capacity = bucketCapacity * 2
            while f >= capacity { capacity *= 2 }
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            bigger.moveInitialize(from: bucketHead, count: bucketCapacity)
            (bigger + bucketCapacity).initialize(repeating: -1, count: capacity - bucketCapacity)
            bucketHead.deallocate()
            bucketHead = bigger
            bucketCapacity = capacity
        }
        if itemCount == itemCapacity {
            let capacity = itemCapacity * 2
            let states = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            states.moveInitialize(from: itemState, count: itemCount)
            itemState.deallocate()
            itemState = states
            let next = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            next.moveInitialize(from: itemNext, count: itemCount)
            itemNext.deallocate()
            itemNext = next
            itemCapacity = capacity
        }
        let item = itemCount
        itemCount += 1
        itemState[item] = state
        itemNext[item] = bucketHead[f]
        bucketHead[f] = Int32(item)
        if f > highest { highest = f }
    }
}
