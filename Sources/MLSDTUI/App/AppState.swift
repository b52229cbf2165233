public import MLSDCore
public import MLSDExport
public import MLSDSim
import MLSDInterview

/// The whole state of the TUI, a value: `update` changes it, `view` draws it.
///
/// A thin router over the screens (``PickerScreen``, ``DesignScreen``, ``ResultsScreen``,
/// ``InterviewScreen``), each with its own state; the design being edited is the ``Workbench``
/// they share. Paths and folders come in as values so that `update` stays pure.
public struct AppState: Sendable, Equatable {
    public enum Screen: Sendable, Equatable { case picker, design, results, interview, capacity, faults }

    public static let minimumSize = Size(width: 80, height: 24)

    public var screen: Screen = .picker
    public var picker: PickerScreen
    public var design = DesignScreen()
    public var results = ResultsScreen()
    public var interview: InterviewScreen?
    public var capacity = CapacityScreen()
    public var faults = FaultScreen()
    public var workbench: Workbench?
    /// The design last left for the list with nothing unsaved, as it was: opening the same file
    /// (unchanged on disk) or shipped scenario again brings back its results, baseline, undo
    /// history and panels. One `←` on the canvas used to throw all of that away.
    public var parked: ParkedDesign?
    public var overlay: Overlay?
    public var terminalSize: Size
    /// The latest time from a `.tick` (seconds, monotonic); clocks and autosave read only this.
    public var now: Double = 0
    /// Seconds to add to `now` for the wall clock (seconds since 1970), set by the runtime when it
    /// starts; 0 in tests. Only names read it (a transcript's date and time), never a clock.
    public var wallClockOffset: Double = 0
    /// One line for the status bar: the last message, or nil for the key hints.
    public var status: String?
    public var isStatusError = false

    /// Folder that relative paths in prompts are taken from (the directory `mlsd` started in).
    public var workingDirectory = "."
    /// The user's home, for `~` in paths.
    public var homeDirectory: String?
    /// Folder for recovery copies of unsaved work; nil turns autosave off.
    public var recoveryDirectory: String?
    /// The simulation running now and when it started, and the version of the design it runs.
    public var runningJob: Int?
    public var runStartedAt: Double = 0
    public var runScenario: Scenario?
    /// What the running job is; the status bar names it.
    public var runKind: RunKind = .simulation
    /// True while the run is the one a finished interview started for its rubric: its result does
    /// not take over the design screen if the user went back to it before the run ended.
    public var isRubricRun = false
    /// True once `esc` asked a capacity search, tornado or fault run to stop: it comes back with what it did.
    public var isStoppingRun = false
    /// How far the running simulation has got (0–1), from `.progress` messages.
    public var runProgress: Double = 0
    public var nextJob = 1
    /// Seed and length of TUI runs: fixed, so a what-if changes one thing only.
    public var seed: UInt64 = 42
    public var simulatedRequests = Simulation.defaultRequests
    /// Wanted half-width of the p99's 95 % interval, as a share of it: a TUI run adds replications
    /// of ``replicationRequests`` until it is reached, like `mlsd simulate --precision 2%`. nil runs
    /// once, with ``simulatedRequests``.
    public var runPrecision: Double? = AppState.defaultRunPrecision
    /// The TUI run's precision unless a test sets another.
    public static let defaultRunPrecision = 0.02
    /// What `r` does, in the help and the palette: "simulate ±2% on p99: 8–100 replications of
    /// 20k+ requests" (it read "100k requests", but a run measures as many as the precision takes;
    /// a design with a slow component gets longer replications, ReplicationPlan.requestsPerReplication).
    static let runHelp = "simulate ±\(FigureFormat.percent(defaultRunPrecision)) on p99: "
        + "\(ReplicationPlan.defaultInitialReplications)–\(ReplicationPlan.defaultMaximumReplications) replications "
        + "of \(ReplicationPlan.defaultRequestsPerReplication / 1000)k+ requests"
    public var replicationRequests = ReplicationPlan.defaultRequestsPerReplication
    /// Seeds of the capacity panel's search (the interval needs at least 2; `mlsd capacity` defaults to 5)
    /// and requests per tornado variant (`mlsd sensitivity` defaults to 50k): less, so the panel answers fast.
    public var capacityReplications = 3
    public var tornadoRequests = 20_000
    /// Quit once the save in flight succeeds (chosen in the quit question).
    public var quitAfterSave = false
    /// Go back to the list once the save in flight succeeds (chosen in the leave question).
    public var leaveAfterSave = false
    /// The next design opened resumes its interview without asking (chosen on start).
    public var resumeInterviewOnOpen = false
    public var isMouseEnabled = true
    /// The export asked for last (asked again, replacing, when its file exists).
    public var lastExport: ExportJob?
    /// The `o` prompt as it was answered, brought back with the reason when the open fails (it
    /// closed, and the path had to be typed again).
    var openPromptToRestore: Prompt?
    /// When the status message was set (tick seconds); plain messages fade after a few seconds.
    public var statusSetAt: Double = 0
    /// Rows of the help overlay scrolled past.
    public var helpScroll = 0

