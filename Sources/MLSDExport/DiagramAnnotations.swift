/// Figures to print on a diagram: lines inside each box, the bottleneck, the critical path and a legend.
///
/// The layout engine only draws what it is given; the CLI fills this from a simulation
/// (``DiagramAnnotations/init(result:design:style:)`` when the simulator is present), and the TUI
/// can fill it from whatever it shows.
///
///     var notes = DiagramAnnotations()
///     notes.lines["scorer"] = ["p99 42ms · ρ .71 · $310/mo"]
///     notes.bottleneck = "scorer"
///     notes.criticalPath = ["gateway", "scorer", "features"]
public struct DiagramAnnotations: Hashable, Sendable {
    /// Extra lines per component id, drawn inside its box under the name and kind.
    public var lines: [String: [String]]
    /// Component id drawn with an emphasised (double) border.
    public var bottleneck: String?
    /// Component ids from the entry down the slowest path; edges between consecutive ids are drawn heavy.
    public var criticalPath: [String]
    /// One line drawn under the diagram explaining the marks.
    public var legend: String?
    /// What the figures are, without the text diagram's marks (`╔═╗`, `━━`): for formats that
    /// mark the bottleneck and the path their own way (Mermaid's title).
    public var summary: String?

    public init(lines: [String: [String]] = [:], bottleneck: String? = nil, criticalPath: [String] = [], legend: String? = nil, summary: String? = nil) {
        self.lines = lines
        self.bottleneck = bottleneck
        self.criticalPath = criticalPath
        self.legend = legend
        self.summary = summary
    }

    /// True when there is nothing to draw.
    public var isEmpty: Bool { lines.isEmpty && bottleneck == nil && criticalPath.isEmpty && legend == nil && summary == nil }

    /// Whether the edge from `a` to `b` lies on the critical path.
    /// Whether a call from `a` to `b` lies on the critical path: both ends are on it. The path lists
    /// components (in design order for a simulation, a chain for the estimate), not edges: in a
    /// sequence `gateway → rules, scorer` both calls leave the gateway, so pairs of neighbours in
    /// the list would miss one of them.
    func isCritical(from a: String, to b: String) -> Bool {
        criticalPath.contains(a) && criticalPath.contains(b)
    }
}
