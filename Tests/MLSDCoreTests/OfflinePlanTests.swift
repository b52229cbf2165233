import Foundation
import Testing
@testable import MLSDCore

/// The offline arithmetic against figures worked by hand for `Tests/Fixtures/designs/offline-worked.yaml`.
@Suite("Offline plan") struct OfflinePlanTests {
    static func load() throws -> Scenario {
        try Scenario.load(contentsOf: TestPaths.fixtures.appendingPathComponent("designs/offline-worked.yaml").path).scenario
    }

    static func near(_ a: Double?, _ b: Double, _ what: String) {
        guard let a else { Issue.record("\(what): no value, expected \(b)"); return }
        #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(what): \(a), expected \(b)")
    }

    @Test func runLengthsAndCosts() throws {
        let plan = OfflinePlan(design: try Self.load().design)
        let runsPerMonth = 730.0 / 24                      // a daily job: 30.4167 runs
        // daily: 400 GB at 100 GB/h per worker on 4 workers = 1 h; 4 worker-hours at $0.34.
        let daily = try #require(plan[stage: "daily"])
        Self.near(daily.runSeconds, 3600, "daily run")
        Self.near(daily.costPerRun, 4 * 0.34, "daily cost per run")
        Self.near(daily.costPerMonth, 4 * 0.34 * runsPerMonth, "daily per month")
        Self.near(daily.delaySeconds, 24 * 3600 + 3600, "daily delay: period + run")
        // train: 200 GB at 50 GB/h on 2 A100 workers = 2 h; 4 GPU-hours at $4.10.
        let train = try #require(plan[stage: "train"])
        Self.near(train.runSeconds, 7200, "train run")
        Self.near(train.costPerRun, 4 * 4.10, "train cost per run")
        Self.near(train.computeHoursPerMonth, 4 * runsPerMonth, "train GPU-hours a month")
        // gate: triggered by each training run, 30 min on one CPU worker.
        let gate = try #require(plan[stage: "gate"])
        Self.near(gate.runsPerMonth, runsPerMonth, "gate runs as often as training")
        Self.near(gate.costPerMonth, 0.5 * 0.34 * runsPerMonth, "gate per month")
        // Always on: 730 h × workers × price.
        Self.near(plan[stage: "events"]?.costPerMonth, 2 * 0.21 * 730, "event log")
        Self.near(plan[stage: "stream"]?.costPerMonth, 3 * 0.17 * 730, "stream processor: the catalog's c5.xlarge")
        Self.near(plan[stage: "warehouse"]?.costPerMonth, 0.25 * 730, "offline store")
        Self.near(plan[stage: "registry"]?.costPerMonth, 0.096 * 730, "registry")
        Self.near(plan[stage: "labels"]?.costPerMonth, 0, "labels")
        Self.near(plan.trainingPerMonth, 16.4 * runsPerMonth + 0.17 * runsPerMonth, "training budget figure")
        Self.near(plan.offlinePerMonth, 2 * 0.21 * 730 + 3 * 0.17 * 730 + 1.36 * runsPerMonth + 0.25 * 730
                  + 16.4 * runsPerMonth + 0.17 * runsPerMonth + 0.096 * 730, "offline total")
    }

    @Test func freshnessModelAgeAndLabels() throws {
        let plan = OfflinePlan(design: try Self.load().design)
        // Streaming chain: event log 1 s + stream lag 10 s.
        Self.near(plan[served: "velocity"]?.featureStaleness, 11, "velocity staleness")
        #expect(plan[served: "velocity"]?.featureChain == ["events", "stream"])
        // Batch chain: event log 1 s + 24 h period + 1 h run.
        Self.near(plan[served: "store"]?.featureStaleness, 1 + 25 * 3600, "store staleness")
        Self.near(plan.featureStaleness, 1 + 25 * 3600, "worst staleness")
        // Model age: retrain every 24 h + 2 h training + 30 min evaluation + 2 h rollout.
        let scorer = try #require(plan[served: "scorer"])
        Self.near(scorer.modelAge, (24 + 2 + 0.5 + 2) * 3600, "model age")
        #expect(scorer.modelChain == ["train", "gate", "registry"])
        #expect(scorer.featureStaleness == nil, "a model's rollout is not feature staleness")
        Self.near(plan.labelDelay, 30 * 86_400, "label delay")
        #expect(plan.skewRisks == [OfflinePlan.SkewRisk(feature: "spend_1h", stages: ["stream", "daily"])])
        #expect(plan.overlapping.isEmpty)
    }

