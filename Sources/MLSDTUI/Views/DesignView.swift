import MLSDCore
import MLSDExport

/// The design screen: the canvas on the left, the inspector on the right.
struct DesignView {
    var workbench: Workbench
    var screen: DesignScreen
    var rows: [InspectorRow]
    /// What the edit being typed would do to the estimate (nil when it does not parse).
    var preview: String?

    static func areas(in area: Rect) -> (canvas: Rect, inspector: Rect) {
        let width = min(AppState.inspectorWidth(for: area.width), area.width / 2)
        return (Rect(x: area.x, y: area.y, width: area.width - width, height: area.height),
                Rect(x: area.x + area.width - width, y: area.y, width: width, height: area.height))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let (canvasArea, inspectorArea) = Self.areas(in: area)
        let design = workbench.scenario.design
        let selectedID = design.components.indices.contains(screen.selection) ? design.components[screen.selection].id : nil
        var connectingFrom: String?
        if case .connecting(let from) = screen.mode, design.components.indices.contains(from) { connectingFrom = design.components[from].id }
        if let canvas = workbench.canvas {
            CanvasView(grid: canvas, selectedID: selectedID, utilisation: workbench.estimate.utilisation,
                       offlineIDs: Set(design.components.filter(\.kind.isOffline).map(\.id)), sourceID: connectingFrom,
                       title: connectingFrom.map { "Connect \($0) to…" } ?? (canvasArea.width >= 60 ? "Design · ╔╗ busiest · ━ slowest path" : "Design"),
                       isFocused: screen.focus == .canvas)
                .render(in: canvasArea, into: &buffer)
        } else {
            buffer.box(canvasArea, title: "Design")
            buffer.write("Laying out…", x: canvasArea.x + 2, y: canvasArea.y + 1, role: .dim, clip: canvasArea.inset(by: 1))
        }
        InspectorView(rows: rows, row: screen.row, isFocused: screen.focus == .inspector, editor: screen.editor, preview: preview,
                      title: screen.subject == .scenario ? "Workload & requirements" : "Inspector")
            .render(in: inspectorArea, into: &buffer)
    }
}

/// The selected component's values (or the workload and requirements), its calls and its estimate.
struct InspectorView {
    var rows: [InspectorRow]
    var row: Int
    var isFocused: Bool
    var editor: DesignScreen.Editor?
    var preview: String?
    var title: String

    static let labelWidth = 13

    /// The first row shown so that the highlighted one (and the editor's lines under it) are visible.
    static func firstRow(row: Int, count: Int, height: Int, extra: Int = 0) -> Int {
        guard count > height else { return 0 }
        return max(0, min(row + 1 + extra - height, count - height))
    }

    /// One line of the inspector: its text and role, and the row it belongs to (nil for blank
    /// lines and an editor's notes).
    struct Line {
        var text: String
        var role: StyleRole
        var index: Int?
    }

    /// The lines drawn inside the border (`inner`): a blank line before each heading after the
    /// first; under an edited row, its refusal or preview; and a selected row whose value is too
    /// long for its line shown whole, wrapped under it (a long name or summary could not be read
    /// before). The mouse finds the row under a click from these too.
    func lines(inner: Rect) -> [Line] {
        var lines: [Line] = []
        // Text starts a column in and stops a column short of the border, where ▲/▼ go.
        let textWidth = inner.width - 2
        let valueWidth = max(4, textWidth - Self.labelWidth)
        // A refusal or a preview is indented two columns under its value.
        let noteWidth = textWidth - 2
        for (i, r) in rows.enumerated() {
            switch r.kind {
            case .heading:
                if i > 0 { lines.append(Line(text: "", role: .normal, index: nil)) }
                // A long label (a component's) is cut with `…` so that its value (`entry`) still
                // shows; the border clipped it mid-word.
                let tail = r.value.isEmpty ? "" : "  " + r.value
                let room = max(4, textWidth - DisplayWidth.of(tail))
                lines.append(Line(text: DisplayWidth.cut(DisplayWidth.cut(r.label, toWidth: room) + tail, toWidth: textWidth), role: r.role, index: i))
            default:
                if let editor, i == row, case .field(let t, let k) = r.kind, t == editor.target, k == editor.key {
                    lines.append(Line(text: r.label.padded(Self.labelWidth) + editor.field.visible(width: valueWidth), role: .accent, index: i))
                    for line in TextWrap.lines(editor.error ?? "", width: noteWidth) where editor.error != nil {
                        lines.append(Line(text: "  " + line, role: .bad, index: nil))
                    }
                    if editor.error == nil, let preview {
                        for line in TextWrap.lines("would be: " + preview, width: noteWidth) { lines.append(Line(text: "  " + line, role: .dim, index: nil)) }
                    }
                } else if DisplayWidth.of(r.value) > valueWidth, (i == row && isFocused) || !r.isSelectable {
                    // The highlighted row shows its whole value; so does a row no key can reach (the
                    // estimate's `capacity 6.15k/s (feature_s…` could not be read whole at 80 columns).
                    let wrapped = TextWrap.lines(r.value, width: valueWidth)
                    for (k, line) in wrapped.enumerated() {
                        lines.append(Line(text: (k == 0 ? r.label : "").padded(Self.labelWidth) + line, role: r.role, index: i))
                    }
                } else {
                    let value = r.value
                    let shown = DisplayWidth.cut(value, toWidth: valueWidth)
                    lines.append(Line(text: r.label.padded(Self.labelWidth) + shown, role: r.role, index: i))
                }
            }
        }
        return lines
    }

    /// The first of `lines` shown in `height` rows: the selected row's lines (and an editor's
    /// notes under it) are all in view.
    ///
    /// On the last row that can be selected, the lines after it (the estimate, which no key could
    /// scroll to at 80×24) come into view too, as many as fit with the row.
    func firstLine(_ lines: [Line], height: Int) -> Int {
        let selectedLine = lines.firstIndex { $0.index == row } ?? 0
        // The row's own wrapped lines, and an editor's notes (lines of no row) under it.
        var extra = lines.dropFirst(selectedLine + 1).prefix { $0.index == row || (editor != nil && $0.index == nil) }.count
        let isLastSelectable = !rows.indices.contains { $0 > row && rows[$0].isSelectable }
        if isLastSelectable { extra = max(extra, lines.count - selectedLine - 1) }
        // Never so many that the row's first line scrolls off the top.
        return Self.firstRow(row: selectedLine, count: lines.count, height: height, extra: min(extra, height - 1))
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: title, role: isFocused ? .accent : .border)
        let inner = area.inset(by: 1)
        guard inner.width > 4, inner.height > 0 else { return }
        let lines = lines(inner: inner)
        let first = firstLine(lines, height: inner.height)
        for (y, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            let isSelected = line.index == row && isFocused && rows.indices.contains(row) && rows[row].isSelectable
            buffer.write(line.text, x: inner.x + 1, y: inner.y + y, role: isSelected && editor == nil ? .selected : line.role, clip: inner)
            if isSelected, editor == nil { buffer.setRole(.selected, in: Rect(x: inner.x, y: inner.y + y, width: inner.width, height: 1)) }
        }
        if first > 0 { buffer.write("▲", x: inner.maxX - 1, y: inner.y, role: .accent) }
        if first + inner.height < lines.count { buffer.write("▼", x: inner.maxX - 1, y: inner.maxY - 1, role: .accent) }
    }
}
