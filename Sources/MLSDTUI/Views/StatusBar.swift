/// The bottom line: key hints, or the last message.
struct StatusBar {
    var hints: [(String, String)]
    var message: String?

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.fill(area, role: .statusBar)
        var x = area.x + 1
        if let message {
            buffer.write(message, x: x, y: area.y, role: .statusBar, clip: area)
            return
        }
        for (key, action) in hints {
            x = buffer.write(key, x: x, y: area.y, role: .key, clip: area)
            x = buffer.write(" \(action)  ", x: x, y: area.y, role: .statusBar, clip: area)
        }
    }
}
