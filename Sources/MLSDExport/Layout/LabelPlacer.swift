import MLSDCore
/// Puts each edge's label where it reads as belonging to that edge: written into a straight
/// horizontal run of the edge (`── miss 20% ──▶`), or beside a vertical run (`│ parallel`), or
/// just above or below a horizontal run, searching from the arrowhead back towards the source.
struct LabelPlacer {
    let router: EdgeRouter

    init(router: EdgeRouter) { self.router = router }

    /// Places every route's label on the grid.
    /// - Returns: how many labels found no room.
    mutating func place(into grid: inout DiagramGrid, widthLimit: Int) -> Int {
        var unplaced = 0
        for i in grid.routes.indices {
            guard let label = grid.routes[i].label.map(DisplayWidth.sanitized), !label.isEmpty else { continue }
            let points = grid.routes[i].points
            guard points.count >= 2 else {
                if !points.isEmpty { unplaced += 1 }
                continue
            }
            var placed = false
            for strict in [true, false] where !placed {
                placed = placeOne(label, along: points, strict: strict, grid: &grid)
            }
            grid.routes[i].isLabelPlaced = placed
            if !placed { unplaced += 1 }
        }
        return unplaced
    }

    private func isFree(_ x: Int, _ y: Int, strict: Bool, grid: DiagramGrid) -> Bool {
        guard x >= 0, y >= 0, x < grid.width, y < grid.height else { return false }
        guard !grid.hasContent(at: y * grid.width + x) else { return false }   // empty and in no box
        return !strict || !router.isNearBox(GridPoint(x: x, y: y))
    }

    /// Whether `width` cells starting at column x on row y are free, with a free cell either side.
    private func isFreeRun(x: Int, y: Int, width: Int, strict: Bool, grid: DiagramGrid) -> Bool {
        for cx in (x - 1)...(x + width) where !isFree(cx, y, strict: strict && cx >= x && cx < x + width, grid: grid) { return false }
        return true
    }

    private func placeOne(_ label: String, along points: [GridPoint], strict: Bool, grid: inout DiagramGrid) -> Bool {
        let w = DisplayWidth.of(label)
        func isPlainHorizontal(_ p: GridPoint) -> Bool {
            guard p.x >= 0, p.y >= 0, p.x < grid.width, p.y < grid.height else { return false }
            let c = grid.packedCell(p.x, p.y)
            return c.role == DiagramRole.edge.rawValue && c.lines == LineSet.horizontal.rawValue
        }
        // The route's cells as a set, built when a run is first measured (labels of long routes).
        var onRoute: Set<GridPoint>?
        func isOnRoute(_ p: GridPoint) -> Bool {
            if onRoute == nil { onRoute = Set(points) }
            return onRoute?.contains(p) ?? false
        }
        // Scan from the arrowhead back: the part near the target belongs to this edge alone.
        for i in stride(from: points.count - 2, through: 0, by: -1) {
            let p = points[i]
            let prev = i > 0 ? points[i - 1] : p
            let next = points[i + 1]
            let isVerticalRun = prev.x == p.x && next.x == p.x
            let isHorizontalRun = prev.y == p.y && next.y == p.y

            if isHorizontalRun, isPlainHorizontal(p) {
                // Inline on the run: find the straight stretch of plain horizontal cells around p.
                var a = p.x, b = p.x
                while isPlainHorizontal(GridPoint(x: a - 1, y: p.y)), isOnRoute(GridPoint(x: a - 1, y: p.y)) { a -= 1 }
                while isPlainHorizontal(GridPoint(x: b + 1, y: p.y)), isOnRoute(GridPoint(x: b + 1, y: p.y)) { b += 1 }
                let run = b - a + 1
                if run >= w + 2 {
                    let text = run >= w + 4 ? " " + label + " " : label
                    let tw = DisplayWidth.of(text)
                    let start = a + (run - tw) / 2
                    grid.write(text, at: GridPoint(x: start, y: p.y), role: .label)
                    return true
                }
                // Centred on the cell, else ending or starting at it (still over the run, for long labels).
                for start in [p.x - w / 2, p.x - w + 1, p.x] {
                    for dy in [-1, 1] where isFreeRun(x: start, y: p.y + dy, width: w, strict: strict, grid: grid) {
                        grid.write(label, at: GridPoint(x: start, y: p.y + dy), role: .label)
                        return true
                    }
                }
            }
            if isVerticalRun || i == 0 {
                if isFreeRun(x: p.x + 2, y: p.y, width: w, strict: strict, grid: grid), isFree(p.x + 1, p.y, strict: false, grid: grid) {
                    grid.write(label, at: GridPoint(x: p.x + 2, y: p.y), role: .label)
                    return true
                }
                if isFreeRun(x: p.x - 1 - w, y: p.y, width: w, strict: strict, grid: grid), isFree(p.x - 1, p.y, strict: false, grid: grid) {
                    grid.write(label, at: GridPoint(x: p.x - 1 - w, y: p.y), role: .label)
                    return true
                }
            }
        }
        return false
    }
}

extension DiagramGrid {
    /// Trims empty rows and columns around the drawing, moving boxes and routes with it.
    mutating func cropToContent() {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for y in 0..<height {
            let row = y * width
            for x in 0..<width where hasContent(at: row + x) {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= minX else {
            self = DiagramGrid(width: 0, height: 0, keeping: self)
            return
        }
        // In place: a 500-component drawing has millions of cells, a copy would double them.
        cropCells(x0: minX, y0: minY, width: maxX - minX + 1, height: maxY - minY + 1)
        for i in boxes.indices {
            boxes[i].rect.x -= minX
            boxes[i].rect.y -= minY
        }
        offlineRule = offlineRule.map { direction == .topToBottom ? $0 - minY : $0 - minX }
        if minX > 0 || minY > 0 {
            for i in routes.indices {
                routes[i].points = routes[i].points.map { GridPoint(x: $0.x - minX, y: $0.y - minY) }
            }
        }
    }

    /// An empty grid of a new size carrying over boxes, routes and metadata.
    init(width: Int, height: Int, keeping other: DiagramGrid) {
        self.init(width: width, height: height)
        boxes = other.boxes
        routes = other.routes
        direction = other.direction
        fitsWidth = other.fitsWidth
        isStacked = other.isStacked
        offlineRule = other.offlineRule
    }

    /// Adds a blank row and the legend under the drawing, wrapped to `width` columns.
    mutating func appendLegend(_ legend: String, width limit: Int) {
        appendLegendLines(TextWrap.lines(legend, width: max(limit, 10)))
    }

    /// Adds a blank row and `lines` under the drawing, widening it for a line wider than it.
    mutating func appendLegendLines(_ lines: [String]) {
        let needed = lines.map { DisplayWidth.of($0) }.max() ?? 0
        if needed > width { widen(to: needed) }
        let top = height + (height > 0 ? 1 : 0)
        appendRows(top - height + lines.count)
        for (k, line) in lines.enumerated() { write(line, at: GridPoint(x: 0, y: top + k), role: .legend) }
    }
}
