/// The key reference, drawn over the middle of the screen.
struct HelpOverlay {
    static let rows: [(String, String)] = [
        ("↑ ↓  j k", "move the selection"),
        ("enter  l", "open the highlighted scenario"),
        ("esc  h", "back to the scenario list"),
        ("tab", "next component"),
        ("a", "add a component after the selected one"),
        ("c", "connect the selected component to another"),
        ("x", "delete the selected component"),
        ("+  -", "add or remove a replica"),
        ("u  ctrl-r", "undo, redo"),
        ("s", "save to your scenario folder"),
        ("r", "simulate the design (100k requests)"),
        ("v", "view the last simulation"),
        ("b  B", "pin or clear a what-if baseline"),
        ("i  I", "mock interview: 35 or 60 minutes"),
        ("?  F1", "show or hide this help"),
        ("q", "back, or quit from the list"),
        ("ctrl-c", "quit at once"),
    ]

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let width = min(area.width - 4, 60)
        let height = min(area.height - 2, Self.rows.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box)
        buffer.box(box, title: "Keys")
        let inner = box.inset(by: 1)
        for (i, (key, action)) in Self.rows.enumerated() where inner.y + 1 + i < inner.maxY {
            buffer.write(key, x: inner.x + 1, y: inner.y + 1 + i, role: .key, clip: inner)
            buffer.write(action, x: inner.x + 12, y: inner.y + 1 + i, clip: inner)
        }
    }
}
