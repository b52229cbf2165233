public import MLSDCore
public import MLSDSim
public import MLSDExport

/// Everything that can change ``AppState``: input, resize, and results of effects.
public enum Message: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    /// Time passes: seconds on the runtime's monotonic clock (tests send their own).
    case tick(now: Double)
    /// A scenario file was read (or failed to read) for the design screen.
    case scenarioLoaded(id: String, result: ScenarioLoadResult)
    /// A layout asked for by `.layout` is ready.
    case laidOut(generation: Int, grid: DiagramGrid)
    /// A simulation finished (or could not start).
    case simulationFinished(SimulationOutcome)
    /// An interview transcript was written (or not).
    case transcriptWritten(SaveResult)
    /// A save finished: the path written, or why it failed.
    case saved(id: String, result: SaveResult)
}

/// The outcome of saving a design.
public enum SaveResult: Sendable, Equatable {
    case saved(path: String)
    case failed(String)
}

/// The outcome of loading a scenario: the scenario or the diagnostics that explain why not.
public enum ScenarioLoadResult: Sendable, Equatable {
    case loaded(Scenario)
    case failed([String])
}

/// The outcome of a simulation run started from the TUI.
public enum SimulationOutcome: Sendable, Equatable {
    case finished(SimulationResult)
    case failed(String)
}
