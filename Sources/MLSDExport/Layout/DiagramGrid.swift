import MLSDCore
/// A cell position on a ``DiagramGrid``: column `x` and row `y`, counted from 0 at the top left.
public struct GridPoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
    public static func < (a: GridPoint, b: GridPoint) -> Bool { (a.y, a.x) < (b.y, b.x) }
    public var description: String { "(\(x),\(y))" }
    func moved(_ d: GridDirection) -> GridPoint { GridPoint(x: x + d.dx, y: y + d.dy) }
}

/// A rectangle of cells: the top-left cell at (`x`, `y`), `width` columns by `height` rows.
public struct GridRect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    /// One past the rightmost column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    public func contains(_ p: GridPoint) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }
    /// Whether the two rectangles share at least one cell.
    public func intersects(_ other: GridRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
    public var description: String { "\(width)×\(height)@(\(x),\(y))" }
}

/// The four directions a line leaves a cell in, or an arrow points to.
public enum GridDirection: UInt8, Hashable, Sendable, CaseIterable {
    case up, down, left, right
    var dx: Int { self == .left ? -1 : self == .right ? 1 : 0 }
    var dy: Int { self == .up ? -1 : self == .down ? 1 : 0 }
    var opposite: GridDirection {
        switch self {
        case .up: return .down
        case .down: return .up
        case .left: return .right
        case .right: return .left
        }
    }
    var isVertical: Bool { self == .up || self == .down }
    var line: LineSet { LineSet(rawValue: 1 << rawValue) }
}

/// Which neighbours a line-drawing cell connects to; a renderer picks the glyph (`┼`, `└`, `+`).
public struct LineSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let up = LineSet(rawValue: 1)
    public static let down = LineSet(rawValue: 2)
    public static let left = LineSet(rawValue: 4)
    public static let right = LineSet(rawValue: 8)
    public static let horizontal: LineSet = [.left, .right]
    public static let vertical: LineSet = [.up, .down]
}

/// What a cell of a diagram shows. Themes and renderers style cells by role.
public enum DiagramRole: UInt8, Hashable, Sendable {
    case empty
    /// Part of a component's box outline (corners, sides, and the `├` where an edge leaves).
    case boxBorder
    /// The component's name and kind inside its box.
    case boxText
    /// Simulation figures inside a box (from ``DiagramAnnotations``).
    case annotation
    /// A segment of an edge between boxes.
    case edge
    /// The arrowhead where an edge enters its target.
    case arrow
    /// Text naming an edge: `parallel`, `async`, `miss 20%`, `p=0.02`, `timeout 40ms`, `fallback`.
    case label
    /// The legend line under an annotated diagram.
    case legend
    /// The rule and title that set the offline lane apart from the online request path.
    case region
}

/// One character cell of a diagram, described by meaning rather than by glyph.
///
/// Line cells (``DiagramRole/boxBorder``, ``DiagramRole/edge``) carry the directions they
/// connect to; text cells carry their character. A character two columns wide occupies its cell
/// and the next one, which is marked ``isWideTail`` and draws nothing.
public struct DiagramCell: Hashable, Sendable {
    public var role: DiagramRole
    /// The character of a text cell (box text, annotation, label, legend).
    public var character: Character?
    /// The right half of a two-column character drawn in the cell to the left.
    public var isWideTail: Bool
    /// Neighbours this line cell connects to.
    public var lines: LineSet
    /// Connections drawn dashed (async calls and fallbacks).
    public var dashed: LineSet
    /// Where an arrowhead points (into its target box).
    public var arrow: GridDirection?
    /// Drawn heavier: the bottleneck's box or an edge on the critical path.
    public var isEmphasized: Bool
    /// Index into ``DiagramGrid/boxes`` of the box this cell belongs to, if any.
    public var boxIndex: Int?
    /// An edge cell where one edge passes over another at right angles. ``lines`` holds both
    /// edges' lines; renderers draw the horizontal one straight across and break the vertical one,
    /// so the crossing never reads as a junction (a `┼` would say the edges connect).
    public var isCrossing: Bool

