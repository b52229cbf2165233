/// Orthogonal edge routing on a character grid: a shortest-path search over (cell, heading)
/// states that charges for length, bends, crossings and hugging boxes.
///
/// Edges never share a cell lengthwise. They may cross at right angles where a straight line
/// already runs, and they never turn on a crossing, so every drawn path can be traced.
struct EdgeRouter {
    enum Occupancy: UInt8 { case free = 0, box, edge, blocked }

    let width: Int
    let height: Int
    private(set) var occupancy: [Occupancy]
    /// Line connections per cell: edge cells, plus the `├` bits on box borders where edges leave.
    private(set) var lines: [LineSet]
    private(set) var dashed: [LineSet]
    private(set) var emphasized: [Bool]
    /// 1 where a cell touches a box (8-neighbourhood); routes pay extra to run there.
    private var nearBox: [Bool]

    // Search scratch, reused by every ``findRoute`` call: an entry counts only when its stamp
    // equals the current generation.
    private var generation: UInt32 = 0
    private var searchStamp: [UInt32] = []
    private var dist: [Int32] = []
    private var prev: [Int32] = []
    private var goalStamp: [UInt32] = []
    private var goalPenalty: [Int32] = []
    private var goalHeading: [UInt8] = []
    private var heap = MinHeap()

    private static let stepCost: Int32 = 2
    private static let nearBoxCost: Int32 = 10
    private static let bendCost: Int32 = 5
    private static let crossingCost: Int32 = 8
    /// Inflates the A* estimate: paths cost at most this many times the cheapest, and the search
    /// expands far fewer states around boxes and crossings, where steps cost more than the estimate.
    private static let heuristicWeight: Int32 = 1

    init(width: Int, height: Int, boxes: [GridRect]) {
        self.width = width
        self.height = height
        occupancy = Array(repeating: .free, count: width * height)
        lines = Array(repeating: [], count: width * height)
        dashed = Array(repeating: [], count: width * height)
        emphasized = Array(repeating: false, count: width * height)
        nearBox = Array(repeating: false, count: width * height)
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
    /// An A* search over (cell, heading) states with an admissible Manhattan heuristic (every step
    /// costs at least ``stepCost``), on flat arrays reused between searches: a generation stamp
    /// marks which entries belong to the current search, so nothing is cleared or allocated per call
    /// beyond the heap.
    ///
    /// - Parameters:
    ///   - preferredExit: the side of `source` facing the target; others cost more.
    ///   - preferredEntry: the heading that enters the target from the side facing the source.
    ///   - window: cells the search may use.
    /// - Returns: cells from beside the source to the arrowhead cell (the last), or nil.
    /// - Complexity: O(A log A) for A = 4 × window area in the worst case; far less when the
    ///   heuristic leads straight to the target.
    mutating func findRoute(from source: GridRect, to target: GridRect, preferredExit: GridDirection,
                            preferredEntry: GridDirection, within window: GridRect) -> [GridPoint]? {
        let x0 = max(window.x, 0), y0 = max(window.y, 0)
        let x1 = min(window.maxX, width), y1 = min(window.maxY, height)
        guard x1 > x0, y1 > y0 else { return nil }
        let cellCount = width * height
        if searchStamp.count != cellCount * 4 {
            searchStamp = [UInt32](repeating: 0, count: cellCount * 4)
            dist = [Int32](repeating: 0, count: cellCount * 4)
            prev = [Int32](repeating: -1, count: cellCount * 4)
            goalStamp = [UInt32](repeating: 0, count: cellCount)
            goalPenalty = [Int32](repeating: 0, count: cellCount)
            goalHeading = [UInt8](repeating: 0, count: cellCount)
        }
        generation &+= 1
        if generation == 0 {
            // Wrapped after 2³² searches: forget every stamp.
            for i in searchStamp.indices { searchStamp[i] = 0 }
            for i in goalStamp.indices { goalStamp[i] = 0 }
            generation = 1
        }
        let gen = generation
        func isInWindow(_ x: Int, _ y: Int) -> Bool { x >= x0 && y >= y0 && x < x1 && y < y1 }
        func sidePenalty(_ d: GridDirection, preferred: GridDirection) -> Int32 {
            d == preferred ? 0 : d == preferred.opposite ? 16 : 6
        }
        // Heuristic: Manhattan distance to the ring of cells around the target, times the cheapest step.
        let gx0 = target.x - 1, gx1 = target.maxX, gy0 = target.y - 1, gy1 = target.maxY
        func estimate(_ x: Int, _ y: Int) -> Int32 {
            let dx = x < gx0 ? gx0 - x : x > gx1 ? x - gx1 : 0
            let dy = y < gy0 ? gy0 - y : y > gy1 ? y - gy1 : 0
            return Int32(dx + dy) * Self.stepCost * Self.heuristicWeight
        }
        var hasGoal = false
        for (p, outward) in Self.ports(of: target) {
            guard isInWindow(p.x, p.y) else { continue }
            let k = index(p)
            guard occupancy[k] == .free else { continue }
            let heading = outward.opposite
            goalStamp[k] = gen
            goalHeading[k] = heading.rawValue
            goalPenalty[k] = sidePenalty(heading, preferred: preferredEntry)
            hasGoal = true
        }
        guard hasGoal else { return nil }
        heap.removeAll(keepingCapacity: true)
        for (p, outward) in Self.ports(of: source) {
            guard isInWindow(p.x, p.y) else { continue }
            let k = index(p)
            guard occupancy[k] == .free else { continue }
            let s = k * 4 + Int(outward.rawValue)
            let cost = sidePenalty(outward, preferred: preferredExit) + stepCost(at: k)
            if searchStamp[s] != gen || cost < dist[s] {
                searchStamp[s] = gen
                dist[s] = cost
                prev[s] = -1
                heap.push(cost: cost + estimate(p.x, p.y), state: Int32(s))
            }
        }
        var bestCost = Int32.max
        var bestState: Int32 = -1
        let w = width
        while let (f, state) = heap.pop() {
            if f >= bestCost { break }
            let s = Int(state)
            let k = s >> 2
            let cost = dist[s]
            let x = k % w, y = k / w
            if f > cost + estimate(x, y) { continue }   // a stale entry: a cheaper way here was found later
            let heading = UInt8(s & 3)
            if goalStamp[k] == gen, goalHeading[k] == heading, cost + goalPenalty[k] < bestCost {
                bestCost = cost + goalPenalty[k]
                bestState = state
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
                    step = stepCost(at: q)
                case .edge:
                    let existing = lines[q]
                    let crossesStraight = next < 2 ? existing == .horizontal : existing == .vertical
                    guard crossesStraight else { continue }
                    step = Self.stepCost + Self.crossingCost
                case .box, .blocked:
                    continue
                }
                if next != heading { step += Self.bendCost }
                let t = q * 4 + Int(next)
                let c = cost + step
                if searchStamp[t] != gen || c < dist[t] {
                    searchStamp[t] = gen
                    dist[t] = c
                    prev[t] = state
                    heap.push(cost: c + estimate(nx, ny), state: Int32(t))
                }
            }
        }
        guard bestState >= 0 else { return nil }
        var path: [GridPoint] = []
        var s = Int(bestState)
        while s >= 0 {
            let k = s >> 2
            path.append(GridPoint(x: k % w, y: k / w))
            s = Int(prev[s])
        }
        return path.reversed()
    }

