import MLSDCore

/// The box of an overlay `width` × `height` at most, centred in `area` with a row or column left on
/// every side: the screens draw their own border on the area's edges, and an overlay as tall as the
/// area put its corners beside theirs (`┌┌─ Keys`, `└└`). Inside that border the row or column is
/// cleared (``clearBeneath(_:in:into:)``).
func overlayFrame(in area: Rect, width: Int, height: Int) -> Rect {
    let w = min(area.width - 2, width), h = min(area.height - 2, height)
    return Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
}

/// Clears `box` and a ring one cell wide around it, but not the area's edges, where the screen
/// draws its own border: a box drawn there beside the overlay's read as a doubled border
/// (`│┌┌─ Fault:` over the design canvas), text there as the overlay's.
///
/// A word the ring cuts is cleared to its end, so no fragment of the text beneath is left beside
/// the overlay as if it were part of it (the fault prompt over feed-ranking left the `s` of the
/// inspector's "sources", and `ca` and `me` of a box's label).
func clearBeneath(_ box: Rect, in area: Rect, into buffer: inout ScreenBuffer) {
    let ring = Rect(x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2)
    let inside = area.inset(by: 1)
    let x = max(ring.x, inside.x), y = max(ring.y, inside.y)
    let right = min(ring.maxX, inside.maxX)
    func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || "'’.,:;%$~+-_()/…".contains(c) }
    for row in y..<min(ring.maxY, inside.maxY) {
        var from = x, to = right
        while from > inside.x, isWord(buffer[from - 1, row].character) { from -= 1 }
        while to < inside.maxX, isWord(buffer[to, row].character) { to += 1 }
        buffer.fill(Rect(x: from, y: row, width: to - from, height: 1))
    }
    buffer.fill(box)
}

/// A centred box over the screen, cleared with the cells around it, with a title.
private func panel(in area: Rect, width: Int, height: Int, title: String, into buffer: inout ScreenBuffer) -> Rect {
    let box = overlayFrame(in: area, width: width, height: height)
    clearBeneath(box, in: area, into: &buffer)
    buffer.box(box, title: title)
    return box.inset(by: 1)
}

/// `?`: the bindings of the screen underneath, filtered by what is typed.
struct HelpOverlay {
    var rows: [KeyBinding]
    var filter: TextField
    var context: KeyContext
    /// The screen's name in the title: the context's, or the panel's own (`Workload & requirements`).
    var title: String
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
        let inner = panel(in: area, width: Self.maximumWidth, height: max(shown.count, 1) + 5, title: "Keys · \(title)", into: &buffer)
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

/// Entries of a list that take one or more rows each (their text wrapped), and the rows shown.
struct WrappedList {
    /// Rows of each entry.
    var heights: [Int]

    /// The first entry shown in `height` rows: the selected one whole, on the last rows (the
    /// palette) or about halfway down (`centred`, menus), with no rows left empty at the end while
    /// entries above are hidden.
    func firstEntry(selection: Int, height: Int, centred: Bool) -> Int {
        guard heights.indices.contains(selection) else { return 0 }
        // The lowest first entry that still shows the selected one whole (it on the last rows).
        var first = selection, used = heights[selection]
        while first > 0, used + heights[first - 1] <= height { first -= 1; used += heights[first] }
        guard centred else { return first }
        // Centred: about half the rows above the selection, but never past the last full page.
        var centre = selection, above = 0
        while centre > 0, above + heights[centre - 1] <= height / 2 { centre -= 1; above += heights[centre] }
        var lastPage = heights.count - 1, rest = heights[lastPage]
        while lastPage > 0, rest + heights[lastPage - 1] <= height { lastPage -= 1; rest += heights[lastPage] }
        return max(first, min(centre, lastPage))
    }

    /// The entry and its line on each of at most `height` rows, from entry `first`.
    func rows(from first: Int, height: Int) -> [(entry: Int, line: Int)] {
        var out: [(entry: Int, line: Int)] = []
        for entry in heights.indices.dropFirst(max(0, first)) {
            for line in 0..<heights[entry] where out.count < height { out.append((entry, line)) }
            if out.count >= height { break }
        }
        return out
    }
}

/// `:`: every available action by name, fuzzy-matched, with its key. A long action name wraps
/// under itself, beside a key column as wide as the widest key shown (at 80 columns both were cut).
struct CommandPaletteView {
    var matches: [KeyBinding]
    var query: TextField
    var selection: Int