    public init(role: DiagramRole = .empty, character: Character? = nil) {
        self.role = role
        self.character = character
        self.isWideTail = false
        self.lines = []
        self.dashed = []
        self.arrow = nil
        self.isEmphasized = false
        self.boxIndex = nil
        self.isCrossing = false
    }

    public static let empty = DiagramCell()
}

/// A laid-out component box: its id, rectangle and text.
public struct DiagramBox: Hashable, Sendable {
    /// Component id in the design.
    public var id: String
    /// Cells covered by the box, border included.
    public var rect: GridRect
    /// The name shown in the box (label or id), sanitised.
    public var title: String
    public var isBottleneck: Bool
    public var isOnCriticalPath: Bool
}

/// What an edge of the diagram stands for.
public enum DiagramEdgeKind: Hashable, Sendable {
    /// A call of the given mode from a component's `calls`.
    case call(CallModeName)
    /// A cache miss going to the cache's `on_miss` target.
    case miss
    /// The component that answers when the source fails.
    case fallback
    /// Data an offline component writes for another (`feeds`): a flow, not a request.
    case feed

    /// The call modes, mirrored from MLSDCore so this type stays self-contained.
    public enum CallModeName: String, Hashable, Sendable { case sequence, parallel, async }

    /// Async calls and fallbacks are drawn dashed: they are off the normal request path.
    public var isDashed: Bool {
        switch self {
        case .call(.async), .fallback, .feed: return true
        default: return false
        }
    }
}

/// One edge as drawn: its endpoints, kind, label and the cells it passes through.
public struct DiagramRoute: Hashable, Sendable {
    public var from: String
    public var to: String
    public var kind: DiagramEdgeKind
    /// Text drawn next to or on the edge; nil when the edge needs none.
    public var label: String?
    /// Cells from the one beside the source box to the arrowhead beside the target, 4-connected.
    /// Empty when the edge could not be routed.
    public var points: [GridPoint]
    /// Whether `label` was placed on the grid.
    public var isLabelPlaced: Bool
    public var isEmphasized: Bool
    /// For a flow across the offline lane's rule drawn as lettered marks instead of a line: the
    /// letter written in parentheses into the borders of both boxes (`(A)`) and spelled out in
    /// the legend. `points` is then empty. Nil for an edge drawn as a line.
    public var connector: String? = nil
}

