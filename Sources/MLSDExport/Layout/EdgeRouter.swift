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

    private static let stepCost: Int32 = 2
    private static let nearBoxCost: Int32 = 10
    private static let bendCost: Int32 = 5
    private static let crossingCost: Int32 = 8

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
    /// - Parameters:
    ///   - preferredExit: the side of `source` facing the target; others cost more.
    ///   - preferredEntry: the heading that enters the target from the side facing the source.
    ///   - window: cells the search may use.
    /// - Returns: cells from beside the source to the arrowhead cell (the last), or nil.
    /// - Complexity: O(A log A) for A = 4 × window area.
    func findRoute(from source: GridRect, to target: GridRect, preferredExit: GridDirection,
                   preferredEntry: GridDirection, within window: GridRect) -> [GridPoint]? {
        let w = window.width, h = window.height
        guard w > 0, h > 0 else { return nil }
        let stateCount = w * h * 4
        var dist = [Int32](repeating: .max, count: stateCount)
        var prev = [Int32](repeating: -1, count: stateCount)
        var goalPenalty = [Int32](repeating: -1, count: w * h)
        var goalHeading = [UInt8](repeating: 255, count: w * h)
        func local(_ p: GridPoint) -> Int? {
            let lx = p.x - window.x, ly = p.y - window.y
            guard lx >= 0, ly >= 0, lx < w, ly < h, isInside(p) else { return nil }
            return ly * w + lx
        }
        func sidePenalty(_ d: GridDirection, preferred: GridDirection) -> Int32 {
            d == preferred ? 0 : d == preferred.opposite ? 16 : 6
        }
        for (p, outward) in Self.ports(of: target) {
            guard let l = local(p), occupancy[index(p)] == .free else { continue }
            let heading = outward.opposite
            goalHeading[l] = heading.rawValue
            goalPenalty[l] = sidePenalty(heading, preferred: preferredEntry)
        }
        var heap = MinHeap()
        for (p, outward) in Self.ports(of: source) {
            guard let l = local(p), occupancy[index(p)] == .free else { continue }
            let s = l * 4 + Int(outward.rawValue)
            let cost = sidePenalty(outward, preferred: preferredExit) + stepCost(p)
            if cost < dist[s] {
                dist[s] = cost
                heap.push(cost: cost, state: Int32(s))
            }
        }
        var bestCost = Int32.max
        var bestState: Int32 = -1
        while let (cost, state) = heap.pop() {
            if cost >= bestCost { break }
            let s = Int(state)
            if cost > dist[s] { continue }
            let l = s >> 2
            let heading = GridDirection(rawValue: UInt8(s & 3)) ?? .down
            let p = GridPoint(x: window.x + l % w, y: window.y + l / w)
            if goalHeading[l] == heading.rawValue, cost + goalPenalty[l] < bestCost {
                bestCost = cost + goalPenalty[l]
                bestState = state
            }
            let onCrossing = occupancy[index(p)] == .edge
            for next in Self.turns(heading) {
                if onCrossing, next != heading { continue }
                let q = p.moved(next)
                guard let lq = local(q) else { continue }
                var step: Int32
                switch occupancy[index(q)] {
                case .free:
                    step = stepCost(q)
                case .edge:
                    let existing = lines[index(q)]
                    let crossesStraight = next.isVertical ? existing == .horizontal : existing == .vertical
                    guard crossesStraight else { continue }
                    step = Self.stepCost + Self.crossingCost
                case .box, .blocked:
                    continue
                }
                if next != heading { step += Self.bendCost }
                let t = lq * 4 + Int(next.rawValue)
                let c = cost + step
                if c < dist[t] {
                    dist[t] = c
                    prev[t] = state
                    heap.push(cost: c, state: Int32(t))
                }
            }
        }
        guard bestState >= 0 else { return nil }
        var path: [GridPoint] = []
        var s = bestState
        while s >= 0 {
            let l = Int(s) >> 2
            path.append(GridPoint(x: window.x + l % w, y: window.y + l / w))
            s = prev[Int(s)]
        }
        return path.reversed()
    }

    private func stepCost(_ p: GridPoint) -> Int32 { Self.stepCost + (nearBox[index(p)] ? Self.nearBoxCost : 0) }

    private static func turns(_ d: GridDirection) -> [GridDirection] {
        switch d {
        case .up, .down: return [d, .left, .right]
        case .left, .right: return [d, .up, .down]
        }
    }

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
