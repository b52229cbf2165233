import MLSDCore
import MLSDExport

/// The design screen's edits: values typed in the inspector, wiring, adding and deleting.
extension AppState {
    /// Kinds offered when adding or inserting (a bare `station` is for queueing models written by hand).
    static let paletteKinds: [ComponentKind] = ComponentKind.allCases.filter { $0 != .station }

    static let kindItems: [Menu.Item] = paletteKinds.map { kind in
        let entry = Catalog.standard[kind]
        let latency = kind == .modelServer ? "5ms-20ms" : entry.latency?.compactDescription ?? ""
        return Menu.Item(title: kind.rawValue, lead: latency, detail: entry.summary)
    }

    /// The kinds of call `source` may make (only a cache has a miss path).
    func callKinds(source: String) -> [CallKind] {
        CallKind.allCases.filter { $0 != .onMiss || workbench?.scenario.design[source]?.kind.isCache == true }
    }

    func callKindItems(source: String) -> [Menu.Item] {
        callKinds(source: source).map { Menu.Item(title: $0.rawValue, detail: $0.summary) }
    }

    // MARK: Values

    /// Opens the editor on the highlighted inspector row (a value), or the retype menu (a call).
    mutating func editCurrentRow() -> [Effect] {
        guard let row = currentRow else { return [] }
        switch row.kind {
        case .field(let target, let key):
            var editor = DesignScreen.Editor(target: target, key: key, field: TextField(row.editText))
            editor.preview = preview(of: editor)
            design.editor = editor
            // `none` is offered only where it is taken (replicas refuse it) and there is something
            // to clear: an unset budget's hint offered `none clears`.
            let clears = !row.isDefault && noneClears(target: target, key: key)
            say("Type a value (\(Self.valueExamples(key: key))\(clears ? "; none clears" : "")), enter applies, esc cancels")
        case .edge:
            return perform(.retype)
        default: break
        }
        return []
    }

    /// Whether `none` is taken for this value (a timeout clears; replicas refuse it).
    func noneClears(target: String, key: String) -> Bool {
        workbench.map { (try? $0.scenario.applying([DesignOverride(target: target, key: key, value: "none")])) != nil } ?? false
    }

    /// Examples for the edit hint: the offline keys take their own units (`every 24h`, `500GB`),
    /// a flag `true` or `false`, every other key the common ones.
    static func valueExamples(key: String) -> String {
        switch key {
        case "schedule": "every 24h, continuous"
        case "duration", "lag": "3h, 30d"
        case "data_volume": "500GB, 2TB"
        case "throughput": "100GB/h"
        case "compute": "cpu, t4, a100"
        case "unique_requests", "deadline_propagation", "deadline_shedding", "chunked_prefill": "true, false"
        case "features": "spend_1h, txn_10m"
        case "feeds": "ids: training, history"
        case "feature_freshness", "model_max_age", "label_delay": "12h, 2d"
        case "training_budget": "$2000"
        // A component id: the hint offered 8ms, 5k/s, 80% and `90%` was read as a target.
        case "on_miss", "fallback": "a component id such as db"
        case "hit_ratio": "80%"
        case "name": "up to 80 characters, such as Fraud scoring v2"
        case "summary": "one line of up to 300 characters on what the design is for"
        case "label": "up to 60 characters, such as Fraud scorer"
        case "notes": "free text"
        // The common keys name their own unit (a budget hinted "8ms, 5k/s, 80%").
        case "monthly_budget": "$40000, $45k/month"
        case "cost": "$0.52/h, $1200/mo"
        case "latency": "8ms, 5ms-20ms"
        case "p50", "p95", "p99", "p999", "ttft_p50", "ttft_p99", "tpot_p50", "tpot_p99", "timeout", "backoff", "think_time": "50ms, 1s"
        case "qps", "peak_qps": "5k/s, 300/min"
        case "availability", "zone_availability": "99.9%, 99.99%"
        case "max_error_rate": "0.1%"
        case "replicas", "concurrency", "zones", "retries", "queue_limit", "max_seqs", "max_batch_tokens", "gpus_per_replica", "input_tokens", "output_tokens": "a whole number, such as 4"
        // Each key the inspector shows has its own (pattern hinted `8ms, 5k/s, 80%` too).
        case "pattern": "poisson, burst, diurnal"
        case "factor": "a factor from 1 to 1000, such as 3"
        case "every", "length", "period": "60s, 24h"
        case "amplitude", "retry_budget", "prefix_cache_hit_ratio": "30%"
        case "recall": "0.95, 95%"
        case "candidates": "a whole number, such as 100"
        case "per_candidate": "0.125ms"
        case "hardware": "cpu, gpu"
        case "size": "small, large"
        case "optimizations": "int8, onnx, tensorrt (comma-separated)"
        case "precision": "fp16, fp8"
        case "gpu": "l4, l40s, a100-80g, h100, h200"
        case "model": "llama-3.1-8b, llama-3.1-70b"
        case "kind": "cache, model_server, database"
        default: "8ms, 5k/s, 80%"
        }
    }

