public import MLSDCore

extension InterviewSession {
    /// The session as a Markdown document: scenario, timeline, notes and rubric with evidence.
    public func markdown(scenario: Scenario, rubric: Rubric) -> String {
        var out: [String] = []
        out.append("# Mock interview: \(SafeText.markdown(scenario.name))")
        out.append("")
        out.append("Plan: \(plan.title). Time used: \(Self.clock(elapsed(at: finishedAt ?? startedAt))) of \(Self.clock(plan.budgetSeconds)). Score: **\(Int(rubric.total))/100**.")
        if let prompt = scenario.interview.prompt {
            out.append("")
            out.append("> \(SafeText.markdown(prompt))")
        }
        out.append("")
        out.append("| phase | time used | budget | checklist | score |")
        out.append("|---|---|---|---|---|")
        for p in rubric.phases {
            let covered = p.items.filter { $0.evidence != nil }.count
            out.append("| \(p.phase.title) | \(Self.clock(p.secondsUsed)) | \(Self.clock(p.phase.minimumSeconds))–\(Self.clock(p.phase.maximumSeconds)) | \(covered)/\(p.items.count) | \(Int(p.score.rounded())) |")
        }
        for p in rubric.phases {
            out.append("")
            out.append("## \(p.phase.title)")
            out.append("")
            let text = notes[p.phase.id] ?? ""
            out.append(text.isEmpty ? "_No notes._" : text.split(separator: "\n").map { "> " + $0 }.joined(separator: "\n"))
            out.append("")
            for (item, evidence) in p.items {
                out.append(evidence.map { "- [x] \(item.title) (\"\($0)\")" } ?? "- [ ] \(item.title)")
            }
            if let reference = scenario.interview.referenceAnswers[p.phase.id] {
                out.append("")
                out.append("Reference: \(SafeText.markdown(reference))")
            }
        }
        out.append("")
        out.append("## Design checks")
        out.append("")
        for check in rubric.designChecks {
            out.append("- [\(check.passed ? "x" : " ")] \(check.name): \(check.detail)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
