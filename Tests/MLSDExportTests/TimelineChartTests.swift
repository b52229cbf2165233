import MLSDCore
import MLSDExport
@testable import MLSDSim
import Testing

/// The timeline chart as golden text: the axis in milliseconds for a fast design, in seconds for
/// an LLM design's p99 (it read "44399 / 36999 / 29599"), and the fault window as the user typed it.
@Suite("Timeline chart") struct TimelineChartTests {
    /// Ten 1 s buckets, p99 `p99Seconds` each and `during` inside the window 4–6.25 s.
    static func timeline(p99Seconds: Double, during: Double) -> Timeline {
        let buckets = (0..<10).map { i -> Timeline.Bucket in
            let p99 = (4..<7).contains(i) ? during : p99Seconds
            return Timeline.Bucket(start: Double(i), end: Double(i + 1), completed: 100, failed: 0, degraded: 0, p50: p99 / 2, p99: p99)
        }
        return Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [4...6.25], recoverySeconds: 1, failedByFault: 0, degradedByFault: 0)
    }

    @Test func anAxisOfSecondsReadsInSeconds() {
        let chart = TimelineChart(timeline: Self.timeline(p99Seconds: 20.477, during: 44.399))
        #expect(chart.lines == [
            "p99 per bucket (s; ! no successful answer):",
            "   44.4 ┤    ███   ",
            "     37 ┤    ███   ",
            "   29.6 ┤    ███   ",
            "   22.2 ┤▆▆▆▆███▆▆▆",
            "   14.8 ┤██████████",
            "    7.4 ┤██████████",
            "        └────▀▀▀───",
            "         0 s … 10 s; ▀ the fault",
        ])
        #expect(TimelineChart.latencyUnit(of: chart.shownBuckets) == .seconds)
        #expect(TimelineChart.tableHeader(unit: .seconds) == "   FROM        TO     ANSWERS/S   P50 S    P99 S  FAILED   DEGRADED")
    }

    @Test func anAxisOfMillisecondsIsUnchanged() {
        let chart = TimelineChart(timeline: Self.timeline(p99Seconds: 0.012, during: 0.045))
        #expect(chart.lines == [
            "p99 per bucket (ms; ! no successful answer):",
            "     45 ┤    ███   ",
            "   37.5 ┤    ███   ",
            "     30 ┤    ███   ",
            "   22.5 ┤    ███   ",
            "     15 ┤▅▅▅▅███▅▅▅",
            "    7.5 ┤██████████",
            "        └────▀▀▀───",
            "         0 s … 10 s; ▀ the fault",
        ])
        #expect(TimelineChart.latencyUnit(of: chart.shownBuckets) == .milliseconds)
        #expect(TimelineChart.tableHeader(unit: .milliseconds) == "   FROM        TO     ANSWERS/S  P50 MS   P99 MS  FAILED   DEGRADED")
    }

    /// The axis's ends and the table's FROM and TO read in one unit: they read "0 ms … 10 s" and
    /// "0 ms  1 s" (each figure formatted alone, 0 in milliseconds); a run under a second keeps
    /// milliseconds throughout.
    @Test func startsAndEndsReadInOneUnit() {
        let t = Self.timeline(p99Seconds: 0.012, during: 0.045)
        #expect(TimelineChart(timeline: t).lines.last == "         0 s … 10 s; ▀ the fault")
        let spans = TimelineChart.spanCells(of: t.buckets)
        #expect(spans.count == 10)
        #expect(spans[0] == ("0 s", "1 s") && spans[9] == ("9 s", "10 s"), "\(spans)")
        let short = t.buckets.prefix(4).map { b -> Timeline.Bucket in
            var b = b
            b.start /= 10
            b.end /= 10
            return b
        }
        #expect(TimelineChart.spanCells(of: Array(short)).map(\.from) == ["0 ms", "100 ms", "200 ms", "300 ms"])
        #expect(TimelineChart.spanCells(of: Array(short)).last?.to == "400 ms")
    }

    /// 5 ms buckets at 8.6 s read `8.65 s   8.65 s` (start and end alike): a fourth digit parts them.
    @Test func aBucketsEndsNeverReadAlike() {
        let buckets = [8.640, 8.645, 8.650].map { Timeline.Bucket(start: $0, end: $0 + 0.005, completed: 10, failed: 0, degraded: 0, p50: 0.01, p99: 0.02) }
        let spans = TimelineChart.spanCells(of: buckets)
        #expect(spans.map(\.from) == ["8.64 s", "8.645 s", "8.65 s"], "\(spans)")
        #expect(spans.map(\.to) == ["8.645 s", "8.65 s", "8.655 s"], "\(spans)")
        #expect(TimelineChart.spanCells(of: [Timeline.Bucket(start: 8, end: 9, completed: 1, failed: 0, degraded: 0, p50: nil, p99: nil)]).first! == ("8 s", "9 s"))
    }

    /// A window that ends at 12.25 s reads "12.25 s" (it read "12.3 s": three significant digits).
    @Test func faultWindowsReadAsTyped() {
        var t = Self.timeline(p99Seconds: 0.012, during: 0.045)
        t.faultWindows = [10.5...12.25]
        #expect(t.faultWindowsText == "10.5 s to 12.25 s")
        t.faultWindows = [0.25...1, 10...20, 90...125.125]
        #expect(t.faultWindowsText == "250 ms to 1 s, 10 s to 20 s, 90 s to 125.125 s")
    }

    /// A table of 40 of 45 buckets keeps every bucket of the fault (evenly over all, one of a
    /// 5-bucket fault could be left out); the chart's columns stay evenly spaced in time.
    @Test func aTableOfSomeBucketsKeepsThoseInTheFault() {
        let buckets = (0..<45).map { Timeline.Bucket(start: Double($0), end: Double($0 + 1), completed: 100, failed: 0, degraded: 0, p50: 0.01, p99: 0.02) }
        let t = Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [20...25], recoverySeconds: nil, failedByFault: 0, degradedByFault: 0, runSeconds: 45)
        let chart = TimelineChart(timeline: t)
        let rows = chart.tableBuckets(atMost: 40)
        #expect(rows.count == 40)
        #expect(rows.filter(t.overlapsFault).count == 5)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.start < $1.start }, "in time order")
        #expect(rows.first?.start == 0)
        #expect(chart.shownBuckets == TimelineChart.sample(buckets, atMost: 40), "the chart: evenly spaced")
        // A fault longer than half the rows gets half of them, evenly spaced.
        let long = Timeline(bucketSeconds: 1, buckets: buckets, faultWindows: [0...40], recoverySeconds: nil, failedByFault: 0, degradedByFault: 0, runSeconds: 45)
        let longRows = TimelineChart(timeline: long).tableBuckets(atMost: 10)
        #expect(longRows.count == 10 && longRows.filter(long.overlapsFault).count == 5)
    }
}
