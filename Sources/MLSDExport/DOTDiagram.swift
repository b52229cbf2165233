public import MLSDCore

/// A design as a Graphviz DOT digraph (`dot -Tsvg design.dot > design.svg`).
///
/// Every id and label is a quoted DOT string with `"` and `\` escaped; async calls and
/// fallbacks are dashed; annotation lines, when given, go under the name in each node; call
/// labels carry the step numbers (`①②③`) of a component's calls in order; offline components
/// (``ComponentKind/isOffline``) are drawn in a dashed `cluster_offline`.
public struct DOTDiagram: Sendable {
    public var design: Design
    public var annotations: DiagramAnnotations
    public var direction: LayoutDirection

    public init(design: Design, annotations: DiagramAnnotations = DiagramAnnotations(), direction: LayoutDirection = .leftToRight) {
        self.design = design
        self.annotations = annotations
        self.direction = direction
    }

    /// The DOT source, ending in a newline.
    public var text: String {
        let graph = LayoutGraph(design: design, annotations: annotations)
        var lines = [
            "digraph design {",
            "    rankdir=\(direction == .leftToRight ? "LR" : "TB");",
            "    node [shape=box, style=rounded, fontname=\"Helvetica\"];",
            "    edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        var offline: [String] = []
        for node in graph.nodes {
            let text = ([node.title, node.subtitle] + node.annotations).map(Self.escape).joined(separator: "\\n")
            var attributes = ["label=\"\(text)\""]
            if annotations.bottleneck == node.id { attributes.append("penwidth=3") }
            if node.id == design.entry { attributes.append("peripheries=2") }
            let line = "\(Self.quote(node.id)) [\(attributes.joined(separator: ", "))];"
            if node.isOffline { offline.append(line) } else { lines.append("    " + line) }
        }
        if !offline.isEmpty {
            // A cluster: Graphviz draws the offline lane as one framed, labelled region.
            lines.append("    subgraph cluster_offline {")
            lines.append("        label=\"\(Self.escape(GraphLayout.offlineLaneTitle))\";")
            lines.append("        style=dashed;")
            lines += offline.map { "        " + $0 }
            lines.append("    }")
        }
        for e in graph.edges {
            var attributes: [String] = []
            // Feeds are unlabelled in the text diagram (room); here they say what they are.
            if let label = e.label ?? (e.kind == .feed ? "feeds" : nil) { attributes.append("label=\"\(Self.escape(label))\"") }
            if e.kind.isDashed { attributes.append("style=dashed") }
            if e.isEmphasized { attributes.append("penwidth=2.5") }
            let list = attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]"
            lines.append("    \(Self.quote(graph.nodes[e.from].id)) -> \(Self.quote(graph.nodes[e.to].id))\(list);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ s: String) -> String { "\"" + escape(s) + "\"" }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in DisplayWidth.sanitized(s) {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