    /// Keys while a value is typed: editing keys, enter applies, esc cancels.
    mutating func handleEditor(_ key: Key) -> [Effect] {
        guard var editor = design.editor else { return [] }
        switch key {
        case .escape:
            design.editor = nil
            say("Edit cancelled")
            return []
        case .enter:
            let value = editor.field.text.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else {
                editor.error = noneClears(target: editor.target, key: editor.key) ? "expected a value (none clears it)" : "expected a value"
                design.editor = editor
                return []
            }
            switch candidate(target: editor.target, key: editor.key, value: value) {
            case .success(let s):
                design.editor = nil
                if !apply(s, target: editor.target, key: editor.key, value: value) {
                    say("Unchanged: \(editor.target).\(editor.key) is already \(Self.shownValue(target: editor.target, key: editor.key, in: s) ?? value)")
                }
            case .failure(let message):
                editor.error = message.description
                design.editor = editor
            }
            return []
        default:
            if editor.field.handle(key) {
                editor.error = nil
                editor.preview = preview(of: editor)
                // A budget typed without its $ showed no preview and no word until enter refused it.
                if editor.preview == nil, editor.key.hasSuffix("budget"),
                   DesignOverride(target: editor.target, key: editor.key, value: editor.field.text).dollarHint != nil,
                   case .failure(let message) = candidate(target: editor.target, key: editor.key, value: editor.field.text) {
                    editor.error = message.description
                }
                design.editor = editor
            }
            return []
        }
    }

    /// The scenario with one value changed, or the validator's message for why not.
    func candidate(target: String, key: String, value: String) -> Result<Scenario, EditRefusal> {
        guard let wb = workbench else { return .failure(EditRefusal("no design is open")) }
        do {
            return .success(try wb.scenario.applying([DesignOverride(target: target, key: key, value: value)]))
        } catch {
            return .failure(EditRefusal(Self.plainMessage(error.description)))
        }
    }

    /// A `--set` message without the command-line framing: `expected a duration such as 40ms, or none for 'timeout'`.
    static func plainMessage(_ message: String) -> String {
        guard message.hasPrefix("invalid --set ") else { return message }
        // "invalid --set 'x.k=v': <reason>" → "<reason>"
        if let r = message.range(of: "': ") { return String(message[r.upperBound...]) }
        if let r = message.range(of: ": ") { return String(message[r.upperBound...]) }
        return message
    }

    /// Sets one value through the same rules as `--set` and the file validator, and says so as an
    /// edit in the inspector does (`scorer.replicas = 13`).
    mutating func setValue(target: String, key: String, value: String) -> [Effect] {
        switch candidate(target: target, key: key, value: value) {
        case .success(let s):
            if !apply(s, target: target, key: key, value: value) { say("\(target).\(key) is already \(value)") }
        case .failure(let message): say("Not changed: \(message.description)", isError: true)
        }
        return []
    }

