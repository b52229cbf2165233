public import MLSDCore
public import MLSDSim

/// A condition the interviewer changes at the deep dive (`mlsd interview --curveballs`): the
/// simulator shows its effect on the candidate's design, the candidate notes a mitigation and may
/// change the design, and the rubric checks whether the final design meets the requirements under it.
public enum Curveball: String, CaseIterable, Hashable, Sendable, Codable {
    /// Ten times the peak traffic.
    case trafficSurge = "surge"
    /// Every feature store down for 60 s.
    case featureStoreDown = "feature-store"
    /// The model servers run the large model instead of the small one.
    case largeModel = "large-model"
    /// One of the deployment's zones lost for 60 s.
    case zoneLost = "zone"

    /// What the interviewer says.
    public var announcement: String {
        switch self {
        case .trafficSurge: return "Traffic is ten times the peak you planned for."
        case .featureStoreDown: return "The feature store goes down for 60 seconds."
        case .largeModel: return "Product wants the large model instead of the small one."
        case .zoneLost: return "One zone of the deployment is lost for 60 seconds."
        }
    }

    /// True when the curveball means something for this design.
    public func applies(to scenario: Scenario) -> Bool {
        let kinds = Set(scenario.design.components.map(\.kind))
        switch self {
        case .trafficSurge: return true
        case .featureStoreDown: return kinds.contains(.featureStore)
        case .largeModel: return scenario.design.components.contains { $0.kind == .modelServer && $0.size != .large }
        case .zoneLost: return scenario.design.zoneCount > 1
        }
    }

    /// Why a named curveball is refused for this design (it changes nothing there: a feature store
    /// going down in a design without one used up the interview's curveball on "12 of 12 met" before
    /// and after), naming those that apply; nil when it applies.
    public func refusal(for scenario: Scenario) -> String? {
        guard !applies(to: scenario) else { return nil }
        let what = switch self {
        case .trafficSurge: "it"
        case .featureStoreDown: "the design has no feature store"
        case .largeModel: "the design has no model server that is not large already"
        case .zoneLost: "the design spans one zone"
        }
        let others = Self.allCases.filter { $0.applies(to: scenario) }.map(\.rawValue)
        return "curveball '\(rawValue)' changes nothing here: \(what); expected \(others.joined(separator: ", "))"
    }

    /// The curveball for a session: the named one, or one picked by `seed` among those that apply.
    public static func pick(for scenario: Scenario, seed: UInt64) -> Curveball {
        let options = allCases.filter { $0.applies(to: scenario) }
        return options.isEmpty ? .trafficSurge : options[Int(seed % UInt64(options.count))]
    }

    /// The scenario and run options that put the curveball into the simulation (a surge is the
    /// scenario's own workload times ten, so the scenario alone carries it).
    public func conditions(for scenario: Scenario, requests: Int) -> (Scenario, Simulation.Options) {
        var s = scenario
        var options = Simulation.Options(stop: .requests(requests))
        switch self {
        case .trafficSurge:
            s.design.workload.qps = Rate(perSecond: scenario.offeredRate.perSecond * 10)
        case .featureStoreDown:
            let (count, window) = Self.outageRun(at: scenario.offeredRate, atLeast: requests)
            options.stop = .requests(count)
            options.outages = scenario.design.components.filter { $0.kind == .featureStore }
                .map { Outage(id: $0.id, replicasDown: $0.replicas, startSeconds: window.lowerBound, endSeconds: window.upperBound) }
        case .largeModel:
            for i in s.design.components.indices where s.design.components[i].kind == .modelServer { s.design.components[i].size = .large }
        case .zoneLost:
            let (count, window) = Self.outageRun(at: scenario.offeredRate, atLeast: requests)
            options.stop = .requests(count)
            options.outages = [.zone(1, startSeconds: window.lowerBound, endSeconds: window.upperBound)]
        }
        return (s, options)
    }

    /// Longest run for an outage curveball: the whole 60 s window up to 12.5k requests a second,
    /// and an answer within a few seconds in a release build (a million requests of a shipped
    /// 12-component design take 1–3 s).
    public static let maximumOutageRequests = 1_000_000

    /// The run and the outage window for an outage curveball: 60 s down from 10 s into an 80 s run;
    /// when that needs more than ``maximumOutageRequests`` requests at `rate`, the run is cut to
    /// them and the window to its middle three quarters (``outageNote(for:)`` says so).
    public static func outageRun(at rate: Rate, atLeast minimum: Int) -> (requests: Int, window: ClosedRange<Double>) {
        let perSecond = max(rate.perSecond, 0.001)
        let wanted = 80 * perSecond
        guard wanted.isFinite, wanted > Double(maximumOutageRequests) else { return (max(minimum, Int(wanted.rounded(.up))), 10...70) }
        let seconds = Double(maximumOutageRequests) / perSecond
        return (maximumOutageRequests, (seconds * 0.125)...(seconds * 0.875))
    }

