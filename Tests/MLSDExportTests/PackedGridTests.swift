import MLSDCore
@testable import MLSDExport
import Testing

/// ``DiagramGrid`` stores its cells packed (12 bytes each, characters of several scalars kept
/// aside) and the renderer reads them without unpacking (issue #13: 500-component drawings of
/// two million cells). What goes in must come out, and the fast renderer must print exactly
/// what the per-cell ``DiagramRenderer/glyph(for:)`` says, which the TUI canvas draws.
@Suite("Packed diagram grid")
struct PackedGridTests {
    /// Every field of a cell survives the packing, including characters of several scalars.
    @Test func cellsComeBackAsWritten() {
        var grid = DiagramGrid(width: 6, height: 3)
        var edge = DiagramCell(role: .edge)
        edge.lines = [.up, .right, .down]
        edge.dashed = .vertical
        edge.isEmphasized = true
        edge.isCrossing = true
        grid[0, 0] = edge
        var arrow = DiagramCell(role: .arrow)
        arrow.arrow = .left
        grid[1, 0] = arrow
        var border = DiagramCell(role: .boxBorder)
        border.boxIndex = 70_000
        border.lines = .horizontal
        grid[2, 0] = border
        let family: Character = "👩‍👩‍👧"
        let accented: Character = "e\u{301}"
        grid.write("a\(family)\(accented)", at: GridPoint(x: 0, y: 1), role: .label, boxIndex: 3)
        grid.write("\(family)", at: GridPoint(x: 0, y: 2), role: .legend)

        #expect(grid[0, 0] == edge)
        #expect(grid[1, 0] == arrow)
        #expect(grid[2, 0] == border)
        #expect(grid[0, 1].character == "a" && grid[0, 1].boxIndex == 3 && grid[0, 1].role == .label)
        #expect(grid[1, 1].character == family && !grid[1, 1].isWideTail)
        #expect(grid[2, 1].isWideTail && grid[2, 1].character == nil)
        #expect(grid[3, 1].character == accented)
        #expect(grid[0, 2].character == family)
        #expect(grid[5, 2] == DiagramCell.empty && grid[-1, 0] == .empty && grid[6, 0] == .empty)
        #expect(grid.cells.count == 18 && grid.cells[0] == edge)
    }

    /// Cropping moves the content to the top left in place; boxes and routes move with it.
    @Test func croppingKeepsTheContentAndShiftsBoxesAndRoutes() {
        var grid = DiagramGrid(width: 9, height: 7)
        grid.write("xy", at: GridPoint(x: 3, y: 2), role: .boxText, boxIndex: 0)
        var edge = DiagramCell(role: .edge)
        edge.lines = .vertical
        for y in 3...5 { grid[4, y] = edge }
        grid.boxes = [DiagramBox(id: "b", rect: GridRect(x: 3, y: 2, width: 2, height: 1), title: "xy", isBottleneck: false, isOnCriticalPath: false)]
        grid.routes = [DiagramRoute(from: "b", to: "b", kind: .call(.sequence), label: nil, points: [GridPoint(x: 4, y: 3), GridPoint(x: 4, y: 5)],
                                    isLabelPlaced: false, isEmphasized: false)]
        grid.cropToContent()
        #expect(grid.width == 2 && grid.height == 4)
        #expect(grid[0, 0].character == "x" && grid[1, 0].character == "y")
        #expect(grid[1, 1] == edge && grid[1, 3] == edge && grid[0, 1] == .empty)
        #expect(grid.boxes[0].rect == GridRect(x: 0, y: 0, width: 2, height: 1))
        #expect(grid.routes[0].points == [GridPoint(x: 1, y: 1), GridPoint(x: 1, y: 3)])
        #expect(DiagramRenderer(style: .ascii).lines(grid) == ["xy", " |", " |", " |"])
    }

    /// A legend wider than the drawing widens every row; the drawing stays where it was.
    @Test func aWideLegendWidensTheGridWithoutMovingTheDrawing() {
        var grid = DiagramGrid(width: 3, height: 2)
        grid.write("abc", at: GridPoint(x: 0, y: 0), role: .boxText)
        grid.write("def", at: GridPoint(x: 0, y: 1), role: .boxText)
        grid.appendLegend("a legend of thirty-one columns.", width: 40)
        #expect(grid.width == 31 && grid.height == 4)
        #expect(DiagramRenderer(style: .unicode).lines(grid) == ["abc", "def", "", "a legend of thirty-one columns."])
    }

    /// The renderer's lines are exactly the cells' glyphs, trailing spaces trimmed, in both
    /// styles: on every shipped scenario, a large random design (crossings, dashed, wide text)
    /// and a grid with text the ASCII style spells differently.
    @Test func renderedLinesAreTheCellsGlyphs() throws {
        let library = ScenarioLibrary(environment: [:])
        var grids = try library.entries().filter(\.isBuiltin).map { try GraphLayout(design: library.load($0.id).scenario.design, options: LayoutOptions(width: 100)).grid() }
        grids.append(GraphLayout(design: RandomDesign.make(seed: 2, componentCount: 120), options: LayoutOptions(width: 80)).grid())
        var text = DiagramGrid(width: 12, height: 1)
        text.write("① p≥0.5 ·👩‍👩‍👧", at: GridPoint(x: 0, y: 0), role: .label)
        grids.append(text)
        for grid in grids {
            for style in DiagramRenderer.Style.allCases {
                let renderer = DiagramRenderer(style: style)
                let expected = (0..<grid.height).map { y -> String in
                    var line = ""
                    for x in 0..<grid.width { if let ch = renderer.glyph(for: grid[x, y]) { line.append(ch) } }
                    while line.last == " " { line.removeLast() }
                    return line
                }
                #expect(renderer.lines(grid) == expected, "\(style) rendering of a \(grid.width)×\(grid.height) grid")
            }
        }
    }
}
