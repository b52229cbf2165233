import Foundation

/// Where an interview gets the time from. Injected, so tests run a whole interview in milliseconds.
public protocol InterviewClock: Sendable {
    /// Seconds since some fixed point; only differences matter.
    func now() -> Double
}

/// The real clock (monotonic uptime).
public struct SystemClock: InterviewClock {
    public init() {}
    public func now() -> Double { ProcessInfo.processInfo.systemUptime }
}

/// A clock that moves only when told to (as NIO's `EmbeddedEventLoop.advanceTime(by:)`).
public final class ManualClock: InterviewClock, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double
    public init(seconds: Double = 0) { self.seconds = seconds }
    public func now() -> Double { lock.withLock { seconds } }
    public func advanceTime(by delta: Double) { lock.withLock { seconds += delta } }
}
