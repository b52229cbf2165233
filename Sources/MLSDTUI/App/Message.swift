public import MLSDCore
public import MLSDSim
public import MLSDExport

/// Everything that can change ``AppState``: input, resize, time, and the results of effects.
public enum Message: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// Time passes: seconds on the runtime's monotonic clock (tests send their own).
    case tick(now: Double)
    /// A design was opened (or could not be).
    case opened(reference: String, result: OpenResult)
    /// A layout asked for by `.layout` is ready.
    case laidOut(generation: Int, grid: DiagramGrid)
    /// How far a running simulation has got (0–1).
    case progress(job: Int, fraction: Double)
    /// A simulation finished, failed or was cancelled.
    case simulationFinished(job: Int, outcome: SimulationOutcome)
    /// A capacity search finished (or was cancelled, keeping what it found, or failed).
    case capacityFinished(job: Int, outcome: AnalysisOutcome<CapacityResult>)
    /// A sensitivity tornado finished (or was cancelled, keeping the rows that ran, or failed).
    case sensitivityFinished(job: Int, outcome: AnalysisOutcome<SensitivityResult>)
    /// A run with faults finished (or was cancelled, keeping the buckets before the stop, or failed).
    case faultRunFinished(job: Int, outcome: AnalysisOutcome<FaultRun>)
    /// A file asked for by `.write` was written (or not).
    case written(path: String, purpose: WritePurpose, result: SaveResult)
    /// An export finished.
    case exported(path: String, result: SaveResult)
    /// The process was asked to stop (SIGTERM, SIGHUP): last chance to write recovery files.
    case terminating
}

/// The outcome of writing a file.
public enum SaveResult: Sendable, Equatable {
    case saved(path: String)
    case failed(String)
    /// Not written: the file exists and the write was asked not to replace it.
    case exists(path: String)
    /// Not written: the file no longer holds the text the design was opened from or last saved as
    /// (another program or editor changed it), and the write was asked not to replace such a file.
    case changedOnDisk(path: String)
}

/// Why a file is written; decides what the app says and does when it is done.
public enum WritePurpose: Sendable, Equatable {
    /// The design itself, at this version (the saved version becomes the clean one).
    case design(Scenario)
    /// The design over its own file, which must still hold `expected` (the text it was opened
    /// from or last saved as): otherwise nothing is written and it comes back `.changedOnDisk`.
    case designOver(Scenario, expected: String)
    /// The design under a new name: an existing file there is not replaced without asking.
    case designAs(Scenario)
    /// The recovery copy of unsaved work.
    case recovery
    case transcript
    /// The interview recovery copy.
    case interviewRecovery
}

/// Where an open design came from: a shipped scenario (never overwritten) or a file.
public enum DesignSource: Sendable, Hashable {
    case shipped(id: String)
    case file(path: String)

    /// The file the design saves to, or nil for a shipped scenario.
    public var path: String? {
        if case .file(let p) = self { return p }
        return nil
    }

    /// A short name: the shipped id or the file's name.
    public var name: String {
        switch self {
        case .shipped(let id): return id
        case .file(let path): return path.split(separator: "/").last.map(String.init) ?? path
        }
    }
}

/// A design opened for the workbench, with unsaved work from an earlier session if there is any.
public struct OpenedDesign: Sendable, Equatable {
    public var scenario: Scenario
    public var source: DesignSource
    /// A recovery copy that differs from the file, and when it was written (seconds since 1970).
    public var recovery: Scenario?
    public var recoveryDate: String?
    /// An interview that was under way on this design (from its recovery copy).
    public var interviewRecovery: InterviewSnapshot?
    /// The text `scenario` was read from, so that a save changes only what was edited.
    public var text: String?
    /// When the file was changed after its recovery copy was written (`2026-12-03 19:55:10`), nil
    /// when it was not (or there is no copy): recovering then saving would replace that change.
    public var fileChangedAfterRecovery: String?
    /// The reader's and the validator's warnings on the file, as `file:line:col: warning: …`.
    public var warnings: [String] = []
    public init(scenario: Scenario, source: DesignSource, recovery: Scenario? = nil, recoveryDate: String? = nil, interviewRecovery: InterviewSnapshot? = nil,
                text: String? = nil) {
        self.scenario = scenario
        self.source = source
        self.text = text
        self.recovery = recovery
        self.recoveryDate = recoveryDate
        self.interviewRecovery = interviewRecovery
    }
}

/// The outcome of opening a design: the design or the diagnostics that explain why not.
public enum OpenResult: Sendable, Equatable {
    case opened(OpenedDesign)
    case failed([String])
}

/// The outcome of a simulation run started from the TUI.
public enum SimulationOutcome: Sendable, Equatable {
    case finished(SimulationResult)
    case failed(String)
    case cancelled
}

/// The outcome of a capacity search, a tornado or a fault run started from the TUI. A cancelled
/// one still comes back as `.finished` with what it had done (its result says it was cancelled).
public enum AnalysisOutcome<Value: Sendable & Equatable>: Sendable, Equatable {
    case finished(Value)
    case failed(String)
}

/// A run with faults injected: the faults as typed, the run's figures and its timeline.
public struct FaultRun: Sendable, Equatable {
    public var faults: [String]
    public var result: SimulationResult
    public var timeline: Timeline
    public init(faults: [String], result: SimulationResult, timeline: Timeline) {
        self.faults = faults
        self.result = result
        self.timeline = timeline
    }
}
