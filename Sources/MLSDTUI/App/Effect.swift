public import MLSDCore
public import MLSDExport
public import MLSDSim

/// A design to lay out for the canvas, numbered so that a late result for an older design is dropped.
public struct LayoutRequest: Sendable, Equatable {
    public var generation: Int
    public var design: Design
    public var annotations: DiagramAnnotations
    public var width: Int

    /// The laid-out grid (pure and deterministic: the same request gives the same grid).
    public func grid() -> DiagramGrid {
        GraphLayout(design: design, annotations: annotations, options: LayoutOptions(width: width)).grid()
    }
}

/// A simulation to run off the UI thread; `job` numbers it so a cancelled run's result is dropped.
public struct SimulationJob: Sendable, Equatable {
    public var job: Int
    public var scenario: Scenario
    public var seed: UInt64
    /// Requests of the run, or of each replication when there is a precision target.
    public var requests: Int
    /// Wanted half-width of the p99's 95 % interval as a share of it (0.02): the run adds
    /// replications until it is reached (``ReplicationPlan``); nil runs once, without intervals.
    public var precision: Double? = nil
    /// Replications run at once.
    public var jobs: Int = Sweep.defaultJobs
    /// Faults during the run (an interview's curveball).
    public var outages: [Outage] = []
}

/// An export to render and write off the UI thread.
public struct ExportJob: Sendable, Equatable {
    public var scenario: Scenario
    public var format: ExportFormat
    public var path: String
    public var seed: UInt64
    public var requests: Int
    /// Replace an existing file at `path` (otherwise the export comes back as `.exists`).
    public var replaceExisting = false
}

/// Work for the runtime's effect performer; results come back as ``Message``s.
public enum Effect: Sendable, Equatable {
    /// Lay the design out for the canvas; the grid comes back as `.laidOut`.
    case layout(LayoutRequest)
    /// Simulate; the result comes back as `.simulationFinished`.
    case simulate(SimulationJob)
    /// Stop a running simulation; it comes back as `.simulationFinished(.cancelled)`.
    case cancel(job: Int)
    /// Open a design by shipped id or path; it comes back as `.opened`.
    case open(String)
    /// Write a text file atomically; it comes back as `.written`.
    case write(path: String, text: String, purpose: WritePurpose)
    /// Delete a file (a recovery copy that is no longer needed); nothing comes back.
    case remove(path: String)
    /// Put a path at the top of the recent-files list; nothing comes back.
    case rememberRecent(path: String)
    case export(ExportJob)
    case quit
}
