import MLSDCore

/// The box of an overlay `width` × `height` at most, centred in `area` with a row or column of the
/// screen beneath showing on every side: the screens draw their own border on the area's edges, and
/// an overlay as tall as the area put its corners beside theirs (`┌┌─ Keys`, `└└`).
func overlayFrame(in area: Rect, width: Int, height: Int) -> Rect {
    let w = min(area.width - 2, width), h = min(area.height - 2, height)
    return Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
}

/// A centred box over the screen, cleared, with a title.
private func panel(in area: Rect, width: Int, height: Int, title: String, into buffer: inout ScreenBuffer) -> Rect {
    let box = overlayFrame(in: area, width: width, height: height)
    buffer.fill(box)
    buffer.box(box, title: title)
    return box.inset(by: 1)
}

/// `?`: the bindings of the screen underneath, filtered by what is typed.
struct HelpOverlay {
    var rows: [KeyBinding]
    var filter: TextField
    var context: KeyContext
    var scroll = 0

    /// The overlay's width at most; its keys take 17 columns and a space, the help the rest.
    static let maximumWidth = 100

    /// The bindings as display lines: each help text wrapped to `room` columns, its key on the
    /// first line (at 80 columns a long help was cut with "…").
    func lines(room: Int) -> [(label: String, help: String)] {
        rows.flatMap { b in
            TextWrap.lines(b.help, width: max(8, room)).enumerated().map { (label: $0 == 0 ? b.label : "", help: $1) }
        }
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        // The panel is `min(area.width − 2, maximumWidth)` wide with a border each side.
        let room = min(area.width - 2, Self.maximumWidth) - 2 - 18
        let shown = lines(room: room)
        let inner = panel(in: area, width: Self.maximumWidth, height: max(shown.count, 1) + 5, title: "Keys · \(context.title)", into: &buffer)
        guard inner.height > 1 else { return }
        buffer.write("filter: " + filter.visible(width: inner.width - 12), x: inner.x + 1, y: inner.y, role: .accent, clip: inner)
        let listHeight = inner.height - 2
        let first = max(0, min(scroll, shown.count - listHeight))
        for (i, line) in shown.dropFirst(first).prefix(listHeight).enumerated() {
            let y = inner.y + 1 + i
            buffer.write(line.label, x: inner.x + 1, y: y, role: .key, clip: Rect(x: inner.x, y: y, width: 17, height: 1))
            buffer.write(line.help, x: inner.x + 18, y: y, clip: inner)
        }
        if rows.isEmpty { buffer.write("no key matches '\(filter.text)'", x: inner.x + 1, y: inner.y + 1, role: .dim, clip: inner) }
        let hidden = shown.count - listHeight
        let footer = hidden > 0 ? "\(first > 0 ? "▲ " : "")\(first + listHeight < shown.count ? "▼ " : "")↑↓ scroll (\(hidden) lines hidden) · type to filter · esc closes" : "type to filter · esc closes"
        buffer.write(footer, x: inner.x + 1, y: inner.maxY - 1, role: .dim, clip: inner)
    }
}

/// `:`: every available action by name, fuzzy-matched, with its key.
struct CommandPaletteView {
    var matches: [KeyBinding]
    var query: TextField
    var selection: Int

    /// The palette's box (for mouse hits).
    static func frame(in area: Rect) -> Rect { overlayFrame(in: area, width: 90, height: 16) }

