public import MLSDCore

/// The fault panel's own state: the faults last typed, the run with them, and the scroll.
public struct FaultScreen: Sendable, Equatable {
    /// The faults as typed last (the prompt starts from them).
    public var lastInput = ""
    public var run: FaultRun?
    /// The version of the design the run is of.
    public var scenario: Scenario?
    public var failure: String?
    /// Simulated seconds of the last run started (its planned length, also when it was stopped).
    public var durationSeconds: Double?
    /// The length typed after `for` for the last run started, shown with its faults (nil: none typed).
    public var typedLength: TimeSpan?
    public var scroll = 0

    public init() {}
}
