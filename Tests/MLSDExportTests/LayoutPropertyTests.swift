import Foundation
import MLSDCore
@testable import MLSDExport
import Testing

/// Properties every layout must have, checked on random designs of 1–60 components.
@Suite("Layout properties on random designs")
struct LayoutPropertyTests {
    static let seeds: [UInt64] = Array(1...24)

    /// Checks one design at one width; returns problems found, empty when the layout is sound.
    static func problems(in design: Design, width: Int, mayExceedWidth: Bool = false) -> [String] {
        let grid = GraphLayout(design: design, options: LayoutOptions(width: width)).grid()
        return problems(in: grid, design: design, width: width, mayExceedWidth: mayExceedWidth)
    }

    static func problems(in grid: DiagramGrid, design: Design, width: Int, mayExceedWidth: Bool = false) -> [String] {
        var out: [String] = []
        // Boxes never overlap.
        for i in grid.boxes.indices {
            for j in grid.boxes.indices where j > i && grid.boxes[i].rect.intersects(grid.boxes[j].rect) {
                out.append("boxes \(grid.boxes[i].id) and \(grid.boxes[j].id) overlap")
            }
        }
        // Every component's name appears inside its box (wrapped lines joined, spaces ignored).
        for box in grid.boxes {
            var text = ""
            for y in box.rect.y..<box.rect.maxY {
                for x in box.rect.x..<box.rect.maxX {
                    let cell = grid[x, y]
                    if cell.role == .boxText, let ch = cell.character { text.append(ch) }
                }
            }
            let wanted = DisplayWidth.sanitized(design[box.id].map { $0.label ?? $0.id } ?? box.id).filter { $0 != " " }
            if !text.filter({ $0 != " " }).contains(wanted) { out.append("name of \(box.id) '\(wanted)' not in its box: '\(text)'") }
        }
        // Every call, miss, fallback and feed is a connected path on the grid ending in an arrow at its target.
        var expected: [(String, String)] = []
        for c in design.components {
            for g in c.calls { for t in g.targets { expected.append((c.id, t)) } }
            if let m = c.onMiss { expected.append((c.id, m)) }
            if let f = c.fallback { expected.append((c.id, f)) }
            for t in c.feeds { expected.append((c.id, t)) }
        }
        let drawn = grid.routes.map { ($0.from, $0.to) }
        if drawn.count != expected.count || zip(drawn, expected).contains(where: { $0 != $1 }) {
            out.append("routes \(drawn.count) do not match the design's \(expected.count) edges")
        }
        if grid.isStacked {
            out += stackedProblems(grid, design: design)
        } else {
            for route in grid.routes {
                let problem = route.connector == nil ? trace(route, in: grid) : connectorProblem(route, in: grid, design: design)
                if let problem { out.append("\(route.from)→\(route.to): \(problem)") }
            }
            out += crossingProblems(grid, bundles: design.components.count > GraphLayout.largeDesignNodeCount)
            out += laneProblems(grid, design: design)
        }
        // The width limit holds unless the caller allows the layout to grow past it (when no
        // spacing within the width routes every edge); the grid always says whether it fits.
        if grid.fitsWidth != (grid.width <= width) { out.append("fitsWidth is \(grid.fitsWidth) at width \(grid.width)") }
        if grid.width > width, !mayExceedWidth { out.append("width \(grid.width) > \(width)") }
        let lines = DiagramRenderer(style: .unicode).lines(grid)
        let drawnWidth = max(width, grid.width)
        if let long = lines.first(where: { DisplayWidth.of($0) > drawnWidth }) { out.append("rendered line wider than \(drawnWidth): \(long)") }
        return out
    }

