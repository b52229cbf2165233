import Foundation
import MLSDCore
import MLSDSim

/// A simulation run: latency, errors, cost and availability, each requirement pass/fail,
/// per-component utilisation bars, where the slowest 1 % spend their time, and deltas to a pinned baseline.
struct ResultsView {
    var result: SimulationResult
    var baseline: SimulationResult?
    var rate: Rate

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let leftWidth = min(46, max(40, area.width - 36))
        let left = Rect(x: area.x, y: area.y, width: leftWidth, height: area.height)
        let right = Rect(x: area.x + leftWidth, y: area.y, width: area.width - leftWidth, height: area.height)
        buffer.box(left, title: baseline == nil ? "Results" : "Results vs baseline")
        buffer.box(right, title: "Components")
        renderSummary(in: left.inset(by: 1), into: &buffer)
        renderComponents(in: right.inset(by: 1), into: &buffer)
    }

    private func renderSummary(in area: Rect, into buffer: inout ScreenBuffer) {
        var rows: [(String, StyleRole)] = []
        let count = result.requests >= 10_000 ? "\(result.requests / 1000)k" : "\(result.requests)"
        rows.append(("\(count) requests at \(rate), seed \(result.seed)", .dim))
        let l = result.latency
        rows.append(("p50 \(num(l.p50))  p99 \(num(l.p99))  p99.9 \(num(l.p999)) ms", .normal))
        if let b = baseline {
            rows.append(("was p50 \(num(b.latency.p50))  p99 \(num(b.latency.p99)) ms \(delta(l.p99, b.latency.p99))", deltaRole(l.p99, b.latency.p99)))
        }
        rows.append(("mean \(ms(l.mean))   throughput \(Rate(perSecond: (result.throughput).rounded()))", .normal))
        let errorRole: StyleRole = result.errorRate > 0.001 ? .bad : .normal
        rows.append(("errors \(percent(result.errorRate))", errorRole))
        rows.append(("  timeout \(result.errors.timeout)  rejected \(result.errors.rejected)  failed \(result.errors.failed)", errorRole))
        rows.append(("cost $\(UnitNumber.format(result.cost.perMonth.rounded()))/month" + (baseline.map { "  was $\(UnitNumber.format($0.cost.perMonth.rounded()))" } ?? ""), .normal))
        rows.append(("availability \(percent(result.availability, digits: 4))", .normal))
        if result.isStable {
            rows.append(("stable; bottleneck \(result.bottleneck)", .good))
        } else {
            let worst = result.overloaded.map { "\($0.id) ρ \(String(format: "%.2f", $0.offeredUtilization))" }.joined(separator: ", ")
            rows.append(("UNSTABLE: \(worst)", .bad))
        }
        rows.append(("", .normal))
        for check in result.requirements {
            let name = check.kind.rawValue.replacingOccurrences(of: "_", with: " ")
            let line = (check.passes ? "✓ " : "✗ ") + name.padded(15) + "\(check.formattedActual) / \(check.formattedTarget)"
            rows.append((line, check.passes ? .good : .bad))
        }
        for (i, (text, role)) in rows.enumerated() where area.y + i < area.maxY {
            buffer.write(text, x: area.x + 1, y: area.y + i, role: role, clip: area)
        }
    }

    private func renderComponents(in area: Rect, into buffer: inout ScreenBuffer) {
        let nameWidth = min(14, max(6, result.components.map { DisplayWidth.of($0.id) }.max() ?? 6))
        let barWidth = max(4, area.width - nameWidth - 18)
        var y = area.y
        buffer.write("utilisation".padded(nameWidth + barWidth + 2) + "    ρ    p99", x: area.x + 1, y: y, role: .dim, clip: area)
        y += 1
        for c in result.components where y < area.maxY - 1 {
            let rho = c.utilization
            let filled = min(barWidth, Int((min(rho, 1) * Double(barWidth)).rounded()))
            let role: StyleRole = rho >= 0.8 ? .bad : rho >= 0.5 ? .warning : .good
            var x = buffer.write(String(c.id.prefix(nameWidth)).padded(nameWidth) + " ", x: area.x + 1, y: y, clip: area)
            x = buffer.write(String(repeating: "█", count: filled), x: x, y: y, role: role, clip: area)
            x = buffer.write(String(repeating: "░", count: barWidth - filled), x: x, y: y, role: .dim, clip: area)
            buffer.write(" " + String(format: "%4.0f%%", rho * 100) + " " + ms(c.p99SojournSeconds).leftPadded(7), x: x, y: y, clip: area)
            y += 1
        }
        y += 1
        guard y < area.maxY - 1, !result.criticalPathP99.isEmpty else { return }
        buffer.write("slowest 1%: critical path", x: area.x + 1, y: y, role: .dim, clip: area)
        y += 1
        let total = max(result.criticalPathP99.map(\.seconds).reduce(0, +), 1e-12)
        for step in result.criticalPathP99 where y < area.maxY {
            let n = max(1, Int((step.seconds / total * Double(barWidth)).rounded()))
            var x = buffer.write(String(step.id.prefix(nameWidth)).padded(nameWidth) + " ", x: area.x + 1, y: y, clip: area)
            x = buffer.write(String(repeating: "▇", count: min(n, barWidth)), x: x, y: y, role: .accent, clip: area)
            buffer.write(" " + ms(step.seconds), x: x, y: y, clip: area)
            y += 1
        }
    }

    private func ms(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        let v = seconds * 1000
        return v >= 100 ? String(format: "%.0fms", v) : v >= 10 ? String(format: "%.1fms", v) : String(format: "%.2fms", v)
    }

    /// Milliseconds without the unit, 3 significant figures.
    private func num(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        let v = seconds * 1000
        return v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
    }

    private func percent(_ fraction: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f%%", fraction * 100) }

    private func delta(_ now: Double, _ before: Double) -> String {
        guard before > 0, now.isFinite, before.isFinite else { return "" }
        let change = (now - before) / before * 100
        return String(format: "(%@%.0f%%)", change >= 0 ? "+" : "", change)
    }

    private func deltaRole(_ now: Double, _ before: Double) -> StyleRole {
        now < before * 0.98 ? .good : now > before * 1.02 ? .bad : .dim
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