    /// For outage curveballs simulated otherwise than 60 s down in an 80 s run: `(simulated: 15 s
    /// down in a 20 s run)` when the window had to be shortened, `(simulated: 60 s down in a 55.8 min
    /// run)` when the design's slowest service needs a longer run (``runRequests(for:under:)``).
    public func outageNote(for scenario: Scenario) -> String? {
        guard self == .featureStoreDown || self == .zoneLost else { return nil }
        let (count, window) = Self.outageRun(at: scenario.offeredRate, atLeast: Self.runRequests(for: scenario, under: self))
        let run = Double(count) / max(scenario.offeredRate.perSecond, 0.001)
        guard window.upperBound - window.lowerBound < 60 || run > 80 * 1.01 else { return nil }
        return "(simulated: \(FigureFormat.duration(seconds: window.upperBound - window.lowerBound)) down in a \(FigureFormat.age(seconds: run)) run)"
    }

    /// The fewest requests a curveball's run has: an answer in well under a second for every
    /// shipped design.
    public static let minimumRequests = 20_000

    /// Requests for a run of `scenario` as it is (`under` nil) or under a curveball: at least
    /// ``minimumRequests``, and as many as it takes to span ``ShortRun/servicesNeeded`` services of
    /// the slowest component at the run's rate (ten times the peak under a surge), up to
    /// ``maximumOutageRequests``. support-chat's agents take 302 s a conversation: 20k requests at
    /// 60/s span 300 s, so its zone curveball read unstable by chance, with every figure inside its
    /// target.
    public static func runRequests(for scenario: Scenario, under curveball: Curveball?) -> Int {
        let rate = scenario.offeredRate.perSecond * (curveball == .trafficSurge ? 10 : 1)
        return min(max(minimumRequests, ShortRun.requestsToSettle(scenario: scenario, rate: rate)), maximumOutageRequests)
    }

    /// The design simulated as it is and under the curveball, in one line each; each run as long as
    /// ``runRequests(for:under:)`` gives unless `requests` is given.
    public func effect(on scenario: Scenario, requests: Int? = nil) -> CurveballEffect? {
        let normalCount = requests ?? Self.runRequests(for: scenario, under: nil)
        guard let normal = try? Simulation.run(scenario, options: Simulation.Options(stop: .requests(normalCount))).checked(against: scenario.requirements) else { return nil }
        let (s, options) = conditions(for: scenario, requests: requests ?? Self.runRequests(for: scenario, under: self))
        guard let hit = try? Simulation.run(s, options: options).checked(against: scenario.requirements) else { return nil }
        return CurveballEffect(before: Self.summary(normal), after: Self.summary(hit), meetsRequirements: hit.meetsRequirements,
                               requirementsMet: hit.requirements.filter(\.passes).count, requirementCount: hit.requirements.count)
    }

    /// A run in one line: p99, throughput, errors and requirements met, each one missed named
    /// with its figure and target (``Requirement/metLine(_:)``).
    public static func summary(_ r: SimulationResult) -> String {
        "p99 \(FigureFormat.duration(seconds: r.latency.p99)), \(FigureFormat.rate(perSecond: r.throughput)) answered, errors \(FigureFormat.percent(r.errorRate))"
            + (r.requirements.isEmpty ? "" : ", " + Requirement.metLine(r.requirements))
    }

    /// Words that name a mitigation; a note after the curveball with one of them (in a sentence) is evidence.
    public static let mitigationWords = ["cache", "caching", "replica", "replicas", "autoscale", "autoscaling", "scale", "shed", "shedding", "rate limit",
                                         "throttle", "fallback", "fall back", "degrade", "graceful", "queue", "timeout", "precompute", "shard",
                                         "batch", "batching", "distil", "distill", "distillation", "quantise", "quantize", "int8", "smaller model",
                                         "zone", "zones", "failover", "region", "circuit breaker", "retry", "retries", "stale", "default", "rules"]
}

/// The design before and under a curveball.
public struct CurveballEffect: Hashable, Sendable {
    public var before: String
    public var after: String
    public var meetsRequirements: Bool
    public var requirementsMet: Int
    public var requirementCount: Int

    public init(before: String, after: String, meetsRequirements: Bool, requirementsMet: Int, requirementCount: Int) {
        self.before = before
        self.after = after
        self.meetsRequirements = meetsRequirements
        self.requirementsMet = requirementsMet
        self.requirementCount = requirementCount
    }
}

/// How a candidate answered a curveball: the note that names a mitigation, and whether the final
/// design meets the requirements under it (credited only when the candidate changed the design).
public struct CurveballOutcome: Hashable, Sendable {
    public var curveball: Curveball
    /// The design as given, under the curveball.
    public var effect: CurveballEffect?
    /// The candidate's final design under the curveball (nil when not simulated).
    public var finalEffect: CurveballEffect?
    public var mitigation: String?
    public var designChanged: Bool

    public init(curveball: Curveball, effect: CurveballEffect?, finalEffect: CurveballEffect?, notesAfter: [String], designChanged: Bool) {
        self.curveball = curveball
        self.effect = effect
        self.finalEffect = finalEffect
        self.designChanged = designChanged
        mitigation = notesAfter.first { EvidenceRule.topic(Curveball.mitigationWords).isMet(by: NoteReading($0)) }
    }

    /// True when the final design, changed by the candidate, meets the requirements under the curveball.
    public var isRestored: Bool { designChanged && finalEffect?.meetsRequirements == true }

    /// 0–100: half for a mitigation noted, half for a changed design that restores the requirements.
    public var score: Double { (mitigation == nil ? 0 : 50) + (isRestored ? 50 : 0) }
}