    /// Makes `edited` (one value changed) the design, as an undoable edit, and says so: with the
    /// first warning the change brought, as `--set` warns (`zones: 4` beyond a 3-zone design); the
    /// warning stays until the next key. False when nothing changed.
    mutating func apply(_ edited: Scenario, target: String, key: String, value: String) -> Bool {
        let change = valueChange(target: target, key: key, to: edited)
        let warnings = workbench.map { edited.newWarnings(since: $0.scenario) } ?? []
        guard workbench?.replace(with: edited, as: change, at: now) == true else { return false }
        if let warning = warnings.first {
            say("\(target).\(key) = \(value); warning: \(warning)", isError: true)
        } else {
            say("\(target).\(key) = \(value)")
        }
        return true
    }

    /// A value's edit in words for undo and redo: `scorer.replicas` from the value the inspector
    /// shows now to the one it shows in `edited` (a default without its dash: `none`, `8`).
    func valueChange(target: String, key: String, to edited: Scenario) -> Workbench.Change {
        let before = workbench.flatMap { Self.shownValue(target: target, key: key, in: $0.scenario) } ?? "none"
        return Workbench.Change("\(target).\(key)", from: before, to: Self.shownValue(target: target, key: key, in: edited) ?? "none")
    }

    /// The value of `target.key` as its inspector row shows it, nil when it has no row.
    static func shownValue(target: String, key: String, in scenario: Scenario) -> String? {
        let isScenario = ["workload", "requirements", "design", "scenario"].contains(target)
        guard let index = isScenario ? 0 : scenario.design.components.firstIndex(where: { $0.id == target }) else { return nil }
        let rows = InspectorRow.rows(for: scenario, selection: index, subject: isScenario ? .scenario : .component, estimate: nil)
        guard let row = rows.first(where: { $0.kind == .field(target: target, key: key) }) else { return nil }
        if let whole = row.editValue { return whole }
        return row.value.hasPrefix("— ") ? String(row.value.dropFirst(2)) : row.value
    }

    // MARK: Wiring

    /// Keys while choosing the target of a new call.
    mutating func handleConnecting(_ key: Key, from: Int) -> [Effect] {
        let count = workbench?.scenario.design.components.count ?? 0
        switch key {
        // The source cannot call itself: moving passes over it (k from the first target wrapped to it).
        case .down, .character("j"), .tab:
            if count > 0 { design.selection = (design.selection + 1) % count }
            if count > 1, design.selection == from { design.selection = (design.selection + 1) % count }
        case .up, .character("k"), .backTab:
            if count > 0 { design.selection = (design.selection - 1 + count) % count }
            if count > 1, design.selection == from { design.selection = (design.selection - 1 + count) % count }
        case .home, .character("g"): design.selection = 0
        case .end, .character("G"): design.selection = max(0, count - 1)
        case .escape, .character("q"):
            design.mode = .normal
            design.selection = from
            say("Connection cancelled")
        case .enter:
            design.mode = .normal
            guard let components = workbench?.scenario.design.components, components.indices.contains(from), components.indices.contains(design.selection) else { return [] }
            let source = components[from].id, target = components[design.selection].id
            design.selection = from
            guard source != target else {
                say("Not connected: '\(source)' cannot call itself", isError: true)
                return []
            }
            overlay = .menu(Menu(title: "\(source) → \(target): kind of call", items: callKindItems(source: source), purpose: .callKind(source: source, target: target)))
            // The target is chosen: "Connect … to…: ↑↓ choose the target" no longer applies.
            say(nil)
        default: break
        }
        return []
    }

    /// Applies a wiring change, or says why it was refused; the selection stays on the source.
    mutating func rewire(_ success: String, follow: (target: String, kind: CallKind)? = nil, _ change: (Scenario) throws -> Scenario) -> [Effect] {
        guard let wb = workbench else { return [] }
        do {
            let s = try change(wb.scenario)
            let before = Self.unreachableCount(wb.scenario)
            workbench?.replace(with: s, as: Workbench.Change(success), at: now)
            let after = Self.unreachableCount(s)
            say(success + (after > before ? "; \(after) component\(after == 1 ? " is" : "s are") not reachable from the entry" : ""))
            // Keep the changed call highlighted (retyping or moving it changes its row).
            self.follow(follow)
        } catch {
            say("Not changed: \(error)", isError: true)
        }
        return []
    }

