import MLSDCore
import MLSDExport
import MLSDTestSupport
import Testing
@testable import MLSDTUI

@Suite("Inspector") struct InspectorTests {
    @Test func enterFocusesTheInspectorAndEditsAValueWithUnits() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.setField("latency", "8ms")
        #expect(s.scenario?.design["scorer"]?.latency?.meanSeconds == 0.008)
        #expect(s.status == "scorer.latency = 8ms")
        #expect(s.isDirty)
        _ = s.send(.key(.character("u")))
        #expect(s.scenario?.design["scorer"]?.latency == nil, "one undo step per edit")
    }

    /// Every field the inspector shows can be set with a unit and refused with the validator's words.
    @Test(arguments: [
        ("replicas", "16", true), ("replicas", "0", false), ("replicas", "many", false),
        ("concurrency", "16", true), ("latency", "5ms-20ms", true), ("latency", "{ exponential: 8ms }", true), ("latency", "fast", false),
        ("timeout", "30ms", true), ("timeout", "none", true), ("timeout", "-3ms", false),
        ("retries", "2", true), ("retries", "11", false), ("fallback", "none", true), ("fallback", "nowhere", false),
        ("queue_limit", "50", true), ("optimizations", "int8,onnx", true), ("optimizations", "magic", false),
        ("batching.max_batch", "16", true), ("batching.max_wait", "2ms", true), ("size", "large", true), ("size", "huge", false),
        ("hardware", "gpu", true), ("availability", "99.9%", true), ("availability", "120%", false),
        ("cost", "$1.20/h", true), ("cost", "cheap", false), ("label", "Fraud model", true), ("kind", "spaceship", false),
        ("retry_budget", "10%", true), ("backoff", "5ms", true), ("circuit_breaker.failures", "3", true),
        ("circuit_breaker.failures", "0", false), ("deadline_propagation", "true", true), ("deadline_propagation", "maybe", false),
        ("deadline_shedding", "true", true), ("deadline_shedding", "1", false),
        ("unique_requests", "true", true), ("unique_requests", "maybe", false),
    ])
    func scorerFields(_ key: String, _ value: String, _ accepted: Bool) throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        let before = s.scenario
        s.setField(key, value)
        if accepted {
            #expect(s.design.editor == nil, "\(key)=\(value) was refused: \(s.design.editor?.error ?? "")")
            #expect(s.scenario != before || value == "none")
        } else {
            let error = try #require(s.design.editor?.error, "\(key)=\(value) should be refused")
            #expect(!error.isEmpty)
            #expect(s.scenario == before, "a refused value changes nothing")
            #expect(s.view().lines.contains { $0.contains(String(error.prefix(20))) }, "the reason is on screen")
        }
    }

    /// Typing a number into "trip after" adds a breaker with the documented defaults; its other
    /// rows then appear and edit it.
    @Test func aBreakerIsAddedFromItsFirstRow() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.setField("circuit_breaker.failures", "4")
        #expect(s.scenario?.design["scorer"]?.circuitBreaker == CircuitBreaker(failures: 4))
        s.setField("circuit_breaker.open_for", "2s")
        s.setField("circuit_breaker.half_open_probes", "2")
        #expect(s.scenario?.design["scorer"]?.circuitBreaker == CircuitBreaker(failures: 4, openFor: TimeSpan(seconds: 2), halfOpenProbes: 2))
        #expect(s.view().lines.contains { $0.contains("trip after   4") })
        // none on that row removes it again (it was refused: "expected a whole number").
        s.setField("circuit_breaker.failures", "none")
        #expect(s.design.editor == nil, "\(s.design.editor?.error ?? "")")
        #expect(s.scenario?.design["scorer"]?.circuitBreaker == nil)
        #expect(s.view().lines.contains { $0.contains("trip after   — no breaker") })
    }

    /// `x del call` is hinted only on a call's row; on a value row `x` still says what it does.
    @Test func theDeleteCallHintIsOnlyOnACall() throws {
        var s = try AppState.fraudOpen()
        s.select("gateway")
        s.focusRow("replicas")
        #expect(!s.hints.contains { $0.word == "del call" })
        _ = s.send(.key(.character("x")))
        #expect(s.status?.hasPrefix("x deletes the highlighted call here") == true)
        let edge = try #require(s.inspectorRows.firstIndex { if case .edge = $0.kind { return true } else { return false } })
        s.design.row = edge
        #expect(s.hints.contains { $0.word == "del call" })
    }

    /// An empty value names `none` only where it is taken; a value `--set` would warn of says so
    /// in the TUI too (the TUI took `zones: 4` on a 3-zone design without a word).
    @Test func emptyValuesAndWarningsSayWhatTheCLISays() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.setField("replicas", "")
        #expect(s.design.editor?.error == "expected a value")
        _ = s.send(.key(.escape))
        s.setField("timeout", "")
        #expect(s.design.editor?.error == "expected a value (none clears it)")
        _ = s.send(.key(.escape))
        s.setField("zones", "4")
        #expect(s.scenario?.design.zoneCount == 3)
        #expect(s.status == "scorer.zones = 4; warning: 'zones: 4' on 'scorer' has no effect beyond the design's 3 zones; its replicas use those",
                "\(s.status ?? "nil")")
        #expect(s.scenario?.design["scorer"]?.zones == 4, "set all the same, as --set does")
        // Targets out of order, which validate warns of in a file, are warned of when typed too.
        _ = s.setValue(target: "requirements", key: "p50", value: "80ms")
        #expect(s.status == "requirements.p50 = 80ms; warning: 'p50: 80ms' is above 'p99: 50ms': a p50 never exceeds the p99, so that target can never be the one that fails; are they swapped?",
                "\(s.status ?? "nil")")
    }

    /// The estimate's cost row turns red and reads `over budget` once the budget above it fails
    /// (it stayed plain), and back when the budget is raised.
    @Test func theEstimatesCostIsRedOverTheBudget() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        func costRow(_ s: AppState) -> InspectorRow? { s.inspectorRows.last { $0.kind == .info && ($0.label == "cost" || $0.label == "over budget") } }
        #expect(costRow(s)?.role == .normal && costRow(s)?.label == "cost" && costRow(s)?.value.hasSuffix("/month") == true, "\(String(describing: costRow(s)))")
        s.setField("monthly_budget", "$100")
        #expect(s.workbench?.scenario.requirements.monthlyBudget?.perMonth == 100)
        #expect(costRow(s)?.role == .bad && costRow(s)?.label == "over budget", "\(String(describing: costRow(s)))")
        #expect(s.view().lines.contains { $0.contains("over budget  $") }, "the row reads whole at 100 columns")
        s.setField("monthly_budget", "$1M")
        #expect(costRow(s)?.role == .normal, "\(String(describing: costRow(s)))")
    }

    /// `t`, `[` and `]` act on a call; on another row they said nothing. They say where the
    /// calls are, or that the component makes none.
    @Test func callKeysOnAnotherRowSayWhereTheCallsAre() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.focusRow("timeout")
        _ = s.send(.key(.character("t")))
        #expect(s.status == "t changes a call's kind: highlight one of the → rows under calls", "\(s.status ?? "nil")")
        #expect(s.overlay == nil)
        _ = s.send(.key(.character("[")))
        #expect(s.status == "[ and ] move a call earlier or later: highlight one of the → rows under calls")
        let scenario = try #require(s.workbench?.scenario)
        let leaf = try #require(scenario.design.components.first { scenario.edges(from: $0.id).isEmpty }?.id)
        s.select(leaf)
        s.focusRow("replicas")
        _ = s.send(.key(.character("]")))
        #expect(s.status == "[ and ] move a call earlier or later: \(leaf) makes no calls (c connects it to another component)", "\(s.status ?? "nil")")
        // On the workload panel, w is the way back (it said "esc, then arrows").
        _ = s.send(.key(.character("w")))
        #expect(s.design.subject == .scenario)
        _ = s.send(.key(.character("t")))
        #expect(s.status == "t changes a call's kind: the workload panel has no calls (w goes back to the component's inspector)", "\(s.status ?? "nil")")
    }

    /// Each listed example in a key's hint is a value the key takes (the workload's pattern hinted
    /// `8ms, 5k/s, 80%`, the default for keys without their own).
    @Test(arguments: [("fraud-detection", "workload", "pattern"), ("fraud-detection", "scorer", "hardware"), ("fraud-detection", "scorer", "size"),
                      ("fraud-detection", "features", "kind"), ("support-chat", "small_llm", "gpu"), ("support-chat", "small_llm", "precision"),
                      ("support-chat", "large_llm", "model"), ("support-chat", "small_llm", "prefix_cache_hit_ratio"),
                      ("semantic-search", "ann", "recall"), ("semantic-search", "reranker", "candidates"), ("semantic-search", "reranker", "per_candidate")])
    func everyExampleInTheHintIsTaken(_ scenario: String, _ target: String, _ key: String) throws {
        let s = try ScenarioLibrary(environment: [:]).load(scenario).scenario
        let hint = AppState.valueExamples(key: key)
        #expect(hint != AppState.valueExamples(key: "no-such-key"), "\(key) has a hint of its own")
        let words = hint.replacingOccurrences(of: " (comma-separated)", with: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .map { $0.hasPrefix("a whole number, such as ") ? String($0.dropFirst("a whole number, such as ".count)) : $0 }
            .filter { !$0.hasPrefix("a whole number") }
        #expect(!words.isEmpty)
        for word in words {
            let value = word.hasPrefix("such as ") ? String(word.dropFirst(8)) : word
            #expect(throws: Never.self, "\(target).\(key)=\(value)") { _ = try s.applying([DesignOverride(target: target, key: key, value: value)]) }
        }
    }

    /// A requirement's preview gives the verdict the estimate can give, or says a run judges it: a
    /// p99 target previewed the estimate's mean and cost, which the target does not change.
    @Test func aRequirementsPreviewJudgesItOrSaysARunDoes() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        func typed(_ key: String, _ value: String) -> String? {
            s.focusRow(key)
            _ = s.send(.key(.enter))
            _ = s.send(.key(.control("u")))
            s.type(value)
            defer { _ = s.send(.key(.escape)) }
            return s.design.editor?.preview
        }
        let nbsp = TextWrap.nonBreakingSpace
        #expect(typed("p99", "40ms")?.hasPrefix("a run judges it (r); the estimate's mean is") == true, "\(typed("p99", "40ms") ?? "nil")")
        let availability = typed("availability", "99.9%")?.replacingOccurrences(of: nbsp, with: " ") ?? "nil"
        #expect(availability.contains(" ≥ 99.9%: ") && availability.hasSuffix(" (analytic)"), "\(availability)")
        let peak = typed("peak_qps", "1M/s")?.replacingOccurrences(of: nbsp, with: " ") ?? "nil"
        #expect(peak.hasPrefix("capacity ") && peak.hasSuffix(": fails (analytic)"), "far above the design's capacity: \(peak)")
        #expect(typed("max_error_rate", "1%")?.replacingOccurrences(of: nbsp, with: " ") == "a run judges it (r)")
        #expect(typed("p99", "none") == nil, "cleared: nothing to judge")
    }

    /// The edit hint offers `none` only where it is taken: replicas refuse it, a timeout clears.
    @Test func theEditHintOffersNoneOnlyWhereItClears() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.focusRow("replicas")
        _ = s.send(.key(.enter))
        #expect(s.status == "Type a value (a whole number, such as 4), enter applies, esc cancels")
        _ = s.send(.key(.escape))
        s.select("scorer")
        s.focusRow("timeout")
        _ = s.send(.key(.enter))
        #expect(s.status == "Type a value (50ms, 1s; none clears), enter applies, esc cancels")
        _ = s.send(.key(.escape))
        // Each common key hints in its own unit (a budget hinted 8ms, 5k/s, 80%).
        _ = s.send(.key(.character("w")))
        s.focusRow("monthly_budget")
        _ = s.send(.key(.enter))
        #expect(s.status == "Type a value ($40000, $45k/month), enter applies, esc cancels", "unset: nothing for none to clear")
        // Typing a budget previews its verdict against the estimate's cost.
        _ = s.send(.key(.control("u")))
        s.type("$100")
        let cost = FigureFormat.money(try #require(s.workbench?.estimate.costPerMonth))
        #expect(s.design.editor?.preview == "\(cost)/month ≤ $100/month: fails", "\(s.design.editor?.preview ?? "nil")")
        #expect((s.status ?? "").count <= 78, "the hint fits an 80-column status line")
        // Typed without its $, it says at once what enter would refuse (no preview, no word before).
        _ = s.send(.key(.control("u")))
        s.type("1000")
        #expect(s.design.editor?.preview == nil)
        #expect(s.design.editor?.error?.hasSuffix("an amount starts with $: $1000") == true, "\(s.design.editor?.error ?? "nil")")
        _ = s.send(.key(.home))
        s.type("$")
        #expect(s.design.editor?.error == nil && s.design.editor?.preview?.hasSuffix("$1,000/month: fails") == true, "\(s.design.editor?.preview ?? "nil")")
        _ = s.send(.key(.control("u")))
        s.type("$100")
        // Once set, its hint offers to clear it.
        _ = s.send(.key(.enter))
        #expect(s.workbench?.scenario.requirements.monthlyBudget?.perMonth == 100)
        s.focusRow("monthly_budget")
        _ = s.send(.key(.enter))
        #expect(s.status == "Type a value ($40000, $45k/month; none clears), enter applies, esc cancels", "\(s.status ?? "nil")")
    }

    /// `unique_requests` has a row (it could be set only in the file); the hint names the two
    /// values, a bad one is refused in `--set`'s words, and the change is one undo step.
    @Test func uniqueRequestsIsARow() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        #expect(s.inspectorRows.contains { $0.kind == .field(target: "scorer", key: "unique_requests") && $0.value == "— false" })
        s.focusRow("unique_requests")
        _ = s.send(.key(.enter))
        #expect(s.status == "Type a value (true, false), enter applies, esc cancels", "unset: nothing for none to clear")
        _ = s.send(.key(.escape))
        s.setField("unique_requests", "yes")
        #expect(s.design.editor?.error == "expected true or false, or none for 'unique_requests'")
        #expect(s.scenario?.design["scorer"]?.uniqueRequests == false, "a refused value changes nothing")
        _ = s.send(.key(.escape))
        s.setField("unique_requests", "true")
        #expect(s.scenario?.design["scorer"]?.uniqueRequests == true)
        #expect(s.inspectorRows.contains { $0.kind == .field(target: "scorer", key: "unique_requests") && $0.value == "true" })
        _ = s.send(.key(.escape))
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scorer.unique_requests true → false")
        #expect(s.scenario?.design["scorer"]?.uniqueRequests == false)
    }

    /// A save writes the flag's change into the file in place: fraud-detection's scorer loses its
    /// `unique_requests: true` line and nothing else moves.
    @Test func aUniqueRequestsEditIsSavedInPlace() throws {
        let (text, _) = try OfflineInspectorTests.shipped("fraud-detection")
        #expect(text.contains("      unique_requests: true\n"))
        var s = try OfflineInspectorTests.open("fraud-detection", layout: false)
        s.select("scorer")
        try s.setFieldWithoutLayout("unique_requests", "false")
        _ = s.update(.key(.escape))
        guard case .write(_, let written, _)? = s.update(.key(.character("s"))).first else {
            Issue.record("a save writes the file")
            return
        }
        #expect(written == text.replacingOccurrences(of: "      unique_requests: true\n", with: ""))
    }

    @Test func aRefusalUsesTheValidatorsWords() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        s.setField("timeout", "soon")
        #expect(s.design.editor?.error == "expected a duration above 0 such as 40ms (at most a year), or none for 'timeout'")
        _ = s.send(.key(.escape))
        #expect(s.design.editor == nil)
        #expect(s.status == "Edit cancelled")
    }

    @Test func cacheHitRatioAndMissPath() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        _ = s.send(.key(.character("f")))      // insert in front: the menu starts on cache
        _ = s.send(.key(.enter))
        let cache = try #require(s.scenario?.design["cache"])
        #expect(cache.onMiss == "scorer")
        s.setField("hit_ratio", "95%")
        #expect(s.scenario?.design["cache"]?.hitRatio == Percentage(fraction: 0.95))
        s.setField("hit_ratio", "150%")
        #expect(s.design.editor?.error?.contains("percentage") == true)
    }

    /// `?` on the workload panel is titled with the panel's name (it read "Keys · Inspector").
    @Test func theWorkloadPanelsHelpIsTitledWithItsName() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        _ = s.send(.key(.character("?")))
        #expect(s.view().lines.contains { $0.contains("Keys · Workload & requirements") })
        _ = s.send(.key(.escape))
        _ = s.send(.key(.escape))
        s.select("scorer")
        _ = s.send(.key(.enter))
        _ = s.send(.key(.character("?")))
        #expect(s.view().lines.contains { $0.contains("Keys · Inspector") })
    }

    /// `$40000/month` over `$40000` made an undo step whose undo changed nothing on screen.
    @Test func anotherSpellingOfTheSameValueMakesNoUndoStep() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        s.setField("monthly_budget", "$40000")
        #expect(s.workbench?.undoStack.count == 1)
        s.setField("monthly_budget", "$40000/month")
        #expect(s.workbench?.undoStack.count == 1, "no step whose undo changes nothing on screen")
        #expect(s.status == "Unchanged: requirements.monthly_budget is already $40000", "\(s.status ?? "")")
        s.setField("monthly_budget", "$45k/month")
        #expect(s.workbench?.undoStack.count == 2)
        #expect(s.scenario?.requirements.monthlyBudget?.perMonth == 45000)
    }

    /// The design's name and summary are edited on the workload panel, with undo (there was no
    /// way to rename a design but to edit its file).
    @Test func theDesignCanBeRenamed() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        s.setField("name", "Card fraud v2")
        #expect(s.scenario?.name == "Card fraud v2")
        #expect(s.view().lines[0].contains("Card fraud v2"), "\(s.view().lines[0])")
        s.setField("summary", "Scores payments")
        #expect(s.scenario?.summary == "Scores payments")
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scenario.summary Scores payments → none", "\(s.status ?? "")")
        _ = s.send(.key(.character("u")))
        #expect(s.scenario?.name == "Fraud detection")
        s.setField("name", String(repeating: "x", count: 81))
        #expect(s.design.editor?.error?.contains("at most 80") == true)
        _ = s.send(.key(.escape))
        s.focusRow("summary")
        _ = s.send(.key(.enter))
        #expect(s.design.editor != nil && s.design.editor?.preview == nil, "words change no figure: no 'would be: e2e mean …'")
        #expect(s.status?.contains("up to 300 characters") == true, "\(s.status ?? "")")
        _ = s.send(.key(.escape))
        s.setField("name", "None")
        #expect(s.design.editor?.error?.contains("a design always has one") == true, "\(s.design.editor?.error ?? "")")
    }

    /// A value too long for its line is cut with "…" until its row is selected; then it reads
    /// whole, wrapped under its label (a long summary could not be read in the TUI at all), and a
    /// click still lands on the row drawn where it was clicked.
    @Test func aSelectedLongValueReadsWhole() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        _ = s.send(.key(.character("w")))
        let summary = "Score every card payment for fraud before it is authorised, inside the payment network's time budget."
        s.setField("summary", summary)
        #expect(s.scenario?.summary == summary)
        s.focusRow("name")
        func inspector() -> [String] {
            let x = DesignView.areas(in: s.bodyRect).inspector.x
            return s.view().lines.map { String($0.dropFirst(x)) }
        }
        let cut = try #require(inspector().first { $0.contains("summary") })
        #expect(cut.contains("…"), "not selected: one line, cut: \(cut)")
        s.focusRow("summary")
        let lines = inspector()
        let first = try #require(lines.firstIndex { $0.contains("summary") })
        let words = lines[first...].prefix { !$0.contains("Workload") }.joined(separator: " ")
            .split(whereSeparator: { $0 == " " || $0 == "│" || $0 == "▲" || $0 == "▼" }).map(String.init)
        #expect(words.joined(separator: " ").contains(summary), "the whole summary, wrapped: \(lines[first...].prefix(6))")
        #expect(!lines[first...].prefix(4).contains { $0.contains("…") })
        // A click on the pattern row, drawn below the wrapped summary, selects that row.
        let view = s.view().lines
        let y = try #require(view.firstIndex { $0.contains("pattern") })
        let x = DesignView.areas(in: s.bodyRect).inspector.x + 3
        _ = s.send(.mouse(MouseEvent(x: x, y: y, button: .left)))
        let row = s.inspectorRows[s.design.row]
        #expect(row.kind == .field(target: "workload", key: "pattern"), "\(row.label)")
        // Undo names the change whole while it fits two status rows, and cuts a longer value.
        _ = s.send(.key(.character("u")))
        #expect(s.status == "Undone: scenario.summary \(summary) → none", "\(s.status ?? "")")
        let long = String(repeating: "Scores payments. ", count: 17).trimmingCharacters(in: .whitespaces)
        s.setField("summary", long)
        #expect(s.scenario?.summary == long)
        _ = s.send(.key(.character("u")))
        let status = try #require(s.status)
        #expect(status.hasPrefix("Undone: scenario.summary Scores payments. Scores") && status.hasSuffix("… → none"), "\(status)")
        #expect(status.count <= 8 + 140, "two status rows at most: \(status.count) characters")
        // Japanese text takes two columns a character: the line is cut by columns.
        let wide = String(repeating: "不正検知のためのカード決済", count: 10)
        s.setField("summary", wide)
        _ = s.send(.key(.character("u")))
        let wideStatus = try #require(s.status)
        #expect(wideStatus.hasSuffix("… → none") && DisplayWidth.of(wideStatus) <= 8 + 140, "\(DisplayWidth.of(wideStatus)) columns: \(wideStatus)")
    }

    @Test func workloadAndRequirementsAreEditable() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("w")))
        #expect(s.view().lines.contains { $0.contains("Workload & requirements") })
        s.setField("qps", "8k/s")
        #expect(s.scenario?.design.workload.qps == Rate(perSecond: 8000))
        s.setField("p99", "30ms")
        #expect(s.scenario?.requirements.latencyP99 == TimeSpan(seconds: 0.03))
        s.setField("pattern", "burst")
        s.setField("factor", "4")
        if case .burst(let factor, _, _)? = s.scenario?.design.workload.pattern { #expect(factor == 4) } else { Issue.record("pattern is burst") }
        s.setField("max_error_rate", "lots")
        #expect(s.design.editor?.error?.contains("percentage") == true)
        _ = s.send(.key(.escape))
        s.setField("p50", "none")
        #expect(s.scenario?.requirements.latencyP50 == nil)
    }

    @Test func theEstimateFollowsTheValues() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        let before = try #require(s.workbench?.estimate.utilisation["scorer"])
        s.setField("replicas", "16")
        let after = try #require(s.workbench?.estimate.utilisation["scorer"])
        #expect(abs(after - before / 2) < 1e-9, "twice the replicas, half the utilisation")
        // While typing, the inspector previews the estimate of the value so far.
        s.focusRow("replicas")
        _ = s.send(.key(.enter))
        _ = s.send(.key(.control("u")))
        s.type("16")
        #expect(s.view().lines.contains { $0.contains("would be: ρ") })
        // At 80 columns the preview wraps between figures, never inside one ("e2e mean 13.9" / "ms").
        _ = s.send(.resize(Size(width: 80, height: 24)))
        let lines = s.view().lines
        let mean = try #require(lines.first { $0.contains("e2e mean") })
        #expect(mean.range(of: #"e2e mean [0-9.]+ (ms|s|µs)"#, options: .regularExpression) != nil, "\(lines.joined(separator: "\n"))")
        #expect(!lines.contains { $0.contains("\u{00A0}") })
    }

    /// A refusal (and a preview) wraps inside the inspector's text column, which leaves the last
    /// inner column to the ▲/▼ markers (a ▼ there hid the last letter of a line): at 80 columns `timeout = 60` lost the "h" of "such"
    /// against the border (`…above 0 suc│`).
    @Test(arguments: [80, 100, 120], [("timeout", "60"), ("latency", "fast"), ("replicas", "many"), ("availability", "120%"), ("retries", "11")])
    func everyRefusalLineFitsTheInspector(width: Int, edit: (key: String, value: String)) throws {
        var s = try AppState.fraudOpen(size: Size(width: width, height: 24))
        s.select("scorer")
        s.setField(edit.key, edit.value)
        let error = try #require(s.design.editor?.error)
        let buffer = s.view()
        let inner = DesignView.areas(in: s.bodyRect).inspector.inset(by: 1)
        var shown: [String] = []
        for y in inner.y..<inner.maxY where (inner.x..<inner.maxX).contains(where: { buffer[$0, y].role == .bad }) {
            #expect(["▲", "▼", " "].contains(buffer[inner.maxX - 1, y].character), "row \(y) reaches the inspector's last column: \(buffer.lines[y])")
            shown.append(String((inner.x..<inner.maxX - 1).map { buffer[$0, y].character }))
        }
        let letters = { (text: String) in text.filter { !$0.isWhitespace } }
        #expect(letters(shown.joined()) == letters(error), "\(shown.joined(separator: "\n"))")
    }

    @Test func inspectorAt80x24() throws {
        var s = try AppState.fraudOpen(size: Size(width: 80, height: 24))
        s.select("scorer")
        s.focusRow("latency")
        _ = s.send(.key(.enter))
        _ = s.send(.key(.control("u")))
        s.type("8ms")
        s.say(nil)
        expectSnapshot(s.snapshotLines(), named: "inspector-80x24")
    }
}

