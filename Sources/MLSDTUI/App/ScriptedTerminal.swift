/// An in-memory terminal that replays messages and keeps every frame (like ratatui's TestBackend):
/// the whole app runs in tests and benchmarks without a real terminal.
public struct ScriptedTerminal: TerminalDevice {
    public private(set) var size: Size
    private var script: [Message]
    private var next = 0
    /// Every buffer presented, in order.
    public private(set) var frames: [ScreenBuffer] = []
    /// Keep only the last frame (benchmarks).
    public var keepsEveryFrame = true
    public var shouldStop = false

    public init(size: Size, script: [Message]) {
        self.size = size
        self.script = script
    }

    public var isInputClosed: Bool { next >= script.count }

    public mutating func present(_ buffer: ScreenBuffer) {
        if keepsEveryFrame { frames.append(buffer) } else { frames = [buffer] }
    }

    public mutating func nextMessage(timeoutSeconds: Double) -> Message? {
        guard next < script.count else { return nil }
        let m = script[next]
        next += 1
        if case .resize(let s) = m { size = s }
        return m
    }

    /// The last frame as text lines.
    public var screen: [String] { frames.last?.lines ?? [] }
}
