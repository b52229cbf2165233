import MLSDCore
import MLSDExport

/// The design as boxes and arrows: the same grid the exporter prints, so what you see is what you export.
///
/// Boxes are coloured by estimated utilisation (offline ones, which take no requests, are not);
/// the selected box is highlighted and kept in view.
struct CanvasView {
    var grid: DiagramGrid
    var selectedID: String?
    var utilisation: [String: Double]
    /// Offline components: drawn in the border's colour, since no utilisation applies to them.
    var offlineIDs: Set<String> = []
    /// The source of a connection being drawn, highlighted.
    var sourceID: String? = nil
    var title = "Design"
    var isFocused = true

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: title, role: isFocused ? .accent : .border)
        let inner = area.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        let (dx, dy) = offset(for: inner)
        let renderer = DiagramRenderer(style: .unicode)
        for y in 0..<min(inner.height, grid.height - dy) {
            for x in 0..<min(inner.width, grid.width - dx) {
                let cell = grid[x + dx, y + dy]
                guard !cell.isWideTail, let glyph = renderer.glyph(for: cell) else { continue }
                buffer.write(String(glyph), x: inner.x + x, y: inner.y + y, role: role(for: cell), clip: inner)
            }
        }
        // On the border, where they hide no box: inside, they overwrote box corners, and ▶ and ▼
        // shared one cell.
        if dx > 0 { buffer.write("◀", x: inner.x, y: inner.maxY, role: .accent) }
        if grid.width - dx > inner.width { buffer.write("▶", x: inner.maxX - 1, y: inner.maxY, role: .accent) }
        if dy > 0 { buffer.write("▲", x: inner.maxX, y: inner.y, role: .accent) }
        if grid.height - dy > inner.height { buffer.write("▼", x: inner.maxX, y: inner.maxY - 1, role: .accent) }
    }

    /// Scroll offset that shows the top-left corner, moved just enough to keep the selected box visible.
    func offset(for area: Rect) -> (Int, Int) {
        guard let id = selectedID, let rect = grid.rect(of: id) else { return (0, 0) }
        func axis(_ start: Int, _ length: Int, _ view: Int, _ total: Int) -> Int {
            guard total > view else { return 0 }
            var o = 0
            if start + length > o + view { o = start + length - view }
            if start < o { o = start }
            return max(0, min(o, total - view))
        }
        return (axis(rect.x, rect.width, area.width, grid.width), axis(rect.y, rect.height, area.height, grid.height))
    }

    private func role(for cell: DiagramCell) -> StyleRole {
        let id = cell.boxIndex.map { grid.boxes[$0].id }
        switch cell.role {
        case .boxBorder:
            if let id, id == selectedID { return .selected }
            if let id, id == sourceID { return .accent }
            if let id, offlineIDs.contains(id) { return .border }
            let rho = id.flatMap { utilisation[$0] } ?? 0
            return rho >= 0.8 ? .bad : rho >= 0.5 ? .warning : .good
        case .boxText: return id == selectedID ? .title : .normal
        case .annotation: return .dim
        case .arrow, .label: return .accent
        case .legend, .region: return .dim
        case .edge: return cell.isEmphasized ? .title : .border
        case .empty: return .normal
        }
    }
}
