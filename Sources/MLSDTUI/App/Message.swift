public import MLSDCore

/// Everything that can change ``AppState``: input, resize, and results of effects.
public enum Message: Sendable, Equatable {
    case key(Key)
    case resize(Size)
    /// A scenario file was read (or failed to read) for the design screen.
    case scenarioLoaded(id: String, result: ScenarioLoadResult)
}

/// The outcome of loading a scenario: the scenario or the diagnostics that explain why not.
public enum ScenarioLoadResult: Sendable, Equatable {
    case loaded(Scenario)
    case failed([String])
}