@Suite("Wiring") struct WiringTests {
    func calls(_ s: AppState, _ id: String) -> [CallGroup] { s.scenario?.design[id]?.calls ?? [] }

    /// Opens the connect flow from `from` to `to` and picks the kind of call.
    func connect(_ s: inout AppState, _ from: String, _ to: String, kind: CallKind) {
        s.select(from)
        _ = s.send(.key(.character("c")))
        let ids = s.scenario?.design.components.map(\.id) ?? []
        // The target list starts on the component after the source.
        let steps = ((ids.firstIndex(of: to) ?? 0) - (ids.firstIndex(of: from) ?? 0) - 1 + ids.count) % max(ids.count, 1)
        for _ in 0..<steps { _ = s.send(.key(.down)) }
        _ = s.send(.key(.enter))
        let kinds = s.callKinds(source: from)
        for _ in 0..<(kinds.firstIndex(of: kind) ?? 0) { _ = s.send(.key(.down)) }
        _ = s.send(.key(.enter))
    }

    /// Choosing a target passes over the source (`k` from the first target wrapped to it, and enter
    /// then said it cannot call itself).
    @Test func choosingATargetPassesOverTheSource() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        let source = s.design.selection
        _ = s.send(.key(.character("c")))
        let count = s.scenario?.design.components.count ?? 0
        for key in [Key.up, .up] + Array(repeating: Key.down, count: count + 1) {
            _ = s.send(.key(key))
            #expect(s.design.selection != source, "\(key)")
        }
        _ = s.send(.key(.escape))
    }

    @Test func connectWithEachKindOfCall() throws {
        var s = try AppState.fraudOpen()
        connect(&s, "gateway", "rules", kind: .parallel)
        #expect(calls(s, "gateway").last == CallGroup(mode: .parallel, targets: ["rules"]))
        _ = s.send(.key(.character("u")))
        connect(&s, "gateway", "rules", kind: .async)
        #expect(calls(s, "gateway").last == CallGroup(mode: .async, targets: ["rules"]))
        _ = s.send(.key(.character("u")))
        connect(&s, "gateway", "rules", kind: .branch)
        guard case .prompt? = s.overlay else {
            Issue.record("a branch asks for its share")
            return
        }
        _ = s.send(.key(.control("u")))
        s.type("2%")
        _ = s.send(.key(.enter))
        #expect(calls(s, "gateway").last == CallGroup(mode: .sequence, targets: ["rules"], probability: Percentage(fraction: 0.02)))
    }

    @Test func duplicateCallsAndCyclesAreRefusedWithTheReason() throws {
        var s = try AppState.fraudOpen()
        connect(&s, "gateway", "scorer", kind: .sequence)
        #expect(s.status?.contains("already calls 'scorer'") == true, "\(s.status ?? "")")
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["scorer"])], "the load is not doubled")
        connect(&s, "scorer", "gateway", kind: .sequence)
        #expect(s.status?.hasPrefix("Not changed: call cycle") == true, "\(s.status ?? "")")
        #expect(!s.isDirty)
    }

    @Test func deleteRetypeAndReorderACall() throws {
        var s = try AppState.fraudOpen()
        connect(&s, "gateway", "rules", kind: .sequence)
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["scorer", "rules"])])
        s.select("gateway")
        _ = s.send(.key(.enter))
        let rows = s.inspectorRows
        let edge = try #require(rows.firstIndex { if case .edge(_, let e) = $0.kind { return e.target == "rules" } else { return false } })
        s.design.row = edge
        _ = s.send(.key(.character("[")))
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["rules", "scorer"])], "rules now runs first")
        // Undo and redo keep the moved call highlighted (undo left the highlight on scorer's row).
        func highlighted() -> String? { if case .edge(_, let e)? = s.currentRow?.kind { return e.target } else { return nil } }
        #expect(highlighted() == "rules")
        _ = s.send(.key(.character("u")))
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["scorer", "rules"])])
        #expect(highlighted() == "rules", "\(s.currentRow.map { "\($0.kind)" } ?? "nil")")
        _ = s.send(.key(.control("r")))
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["rules", "scorer"])])
        #expect(highlighted() == "rules")
        _ = s.send(.key(.character("t")))
        _ = s.send(.key(.down))                 // sequence → parallel
        _ = s.send(.key(.enter))
        #expect(calls(s, "gateway").contains(CallGroup(mode: .parallel, targets: ["rules"])))
        let retyped = try #require(s.inspectorRows.firstIndex { if case .edge(_, let e) = $0.kind { return e.target == "rules" } else { return false } })
        s.design.row = retyped
        _ = s.send(.key(.character("x")))
        #expect(calls(s, "gateway") == [CallGroup(mode: .sequence, targets: ["scorer"])])
    }

    /// The classic what-if: a cache in front of the model server takes 80 % of its load.
    @Test func insertACacheInFrontOfTheModelServer() throws {
        var s = try AppState.fraudOpen()
        let load = try #require(s.workbench?.estimate.arrivalsPerSecond["scorer"])
        s.select("scorer")
        _ = s.send(.key(.character("f")))
        _ = s.send(.key(.enter))
        let design = try #require(s.scenario?.design)
        #expect(design["gateway"]?.calls == [CallGroup(mode: .sequence, targets: ["cache"])], "callers now call the cache")
        #expect(design["cache"]?.onMiss == "scorer")
        let after = try #require(s.workbench?.estimate.arrivalsPerSecond["scorer"])
        #expect(abs(after - load * 0.2) < load * 1e-9, "only misses reach the model server")
        #expect(s.scenario.map { $0.validationDiagnostics().filter { $0.severity == .error }.isEmpty } == true)
    }

    @Test func paletteAddsAComponentCalledAfterTheSelectedOne() throws {
        var s = try AppState.fraudOpen()
        s.select("scorer")
        _ = s.send(.key(.character("a")))
        #expect(s.view().lines.contains { $0.contains("Add a component") })
        let cacheIndex = try #require(AppState.paletteKinds.firstIndex(of: .cache))
        for _ in 0..<cacheIndex { _ = s.send(.key(.down)) }
        _ = s.send(.key(.enter))
        #expect(s.scenario?.design.components.map(\.id) == ["gateway", "scorer", "rules", "cache"])
        #expect(s.scenario?.design["scorer"]?.calls.last == CallGroup(mode: .sequence, targets: ["cache"]))
        #expect(s.componentSelection == 3)
    }

    @Test func deleteRemovesEveryReferenceButNeverTheEntry() throws {
        var s = try AppState.fraudOpen()
        _ = s.send(.key(.character("x")))
        #expect(s.status == "The entry component cannot be deleted")
        s.select("rules")
        _ = s.send(.key(.character("x")))
        #expect(s.scenario?.design.components.map(\.id) == ["gateway", "scorer"])
        #expect(s.scenario?.design["scorer"]?.fallback == nil)
    }

    @Test func xInTheInspectorNeverDeletesTheComponent() throws {
        var s = try AppState.fraudOpen()
        s.select("rules")
        s.focusRow("replicas")
        _ = s.send(.key(.character("x")))
        #expect(s.scenario?.design["rules"] != nil)
        #expect(s.status?.contains("press x on the canvas") == true)
    }
}
