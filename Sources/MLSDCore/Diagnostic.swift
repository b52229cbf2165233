/// One problem found in a scenario file: where it is, how bad, and what was expected.
///
/// `description` is the complete line, e.g.
///
///     Scenarios/fraud-detection.yaml:12:5: error: unknown key 'replica'; did you mean 'replicas'?
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable { case error, warning }

    public var location: FileLocation
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, at location: FileLocation, _ message: String) {
        self.location = location
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// A scenario file that cannot be used: every error found in it (and any warnings), sorted by position.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// All diagnostics, errors and warnings, sorted by line and column. At least one is an error.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
