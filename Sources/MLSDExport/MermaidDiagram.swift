public import MLSDCore

/// A design as a Mermaid flowchart, for Markdown renderers that draw Mermaid (GitHub, GitLab).
///
/// Node ids are derived from component ids (letters, digits and `_`); names are quoted with
/// Mermaid's entity escapes, async calls and fallbacks are dotted arrows, and labels match the
/// text diagram's (`parallel`, `miss 20%`, `p=0.02`, `timeout 40ms`, `fallback`, and the step
/// numbers `①②③` of a component's calls in order). Offline components (``ComponentKind/isOffline``)
/// sit in their own `offline` subgraph. With annotations, each node's label carries its figures,
/// the bottleneck gets a thick border, the slowest path thick arrows, and the legend is the
/// chart's title.
///
///     print(MermaidDiagram(design: scenario.design).text)
public struct MermaidDiagram: Sendable {
    public var design: Design
    public var annotations: DiagramAnnotations
    public var direction: LayoutDirection

    public init(design: Design, annotations: DiagramAnnotations = DiagramAnnotations(), direction: LayoutDirection = .leftToRight) {
        self.design = design
        self.annotations = annotations
        self.direction = direction
    }

    /// The flowchart source, ending in a newline.
    public var text: String {
        let graph = LayoutGraph(design: design, annotations: annotations)
        // The lane's id comes last, so it never renames a component's node.
        let allIDs = Self.nodeIDs(graph.nodes.map(\.id) + ["offline"])
        let ids = Array(allIDs.dropLast())
        var lines: [String] = []
        if let title = annotations.summary ?? annotations.legend {
            var text = DisplayWidth.sanitized(title)
            if annotations.summary != nil {
                if annotations.bottleneck != nil { text += "; thick border: bottleneck" }
                if !annotations.criticalPath.isEmpty { text += "; thick arrows: slowest 1% path" }
            }
            lines += ["---", "title: \"" + Self.yamlEscape(text) + "\"", "---"]
        }
        lines.append("flowchart " + (direction == .leftToRight ? "LR" : "TD"))
        var nodeLines: [String] = [], offlineLines: [String] = []
        for (i, node) in graph.nodes.enumerated() {
            let kind = design[node.id]?.kind ?? .station
            let text = ([node.title, node.subtitle] + node.annotations).map(Self.escape).joined(separator: "<br/>")
            let shape: (String, String)
            switch kind {
            case .database, .featureStore, .offlineFeatureStore, .objectStore, .cache: shape = ("[(\"", "\")]")
            case .client: shape = ("([\"", "\"])")
            case .queue: shape = ("[/\"", "\"/]")
            case .humanReview: shape = ("{{\"", "\"}}")
            default: shape = ("[\"", "\"]")
            }
            let line = "\(ids[i])\(shape.0)\(text)\(shape.1)"
            if node.isOffline { offlineLines.append(line) } else { nodeLines.append(line) }
        }
        lines += nodeLines.map { "    " + $0 }
        if !offlineLines.isEmpty {
            lines.append("    subgraph \(allIDs[allIDs.count - 1])[\"\(Self.escape(GraphLayout.offlineLaneTitle))\"]")
            lines += offlineLines.map { "        " + $0 }
            lines.append("    end")
        }
        for e in graph.edges {
            let arrow = e.kind.isDashed ? "-.->" : e.isEmphasized ? "==>" : "-->"
            // Feeds are unlabelled in the text diagram (room); here they say what they are.
            let label = (e.label ?? (e.kind == .feed ? "feeds" : nil)).map { "|\"" + Self.escape($0) + "\"|" } ?? ""
            lines.append("    \(ids[e.from]) \(arrow)\(label) \(ids[e.to])")
        }
        if let bottleneck = annotations.bottleneck, let i = graph.nodes.firstIndex(where: { $0.id == bottleneck }) {
            lines.append("    classDef bottleneck stroke-width:4px")
            lines.append("    class \(ids[i]) bottleneck")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text inside a double-quoted YAML string (the front matter's title).
    static func yamlEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Mermaid-safe, unique node ids in the order given.
    static func nodeIDs(_ ids: [String]) -> [String] {
        var used: Set<String> = []
        return ids.map { id in
            var base = String(id.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
            if base.isEmpty || base.first?.isNumber == true { base = "n_" + base }
            // Words Mermaid reserves inside flowcharts.
            if ["end", "graph", "subgraph", "flowchart", "style", "class", "click", "linkStyle", "classDef", "direction"].contains(base) { base = "n_" + base }
            var candidate = base
            var k = 2
            while used.contains(candidate) { candidate = "\(base)_\(k)"; k += 1 }
            used.insert(candidate)
            return candidate
        }
    }

    /// Text inside quotes: Mermaid entity codes for characters that would end or confuse the string.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in DisplayWidth.sanitized(s) {
            switch ch {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "#": out += "#35;"
            case "&": out += "#amp;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            default: out.append(ch)
            }
        }
        return out
    }
}
