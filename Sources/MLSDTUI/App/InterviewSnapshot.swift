import Foundation
public import MLSDInterview

/// What the interview recovery copy carries to resume an interview: its plan, phase, time per
/// phase and notes. It rides at the end of the readable Markdown copy as one HTML comment.
public struct InterviewSnapshot: Codable, Sendable, Equatable {
    public var plan: String
    public var phaseIndex: Int
    public var secondsByPhase: [Double]
    public var notes: [String: String]
    /// Whether the clock was paused and phases advanced by themselves (absent in older copies).
    public var isPaused: Bool?
    public var advancesAutomatically: Bool?
    /// Where the design came from (`shipped:<id>` or a path), so the app can offer the interview on start.
    public var source: String?
    /// Changes made to the design during the interview.
    public var designChanges: [DesignChange]?
    /// The note being typed when the copy was written; it comes back on the note line.
    public var draft: String?
    /// The curveball played, the phase it came in and how many of that phase's notes came before it.
    public var curveball: Curveball?
    public var curveballPhase: Int?
    public var curveballNotesBefore: Int?

    static let marker = "<!-- mlsd-resume "

    init(_ session: InterviewSession, now: Double, source: DesignSource? = nil, draft: String = "",
         curveball: InterviewScreen.CurveballState? = nil) {
        self.curveball = curveball?.curveball
        curveballPhase = curveball?.phase
        curveballNotesBefore = curveball?.notesBefore
        self.draft = draft.isEmpty ? nil : draft
        designChanges = session.designChanges.isEmpty ? nil : session.designChanges
        isPaused = session.isPaused
        advancesAutomatically = session.advancesAutomatically
        switch source {
        case .shipped(let id)?: self.source = "shipped:" + id
        case .file(let path)?: self.source = path
        case nil: self.source = nil
        }
        plan = session.plan.id
        phaseIndex = session.phaseIndex
        var seconds = session.secondsByPhase
        if session.phaseIndex < seconds.count { seconds[session.phaseIndex] += session.secondsInPhase(at: now) }
        secondsByPhase = seconds
        notes = session.notes
    }

    /// The comment line to append to the Markdown copy.
    var comment: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        // `--` cannot appear inside an HTML comment; base64 has none.
        return Self.marker + data.base64EncodedString() + " -->\n"
    }

    /// The snapshot at the end of a recovery copy's text, if there is one.
    public static func read(from text: String) -> InterviewSnapshot? {
        guard let start = text.range(of: marker, options: .backwards),
              let end = text.range(of: " -->", range: start.upperBound..<text.endIndex),
              let data = Data(base64Encoded: String(text[start.upperBound..<end.lowerBound])) else { return nil }
        return try? JSONDecoder().decode(InterviewSnapshot.self, from: data)
    }

    /// The session to resume at `now`, or nil for an unknown plan.
    func session(at now: Double) -> InterviewSession? {
        guard let plan = InterviewPlan.named(self.plan) else { return nil }
        var session = InterviewSession(resuming: plan, phaseIndex: phaseIndex, secondsByPhase: secondsByPhase, notes: notes, at: now,
                                       designChanges: designChanges ?? [])
        session.advancesAutomatically = advancesAutomatically ?? false
        if isPaused == true { session.pause(at: now) }
        return session
    }
}
