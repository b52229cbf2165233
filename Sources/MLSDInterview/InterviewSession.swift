/// A mock interview in progress: the current phase, the time spent in each, and the notes taken.
///
/// A value: the caller owns it and passes the clock's reading in, so a whole interview replays
/// deterministically in tests. While paused the clock stands still: time between ``pause(at:)``
/// and ``resume(at:)`` counts in no phase.
public struct InterviewSession: Hashable, Sendable {
    public let plan: InterviewPlan
    /// Index of the current phase; equal to `plan.phases.count` once finished.
    public private(set) var phaseIndex = 0
    /// Seconds spent in each finished phase (the current one is counted by ``secondsInPhase(at:)``).
    public private(set) var secondsByPhase: [Double]
    /// Notes per phase id, as typed, one note a line.
    public private(set) var notes: [String: String] = [:]
    private var phaseStartedAt: Double
    public private(set) var startedAt: Double
    public private(set) var finishedAt: Double?
    /// When the pause began, while paused.
    public private(set) var pausedAt: Double?
    /// When true, ``advanceIfOverdue(at:)`` ends a phase as soon as its longest budget is used.
    public var advancesAutomatically = false
    /// Changes made to the design during the interview, in order (``recordDesignChange(_:at:)``).
    public internal(set) var designChanges: [DesignChange] = []

    public init(plan: InterviewPlan, startedAt now: Double) {
        self.plan = plan
        self.secondsByPhase = Array(repeating: 0, count: plan.phases.count)
        self.phaseStartedAt = now
        self.startedAt = now
    }

    public var isFinished: Bool { phaseIndex >= plan.phases.count }
    public var isPaused: Bool { pausedAt != nil }
    public var currentPhase: Phase? { isFinished ? nil : plan.phases[phaseIndex] }

    /// The clock reading that counts: the moment the pause began while paused.
    private func counted(_ now: Double) -> Double { pausedAt.map { min($0, now) } ?? now }

    /// Seconds spent in the current phase at `now`.
    public func secondsInPhase(at now: Double) -> Double { isFinished ? 0 : max(0, counted(now) - phaseStartedAt) }

    /// Seconds left of the current phase's upper budget (negative when over).
    public func secondsLeftInPhase(at now: Double) -> Double {
        guard let phase = currentPhase else { return 0 }
        return phase.maximumSeconds - secondsInPhase(at: now)
    }

    /// Seconds since the start (until the end once finished), pauses excluded.
    public func elapsed(at now: Double) -> Double { (finishedAt ?? counted(now)) - startedAt }

    /// Seconds per phase at `now`, the current phase included.
    public func secondsByPhase(at now: Double) -> [Double] {
        var s = secondsByPhase
        if !isFinished { s[phaseIndex] += secondsInPhase(at: now) }
        return s
    }

    /// The remaining time of the current phase in words: `2:10 left`, or `0:51 over`.
    public func remaining(at now: Double) -> String {
        let left = secondsLeftInPhase(at: now)
        return left >= 0 ? "\(Self.clock(left)) left" : "\(Self.clock(-left)) over"
    }

    /// Appends a line of notes to the current phase.
    public mutating func addNote(_ text: String) {
        guard let phase = currentPhase else { return }
        let existing = notes[phase.id] ?? ""
        notes[phase.id] = existing.isEmpty ? text : existing + "\n" + text
    }

    /// A phase's notes, one a line, in the order they were written.
    public func noteLines(of phase: Phase) -> [String] {
        (notes[phase.id] ?? "").split(separator: "\n").map(String.init)
    }

    /// Every note, phase after phase.
    public var allNoteLines: [String] { plan.phases.flatMap(noteLines(of:)) }

    /// Every note so far for `:notes`: each phase that has notes under its title, a note a line
    /// after a bullet, in the order they were written.
    public var notesSoFar: [String] {
        var lines: [String] = []
        for phase in plan.phases {
            let phaseNotes = noteLines(of: phase)
            guard !phaseNotes.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(phase.title)
            lines += phaseNotes.map { "• " + $0 }
        }
        return lines.isEmpty ? ["No notes yet: a line typed without ':' is a note."] : lines
    }

    /// Stops the clock at `now`. Pausing twice changes nothing.
    public mutating func pause(at now: Double) {
        guard !isFinished, pausedAt == nil else { return }
        pausedAt = now
    }

    /// Starts the clock again; the pause counts in no phase.
    public mutating func resume(at now: Double) {
        guard let paused = pausedAt else { return }
        let gap = max(0, now - paused)
        phaseStartedAt += gap
        startedAt += gap
        pausedAt = nil
    }

    /// An interview taken up again (from a saved record) at `now`: the same plan, phase, notes and
    /// time already spent in each phase; the clock of the current phase goes on from its saved time.
    public init(resuming plan: InterviewPlan, phaseIndex: Int, secondsByPhase: [Double], notes: [String: String], at now: Double,
                designChanges: [DesignChange] = []) {
        self.init(plan: plan, startedAt: now)
        self.designChanges = designChanges
        let index = min(max(0, phaseIndex), plan.phases.count - 1)
        // A saved time is trusted only within a year; anything else (a damaged file) counts as 0.
        for (i, s) in secondsByPhase.prefix(plan.phases.count).enumerated() { self.secondsByPhase[i] = s.isFinite && s >= 0 && s < 3e7 ? s : 0 }
        self.phaseIndex = index
        self.notes = notes.filter { key, _ in plan.phases.contains { $0.id == key } }
        let spent = self.secondsByPhase.reduce(0, +)
        startedAt = now - spent
        // The current phase's saved seconds count as already spent in it.
        phaseStartedAt = now - self.secondsByPhase[index]
        self.secondsByPhase[index] = 0
    }

    /// Ends the current phase at `now` and starts the next (or finishes the interview). A pause
    /// carries over to the next phase.
    public mutating func advance(at now: Double) {
        guard !isFinished else { return }
        let t = counted(now)
        secondsByPhase[phaseIndex] += secondsInPhase(at: now)
        phaseIndex += 1
        phaseStartedAt = t
        if isFinished {
            finishedAt = t
            pausedAt = nil
        }
    }

    /// With ``advancesAutomatically``, ends every phase whose longest budget is used up by `now`,
    /// each exactly at its budget, so the next phase's clock starts where the last one ran out.
    /// Returns the phases ended (none without the option, or while paused).
    @discardableResult
    public mutating func advanceIfOverdue(at now: Double) -> [Phase] {
        guard advancesAutomatically, pausedAt == nil else { return [] }
        var ended: [Phase] = []
        while let phase = currentPhase, phaseStartedAt + phase.maximumSeconds <= now {
            advance(at: phaseStartedAt + phase.maximumSeconds)
            ended.append(phase)
        }
        return ended
    }

    /// Ends the interview at `now`, closing the current phase.
    public mutating func finish(at now: Double) {
        while !isFinished { advance(at: now) }
    }

    /// Formats seconds as `m:ss` (with a minus sign when negative).
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "–" }
        let s = Int(abs(seconds).rounded(.down))
        return (seconds < 0 ? "-" : "") + "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
    }
}