    /// The call the inspector highlights (its target and kind), nil on another row.
    var highlightedCall: (target: String, kind: CallKind)? {
        if case .edge(_, let e)? = currentRow?.kind { return (e.target, e.kind) }
        return nil
    }

    /// Highlights `call` in the inspector wherever its row now is: after it was moved or retyped,
    /// and after an undo or redo (undoing `[` left the highlight on the row the call had moved to,
    /// another call's now).
    mutating func follow(_ call: (target: String, kind: CallKind)?) {
        guard let call, let i = inspectorRows.firstIndex(where: {
            if case .edge(_, let e) = $0.kind { return e.target == call.target && e.kind == call.kind } else { return false }
        }) else { return }
        design.row = i
    }

    static func unreachableCount(_ s: Scenario) -> Int {
        s.validationDiagnostics().filter { $0.severity == .warning && $0.message.contains("not reachable") }.count
    }

    /// Adds a component of `kind` called after the selected one (so it is reachable), and selects it.
    mutating func addComponent(kind: ComponentKind) {
        guard let design = workbench?.scenario.design, let source = selectedID else { return }
        let newID = design.uniqueID(for: kind)
        workbench?.edit(Workbench.Change("Added \(newID) after \(source)"), { s in
            // Two replicas, as every shipped design has: one would be a single point of failure.
            var c = Component(id: newID, kind: kind, replicas: 2)
            if kind == .modelServer { c.size = .small }
            if kind == .cache { c.hitRatio = Percentage(fraction: 0.8) }
            s.design.components.append(c)
            if let i = s.design.components.firstIndex(where: { $0.id == source }) {
                s.design.components[i].calls.append(CallGroup(mode: .sequence, targets: [newID]))
            }
        }, at: now)
        self.design.selection = (workbench?.scenario.design.components.count ?? 1) - 1
        say("Added \(newID), called after \(source); c connects it, enter inspects it, x deletes it")
    }

    /// Removes the selected component and every reference to it; the entry cannot be removed.
    mutating func deleteSelected() {
        guard let id = selectedID, let design = workbench?.scenario.design else { return }
        guard id != design.entry else {
            say("The entry component cannot be deleted", isError: true)
            return
        }
        // Callers that lose a miss path or a fallback with it: said, not done silently (a cache's
        // hit ratio went with its miss path and nothing said so).
        let callers = design.components.filter { c in c.calls.contains { $0.targets.contains(id) } }.map(\.id)
        let lost = (callers.isEmpty ? [] : ["the call\(callers.count == 1 ? "" : "s") from \(callers.joined(separator: ", ")) went too"])
            + design.components.compactMap { c -> String? in
                if c.onMiss == id { return "\(c.id) has no miss path now (its hit ratio is cleared)" }
                if c.fallback == id { return "\(c.id) has no fallback now" }
                return nil
            }
        workbench?.edit(Workbench.Change("Deleted \(id)"), { s in
            s.design.components.removeAll { $0.id == id }
            for i in s.design.components.indices {
                var c = s.design.components[i]
                c.calls = c.calls.compactMap { g in
                    var g = g
                    g.targets.removeAll { $0 == id }
                    return g.targets.isEmpty ? nil : g
                }
                if c.onMiss == id { c.onMiss = nil; c.hitRatio = nil }
                if c.fallback == id { c.fallback = nil }
                s.design.components[i] = c
            }
        }, at: now)
        self.design.selection = min(self.design.selection, (workbench?.scenario.design.components.count ?? 1) - 1)
        let orphans = workbench?.scenario.validationDiagnostics().filter { $0.severity == .warning && $0.message.contains("not reachable") }.count ?? 0
        say("Deleted \(id)" + lost.map { "; " + $0 }.joined() + (orphans > 0 ? "; \(orphans) component\(orphans == 1 ? " is" : "s are") no longer reachable" : "")
            + (lost.isEmpty ? "" : " (u undoes)"))
    }
}

/// Why a typed value was refused: the validator's sentence.
struct EditRefusal: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
