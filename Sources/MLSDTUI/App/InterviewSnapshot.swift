import Foundation
import MLSDInterview

/// What the interview recovery copy carries to resume an interview: its plan, phase, time per
/// phase and notes. It rides at the end of the readable Markdown copy as one HTML comment.
public struct InterviewSnapshot: Codable, Sendable, Equatable {
    public var plan: String
    public var phaseIndex: Int
    public var secondsByPhase: [Double]
    public var notes: [String: String]

    static let marker = "<!-- mlsd-resume "

    init(_ session: InterviewSession, now: Double) {
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
        let plan: InterviewPlan
        switch self.plan {
        case InterviewPlan.short.id: plan = .short
        case InterviewPlan.full.id: plan = .full
        default: return nil
        }
        return InterviewSession(resuming: plan, phaseIndex: phaseIndex, secondsByPhase: secondsByPhase, notes: notes, at: now)
    }
}
