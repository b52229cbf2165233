import Foundation
import MLSDCore
import MLSDSim

/// A simulation run: every headline figure with its change against a pinned baseline (▲▼ in
/// colour), the requirement verdicts (and which flipped), a latency histogram and CDF with the
/// requirement lines, per-component utilisation and p99 with their changes, and where the slowest
/// 1 % spend their time. Every panel scrolls; a marker says when more is below.
struct ResultsView {
    typealias Segment = (text: String, role: StyleRole)
    typealias Line = [Segment]

    var result: SimulationResult
    var baseline: SimulationResult?
    var rate: Rate
    var isStale: Bool
    var scroll: Int
    var requirements: Requirements
    /// Drawn in two columns (set from the area's width by ``render(in:into:)``).
    var isTwoColumn = false

    /// Two columns from this width on; one scrolling column below it.
    static let twoColumnWidth = 110

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let title = (baseline == nil ? "Results" : "Results vs baseline") + (isStale ? " · STALE: the design changed, r runs again" : "")
        buffer.box(area, title: title, role: isStale ? .warning : .border)
        let inner = area.inset(by: 1)
        guard inner.width > 10, inner.height > 1 else { return }
        var view = self
        view.isTwoColumn = area.width >= Self.twoColumnWidth
        view.draw(in: area, inner: inner, into: &buffer)
    }

    private func draw(in area: Rect, inner: Rect, into buffer: inout ScreenBuffer) {
        for (rect, lines) in columns(in: inner) { draw(lines, in: rect, into: &buffer) }
    }

    /// The columns and their lines: two side by side from ``twoColumnWidth``, else one.
    private func columns(in inner: Rect) -> [(Rect, [Line])] {
        if isTwoColumn {
            let leftWidth = min(58, inner.width / 2)
            let left = Rect(x: inner.x, y: inner.y, width: leftWidth, height: inner.height)
            let right = Rect(x: inner.x + leftWidth + 1, y: inner.y, width: inner.width - leftWidth - 1, height: inner.height)
            return [(left, leftLines(width: left.width - 2)), (right, chartLines(width: right.width - 2) + [[]] + componentLines(width: right.width - 2))]
        }
        let w = inner.width - 2
        return [(inner, leftLines(width: w) + [[]] + chartLines(width: w) + [[]] + componentLines(width: w))]
    }

    /// How far the panel can scroll in `area`: past it nothing moves, so `G` or pgdn stop there
    /// (pgup after them took as many presses as they had gone past the end).
    func overflow(in area: Rect) -> Int {
        let inner = area.inset(by: 1)
        guard inner.width > 10, inner.height > 1 else { return 0 }
        var view = self
        view.isTwoColumn = area.width >= Self.twoColumnWidth
        return view.columns(in: inner).map { $1.count - $0.height }.max().map { max(0, $0) } ?? 0
    }

    /// The run, the verdicts first (what a reader needs before anything else), then every figure.
    private func leftLines(width: Int) -> [Line] {
        let figures = figureLines(width: width)
        let header = figures.prefix { $0.first?.text.hasPrefix("figure") != true }
        return Array(header) + requirementLines(width: width) + [[]] + figures.dropFirst(header.count)
    }

    /// The markers take rows of their own: written over the first or last line, they hid its end
    /// ("│   failed      0     ▼ more (j, pg"). Scrolled down, the line the ▲ row replaces is one
    /// already read; every line still shows at some offset, the last one at the end.
    private func draw(_ lines: [Line], in area: Rect, into buffer: inout ScreenBuffer) {
        let first = max(0, min(scroll, lines.count - area.height))
        let up = first > 0, down = first + area.height < lines.count
        let top = up ? 1 : 0, bottom = down ? 1 : 0
        let shown = lines.dropFirst(first + top).prefix(max(0, area.height - top - bottom))
        for (i, line) in shown.enumerated() {
            var x = area.x + 1
            for seg in line { x = buffer.write(seg.text, x: x, y: area.y + top + i, role: seg.role, clip: area) }
        }
        if up { buffer.write("▲ more", x: area.maxX - 7, y: area.y, role: .accent, clip: area) }
        if down { buffer.write("▼ more (j, pgdn)", x: area.maxX - 17, y: area.maxY - 1, role: .accent, clip: area) }
    }

    // MARK: Figures

    /// Which way is better for a figure.
    enum Better { case lower, higher }

    private func change(_ now: Double, _ before: Double?, better: Better, relative: Bool = true) -> Segment {
        guard let before, now.isFinite, before.isFinite else { return ("", .dim) }
        let diff = now - before
        let size = relative ? (before != 0 ? abs(diff / before) : (diff == 0 ? 0 : 1)) : abs(diff)
        if size < (relative ? 0.005 : 1e-6) { return ("  =", .dim) }
        let up = diff > 0
        let good = (up && better == .higher) || (!up && better == .lower)
        // Shares (error rate, availability) change in percentage points: 99.999 % → 99.5 % is not "=".
        let amount = relative ? (size >= 10 ? String(format: "%.0f×", now / max(before, 1e-12)) : String(format: "%.0f%%", size * 100))
            : String(format: "%.2gpt", size * 100)
        return ((up ? " ▲" : " ▼") + amount, good ? .good : .bad)
    }

    private func figureLines(width: Int) -> [Line] {
        let r = result, b = baseline
        func count(_ n: Int) -> String {
            n >= 1_000_000 ? FigureFormat.significant(Double(n) / 1e6, 3) + "M" : n >= 10_000 ? "\(n / 1000)k" : "\(n)"
        }
        let intervals = r.intervals
        var lines: [Line]
        if let i = intervals {
            let load = r.closedLoopUsers.map { "from \($0) user\($0 == 1 ? "" : "s")" } ?? "at \(rate)"
            lines = [[("\(count(r.requests)) measured in \(i.replications) runs \(load), seeds from \(r.seed)", .dim)]]
            var note = "±: 95% interval (Student t)"
            if let p = i.precision {
                let got = i.latencyP99.map { "p99 ±\(Figures.percent($0.relativeHalfWidth))" } ?? "p99 has no interval"
                // Not reached with a p99 inside the target reads as a contradiction without its reason (an unstable design).
                note += p.reached ? "; \(got), target \(Figures.percent(p.target))"
                    : "; target \(Figures.percent(p.target)) NOT reached: \(got); stopped because \(p.stoppedBecause ?? "of the cap")"
            }
            for (k, text) in TextWrap.lines(note, width: width).enumerated() {
                lines.append([((k == 0 ? "" : "  ") + text, intervals?.precision?.reached == false ? .warning : .dim)])
            }
        } else {
            let load = r.closedLoopUsers.map { "from \($0) user\($0 == 1 ? "" : "s")" } ?? "at \(rate)"
            lines = [[("\(count(r.requests)) measured (+\(count(r.warmupRequests)) warm-up) \(load), seed \(r.seed)", .dim)]]
        }
        // With intervals, a `± 95%` column follows this run's figures.
        // 11 wide: a half-width such as `± 0.00215%` (10) keeps a space before the baseline column; a
        // longer one pushes its row's baseline over rather than touching it.
        let spread = intervals == nil ? "" : "± 95%".padded(11)
        // With replications the figures are their means, not one run's.
        let current = intervals == nil ? "this run" : "mean"
        let cols = b == nil ? ["figure".padded(14), intervals == nil ? current : current.padded(11) + "± 95%"]
            : ["figure".padded(14), current.padded(11) + spread, "baseline".padded(11), "change"]
        lines.append([(cols.joined(), .dim)])
        func row(_ name: String, _ now: Double, _ before: Double?, _ format: (Double) -> String, better: Better, role: StyleRole = .normal,
                 relative: Bool = true, interval: ConfidenceInterval? = nil, smallest: Double = 0) {
            var line: Line = [(name.padded(14), .normal), (format(now).padded(11), role)]
            if intervals != nil {
                let text = interval.map { FigureFormat.plusMinus($0.halfWidth, smallest: smallest, format) } ?? ""
                line.append((text.count >= 11 ? text + " " : text.padded(11), .dim))
            }
            if let before {
                line.append((format(before).padded(11), .dim))
                line.append(change(now, before, better: better, relative: relative))
            }
            lines.append(line)
        }
        // No latency recorded: none answered, or a run stopped in its warm-up (answered, none measured).
        let noAnswers = r.successes == 0 && r.requests > 0
        let latency: (Double) -> String = { noAnswers ? "—" : Figures.duration($0) }
        let i = intervals
        row("p50", r.latency.p50, b?.latency.p50, latency, better: .lower, interval: i?.latencyP50, smallest: 1e-5)
        row("p95", r.latency.p95, b?.latency.p95, latency, better: .lower, interval: i?.latencyP95, smallest: 1e-5)
        row("p99", r.latency.p99, b?.latency.p99, latency, better: .lower, interval: i?.latencyP99, smallest: 1e-5)
        row("p99.9", r.latency.p999, b?.latency.p999, latency, better: .lower, interval: i?.latencyP999, smallest: 1e-5)
        row("mean", r.latency.mean, b?.latency.mean, latency, better: .lower, interval: i?.latencyMean, smallest: 1e-5)
        row("throughput", r.throughput, b?.throughput, Figures.rate, better: .higher, interval: i?.throughput, smallest: 0.01)
        row("degraded", r.degradedShare, b?.degradedShare, { Figures.percent($0) }, better: .lower, role: r.degradedShare > 0.01 ? .warning : .normal, relative: false,
            interval: i?.degradedShare, smallest: 1e-8)
        row("error rate", r.errorRate, b?.errorRate, { Figures.percent($0) }, better: .lower, role: r.errorRate > 0.001 ? .bad : .normal, relative: false,
            interval: i?.errorRate, smallest: 1e-8)
        row("  timeouts", Double(r.errors.timeout), b.map { Double($0.errors.timeout) }, { Figures.count(Int($0)) }, better: .lower)
        row("  rejected", Double(r.errors.rejected), b.map { Double($0.errors.rejected) }, { Figures.count(Int($0)) }, better: .lower)
        row("  failed", Double(r.errors.failed), b.map { Double($0.errors.failed) }, { Figures.count(Int($0)) }, better: .lower)
        let fallbacks = r.components.map(\.fallbacks).reduce(0, +)
        if fallbacks > 0 || (b?.components.map(\.fallbacks).reduce(0, +) ?? 0) > 0 {
            row("  fallbacks", Double(fallbacks), b.map { Double($0.components.map(\.fallbacks).reduce(0, +)) }, { Figures.count(Int($0)) }, better: .lower)
        }
        if let t = r.endToEndTTFT, t.count > 0 {
            // Designs with an LLM: end-to-end token latencies, tokens per second and cost per token.
            let bt = b?.endToEndTTFT.flatMap { $0.count > 0 ? $0 : nil }, bp = b?.endToEndTPOT.flatMap { $0.count > 0 ? $0 : nil }
            row("TTFT p50", t.p50, bt?.p50, Figures.duration, better: .lower)
            row("TTFT p99", t.p99, bt?.p99, Figures.duration, better: .lower)
            if let p = r.endToEndTPOT, p.count > 0 {
                row("TPOT p50", p.p50, bp?.p50, Figures.duration, better: .lower)
                row("TPOT p99", p.p99, bp?.p99, Figures.duration, better: .lower)
            }
            row("tokens/s", r.outputTokensPerSecond, b.map(\.outputTokensPerSecond), { Figures.count(Int($0.rounded())) }, better: .higher)
            let perToken = { (x: SimulationResult) -> Double in
                x.outputTokensPerSecond > 0 ? x.llm.map(\.costPerHour).reduce(0, +) / (x.outputTokensPerSecond * 3600) * 1e6 : .infinity
            }
            row("$/1M tokens", perToken(r), b.flatMap { $0.llm.isEmpty ? nil : perToken($0) }, { $0.isFinite ? String(format: "$%.2f", $0) : "—" }, better: .lower)
            let preempted = r.llm.map(\.preemptions).reduce(0, +)
            if preempted > 0 { lines.append([("  \(Figures.count(preempted)) sequences preempted: KV cache full", .warning)]) }
        }
        // Two figures, named as `mlsd simulate` names them: the run's share of requests answered
        // (what the availability requirement judges; shown when some were not, here or in the
        // baseline) and the queueing model's availability. One row read "availability 99.99249%"
        // under a failing "Availability 97%" verdict.
        if r.successRatio < 1 || (b?.successRatio ?? 1) < 1 {
            row("answered", r.successRatio, b?.successRatio, { Figures.availability($0) }, better: .higher, relative: false)
        }
        row("avail (model)", r.availability, b?.availability, { Figures.availability($0) }, better: .higher, relative: false)
        row("cost/month", r.cost.perMonth, b?.cost.perMonth, Figures.money, better: .lower)
        row("cost per 1M", r.cost.perMillionRequests, b?.cost.perMillionRequests, { $0.isFinite ? FigureFormat.money($0) : "—" }, better: .lower,
            interval: i?.costPerMillionRequests, smallest: 0.01)
        if r.isStable {
            lines.append([("stable; bottleneck ", .good), (DisplayWidth.sanitized(r.bottleneck), .good)])
        } else {
            let worst = r.overloaded.map { "\(DisplayWidth.sanitized($0.id)) ρ \(String(format: "%.2f", $0.offeredUtilization))" }.joined(separator: ", ")
            for (i, text) in TextWrap.lines("UNSTABLE: " + (worst.isEmpty ? "requests in flight hit the run's bound" : worst), width: width).enumerated() {
                lines.append([((i == 0 ? "" : "  ") + text, .bad)])
            }
        }
        return lines
    }

    private func requirementLines(width: Int) -> [Line] {
        guard !result.requirements.isEmpty else { return [[("no requirements set: w on the design sets them", .dim)]] }
        var lines: [Line] = [[("requirements", .dim)]]
        // Names up to 14 columns keep the usual column; longer ones ("Feature freshness") widen it.
        let name = { (check: Requirement) in check.kind.title.replacingOccurrences(of: "Latency ", with: "") }
        let column = max(15, (result.requirements.map { name($0).count }.max() ?? 0) + 1)
        for check in result.requirements {
            let verdict = (check.passes ? "✓ " : "✗ ") + name(check).padded(column) + "\(check.formattedActual) \(check.comparison.symbol) \(check.formattedTarget)"
            var line: Line = [(verdict, check.passes ? .good : .bad)]
            // A pass whose figure reads below its target says why: on the line when it fits, else under it.
            let note = check.allowanceNote
            if let note, verdict.count + 1 + note.count <= width { line.append((" " + note, .dim)) }
            if let before = baseline?.requirements.first(where: { $0.kind == check.kind }), before.passes != check.passes {
                line.append((check.passes ? "  now passes" : "  now fails", check.passes ? .good : .bad))
            }
            lines.append(line)
            if let note, verdict.count + 1 + note.count > width {
                for (i, text) in TextWrap.lines(note, width: max(10, width - 4)).enumerated() { lines.append([((i == 0 ? "  " : "    ") + text, .dim)]) }
            }
            // Why it fails, in one line (wrapped): "cannot judge: 0 successful answers".
            if let reason = check.reason {
                for (i, text) in TextWrap.lines(reason, width: max(10, width - 4)).enumerated() {
                    lines.append([((i == 0 ? "  " : "    ") + text, .dim)])
                }
            }
            // A verdict on the point estimate whose interval holds the target could go the other way.
            if let interval = check.interval, check.straddlesTarget {
                let text = "~ 95% interval \(check.format(interval.lowerBound)) to \(check.format(interval.upperBound)) holds the target: uncertain"
                for (i, text) in TextWrap.lines(text, width: max(10, width - 4)).enumerated() {
                    lines.append([((i == 0 ? "  " : "    ") + text, .warning)])
                }
            }
        }
        for warning in result.warnings {
            for (i, text) in TextWrap.lines("⚠ " + warning, width: max(10, width - 2)).enumerated() {
                lines.append([((i == 0 ? "" : "  ") + text, .warning)])
            }
        }
        return lines
    }

    private func chartLines(width: Int) -> [Line] {
        var targets: [(String, Double)] = []
        if let t = requirements.latencyP50 { targets.append(("p50<\(t)", t.seconds)) }
        if let t = requirements.latencyP99 { targets.append(("p99<\(t)", t.seconds)) }
        let chart = LatencyChart(quantiles: result.latencyQuantiles, targets: targets)
        return chart.lines(width: max(20, min(width, 72)), height: isTwoColumn ? 6 : 4).map { [($0.0, $0.1)] }
    }

    private func componentLines(width: Int) -> [Line] {
        // Offline stages take no requests: rows of 0% said nothing (support-chat has nine).
        let online = result.components.filter { result.offline?[stage: $0.id] == nil }
        let nameWidth = min(18, max(9, online.map { DisplayWidth.of($0.id) }.max() ?? 9))
        let barWidth = max(4, min(20, width - nameWidth - (baseline == nil ? 16 : 30)))
        var lines: [Line] = [[("component".padded(nameWidth + 1) + "utilisation".padded(barWidth + 6) + "p99" + (baseline == nil ? "" : "      Δρ    Δp99"), .dim)]]
        for c in online {
            let rho = result.load(of: c)
            let filled = min(barWidth, Int((min(rho, 1) * Double(barWidth)).rounded()))
            let role: StyleRole = rho >= 0.8 ? .bad : rho >= 0.5 ? .warning : .good
            var line: Line = [(String(DisplayWidth.sanitized(c.id).prefix(nameWidth)).padded(nameWidth) + " ", .normal),
                              (String(repeating: "█", count: filled), role), (String(repeating: "░", count: barWidth - filled), .dim),
                              (String(format: " %4.0f%% ", rho * 100), .normal), (Figures.duration(c.p99SojournSeconds).padded(8), .normal)]
            if let baseline {
                if let before = baseline[component: c.id] {
                    let d = (rho - baseline.load(of: before)) * 100
                    line.append((abs(d) < 0.5 ? "   =   " : String(format: "%@%3.0fpt ", d > 0 ? "▲" : "▼", abs(d)), abs(d) < 0.5 ? .dim : d > 0 ? .bad : .good))
                    line.append(change(c.p99SojournSeconds, before.p99SojournSeconds, better: .lower))
                } else {
                    line.append(("  new", .accent))
                }
            }
            lines.append(line)
        }
        if let baseline {
            for gone in baseline.components where result[component: gone.id] == nil {
                lines.append([(String(DisplayWidth.sanitized(gone.id).prefix(nameWidth)).padded(nameWidth) + " removed", .dim)])
            }
        }
        let offline = result.components.count - online.count
        if offline > 0 { lines.append([("(\(offline) offline stage\(offline == 1 ? "" : "s") not listed: they take no requests)", .dim)]) }
        guard !result.criticalPathP99.isEmpty else { return lines }
        lines.append([])
        lines.append([("slowest 1%: where their time goes", .dim)])
        let total = max(result.criticalPathP99.map(\.seconds).reduce(0, +), 1e-12)
        for step in result.criticalPathP99 {
            let n = max(1, Int((step.seconds / total * Double(barWidth)).rounded()))
            lines.append([(String(DisplayWidth.sanitized(step.id).prefix(nameWidth)).padded(nameWidth) + " ", .normal),
                          (String(repeating: "▇", count: min(n, barWidth)), .accent), (" " + Figures.duration(step.seconds), .normal)])
        }
        return lines
    }

}
