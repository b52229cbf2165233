import MLSDCore
import MLSDExport
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// The offline half in the TUI: an offline component's inspector shows its schedule, run and costs
/// as `mlsd show` computes them (it showed a latency, a queue and ρ, and priced a daily CPU
/// retrain as 8 T4s for every hour of the month: $3,072 instead of $248); its boxes carry no ρ;
/// `w` lists and edits the offline requirements.
@Suite("Offline inspector") struct OfflineInspectorTests {
    static func shipped(_ id: String) throws -> (text: String, scenario: Scenario) {
        let entry = try #require(ScenarioLibrary(environment: [:]).entries().first { $0.id == id })
        return (entry.source, try Scenario.parse(yaml: entry.source, path: "/home/u/\(id).yaml").scenario)
    }

    /// A state with a shipped scenario open from its file's text (so saves keep the text); without
    /// `layout` the canvas is never laid out (the inspector is what is checked, and a layout of a
    /// 17-component design takes a second or more in a debug build).
    static func open(_ id: String, size: Size = Size(width: 120, height: 40), layout: Bool = true) throws -> AppState {
        let (text, scenario) = try shipped(id)
        var s = AppState(choices: [], terminalSize: size)
        let path = "/home/u/\(id).yaml"
        let opened = Message.opened(reference: path, result: .opened(OpenedDesign(scenario: scenario, source: .file(path: path), text: text)))
        if layout { _ = s.send(opened) } else { _ = s.update(opened) }
        return s
    }

    static let shippedWithOfflineParts: [String] = ScenarioLibrary(environment: [:]).entries().filter(\.isBuiltin).map(\.id).filter { id in
        (try? shipped(id).scenario.design.components.contains { $0.kind.isOffline }) == true
    }

    /// Label and value of each row, as the inspector draws them.
    static func texts(_ rows: [InspectorRow]) -> [String] { rows.map { "\($0.label) \($0.value)".trimmingCharacters(in: .whitespaces) } }

    @Test func theDailyRetrainShowsTheCLIsRunAndCosts() throws {
        var s = try Self.open("fraud-detection")
        s.select("training")
        let rows = Self.texts(s.inspectorRows)
        // mlsd show: `training  every 24h  3 h  8 CPU  $8.16  $248`.
        let design = try #require(s.scenario).design
        let report = try #require(OfflinePlan(design: design).reportLines().first { $0.hasPrefix("  training ") })
        #expect(report.split(separator: " ").map(String.init) == ["training", "every", "24h", "3", "h", "8", "CPU", "$8.16", "$248"])
        for row in ["schedule every 24h", "data volume 600GB", "throughput 25GB/h", "compute cpu", "workers 8", "price — $0.34/h",
                    "feeds → evaluation", "run 3 h", "per run $8.16", "cost $248/month", "fed by history, chargebacks"] {
            #expect(rows.contains(row), "\(row) in \(rows)")
        }
        for online in ["latency", "queue max", "timeout", "retries", "load", "capacity", "mean time", "concurrency", "avail."] {
            #expect(!s.inspectorRows.contains { $0.label == online }, "no \(online) row on an offline component")
        }
        let screen = s.view().lines.joined(separator: "\n")
        #expect(screen.contains("cost         $248/month"))
        #expect(!screen.contains("$3,072") && !screen.contains("$0.526/h"))
    }

