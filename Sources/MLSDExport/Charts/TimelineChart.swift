public import MLSDSim
public import MLSDCore

/// p99 per time bucket as columns, one character each, with the fault window underlined by `▀`
/// on the axis; `!` marks a bucket with no successful answer.
///
/// Pure text, 9 + buckets columns wide; drawn the same by `mlsd simulate --timeline` and the TUI's
/// fault panel. Long runs are sampled to at most ``maximumBuckets`` evenly spaced buckets first.
///
///     TimelineChart(timeline: t).lines
public struct TimelineChart: Sendable {
    public var timeline: Timeline
    /// Buckets drawn at most (evenly spaced when the run has more).
    public var maximumBuckets: Int
    /// Rows of bars.
    public static let height = 6

    public init(timeline: Timeline, maximumBuckets: Int = 40) {
        self.timeline = timeline
        self.maximumBuckets = max(1, maximumBuckets)
    }

    /// The buckets drawn: every one, or `maximumBuckets` evenly spaced.
    public var shownBuckets: [Timeline.Bucket] { Self.sample(timeline.buckets, atMost: maximumBuckets) }

    /// The rows of a table of the buckets (at most `n`): those inside a fault first, as
    /// ``sample(_:atMost:keeping:)`` keeps them; the chart's columns stay evenly spaced in time.
    public func tableBuckets(atMost n: Int = 40) -> [Timeline.Bucket] {
        Self.sample(timeline.buckets, atMost: n, keeping: timeline.overlapsFault)
    }

    /// At most `n` buckets in time order, evenly spaced. Buckets `keeping` picks (those inside a
    /// fault) are all shown when they take at most half the rows, else evenly spaced in that half;
    /// the rest of the rows are spread over the others. Evenly over all, 40 of 45 rows could leave
    /// out a bucket of a 5-second fault.
    public static func sample(_ buckets: [Timeline.Bucket], atMost n: Int, keeping: (Timeline.Bucket) -> Bool = { _ in false }) -> [Timeline.Bucket] {
        guard buckets.count > n, n > 0 else { return buckets }
        func evenly(_ indices: [Int], _ k: Int) -> [Int] {
            guard indices.count > k else { return indices }
            guard k > 0 else { return [] }
            let step = Double(indices.count) / Double(k)
            return (0..<k).map { indices[min(indices.count - 1, Int(Double($0) * step))] }
        }
        let kept = buckets.indices.filter { keeping(buckets[$0]) }
        let chosenKept = evenly(kept, n / 2)
        let others = buckets.indices.filter { !keeping(buckets[$0]) }
        let chosen = (chosenKept + evenly(others, n - chosenKept.count)).sorted()
        return chosen.map { buckets[$0] }
    }

    /// True when the bucket overlaps a window in which some fault is in effect.
    public func overlapsFault(_ b: Timeline.Bucket) -> Bool { timeline.overlapsFault(b) }

    /// The chart's rows (title, bars, axis, legend); empty when no bucket has an answer.
    public var lines: [String] { lines(of: shownBuckets) }

    /// The chart of the given buckets (a sample of the timeline's).
    public func lines(of buckets: [Timeline.Bucket]) -> [String] {
        let values = buckets.map { $0.p99 ?? .infinity }
        let finite = values.filter(\.isFinite)
        guard let top = finite.max(), top > 0 else { return [] }
        let height = Self.height
        // The axis's unit from its top label, the largest it prints.
        let unit = FigureFormat.LatencyUnit(forSeconds: [top])
        var out = ["p99 per bucket (\(unit.symbol); ! no successful answer):"]
        for row in stride(from: height - 1, through: 0, by: -1) {
            var line = unit.format(seconds: top * Double(row + 1) / Double(height)).chartLeftPadded(7) + " ┤"
            for v in values {
                guard v.isFinite else { line += row == 0 ? "!" : " "; continue }
                let eighths = Int((v / top * Double(height) * 8).rounded())
                let full = eighths / 8, rest = eighths % 8
                line += row < full ? "█" : (row == full && rest > 0 ? ChartBlocks.eighths[rest] : " ")
            }
            out.append(line)
        }
        var axis = "        └"
        for b in buckets { axis += overlapsFault(b) ? "▀" : "─" }
        out.append(axis)
        // Both ends in one unit: "0 s … 30 s", not "0 ms … 30 s".
        let ends = FigureFormat.durations(seconds: [buckets.first?.start ?? 0, buckets.last?.end ?? 0])
        // The legend only for a marker drawn: a fault in the run's left-out tail has none.
        let marked = buckets.contains(where: overlapsFault)
        out.append("         \(ends[0]) … \(ends[1])" + (timeline.fault == nil || !marked ? "" : timeline.faultWindows.count > 1 ? "; ▀ the faults" : "; ▀ the fault"))
        return out
    }

    /// The unit of a table of these buckets' p50 and p99 (milliseconds, or seconds for an LLM
    /// design's), from the largest p99; the same as the chart's axis over the same buckets.
    public static func latencyUnit(of buckets: [Timeline.Bucket]) -> FigureFormat.LatencyUnit {
        FigureFormat.LatencyUnit(forSeconds: buckets.compactMap(\.p99))
    }

    /// The FROM and TO cells of a timeline table of these buckets, every one in the unit of the
    /// last end (``FigureFormat/durations(seconds:)``), so the first row reads `0 s  1 s`, not
    /// `0 ms  1 s` above `1 s  2 s`.
    public static func spanCells(of buckets: [Timeline.Bucket]) -> [(from: String, to: String)] {
        // A fourth digit (as many as the column fits) when a bucket's ends read alike: 5 ms buckets at 8.65 s read
        // `8.65 s   8.65 s`.
        var cells: [String] = []
        for digits in 3...4 {
            cells = FigureFormat.durations(seconds: buckets.flatMap { [$0.start, $0.end] }, digits: digits)
            if !buckets.indices.contains(where: { cells[2 * $0] == cells[2 * $0 + 1] }) { break }
        }
        return buckets.indices.map { (cells[2 * $0], cells[2 * $0 + 1]) }
    }

    /// The header of the timeline table (`mlsd simulate --timeline`, the TUI's fault panel), its
    /// p50 and p99 columns headed in `unit`: `P50 MS   P99 MS` or `P50 S    P99 S`.
    public static func tableHeader(unit: FigureFormat.LatencyUnit) -> String {
        let symbol = unit.symbol.uppercased()
        return "   FROM        TO     ANSWERS/S" + "P50 \(symbol)".chartLeftPadded(8) + "P99 \(symbol)".chartLeftPadded(9) + "  FAILED   DEGRADED"
    }
}
