public import MLSDSim
public import MLSDCore

/// p99 against load as a column chart: one column per curve point, the p99 requirement (the SLO)
/// as a dashed row of `┄`, the maximum and the knee marked under the axis.
///
/// Pure text, 8 + 6 × points columns wide (68 for the search's 10 points, so it fits 80), drawn
/// the same by `mlsd capacity` and the TUI's capacity panel.
///
///     CapacityChart(curve: result.curve, target: 0.05, maximum: result.maxQPS?.mean, knee: result.knee).lines
public struct CapacityChart: Sendable {
    public var curve: [CapacityResult.Probe]
    /// The p99 requirement, seconds.
    public var target: Double?
    /// The answer's rate (requests per second), marked `max` under its column.
    public var maximum: Double?
    public var knee: Double?
    /// Rows of bars.
    public static let height = 8
    /// Columns per curve point.
    public static let columnWidth = 6

    public init(curve: [CapacityResult.Probe], target: Double?, maximum: Double?, knee: Double?) {
        self.curve = curve
        self.target = target
        self.maximum = maximum
        self.knee = knee
    }

    /// The chart's rows, without trailing spaces.
    public var lines: [String] {
        let finite = curve.map(\.p99).filter(\.isFinite)
        guard !finite.isEmpty else { return ["  (no successful answers to chart)"] }
        let (top, targetRow) = Self.scale(highest: finite.max() ?? 0, target: target)
        guard top > 0 else { return [] }
        let unit = self.unit
        var out: [String] = []
        for row in stride(from: Self.height - 1, through: 0, by: -1) {
            let axisValue = top * Double(row + 1) / Double(Self.height)
            var line = unit.format(seconds: axisValue).chartLeftPadded(6) + " ┤"
            for p in curve {
                let v = p.p99.isFinite ? p.p99 : top
                let eighths = Int((v / top * Double(Self.height) * 8).rounded())
                let full = eighths / 8, rest = eighths % 8
                let isTarget = row == targetRow
                let cell: String
                if row < full {
                    cell = "█"
                } else if row == full, rest > 0 {
                    cell = ChartBlocks.eighths[rest]
                } else {
                    cell = isTarget ? "┄" : " "
                }
                let pad: String = isTarget ? "┄" : " "
                let left = String(repeating: pad, count: 2)
                let right = String(repeating: pad, count: Self.columnWidth - 4)
                line += left + cell + cell + right
            }
            out.append(line.chartTrimmed)
        }
        out.append("       └" + String(repeating: "─", count: curve.count * Self.columnWidth))
        let rates = rateUnit
        out.append(("        " + curve.map { rates.format(perSecond: $0.rate).padded(Self.columnWidth) }.joined()).chartTrimmed)
        var marks = "        "
        for p in curve {
            var m = ""
            if isMaximum(p.rate) { m = "max" }
            if let knee, abs(p.rate - knee) < 1e-9 * max(1, knee) { m = m.isEmpty ? "knee" : "max,knee" }
            marks += m.padded(Self.columnWidth)
        }
        if marks.contains(where: { $0 != " " }) { out.append(marks.chartTrimmed) }
        // A rate whose run failed a requirement (or was unstable) is marked: with several seeds the
        // answer is their mean, and the curve's seed may fail at it.
        if curve.contains(where: { !$0.passes }) {
            out.append(("        " + curve.map { ($0.passes ? "" : "fail").padded(Self.columnWidth) }.joined()).chartTrimmed)
        }
        out.append("        \(rates.caption); █ p99 of successful answers")
        if curve.contains(where: { !$0.p99.isFinite }) { out.append("        a full column: none answered") }
        if curve.contains(where: { !$0.passes }) {
            let maximumFails = curve.contains { !$0.passes && isMaximum($0.rate) }
            out.append(maximumFails ? "        fail: this seed fails there; max is the mean of every seed's answer"
                                    : "        fail: a requirement failed, or the run was unstable, at that rate")
        }
        return out
    }

    /// The axis's unit, from its top label (the largest it prints): milliseconds, or seconds for
    /// an LLM design's p99. A title over the chart names it (`p99 in s against load`).
    public var unit: FigureFormat.LatencyUnit {
        let finite = curve.map(\.p99).filter(\.isFinite)
        return FigureFormat.LatencyUnit(forSeconds: [Self.scale(highest: finite.max() ?? 0, target: target).top])
    }

    /// The rate axis's unit, from its largest label, so every label reads in one scale
    /// (`0.456 0.913 1.37 … 4.56` thousands, where each alone read `456 913 1.37k … 4.56k`);
    /// the caption under the axis names it (`thousands of requests per second`).
    public var rateUnit: FigureFormat.RateUnit { FigureFormat.RateUnit(forPerSecond: curve.map(\.rate)) }

    /// True when `rate` is the answer's (the curve's points are fractions of it).
    func isMaximum(_ rate: Double) -> Bool {
        guard let maximum else { return false }
        return abs(rate - maximum) < 1e-9 * max(1, maximum)
    }

    /// The axis top and the row the SLO line is drawn in. Row r (from 0 at the bottom) holds the
    /// values up to its label, top·(r + 1)/height; the top is chosen so that the SLO is exactly a
    /// row's label, with the SLO row at most height − 2 so a fifth of the chart stays above it
    /// for bars that cross it. A highest value more than height/1.05 times the SLO leaves the
    /// SLO in the lowest row, under its label.
    static func scale(highest: Double, target: Double?) -> (top: Double, targetRow: Int?) {
        let needed = highest * 1.05
        guard let target, target > 0 else { return (needed, nil) }
        // The largest label index k (1…height−1) with target·height/k ≥ needed: the SLO at row k − 1.
        let k = min(Self.height - 1, Int((target * Double(Self.height) / max(needed, target * 1.25)).rounded(.down)))
        if k >= 1 { return (target * Double(Self.height) / Double(k), k - 1) }
        return (needed, 0)
    }
}

/// Block characters for bars measured in eighths of a cell.
enum ChartBlocks {
    /// `eighths[n]` fills n eighths of a cell from the bottom (`""` for none).
    static let eighths = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
}

extension String {
    func chartLeftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    var chartTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
