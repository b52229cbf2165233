/// A key press, decoded by the terminal layer.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right, enter, escape, tab, backTab, backspace, home, end, pageUp, pageDown
    case function(Int)
}