    @Test func offlineRequirementsGetVerdicts() throws {
        let scenario = try Self.load()
        let plan = OfflinePlan(design: scenario.design)
        let checked = scenario.requirements.targets.compactMap { plan.check($0.kind, target: $0.target) }
        #expect(checked.map(\.kind) == [.featureFreshness, .modelMaxAge, .labelDelay, .trainingBudget])
        let freshness = try #require(checked.first)
        #expect(freshness.reason == "feature staleness at store 1.04 d is over the 1 d target")
        #expect(freshness.detail == "at store: events 1 s → daily 1.04 d")
        #expect(checked[1].passes && checked[2].passes && checked[3].passes, "\(checked)")
        // Without a training job the model age cannot be judged.
        var noTraining = scenario.design
        noTraining.components.removeAll { $0.kind == .trainingJob }
        let none = try #require(OfflinePlan(design: noTraining).check(.modelMaxAge, target: 86_400))
        #expect(none.actual == nil && !none.passes)
    }

    @Test func longerRunThanPeriodIsFlagged() throws {
        var design = try Self.load().design
        let i = try #require(design.components.firstIndex { $0.id == "daily" })
        design.components[i].offline?.dataVolume = DataSize(bytes: 12e12)   // 12 TB on 4 workers: 30 h a run
        let plan = OfflinePlan(design: design)
        #expect(plan.overlapping == ["daily"])
        let warnings = Scenario(name: "x", design: design).validationDiagnostics().filter { $0.message.contains("runs pile up") }
        #expect(warnings.count == 1)
        // Freshness through a stage whose runs pile up has no steady value: it fails, however generous
        // the target (it passed at "11 h" while the backlog grew without limit).
        let freshness = try #require(plan.check(.featureFreshness, target: 365 * 86_400))
        #expect(!freshness.passes && freshness.actual == nil)
        #expect(freshness.reason?.hasPrefix("runs of ") == true && freshness.reason?.contains("pile up") == true, "\(freshness.reason ?? "")")
        let fresh = try #require(OfflinePlan(design: try Self.load().design).check(.featureFreshness, target: 365 * 86_400))
        #expect(fresh.passes, "without the pile-up the same target passes")
    }

    @Test func readsAndWritesTheOfflineKeys() throws {
        let scenario = try Self.load()
        #expect(scenario.requirements.modelMaxAge == TimeSpan(seconds: 2 * 86_400))
        #expect(scenario.design["scorer"]?.uniqueRequests == true)
        #expect(scenario.design["daily"]?.offline?.schedule == .every(TimeSpan(seconds: 86_400)))
        let again = try Scenario.parse(yaml: scenario.yaml(), path: "saved.yaml").scenario
        #expect(again == scenario)
        #expect(again.design["train"]?.offline?.compute == .a100)
    }

    @Test func offlineRequirementsCanBeSetFromTheCommandLine() throws {
        var r = Requirements()
        try DesignOverride(target: "requirements", key: "model_max_age", value: "1d").apply(to: &r)
        try DesignOverride(target: "requirements", key: "training_budget", value: "$2000").apply(to: &r)
        #expect(r.modelMaxAge == TimeSpan(seconds: 86_400))
        #expect(r.trainingBudget?.dollars == 2000)
        #expect(throws: DesignOverrideError.self) { try DesignOverride(target: "requirements", key: "label_delay", value: "soon").apply(to: &r) }
        try DesignOverride(target: "requirements", key: "model_max_age", value: "none").apply(to: &r)
        #expect(r.modelMaxAge == nil)
    }

