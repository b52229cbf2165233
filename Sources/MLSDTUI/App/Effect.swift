/// Work for the runtime; results come back as ``Message``s.
public enum Effect: Sendable, Equatable {
    case quit
    case loadScenario(id: String)
}
