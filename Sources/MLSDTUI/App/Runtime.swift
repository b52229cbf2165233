import Foundation
import MLSDCore

/// Runs the app: present view → read messages (input and effect results) → update → perform effects,
/// until quit, a stop signal, or the end of input.
public struct Runtime<Terminal: TerminalDevice> {
    public var state: AppState
    public var terminal: Terminal
    public let performer: EffectPerformer
    /// The monotonic clock that `.tick` messages carry.
    public var clock: () -> Double = { ProcessInfo.processInfo.systemUptime }
    /// The wall clock (seconds since 1970), for names with a date and time in them.
    public var wallClock: () -> Double = { Date().timeIntervalSince1970 }
    /// Frames presented (for benchmarks and tests).
    public private(set) var frameCount = 0

    /// Most waiting keys taken before a frame is drawn.
    static var waitingInputLimit: Int { 256 }

    public init(state: AppState, terminal: Terminal, performer: EffectPerformer) {
        self.state = state
        self.terminal = terminal
        self.performer = performer
    }

    /// Sends one message and performs its effects (used to open a design before the loop starts).
    public mutating func send(_ message: Message) -> Bool {
        for effect in state.update(message) {
            if effect == .quit { return false }
            performer.perform(effect)
        }
        return true
    }

    /// Runs until an effect says quit, the terminal is asked to stop, or input ends.
    public mutating func run() {
        state.wallClockOffset = wallClock() - clock()
        _ = send(.resize(terminal.size))
        _ = send(.tick(now: clock()))
        var lastTick = clock()
        while true {
            if terminal.shouldStop {
                // Last chance: write what is unsaved to its recovery file before the process exits.
                performer.cancelAll()
                for effect in state.update(.terminating) { performer.performNow(effect) }
                performer.flushIO()
                return
            }
            terminal.present(state.view())
            frameCount += 1
            var messages = performer.drain()
            if messages.isEmpty {
                if terminal.isInputClosed, !performer.isBusy { break }
                let timeout = performer.isBusy ? 0.02 : state.runningJob != nil ? 0.1 : 0.25
                if let m = terminal.nextMessage(timeoutSeconds: timeout) {
                    messages.append(m)
                    // A paste arrives as many keys at once: take those already waiting before the
                    // next frame (one frame a key made 110 pasted characters take 2 s to appear).
                    if terminal.takesWaitingInputTogether, case .key = m {
                        while messages.count < Self.waitingInputLimit, let next = terminal.nextMessage(timeoutSeconds: 0) {
                            messages.append(next)
                            guard case .key = next else { break }
                        }
                    }
                }
            }
            let t = clock()
            if messages.isEmpty || t - lastTick >= 0.2 {
                messages += performer.progressMessages()
                // The monotonic clock stops while the machine sleeps; the wall clock does not.
                state.wallClockOffset = wallClock() - t
                messages.append(.tick(now: t))
                lastTick = t
            }
            for message in messages where !send(message) {
                performer.flushIO()
                return
            }
        }
        performer.flushIO()
    }
}
