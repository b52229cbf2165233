import MLSDCore
import MLSDInterview

/// A mock interview: the phase and its countdown always on top, prompts with a live checklist on
/// the left, the phase's notes and the line being typed on the right; the rubric once it is over.
struct InterviewView {
    var session: InterviewSession
    var now: Double
    var draft: String
    /// The note line being typed, with its cursor (``draft`` is its text).
    var field = TextField()
    var rubric: Rubric?
    /// The scenario's own question, shown above the first phase's prompts.
    var question: String?
    /// Rubric rows scrolled past.
    var scroll = 0
    /// `:numbers`, `:calc` or `:help` output, shown instead of the prompts.
    var aside: InterviewScreen.Aside?
    var asideScroll = 0
    /// Numbers stated in the notes beside the simulation, and whether that simulation is still running.
    var stated: [StatedComparison] = []
    var isSimulating = false
    /// The scenario's key considerations: one pasted in ticks nothing, as in the rubric.
    var considerations: [String] = []

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        if let rubric, session.isFinished {
            renderRubric(rubric, in: area, into: &buffer)
            return
        }
        guard let phase = session.currentPhase else { return }
        let left = session.secondsLeftInPhase(at: now)
        let header = "\(phase.title) · phase \(session.phaseIndex + 1) of \(session.plan.phases.count)"
        buffer.write(header, x: area.x + 1, y: area.y, role: .title, clip: area)
        let clock = (session.isPaused ? "PAUSED " : "") + session.remaining(at: now)
        let total = "total \(InterviewSession.clock(session.elapsed(at: now))) / \(InterviewSession.clock(session.plan.budgetSeconds))"
            + (session.advancesAutomatically ? " auto" : "")
        let right = clock + "   " + total
        buffer.write(right, x: area.maxX - DisplayWidth.of(right) - 1, y: area.y,
                     role: session.isPaused ? .accent : left < 0 ? .bad : left < 30 ? .warning : .good, clip: area)
        let (promptsArea, notesArea) = panels(in: area)
        buffer.box(promptsArea, title: aside?.title ?? "Prompts")
        buffer.box(notesArea, title: "Notes")
        var y = promptsArea.y + 1
        let inner = promptsArea.inset(by: 1)
        let notes = session.notes[phase.id] ?? ""
        if let aside {
            let all = Self.lines(of: aside, width: inner.width - 2)
            let first = max(0, min(asideScroll, all.count - inner.height))
            for line in all.dropFirst(first) where y < inner.maxY {
                buffer.write(line, x: inner.x + 1, y: y, clip: inner)
                y += 1
            }
            // On the border, not over the text's last words.
            if first > 0 { buffer.write(" ▲ pgup ", x: promptsArea.maxX - 10, y: promptsArea.y, role: .accent, clip: promptsArea) }
            if first + inner.height < all.count { buffer.write(" ▼ pgdn ", x: promptsArea.maxX - 10, y: promptsArea.maxY - 1, role: .accent, clip: promptsArea) }
        } else {
            renderPrompts(phase, notes: notes, from: &y, in: inner, into: &buffer)
        }
        renderNotes(notes, in: notesArea, into: &buffer)
    }

    /// The left panel (prompts or an aside) and the notes, under the header row. The numbers sheet
    /// needs room; calculations and prompts do not, and the notes keep the rest (a :calc squeezed
    /// the notes to 30 columns at 80).
    private func panels(in area: Rect) -> (prompts: Rect, notes: Rect) {
        let panels = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        let leftWidth = panels.width * (aside?.title == InterviewScreen.Aside.numbersTitle ? 3 : 2) / 5
        return (Rect(x: panels.x, y: panels.y, width: leftWidth, height: panels.height),
                Rect(x: panels.x + leftWidth, y: panels.y, width: panels.width - leftWidth, height: panels.height))
    }

    /// An aside's rows at `width`: the reference numbers laid out for it, other text wrapped.
    private static func lines(of aside: InterviewScreen.Aside, width: Int) -> [String] {
        let lines = aside.title == InterviewScreen.Aside.numbersTitle ? ReferenceNumbers.lines(width: width)
            : aside.lines.flatMap { line -> [String] in
                // A bulleted line (a note in :notes) wraps under its text, not under the bullet.
                if line.isEmpty { return [""] }
                guard line.hasPrefix("• ") else { return TextWrap.lines(line, width: width) }
                return TextWrap.lines(String(line.dropFirst(2)), width: width - 2).enumerated().map { ($0.offset == 0 ? "• " : "  ") + $0.element }
            }
        return lines + ["", ":prompts shows the prompts"]
    }

    /// The largest scroll of the left panel that still moves it in `area`: pgdn stops there, so
    /// pgup moves at the first press (it took as many presses as pgdn had gone past the end).
    func scrollLimit(in area: Rect) -> Int {
        guard !(rubric != nil && session.isFinished), let phase = session.currentPhase else { return 0 }
        let inner = panels(in: area).prompts.inset(by: 1)
        if let aside { return max(0, Self.lines(of: aside, width: inner.width - 2).count - inner.height) }
        let (top, checklist) = promptRows(phase, notes: session.notes[phase.id] ?? "", width: inner.width)
        let topRoom = max(0, inner.height - checklist.count - 1)
        return top.count > topRoom ? max(0, top.count - (topRoom - 1)) : 0
    }

    /// The question and prompts, and the live checklist under them, for a panel `width` wide.
    private func promptRows(_ phase: Phase, notes: String, width: Int) -> (top: [(text: String, role: StyleRole)], checklist: [(text: String, role: StyleRole)]) {
        var top: [(text: String, role: StyleRole)] = []
        if session.phaseIndex == 0, let question {
            top += TextWrap.lines(question, width: width - 2).map { ($0, .title) }
            top.append(("", .normal))
        }
        for prompt in phase.prompts {
            top += TextWrap.lines(prompt, width: width - 4).enumerated().map { (($0.offset == 0 ? "• " : "  ") + $0.element, StyleRole.normal) }
        }
        // Ticked as the rubric will score it: repeats and a fourth item from one line earn nothing.
        let earned = Rubric.liveEvidence(session: session, phaseIndex: session.phaseIndex, notes: notes + "\n" + draft, considerations: considerations)
        var checklist: [(text: String, role: StyleRole)] = []
        for (k, item) in phase.checklist.enumerated() {
            let covered = k < earned.count && earned[k] != nil
            // Wrapped under itself: at 80 columns "asked what data and labels exist" lost its last word.
            checklist += TextWrap.lines(Self.short(item.title), width: width - 4).enumerated()
                .map { (($0.offset > 0 ? "  " : covered ? "✓ " : "· ") + $0.element, covered ? StyleRole.good : StyleRole.dim) }
        }
        return (top, checklist)
    }

    private func renderPrompts(_ phase: Phase, notes: String, from y: inout Int, in inner: Rect, into buffer: inout ScreenBuffer) {
        var (top, checklist) = promptRows(phase, notes: notes, width: inner.width)
        // The checklist is the live score: it keeps its rows, and the prompts above give way (at
        // 80×24 the fourth item fell off the bottom with nothing to say so).
        let room = max(0, inner.maxY - y)
        let topRoom = max(0, room - checklist.count - 1)
        if top.count > topRoom {
            // pgup/pgdn scroll the prompts, with a row saying what is above or below; the checklist
            // stays put under them.
            let first = max(0, min(asideScroll, top.count - (topRoom - 1)))
            var rows = topRoom - (first > 0 ? 1 : 0)
            let below = first + rows < top.count
            if below { rows -= 1 }
            top = (first > 0 ? [("▲ more above: pgup", StyleRole.accent)] : []) + Array(top.dropFirst(first).prefix(max(0, rows)))
                + (below ? [("▼ more below: pgdn", StyleRole.accent)] : [])
        }
        for line in top + [("", .normal)] + checklist where y < inner.maxY {
            buffer.write(line.text, x: inner.x + 1, y: y, role: line.role, clip: inner)
            y += 1
        }
    }

    private func renderNotes(_ notes: String, in notesArea: Rect, into buffer: inout ScreenBuffer) {
        let text = notesArea.inset(by: 1)
        var lines: [String] = []
        // Each note under a bullet, wrapped under itself, so that one note is told from the next.
        for note in notes.split(separator: "\n") {
            lines += TextWrap.lines(String(note), width: text.width - 4).enumerated().map { ($0.offset == 0 ? "• " : "  ") + $0.element }
        }
        let room = max(0, text.height - 2)
        // Older notes give way to newer ones; the first row then says so and how to read them all.
        let hidden = lines.count > room && room > 1 ? lines.count - room + 1 : 0
        if hidden > 0 {
            buffer.write("▲ \(hidden) earlier line\(hidden == 1 ? "" : "s") · :notes", x: text.x + 1, y: text.y, role: .dim, clip: text)
        }
        for (i, line) in lines.suffix(hidden > 0 ? room - 1 : room).enumerated() {
            buffer.write(line, x: text.x + 1, y: text.y + i + (hidden > 0 ? 1 : 0), clip: text)
        }
        // The note line scrolls as any field does, with its cursor where it is (it was drawn at
        // the end whatever ← had done, and double-width text ran past the panel and hid it).
        buffer.write("> " + field.visible(width: text.width - 3), x: text.x + 1, y: text.maxY - 1, role: .accent, clip: text)
    }

    /// A checklist title without its parenthesised hint: `asked about scale`.
    static func short(_ title: String) -> String {
        guard title.hasSuffix(")"), let open = title.range(of: " (", options: .backwards) else { return title }
        return String(title[..<open.lowerBound])
    }

    private func renderRubric(_ rubric: Rubric, in area: Rect, into buffer: inout ScreenBuffer) {
        buffer.box(area, title: "Interview score: \(Int(rubric.total))/100")
        let inner = area.inset(by: 1)
        let rows = rubricRows(rubric, width: inner.width)
        let first = max(0, min(scroll, rows.count - inner.height))
        for (i, (text, role)) in rows.dropFirst(first).prefix(inner.height).enumerated() {
            buffer.write(text, x: inner.x + 1, y: inner.y + i, role: role, clip: inner)
        }
        // On the box's edges, as PanelText draws them: on the last row they covered its text.
        if first > 0 { buffer.write(" ▲ more ", x: inner.maxX - 8, y: inner.y - 1, role: .accent) }
        if first + inner.height < rows.count { buffer.write(" ▼ more (j, pgdn) ", x: inner.maxX - 18, y: inner.maxY, role: .accent) }
    }

    /// How far the score can scroll in `area`: `G` and pgdn stop at its end.
    func rubricScrollLimit(in area: Rect) -> Int {
        guard let rubric, session.isFinished else { return 0 }
        let inner = area.inset(by: 1)
        return max(0, rubricRows(rubric, width: inner.width).count - inner.height)
    }

    /// The score's rows for a panel `width` wide: the parts, each phase with its evidence, the
    /// considerations, the numbers against the simulation, the curveball and the design checks.
    private func rubricRows(_ rubric: Rubric, width: Int) -> [(String, StyleRole)] {
        var rows: [(String, StyleRole)] = [("\(session.plan.title), \(InterviewSession.clock(session.elapsed(at: now))) used", .dim)]
        // What the total is made of, so it can be worked out from the screen.
        for line in TextWrap.lines("Score parts: " + rubric.partsText, width: width) { rows.append((line, .dim)) }
        rows.append(("", .normal))
        rows.append(("PHASE".padded(26) + "TIME   BUDGET  CHECKLIST  SCORE", .dim))
        for p in rubric.phases {
            let covered = p.items.filter { $0.evidence != nil }.count
            let line = String(p.phase.title.prefix(25)).padded(26) + InterviewSession.clock(p.secondsUsed).padded(7)
                + InterviewSession.clock(p.phase.maximumSeconds).padded(8) + "\(covered)/\(p.items.count)".padded(11) + "\(Int(p.score.rounded()))"
            rows.append((line, p.score >= 70 ? .good : p.score >= 40 ? .warning : .bad))
            for score in p.items {
                guard let evidence = score.evidence else { continue }
                for (i, line) in TextWrap.lines("✓ " + Self.short(score.item.title) + ": “" + evidence + "”", width: width - 6).enumerated() {
                    rows.append(((i == 0 ? "  " : "    ") + line, .normal))
                }
            }
            let missing = p.items.filter { $0.evidence == nil }.map { Self.short($0.item.title) }
            if !missing.isEmpty {
                for (i, line) in TextWrap.lines("missed: " + missing.joined(separator: ", "), width: width - 6).enumerated() {
                    rows.append(((i == 0 ? "  " : "    ") + line, .dim))
                }
            }
        }
        if !rubric.considerations.isEmpty {
            rows.append(("", .normal))
            rows.append(("KEY CONSIDERATIONS OF THE SCENARIO", .dim))
            for score in rubric.considerations {
                let text = (score.evidence == nil ? "· " : "✓ ") + score.item.title + (score.evidence.map { " “" + $0 + "”" } ?? "")
                for (i, line) in TextWrap.lines(text, width: width - 4).enumerated() {
                    rows.append(((i == 0 ? "" : "  ") + line, score.evidence == nil ? .dim : .good))
                }
            }
        }
        if !stated.isEmpty {
            rows.append(("", .normal))
            rows.append(("YOUR NUMBERS AGAINST THE SIMULATION", .dim))
            for c in stated {
                let text = (c.verdict == .agrees ? "✓ " : "✗ ") + c.figure.text + " (" + c.measure + "): simulated " + c.simulated + ", " + c.verdict.rawValue
                for (i, line) in TextWrap.lines(text, width: width - 4).enumerated() {
                    rows.append(((i == 0 ? "" : "  ") + line, c.verdict == .agrees ? .good : .bad))
                }
            }
        } else if isSimulating {
            rows.append(("", .normal))
            rows.append(("Simulating the design to check the requirements and your numbers…", .accent))
        }
        if let c = rubric.curveball {
            rows.append(("", .normal))
            rows.append(("CURVEBALL: " + c.curveball.announcement.uppercased(), .dim))
            var lines: [(String, StyleRole)] = []
            if let e = c.effect { lines.append(("under it, the design as it was: " + e.after, .normal)) }
            lines.append(((c.mitigation == nil ? "· noted a mitigation" : "✓ noted a mitigation: “" + (c.mitigation ?? "") + "”"), c.mitigation == nil ? .dim : .good))
            let final = c.finalEffect.map { ": " + $0.after } ?? (c.designChanged ? ": simulating…" : " (the design was not changed)")
            lines.append(((c.isRestored ? "✓ " : "· ") + "the changed design meets the requirements under it" + final, c.isRestored ? .good : .dim))
            for (text, role) in lines {
                for (i, line) in TextWrap.lines(text, width: width - 4).enumerated() { rows.append(((i == 0 ? "" : "  ") + line, role)) }
            }
        }
        rows.append(("", .normal))
        // Headed as the transcript's "## Design checks" is (the lines ran on under the numbers).
        if !rubric.designChecks.isEmpty { rows.append(("DESIGN CHECKS (credited only for what you changed)", .dim)) }
        for check in rubric.designChecks {
            let text = (check.credited ? "✓ " : check.passed ? "· " : "✗ ") + check.name + ": " + check.detail
            for (i, line) in TextWrap.lines(text, width: width - 4).enumerated() {
                rows.append(((i == 0 ? "" : "  ") + line, check.credited ? .good : check.passed ? .dim : .bad))
            }
        }
        return rows
    }
}
