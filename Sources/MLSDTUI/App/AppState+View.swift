import MLSDCore
import MLSDExport
import MLSDSim

extension AppState {
    /// The area between the title row and the status bar: every screen and overlay is laid out in
    /// it, so it is a row shorter for each row a long status message takes.
    var bodyRect: Rect { Rect(x: 0, y: 1, width: terminalSize.width, height: terminalSize.height - 1 - statusRows) }

    /// Rows of the status bar: one, or up to three for a message that wraps.
    var statusRows: Int { StatusBar.height(message: status, activity: activity, width: terminalSize.width) }

    /// How far the results panel can scroll at this size.
    var resultsLineCount: Int {
        guard let wb = workbench, let run = wb.lastRun else { return 0 }
        return resultsView(wb, run).overflow(in: bodyRect)
    }

    /// How far the interview's score can scroll at this size.
    var rubricLineCount: Int {
        guard let screen = interview, let scenario = workbench?.scenario else { return 0 }
        return interviewView(screen, scenario).rubricScrollLimit(in: bodyRect)
    }

    func resultsView(_ wb: Workbench, _ run: SimulationResult) -> ResultsView {
        ResultsView(result: run, baseline: wb.baseline, rate: wb.lastRunScenario?.offeredRate ?? wb.scenario.offeredRate,
                    isStale: wb.isRunStale, scroll: results.scroll, requirements: (wb.lastRunScenario ?? wb.scenario).requirements)
    }

    /// The interview as `screen` holds it, on `scenario`.
    func interviewView(_ screen: InterviewScreen, _ scenario: Scenario) -> InterviewView {
        InterviewView(session: screen.session, now: now, draft: screen.draft.text, field: screen.draft, rubric: interviewRubric,
                      question: scenario.interview.prompt, scroll: screen.scroll, aside: screen.aside, asideScroll: screen.asideScroll,
                      stated: interviewStated, isSimulating: runningJob != nil,
                      considerations: scenario.interview.keyConsiderations)
    }

