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

/// A capacity search to run off the UI thread (``CapacitySearch``): the highest rate that meets the
/// requirements, with its interval over `replications` seeds and the p99 curve.
public struct CapacityJob: Sendable, Equatable {
    public var job: Int
    public var scenario: Scenario
    public var seed: UInt64
    /// Requests per probe.
    public var requests: Int
    public var replications: Int
    public var jobs: Int = Sweep.defaultJobs
}

/// A sensitivity analysis (the tornado) to run off the UI thread (``SensitivityAnalysis``).
public struct SensitivityJob: Sendable, Equatable {
    public var job: Int
    public var scenario: Scenario
    public var seed: UInt64
    /// Requests per variant.
    public var requests: Int
    /// How far each parameter moves each way (0.2 = ±20 %).
    public var change: Double
    public var jobs: Int = Sweep.defaultJobs
}

/// A run with faults injected, cut into time buckets (``Timeline``), off the UI thread.
public struct FaultJob: Sendable, Equatable {
    public var job: Int
    public var scenario: Scenario
    public var seed: UInt64
    /// The faults as typed, in the CLI's `--down` spelling (already checked against the design).
    public var faults: [String]
    /// Simulated seconds of the run and of each bucket.
    public var durationSeconds: Double
    public var bucketSeconds: Double
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
    /// Search for the highest QPS; the result comes back as `.capacityFinished`.
    case capacity(CapacityJob)
    /// Run the sensitivity tornado; the result comes back as `.sensitivityFinished`.
    case sensitivity(SensitivityJob)
    /// Run with faults and a timeline; the result comes back as `.faultRunFinished`.
    case faultRun(FaultJob)
    /// Stop a running job: a simulation comes back as `.simulationFinished(.cancelled)`; a capacity
    /// search, a tornado or a fault run come back with what they had done.
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
