extension OfflinePlan {
    /// The offline half as plain text for `mlsd show` and `mlsd simulate`: a table of stages
    /// (schedule, run, workers, cost), the freshness where the request path reads, the label delay
    /// and skew risks. Lines fit `width` columns; empty when the design has no offline component.
    public func reportLines(width: Int = 80) -> [String] {
        guard !isEmpty else { return [] }
        var lines = ["Offline pipelines: \(FigureFormat.money(offlinePerMonth))/month (training and evaluation \(FigureFormat.money(trainingPerMonth)))"]
        let header = ["ID", "SCHEDULE", "RUN", "WORKERS", "$/RUN", "$/MONTH"]
        var rows: [[String]] = []
        for s in stages {
            rows.append([s.id, s.scheduleText, s.runText ?? "–", s.workersText, s.costPerRunText ?? "–", s.costPerMonthText])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let rightAligned: Set<Int> = [2, 4, 5]
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                rightAligned.contains(i) ? String(repeating: " ", count: max(0, widths[i] - cell.count)) + cell : cell.padded(widths[i])
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
        lines.append("  " + format(header))
        for (row, s) in zip(rows, stages) {
            lines.append("  " + format(row))
            let under = s.kind.rawValue + (s.feeds.isEmpty ? "" : "; feeds → " + s.feeds.joined(separator: ", "))
            lines += TextWrap.lines(under, width: width - 6).map { "      " + $0 }
        }
        if !served.isEmpty {
            lines.append("Where the request path reads offline output (worst case)")
            for s in served {
                var parts: [String] = []
                if let f = s.featureStaleness { parts.append("features ≤ \(FigureFormat.age(seconds: f)) stale (\(describeChain(s.featureChain)))") }
                if let m = s.modelAge { parts.append("model ≤ \(FigureFormat.age(seconds: m)) old (\(describeChain(s.modelChain)))") }
                guard !parts.isEmpty else { continue }
                lines += TextWrap.lines(s.title + ": " + parts.joined(separator: "; "), width: width - 4).enumerated().map { ($0 == 0 ? "  " : "    ") + $1 }
            }
        }
        if let d = labelDelay {
            let sources = stages.filter { $0.kind == .labelSource }.map(\.title).joined(separator: ", ")
            lines.append("Label delay ≤ \(FigureFormat.age(seconds: d)) (\(sources))")
        }
        for risk in skewRisks { lines += TextWrap.lines("Skew risk: " + describe(risk), width: width) }
        for id in overlapping {
            lines += TextWrap.lines("Overlap: a run of \(self[stage: id]?.title ?? id) is longer than its period; runs pile up", width: width)
        }
        return lines
    }
}

extension OfflinePlan.Stage {
    /// The stage's figures as `mlsd show`, `mlsd simulate`, the design doc and the TUI's inspector
    /// print them, so that one stage reads the same everywhere.
    ///
    /// `every 24h`, `continuous`, `always on`.
    public var scheduleText: String { schedule?.description ?? "always on" }
    /// A run's length, `3 h`, `7.5 min`; nil for continuous and always-on stages.
    public var runText: String? { runSeconds.map { FigureFormat.age(seconds: $0) } }
    /// Workers and what they run on: `8 CPU`, `2 T4`, `3` (a store).
    public var workersText: String { "\(workers)" + (compute.map { " " + $0.title.replacingOccurrences(of: " GPU", with: "") } ?? "") }
    /// A run's cost, `$8.16`; nil for continuous and always-on stages.
    public var costPerRunText: String? { costPerRun.map(FigureFormat.money) }
    /// The monthly cost, `$248`.
    public var costPerMonthText: String { FigureFormat.money(costPerMonth) }
}
