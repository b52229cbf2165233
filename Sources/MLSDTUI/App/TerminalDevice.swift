/// What the runtime needs from a terminal: its size, a way to show a buffer, and input as messages.
public protocol TerminalDevice {
    var size: Size { get }
    /// Shows the buffer, writing only what changed since the last call.
    mutating func present(_ buffer: ScreenBuffer)
    /// The next input as a message, or nil when nothing arrived within the timeout.
    mutating func nextMessage(timeoutSeconds: Double) -> Message?
    /// True once the process was asked to stop (SIGTERM, SIGHUP, SIGINT).
    var shouldStop: Bool { get }
    /// True when no more input will come (a scripted terminal at the end of its script).
    var isInputClosed: Bool { get }
    /// Keys that are already waiting (a paste) are taken together before the next frame: a real
    /// terminal says yes; a scripted one draws a frame per message, as its tests read them.
    var takesWaitingInputTogether: Bool { get }
}

extension TerminalDevice {
    public var isInputClosed: Bool { false }
    public var takesWaitingInputTogether: Bool { false }
}
