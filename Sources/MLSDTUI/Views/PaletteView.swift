import MLSDCore

/// The component palette: every kind with its reference latency and what it is for.
struct PaletteView {
    var selection: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let kinds = AppState.paletteKinds
        let width = min(area.width - 4, 70)
        let height = min(area.height - 2, kinds.count + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box)
        buffer.box(box, title: "Add a component")
        let inner = box.inset(by: 1)
        let first = inner.height > 0 ? max(0, min(selection - inner.height / 2, kinds.count - inner.height)) : 0
        for (row, index) in (first..<min(kinds.count, first + inner.height)).enumerated() {
            let kind = kinds[index]
            let entry = Catalog.standard[kind]
            let latency = kind == .modelServer ? "5ms-20ms" : entry.latency?.compactDescription ?? ""
            let isSelected = index == selection
            let y = inner.y + row
            buffer.write((isSelected ? "▶ " : "  ") + kind.rawValue.padded(22) + latency.padded(12) + entry.summary, x: inner.x, y: y,
                         role: isSelected ? .selected : .normal, clip: inner)
            if isSelected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
        }
    }
}
