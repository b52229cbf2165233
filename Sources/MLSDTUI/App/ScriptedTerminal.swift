/// An in-memory terminal that replays messages and keeps every frame (like ratatui's TestBackend):
/// the whole app runs in tests and benchmarks without a real terminal.
public struct ScriptedTerminal: TerminalDevice {
    public private(set) var size: Size
    private var script: [Message]
    private var next = 0
    /// Every buffer presented, in order.
    public private(set) var frames: [ScreenBuffer] = []
    public var shouldStop = false

    public init(size: Size, script: [Message]) {
        self.size = size
        self.script = script
    }

    public var isInputClosed: Bool { next >= script.count }

    public mutating func present(_ buffer: ScreenBuffer) {
        frames.append(buffer)
    }

    public mutating func nextMessage(timeoutSeconds: Double) -> Message? {
        guard next < script.count else { return nil }
        let m = script[next]
        next += 1
        if case .resize(let s) = m { size = s }
        return m
    }
}
