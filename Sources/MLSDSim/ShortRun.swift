public import MLSDCore

/// A run too short for a design's slowest service: its busy and offered shares are then measured
/// over a handful of services, so a run near the limit can read unstable by chance
/// (content-moderation: a 23k-request probe at 1.4k/s spans 15 s, while a human review takes
/// 29 s; support-chat's agents take minutes). `mlsd capacity`, `mlsd sensitivity` and
/// `mlsd optimize` note it, and so do the TUI's capacity panel and tornado.
public enum ShortRun {
    /// Services of the slowest component a run should span, at the least, for its loads to settle.
    public static let servicesNeeded = 10.0
    /// The most requests `--requests` takes in the commands that note a short run.
    public static let maximumRequests = 10_000_000

    /// The slowest component on the request path (the most mean service time, among those
    /// that take calls) and the requests (the first tenth a warm-up) a run at `rate` needs to span
    /// ``servicesNeeded`` of its services; nil when the design cannot be modelled.
    public static func requestsNeeded(scenario: Scenario, rate: Double) -> (component: String, meanServiceSeconds: Double, requests: Int)? {
        guard let model = try? SimulationModel(design: scenario.design, rate: scenario.modelRate) else { return nil }
        let analytic = AnalyticModel(model: model)
        let slowest = zip(model.components, analytic.components).filter { $0.1.visits > 0 }.max { $0.0.meanServiceSeconds < $1.0.meanServiceSeconds }
        guard let (component, _) = slowest, component.meanServiceSeconds > 0, rate > 0, rate.isFinite else { return nil }
        let requests = servicesNeeded * component.meanServiceSeconds * rate / 0.9
        return (component.id, component.meanServiceSeconds, Int(min(requests.rounded(.up), 1e15)))
    }

    /// Requests a run at `rate` (the base rate, before a burst's factor) needs for its measured
    /// part, after the first tenth, to span one whole cycle of the design's `burst` or `diurnal`
    /// arrivals (``PartialCycle``); nil for steady arrivals or a design that cannot be modelled.
    public static func requestsForCycle(scenario: Scenario, rate: Double) -> Int? {
        guard rate > 0, rate.isFinite, let model = try? SimulationModel(design: scenario.design, rate: Rate(perSecond: rate)) else { return nil }
        return requestsForCycle(model: model)
    }

    /// Requests a run of `model` needs for its measured part, after the warm-up, to span one whole
    /// cycle of its `burst` or `diurnal` arrivals, with ``PartialCycle/margin``; nil for steady arrivals.
    public static func requestsForCycle(model: SimulationModel, warmupFraction: Double = 0.1) -> Int? {
        guard let cycle = model.arrivals.cycle, warmupFraction < 1 else { return nil }
        let requests = cycle.seconds * PartialCycle.margin * model.arrivals.meanRate / (1 - max(0, warmupFraction))
        return requests.isFinite && requests > 0 ? Int(min(requests.rounded(.up), 1e15)) : nil
    }

    /// Requests a run at `rate` needs to settle: to span ``servicesNeeded`` services of the slowest
    /// component and one whole cycle of burst or diurnal arrivals; 0 when neither applies.
    public static func requestsToSettle(scenario: Scenario, rate: Double) -> Int {
        max(requestsNeeded(scenario: scenario, rate: rate)?.requests ?? 0, requestsForCycle(scenario: scenario, rate: rate) ?? 0)
    }

    /// The most requests a run is lengthened to, unasked, to measure a whole cycle (`mlsd simulate`
    /// without `--requests`, the TUI's run): a second or two for a 12-component design.
    public static let maximumCycleRequests = 2_000_000