    /// Crossings are drawn as crossings: every cell the router records as one holds two straight
    /// lines at right angles and renders as a plain horizontal line (Unicode and ASCII), and every
    /// cell two routes share is one (unless the design bundles edges, whose branches share a
    /// trunk). Without bundling no edge cell renders as a junction glyph at all.
    static func crossingProblems(_ grid: DiagramGrid, bundles: Bool) -> [String] {
        var out: [String] = []
        // ASCII draws corners as '+' too, so junctions are told by the Unicode glyph; a crossing is never '+'.
        let junctions: Set<Character> = ["┼", "╋", "├", "┤", "┬", "┴", "┣", "┫", "┳", "┻"]
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].role == .edge {
                let cell = grid[x, y]
                let unicode = DiagramRenderer(style: .unicode).glyph(for: cell) ?? " "
                let ascii = DiagramRenderer(style: .ascii).glyph(for: cell) ?? " "
                if cell.isCrossing {
                    if cell.lines != [.horizontal, .vertical] { out.append("crossing at (\(x),\(y)) holds \(cell.lines.rawValue)") }
                    if !"─━┄".contains(unicode) || !"-=.".contains(ascii) { out.append("crossing at (\(x),\(y)) drawn '\(unicode)' / '\(ascii)'") }
                } else if cell.lines == [.horizontal, .vertical] {
                    out.append("four-way cell at (\(x),\(y)) is not a recorded crossing")
                } else if !bundles, junctions.contains(unicode) {
                    out.append("junction glyph '\(unicode)' at (\(x),\(y)) where no edge splits")
                }
            }
        }
        if !bundles {
            var owner: [GridPoint: Int] = [:]
            for (i, route) in grid.routes.enumerated() {
                for p in route.points.dropLast() {
                    if let other = owner[p], other != i, !grid[p].isCrossing, grid[p].role == .edge {
                        out.append("routes \(other) and \(i) share (\(p.x),\(p.y)) without a crossing")
                    }
                    owner[p] = i
                }
            }
        }
        return out
    }

    /// The offline lane: every offline box after the rule (below it top-to-bottom, right of it
    /// left-to-right), every online box before it, and the rule's title drawn.
    static func laneProblems(_ grid: DiagramGrid, design: Design) -> [String] {
        let offline = Set(design.components.filter { $0.kind.isOffline }.map(\.id))
        let hasLane = !offline.isEmpty && offline.count < design.components.count
            && design.components.count <= GraphLayout.stackedLayoutMaxComponents
        var title = ""
        for y in 0..<grid.height {
            for x in 0..<grid.width where grid[x, y].role == .region { title.append(grid[x, y].character ?? " ") }
        }
        guard hasLane else {
            return title.isEmpty && grid.offlineRule == nil ? [] : ["a lane rule without an offline lane"]
        }
        guard let rule = grid.offlineRule else { return ["the offline lane has no rule"] }
        guard title.contains(" offline") else { return ["the offline lane's title is missing"] }
        var out: [String] = []
        // The rule is drawn where no edge crosses it: only rule glyphs, the title and edges run across.
        for k in 0..<(grid.direction == .topToBottom ? grid.width : grid.height) {
            let cell = grid.direction == .topToBottom ? grid[k, rule] : grid[rule, k]
            switch cell.role {
            case .region, .edge, .label, .empty: continue
            default: out.append("the rule passes a \(cell.role) cell at \(k)")
            }
            if cell.role == .edge, cell.lines != (grid.direction == .topToBottom ? .vertical : .horizontal) {
                out.append("an edge runs along or turns on the rule at \(k)")
            }
        }
        for box in grid.boxes {
            let start = grid.direction == .topToBottom ? box.rect.y : box.rect.x
            let end = grid.direction == .topToBottom ? box.rect.maxY : box.rect.maxX
            if offline.contains(box.id), start <= rule { out.append("offline \(box.id) is not in the offline lane") }
            if !offline.contains(box.id), end > rule { out.append("online \(box.id) is in the offline lane") }
        }
        return out
    }

    /// The stacked fallback: every box in one column without overlap, and under each box one line
    /// per call, in order, naming the target (and its label); the legend says why it is stacked.
    static func stackedProblems(_ grid: DiagramGrid, design: Design) -> [String] {
        var out: [String] = []
        let lines = DiagramRenderer(style: .unicode).lines(grid)
        if !lines.joined(separator: " ").split(separator: " ").joined(separator: " ").contains(", so the boxes are stacked and each lists its calls in order") {
            out.append("the stacked layout's legend is missing")
        }
        let boxes = grid.boxes.sorted { $0.rect.y < $1.rect.y }
        for (k, box) in boxes.enumerated() {
            let end = k + 1 < boxes.count ? boxes[k + 1].rect.y : grid.height
            // The text rows between this box and the next, wrapped lines joined.
            // Spaces dropped: a name longer than the line is cut between characters.
            func squeezed(_ s: String) -> String { s.filter { $0 != " " } }
            let listed = squeezed(lines[box.rect.maxY..<min(end, lines.count)].joined(separator: " "))
            var at = listed.startIndex
            for route in grid.routes where route.from == box.id {
                let target = grid.boxes.first { $0.id == route.to }?.title ?? route.to
                let wanted = squeezed(target + (route.label.map { ": " + $0 } ?? ""))
                guard let found = listed[at...].range(of: wanted) else {
                    out.append("\(route.from)→\(route.to) ('\(wanted)') not listed in order under its box")
                    continue
                }
                at = found.upperBound
            }
        }
        return out
    }

    /// A flow across the offline lane drawn as lettered marks: it does cross the lane, both boxes
    /// carry its letter in parentheses (`(A)`) in their top or bottom border, and the legend
    /// spells the letter out under its title, naming the source.
    static func connectorProblem(_ route: DiagramRoute, in grid: DiagramGrid, design: Design) -> String? {
        guard let letter = route.connector else { return "not a connector" }
        guard route.points.isEmpty else { return "a connector drawn as cells too" }
        guard let from = design[route.from], let to = design[route.to], from.kind.isOffline != to.kind.isOffline else {
            return "a connector between boxes on one side of the lane"
        }
        let mark = GraphLayout.connectorMark(letter)
        for id in [route.from, route.to] {
            guard let r = grid.rect(of: id) else { return "missing box \(id)" }
            // The marks in the box's top and bottom borders, as words (other cells as spaces).
            let words = [r.y, r.maxY - 1].flatMap { y in
                String((r.x..<r.maxX).map { x -> Character in
                    let cell = grid[x, y]
                    return cell.role == .label && cell.boxIndex != nil ? (cell.character ?? " ") : " "
                }).split(separator: " ").map(String.init)
            }
            if !words.contains(mark) { return "\(id)'s border has no '\(mark)' (marks: \(words))" }
        }
        let lines = DiagramRenderer(style: .unicode).lines(grid)
        // The title's first words (a narrow drawing wraps the rest).
        guard let title = lines.firstIndex(where: { $0.hasPrefix("flows across the offline") }) else { return "the legend of the marks is missing" }
        let source = DisplayWidth.sanitized(from.label ?? from.id)
        guard let entry = lines[(title + 1)...].first(where: { $0.hasPrefix(" \(letter) ") }) else { return "the legend has no entry \(letter)" }
        let words = source.split(separator: " ")
        if let first = words.first, !entry.contains(first) { return "the legend's entry \(letter) does not name \(source): \(entry)" }
        return nil
    }

    /// Follows a route cell by cell and checks that the drawing connects source to target.
    static func trace(_ route: DiagramRoute, in grid: DiagramGrid) -> String? {
        guard let source = grid.rect(of: route.from), let target = grid.rect(of: route.to) else { return "missing box" }
        guard let first = route.points.first, let last = route.points.last else { return "not drawn" }
        let directions: [(GridDirection, Int, Int)] = [(.up, 0, -1), (.down, 0, 1), (.left, -1, 0), (.right, 1, 0)]
        func step(_ a: GridPoint, _ b: GridPoint) -> GridDirection? {
            directions.first { a.x + $0.1 == b.x && a.y + $0.2 == b.y }?.0
        }
        func line(_ d: GridDirection) -> LineSet {
            switch d {
            case .up: return .up
            case .down: return .down
            case .left: return .left
            case .right: return .right
            }
        }
        guard let intoSource = directions.first(where: { source.contains(GridPoint(x: first.x + $0.1, y: first.y + $0.2)) })?.0 else {
            return "first cell \(first) does not touch the source box"
        }
        if route.points.count > 1 {
            let border = grid[first.x + (intoSource == .left ? -1 : intoSource == .right ? 1 : 0),
                              first.y + (intoSource == .up ? -1 : intoSource == .down ? 1 : 0)]
            if border.role != .boxBorder { return "the cell behind the first is not the source border" }
        }
        for (i, p) in route.points.enumerated() {
            if grid.boxes.contains(where: { $0.rect.contains(p) }) { return "passes through a box at \(p)" }
            if i == route.points.count - 1 { break }
            guard let forward = step(p, route.points[i + 1]) else { return "gap between \(p) and \(route.points[i + 1])" }
            let back = i == 0 ? intoSource : step(p, route.points[i - 1])
            let cell = grid[p]
            switch cell.role {
            case .edge:
                guard let back, cell.lines.contains(line(forward)), cell.lines.contains(line(back)) else {
                    return "cell \(p) is not drawn connecting its neighbours on the path"
                }
            case .label:
                break   // a label written into a straight run of this edge
            default:
                return "cell \(p) on the path has role \(cell.role)"
            }
        }
        let end = grid[last]
        guard end.role == .arrow, let d = end.arrow else { return "path does not end in an arrow" }
        let into = GridPoint(x: last.x + (d == .left ? -1 : d == .right ? 1 : 0), y: last.y + (d == .up ? -1 : d == .down ? 1 : 0))
        if !target.contains(into) { return "arrow at \(last) does not point into the target" }
        return nil
    }

    @Test(arguments: seeds)
    func randomDesignLaysOutSoundly(seed: UInt64) {
        let design = RandomDesign.make(seed: seed)
        var g = SplitMix64(seed: seed &* 31)
        let width = 40 + g.below(121)
        let problems = Self.problems(in: design, width: width)
        #expect(problems.isEmpty, "seed \(seed), \(design.components.count) components, width \(width): \(problems.prefix(5))")
    }

    @Test func sixtyComponentsFitEightyColumns() {
        let design = RandomDesign.make(seed: 99, componentCount: 60)
        let problems = Self.problems(in: design, width: 80)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test func sameInputGivesTheSameGrid() {
        let design = RandomDesign.make(seed: 7, componentCount: 30)
        #expect(GraphLayout(design: design).grid() == GraphLayout(design: design).grid())
    }

    @Test func theTracerRejectsABrokenPath() throws {
        let design = RandomDesign.make(seed: 3, componentCount: 6)
        var grid = GraphLayout(design: design).grid()
        let route = try #require(grid.routes.first { $0.points.count > 2 })
        grid[route.points[1]] = DiagramCell()
        #expect(Self.trace(route, in: grid) != nil)
    }

    @Test func pinnedPositionsAreKept() {
        var design = RandomDesign.make(seed: 11, componentCount: 8)
        design.components[0].calls = [CallGroup(mode: .sequence, targets: ["c1", "c2", "c3"])]
        for i in 1..<8 { design.components[i].calls = [] ; design.components[i].fallback = nil; design.components[i].onMiss = nil; design.components[i].kind = .database }
        design.components[3].position = GridPosition(column: 1, row: 0)
        design.components[1].position = GridPosition(column: 1, row: 2)
        for direction in LayoutDirection.allCases {
            let grid = GraphLayout(design: design, options: LayoutOptions(width: 120, direction: direction)).grid()
            let r1 = grid.rect(of: "c1"), r2 = grid.rect(of: "c2"), r3 = grid.rect(of: "c3")
            if direction == .leftToRight {
                #expect((r3?.y ?? 0) < (r2?.y ?? 0) && (r2?.y ?? 0) < (r1?.y ?? 0), "rows follow the pins")
            } else {
                #expect((r3?.x ?? 0) < (r2?.x ?? 0) && (r2?.x ?? 0) < (r1?.x ?? 0), "slots follow the pins")
            }
        }
    }
}