    /// The first match shown in a list of `height` rows.
    static func firstRow(selection: Int, count: Int, height: Int) -> Int { max(0, min(selection - height + 1, count - height)) }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let inner = Self.frame(in: area).inset(by: 1)
        buffer.fill(Self.frame(in: area))
        buffer.box(Self.frame(in: area), title: "Commands")
        guard inner.height > 1 else { return }
        buffer.write(": " + query.visible(width: inner.width - 4), x: inner.x + 1, y: inner.y, role: .accent, clip: inner)
        let listHeight = inner.height - 1
        let first = Self.firstRow(selection: selection, count: matches.count, height: listHeight)
        for (row, i) in (first..<min(matches.count, first + listHeight)).enumerated() {
            let b = matches[i]
            let y = inner.y + 1 + row
            let selected = i == selection
            buffer.write((selected ? "▶ " : "  ") + b.help, x: inner.x, y: y, role: selected ? .selected : .normal, clip: Rect(x: inner.x, y: y, width: inner.width - 12, height: 1))
            buffer.write(b.label, x: inner.maxX - 11, y: y, role: .key, clip: inner)
            if selected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width - 12, height: 1)) }
        }
        if matches.isEmpty { buffer.write("  no command matches '\(query.text)'", x: inner.x, y: inner.y + 1, role: .dim, clip: inner) }
    }
}

/// A list to choose from: component kinds, kinds of call, export formats.
struct MenuView {
    var menu: Menu

    /// The first item shown for a list of `height` rows.
    static func firstItem(selection: Int, count: Int, height: Int) -> Int {
        max(0, min(selection - height / 2, count - height))
    }

    /// The box the menu is drawn in (for mouse hits).
    static func frame(in area: Rect, menu: Menu) -> Rect { overlayFrame(in: area, width: 76, height: menu.items.count + 3) }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let inner = panel(in: area, width: 76, height: menu.items.count + 3, title: menu.title, into: &buffer)
        let listHeight = max(0, inner.height - 1)
        let first = Self.firstItem(selection: menu.selection, count: menu.items.count, height: listHeight)
        for (row, i) in (first..<min(menu.items.count, first + listHeight)).enumerated() {
            let item = menu.items[i]
            let y = inner.y + row
            let selected = i == menu.selection
            let number = i < 9 ? "\(i + 1) " : "  "
            buffer.write((selected ? "▶ " : "  ") + number + item.title.padded(22) + item.detail, x: inner.x, y: y,
                         role: selected ? .selected : .normal, clip: inner)
            if selected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
        }
        buffer.write("↑↓ choose · enter · esc cancels", x: inner.x + 1, y: inner.maxY - 1, role: .dim, clip: inner)
    }
}

/// A line to type: a path, a share.
struct PromptView {
    var prompt: Prompt

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let errorLines = prompt.error.map { TextWrap.lines($0, width: min(area.width - 6, 70)) } ?? []
        let inner = panel(in: area, width: 76, height: 5 + errorLines.count, title: prompt.title, into: &buffer)
        guard inner.height > 0 else { return }
        buffer.write("> " + prompt.field.visible(width: inner.width - 4), x: inner.x + 1, y: inner.y, role: .accent, clip: inner)
        for (i, line) in errorLines.enumerated() {
            buffer.write(line, x: inner.x + 1, y: inner.y + 1 + i, role: .bad, clip: inner)
        }
        buffer.write("enter accepts · esc cancels · ctrl-u clears", x: inner.x + 1, y: inner.maxY - 1, role: .dim, clip: inner)
    }
}

/// A question with lettered answers.
struct ConfirmView {
    var confirmation: Confirmation

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let width = min(area.width - 6, 70)
        let lines = confirmation.message.flatMap { TextWrap.lines($0, width: width) }
        let inner = panel(in: area, width: width + 4, height: lines.count + 4, title: "Question", into: &buffer)
        for (i, line) in lines.enumerated() {
            buffer.write(line, x: inner.x + 1, y: inner.y + i, clip: inner)
        }
        var x = inner.x + 1
        for a in confirmation.answers {
            x = buffer.write(String(a.key), x: x, y: inner.maxY - 1, role: .key, clip: inner)
            x = buffer.write(" \(a.title)   ", x: x, y: inner.maxY - 1, clip: inner)
        }
        x = buffer.write("esc", x: x, y: inner.maxY - 1, role: .key, clip: inner)
        buffer.write(" cancel", x: x, y: inner.maxY - 1, clip: inner)
    }
}
