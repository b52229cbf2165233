import MLSDExport
@testable import MLSDSim
import Testing

/// The capacity chart as golden text: where the SLO line sits, and how a failing rate is shown.
@Suite("Capacity chart") struct CapacityChartTests {
    static func probe(_ rate: Double, _ p99Milliseconds: Double, passes: Bool = true) -> CapacityResult.Probe {
        CapacityResult.Probe(rate: rate, p99: p99Milliseconds / 1000, failing: [], passes: passes, bottleneck: "s", utilization: 0.5)
    }

    /// The SLO is a row's label, so the ┄ row reads "200" for a 200 ms SLO (it was drawn on the
    /// row labelled 230, the band above its value); a bar that reaches the SLO fills that row.
    @Test func theSLOLineSitsOnItsOwnValue() {
        let curve = [Self.probe(1_000, 40), Self.probe(2_000, 100), Self.probe(3_000, 200)]
        let lines = CapacityChart(curve: curve, target: 0.2, maximum: 3_000, knee: 2_000).lines
        #expect(lines == [
            "   267 ┤",
            "   233 ┤",
            "   200 ┤┄┄┄┄┄┄┄┄┄┄┄┄┄┄██┄┄",
            "   167 ┤              ██",
            "   133 ┤              ██",
            "   100 ┤        ██    ██",
            "  66.7 ┤  ▂▂    ██    ██",
            "  33.3 ┤  ██    ██    ██",
            "       └──────────────────",
            "        1     2     3",
            "              knee  max",
            "        thousands of requests per second; █ p99 of successful answers",
        ])
    }

    /// The rate labels read in the unit of the largest, named once in the caption: a curve up to
    /// 4.56k/s reads `0.456 … 4.56` thousands (each label alone read `456 913 1.37k`: two scales
    /// on one axis); one up to 500/s reads in requests per second; one up to 2.5M/s in millions.
    @Test func theRateAxisReadsInOneUnit() {
        let curve = (1...10).map { Self.probe(456 * Double($0), 20) }
        let lines = CapacityChart(curve: curve, target: 0.05, maximum: 4_560, knee: nil).lines
        #expect(lines.contains("        0.456 0.912 1.37  1.82  2.28  2.74  3.19  3.65  4.1   4.56"), "\(lines)")
        #expect(lines.contains("        thousands of requests per second; █ p99 of successful answers"))
        #expect(!lines.contains { $0.contains("k ") || $0.hasSuffix("k") })
        let small = CapacityChart(curve: [Self.probe(50, 20), Self.probe(500, 30)], target: 0.05, maximum: 500, knee: nil).lines
        #expect(small.contains("        50    500"), "\(small)")
        #expect(small.last == "        requests per second; █ p99 of successful answers")
        let large = CapacityChart(curve: [Self.probe(250_000, 20), Self.probe(2_500_000, 30)], target: 0.05, maximum: 2_500_000, knee: nil).lines
        #expect(large.contains("        0.25  2.5"), "\(large)")
        #expect(large.last == "        millions of requests per second; █ p99 of successful answers")
    }

    /// A point whose run failed is marked under the axis; when it is the maximum (the mean of the
    /// seeds' answers, which this seed may not sustain) the legend says why.
    @Test func aFailingRateIsMarked() {
        let curve = [Self.probe(500, 20), Self.probe(1_000, 30, passes: false)]
        let atMaximum = CapacityChart(curve: curve, target: 0.05, maximum: 1_000, knee: nil).lines
        #expect(atMaximum.suffix(3) == [
            "              fail",
            "        thousands of requests per second; █ p99 of successful answers",
            "        fail: this seed fails there; max is the mean of every seed's answer",
        ])
        let below = CapacityChart(curve: curve, target: 0.05, maximum: 2_000, knee: nil).lines
        #expect(below.last == "        fail: a requirement failed, or the run was unstable, at that rate")
        #expect(atMaximum.allSatisfy { $0.count <= 80 })
    }

    /// A p99 far above the SLO (more than 7.6× it) keeps the whole bar on the chart; the SLO line
    /// then falls in the lowest row.
    @Test func aTallBarPutsTheSLOInTheLowestRow() {
        let lines = CapacityChart(curve: [Self.probe(100, 1_000)], target: 0.05, maximum: 100, knee: nil).lines
        #expect(lines[0] == "  1050 ┤  ▅▅", "1000 of 1050 ms: 7 rows and 5 eighths")
        #expect(lines.filter { $0.contains("┄") } == ["   131 ┤┄┄██┄┄"], "the SLO line in the lowest row, behind the bar")
    }
}