    /// Draws the whole screen for the current state. Same state, same buffer.
    public func view() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: terminalSize)
        if isTooSmall {
            // One short line that fits any width; nothing else is drawn.
            let text = "Too small: \(terminalSize) < \(Self.minimumSize)"
            buffer.write(String(text.prefix(max(0, terminalSize.width))), x: 0, y: 0, role: .warning)
            return buffer
        }
        let body = bodyRect
        let titleClip = Rect(x: 0, y: 0, width: terminalSize.width, height: 1)
        buffer.write(" mlsd ", x: 0, y: 0, role: .title)
        switch screen {
        case .picker:
            buffer.write("Choose a scenario or a recent file", x: 7, y: 0, role: .dim, clip: titleClip)
            PickerView(choices: picker.choices, selection: picker.selection).render(in: body, into: &buffer)
        case .results:
            if let wb = workbench, let run = wb.lastRun {
                buffer.write(title(wb, " · simulation"), x: 7, y: 0, role: .dim, clip: titleClip)
                resultsView(wb, run).render(in: body, into: &buffer)
            }
        case .interview:
            if let screen = interview, let scenario = workbench?.scenario {
                buffer.write(header(scenario.name, " · mock interview"), x: 7, y: 0, role: .dim, clip: titleClip)
                interviewView(screen, scenario).render(in: body, into: &buffer)
            }
        case .capacity:
            if let wb = workbench {
                buffer.write(title(wb, " · capacity"), x: 7, y: 0, role: .dim, clip: titleClip)
                capacityView(wb).render(in: body, into: &buffer)
            }
        case .faults:
            if let wb = workbench {
                buffer.write(title(wb, " · fault injection"), x: 7, y: 0, role: .dim, clip: titleClip)
                faultView(wb).render(in: body, into: &buffer)
            }
        case .design:
            if let wb = workbench {
                buffer.write(title(wb), x: 7, y: 0, role: .dim, clip: titleClip)
                DesignView(workbench: wb, screen: design, rows: inspectorRows, preview: design.editor?.preview).render(in: body, into: &buffer)
            }
        }
        let statusRect = Rect(x: 0, y: body.maxY, width: terminalSize.width, height: terminalSize.height - body.maxY)
        StatusBar(hints: hints, message: status, isError: isStatusError, activity: activity).render(in: statusRect, into: &buffer)
        switch overlay {
        case .help(let filter, let context)?:
            // The workload panel is the inspector's keys under the panel's own name (it read "Keys · Inspector").
            let title = context == .inspector && design.subject == .scenario ? "Workload & requirements" : context.title
            HelpOverlay(rows: helpRows(filter: filter.text, context: context), filter: filter, context: context, title: title, scroll: helpScroll)
                .render(in: body, into: &buffer)
        case .palette(let query, let selection, let context)?:
            CommandPaletteView(matches: paletteMatches(query.text, context: context), query: query, selection: selection).render(in: body, into: &buffer)
        case .menu(let menu)?: MenuView(menu: menu).render(in: body, into: &buffer)
        case .prompt(let prompt)?: PromptView(prompt: prompt).render(in: body, into: &buffer)
        case .confirm(let c)?: ConfirmView(confirmation: c).render(in: body, into: &buffer)
        case nil: break
        }
        return buffer
    }

    /// `Fraud detection — ~/designs/fraud.yaml (modified)`, then `suffix` (` · capacity`). A name
    /// too long for the title row is cut with `…` so the file, `(modified)` and the screen's name
    /// still show (an 80-character name hid them all).
    ///
    /// When the path does not fit beside the name (cut to 12 columns), the file's name stands for
    /// it, cut with `…` at worst, so `(modified)` and the screen's name always show: at 80 columns
    /// the row was cut mid-word (`… — /tmp/…/fraud-detection.yaml · fault injec`, and with
    /// `(modified)` the screen's name was gone).
    func title(_ wb: Workbench, _ suffix: String = "") -> String {
        let tail = (wb.isDirty ? " (modified)" : "") + suffix
        guard let path = wb.source.path else { return header(wb.scenario.name, " — shipped" + tail) }
        let room = terminalSize.width - 8
        let name = DisplayWidth.sanitized(wb.scenario.name)
        let fileName = String(path.split(separator: "/").last ?? Substring(path))
        for from in [" — " + shown(path), " — " + fileName] where min(12, DisplayWidth.of(name)) + DisplayWidth.of(from + tail) <= room {
            return header(wb.scenario.name, from + tail)
        }
        let fileRoom = max(4, room - min(12, DisplayWidth.of(name)) - DisplayWidth.of(" — " + tail))
        return header(wb.scenario.name, " — " + DisplayWidth.cut(DisplayWidth.sanitized(fileName), toWidth: fileRoom) + tail)
    }

    /// `name` then `tail` on the header row, the name cut with `…` (to no less than 12 columns) so
    /// that the tail shows.
    func header(_ name: String, _ tail: String) -> String {
        let room = max(12, terminalSize.width - 8 - DisplayWidth.of(tail))
        return DisplayWidth.cut(DisplayWidth.sanitized(name), toWidth: room) + tail
    }

    /// The hints for the status bar: the context's, available now. None while an overlay (a
    /// question, a prompt, a menu, help) has the keys: it shows its own, and the canvas's or the
    /// inspector's beneath it named keys that did not apply.
    var hints: [(key: String, word: String, action: Action)] {
        guard overlay == nil else { return [] }
        return KeyMap.hints(in: keyContext).filter { isAvailable($0.action) && (keyContext != .inspector || $0.action != .delete || isOnACall) }
    }

    /// The inspector's highlighted row is a call: `x del call` is hinted only there (it showed on
    /// the workload panel and on value rows; `x` there says what it does instead).
    var isOnACall: Bool {
        if case .edge? = currentRow?.kind { return true }
        return false
    }

    /// `⠙ simulating 0.4s · esc cancels` while a run is in progress.
    var activity: String? {
        guard runningJob != nil else { return nil }
        let spinner: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let elapsed = max(0, now - runStartedAt)
        let done = runProgress > 0 ? " \(Int(runProgress * 100))%" : ""
        let label = isStoppingRun ? "stopping \(runKind.label)" : runKind.label
        return "\(spinner[Int(elapsed * 10) % spinner.count]) \(label)\(done) \(String(format: "%.1f", elapsed))s" + (isStoppingRun ? "" : " · esc cancels")
    }

    /// What a value for an inspector row would do to the design's estimate, when it parses.
    func preview(of editor: DesignScreen.Editor) -> String? {
        guard workbench != nil else { return nil }
        // Words change no figure: a name, summary, label or notes had `would be: e2e mean 13.9 ms · $4,348/mo`.
        guard editor.target != "scenario", editor.key != "label", editor.key != "notes" else { return nil }
        guard case .success(let s) = candidate(target: editor.target, key: editor.key, value: editor.field.text) else { return nil }
        var parts: [String] = []
        if let offline = offlinePreview(in: s, target: editor.target, key: editor.key) {
            parts = offline
        } else if editor.target == "requirements", editor.key == "monthly_budget", let budget = s.requirements.monthlyBudget {
            // A budget's verdict, as the offline requirements give theirs (it showed the latency).
            let cost = DesignEstimate(scenario: s).costPerMonth
            parts = ["\(Figures.money(cost))/month ≤ \(FigureFormat.money(budget.perMonth))/month: \(cost <= budget.perMonth ? "passes" : "fails")"]
        } else if editor.target == "requirements" {
            // A target changes no figure of the design: the verdict the estimate can give, or that a
            // run judges it (a p99 target previewed `e2e mean 3.59 s · $100,402/mo`).
            // Cleared (`none`): nothing to judge.
            let kind = ["p50": "latency_p50", "p95": "latency_p95", "p99": "latency_p99", "p999": "latency_p999"][editor.key] ?? editor.key
            guard s.requirements.targets.contains(where: { $0.kind.rawValue == kind }) else { return nil }
            let e = DesignEstimate(scenario: s)
            switch editor.key {
            case "availability":
                let goal = s.requirements.availability?.fraction ?? 0
                parts = ["\(Figures.availability(e.availability)) ≥ \(Figures.availability(goal)): \(e.availability >= goal ? "passes" : "fails") (analytic)"]
            case "peak_qps":
                let peak = s.requirements.peakQPS?.perSecond ?? 0
                parts = ["capacity \(Figures.rate(e.capacityPerSecond)) ≥ \(Figures.rate(peak)): \(e.capacityPerSecond >= peak ? "passes" : "fails") (analytic)"]
            case "p50", "p95", "p99", "p999":
                parts = ["a run judges it (r); the estimate's mean is \(Figures.duration(e.meanLatencySeconds))"]
            default:
                parts = ["a run judges it (r)"]
            }
        } else {
            let after = DesignEstimate(scenario: s)
            if editor.target != "workload", editor.target != "requirements", editor.target != "design", let rho = after.utilisation[editor.target] {
                parts.append("ρ \(Workbench.utilisationText(rho))")
            }
            parts.append("e2e mean \(Figures.duration(after.meanLatencySeconds))")
            parts.append("\(Figures.money(after.costPerMonth))/mo")
        }
        // Each figure stays on one line when the inspector wraps it ("e2e mean 13.9" / "ms"); a
        // sentence (why an offline requirement cannot be judged) wraps as words.
        return parts.map { $0.count > 24 ? $0 : $0.replacingOccurrences(of: " ", with: TextWrap.nonBreakingSpace) }.joined(separator: " · ")
    }

    /// What a value would make of the offline plan: an offline component's run and costs as
    /// `mlsd show` prints them (`run 1.5 h · $4.08 a run · $124/mo`), or an offline requirement's
    /// verdict (`6.13 h ≤ 1 h: fails`). Nil for anything else, which the estimate previews.
    func offlinePreview(in s: Scenario, target: String, key: String) -> [String]? {
        let plan = OfflinePlan(design: s.design)
        if target == "requirements" {
            guard let kind = Requirement.Kind(rawValue: key), kind.isOffline,
                  let goal = s.requirements.targets.first(where: { $0.kind == kind }), let r = plan.check(kind, target: goal.target) else { return nil }
            if r.actual == nil { return [r.reason ?? "cannot judge"] }
            return ["\(r.formattedActual) \(r.comparison.symbol) \(r.formattedTarget): \(r.passes ? "passes" : "fails")"]
        }
        guard s.design[target]?.kind.isOffline == true, let stage = plan[stage: target] else { return nil }
        var parts: [String] = []
        if let run = stage.runText { parts.append("run \(run)") }
        if let perRun = stage.costPerRunText { parts.append("\(perRun) a run") }
        parts.append("\(stage.costPerMonthText)/mo")
        if plan.overlapping.contains(target) { parts.append("runs pile up") }
        return parts
    }
}
