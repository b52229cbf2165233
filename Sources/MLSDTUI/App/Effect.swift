public import MLSDCore
public import MLSDExport

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

/// Work for the runtime; results come back as ``Message``s.
public enum Effect: Sendable, Equatable {
    /// Lay the design out for the canvas; the grid comes back as `.laidOut`.
    case layout(LayoutRequest)
    /// Simulate the scenario with this seed and number of requests.
    case runSimulation(Scenario, seed: UInt64, requests: Int)
    case quit
    case loadScenario(id: String)
    /// Write the design (as scenario YAML) to the user's scenario folder under this id.
    case save(id: String, yaml: String)
    /// Write an interview transcript (Markdown) to the user's interview folder under this name.
    case writeTranscript(name: String, markdown: String)
}