    @Test func unitsOfTheOfflineKeys() {
        #expect(DataSize(parsing: "1.5TB")?.bytes == 1.5e12)
        #expect(DataSize(parsing: "800MB")?.description == "800MB")
        #expect(DataRate(parsing: "50MB/s")?.bytesPerHour == 180e9)
        #expect(Schedule(parsing: "every 1h") == .every(TimeSpan(seconds: 3600)))
        #expect(Schedule(parsing: "continuous") == .continuous)
        #expect(Schedule(parsing: "weekly") == nil)
        #expect(TimeSpan(parsing: "7d")?.seconds == 604_800)
        #expect(FigureFormat.age(seconds: 11) == "11 s")
        #expect(FigureFormat.age(seconds: 102_600) == "1.19 d")
        #expect(FigureFormat.age(seconds: 5400) == "1.5 h")
    }

    @Test func everyOfflineKindHasACatalogEntryAndDefaults() {
        for kind in ComponentKind.allCases where kind.isOffline {
            #expect(!Catalog.standard[kind].source.isEmpty)
            #expect(OfflineDefaults.of(kind)?.source.isEmpty == false, "\(kind)")
        }
    }

    /// `--set` (and the TUI's inspector) change `feeds` and the offline settings as a file writes
    /// them; a bad value is refused in the reader's words, and what only the whole design can judge
    /// (a feeds target, a schedule on an always-on kind) in the validator's.
    @Test func offlineKeysCanBeSetFromTheCommandLine() throws {
        let s = try Self.load()
        let changed = try s.applying(["train.schedule=every 12h", "train.duration=90m", "train.compute=t4", "train.lag=10m",
                                      "train.features=[a, b]", "train.feeds=gate", "daily.data_volume=800GB", "daily.throughput=200GB/h"]
            .map { try DesignOverride(parsing: $0) })
        let train = try #require(changed.design["train"]?.offline)
        #expect(train.schedule == .every(TimeSpan(seconds: 43_200)) && train.duration == TimeSpan(seconds: 5400) && train.compute == .t4)
        #expect(train.lag == TimeSpan(seconds: 600) && train.features == ["a", "b"] && changed.design["train"]?.feeds == ["gate"])
        #expect(changed.design["daily"]?.offline?.dataVolume == DataSize(bytes: 8e11))
        // The plan prices what was set: 90 min on 2 T4 workers.
        Self.near(OfflinePlan(design: changed.design)[stage: "train"]?.costPerRun, 1.5 * 2 * 0.526, "train cost per run")
        let cleared = try changed.applying(["train.schedule=none", "train.features=none"].map { try DesignOverride(parsing: $0) })
        #expect(cleared.design["train"]?.offline?.schedule == nil && cleared.design["train"]?.offline?.features == [])
        func refusal(_ set: String) -> String {
            do { _ = try s.applying([try DesignOverride(parsing: set)]); return "accepted" } catch { return error.description }
        }
        #expect(refusal("train.schedule=weekly")
            == "invalid --set 'train.schedule=weekly': expected \(OfflineSettings.scheduleExpected), or none for 'schedule'")
        #expect(refusal("train.data_volume=0GB")
            == "invalid --set 'train.data_volume=0GB': expected \(OfflineSettings.dataVolumeExpected), or none for 'data_volume'")
        #expect(refusal("train.feeds=gaet") == "invalid --set train.feeds=gaet: feeds target 'gaet' is not a component of this design; did you mean 'gate'?")
        #expect(refusal("train.schedule=every 400d").contains("up to a year"))
        // The file reader says the same of a bad schedule.
        let yaml = "name: x\ndesign:\n  entry: a\n  components:\n    a: { kind: gateway }\n    t: { kind: training_job, schedule: weekly }\n"
        do {
            _ = try Scenario.parse(yaml: yaml, path: "x.yaml")
            Issue.record("a bad schedule is refused")
        } catch {
            #expect("\(error)".contains("invalid value 'weekly' for 'schedule': expected \(OfflineSettings.scheduleExpected)"))
        }
    }
}
