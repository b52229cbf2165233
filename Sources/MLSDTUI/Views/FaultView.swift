import MLSDCore
import MLSDExport
import MLSDSim

/// The fault panel: the faults injected, the recovery time and what the fault cost, the p99 per
/// time bucket with the fault window marked (the chart `mlsd simulate --timeline` draws), and the
/// buckets as a table. One scrolling column.
struct FaultView {
    typealias Line = PanelText.Line

    var screen: FaultScreen
    var isRunning: Bool
    var progress: Double
    var isStale: Bool
    /// The fault run's seed (the TUI's).
    var seed: UInt64

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: "Fault injection" + (isStale ? " · STALE: the design changed, r runs again" : ""), role: isStale ? .warning : .border)
        let inner = area.inset(by: 1)
        guard inner.width > 10, inner.height > 1 else { return }
        let column = Self.column(in: inner)
        PanelText(lines: lines(width: column.width), scroll: screen.scroll).render(in: column, into: &buffer)
    }

    static func column(in inner: Rect) -> Rect { Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height) }

    /// Lines beyond the first screen (how far the panel scrolls).
    func overflow(in inner: Rect) -> Int {
        let column = Self.column(in: inner)
        return max(0, lines(width: column.width).count - column.height)
    }

    func lines(width: Int) -> [Line] {
        var lines: [Line] = []
        guard let run = screen.run else {
            if let failure = screen.failure { return PanelText.wrapped("The fault run failed: " + failure, width: width, role: .bad) }
            if isRunning {
                lines += PanelText.field("Faults", screen.lastInput, width: width, role: .accent)
                lines += PanelText.wrapped("Simulating the run in time buckets…", width: width, role: .dim)
                lines.append(PanelText.progress(progress, width: min(width, 40)))
            } else {
                lines += PanelText.wrapped("F asks for a fault as mlsd simulate writes it: scorer=4@10s-20s takes 4 scorer replicas down "
                                           + "from 10 s to 20 s; scorer=3x@10s-20s makes its services 3 times as long; cache=40%@10s-20s "
                                           + "drops a cache's hit ratio; zone:1@10s-20s takes zone 1 down.", width: width, role: .dim)
            }
            return lines
        }
        let t = run.timeline
        // With the length typed after `for`, as the prompt took it (a stopped run of `for 30m` read
        // its faults alone while its window said 1800 s).
        lines += PanelText.field("Faults", (run.faults + (screen.typedLength.map { ["for", $0.description] } ?? [])).joined(separator: " "),
                                 width: width, role: .accent)
        // Overlapping windows that take more replicas than a component has (the run's own warning).
        for span in run.result.overcommittedFaults {
            lines += PanelText.field("Warning", span.warning, width: width, role: .warning)
        }
        if t.wasCancelled { lines += PanelText.wrapped("Stopped by esc: the buckets before the stop (r runs again).", width: width, role: .warning) }
        if t.fault != nil {
            let windows = t.faultWindows
            lines += PanelText.field(windows.count > 1 ? "Windows" : "Window", t.faultWindowsText + "; "
                                     + (screen.durationSeconds.map { "a run of \(FigureFormat.exactDuration(seconds: $0)) in " } ?? "") + "buckets of \(FigureFormat.exactDuration(seconds: t.bucketSeconds)), seed \(seed), answers counted when they reach the client", width: width)
            // One wording with the CLI's report and the status line (Timeline.recoveryText).
            let role: StyleRole = t.recoverySeconds != nil ? .good : .warning
            lines += PanelText.field("Recovery", t.recoveryText(longer: AppState.longerRunHint(runSeconds: screen.durationSeconds ?? t.runSeconds)) ?? "", width: width, role: role)
            if t.recovery != .beforeFault {
                // A fault in the left-out last part is not counted: not a clean bill of health.
                let counted: StyleRole = t.failedByFault > 0 ? .bad : t.degradedByFault > 0 || t.slowByFault > 0 ? .warning : .good
                lines += PanelText.field("Cost", t.costText, width: width, role: t.recovery == .afterLastBucket ? .warning : counted)
            }
        }
        let r = run.result
        lines += PanelText.field("Whole run", "p99 \(Figures.duration(r.latency.p99)), error rate \(Figures.percent(r.errorRate)), degraded \(Figures.percent(r.degradedShare))", width: width)
        lines.append([])
        let chart = TimelineChart(timeline: t, maximumBuckets: max(10, min(100, width - 10)))
        let shown = chart.shownBuckets
        let chartLines = chart.lines(of: shown)
        if chartLines.isEmpty {
            lines += PanelText.wrapped("No successful answer in any bucket: nothing to chart.", width: width, role: .bad)
        } else {
            lines.append([(chartLines[0], .title)])
            for text in chartLines.dropFirst() { lines.append(PanelText.chart(text)) }
        }
        lines.append([])
        let tableBuckets = chart.tableBuckets(atMost: 40)
        let unit = TimelineChart.latencyUnit(of: tableBuckets)
        lines.append([(TimelineChart.tableHeader(unit: unit), .dim)])
        for (b, span) in zip(tableBuckets, TimelineChart.spanCells(of: tableBuckets)) {
            let inFault = chart.overlapsFault(b)
            let cells = [
                span.from.leftPadded(7), span.to.leftPadded(9),
                FigureFormat.rate(perSecond: b.throughput).leftPadded(12), (b.p50.map { unit.format(seconds: $0) } ?? "–").leftPadded(7),
                (b.p99.map { unit.format(seconds: $0) } ?? "–").leftPadded(8), FigureFormat.percent(b.failedShare).leftPadded(7),
                FigureFormat.percent(b.degradedShare).leftPadded(10),
            ]
            lines.append([(inFault ? "▌" : " ", .bad), (cells.joined(separator: " "), b.failed > 0 ? .bad : b.degraded > 0 ? .warning : .normal)])
        }
        if t.fault != nil, tableBuckets.contains(where: t.overlapsFault) {
            lines.append([("▌", .bad), (t.faultWindows.count > 1 ? " buckets that overlap a fault" : " buckets that overlap the fault", .dim)])
        }
        return lines
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
