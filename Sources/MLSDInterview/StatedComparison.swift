public import MLSDCore
public import MLSDSim

/// A number the candidate stated in a note beside what the simulator measured on the design.
public struct StatedComparison: Hashable, Sendable {
    public enum Verdict: String, Hashable, Sendable {
        /// The simulation agrees: a target met, an estimate within 25 %.
        case agrees = "agrees"
        /// The simulation misses the stated target (slower, dearer, less available).
        case misses = "simulation misses it"
        /// An estimate more than 25 % away from the simulated figure.
        case differs = "differs by more than 25%"
    }

    /// The figure as stated.
    public var figure: NoteFigure
    /// What it was compared with (`p99 latency`, `throughput`, `cost per month`…).
    public var measure: String
    /// The simulated figure, formatted.
    public var simulated: String
    public var verdict: Verdict
    /// The note it came from.
    public var note: String

    /// Compares every stated figure in the notes that the simulator measures: durations with a
    /// percentile (`p99 < 150ms`) against that percentile, rates against the throughput, money
    /// against the monthly cost, percentages of 90 % and more against the availability, replica
    /// counts against the replicas of the design's model servers (all components when it has none).
    ///
    /// - Parameters:
    ///   - notes: note lines, in order.
    ///   - result: the simulation of the candidate's design.
    ///   - design: the candidate's design.
    public static func compare(notes: [String], result: SimulationResult, design: Design) -> [StatedComparison] {
        var out: [StatedComparison] = []
        var seen = Set<String>()
        for note in notes {
            for figure in NoteFigure.all(in: note) {
                guard let c = compare(figure, note: note, result: result, design: design), seen.insert(c.measure + "|" + figure.text).inserted else { continue }
                out.append(c)
            }
        }
        return out
    }

    static func compare(_ figure: NoteFigure, note: String, result: SimulationResult, design: Design) -> StatedComparison? {
        let v = figure.value
        switch figure.kind {
        case .duration:
            guard let p = figure.percentile else { return nil }
            let measured: Double
            switch p {
            case ..<75: measured = result.latency.p50
            case ..<97: measured = result.latency.p95
            case ..<99.5: measured = result.latency.p99
            default: measured = result.latency.p999
            }
            let label = p < 75 ? "p50" : p < 97 ? "p95" : p < 99.5 ? "p99" : "p99.9"
            return StatedComparison(figure: figure, measure: "\(label) latency", simulated: FigureFormat.duration(seconds: measured),
                                    verdict: measured <= v ? .agrees : .misses, note: note)
        case .rate:
            return StatedComparison(figure: figure, measure: "throughput", simulated: FigureFormat.rate(perSecond: result.throughput),
                                    verdict: within(v, result.throughput) ? .agrees : .differs, note: note)
        case .money:
            return StatedComparison(figure: figure, measure: "cost per month", simulated: FigureFormat.money(result.cost.perMonth),
                                    verdict: result.cost.perMonth <= v * 1.25 ? .agrees : .misses, note: note)
        case .percentage:
            guard v >= 0.9, v <= 1 else { return nil }
            return StatedComparison(figure: figure, measure: "availability", simulated: FigureFormat.availability(result.availability),
                                    verdict: result.availability >= v ? .agrees : .misses, note: note)
        case .replicas:
            let models = design.components.filter { [ComponentKind.modelServer, .ranker].contains($0.kind) }
            let replicas = (models.isEmpty ? design.components : models).map(\.replicas).reduce(0, +)
            return StatedComparison(figure: figure, measure: models.isEmpty ? "replicas in the design" : "model-server replicas in the design",
                                    simulated: "\(replicas)", verdict: within(v, Double(replicas)) ? .agrees : .differs, note: note)
        case .size, .count:
            return nil
        }
    }

    /// True when `a` and `b` are within 25 % of the larger.
    static func within(_ a: Double, _ b: Double) -> Bool {
        let m = max(abs(a), abs(b))
        return m == 0 || abs(a - b) <= 0.25 * m
    }
}
