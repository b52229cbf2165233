public import MLSDCore

/// What the design itself shows, judged by the rubric beside the notes.
public struct DesignEvidence: Hashable, Sendable {
    /// Has a monitoring/logging component.
    public var hasMonitoring: Bool
    /// Model servers on the request path that have no fallback.
    public var modelServersWithoutFallback: [String]
    /// Requirements checked in simulation: name and whether it passed. Empty when not simulated.
    public var requirementChecks: [(name: String, passed: Bool)]

    public init(hasMonitoring: Bool, modelServersWithoutFallback: [String], requirementChecks: [(name: String, passed: Bool)] = []) {
        self.hasMonitoring = hasMonitoring
        self.modelServersWithoutFallback = modelServersWithoutFallback
        self.requirementChecks = requirementChecks
    }

    /// The structural checks read from a design (no simulation).
    public init(design: Design) {
        hasMonitoring = design.components.contains { $0.kind == .monitor }
        var reachable: Set<String> = [design.entry]
        var stack = [design.entry]
        while let id = stack.popLast() {
            guard let c = design[id] else { continue }
            for next in c.calls.filter({ $0.mode != .async }).flatMap(\.targets) + (c.onMiss.map { [$0] } ?? []) where reachable.insert(next).inserted {
                stack.append(next)
            }
        }
        modelServersWithoutFallback = design.components
            .filter { reachable.contains($0.id) && [.modelServer, .ranker].contains($0.kind) && $0.fallback == nil }
            .map(\.id)
        requirementChecks = []
    }

    public static func == (a: DesignEvidence, b: DesignEvidence) -> Bool {
        a.hasMonitoring == b.hasMonitoring && a.modelServersWithoutFallback == b.modelServersWithoutFallback
            && a.requirementChecks.map(\.name) == b.requirementChecks.map(\.name) && a.requirementChecks.map(\.passed) == b.requirementChecks.map(\.passed)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hasMonitoring)
        hasher.combine(modelServersWithoutFallback)
    }
}

/// The score of a finished interview, phase by phase, with the evidence for each mark.
public struct Rubric: Hashable, Sendable {
    public struct PhaseScore: Hashable, Sendable {
        public var phase: Phase
        /// Checklist items with the keyword that showed each in the notes (nil when missing).
        public var items: [(item: ChecklistItem, evidence: String?)]
        public var secondsUsed: Double
        /// 0–1: share of checklist items covered.
        public var coverage: Double
        /// 0–1: 0 under a quarter of the minimum budget (skipped or rushed), 1 up to the maximum,
        /// falling linearly to 0 at twice the maximum.
        public var timeScore: Double
        /// 0–100: 80 % coverage, 20 % time.
        public var score: Double

        public static func == (a: PhaseScore, b: PhaseScore) -> Bool {
            a.phase == b.phase && a.items.map(\.evidence) == b.items.map(\.evidence) && a.secondsUsed == b.secondsUsed
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(phase); hasher.combine(secondsUsed) }
    }

    public var phases: [PhaseScore]
    /// Design checks with pass/fail and a reason.
    public var designChecks: [(name: String, passed: Bool, detail: String)]
    /// 0–100: phases 75 %, design checks 25 %.
    public var total: Double

    public static func == (a: Rubric, b: Rubric) -> Bool {
        a.phases == b.phases && a.total == b.total && a.designChecks.map(\.name) == b.designChecks.map(\.name)
            && a.designChecks.map(\.passed) == b.designChecks.map(\.passed)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(phases); hasher.combine(total) }

    /// Scores a session against its plan and the design's evidence. Deterministic.
    public init(session: InterviewSession, evidence: DesignEvidence) {
        phases = session.plan.phases.enumerated().map { index, phase in
            let notes = session.notes[phase.id] ?? ""
            let items = phase.checklist.map { (item: $0, evidence: $0.evidence(in: notes)) }
            let coverage = items.isEmpty ? 1 : Double(items.filter { $0.evidence != nil }.count) / Double(items.count)
            let used = session.secondsByPhase[index]
            let timeScore: Double
            if used < phase.minimumSeconds / 4 {
                // Skipped or rushed: under a quarter of the phase's shortest budget earns no time credit.
                timeScore = 0
            } else if used <= phase.maximumSeconds {
                timeScore = 1
            } else {
                timeScore = max(0, 1 - (used - phase.maximumSeconds) / phase.maximumSeconds)
            }
            return PhaseScore(phase: phase, items: items, secondsUsed: used, coverage: coverage, timeScore: timeScore,
                              score: (coverage * 0.8 + timeScore * 0.2) * 100)
        }
        var checks: [(name: String, passed: Bool, detail: String)] = [
            ("has monitoring", evidence.hasMonitoring, evidence.hasMonitoring ? "a monitor component is in the design" : "no monitor or logging component"),
            ("fallback on the critical path", evidence.modelServersWithoutFallback.isEmpty,
             evidence.modelServersWithoutFallback.isEmpty ? "every model on the request path has a fallback"
                : "no fallback for: " + evidence.modelServersWithoutFallback.joined(separator: ", ")),
        ]
        if !evidence.requirementChecks.isEmpty {
            let missed = evidence.requirementChecks.filter { !$0.passed }.map(\.name)
            checks.append(("meets the scenario's requirements in simulation", missed.isEmpty,
                           missed.isEmpty ? "all \(evidence.requirementChecks.count) requirements met" : "missed: " + missed.joined(separator: ", ")))
        }
        designChecks = checks
        let phaseAverage = phases.isEmpty ? 0 : phases.map(\.score).reduce(0, +) / Double(phases.count)
        let designShare = Double(checks.filter(\.passed).count) / Double(checks.count) * 100
        total = (phaseAverage * 0.75 + designShare * 0.25).rounded()
    }
}
