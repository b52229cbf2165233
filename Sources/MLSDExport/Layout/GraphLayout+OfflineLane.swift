import MLSDCore

extension GraphLayout {
    /// The offline lane's title, on its rule in the text diagram, Mermaid's subgraph and DOT's cluster.
    public static let offlineLaneTitle = "offline: outside the request path"

    /// Where the rule between the online bands and the offline lane goes: its cells (a row in
    /// top-to-bottom, a column in left-to-right, across the whole grid) and the cells its title
    /// takes. Top-to-bottom writes the title on the rule, near its left end; left-to-right over
    /// the lane, in the top row.
    struct LaneRule {
        var cells: [GridPoint]
        var line: LineSet
        var title: String
        var titleAt: GridPoint
    }

    static func laneRule(_ placement: Placement, direction: LayoutDirection) -> LaneRule? {
        guard let main = placement.offlineDivider else { return nil }
        // A drawing narrower than the whole title gets the first word.
        let whole = " " + offlineLaneTitle + " "
        let title = DisplayWidth.of(whole) + 4 <= placement.width ? whole : " offline "
        let w = DisplayWidth.of(title)
        if direction == .topToBottom {
            let cells = (0..<placement.width).map { GridPoint(x: $0, y: main) }
            return LaneRule(cells: cells, line: .horizontal, title: title, titleAt: GridPoint(x: min(2, max(placement.width - w, 0)), y: main))
        }
        let cells = (0..<placement.height).map { GridPoint(x: main, y: $0) }
        return LaneRule(cells: cells, line: .vertical, title: title, titleAt: GridPoint(x: max(min(main, placement.width - w), 0), y: 0))
    }

    /// Reserves the rule before routing: edges may cross it at right angles, never run along it;
    /// the title's cells are taken. Only free cells become the rule (a large design's lanes,
    /// reserved first, run across it), and the title moves right to the first free run of cells
    /// that holds it (the short title, or none, when there is no such run).
    static func reserve(_ rule: inout LaneRule, in router: inout EdgeRouter) {
        rule.cells = rule.cells.filter { router.occupancy(at: $0) == .free }
        let y = rule.titleAt.y
        func fits(_ title: String, at x: Int) -> Bool {
            (x..<(x + DisplayWidth.of(title))).allSatisfy { router.occupancy(at: GridPoint(x: $0, y: y)) == .free }
        }
        var placed = false
        for title in [rule.title, " offline "] where !placed {
            for x in rule.titleAt.x..<max(router.width - DisplayWidth.of(title) + 1, rule.titleAt.x) where fits(title, at: x) {
                rule.title = title
                rule.titleAt.x = x
                placed = true
                break
            }
        }
        if !placed { rule.title = "" }
        router.reserve(rule.cells, along: rule.line)
        for x in rule.titleAt.x..<(rule.titleAt.x + DisplayWidth.of(rule.title)) { router.block(GridPoint(x: x, y: y)) }
    }

    /// Draws the rule in the cells no edge took (`╌` or `╎`; ASCII `~` or `:`), then the title.
    static func draw(_ rule: LaneRule, into grid: inout DiagramGrid) {
        let glyph: Character = rule.line == .horizontal ? "╌" : "╎"
        for p in rule.cells where grid[p].role == .empty && grid[p].boxIndex == nil {
            grid[p] = DiagramCell(role: .region, character: glyph)
        }
        if !rule.title.isEmpty { grid.write(rule.title, at: rule.titleAt, role: .region) }
    }
}
