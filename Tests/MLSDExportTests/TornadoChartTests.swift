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
        small.down = outcome(98); small.up = outcome(103)   // moves as small as the noise
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
        #expect(plain.bar(Self.result(noise: nil).rows[1]) == "         ▓│█         ")
        #expect(plain.noiseLegend == nil)
    }

    /// A side that moved p99 the way its parameter cannot (a slower service, a faster answer) with
    /// the errors and fallbacks unchanged is chance however large: drawn `░`, said in the legend,
    /// and it does not rank its row. With an error rate that moved it is a measured effect (a
    /// slower service timing out leaves faster answers).
    @Test func aMoveAgainstItsParameterIsChance() {
        var both = SensitivityResult.Row(component: "gateway", parameter: .serviceTime)
        both.down = Self.outcome(90); both.up = Self.outcome(95)    // faster and slower both better
        var replicas = SensitivityResult.Row(component: "scorer", parameter: .replicas)
        replicas.down = Self.outcome(130); replicas.up = Self.outcome(104)   // more replicas, slower: chance
        var timedOut = SensitivityResult.Row(component: "ranker", parameter: .serviceTime)
        timedOut.down = Self.outcome(101); timedOut.up = Self.outcome(70)
        timedOut.up?.errorRate = 0.05
        var r = SensitivityResult(base: Self.outcome(100), rows: [both, replicas, timedOut], change: 0.2)
        #expect(!r.movesAgainstItsParameter(both, up: false) && r.movesAgainstItsParameter(both, up: true))
        #expect(!r.movesAgainstItsParameter(replicas, up: false) && r.movesAgainstItsParameter(replicas, up: true))
        #expect(!r.movesAgainstItsParameter(timedOut, up: true), "its error rate moved: measured")
        #expect(r.movesAgainstItsParameter(timedOut, up: false), "a faster ranker, a slower answer, nothing else moved")
        #expect(abs(r.rankingSwing(both) - 0.01) < 1e-12 && abs(r.rankingSwing(replicas) - 0.03) < 1e-12 && abs(r.rankingSwing(timedOut) - 0.03) < 1e-12)
        let chart = TornadoChart(result: r, half: 10)
        // One scale, the largest move (30 ms) filling a half of 10 cells.
        #expect(chart.bar(both) == "       ▓▓▓│░░        ", "\(chart.bar(both))")
        #expect(chart.bar(replicas) == "██████████│░         ", "\(chart.bar(replicas))")
        #expect(chart.noiseLegend?.hasPrefix("░ a move its parameter cannot make") == true, "\(chart.noiseLegend ?? "")")
        r.noiseP99 = 0.001
        #expect(TornadoChart(result: r, half: 10).noiseLegend?.contains("with other seeds at this length) or a move its parameter cannot make") == true)
        #expect(!SensitivityResult(base: Self.outcome(100), rows: [Self.result(noise: nil).rows[0]], change: 0.2).hasMovesAgainstParameters)
        // A base that read unstable (too short to settle) is no excuse: both sides "better" than it
        // still has one against its parameter, drawn `░`.
        var unsettledBase = Self.outcome(100)
        unsettledBase.isStable = false
        unsettledBase.isAnalyticallyStable = true
        let shaky = SensitivityResult(base: unsettledBase, rows: [both], change: 0.2)
        #expect(shaky.movesAgainstItsParameter(both, up: true) && !shaky.movesAgainstItsParameter(both, up: false))
        #expect(TornadoChart(result: shaky, half: 10).bar(both).contains("░"), "\(TornadoChart(result: shaky, half: 10).bar(both))")
    }

    /// A variant unstable in its run though under capacity by the queueing model is drawn `?` by its
    /// move and ranked by it; a truly unstable one stays `!` and first (support-chat's top row was
    /// `small_llm replicas 8→6 !` while the agents it did not touch read 103 %).
    @Test func anUnsettledVariantIsDrawnByItsMoveNotAsUnstable() {
        var unsettled = Self.outcome(130)
        unsettled.isStable = false
        unsettled.isAnalyticallyStable = true
        var overloaded = Self.outcome(400)
        overloaded.isStable = false
        var noisy = SensitivityResult.Row(component: "small_llm", parameter: .replicas)
        noisy.down = unsettled; noisy.up = Self.outcome(99)
        var real = SensitivityResult.Row(component: "scorer", parameter: .serviceTime)
        real.down = Self.outcome(60); real.up = overloaded
        let base = Self.outcome(100)
        #expect(unsettled.isUnsettled && !overloaded.isUnsettled && !Self.outcome(99).isUnsettled)
        #expect(abs(noisy.p99Swing(from: base) - 0.03) < 1e-12 && real.p99Swing(from: base) == .infinity)
        let r = SensitivityResult(base: base, rows: [real, noisy], change: 0.2)
        let chart = TornadoChart(result: r, half: 10)
        #expect(chart.bar(real) == "▓▓▓▓▓▓▓▓▓▓│!!!!!!!!!!")
        #expect(chart.bar(noisy) == "   ???????│          ", "30 ms of a 40 ms scale: \(chart.bar(noisy))")
        #expect(chart.p99Cell(noisy) == "130?/99")
        #expect(chart.unsettledLegend != nil && TornadoChart(result: Self.result(noise: nil), half: 10).unsettledLegend == nil)
    }
}