    /// Every offline component of every shipped scenario: its cost is the plan's (as `mlsd show`
    /// prints it), with its run and cost per run where it has runs, and no online rows.
    @Test(arguments: shippedWithOfflineParts)
    func everyOfflineComponentIsCostedByItsSchedule(_ id: String) throws {
        let scenario = try Self.shipped(id).scenario
        let plan = OfflinePlan(design: scenario.design)
        for (i, c) in scenario.design.components.enumerated() where c.kind.isOffline {
            let stage = try #require(plan[stage: c.id])
            let rows = InspectorRow.rows(for: scenario, selection: i, subject: .component, estimate: DesignEstimate(scenario: scenario))
            let texts = Self.texts(rows)
            #expect(texts.contains("cost \(stage.costPerMonthText)/month"), "\(id).\(c.id): \(texts)")
            if let run = stage.runText { #expect(texts.contains("run \(run)"), "\(id).\(c.id)") }
            if let perRun = stage.costPerRunText { #expect(texts.contains("per run \(perRun)"), "\(id).\(c.id)") }
            #expect(!rows.contains { ["latency", "load", "capacity", "queue max", "timeout", "mean time"].contains($0.label) }, "\(id).\(c.id)")
            #expect(!texts.contains { $0.contains("ρ") }, "\(id).\(c.id)")
            // Each key shown is one `--set` takes, so each can be edited.
            for row in rows {
                if case .field(_, let key) = row.kind { #expect(DesignOverride.componentKeys.contains(key), "\(id).\(c.id).\(key)") }
            }
        }
    }

    /// A stream processor with no compute set is priced at its catalog entry (a c5.xlarge,
    /// $0.17/h), not at the `cpu` type (a c5.2xlarge, $0.34/h): its compute row said `— cpu`
    /// beside `price — $0.17/h`, though setting `cpu` doubles the cost.
    @Test func anUnsetStreamComputeSaysWhatThePlanPrices() throws {
        var s = try Self.open("fraud-detection", size: Size(width: 80, height: 24), layout: false)
        s.select("velocity_job")
        let design = try #require(s.scenario).design
        let stage = try #require(OfflinePlan(design: design)[stage: "velocity_job"])
        #expect(stage.pricePerHour == 0.17 && stage.costPerMonthText == "$496")
        var texts = Self.texts(s.inspectorRows)
        #expect(texts.contains("compute — catalog $0.17/h") && texts.contains("price — $0.17/h"), "\(texts)")
        #expect(texts.contains("cost $496/month"))
        #expect(s.view().lines.contains { $0.contains("compute      — catalog $0.17/h") }, "whole at 80×24")
        // Set outright, `cpu` is the c5.2xlarge: the row, the price and the cost all move together.
        try s.setFieldWithoutLayout("compute", "cpu")
        texts = Self.texts(s.inspectorRows)
        #expect(texts.contains("compute cpu") && texts.contains("price — $0.34/h") && texts.contains("cost $993/month"), "\(texts)")
        let editedDesign = try #require(s.scenario).design
        let edited = try #require(OfflinePlan(design: editedDesign)[stage: "velocity_job"])
        #expect(edited.pricePerHour == ComputeType.cpu.pricePerHour && edited.costPerMonthText == "$993")
    }

    /// Every offline kind the catalog has, the backfill no shipped scenario uses included.
    @Test func everyOfflineKindOfTheCatalog() throws {
        let kinds = ComponentKind.allCases.filter(\.isOffline)
        let yaml = "name: every offline kind\ndesign:\n  entry: api\n  components:\n    api: { kind: gateway }\n"
            + kinds.map { "    \($0.rawValue): { kind: \($0.rawValue) }\n" }.joined()
        let scenario = try Scenario.parse(yaml: yaml, path: "kinds.yaml").scenario
        let plan = OfflinePlan(design: scenario.design)
        #expect(kinds.contains(.backfill) && kinds.count == 10)
        for (i, c) in scenario.design.components.enumerated() where c.kind.isOffline {
            let stage = try #require(plan[stage: c.id])
            let rows = InspectorRow.rows(for: scenario, selection: i, subject: .component, estimate: DesignEstimate(scenario: scenario))
            let texts = Self.texts(rows)
            #expect(texts.contains("cost \(stage.costPerMonthText)/month"), "\(c.kind): \(texts)")
            #expect(texts.contains("price — \(Money(dollars: stage.pricePerHour, period: .hour))"), "\(c.kind)")
            #expect(!rows.contains { ["latency", "load", "capacity", "queue max", "timeout", "concurrency"].contains($0.label) }, "\(c.kind)")
            let keys = rows.compactMap { row -> String? in if case .field(_, let k) = row.kind { return k } else { return nil } }
            // Always-on kinds take a lag, never a schedule; the others show their schedule and compute.
            if OfflineDefaults.of(c.kind)?.schedule == nil {
                #expect(!keys.contains("schedule") && texts.contains("schedule always on"), "\(c.kind)")
            } else {
                #expect(keys.contains("schedule") && keys.contains("compute"), "\(c.kind)")
            }
            #expect(keys.contains("lag") && keys.contains("feeds"), "\(c.kind)")
            // An unset compute names what the plan prices: a type whose price is the stage's, or
            // the catalog's price itself (setting the type shown must not change the cost).
            if let compute = rows.first(where: { $0.kind == .field(target: c.id, key: "compute") }) {
                let shown = String(compute.value.dropFirst(2))
                if let type = ComputeType(rawValue: shown) {
                    #expect(type.pricePerHour == stage.pricePerHour, "\(c.kind): \(shown) is not what the plan prices")
                } else {
                    #expect(shown == "catalog \(Money(dollars: stage.pricePerHour, period: .hour))", "\(c.kind): \(shown)")
                }
            }
        }
        // The monthly backfill by its defaults: 6 h on one CPU worker, once every 730 h.
        let backfill = try #require(plan[stage: "backfill"])
        #expect(backfill.runText == "6 h" && backfill.costPerRunText == "$2.04" && backfill.costPerMonthText == "$2.04")
    }

    /// The design screen on fraud-detection's daily retrain at 80×24: the offline rows and the plan.
    @Test func offlineInspectorSnapshot() throws {
        var s = try Self.open("fraud-detection", size: Size(width: 80, height: 24))
        s.select("training")
        _ = s.send(.key(.enter))
        expectSnapshot(s.snapshotLines(), named: "inspector-offline-80x24")
    }

    /// The canvas draws an offline box's schedule where an online box has its ρ, as `mlsd export`
    /// does, and no utilisation colour on it.
    @Test(arguments: shippedWithOfflineParts)
    func offlineBoxesCarryTheirScheduleAndNoRho(_ id: String) throws {
        let scenario = try Self.shipped(id).scenario
        let wb = Workbench(scenario: scenario, source: .shipped(id: id))
        let plan = OfflinePlan(design: scenario.design)
        for c in scenario.design.components {
            let lines = try #require(wb.canvasAnnotations.lines[c.id])
            if c.kind.isOffline {
                #expect(lines == [try #require(plan[stage: c.id]).scheduleText], "\(id).\(c.id)")
            } else {
                #expect(lines.first?.hasPrefix("ρ ") == true, "\(id).\(c.id)")
            }
        }
    }

    @Test func theCanvasOfFraudAtBothSizes() throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var s = try Self.open("fraud-detection", size: size)
            s.select("training")
            let screen = s.view()
            let text = screen.lines.joined(separator: "\n")
            #expect(text.contains("every 24h"), "the selected retrain's box is in view with its schedule")
            #expect(!text.contains("ρ .00"), "no offline box reads ρ .00")
            // The whole canvas, scrolled or not: one ρ a box, on the online boxes only.
            let grid = try #require(s.workbench?.canvas)
            let drawn = DiagramRenderer(style: .unicode).render(grid)
            let online = try #require(s.scenario).design.components.filter { !$0.kind.isOffline }.count
            #expect(drawn.components(separatedBy: "ρ ").count - 1 == online)
            // An offline box is drawn in the border's colour, not green for a ρ of 0.
            let box = try #require(grid.rect(of: "payments"))
            let view = CanvasView(grid: grid, selectedID: nil, utilisation: s.workbench?.estimate.utilisation ?? [:],
                                  offlineIDs: ["payments"])
            var buffer = ScreenBuffer(size: Size(width: grid.width + 2, height: grid.height + 2))
            view.render(in: Rect(x: 0, y: 0, width: grid.width + 2, height: grid.height + 2), into: &buffer)
            #expect(buffer[box.x + 1, box.y + 1].role == .border)
        }
    }

    /// Every offline key takes a value as a file writes it and refuses a bad one with the
    /// validator's words; a refused value changes nothing.
    @Test(arguments: [
        ("training", "schedule", "every 12h", nil),
        ("training", "schedule", "sometimes", "expected continuous, triggered or every followed by a duration up to a year, such as every 24h, or none for 'schedule'"),
        ("training", "schedule", "every 2y", "expected continuous, triggered or every followed by a duration up to a year, such as every 24h, or none for 'schedule'"),
        ("training", "duration", "2h", nil),
        ("training", "duration", "0s", "expected a duration above 0 such as 3h, at most a year, or none for 'duration'"),
        ("training", "data_volume", "1.2TB", nil),
        ("training", "data_volume", "lots", "expected an amount of data above 0 and at most 1000PB, such as 800MB, 500GB or 2TB, or none for 'data_volume'"),
        ("training", "throughput", "50GB/h", nil),
        ("training", "throughput", "fast", "expected data per worker and hour above 0, such as 100GB/h or 50MB/s, or none for 'throughput'"),
        ("training", "compute", "a100", nil),
        ("training", "compute", "tpu", "expected cpu or t4 or l4 or a10g or a100 or h100, or none for 'compute'"),
        ("training", "lag", "30m", nil),
        ("training", "lag", "soon", "expected a duration of at least 0 such as 30d, at most a year, or none for 'lag'"),
        ("training", "features", "amount_z, merchant_risk", nil),
        ("training", "features", "a,,b", "expected a comma-separated list of feature names such as spend_1h, txn_count_10m, or none for 'features'"),
        ("training", "feeds", "evaluation, registry", nil),
        ("training", "feeds", "evaluatoin", "feeds target 'evaluatoin' is not a component of this design; did you mean 'evaluation'?"),
        ("training", "feeds", "training", "component 'training' feeds itself; expected the components it writes data into"),
        ("training", "replicas", "0", "expected a whole number from 1 to 1000000 for 'replicas'"),
        ("training", "cost", "$1.20/h", nil),
        ("payments", "lag", "2s", nil),
        ("payments", "lag", "-1s", "expected a duration of at least 0 such as 30d, at most a year, or none for 'lag'"),
        ("chargebacks", "lag", "60d", nil),
        ("velocity_job", "schedule", "every 1h", nil),
        ("evaluation", "duration", "1h", nil),
        ("registry", "feeds", "scorer, rules", nil),
        ("registry", "feeds", "profile_job", "feed loop among offline components: history → training → evaluation → registry → profile_job → history; data would never settle"),
        ("history", "feeds", "payments", "feed loop among offline components: payments → velocity_job → history → payments; data would never settle"),
    ] as [(String, String, String, String?)])
    func offlineFields(_ id: String, _ key: String, _ value: String, _ refusal: String?) throws {
        var s = try Self.open("fraud-detection", size: Size(width: 80, height: 24), layout: false)
        s.select(id)
        let before = s.scenario
        try s.setFieldWithoutLayout(key, value)
        if let refusal {
            #expect(s.design.editor?.error == refusal)
            #expect(s.scenario == before, "a refused value changes nothing")
            let screen = s.view().lines.joined(separator: " ")
            #expect(screen.contains(String(refusal.prefix(24))), "the reason is on screen at 80×24")
        } else {
            #expect(s.design.editor == nil, "\(id).\(key)=\(value) was refused: \(s.design.editor?.error ?? "")")
            #expect(s.scenario != before)
            // A value `--set` would warn of is set with the same warning (a duration beside a data volume).
            let warnings = try #require(s.scenario).newWarnings(since: try #require(before))
            #expect(s.status == "\(id).\(key) = \(value)" + (warnings.first.map { "; warning: \($0)" } ?? ""))
        }
    }

    /// The edit hint gives examples in each offline key's own units, within an 80-column status line.
    @Test func theEditHintSpeaksTheKeysUnits() throws {
        var s = try Self.open("fraud-detection", size: Size(width: 80, height: 24), layout: false)
        s.select("training")
        for (key, hint) in [("schedule", "Type a value (every 24h, continuous; none clears), enter applies, esc cancels"),
                            ("data_volume", "Type a value (500GB, 2TB; none clears), enter applies, esc cancels"),
                            ("feeds", "Type a value (ids: training, history; none clears), enter applies, esc cancels")] {
            if s.design.focus != .inspector { _ = s.update(.key(.enter)) }
            s.design.row = try #require(s.inspectorRows.firstIndex { $0.kind == .field(target: "training", key: key) })
            _ = s.update(.key(.enter))
            #expect(s.status == hint)
            #expect((s.status ?? "").count <= 78)
            _ = s.update(.key(.escape))
        }
    }

    /// An always-on component (a log, a store, a registry, a label source) has no schedule to
    /// edit; `--set` refuses one in the validator's words.
    @Test func anAlwaysOnComponentHasNoSchedule() throws {
        var s = try Self.open("fraud-detection", layout: false)
        s.select("payments")
        #expect(!s.inspectorRows.contains { $0.kind == .field(target: "payments", key: "schedule") })
        #expect(Self.texts(s.inspectorRows).contains("schedule always on"))
        guard case .failure(let refusal) = s.candidate(target: "payments", key: "schedule", value: "every 1h") else {
            Issue.record("a schedule on an event log is refused")
            return
        }
        #expect(refusal.description == "'schedule' does not apply to 'payments' (event_log): it is always on; give its delay as 'lag'")
    }

    /// The costs follow the values: a 1.2 TB retrain on A100s costs what `mlsd show` says it does.
    @Test func theCostsFollowAnEdit() throws {
        var s = try Self.open("fraud-detection")
        s.select("training")
        s.setField("compute", "a100")
        s.setField("data_volume", "1.2TB")
        let design = try #require(s.scenario).design
        let stage = try #require(OfflinePlan(design: design)[stage: "training"])
        #expect(stage.pricePerHour == 4.10)
        let texts = Self.texts(s.inspectorRows)
        #expect(texts.contains("price — $4.1/h"))
        #expect(texts.contains("run 6 h") && stage.runText == "6 h")
        #expect(texts.contains("per run \(stage.costPerRunText ?? "")") && stage.costPerRunText == "$197")
        #expect(texts.contains("cost \(stage.costPerMonthText)/month"))
        // An hour a run longer than the period says the runs pile up.
        s.setField("schedule", "every 4h")
        #expect(Self.texts(s.inspectorRows).contains("overlap runs pile up: a run outlasts its period"))
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: training.schedule every 4h → every 24h")
    }

    /// While a value is typed the inspector previews the run and costs it would give.
    @Test func thePreviewIsThePlans() throws {
        var s = try Self.open("fraud-detection")
        s.select("training")
        s.focusRow("replicas")
        _ = s.send(.key(.enter))
        _ = s.send(.key(.control("u")))
        s.type("16")
        #expect(s.design.editor?.preview == ["run 1.5 h", "$8.16 a run", "$248/mo"].map { $0.replacingOccurrences(of: " ", with: TextWrap.nonBreakingSpace) }
            .joined(separator: " · "), "twice the workers, half the run, the same cost")
    }

