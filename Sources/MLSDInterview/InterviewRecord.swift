public import Foundation

/// A mock interview as saved after every note: enough to resume it where it stopped, or to print
/// its rubric and transcript later (`mlsd interview --resume`, `--report`). JSON, one file a session.
public struct InterviewRecord: Codable, Sendable, Equatable {
    /// Bumped when the layout changes incompatibly.
    public var format = 1
    /// How to open the scenario again: a shipped id or an absolute path.
    public var scenario: String
    public var scenarioName: String
    /// The candidate's own design file (`--design`), judged by the design checks.
    public var design: String?
    public var plan: InterviewPlan
    public var phaseIndex: Int
    /// Seconds per phase, the current one up to the moment of saving.
    public var secondsByPhase: [Double]
    public var notes: [String: String]
    public var isPaused: Bool
    public var advancesAutomatically: Bool
    public var isFinished: Bool
    /// When it was saved, as the wall clock read it (ISO 8601), for listings.
    public var savedAt: String
    /// The curveball of the session (`--curveballs`), once announced: the phase it came in and
    /// how many notes that phase had then (the notes after it answer it).
    public var curveball: Curveball?
    public var curveballPhase: Int?
    public var curveballNotesBefore: Int?
    /// Whether the session plays a curveball at its deep dive, and which (nil: picked when it comes).
    public var playsCurveball: Bool?
    public var chosenCurveball: Curveball?
    /// Changes made to the design during the interview.
    public var designChanges: [DesignChange]?

    public init(session: InterviewSession, at now: Double, scenario: String, scenarioName: String, design: String?, savedAt: Date) {
        self.scenario = scenario
        self.scenarioName = scenarioName
        self.design = design
        plan = session.plan
        phaseIndex = session.phaseIndex
        secondsByPhase = session.secondsByPhase(at: now)
        notes = session.notes
        isPaused = session.isPaused
        advancesAutomatically = session.advancesAutomatically
        isFinished = session.isFinished
        designChanges = session.designChanges.isEmpty ? nil : session.designChanges
        self.savedAt = ISO8601DateFormatter().string(from: savedAt)
    }

    /// The session again at `now`: same phase, notes and time per phase; paused if it was; a
    /// finished record gives a finished session.
    public func session(at now: Double) -> InterviewSession {
        guard !plan.phases.isEmpty else { return InterviewSession(plan: plan, startedAt: now) }
        var session = InterviewSession(resuming: plan, phaseIndex: min(phaseIndex, plan.phases.count - 1),
                                       secondsByPhase: secondsByPhase, notes: notes, at: now, designChanges: designChanges ?? [])
        session.advancesAutomatically = advancesAutomatically
        if isFinished || phaseIndex >= plan.phases.count { session.finish(at: now) } else if isPaused { session.pause(at: now) }
        return session
    }

    /// The record as JSON text (stable key order, so saved files diff cleanly).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a saved record; the error says what is wrong in words.
    public static func read(json text: String, path: String) throws(RecordError) -> InterviewRecord {
        let record: InterviewRecord
        do {
            record = try JSONDecoder().decode(InterviewRecord.self, from: Data(text.utf8))
        } catch {
            throw RecordError(description: "\(path): error: not an mlsd interview session (\(Self.reason(error)))")
        }
        guard record.format == 1 else { throw RecordError(description: "\(path): error: session format \(record.format) is newer than this mlsd reads (1)") }
        guard !record.plan.phases.isEmpty, record.secondsByPhase.count == record.plan.phases.count else {
            throw RecordError(description: "\(path): error: the session's plan and its times do not match")
        }
        return record
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "unreadable"
        }
    }

    /// Why a session file cannot be used; `description` is the whole message.
    public struct RecordError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }
}

extension InterviewRecord {
    /// A date and time for a file name, in local time: `20261203-142501`. The CLI's sessions and
    /// the TUI's transcripts are named with it.
    public static func fileStamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.locale = Locale(identifier: "en_US_POSIX")
        return f.string(from: date)
    }
}
