import MLSDCore

/// The scenario list (recent files first) with a preview of the highlighted one.
struct PickerView {
    var choices: [PickerScreen.Choice]
    var selection: Int

    static func listRect(in area: Rect) -> Rect {
        Rect(x: area.x, y: area.y, width: min(34, area.width / 2), height: area.height)
    }

    /// The first row shown: the list scrolls by whole pages so the selection stays visible.
    static func firstRow(selection: Int, height: Int) -> Int {
        height > 0 ? (selection / height) * height : 0
    }

    /// A recent file's name in the list: its file name, with its folder when another recent file
    /// has the same name (two `fraud.yaml` looked alike but in the About pane).
    static func recentLabel(_ path: String, among choices: [PickerScreen.Choice]) -> String {
        func parts(_ p: String) -> [Substring] { p.split(separator: "/") }
        let mine = parts(path)
        guard let name = mine.last else { return path }
        let twins = choices.filter { $0.isRecent && $0.id != path && parts($0.id).last == name }
        guard !twins.isEmpty, mine.count > 1 else { return String(name) }
        return mine.suffix(2).joined(separator: "/")
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let list = Self.listRect(in: area)
        let preview = Rect(x: list.maxX, y: area.y, width: area.width - list.width, height: area.height)
        buffer.box(list, title: "Scenarios")
        let inner = list.inset(by: 1)
        if choices.isEmpty {
            buffer.write("No scenarios found.", x: inner.x + 1, y: inner.y, role: .warning, clip: inner)
        }
        let first = Self.firstRow(selection: selection, height: inner.height)
        for (row, index) in (first..<min(choices.count, first + inner.height)).enumerated() {
            let y = inner.y + row
            let isSelected = index == selection
            let choice = choices[index]
            // Recent files go by their file name: several can hold the same scenario.
            let name = choice.isRecent ? "◷ " + DisplayWidth.sanitized(Self.recentLabel(choice.id, among: choices)) : DisplayWidth.sanitized(choice.name)
            buffer.write((isSelected ? "▶ " : "  ") + name, x: inner.x, y: y, role: isSelected ? .selected : choice.isRecent ? .accent : .normal, clip: inner)
            if isSelected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
        }
        if first > 0 { buffer.write("▲", x: inner.maxX - 1, y: inner.y, role: .accent) }
        if first + inner.height < choices.count { buffer.write("▼ more", x: inner.maxX - 6, y: inner.maxY - 1, role: .accent) }
        buffer.box(preview, title: "About")
        guard choices.indices.contains(selection) else { return }
        let choice = choices[selection]
        let text = preview.inset(by: 1)
        var y = text.y
        for line in TextWrap.lines(DisplayWidth.sanitized(choice.name), width: text.width - 2) where y < text.maxY {
            buffer.write(line, x: text.x + 1, y: y, role: .title, clip: text)
            y += 1
        }
        y += 1
        for line in TextWrap.lines(DisplayWidth.sanitized(choice.summary), width: text.width - 2) where y < text.maxY {
            buffer.write(line, x: text.x + 1, y: y, clip: text)
            y += 1
        }
        y += 1
        for highlight in choice.highlights {
            for (i, line) in TextWrap.lines(DisplayWidth.sanitized(highlight), width: text.width - 4).enumerated() where y < text.maxY {
                buffer.write((i == 0 ? "• " : "  ") + line, x: text.x + 1, y: y, role: .accent, clip: text)
                y += 1
            }
        }
    }
}