/// A whole diagram as a grid of cells with roles, plus where each box and edge went.
///
/// The same grid feeds the Unicode and ASCII renderers and the TUI canvas, so what the canvas
/// shows is what `mlsd export` prints. It is a value: equal inputs give equal grids.
///
///     let grid = GraphLayout(design: scenario.design).grid()
///     print(DiagramRenderer(style: .unicode).render(grid))
///     let selected = grid.rect(of: "scorer")      // highlight a box in the TUI
public struct DiagramGrid: Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width × height`, packed (see ``PackedCell``): 12 bytes of plain data a
    /// cell instead of a 48-byte ``DiagramCell`` that holds a `Character`, so a 500-component
    /// drawing of two million cells is filled, cropped and copied as flat memory.
    private var storage: [PackedCell]
    /// Characters of more than one Unicode scalar (an emoji sequence, a letter with a combining
    /// mark) written into the grid, each once; a packed cell refers to one by its index.
    private var clusters: [Character]
    /// Row-major cells, `width × height` (built on each call: read cells through the subscript).
    public var cells: [DiagramCell] { storage.map(unpack) }
    /// Boxes in design order.
    public var boxes: [DiagramBox]
    /// Edges in design order (calls, then cache miss, then fallback of each component).
    public var routes: [DiagramRoute]
    /// The direction layers run in.
    public var direction: LayoutDirection
    /// Whether the grid fits the width it was laid out for.
    public var fitsWidth: Bool
    /// The stacked fallback (no diagram within the width drew every edge): boxes in one column,
    /// each followed by lines naming its calls; no route has points.
    public var isStacked: Bool
    /// The row (top-to-bottom) or column (left-to-right) of the rule that sets the offline lane
    /// apart: online boxes lie before it, offline boxes after it. Nil without a lane.
    public var offlineRule: Int?

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        self.storage = Array(repeating: .empty, count: width * height)
        self.clusters = []
        self.boxes = []
        self.routes = []
        self.direction = .topToBottom
        self.fitsWidth = true
        self.isStacked = false
        self.offlineRule = nil
    }

    /// The cell at column `x`, row `y`; an empty cell outside the grid.
    public subscript(x: Int, y: Int) -> DiagramCell {
        get { x >= 0 && y >= 0 && x < width && y < height ? unpack(storage[y * width + x]) : .empty }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            storage[y * width + x] = pack(newValue)
        }
    }

    public subscript(p: GridPoint) -> DiagramCell {
        get { self[p.x, p.y] }
        set { self[p.x, p.y] = newValue }
    }

    /// The stored form of the cell at column `x`, row `y` (within the grid), for renderers that
    /// read millions of cells.
    func packedCell(_ x: Int, _ y: Int) -> PackedCell { storage[y * width + x] }

    /// Whether the cell at row-major index `k` shows anything or belongs to a box (no unpacking).
    func hasContent(at k: Int) -> Bool { storage[k].role != DiagramRole.empty.rawValue || storage[k].boxIndex >= 0 }

    /// Keeps only the `newWidth × newHeight` cells whose top-left is (`x0`, `y0`), moving them in
    /// place (each row moves towards the start of the array, never over one not yet moved).
    mutating func cropCells(x0: Int, y0: Int, width newWidth: Int, height newHeight: Int) {
        precondition(x0 >= 0 && y0 >= 0 && newWidth >= 0 && newHeight >= 0 && x0 + newWidth <= width && y0 + newHeight <= height)
        let oldWidth = width
        storage.withUnsafeMutableBufferPointer { cells in
            guard let base = cells.baseAddress else { return }
            for y in 0..<newHeight {
                // Source and destination rows may overlap (same row, shifted left): a move, not a copy.
                (base + y * newWidth).update(from: base + (y + y0) * oldWidth + x0, count: newWidth)
            }
        }
        storage.removeLast(storage.count - newWidth * newHeight)
        width = newWidth
        height = newHeight
    }

    /// Widens the grid to `newWidth` columns, adding empty cells on the right of every row.
    mutating func widen(to newWidth: Int) {
        guard newWidth > width else { return }
        var wider: [PackedCell] = []
        wider.reserveCapacity(newWidth * height)
        for y in 0..<height {
            wider.append(contentsOf: storage[(y * width)..<((y + 1) * width)])
            wider.append(contentsOf: repeatElement(.empty, count: newWidth - width))
        }
        storage = wider
        width = newWidth
    }

    private func unpack(_ c: PackedCell) -> DiagramCell {
        var cell = DiagramCell(role: DiagramRole(rawValue: c.role) ?? .empty)
        if c.character & PackedCell.clusterFlag != 0 {
            cell.character = clusters[Int(c.character & ~PackedCell.clusterFlag)]
        } else if c.character != 0 {
            cell.character = Unicode.Scalar(c.character - 1).map(Character.init)
        }
        cell.boxIndex = c.boxIndex >= 0 ? Int(c.boxIndex) : nil
        cell.lines = LineSet(rawValue: c.lines)
        cell.dashed = LineSet(rawValue: c.dashed)
        cell.isWideTail = c.flags & PackedCell.wideTail != 0
        cell.isEmphasized = c.flags & PackedCell.emphasized != 0
        cell.isCrossing = c.flags & PackedCell.crossing != 0
        let arrow = c.flags >> PackedCell.arrowShift
        cell.arrow = arrow == 0 ? nil : GridDirection(rawValue: arrow - 1)
        return cell
    }

    private mutating func pack(_ cell: DiagramCell) -> PackedCell {
        var c = PackedCell.empty
        c.role = cell.role.rawValue
        if let ch = cell.character {
            let scalars = ch.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first {
                c.character = scalar.value + 1
            } else if let i = clusters.firstIndex(of: ch) {
                c.character = PackedCell.clusterFlag | UInt32(i)
            } else {
                clusters.append(ch)
                c.character = PackedCell.clusterFlag | UInt32(clusters.count - 1)
            }
        }
        c.boxIndex = cell.boxIndex.map { Int32(clamping: $0) } ?? -1
        c.lines = cell.lines.rawValue
        c.dashed = cell.dashed.rawValue
        if cell.isWideTail { c.flags |= PackedCell.wideTail }
        if cell.isEmphasized { c.flags |= PackedCell.emphasized }
        if cell.isCrossing { c.flags |= PackedCell.crossing }
        if let arrow = cell.arrow { c.flags |= (arrow.rawValue + 1) << PackedCell.arrowShift }
        return c
    }

    /// The rectangle of a component's box, for highlighting a selection.
    public func rect(of componentID: String) -> GridRect? { boxes.first { $0.id == componentID }?.rect }

    /// The component whose box covers a cell, for mouse hit-testing.
    public func componentID(at p: GridPoint) -> String? { self[p].boxIndex.map { boxes[$0].id } }

    /// Adds rows at the bottom (for the legend).
    mutating func appendRows(_ count: Int) {
        guard count > 0 else { return }
        storage.append(contentsOf: repeatElement(.empty, count: width * count))
        height += count
    }

    /// Writes text starting at a cell, one cell per column (two for wide characters), clipped to the grid.
    /// - Returns: the column after the last character written.
    @discardableResult
    mutating func write(_ text: String, at p: GridPoint, role: DiagramRole, boxIndex: Int? = nil) -> Int {
        var x = p.x
        for ch in text {
            let w = DisplayWidth.of(ch)
            guard x + w <= width else { break }
            var cell = DiagramCell(role: role, character: ch)
            cell.boxIndex = boxIndex
            self[x, p.y] = cell
            if w == 2 {
                var tail = DiagramCell(role: role)
                tail.isWideTail = true
                tail.boxIndex = boxIndex
                self[x + 1, p.y] = tail
            }
            x += w
        }
        return x
    }
}

/// One ``DiagramCell`` as 12 bytes of plain data, as ``DiagramGrid`` stores it: no reference
/// counting to fill, copy or free it.
struct PackedCell: Hashable, Sendable {
    /// 0: none; a scalar's value + 1; or ``clusterFlag`` | an index into the grid's clusters.
    var character: UInt32
    /// The box index, or -1.
    var boxIndex: Int32
    var role: UInt8
    var lines: UInt8
    var dashed: UInt8
    /// ``wideTail``, ``emphasized``, ``crossing``, and the arrow's direction + 1 from ``arrowShift`` (0: none).
    var flags: UInt8

    static let clusterFlag: UInt32 = 1 << 31
    static let wideTail: UInt8 = 1
    static let emphasized: UInt8 = 2
    static let crossing: UInt8 = 4
    static let arrowShift: UInt8 = 4
    /// Where the arrowhead points, if any.
    var arrowDirection: GridDirection? {
        let arrow = flags >> Self.arrowShift
        return arrow == 0 ? nil : GridDirection(rawValue: arrow - 1)
    }
    static let empty = PackedCell(character: 0, boxIndex: -1, role: DiagramRole.empty.rawValue, lines: 0, dashed: 0, flags: 0)
}
