public import MLSDCore
public import MLSDExport
public import MLSDSim
public import MLSDInterview

/// The whole state of the TUI, a value: `update` changes it, `view` draws it.
public struct AppState: Sendable, Equatable {
    /// A scenario in the picker.
    public struct Choice: Sendable, Equatable {
        public var id: String
        public var name: String
        public var summary: String
        /// Short requirement lines shown beside the list (`p99 < 50ms`, `5k/s peak`).
        public var highlights: [String]
        public init(id: String, name: String, summary: String, highlights: [String] = []) {
            self.id = id
            self.name = name
            self.summary = summary
            self.highlights = highlights
        }
    }

    public enum Screen: Sendable, Equatable { case picker, design, results, interview }

    /// What the design screen's keys do: the usual, choosing a kind to add, or choosing a call's target.
    public enum SketchMode: Sendable, Equatable {
        case normal
        case palette(Int)
        case connecting(from: Int)
    }

    public static let minimumSize = Size(width: 80, height: 24)

    public var screen: Screen = .picker
    public var choices: [Choice]
    public var pickerSelection = 0
    public var terminalSize: Size
    public var scenario: Scenario?
    public var scenarioID: String?
    public var componentSelection = 0
    public var isHelpVisible = false
    public var sketchMode: SketchMode = .normal
    /// Earlier versions of the scenario, most recent last (undo) and undone ones (redo).
    public var undoStack: [Scenario] = []
    public var redoStack: [Scenario] = []
    /// The scenario as last loaded or saved, and the one being saved now.
    public var savedScenario: Scenario?
    public var savingScenario: Scenario?
    /// True when the scenario differs from what was loaded or saved (undoing every edit makes it clean again).
    public var isDirty: Bool { scenario != savedScenario }
    /// Set after a first `q` on unsaved edits; a second `q` discards them.
    public var isConfirmingDiscard = false
    /// The laid-out design for the canvas; recomputed by `update` whenever the design or the size changes.
    public var canvas: DiagramGrid?
    /// Per-component utilisation estimate at the offered rate, for colouring boxes.
    public var utilisation: [String: Double] = [:]
    /// The figures drawn in the canvas boxes, and the number of the latest layout asked for.
    public var canvasAnnotations = DiagramAnnotations()
    public var layoutGeneration = 0
    /// The latest simulation of the current design, and the pinned baseline for what-if comparisons.
    public var lastRun: SimulationResult?
    public var baseline: SimulationResult?
    /// True while a simulation runs.
    public var isSimulating = false
    /// Seed and length of TUI runs: fixed, so a what-if changes one thing only.
    public var seed: UInt64 = 42
    public var simulatedRequests = 100_000
    /// The latest time from a `.tick` (seconds, monotonic); the interview clock reads only this.
    public var now: Double = 0
    /// The mock interview in progress or just finished, the note being typed, and whether Esc was pressed once.
    public var interview: InterviewSession?
    public var noteDraft = ""
    public var isConfirmingInterviewEnd = false
    /// One line for the status bar: the last error or hint.
    public var status: String?

    public init(choices: [Choice], terminalSize: Size) {
        self.choices = choices
        self.terminalSize = terminalSize
    }

    public var isTooSmall: Bool {
        terminalSize.width < Self.minimumSize.width || terminalSize.height < Self.minimumSize.height
    }
}
