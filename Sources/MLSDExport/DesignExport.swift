public import MLSDCore
public import MLSDSim

/// The formats a design exports to, from the CLI's `mlsd export` and from the TUI.
public enum ExportFormat: String, CaseIterable, Hashable, Sendable {
    case unicode, ascii, markdown, mermaid, dot, json, csv

    /// The usual file extension (without the dot).
    public var fileExtension: String {
        switch self {
        case .unicode, .ascii: return "txt"
        case .markdown: return "md"
        case .mermaid: return "mmd"
        case .dot: return "dot"
        case .json: return "json"
        case .csv: return "csv"
        }
    }

    /// What the format is, for menus.
    public var summary: String {
        switch self {
        case .unicode: return "box diagram with Unicode lines"
        case .ascii: return "box diagram in plain ASCII"
        case .markdown: return "design doc with diagram and simulated figures"
        case .mermaid: return "Mermaid flowchart"
        case .dot: return "Graphviz DOT"
        case .json: return "design, estimate and simulation as JSON"
        case .csv: return "simulation results as CSV"
        }
    }

    /// True when the text includes simulated figures whatever `annotate` says.
    public var alwaysSimulates: Bool { self == .markdown || self == .json || self == .csv }
}

/// Renders a scenario in one ``ExportFormat``: one code path for `mlsd export` and the TUI's export.
///
/// Pure given its inputs; the simulation (when the format or `annotate` needs one) comes from the
/// `simulate` closure, so the caller decides the seed, the request count and how errors are reported.
public struct DesignExport {
    public var scenario: Scenario
    public var format: ExportFormat
    public var options: LayoutOptions
    /// Put simulated figures on diagrams (unicode, ascii, mermaid, dot, and the Markdown document's).
    public var annotate: Bool

    public init(scenario: Scenario, format: ExportFormat, options: LayoutOptions = LayoutOptions(width: 80), annotate: Bool = false) {
        self.scenario = scenario
        self.format = format
        self.options = options
        self.annotate = annotate
    }

    /// True when rendering calls `simulate`.
    public var needsSimulation: Bool { format.alwaysSimulates || annotate }

    /// The exported text.
    ///
    /// - Throws: what `simulate` throws, or an encoding error for JSON.
    public func text(simulate: () throws -> SimulationResult) throws -> String {
        switch format {
        case .unicode, .ascii:
            let style: DiagramRenderer.Style = format == .unicode ? .unicode : .ascii
            let annotations = annotate ? DiagramAnnotations(result: try simulate(), scenario: scenario, style: style) : DiagramAnnotations()
            let grid = GraphLayout(design: scenario.design, annotations: annotations, options: options).grid()
            return DiagramRenderer(style: style).render(grid) + "\n"
        case .mermaid:
            let annotations = annotate ? DiagramAnnotations(result: try simulate(), scenario: scenario, style: .unicode) : DiagramAnnotations()
            return MermaidDiagram(design: scenario.design, annotations: annotations).text
        case .dot:
            let annotations = annotate ? DiagramAnnotations(result: try simulate(), scenario: scenario, style: .ascii) : DiagramAnnotations()
            return DOTDiagram(design: scenario.design, annotations: annotations).text
        case .json:
            return try DesignJSON(scenario: scenario, estimate: DesignEstimate(scenario: scenario), result: try simulate()).text
        case .csv:
            return try simulate().csvText()
        case .markdown:
            var document = MarkdownDocument(scenario: scenario, estimate: DesignEstimate(scenario: scenario), options: options, result: try simulate())
            document.annotate = annotate
            return document.text
        }
    }
}
