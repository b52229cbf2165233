public import MLSDCore

/// A design as a Mermaid flowchart, for Markdown renderers that draw Mermaid (GitHub, GitLab).
///
/// Node ids are derived from component ids (letters, digits and `_`); names are quoted with
/// Mermaid's entity escapes, async calls and fallbacks are dotted arrows, and labels match the
/// text diagram's (`parallel`, `miss 20%`, `p=0.02`, `timeout 40ms`, `fallback`).
///
///     print(MermaidDiagram(design: scenario.design).text)
public struct MermaidDiagram: Sendable {
    public var design: Design
    public var direction: LayoutDirection

    public init(design: Design, direction: LayoutDirection = .leftToRight) {
        self.design = design
        self.direction = direction
    }

    /// The flowchart source, ending in a newline.
    public var text: String {
        let graph = LayoutGraph(design: design, annotations: DiagramAnnotations())
        let ids = Self.nodeIDs(graph.nodes.map(\.id))
        var lines = ["flowchart " + (direction == .leftToRight ? "LR" : "TD")]
        for (i, node) in graph.nodes.enumerated() {
            let kind = design[node.id]?.kind ?? .station
            let text = Self.escape(node.title) + "<br/>" + Self.escape(node.subtitle)
            let shape: (String, String)
            switch kind {
            case .database, .featureStore, .offlineFeatureStore, .objectStore, .cache: shape = ("[(\"", "\")]")
            case .client: shape = ("([\"", "\"])")
            case .queue: shape = ("[/\"", "\"/]")
            case .humanReview: shape = ("{{\"", "\"}}")
            default: shape = ("[\"", "\"]")
            }
            lines.append("    \(ids[i])\(shape.0)\(text)\(shape.1)")
        }
        for e in graph.edges {
            let arrow = e.kind.isDashed ? "-.->" : "-->"
            let label = e.label.map { "|\"" + Self.escape($0) + "\"|" } ?? ""
            lines.append("    \(ids[e.from]) \(arrow)\(label) \(ids[e.to])")
        }
        return lines.joined(separator: "\n") + "\n"
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
