import Foundation

/// One simulation of a ``SimulationModel`` with a seed.
///
/// A run is a pure function of (model, seed, warm-up, stop condition): the same inputs give an
/// identical ``SimulationResult``. Each call to ``run(until:)`` starts from an empty system with a
/// fresh ``SplitMix64`` seeded with ``seed``, so a `Simulation` value can be run many times.
///
///     let simulation = Simulation(model: model, seed: 42)
///     let result = simulation.run(until: .requests(100_000))
///     print(result.latency.p99Seconds)
public struct Simulation: Sendable {
    /// When a run stops.
    public enum StopCondition: Hashable, Sendable {
        /// After this many requests have arrived and every one of them has finished.
        case requests(Int)
        /// At this simulated time in seconds; requests still in flight are not counted.
        case time(Double)
    }

    /// Requests a run simulates when not told (warm-up included): `mlsd simulate`, the design doc,
    /// `export --annotate` and the TUI all use it, so their figures agree for a design and seed.
    public static let defaultRequests = 200_000

    /// The compiled design being run.
    public let model: SimulationModel
    /// Seed of every run of this simulation.
    public let seed: UInt64
    /// Fraction of requests (or of the duration) at the start whose results are discarded while
    /// the system fills up. 0.1 by default.
    public var warmupFraction: Double
    /// Most requests in flight before a run is stopped as unstable; nil picks a bound from the
    /// analytic model (see ``SimulationResult/wasCutOff``).
    public var inFlightLimit: Int?
    /// Most events before a run is stopped (the work bound, checked through the drain after the
    /// last arrival too); nil is max(50 M, 100 per requested arrival). See ``SimulationResult/cutOff``.
    public var eventLimit: Int?

    /// A simulation of `model`; `warmupFraction` is clamped to 0…0.99.
    public init(model: SimulationModel, seed: UInt64, warmupFraction: Double = 0.1, inFlightLimit: Int? = nil, eventLimit: Int? = nil) {
        self.model = model
        self.seed = seed
        self.warmupFraction = min(max(warmupFraction, 0), 0.99)
        self.inFlightLimit = inFlightLimit
        self.eventLimit = eventLimit
    }

    /// Runs the model until `stop` and summarises the measured requests.
    ///
    /// - Complexity: O(events · log(events in flight)), at most ``eventLimit`` events; memory is
    ///   bounded by requests and calls in flight, each with a limit (see ``SimulationResult/cutOff``).
    public func run(until stop: StopCondition) -> SimulationResult {
        var engine = Engine(model: model, seed: seed, warmupFraction: warmupFraction, stop: stop,
                            inFlightLimit: inFlightLimit, eventLimit: eventLimit, observer: NoObserver())
        return engine.run()
    }

    /// Runs the model until `stop`, asking `isCancelled` every 65 536 events with the share of the
    /// requested arrivals made so far (0 for a time stop); a cancelled run ends early and is marked
    /// cut off (its figures cover the events before the stop).
    public func run(until stop: StopCondition, isCancelled: @escaping (Double) -> Bool) -> SimulationResult {
        var engine = Engine(model: model, seed: seed, warmupFraction: warmupFraction, stop: stop,
                            inFlightLimit: inFlightLimit, observer: NoObserver())
        engine.isCancelled = isCancelled
        return engine.run()
    }

    /// Runs the model, passing every event to `observer` and asking `isCancelled` as
    /// ``run(until:isCancelled:)`` does: a timeline a user can watch and cancel.
    public func run(until stop: StopCondition, isCancelled: @escaping (Double) -> Bool, observer: (TraceEvent) -> Void) -> SimulationResult {
        withoutActuallyEscaping(observer) { body in
            var engine = Engine(model: model, seed: seed, warmupFraction: warmupFraction, stop: stop,
                                inFlightLimit: inFlightLimit, eventLimit: eventLimit, observer: ClosureObserver(body: body))
            engine.isCancelled = isCancelled
            return engine.run()
        }
    }

    /// Runs the model and passes every event to `observer` as it happens (SimPy-style monitoring).
    public func run(until stop: StopCondition, observer: (TraceEvent) -> Void) -> SimulationResult {
        withoutActuallyEscaping(observer) { body in
            var engine = Engine(model: model, seed: seed, warmupFraction: warmupFraction, stop: stop,
                                inFlightLimit: inFlightLimit, eventLimit: eventLimit, observer: ClosureObserver(body: body))
            return engine.run()
        }
    }
}

/// One thing that happened during a run, for traces and debugging.
public struct TraceEvent: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Hashable, Sendable {
        /// A request entered the system.
        case arrival
        /// A request reached a component (queued or served at once).
        case enter
        /// A component started serving a request (batch size in `detail`).
        case start
        /// A component finished its own service for a request.
        case finish
        /// The queue was full: the call was rejected.
        case reject
        /// The caller stopped waiting for a component.
        case timeout
        /// A failed call is tried again.
        case retry
        /// A failed call goes to the component's fallback.
        case fallback
        /// The request's answer reached the client (`detail`: ok, timeout, rejected, failed, circuit open).
        case done
        /// The component's circuit breaker changed state (`detail`: open, half-open, closed).
        case breaker
        /// The component's open circuit breaker failed a call at once, without sending it.
        case fastFail = "fast-fail"
        /// A call whose caller had given up was dropped unserved (deadline propagation).
        case abandon
    }
    /// Simulated time in seconds.
    public var time: Double
    /// What happened.
    public var kind: Kind
    /// Arrival number of the request, from 0.
    public var request: Int
    /// Component id, or empty for request-level events.
    public var component: String
    /// Extra detail: batch size, failure cause or outcome.
    public var detail: String

    /// `1.500 r0 finish scorer`, times in seconds with millisecond precision.
    public var description: String {
        var s = String(format: "%.3f", time) + " r\(request) " + kind.rawValue
        if !component.isEmpty { s += " " + component }
        if !detail.isEmpty { s += " " + detail }
        return s
    }
}

protocol SimulationObserver {
    var isActive: Bool { get }
    func observe(_ event: TraceEvent)
}

struct NoObserver: SimulationObserver {
    @inline(__always) var isActive: Bool { false }
    @inline(__always) func observe(_ event: TraceEvent) {}
}

struct ClosureObserver: SimulationObserver {
    let body: (TraceEvent) -> Void
    var isActive: Bool { true }
    func observe(_ event: TraceEvent) { body(event) }
}
