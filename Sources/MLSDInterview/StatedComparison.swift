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
        /// A bound the simulation meets by ten times or more (`p99 under 5 s` for a 27 ms design,
        /// `$1M a month` for $4,348), or an availability under 99 % for a design with 99.9 % or
        /// more (`above 90%`): it says little about the design.
        case tooLoose = "met ten times over: too loose to tell"
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
    /// percentile (`p99 < 150ms`) against that percentile, a time to first token or per output
    /// token against the simulated TTFT or TPOT, rates against the throughput, money against the
    /// monthly cost (not a saving or a loss: `it saves $2k`), percentages of 90 % and more said of
    /// availability against it, replica counts against the replicas of the design's model servers
    /// (all components when it has none). A bound the simulation meets ten times over is too loose
    /// to agree.
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

    /// Words that make a sum of money something other than the design's cost: a saving, a loss,
    /// a price of something else (`it saves $2k`, `fraud losses of $1M`).
    static let notACost = ["save", "saves", "saving", "savings", "saved", "loss", "losses", "lose", "loses", "lost", "cut", "cuts",
                           "reduce", "reduces", "revenue", "worth", "fraud", "refund", "refunds", "basket", "order", "payment", "payments"]
    /// Words that name the design's own spending.
    static let billWords = ["bill", "cost", "costs", "spend", "spending", "budget", "infra", "infrastructure"]
    /// Words that make a percentage an availability.
    static let availabilityWords = ["availability", "available", "uptime", "up", "sla", "slo", "nines", "downtime", "answered", "success"]

    /// The words of the note in the `width` characters before and after the figure.
    static func surroundings(of figure: NoteFigure, in note: String, width: Int = 32) -> (before: [String], after: [String]) {
        guard let r = note.range(of: figure.text) else { return ([], []) }
        let before = String(note[..<r.lowerBound].suffix(width)), after = String(note[r.upperBound...].prefix(width))
        return (NoteReading.words(of: before), NoteReading.words(of: after))
    }

    /// The time to first token or per output token a duration is about, from the words around it
    /// (the nearer mention wins): true for TTFT, false for TPOT, nil for an end-to-end latency.
    static func isTTFT(_ figure: NoteFigure, in note: String) -> Bool? {
        let (before, after) = surroundings(of: figure, in: note)
        func distance(_ phrases: [String]) -> Int? {
            var best: Int?
            for phrase in phrases {
                let p = NoteReading.words(of: phrase)
                if let i = NoteReading.occurrences(of: phrase, in: before).last { best = min(best ?? .max, before.count - i - p.count + 1) }
                if let i = NoteReading.occurrences(of: phrase, in: after).first { best = min(best ?? .max, i + 1) }
            }
            return best
        }
        let ttft = distance(["ttft", "first token", "time to first token"])
        let tpot = distance(["tpot", "per token", "per output token", "each token", "a token"])
        switch (ttft, tpot) {
        case (nil, nil): return nil
        case (let a?, let b?): return a <= b
        case (_?, nil): return true
        case (nil, _?): return false
        }
    }

    static func compare(_ figure: NoteFigure, note: String, result: SimulationResult, design: Design) -> StatedComparison? {
        let v = figure.value
        switch figure.kind {
        case .duration:
            if let ttft = Self.isTTFT(figure, in: note) {
                // A time to first token or per output token, against the simulated one.
                guard let measured = ttft ? result.endToEndTTFT : result.endToEndTPOT, measured.count > 0 else { return nil }
                let p = figure.percentile ?? 50
                let value = p >= 95 ? measured.p99 : p >= 75 ? measured.p90 : measured.p50
                let label = (p >= 95 ? "p99" : p >= 75 ? "p90" : "p50") + (ttft ? " TTFT" : " TPOT")
                return StatedComparison(figure: figure, measure: label, simulated: FigureFormat.duration(seconds: value),
                                        verdict: bound(v, measured: value), note: note)
            }
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
                                    verdict: bound(v, measured: measured), note: note)
        case .rate:
            return StatedComparison(figure: figure, measure: "throughput", simulated: FigureFormat.rate(perSecond: result.throughput),
                                    verdict: within(v, result.throughput) ? .agrees : .differs, note: note)
        case .money:
            let around = surroundings(of: figure, in: note)
            // `cut the bill to $5k` is the design's cost, brought down: a target for it, though
            // `cut` would make `cut $5k` a saving. A sum the bill is cut or reduced to (or kept
            // under) is its cost, unless other words make it a loss, a saving or another price.
            let reducing: Set<String> = ["cut", "cuts", "reduce", "reduces"]
            let isBillTarget = ["to", "under", "below", "within"].contains(around.before.last ?? "")
                && around.before.contains(where: billWords.contains)
                && !(around.before + around.after.prefix(3)).contains { notACost.contains($0) && !reducing.contains($0) }
            guard isBillTarget || !(around.before + around.after.prefix(3)).contains(where: notACost.contains) else { return nil }
            let cost = result.cost.perMonth
            let verdict: Verdict = cost > v * 1.25 ? .misses : cost * 10 <= v ? .tooLoose : .agrees
            return StatedComparison(figure: figure, measure: "cost per month", simulated: FigureFormat.money(cost), verdict: verdict, note: note)
        case .percentage:
            // `precision at 90% recall` is no availability: only one said to be.
            guard v >= 0.9, v <= 1, NoteReading(note).containsAny(availabilityWords) else { return nil }
            // Designs beat their availability targets by orders of magnitude, so only a target
            // under two nines for a design with three is too loose (`above 90%`).
            let verdict: Verdict = result.availability < v ? .misses : v < 0.99 && result.availability >= 0.999 ? .tooLoose : .agrees
            return StatedComparison(figure: figure, measure: "availability", simulated: FigureFormat.availability(result.availability),
                                    verdict: verdict, note: note)
        case .replicas:
            let models = design.components.filter { [ComponentKind.modelServer, .ranker].contains($0.kind) }
            let replicas = (models.isEmpty ? design.components : models).map(\.replicas).reduce(0, +)
            return StatedComparison(figure: figure, measure: models.isEmpty ? "replicas in the design" : "model-server replicas in the design",
                                    simulated: "\(replicas)", verdict: within(v, Double(replicas)) ? .agrees : .differs, note: note)
        case .size, .count:
            return nil
        }
    }

    /// A stated upper bound against the measured figure: met, met ten times over, or missed.
    static func bound(_ stated: Double, measured: Double) -> Verdict {
        measured > stated ? .misses : measured * 10 <= stated ? .tooLoose : .agrees
    }

    /// True when `a` and `b` are within 25 % of the larger.
    static func within(_ a: Double, _ b: Double) -> Bool {
        let m = max(abs(a), abs(b))
        return m == 0 || abs(a - b) <= 0.25 * m
    }
}
