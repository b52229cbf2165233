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
    /// What `:numbers`, `:notes`, `:calc`, `:help` or a curveball asked to see, shown instead of the prompts until the next note.
    public var aside: Aside?
    /// The design when the candidate left the interview to edit it (F5), to record what changed.
    public var designAtLeave: Design?
    /// The curveball, once played (`:curveball`).
    public var curveball: CurveballState?

    /// A curveball in play: what it is, when it came, and its simulated effect on the design.
    public struct CurveballState: Sendable, Equatable {
        public var curveball: Curveball
        /// The phase it came in and how many of its notes were there; the notes after it answer it.
        public var phase: Int
        public var notesBefore: Int
        /// The design when it came: a changed design at the end is simulated under it again.
        public var designAtPlay: Design
        /// The design's last run then, and the design under the curveball (one line each).
        public var before: String?
        public var under: String?
        /// The final design under the curveball, and whether it meets the requirements.
        public var final: String?
        public var finalMeets: Bool?
        /// The simulation running for it, and whether one is still to run (one run at a time).
        public var job: Int?
        public var isFinalRun = false
        public var needsRun = false
    }

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
