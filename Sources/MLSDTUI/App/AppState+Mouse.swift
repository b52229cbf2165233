import MLSDCore

/// The mouse: clicks select boxes and rows and run clicked hints; the wheel scrolls.
extension AppState {
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        switch event.button {
        case .wheelUp: return wheel(.up, at: event)
        case .wheelDown: return wheel(.down, at: event)
        case .left: return click(at: event.x, event.y)
        case .middle, .right: return []
        }
    }

    private mutating func wheel(_ action: Action, at event: MouseEvent) -> [Effect] {
        if case .menu(var menu)? = overlay {
            menu.selection = max(0, min(menu.items.count - 1, menu.selection + (action == .up ? -1 : 1)))
            overlay = .menu(menu)
            return []
        }
        guard overlay == nil, design.editor == nil else { return [] }
        if screen == .design {
            // The wheel moves through what is under the pointer.
            let (_, inspector) = DesignView.areas(in: bodyRect)
            design.focus = event.x >= inspector.x ? .inspector : .canvas
        }
        return perform(action)
    }

    private mutating func click(at x: Int, _ y: Int) -> [Effect] {
        // The status bar's hints run their action.
        if y == terminalSize.height - 1, overlay == nil, status == nil {
            for h in StatusBar.layout(hints, width: terminalSize.width) where x >= h.x && x < h.x + h.width {
                return perform(h.action)
            }
            return []
        }
        if y >= terminalSize.height - statusRows, status != nil {
            say(nil)
            return []
        }
        if let overlay { return clickOverlay(overlay, x, y) }
        switch screen {
        case .picker:
            let list = PickerView.listRect(in: bodyRect).inset(by: 1)
            guard x >= list.x, x < list.maxX, y >= list.y, y < list.maxY else { return [] }
            let index = PickerView.firstRow(selection: picker.selection, height: list.height) + (y - list.y)
            guard picker.choices.indices.contains(index) else { return [] }
            if index == picker.selection { return perform(.open) }
            picker.selection = index
        case .design:
            guard let wb = workbench, design.editor == nil else { return [] }
            let (canvasArea, inspectorArea) = DesignView.areas(in: bodyRect)
            if x >= inspectorArea.x {
                // The lines as drawn before the click: a selected long value wraps only while focused.
                let wasFocused = design.focus == .inspector
                design.focus = .inspector
                let inner = inspectorArea.inset(by: 1)
                // Find the row drawn at y from the lines the inspector draws (blank lines before
                // headings, a selected long value wrapped over several).
                let view = InspectorView(rows: inspectorRows, row: design.row, isFocused: wasFocused, editor: nil, preview: nil, title: "")
                let lines = view.lines(inner: inner)
                // The border is no row; a click on the highlighted row opens it only if the
                // inspector had the focus (a first click there focuses it, as on the canvas).
                guard y >= inner.y, y < inner.maxY else { return [] }
                let line = view.firstLine(lines, height: inner.height) + (y - inner.y)
                if lines.indices.contains(line), let i = lines[line].index, inspectorRows[i].isSelectable {
                    if i == design.row, wasFocused { return perform(.open) }
                    design.row = i
                }
                return []
            }
            guard let grid = wb.canvas else { return [] }
            let inner = canvasArea.inset(by: 1)
            let selected = selectedID
            let (dx, dy) = CanvasView(grid: grid, selectedID: selected, utilisation: [:]).offset(for: inner)
            let gx = x - inner.x + dx, gy = y - inner.y + dy
            for box in grid.boxes {
                guard let r = grid.rect(of: box.id), gx >= r.x, gx < r.x + r.width, gy >= r.y, gy < r.y + r.height,
                      let index = wb.scenario.design.components.firstIndex(where: { $0.id == box.id }) else { continue }
                if case .connecting = design.mode {
                    design.selection = index
                    return handleConnecting(.enter, from: { if case .connecting(let f) = design.mode { return f } else { return 0 } }())
                }
                if index == design.selection, design.focus == .canvas { return perform(.open) }
                design.selection = index
                design.focus = .canvas
                design.row = 0
                return []
            }
        case .results, .interview, .capacity, .faults:
            break
        }
        return []
    }

    private mutating func clickOverlay(_ overlay: Overlay, _ x: Int, _ y: Int) -> [Effect] {
        switch overlay {
        case .menu(var menu):
            let frame = MenuView.frame(in: bodyRect, menu: menu)
            let inner = frame.inset(by: 1)
            guard x >= frame.x, x < frame.maxX, y >= frame.y, y < frame.maxY else {
                self.overlay = nil
                return []
            }
            let rows = MenuView(menu: menu).rows(in: bodyRect)
            guard y >= inner.y, y - inner.y < rows.count, y < inner.maxY - 1 else { return [] }
            let index = rows[y - inner.y].entry
            if index == menu.selection { return handleKey(.enter) }
            menu.selection = index
            self.overlay = .menu(menu)
        case .palette(let query, let selection, let context):
            let frame = CommandPaletteView.frame(in: bodyRect)
            let inner = frame.inset(by: 1)
            guard x >= frame.x, x < frame.maxX, y >= frame.y, y < frame.maxY else {
                self.overlay = nil
                return []
            }
            let matches = paletteMatches(query.text, context: context)
            let rows = CommandPaletteView(matches: matches, query: query, selection: selection).rows(in: bodyRect)
            guard y > inner.y, y - inner.y - 1 < rows.count else { return [] }
            let index = rows[y - inner.y - 1].entry
            self.overlay = nil
            return perform(matches[index].action)
        case .help:
            self.overlay = nil
        case .prompt, .confirm:
            break
        }
        return []
    }
}
