import MLSDCore
@testable import MLSDSim
import MLSDExport
import Testing

/// The tornado's bars as text: `▓` a better p99, `█` a worse one, `░` a move within the seed-to-seed
/// noise whichever way it goes, on one scale (the largest finite move fills a half).
struct TornadoChartTests {
    static func outcome(_ ms: Double) -> SensitivityResult.Outcome {
        .init(p99: ms / 1000, errorRate: 0, costPerMonth: 100, isStable: true)
    }

    static func result(noise: Double?) -> SensitivityResult {
        var big = SensitivityResult.Row(component: "scorer", parameter: .serviceTime)
        big.down = outcome(80); big.up = outcome(140)
        var small = SensitivityResult.Row(component: "gateway", parameter: .serviceTime)
        small.down = outcome(103); small.up = outcome(98)   // a faster gateway, a slower answer: chance
        var r = SensitivityResult(base: outcome(100), rows: [big, small], change: 0.2)
        r.noiseP99 = noise
        return r
    }

    @Test func movesWithinTheNoiseAreLightShade() {
        let chart = TornadoChart(result: Self.result(noise: 0.004), half: 10)
        #expect(chart.bar(Self.result(noise: 0.004).rows[0]) == "     ▓▓▓▓▓│██████████")
        #expect(chart.bar(Self.result(noise: 0.004).rows[1]) == "         ░│░         ")
        #expect(chart.noiseLegend == "░ a move within the noise (the design as it is moves its p99 by up to 4 ms with other seeds at this length)")
        // Without a measured noise the same moves are drawn as what they read.
        let plain = TornadoChart(result: Self.result(noise: nil), half: 10)
        #expect(plain.bar(Self.result(noise: nil).rows[1]) == "         █│▓         ")
        #expect(plain.noiseLegend == nil)
    }
}
