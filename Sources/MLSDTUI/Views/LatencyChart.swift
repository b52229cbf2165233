import Foundation
import MLSDCore

/// A latency histogram and CDF drawn with block characters from a run's quantiles, with vertical
/// lines at the latency requirements.
struct LatencyChart {
    /// `quantiles[i]` is the `i/200` quantile in seconds (``SimulationResult/latencyQuantiles``).
    var quantiles: [Double]
    /// Requirement lines: label and seconds (`p99<50ms`).
    var targets: [(label: String, seconds: Double)]

    static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Fraction of requests at or below `x` seconds, interpolated between quantiles.
    func cdf(_ x: Double) -> Double {
        guard let first = quantiles.first, let last = quantiles.last else { return 0 }
        if x < first { return 0 }
        if x >= last { return 1 }
        var lo = 0, hi = quantiles.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if quantiles[mid] <= x { lo = mid } else { hi = mid }
        }
        // Several quantiles can share a value (a bucket); the CDF jumps to the last of them.
        let span = quantiles[hi] - quantiles[lo]
        let within = span > 0 ? (x - quantiles[lo]) / span : 1
        return (Double(lo) + within) / Double(quantiles.count - 1)
    }

    /// The right end of the axis: the 99.5th percentile, widened to show requirement lines near it.
    var axisMax: Double {
        guard quantiles.count == 201 else { return 1 }
        var top = quantiles[199]
        for t in targets where t.seconds > top && t.seconds <= top * 4 { top = t.seconds }
        return max(top * 1.05, 1e-6)
    }

    /// Lines of the chart, `width` columns wide: a title, the histogram (`height` rows), the CDF
    /// (`height` rows), and the axis.
    func lines(width: Int, height: Int) -> [(String, StyleRole)] {
        guard quantiles.count == 201, width >= 20 else { return [("no successful requests to draw", .dim)] }
        let columns = width
        let top = axisMax
        let step = top / Double(columns)
        var mass = [Double](repeating: 0, count: columns)
        var cum = [Double](repeating: 0, count: columns)
        for c in 0..<columns {
            let a = cdf(Double(c) * step), b = cdf(Double(c + 1) * step)
            mass[c] = b - a
            cum[c] = b
        }
        let peak = max(mass.max() ?? 0, 1e-12)
        var marks: [Int: String] = [:]
        for t in targets {
            let c = Int(t.seconds / step)
            if c >= 0, c < columns { marks[c] = t.label }
        }
        func row(_ values: [Double], scale: Double, level: Int) -> String {
            var s = ""
            for c in 0..<columns {
                let eighths = Int((values[c] / scale * Double(height * 8)).rounded())
                let here = max(0, min(8, eighths - level * 8))
                if here == 0, marks[c] != nil { s.append("┊") } else { s.append(Self.blocks[here]) }
            }
            return s
        }
        var out: [(String, StyleRole)] = []
        let labels = marks.sorted { $0.key < $1.key }.map { "┊ \($0.value)" }.joined(separator: "  ")
        out.append(("latency histogram" + (labels.isEmpty ? "" : "   " + labels), .dim))
        for level in stride(from: height - 1, through: 0, by: -1) { out.append((row(mass, scale: peak, level: level), .accent)) }
        out.append(("cumulative (CDF)", .dim))
        for level in stride(from: height - 1, through: 0, by: -1) { out.append((row(cum, scale: 1, level: level), .good)) }
        // The start, the middle and the end in one unit: "750 ms … 1.5 s" read as two scales,
        // and a bare "0" as none.
        let axisLabels = FigureFormat.durations(seconds: [0, top / 2, top])
        let left = axisLabels[0], mid = axisLabels[1], right = axisLabels[2]
        var axis = left + String(repeating: " ", count: max(1, columns / 2 - left.count - mid.count / 2)) + mid
        axis += String(repeating: " ", count: max(1, columns - axis.count - right.count)) + right
        out.append((axis, .dim))
        return out
    }
}