    /// The palette's box (for mouse hits).
    static func frame(in area: Rect) -> Rect { overlayFrame(in: area, width: 90, height: 16) }

    /// Columns of the key column: the widest key shown, at most 16.
    var keyWidth: Int { min(16, matches.map { DisplayWidth.of($0.label) }.max() ?? 0) }

    /// Columns for an action's name inside `inner`: after "▶ ", before a gap and the key column.
    func textWidth(in inner: Rect) -> Int { max(8, inner.width - 2 - 2 - keyWidth - 1) }

    /// Each match's name wrapped to the text column.
    func entryLines(in inner: Rect) -> [[String]] {
        matches.map { TextWrap.lines($0.help, width: textWidth(in: inner)) }
    }

    /// The entry and line on each list row (the rows under the query line) of the palette in `area`.
    func rows(in area: Rect) -> [(entry: Int, line: Int)] {
        let inner = Self.frame(in: area).inset(by: 1)
        let list = WrappedList(heights: entryLines(in: inner).map(\.count))
        let height = max(0, inner.height - 1)
        return list.rows(from: list.firstEntry(selection: selection, height: height, centred: false), height: height)
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let frame = Self.frame(in: area), inner = frame.inset(by: 1)
        clearBeneath(frame, in: area, into: &buffer)
        buffer.box(frame, title: "Commands")
        guard inner.height > 1 else { return }
        buffer.write(": " + query.visible(width: inner.width - 4), x: inner.x + 1, y: inner.y, role: .accent, clip: inner)
        let lines = entryLines(in: inner)
        let keyX = inner.maxX - keyWidth - 1
        for (row, at) in rows(in: area).enumerated() {
            let y = inner.y + 1 + row
            let selected = at.entry == selection
            let textArea = Rect(x: inner.x, y: y, width: keyX - 1 - inner.x, height: 1)
            let mark = at.line > 0 ? "  " : selected ? "▶ " : "  "
            buffer.write(mark + lines[at.entry][at.line], x: inner.x, y: y, role: selected ? .selected : .normal, clip: textArea)
            if at.line == 0 { buffer.write(matches[at.entry].label, x: keyX, y: y, role: .key, clip: inner) }
            if selected { buffer.setRole(.selected, in: textArea) }
        }
        if matches.isEmpty { buffer.write("  no command matches '\(query.text)'", x: inner.x, y: inner.y + 1, role: .dim, clip: inner) }
    }
}

/// A list to choose from: component kinds, kinds of call, export formats. An item's detail wraps
/// under itself (at 80 columns a component's summary was cut mid-word).
struct MenuView {
    var menu: Menu

    /// The box the menu is drawn in (for mouse hits).
    /// Sized for every item's wrapped rows, so that filtering does not move the box. (Sized by the
    /// count of items, the call-kind menu at 80 columns, where two details wrap, hid `fallback`.)
    static func frame(in area: Rect, menu: Menu) -> Rect {
        let innerWidth = min(area.width - 2, 76) - 2
        let rows = Self.wrap(menu.all, leadWidth: Self.leadWidth(menu.all), innerWidth: innerWidth).reduce(0) { $0 + $1.count }
        return overlayFrame(in: area, width: 76, height: rows + 3)
    }

    /// Columns of the items' leads (a kind's latency), with a space after; 0 when none has one.
    static func leadWidth(_ items: [Menu.Item]) -> Int { items.map { DisplayWidth.of($0.lead) }.max().map { $0 > 0 ? $0 + 1 : 0 } ?? 0 }
    var leadWidth: Int { Self.leadWidth(menu.items) }

    /// Where an item's detail starts inside the box: after "▶ 1 ", the title and the lead.
    static func detailColumn(leadWidth: Int) -> Int { 4 + 22 + leadWidth }
    var detailColumn: Int { Self.detailColumn(leadWidth: leadWidth) }

