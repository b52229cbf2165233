import MLSDCore
import MLSDExport

/// A scenario's requirements, its components and the selected component's figures.
struct DesignView {
    var scenario: Scenario
    var selection: Int

    var canvas: DiagramGrid?
    var utilisation: [String: Double]

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let design = scenario.design
        let detailWidth = min(AppState.detailsWidth, area.width / 2)
        let canvasArea = Rect(x: area.x, y: area.y, width: area.width - detailWidth, height: area.height)
        let detail = Rect(x: area.x + area.width - detailWidth, y: area.y, width: detailWidth, height: area.height)
        let selectedID = design.components.indices.contains(selection) ? design.components[selection].id : nil
        if let canvas {
            CanvasView(grid: canvas, selectedID: selectedID, utilisation: utilisation).render(in: canvasArea, into: &buffer)
        } else {
            buffer.box(canvasArea, title: "Design")
            buffer.write("Laying out…", x: canvasArea.x + 2, y: canvasArea.y + 1, role: .dim, clip: canvasArea.inset(by: 1))
        }
        buffer.box(detail, title: "Details")
        let text = detail.inset(by: 1)
        guard design.components.indices.contains(selection) else { return }
        let c = design.components[selection]
        let r = design.resolved(c)
        var lines: [(String, StyleRole)] = [("\(c.label ?? c.id)  (\(c.kind.rawValue)\(c.size.map { ", \($0.rawValue)" } ?? ""))", .title)]
        lines.append((c.id == design.entry ? "entry: requests arrive here" : "", .dim))
        lines.append(("replicas  \(r.replicas) × \(r.concurrency) conc.", .normal))
        var latency = r.latency.description
        if case .range(let lo, let hi) = r.latency { latency = "\(lo)-\(hi)" }
        lines.append(("latency   \(latency)", .normal))
        lines.append(("mean      \(TimeSpan(seconds: (r.meanServiceSeconds * 1e6).rounded() / 1e6))" + (r.speedup != 1 ? " (÷\(UnitNumber.format((r.speedup * 10).rounded() / 10)))" : ""), .normal))
        lines.append(("capacity  \(UnitNumber.format((Double(r.servers) / max(r.meanServiceSeconds, 1e-9)).rounded()))/s", .normal))
        if let rho = utilisation[c.id] { lines.append(("load      ρ \(AppState.utilisationText(rho))", rho >= 0.8 ? .bad : rho >= 0.5 ? .warning : .good)) }
        lines.append(("cost      $\(UnitNumber.format((r.costPerHour * Double(r.replicas) * 730).rounded()))/month", .normal))
        lines.append(("avail.    \(Percentage(fraction: r.availability))/replica", .normal))
        if let t = c.timeout { lines.append(("timeout   \(t)" + (c.retries > 0 ? ", \(c.retries) retries" : ""), .normal)) }
        if let f = c.fallback { lines.append(("fallback  \(f)", .normal)) }
        if let h = c.hitRatio { lines.append(("hits      \(h)" + (c.onMiss.map { ", miss → \($0)" } ?? ""), .normal)) }
        if !c.calls.isEmpty {
            lines.append(("", .normal))
            lines.append(("calls", .dim))
            for g in c.calls {
                let targets = g.targets.joined(separator: g.mode == .sequence ? " → " : ", ")
                let call = "\(g.mode.rawValue): \(targets)" + (g.probability.map { " (\($0))" } ?? "")
                for (i, line) in TextWrap.lines(call, width: max(8, text.width - 6)).enumerated() {
                    lines.append(((i == 0 ? "  " : "    ") + line, .accent))
                }
            }
        }
        for (i, (line, role)) in lines.enumerated() where text.y + i < text.maxY {
            buffer.write(line, x: text.x + 1, y: text.y + i, role: role, clip: text)
        }
    }
}