    /// The requests of a run whose length was not given: `requests`, or more, up to `cap`
    /// (``maximumCycleRequests``; ``maximumRequests`` for runs that judge a design, as `mlsd
    /// optimize`'s), to measure a whole cycle of burst or diurnal arrivals (a 200k run of a 4.8k/s
    /// design with a burst every 60 s measured 37 s, often the burst alone).
    public static func lengthenedForCycle(_ requests: Int, scenario: Scenario, rate: Double, cap: Int = maximumCycleRequests) -> Int {
        lengthened(requests, needed: requestsForCycle(scenario: scenario, rate: rate), cap: cap)
    }

    /// `requests`, or more up to `cap` when a whole cycle needs `needed`; never fewer.
    static func lengthened(_ requests: Int, needed: Int?, cap: Int) -> Int {
        guard let needed, needed > requests else { return requests }
        return max(requests, min(needed, cap))
    }

    /// For a burst or diurnal workload, what a capacity search's probes of `requests` (lengthened
    /// to one whole cycle each, ``Simulation/Options/judgingWholeCycles``) took at the answer (or
    /// the first rate probed when none passed): "each measured one whole burst cycle of 60 s, so
    /// ran longer than 23,000 requests when its rate needed it: 654,030 at 7.64k/s"; nil when no
    /// probe needed more.
    public static func cycleProbeNote(scenario: Scenario, requests: Int, result: CapacityResult) -> String? {
        let rate = result.maxQPS?.mean ?? result.searches.first?.probes.first?.rate ?? result.analyticBound
        guard rate > 0, rate.isFinite, let model = try? SimulationModel(design: scenario.design, rate: Rate(perSecond: rate)),
              let cycle = model.arrivals.cycle, let needed = requestsForCycle(model: model), needed > requests else { return nil }
        let taken = lengthened(requests, needed: needed, cap: maximumRequests)
        return "each measured one whole \(cycle.pattern) cycle of \(FigureFormat.exactDuration(seconds: cycle.seconds)), so ran longer than \(FigureFormat.count(requests)) requests "
            + "when its rate needed it: \(FigureFormat.count(taken)) at \(FigureFormat.rate(perSecond: rate))"
            + (needed > taken ? ", the most a probe may have, which measures part of it" : "")
    }

    /// The note for runs of `requests` (the first tenth a warm-up) at `rate` per second, or nil
    /// when they span enough. `run` names the run ("a probe"), `kind` what one is ("probe");
    /// `command` prefixes the remedy (`mlsd capacity`), nil for the command being run. The remedy
    /// is the length needed at `remedyRate` when it is higher: a capacity search gives the length
    /// at its analytic bound, which no answer exceeds, so a rerun at that length needs no longer
    /// one (at the answer's rate the advice moved with the answer: 447k, then 454k).
    public static func note(scenario: Scenario, requests: Int, rate: Double, remedyRate: Double? = nil, run: String, kind: String = "run",
                            command: String? = nil) -> String? {
        guard var need = requestsNeeded(scenario: scenario, rate: rate), requests < need.requests else { return nil }
        if let remedyRate, remedyRate > rate, remedyRate.isFinite, let higher = requestsNeeded(scenario: scenario, rate: remedyRate) { need.requests = higher.requests }
        let span = Double(requests) * 0.9 / rate
        let thousands = (need.requests + 999) / 1000
        // Past the most a run may have (`--requests 63137k` at 1G/s was then refused): say so.
        let remedy = need.requests > maximumRequests
            ? "even --requests \(FigureFormat.count(maximumRequests / 1_000_000))M, the most a run may have, spans less"
            : (command.map { "\($0) " } ?? "") + "--requests \(thousands)k spans enough"
        return "\(run) spans about \(FigureFormat.duration(seconds: span)) of simulated time at \(FigureFormat.rate(perSecond: rate)), "
            + "less than \(Int(servicesNeeded)) services of \(need.component) (\(FigureFormat.duration(seconds: need.meanServiceSeconds)) each on average), "
            + "so its load is measured over few of them and a \(kind) near the limit can read unstable by chance; \(remedy)"
    }
}