    /// Each item's detail wrapped to the room right of the title and the lead.
    static func wrap(_ items: [Menu.Item], leadWidth: Int, innerWidth: Int) -> [[String]] {
        // A column to spare before the border ("whether a model│" ran into it).
        items.map { $0.detail.isEmpty ? [""] : TextWrap.lines($0.detail, width: max(8, innerWidth - detailColumn(leadWidth: leadWidth) - 1)) }
    }
    func detailLines(in inner: Rect) -> [[String]] { Self.wrap(menu.items, leadWidth: leadWidth, innerWidth: inner.width) }

    /// The item and line on each list row (above the footer) of the menu in `area`.
    func rows(in area: Rect) -> [(entry: Int, line: Int)] {
        let inner = Self.frame(in: area, menu: menu).inset(by: 1)
        let list = WrappedList(heights: detailLines(in: inner).map(\.count))
        let height = max(0, inner.height - 1)
        return list.rows(from: list.firstEntry(selection: menu.selection, height: height, centred: true), height: height)
    }

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let box = Self.frame(in: area, menu: menu)
        clearBeneath(box, in: area, into: &buffer)
        buffer.box(box, title: menu.title)
        let inner = box.inset(by: 1)
        let details = detailLines(in: inner)
        let shown = rows(in: area)
        // Rows the box cannot hold (a short terminal) are marked on its border, as every list's are.
        if let first = shown.first, first.entry > 0 || first.line > 0 { buffer.write(" ▲ more ", x: box.maxX - 10, y: box.y, role: .accent) }
        if let last = shown.last, last.entry < menu.items.count - 1 || last.line < details[last.entry].count - 1 {
            buffer.write(" ▼ more ", x: box.maxX - 10, y: box.maxY - 1, role: .accent)
        }
        for (row, at) in shown.enumerated() {
            let i = at.entry, item = menu.items[i]
            let y = inner.y + row
            let selected = i == menu.selection
            let head = at.line > 0 ? String(repeating: " ", count: detailColumn)
                : (selected ? "▶ " : "  ") + (i < 9 ? "\(i + 1) " : "  ") + item.title.padded(22) + item.lead.padded(leadWidth)
            buffer.write(head + details[i][at.line], x: inner.x, y: y, role: selected ? .selected : .normal, clip: inner)
            if selected { buffer.setRole(.selected, in: Rect(x: inner.x, y: y, width: inner.width, height: 1)) }
        }
        if let filter = menu.filter {
            if menu.items.isEmpty { buffer.write("nothing matches '\(filter)'", x: inner.x + 1, y: inner.y, role: .dim, clip: inner) }
            let x = buffer.write("/ " + filter + "▏", x: inner.x + 1, y: inner.maxY - 1, role: .accent, clip: inner)
            buffer.write("  ↑↓ choose · enter · esc ends the filter", x: x, y: inner.maxY - 1, role: .dim, clip: inner)
        } else {
            buffer.write(menu.all.count > 9 ? "↑↓ choose · enter · / filter · esc cancels" : "↑↓ choose · enter · esc cancels",
                         x: inner.x + 1, y: inner.maxY - 1, role: .dim, clip: inner)
        }
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
        // The answers wrap whole onto as many rows as they need ("s save as… then quit   d quit
        // without saving (edits are lost)   esc cancel" was cut at 80 and 120 columns).
        let answers = confirmation.answers.map { (key: String($0.key), title: " " + $0.title) } + [(key: "esc", title: " cancel")]
        var rows: [[(key: String, title: String)]] = [[]]
        var used = 0
        for a in answers {
            let w = DisplayWidth.of(a.key + a.title)
            if !rows[rows.count - 1].isEmpty, used + 3 + w > width {
                rows.append([])
                used = 0
            }
            used += (rows[rows.count - 1].isEmpty ? 0 : 3) + w
            rows[rows.count - 1].append(a)
        }
        let inner = panel(in: area, width: width + 4, height: lines.count + 3 + rows.count, title: "Question", into: &buffer)
        for (i, line) in lines.enumerated() {
            buffer.write(line, x: inner.x + 1, y: inner.y + i, clip: inner)
        }
        for (r, row) in rows.enumerated() {
            let y = inner.maxY - rows.count + r
            var x = inner.x + 1
            for (k, a) in row.enumerated() {
                if k > 0 { x += 3 }
                x = buffer.write(a.key, x: x, y: y, role: .key, clip: inner)
                x = buffer.write(a.title, x: x, y: y, clip: inner)
            }
        }
    }
}
