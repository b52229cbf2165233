import MLSDCore

/// A scenario's requirements, its components and the selected component's figures.
struct DesignView {
    var scenario: Scenario
    var selection: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let design = scenario.design
        let listWidth = min(30, area.width / 3)
        let list = Rect(x: area.x, y: area.y, width: listWidth, height: area.height)
        let detail = Rect(x: area.x + listWidth, y: area.y, width: area.width - listWidth, height: area.height)
        buffer.box(list, title: "Components")
        let inner = list.inset(by: 1)
        let first = inner.height > 0 ? (selection / inner.height) * inner.height : 0
        for (row, index) in (first..<min(design.components.count, first + inner.height)).enumerated() {
            let c = design.components[index]
            let isSelected = index == selection
            let entry = c.id == design.entry ? " (entry)" : ""
            buffer.write("\(isSelected ? "▶" : " ") \(c.label ?? c.id)\(entry)", x: inner.x, y: inner.y + row, role: isSelected ? .selected : .normal, clip: inner)
            if isSelected { buffer.setRole(.selected, in: Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1)) }
        }
        buffer.box(detail, title: "Details")
        let text = detail.inset(by: 1)
        guard design.components.indices.contains(selection) else { return }
        let c = design.components[selection]
        let r = design.resolved(c)
        var lines: [(String, StyleRole)] = [("\(c.label ?? c.id)  (\(c.kind.rawValue)\(c.size.map { ", \($0.rawValue)" } ?? ""))", .title), ("", .normal)]
        lines.append(("replicas      \(r.replicas) × \(r.concurrency) concurrent", .normal))
        var latency = r.latency.description
        if case .range(let lo, let hi) = r.latency { latency = "\(lo)-\(hi) (p5-p95)" }
        lines.append(("latency       \(latency)", .normal))
        lines.append(("mean service  \(TimeSpan(seconds: (r.meanServiceSeconds * 1e6).rounded() / 1e6))" + (r.speedup != 1 ? "  (÷\(UnitNumber.format((r.speedup * 10).rounded() / 10)) optimised)" : ""), .normal))
        lines.append(("capacity      \(UnitNumber.format((Double(r.servers) / max(r.meanServiceSeconds, 1e-9)).rounded())) req/s", .normal))
        lines.append(("cost          $\(UnitNumber.format((r.costPerHour * Double(r.replicas) * 730).rounded()))/month", .normal))
        lines.append(("availability  \(Percentage(fraction: r.availability)) per replica", .normal))
        if let t = c.timeout { lines.append(("timeout       \(t)" + (c.retries > 0 ? ", \(c.retries) retries" : ""), .normal)) }
        if let f = c.fallback { lines.append(("fallback      \(f)", .normal)) }
        if let h = c.hitRatio { lines.append(("hit ratio     \(h)" + (c.onMiss.map { ", miss → \($0)" } ?? ""), .normal)) }
        if !c.calls.isEmpty {
            lines.append(("", .normal))
            lines.append(("calls", .dim))
            for g in c.calls {
                let targets = g.targets.joined(separator: g.mode == .sequence ? " → " : ", ")
                lines.append(("  \(g.mode.rawValue): \(targets)" + (g.probability.map { " (\($0))" } ?? ""), .accent))
            }
        }
        for (i, (line, role)) in lines.enumerated() where text.y + i < text.maxY {
            buffer.write(line, x: text.x + 1, y: text.y + i, role: role, clip: text)
        }
    }
}
