/// A mock interview in progress: the current phase, the time spent in each, and the notes taken.
///
/// A value: the caller owns it and passes the clock's reading in, so a whole interview replays
/// deterministically in tests.
public struct InterviewSession: Hashable, Sendable {
    public let plan: InterviewPlan
    /// Index of the current phase; equal to `plan.phases.count` once finished.
    public private(set) var phaseIndex = 0
    /// Seconds spent in each phase so far (the current one is counted up to `lastReading`).
    public private(set) var secondsByPhase: [Double]
    /// Notes per phase id, as typed.
    public private(set) var notes: [String: String] = [:]
    private var phaseStartedAt: Double
    public private(set) var startedAt: Double
    public private(set) var finishedAt: Double?

    public init(plan: InterviewPlan, startedAt now: Double) {
        self.plan = plan
        self.secondsByPhase = Array(repeating: 0, count: plan.phases.count)
        self.phaseStartedAt = now
        self.startedAt = now
    }

    public var isFinished: Bool { phaseIndex >= plan.phases.count }
    public var currentPhase: Phase? { isFinished ? nil : plan.phases[phaseIndex] }

    /// Seconds spent in the current phase at `now`.
    public func secondsInPhase(at now: Double) -> Double { isFinished ? 0 : max(0, now - phaseStartedAt) }

    /// Seconds left of the current phase's upper budget (negative when over).
    public func secondsLeftInPhase(at now: Double) -> Double {
        guard let phase = currentPhase else { return 0 }
        return phase.maximumSeconds - secondsInPhase(at: now)
    }

    /// Seconds since the start (until the end once finished).
    public func elapsed(at now: Double) -> Double { (finishedAt ?? now) - startedAt }

    /// Appends a line of notes to the current phase.
    public mutating func addNote(_ text: String) {
        guard let phase = currentPhase else { return }
        let existing = notes[phase.id] ?? ""
        notes[phase.id] = existing.isEmpty ? text : existing + "\n" + text
    }

    /// An interview taken up again (from a recovery copy) at `now`: the same plan, phase, notes and
    /// time already spent in each phase; the clock of the current phase goes on from its saved time.
    public init(resuming plan: InterviewPlan, phaseIndex: Int, secondsByPhase: [Double], notes: [String: String], at now: Double) {
        self.init(plan: plan, startedAt: now)
        let index = min(max(0, phaseIndex), plan.phases.count - 1)
        for (i, s) in secondsByPhase.prefix(plan.phases.count).enumerated() { self.secondsByPhase[i] = max(0, s.isFinite ? s : 0) }
        self.phaseIndex = index
        self.notes = notes.filter { key, _ in plan.phases.contains { $0.id == key } }
        let spent = self.secondsByPhase.reduce(0, +)
        startedAt = now - spent
        // The current phase's saved seconds count as already spent in it.
        phaseStartedAt = now - self.secondsByPhase[index]
        self.secondsByPhase[index] = 0
    }

    /// Ends the current phase at `now` and starts the next (or finishes the interview).
    public mutating func advance(at now: Double) {
        guard !isFinished else { return }
        secondsByPhase[phaseIndex] += secondsInPhase(at: now)
        phaseIndex += 1
        phaseStartedAt = now
        if isFinished { finishedAt = now }
    }

    /// Ends the interview at `now`, closing the current phase.
    public mutating func finish(at now: Double) {
        while !isFinished { advance(at: now) }
    }

    /// Formats seconds as `m:ss` (with a minus sign when negative).
    public static func clock(_ seconds: Double) -> String {
        let s = Int(abs(seconds).rounded(.down))
        return (seconds < 0 ? "-" : "") + "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }
}
