import MLSDCore

/// The scenario list with a preview of the highlighted one.
struct PickerView {
    var choices: [AppState.Choice]
    var selection: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let listWidth = min(34, area.width / 2)
        let list = Rect(x: area.x, y: area.y, width: listWidth, height: area.height)
        let preview = Rect(x: area.x + listWidth, y: area.y, width: area.width - listWidth, height: area.height)
        buffer.box(list, title: "Scenarios")
        let inner = list.inset(by: 1)
        if choices.isEmpty {
            buffer.write("No scenarios found.", x: inner.x + 1, y: inner.y, role: .warning, clip: inner)
        }
        // Keep the selection visible: scroll by whole pages of the list.
        let first = inner.height > 0 ? (selection / inner.height) * inner.height : 0
        for (row, index) in (first..<min(choices.count, first + inner.height)).enumerated() {
            let y = inner.y + row
            let isSelected = index == selection
            buffer.write((isSelected ? "▶ " : "  ") + choices[index].name, x: inner.x, y: y, role: isSelected ? .selected : .normal, clip: inner)
            if isSelected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
        }
        buffer.box(preview, title: "About")
        guard choices.indices.contains(selection) else { return }
        let choice = choices[selection]
        let text = preview.inset(by: 1)
        var y = text.y
        buffer.write(choice.name, x: text.x + 1, y: y, role: .title, clip: text)
        y += 2
        for line in TextWrap.lines(choice.summary, width: text.width - 2) where y < text.maxY {
            buffer.write(line, x: text.x + 1, y: y, clip: text)
            y += 1
        }
        y += 1
        for line in choice.highlights where y < text.maxY {
            buffer.write("• " + line, x: text.x + 1, y: y, role: .accent, clip: text)
            y += 1
        }
    }
}
