public import MLSDCore

/// Work for the runtime; results come back as ``Message``s.
public enum Effect: Sendable, Equatable {
    /// Simulate the scenario with this seed and number of requests.
    case runSimulation(Scenario, seed: UInt64, requests: Int)
    case quit
    case loadScenario(id: String)
    /// Write the design (as scenario YAML) to the user's scenario folder under this id.
    case save(id: String, yaml: String)
    /// Write an interview transcript (Markdown) to the user's interview folder under this name.
    case writeTranscript(name: String, markdown: String)
}
