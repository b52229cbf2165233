public import MLSDCore
public import MLSDInterview

/// A mock interview in progress or just finished: the session, the note being typed, and whether
/// the end was asked for once.
public struct InterviewScreen: Sendable, Equatable {
    public var session: InterviewSession
    public var draft = TextField()
    public var isConfirmingEnd = false
    /// Rubric scroll once the interview is over.
    public var scroll = 0
    /// What the interview recovery copy holds, and when it was written (tick seconds).
    public var lastAutosavedNotes: [String: String] = [:]
    public var lastAutosavedDraft = ""
    public var lastAutosaveAt: Double = 0
    /// The design the candidate started from; design checks credit only changes to it.
    public var reference: Design?
    /// What `:numbers`, `:calc` or `:help` asked to see, shown instead of the prompts until the next note.
    public var aside: Aside?
    /// The design when the candidate left the interview to edit it (F5), to record what changed.
    public var designAtLeave: Design?
    /// Where the transcript is kept once the interview is over (written at the end, again on `w`).
    public var transcriptPath: String?
    /// Lines of the aside scrolled past (pgup/pgdn).
    public var asideScroll = 0

    public struct Aside: Sendable, Equatable {
        static let numbersTitle = "Numbers to know"
        public var title: String
        public var lines: [String]
    }
    public init(session: InterviewSession) { self.session = session }
}
