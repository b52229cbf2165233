import Foundation
public import MLSDCore

extension InterviewSession {
    /// The session as a Markdown document: scenario, timeline, notes and rubric, each mark with
    /// the note that earned it.
    ///
    /// - Parameters:
    ///   - finalDesign: the design at the end, drawn as a diagram, with `finalResult` its simulation.
    public func markdown(scenario: Scenario, rubric: Rubric, stated: [StatedComparison] = [],
                         finalDesign: String? = nil, finalResult: String? = nil) -> String {
        var out: [String] = []
        out.append("# Mock interview: \(SafeText.markdown(scenario.name))")
        out.append("")
        out.append("Plan: \(SafeText.markdown(plan.title)). Time used: \(Self.clock(elapsed(at: finishedAt ?? startedAt))) of \(Self.clock(plan.budgetSeconds)). Score: **\(Int(rubric.total))/100**"
                   + " (\(rubric.partsText)).")
        if let prompt = scenario.interview.prompt {
            out.append("")
            out.append("> \(SafeText.markdown(prompt))")
        }
        out.append("")
        out.append("| phase | time used | budget | checklist | score |")
        out.append("|---|---|---|---|---|")
        for p in rubric.phases {
            let covered = p.items.filter { $0.evidence != nil }.count
            out.append("| \(SafeText.markdown(p.phase.title)) | \(Self.clock(p.secondsUsed)) | \(p.phase.budgetText) | \(covered)/\(p.items.count) | \(Int(p.score.rounded())) |")
        }
        for p in rubric.phases {
            out.append("")
            out.append("## \(SafeText.markdown(p.phase.title))")
            out.append("")
            let text = notes[p.phase.id] ?? ""
            out.append(text.isEmpty ? "_No notes._" : text.split(separator: "\n").map { "> " + SafeText.markdown(String($0)) }.joined(separator: "\n"))
            out.append("")
            for score in p.items { out.append(Self.line(score)) }
            if !p.unearned.isEmpty {
                out.append("")
                out.append("Earned nothing:")
                out.append("")
                for u in p.unearned { out.append("- \"\(SafeText.markdown(Self.quoted(u.note)))\": \(u.why)") }
            }
            if let reference = scenario.interview.referenceAnswers[p.phase.id] {
                out.append("")
                out.append("Reference: \(SafeText.markdown(reference))")
            }
        }
        if !rubric.considerations.isEmpty {
            out.append("")
            out.append("## Key considerations of the scenario")
            out.append("")
            for score in rubric.considerations { out.append(Self.line(score)) }
        }
        if !stated.isEmpty {
            out.append("")
            out.append("## Your numbers against the simulation")
            out.append("")
            out.append("| you said | simulated | verdict |")
            out.append("|---|---|---|")
            for s in stated {
                out.append("| \(SafeText.markdown(s.figure.text)) (\(SafeText.markdown(s.measure))) | \(SafeText.markdown(s.simulated)) | \(SafeText.markdown(s.verdict.rawValue)) |")
            }
        }
        if let c = rubric.curveball {
            out.append("")
            out.append("## Curveball: \(c.curveball.announcement)")
            out.append("")
            if let e = c.effect {
                out.append("- The design as given: \(e.before); under the curveball: \(e.after).")
            }
            if let f = c.finalEffect {
                out.append("- Your final design under the curveball: \(f.after)" + (c.designChanged ? "." : "; the design was not changed."))
            }
            out.append(c.mitigation.map { "- [x] noted a mitigation: \"\(SafeText.markdown($0))\"" } ?? "- [ ] noted a mitigation")
            out.append("- [\(c.isRestored ? "x" : " ")] the changed design meets the requirements under it")
        }
        if !designChanges.isEmpty || finalDesign != nil {
            out.append("")
            out.append("## The design")
            if !designChanges.isEmpty {
                out.append("")
                for change in designChanges { out.append("- \(Self.clock(change.atSeconds)) into the interview: \(SafeText.markdown(change.summary))") }
            }
            if let finalDesign {
                out.append("")
                out.append("At the end:")
                out.append("")
                out.append("```text")
                out.append(SafeText.escaped(finalDesign).trimmingCharacters(in: .newlines))
                out.append("```")
            }
            if let finalResult {
                out.append("")
                out.append("Simulated: \(SafeText.markdown(finalResult)).")
            }
        }
        out.append("")
        out.append("## Design checks")
        out.append("")
        for check in rubric.designChecks {
            out.append("- [\(check.credited ? "x" : " ")] \(check.name): \(SafeText.markdown(check.detail))")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func line(_ score: Rubric.ItemScore) -> String {
        var title = score.item.title
        while title.last == "." { title.removeLast() }
        guard let evidence = score.evidence else {
            guard let near = score.nearMiss else { return "- [ ] \(SafeText.markdown(title))" }
            return "- [ ] \(SafeText.markdown(title)): \(near.why) in \"\(SafeText.markdown(quoted(near.note)))\""
        }
        return "- [x] \(SafeText.markdown(title)): \"\(SafeText.markdown(quoted(evidence)))\""
    }

    /// A note as quoted in the rubric: up to 100 characters.
    private static func quoted(_ note: String) -> String { note.count > 100 ? String(note.prefix(99)) + "…" : note }
}