    /// Feeds are listed one target a row; any of them edits the whole list.
    @Test func feedsAreEditedAsOneList() throws {
        var s = try Self.open("fraud-detection")
        s.select("payments")
        let feeds = s.inspectorRows.filter { $0.kind == .field(target: "payments", key: "feeds") }
        #expect(feeds.map(\.value) == ["→ velocity_job", "→ profile_job", "→ history"])
        #expect(feeds.map(\.editText) == Array(repeating: "velocity_job, profile_job, history", count: 3))
        s.focusRow("feeds")
        s.design.row += 2
        _ = s.send(.key(.enter))
        #expect(s.design.editor?.field.text == "velocity_job, profile_job, history")
        _ = s.send(.key(.escape))
        s.setField("feeds", "velocity_job, history")
        #expect(s.scenario?.design["payments"]?.feeds == ["velocity_job", "history"])
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: payments.feeds velocity_job, history → velocity_job, profile_job, history")
    }

    /// A save writes the offline edits into the file's text in place.
    @Test func aSaveKeepsTheFilesText() throws {
        let (text, _) = try Self.shipped("fraud-detection")
        var s = try Self.open("fraud-detection")
        s.select("training")
        s.setField("schedule", "every 12h")
        s.setField("lag", "30m")
        _ = s.send(.key(.escape))
        _ = s.send(.key(.character("w")))
        s.setField("model_max_age", "1d")
        guard case .write(_, let written, _)? = s.send(.key(.character("s"))).first else {
            Issue.record("a save writes the file")
            return
        }
        #expect(written == text.replacingOccurrences(of: "      schedule: every 24h\n", with: "      schedule: every 12h\n")
            .replacingOccurrences(of: "      kind: training_job\n", with: "      kind: training_job\n      lag: 30m\n")
            .replacingOccurrences(of: "  model_max_age: 2d\n", with: "  model_max_age: 24h\n"))
    }

    /// `w` lists the offline requirements the results judge, with what the plan gives for each.
    @Test func theRequirementsPanelListsTheOfflineOnes() throws {
        var s = try Self.open("fraud-detection")
        _ = s.send(.key(.character("w")))
        let texts = Self.texts(s.inspectorRows)
        for row in ["freshness ≤ 12h", "model age ≤ 2d", "label lag ≤ 45d", "training ≤ $2,000/month",
                    "offline part $1,686/month", "freshness 6.13 h", "model age 1.19 d", "label lag 30 d", "training $253/month"] {
            #expect(texts.contains(row), "\(row) in \(texts)")
        }
        let screen = s.view().lines.joined(separator: "\n")
        #expect(screen.contains("freshness ≤  12h") && screen.contains("training ≤   $2,000/month"))
        // A budget reads as the results read it and is edited as the file holds it.
        #expect(texts.contains("budget ≤ $40,000/month"))
        s.focusRow("monthly_budget")
        _ = s.send(.key(.enter))
        #expect(s.design.editor?.field.text == "$40000")
        _ = s.send(.key(.escape))
        // A design without an offline half and without offline requirements lists none.
        var plain = try AppState.fraudOpen()
        _ = plain.send(.key(.character("w")))
        #expect(!plain.inspectorRows.contains { $0.label == "freshness ≤" })
    }

    @Test(arguments: [
        ("feature_freshness", "1h", nil),
        ("feature_freshness", "soon", "expected a duration above 0 such as 50ms, at most a year, or none for 'feature_freshness'"),
        ("feature_freshness", "none", nil),
        ("model_max_age", "36h", nil),
        ("model_max_age", "-1d", "expected a duration above 0 such as 50ms, at most a year, or none for 'model_max_age'"),
        ("label_delay", "60d", nil),
        ("label_delay", "2y", "expected a duration above 0 such as 50ms, at most a year, or none for 'label_delay'"),
        ("training_budget", "$500", nil),
        ("training_budget", "cheap", "expected an amount greater than $0 and at most $1,000,000,000,000 such as $2000, or none for 'training_budget'"),
    ] as [(String, String, String?)])
    func offlineRequirements(_ key: String, _ value: String, _ refusal: String?) throws {
        var s = try Self.open("fraud-detection", size: Size(width: 80, height: 24), layout: false)
        _ = s.update(.key(.character("w")))
        let before = s.scenario
        try s.setFieldWithoutLayout(key, value)
        if let refusal {
            #expect(s.design.editor?.error == refusal)
            #expect(s.scenario == before)
            #expect(s.view().lines.joined(separator: " ").contains(String(refusal.prefix(24))), "the reason is on screen at 80×24")
        } else {
            #expect(s.design.editor == nil, "\(key)=\(value): \(s.design.editor?.error ?? "")")
            let targets = try #require(s.scenario).requirements.targets
            #expect(targets.contains { $0.kind.rawValue == key } == (value != "none"))
        }
    }

    /// Typing an offline requirement previews its verdict against the plan.
    @Test func anOfflineRequirementPreviewsItsVerdict() throws {
        var s = try Self.open("fraud-detection")
        _ = s.send(.key(.character("w")))
        s.focusRow("feature_freshness")
        _ = s.send(.key(.enter))
        _ = s.send(.key(.control("u")))
        s.type("1h")
        let nb = TextWrap.nonBreakingSpace
        #expect(s.design.editor?.preview == "6.13\(nb)h\(nb)≤\(nb)1\(nb)h:\(nb)fails")
        _ = s.send(.key(.control("u")))
        s.type("1d")
        #expect(s.design.editor?.preview == "6.13\(nb)h\(nb)≤\(nb)1\(nb)d:\(nb)passes")
    }

    /// Another shipped scenario with a batch inference job and a GPU fine-tune.
    @Test func anotherScenariosOfflineParts() throws {
        let id = "rag-assistant"
        let scenario = try Self.shipped(id).scenario
        let plan = OfflinePlan(design: scenario.design)
        var s = try Self.open(id, size: Size(width: 80, height: 24), layout: false)
        for c in scenario.design.components where c.kind.isOffline {
            s.select(c.id)
            let stage = try #require(plan[stage: c.id])
            let screen = s.view().lines.joined(separator: "\n")
            #expect(screen.contains("kind         " + c.kind.rawValue.prefix(18)), "\(c.id)")
            #expect(Self.texts(s.inspectorRows).contains("cost \(stage.costPerMonthText)/month"), "\(c.id)")
        }
    }
}

extension AppState {
    /// As `setField`, with `update` alone: no layout is performed (the inspector is what is
    /// checked). The row must exist.
    mutating func setFieldWithoutLayout(_ key: String, _ value: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if design.focus != .inspector { _ = update(.key(.enter)) }
        let row = inspectorRows.firstIndex { if case .field(_, let k) = $0.kind { return k == key } else { return false } }
        design.row = try #require(row, "a row for '\(key)'", sourceLocation: sourceLocation)
        _ = update(.key(.enter))
        _ = update(.key(.control("u")))
        for c in value { _ = update(.key(.character(c))) }
        _ = update(.key(.enter))
    }
}
