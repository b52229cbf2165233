/// What a design must achieve. Every field is optional; the simulator checks those that are set.
public struct Requirements: Hashable, Sendable {
    public var peakQPS: Rate?
    public var latencyP50: TimeSpan?
    public var latencyP95: TimeSpan?
    public var latencyP99: TimeSpan?
    public var latencyP999: TimeSpan?
    public var availability: Percentage?
    public var maxErrorRate: Percentage?
    public var monthlyBudget: Money?
    /// Time to first token and time per output token targets (designs with an `llm_server`).
    public var ttftP50: TimeSpan?
    public var ttftP99: TimeSpan?
    public var tpotP50: TimeSpan?
    public var tpotP99: TimeSpan?
    public var users: String?
    /// Worst feature staleness allowed where the online path reads features (``OfflinePlan``).
    public var featureFreshness: TimeSpan?
    /// Oldest a served model may be: retrain period + training + evaluation + rollout.
    public var modelMaxAge: TimeSpan?
    /// Longest wait for a label.
    public var labelDelay: TimeSpan?
    /// Monthly cost of training and evaluation runs.
    public var trainingBudget: Money?
    public init() {}
}

/// Interview material for one scenario, all in our own words.
public struct InterviewMaterial: Hashable, Sendable {
    public var prompt: String?
    public var clarifyingQuestions: [String] = []
    public var keyConsiderations: [String] = []
    /// Offline, online and counter metrics worth naming.
    public var metrics: Metrics = Metrics()
    /// A short reference answer per phase id (clarify, metrics, high_level, deep_dive, tradeoffs).
    public var referenceAnswers: [String: String] = [:]
    public init() {}

    public struct Metrics: Hashable, Sendable {
        public var offline: [String] = []
        public var online: [String] = []
        public var counter: [String] = []
        public init() {}
        public var isEmpty: Bool { offline.isEmpty && online.isEmpty && counter.isEmpty }
    }

    public var isEmpty: Bool {
        prompt == nil && clarifyingQuestions.isEmpty && keyConsiderations.isEmpty && metrics.isEmpty && referenceAnswers.isEmpty
    }
}

/// A case study: requirements, a design and interview material. A saved design is a scenario too.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var summary: String
    public var requirements: Requirements
    public var design: Design
    public var interview: InterviewMaterial
    /// Notes on requirements the reference design misses on purpose, shown beside results.
    public var knownGaps: [String]

    public init(name: String, summary: String = "", requirements: Requirements = Requirements(),
                design: Design, interview: InterviewMaterial = InterviewMaterial(), knownGaps: [String] = []) {
        self.name = name
        self.summary = summary
        self.requirements = requirements
        self.design = design
        self.interview = interview
        self.knownGaps = knownGaps
    }

    /// Arrival rate the design is run at: the workload's, else the peak QPS, else 100/s.
    public var offeredRate: Rate { design.workload.qps ?? requirements.peakQPS ?? Rate(perSecond: 100) }
    /// The rate to build a simulation model with: nil for a closed-loop workload (`concurrency:`
    /// users), whose rate is what the users' cycle gives; ``offeredRate`` otherwise.
    public var modelRate: Rate? { design.workload.users != nil ? nil : offeredRate }
}
