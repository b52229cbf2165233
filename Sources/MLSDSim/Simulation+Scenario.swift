public import MLSDCore

extension Simulation {
    /// How to run a scenario: rate, length, seed and warm-up.
    public struct Options: Hashable, Sendable {
        /// Arrival rate; nil takes the scenario's (``Scenario/offeredRate``).
        public var rate: Rate?
        /// Seed of the run's random number generator.
        public var seed: UInt64
        /// When the run stops.
        public var stop: StopCondition
        /// Fraction of the run discarded as warm-up.
        public var warmupFraction: Double
        /// Replicas taken down for windows of simulated time.
        public var outages: [Outage]
        /// When set and `stop` counts requests, a run of `burst` or `diurnal` arrivals takes more
        /// requests, up to this many, so that its measured part spans one whole cycle
        /// (``ShortRun/requestsForCycle(model:warmupFraction:)``): a capacity probe of 20k requests
        /// at 600/s measured 30 s of a 60 s burst cycle and could not be judged. nil runs `stop` as given.
        public var wholeCycleCap: Int?

        /// Defaults: the scenario's rate, seed 42, 200 000 requests, 10 % warm-up.
        public init(rate: Rate? = nil, seed: UInt64 = 42, stop: StopCondition = .requests(200_000), warmupFraction: Double = 0.1,
                    outages: [Outage] = [], wholeCycleCap: Int? = nil) {
            self.outages = outages
            self.wholeCycleCap = wholeCycleCap
            self.rate = rate
            self.seed = seed
            self.stop = stop
            self.warmupFraction = warmupFraction
        }

        /// When a run of `model` stops: `stop`, lengthened to measure one whole cycle of its
        /// arrivals when ``wholeCycleCap`` is set.
        public func stop(for model: SimulationModel) -> StopCondition {
            guard let cap = wholeCycleCap, case .requests(let n) = stop else { return stop }
            return .requests(ShortRun.lengthened(n, needed: ShortRun.requestsForCycle(model: model, warmupFraction: warmupFraction), cap: cap))
        }

        /// These options for a run that judges a design (a capacity probe, an optimiser's or a
        /// sensitivity run): one whole cycle of burst or diurnal arrivals, up to
        /// ``ShortRun/maximumRequests``, unless a cap was set.
        public var judgingWholeCycles: Options {
            var o = self
            o.wholeCycleCap = o.wholeCycleCap ?? ShortRun.maximumRequests
            return o
        }
    }

    /// Builds the model of a scenario's design, runs it and checks the scenario's requirements.
    ///
    /// The one call the CLI, the TUI and the exporter need:
    ///
    ///     let result = try Simulation.run(scenario, options: .init(seed: 42, stop: .requests(100_000)))
    ///     result.latency.p99                      // seconds
    ///     result[component: "scorer"]?.utilization
    ///     result.requirements.allSatisfy(\.pass)
    ///
    /// - Throws: ``SimulationModelError`` when the design cannot be simulated.
    public static func run(_ scenario: Scenario, catalog: Catalog = .standard, options: Options = Options()) throws(SimulationModelError) -> SimulationResult {
        let model = try SimulationModel(design: scenario.design, catalog: catalog, rate: options.rate ?? scenario.modelRate)
            .withOutages(options.outages)
        return Simulation(model: model, seed: options.seed, warmupFraction: options.warmupFraction)
            .run(until: options.stop(for: model))
            .checked(against: scenario.requirements)
    }

    /// As ``run(_:catalog:options:)``, stopping early once `isCancelled` returns true (asked every
    /// 65 536 events with the share of arrivals made so far), for runs a user can cancel and watch.
    public static func run(_ scenario: Scenario, catalog: Catalog = .standard, options: Options = Options(),
                           isCancelled: @escaping (Double) -> Bool) throws(SimulationModelError) -> SimulationResult {
        let model = try SimulationModel(design: scenario.design, catalog: catalog, rate: options.rate ?? scenario.modelRate)
            .withOutages(options.outages)
        return Simulation(model: model, seed: options.seed, warmupFraction: options.warmupFraction)
            .run(until: options.stop(for: model), isCancelled: isCancelled)
            .checked(against: scenario.requirements)
    }
}