    private func stepCost(at k: Int) -> Int32 { Self.stepCost + (nearBox[k] ? Self.nearBoxCost : 0) }

    /// Marks a found path as drawn: line bits on its cells, the exit bit on the source border, the arrowhead blocked.
    mutating func commit(_ path: [GridPoint], from source: GridRect, isDashed: Bool, isEmphasized: Bool) {
        guard let first = path.first, let last = path.last else { return }
        func direction(_ a: GridPoint, _ b: GridPoint) -> GridDirection {
            b.x > a.x ? .right : b.x < a.x ? .left : b.y > a.y ? .down : .up
        }
        let intoSource = GridDirection.allCases.first { source.contains(first.moved($0)) } ?? .up
        let border = first.moved(intoSource)
        if isInside(border) { lines[index(border)].insert(intoSource.opposite.line) }
        for (i, p) in path.enumerated() where i < path.count - 1 {
            var bits: LineSet = []
            bits.insert((i == 0 ? intoSource : direction(p, path[i - 1])).line)
            bits.insert(direction(p, path[i + 1]).line)
            let k = index(p)
            lines[k].formUnion(bits)
            if isDashed { dashed[k].formUnion(bits) }
            if isEmphasized { emphasized[k] = true }
            occupancy[k] = .edge
        }
        if path.count == 1 {
            // Source and target touch through one cell: the arrowhead alone joins them.
            if isInside(border) { lines[index(border)].remove(intoSource.opposite.line) }
        }
        occupancy[index(last)] = .blocked
        if isEmphasized { emphasized[index(last)] = true }
    }

    /// Marks cells as taken by text (a label), so nothing else is placed there.
    mutating func block(_ p: GridPoint) {
        if isInside(p) { occupancy[index(p)] = .blocked }
    }
}

/// A binary min-heap of (cost, state) packed into one integer: ties break by state, so the
/// search is deterministic.
struct MinHeap {
    private var items: [UInt64] = []

    mutating func removeAll(keepingCapacity: Bool) { items.removeAll(keepingCapacity: keepingCapacity) }

    mutating func push(cost: Int32, state: Int32) {
        items.append(UInt64(UInt32(bitPattern: cost)) << 32 | UInt64(UInt32(bitPattern: state)))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= items[i] { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (cost: Int32, state: Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return (Int32(bitPattern: UInt32(top >> 32)), Int32(bitPattern: UInt32(top & 0xFFFF_FFFF)))
    }
}
