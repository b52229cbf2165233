public import MLSDSim
import MLSDCore

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
        let top = max(finite.max() ?? 0, (target ?? 0) * 1.25) * 1.05
        guard top > 0 else { return [] }
        let targetRow = target.map { Int(($0 / top * Double(Self.height)).rounded(.down)) }
        var out: [String] = []
        for row in stride(from: Self.height - 1, through: 0, by: -1) {
            let axisValue = top * Double(row + 1) / Double(Self.height)
            var line = FigureFormat.milliseconds(seconds: axisValue).chartLeftPadded(6) + " ┤"
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
        out.append(("        " + curve.map { FigureFormat.rate(perSecond: $0.rate).replacingOccurrences(of: "/s", with: "").padded(Self.columnWidth) }.joined()).chartTrimmed)
        var marks = "        "
        for p in curve {
            var m = ""
            if let maximum, abs(p.rate - maximum) < 1e-9 * max(1, maximum) { m = "max" }
            if let knee, abs(p.rate - knee) < 1e-9 * max(1, knee) { m = m.isEmpty ? "knee" : "max,knee" }
            marks += m.padded(Self.columnWidth)
        }
        if marks.contains(where: { $0 != " " }) { out.append(marks.chartTrimmed) }
        out.append("        requests per second; █ p99 of successful answers" + (curve.contains { !$0.p99.isFinite } ? " (full column: none answered)" : ""))
        return out
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
