public import MLSDCore
public import MLSDExport
public import MLSDSim

/// The design being worked on: its versions (undo, redo, saved), where it came from, its runs and
/// its canvas. Shared by the design, results and interview screens.
public struct Workbench: Sendable, Equatable {
    public var scenario: Scenario
    public var source: DesignSource
    /// The version last opened or saved: the design is clean when it equals this.
    public var saved: Scenario
    /// Earlier versions, most recent last, and undone ones, each with the edit between it and
    /// the version after it (undo) or before it (redo).
    public var undoStack: [Version] = []
    public var redoStack: [Version] = []
    /// The latest simulation and the version of the design it ran on (stale when that differs).
    public var lastRun: SimulationResult?
    public var lastRunScenario: Scenario?
    /// The pinned what-if baseline and the design it ran on.
    public var baseline: SimulationResult?
    public var baselineScenario: Scenario?
    /// The laid-out canvas and the number of the latest layout asked for.
    public var canvas: DiagramGrid?
    public var layoutGeneration = 0
    /// The instant estimate of the current version.
    public var estimate: DesignEstimate
    public var canvasAnnotations = DiagramAnnotations()
    /// When the first edit not yet in the recovery file was made (tick seconds), and the version
    /// the recovery file holds.
    public var unsavedSince: Double?
    public var recoveryVersion: Scenario?
    /// The recovery copy on disk is an earlier session's, kept when its question was answered with
    /// esc ("open the design again to recover it"): this session neither removes nor overwrites it
    /// (leaving the design clean removed it, and the next open said "as you left it").
    public var keepsEarlierRecovery = false
    /// The file's text as last opened or saved and the design it reads as (with its field
    /// locations): a save writes that text with only the edited values changed
    /// (``Scenario/textPreservingEdits(_:original:edited:path:)``), or the whole design when it
    /// cannot. ``pendingSave`` is the text on its way to the file.
    public var savedText: SavedText?
    public var pendingSave: SavedText?

    /// A version of the design kept for undo or redo, and the edit that separates it from the
    /// current one.
    public struct Version: Sendable, Equatable {
        public var scenario: Scenario
        public var change: Change
    }

    /// An edit in words, for the status line of undo and redo: a value from one setting to
    /// another (`scorer.replicas 12 → 13`) or what was done (`added cache after scorer`).
    public struct Change: Sendable, Equatable {
        public var subject: String
        /// The value before and after the edit, when the edit set one value.
        public var from: String?
        public var to: String?

        public init(_ subject: String, from: String? = nil, to: String? = nil) {
            self.subject = subject
            self.from = from
            self.to = to
        }

        /// `scorer.replicas 12 → 13` done (redone), `scorer.replicas 13 → 12` undone. Values that
        /// together run past ``longestText`` columns (a long summary) are cut with `…`, the longer
        /// first, so the line stays within two status rows at 80 columns (a 300-character summary
        /// took three and more). Widths are the terminal's: Japanese text takes two columns a
        /// character.
        public func text(undone: Bool) -> String {
            guard let from, let to else { return subject }
            var (a, b) = undone ? (to, from) : (from, to)
            let room = max(24, Self.longestText - DisplayWidth.of(subject) - 4)
            guard DisplayWidth.of(a) + DisplayWidth.of(b) > room else { return "\(subject) \(a) → \(b)" }
            // Two long values alike at the start (a word added at the end of a summary) are shown
            // from a little before where they differ: cut from the end, both read the same.
            let common = zip(a, b).prefix { $0 == $1 }.count
            if common > 16 {
                a = "…" + a.dropFirst(common - 12)
                b = "…" + b.dropFirst(common - 12)
            }
            let (wa, wb) = (DisplayWidth.of(a), DisplayWidth.of(b))
            let half = room / 2
            let (la, lb) = wa <= half ? (wa, room - wa) : wb <= half ? (room - wb, wb) : (half, room - half)
            // A subject too long for the line (an id of 100 characters) is cut too.
            return "\(DisplayWidth.cut(subject, toWidth: Self.longestText / 2)) \(DisplayWidth.cut(a, toWidth: la)) → \(DisplayWidth.cut(b, toWidth: lb))"
        }

        /// The longest undo or redo line, before its `Undone: ` (two rows of 80 less a margin).
        static let longestText = 140
    }