    public init(choices: [PickerScreen.Choice], terminalSize: Size) {
        self.picker = PickerScreen(choices: choices)
        self.terminalSize = terminalSize
    }

    public var isTooSmall: Bool {
        terminalSize.width < Self.minimumSize.width || terminalSize.height < Self.minimumSize.height
    }

    // Shortcuts to the shared design.
    public var scenario: Scenario? { workbench?.scenario }
    public var isDirty: Bool { workbench?.isDirty ?? false }
    public var lastRun: SimulationResult? { workbench?.lastRun }
    public var baseline: SimulationResult? { workbench?.baseline }
    public var canvas: DiagramGrid? { workbench?.canvas }
    public var isSimulating: Bool { runningJob != nil }
    public var componentSelection: Int {
        get { design.selection }
        set { design.selection = newValue }
    }

    /// Where keys are read now: the screen, or the part of it that has the focus.
    public var keyContext: KeyContext {
        switch screen {
        case .picker: return .picker
        case .design: return design.focus == .inspector ? .inspector : .canvas
        case .results: return .results
        case .interview: return interview?.session.isFinished == true ? .rubric : .interview
        case .capacity: return .capacity
        case .faults: return .faults
        }
    }

    /// The id of the selected component.
    var selectedID: String? {
        guard let design = workbench?.scenario.design, design.components.indices.contains(self.design.selection) else { return nil }
        return design.components[self.design.selection].id
    }

    /// The inspector's rows for the current selection.
    var inspectorRows: [InspectorRow] {
        guard let wb = workbench else { return [] }
        return InspectorRow.rows(for: wb.scenario, selection: design.selection, subject: design.subject, estimate: wb.estimate)
    }

    /// The kind of the highlighted inspector row (for benchmarks and scripts).
    public var inspectorRowKey: InspectorRow.Kind? { currentRow?.kind }

    /// The highlighted inspector row, when it can be acted on.
    var currentRow: InspectorRow? {
        let rows = inspectorRows
        return rows.indices.contains(design.row) && rows[design.row].isSelectable ? rows[design.row] : nil
    }
}

/// What a background job started from the TUI computes.
public enum RunKind: Sendable, Equatable {
    case simulation, capacity, sensitivity, faults

    /// The word in the status bar while it runs: `⠙ capacity search 43%`.
    public var label: String {
        switch self {
        case .simulation: return "simulating"
        case .capacity: return "capacity search"
        case .sensitivity: return "tornado"
        case .faults: return "fault run"
        }
    }
}

/// A design left for the list with nothing unsaved (``AppState/parked``).
public struct ParkedDesign: Sendable, Equatable {
    public var workbench: Workbench
    public var design: DesignScreen
    public var results: ResultsScreen
    public var capacity: CapacityScreen
    public var faults: FaultScreen
}
