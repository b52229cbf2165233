import MLSDCore
import MLSDExport
import MLSDSim

/// The capacity panel: the highest QPS meeting the requirements with its interval, what breaks
/// above it, the bottleneck, the p99-against-load chart with the SLO line and the max marker, and
/// the sensitivity tornado. Two columns from ``twoColumnWidth``; one scrolling column below.
struct CapacityView {
    typealias Line = PanelText.Line

    var screen: CapacityScreen
    /// The job running now when it is this panel's (capacity or sensitivity), its progress, and
    /// whether it was asked to stop.
    var running: RunKind?
    var progress: Double
    var isStopping: Bool
    /// True when the design changed since the figures were found.
    var isStale: Bool

    static let twoColumnWidth = 118
    /// Columns of the left column in the two-column layout (the chart is 68 wide).
    static let leftWidth = 70

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: "Capacity" + (isStale ? " · STALE: the design changed, r searches again" : ""), role: isStale ? .warning : .border)
        let inner = area.inset(by: 1)
        guard inner.width > 10, inner.height > 1 else { return }
        let columns = columns(in: inner)
        for (rect, lines) in columns {
            PanelText(lines: lines, scroll: screen.scroll).render(in: rect, into: &buffer)
        }
        if columns.count == 2 {
            for y in inner.y..<inner.maxY { buffer.write("│", x: columns[0].0.maxX + 1, y: y, role: .dim) }
        }
    }

    /// The columns and their lines for the panel's inside.
    func columns(in inner: Rect) -> [(Rect, [Line])] {
        if inner.width + 2 >= Self.twoColumnWidth {
            let left = Rect(x: inner.x + 1, y: inner.y, width: Self.leftWidth, height: inner.height)
            let right = Rect(x: left.maxX + 3, y: inner.y, width: inner.maxX - left.maxX - 4, height: inner.height)
            return [(left, capacityLines(width: left.width)), (right, tornadoLines(width: right.width))]
        }
        let column = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        return [(column, capacityLines(width: column.width) + [[]] + tornadoLines(width: column.width))]
    }

    /// Lines beyond the first screen in the tallest column (how far the panel scrolls).
    func overflow(in inner: Rect) -> Int {
        columns(in: inner).map { $0.1.count - $0.0.height }.max().map { max(0, $0) } ?? 0
    }

    // MARK: Capacity

    private func capacityLines(width: Int) -> [Line] {
        var lines: [Line] = []
        guard let r = screen.capacity else {
            if let failure = screen.failure { return PanelText.wrapped("The capacity search failed: " + failure, width: width, role: .bad) }
            lines += PanelText.wrapped("Searching for the highest QPS that meets the requirements: the analytic bound, then 4 rates a round "
                                       + "inside the bracket [passes, fails] until it is within 1%, on each seed…", width: width, role: .dim)
            if running == .capacity { lines.append(PanelText.progress(progress, width: min(width, 40))) }
            if isStopping { lines += PanelText.wrapped("Stopping after the round under way; what it found stays.", width: width, role: .warning) }
            return lines
        }
        let judged = r.requirements.criteria
        if r.wasCancelled { lines += PanelText.wrapped("Stopped by esc: the figures are what the search had found (r searches again).", width: width, role: .warning) }
        lines += PanelText.field("Judged by", judged.isEmpty ? "stability only (no latency, error or availability requirement)" : judged.joined(separator: ", "), width: width)
        if let m = r.maxQPS {
            lines += PanelText.field("Max QPS", (r.isLowerBound ? "at least " : "") + FigureFormat.rate(perSecond: m.mean)
                                     + (m.low != nil && !m.isCapped ? " ± " + FigureFormat.percent(halfWidth(m)) : ""), width: width, role: .good)
            var seeds = "\(m.samples) seed\(m.samples == 1 ? "" : "s") × \(FigureFormat.count(screen.requestsPerProbe))\(screen.cycleNote == nil ? "" : "+") requests a probe"
            if r.isLowerBound { seeds += " (stopped before the bracket narrowed to 1%)" }
            else if r.searches.count > m.samples { seeds += " (the next seed was stopped mid-way and is left out)" }
            if let low = m.low, let high = m.high {
                let cut = m.isCapped ? " (top cut to the analytic bound)" : ""
                lines += PanelText.field("", "95% interval " + FigureFormat.rateRange(low: low, high: high) + "\(cut), \(seeds)", width: width, role: .dim)
            } else {
                lines += PanelText.field("", "\(seeds): no interval", width: width, role: .dim)
            }
            if let (label, text) = r.firstFailureLine { lines += PanelText.field(label, text, width: width) }
        } else if let f = r.searches.first?.probes.first {
            let why = f.failing.first?.reason ?? "the run is unstable"
            lines += PanelText.field("Max QPS", "none: it fails even at \(FigureFormat.rate(perSecond: f.rate)), a twentieth of the analytic bound: \(why)", width: width, role: .bad)
        } else {
            lines += PanelText.field("Max QPS", "not found before the stop", width: width, role: .warning)
        }
        if let note = screen.probeNote { lines += PanelText.field("Note", note, width: width, role: .warning) }
        if let note = screen.cycleNote { lines += PanelText.field("Probes", note, width: width, role: .dim) }
        lines += PanelText.field("Analytic", "\(FigureFormat.rate(perSecond: r.analyticBound)): \(r.limitingComponent) reaches ρ = 1 (an upper bound)", width: width)
        if let k = r.knee { lines += PanelText.field("Knee", "\(FigureFormat.rate(perSecond: k)): p99 more than doubles its light-load value", width: width) }
        if let p = r.atMaximum { lines += PanelText.field("Bottleneck", "\(p.bottleneck), \(p.loadPhrase) at the maximum", width: width, role: .accent) }
        if let peak = screen.scenario?.requirements.peakQPS?.perSecond, let m = r.maxQPS?.mean {
            lines += PanelText.field("Peak", "\(FigureFormat.rate(perSecond: peak)) required: " + (m >= peak ? "\(FigureFormat.factor(m / peak)) headroom" : "NOT met (\(FigureFormat.percent(m / peak)) of it)"),
                                     width: width, role: m >= peak ? .good : .bad)
        }
        // The chart comes before the remedies, so at 80×24 its bars show without scrolling far.
        lines.append([])
        if r.curve.isEmpty {
            lines += PanelText.wrapped(r.wasCancelled ? "No p99 curve: the search was stopped before it was drawn." : "No p99 curve: no rate passed.", width: width, role: .dim)
        } else {
            let slo = r.requirements.latencyP99.map { "; ┄ SLO \(FigureFormat.duration(seconds: $0.seconds))" } ?? ""
            let chart = CapacityChart(curve: r.curve, target: r.requirements.latencyP99?.seconds, maximum: r.maxQPS?.mean, knee: r.knee)
            lines += PanelText.wrapped("p99 (\(chart.unit.symbol)) against load, seed \(screen.seed)\(slo):", width: width, role: .title)
            for text in chart.lines {
                // Under the axis: the fail marks and their legend in red, max and knee in green.
                let isBars = text.contains("┤")
                let role: StyleRole? = isBars ? nil : text.contains("fail") ? .bad : text.contains("max") || text.contains("knee") ? .good : nil
                if !isBars, !text.contains("└"), DisplayWidth.of(text) > width {
                    // A caption wider than the column (the two-column layout's is 70) wraps under
                    // its indent rather than running into the divider.
                    let indent = String(text.prefix { $0 == " " })
                    for part in TextWrap.lines(String(text.dropFirst(indent.count)), width: max(10, width - indent.count)) {
                        lines.append([(indent + part, role ?? .dim)])
                    }
                } else if let role { lines.append([(text, role)]) }
                else { lines.append(PanelText.chart(text)) }
            }
        }
        if !r.remedies.isEmpty, r.maxQPS != nil {
            lines.append([])
            lines.append([("To move the limit (analytic bound after the change):", .dim)])
            let changeWidth = min(44, r.remedies.map { DisplayWidth.of($0.change) }.max() ?? 0) + 9
            for m in r.remedies {
                lines.append([(("  --set " + m.change).padded(changeWidth), .normal), (FigureFormat.rate(perSecond: m.analyticBound), .good),
                              (m.nextLimit == r.limitingComponent ? "" : " (then \(m.nextLimit))", .dim)])
            }
        }
        return lines
    }

    private func halfWidth(_ m: CapacityResult.Estimate) -> Double {
        guard let low = m.low, let high = m.high else { return 0 }
        return (high - low) / 2 / max(m.mean, 1e-9)
    }

    // MARK: Tornado

    private func tornadoLines(width: Int) -> [Line] {
        var lines = PanelText.wrapped("What moves p99 most (tornado, each parameter ±20%)", width: width, role: .title)
        guard let t = screen.tornado else {
            if running == .sensitivity {
                lines += PanelText.wrapped("Running every variant with the same seed…", width: width, role: .dim)
                lines.append(PanelText.progress(progress, width: min(width, 40)))
                if isStopping { lines += PanelText.wrapped("Stopping; the rows that ran stay.", width: width, role: .warning) }
            } else if screen.capacity?.wasCancelled == true {
                lines += PanelText.wrapped("Not run: the capacity search was stopped (r runs both).", width: width, role: .dim)
            } else if running == .capacity {
                lines += PanelText.wrapped("Runs after the capacity search.", width: width, role: .dim)
            } else if screen.failure == nil {
                lines += PanelText.wrapped("Not run (r runs it).", width: width, role: .dim)
            }
            return lines
        }
        lines += PanelText.wrapped("Base: p99 \(TornadoChart.baseP99(t.base)), errors \(FigureFormat.percent(t.base.errorRate)), \(FigureFormat.money(t.base.costPerMonth))/month",
                                   width: width, role: .dim)
        if screen.tornadoRequests > 0 {
            // The CLI's default is longer runs: say how to get these bars there.
            let n = screen.tornadoRequests
            lines += PanelText.wrapped("Runs of \(FigureFormat.count(n)) requests, seed \(screen.seed) (mlsd sensitivity --requests \(n % 1000 == 0 ? "\(n / 1000)k" : "\(n)") --seed \(screen.seed) draws the same)",
                                       width: width, role: .dim)
        }
        if let warning = t.unstableBaseWarning {
            lines += PanelText.wrapped("Warning: " + warning.replacingOccurrences(of: "mlsd optimize, or replicas", with: "more replicas"), width: width, role: .warning)
        }
        if t.wasCancelled { lines += PanelText.wrapped("Stopped by esc: only the variants that ran are shown.", width: width, role: .warning) }
        // Wide: the label beside the bar, the variants under it (as `mlsd sensitivity` prints it).
        // Narrow (the right-hand column): the label and variants on one line, the bar under them.
        let isWide = width >= 60
        let labelWidth = isWide ? 22 : 2
        let half = max(2, min(9, (width - labelWidth - 12 - 10 - 1) / 2))
        let chart = TornadoChart(result: t, half: half)
        lines.append([((isWide ? "component" : "").padded(labelWidth) + String(repeating: " ", count: max(0, half - 1)) + "−│+"
                       + String(repeating: " ", count: half - 1) + chart.p99Header() + "  $/month", .dim)])
        for row in t.rows {
            let name = "\(DisplayWidth.sanitized(row.component)) \(row.parameter.rawValue)"
            let variants = "\(row.downLabel) / \(row.upLabel)"
            let p99 = chart.p99Cell(row)
            // Wide: the component beside the bar and the parameter under it, so neither is cut.
            var bar: Line = [((isWide ? TornadoChart.component(DisplayWidth.sanitized(row.component), width: labelWidth) : "").padded(labelWidth), .normal)]
            bar += PanelText.colored(chart.bar(row)) { c in c == "▓" ? .good : c == "█" || c == "!" ? .bad : .dim }
            bar.append((" " + p99.padded(11), .normal))
            bar.append((" " + Self.cost(row, base: t.base), .dim))
            if isWide {
                lines.append(bar)
                lines.append([(TornadoChart.settings(row), .dim)])
            } else {
                lines.append([(name, .normal), ("  " + variants, .dim)])
                lines.append(bar)
            }
        }
        lines.append([])
        let against = t.hasMovesAgainstParameters ? "against its parameter (a faster service with a slower answer: chance)" : ""
        var noise = t.noiseP99.map { " ░ within the noise (p99 moves up to \(FigureFormat.duration(seconds: $0)) with other seeds)\(against.isEmpty ? "" : " or " + against)," }
            ?? (against.isEmpty ? "" : " ░ a move \(against),")
        // Stopped before the runs with other seeds: nothing is drawn ░, and the reader is told why.
        if t.isNoiseUnmeasured { noise += " " + TornadoChart.unmeasuredNoise + "," }
        let unsettled = TornadoChart(result: t, half: 1).hasUnsettled ? " ? unstable in a run this short though under capacity (not trusted)," : ""
        lines += PanelText.wrapped("▓ a better p99, █ a worse one,\(noise)\(unsettled) ! unstable; left of │ the parameter down, right up. Only replicas cost money.", width: width, role: .dim)
        if let note = screen.tornadoNote { lines += PanelText.wrapped("Note: " + note, width: width, role: .warning) }
        return lines
    }

    static func cost(_ row: SensitivityResult.Row, base: SensitivityResult.Outcome) -> String { TornadoChart.cost(row, base: base) }
}