    public struct SavedText: Sendable, Equatable {
        public var text: String
        public var scenario: Scenario
        public init(text: String, scenario: Scenario) {
            self.text = text
            self.scenario = scenario
        }
    }

    /// The text to write for `version`: the last saved text with only the edited values changed
    /// when that can be done, else the whole design as YAML.
    public func text(toSave version: Scenario, path: String) -> String {
        if let saved = savedText, let text = Scenario.textPreservingEdits(saved.text, original: saved.scenario, edited: version, path: path) { return text }
        return version.yaml()
    }

    /// Notes the text going to the file for `version` (read back, for its field locations), to
    /// become ``savedText`` once written.
    public mutating func willSave(_ text: String, path: String) {
        pendingSave = (try? Scenario.parse(yaml: text, path: path).scenario).map { SavedText(text: text, scenario: $0) }
    }

    public init(scenario: Scenario, source: DesignSource) {
        self.scenario = scenario
        self.source = source
        self.saved = scenario
        self.estimate = DesignEstimate(scenario: scenario)
        refreshEstimate()
    }

    /// True when the design differs from what was opened or saved.
    public var isDirty: Bool { scenario != saved }
    /// True when the last run was of another version of the design.
    public var isRunStale: Bool { lastRun != nil && lastRunScenario != scenario }
    /// True when a save must ask for a path: shipped scenarios are never overwritten.
    public var needsSaveAs: Bool { source.path == nil }

    /// Replaces the design with a changed copy, keeping the old one for undo with what the edit
    /// did (`described`). Returns false when nothing changed (no undo step is made).
    @discardableResult
    public mutating func edit(_ described: Change, _ change: (inout Scenario) -> Void, at now: Double) -> Bool {
        var edited = scenario
        change(&edited)
        return replace(with: edited, as: described, at: now)
    }

    /// Replaces the design with `edited`, keeping the old one for undo with what the edit did.
    @discardableResult
    public mutating func replace(with edited: Scenario, as change: Change, at now: Double) -> Bool {
        guard edited != scenario else { return false }
        undoStack.append(Version(scenario: scenario, change: change))
        if undoStack.count > 200 { undoStack.removeFirst() }
        redoStack = []
        scenario = edited
        if unsavedSince == nil { unsavedSince = now }
        refreshEstimate()
        return true
    }

    /// Goes back to the version before the last edit. Returns that edit, or nil when there is none.
    public mutating func undo(at now: Double) -> Change? {
        guard let previous = undoStack.popLast() else { return nil }
        redoStack.append(Version(scenario: scenario, change: previous.change))
        scenario = previous.scenario
        if unsavedSince == nil { unsavedSince = now }
        refreshEstimate()
        return previous.change
    }

    /// Makes the last undone edit again. Returns that edit, or nil when there is none.
    public mutating func redo(at now: Double) -> Change? {
        guard let next = redoStack.popLast() else { return nil }
        undoStack.append(Version(scenario: scenario, change: next.change))
        scenario = next.scenario
        if unsavedSince == nil { unsavedSince = now }
        refreshEstimate()
        return next.change
    }

    /// Refreshes the instant estimate and the canvas annotations (utilisation per box; an offline
    /// box, which takes no requests, its schedule as `mlsd export` draws it). Cheap and pure.
    public mutating func refreshEstimate() {
        estimate = DesignEstimate(scenario: scenario)
        let utilisation = estimate.utilisation
        let plan = OfflinePlan(design: scenario.design)
        canvasAnnotations = DiagramAnnotations(lines: estimate.facts.reduce(into: [:]) { lines, f in
            if f.kind.isOffline {
                lines[f.id] = [plan[stage: f.id]?.scheduleText ?? "always on"]
            } else {
                lines[f.id] = ["ρ " + Self.utilisationText(utilisation[f.id] ?? 0)]
            }
        }, bottleneck: estimate.bottleneck, criticalPath: estimate.criticalPath)
    }

    static func utilisationText(_ rho: Double) -> String {
        guard rho.isFinite else { return "∞" }
        // Over 999 the load is said to be over it, not shown as 999.00 as if measured (a QPS of
        // 999999999 put ρ near 20 000); from 100 no decimals, which mean nothing there.
        if rho > 999 { return ">999!" }
        if rho >= 100 { return String(format: "%.0f!", rho) }
        return rho >= 1 ? String(format: "%.2f!", rho) : String(format: "%.2f", rho).replacingOccurrences(of: "0.", with: ".")
    }
}
