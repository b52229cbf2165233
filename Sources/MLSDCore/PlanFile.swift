import Foundation
/// A custom mock-interview plan as written in a YAML file (`mlsd interview --plan my-plan.yaml`):
///
///     title: Practice for the onsite
///     phases:
///       - id: clarify
///         title: Clarify
///         minutes: 3-5            # or one number
///         prompts: ["Who uses it, and how many?"]   # quoted: a comma splits a [list]
///         checklist: [goal, scale, latency]
///
/// The checklist names the built-in items (`mlsd interview --help` lists them). Every problem is
/// reported with its `file:line:col`, as for scenario files.
public struct PlanFile: Hashable, Sendable {
    public struct PhaseEntry: Hashable, Sendable {
        public var id: String
        public var title: String
        public var minimumMinutes: Double
        public var maximumMinutes: Double
        public var prompts: [String]
        public var checklist: [String]
    }

    public var title: String
    public var phases: [PhaseEntry]

    /// Reads a plan, checking checklist names against `checklistIDs`.
    public static func parse(yaml text: String, path: String, checklistIDs: [String]) throws(ScenarioError) -> PlanFile {
        var reader = ScenarioReader(path: path)
        let plan = reader.readPlan(text, checklistIDs: checklistIDs)
        if let plan, reader.diagnostics.isEmpty { return plan }
        throw ScenarioError(diagnostics: reader.diagnostics.isEmpty
            ? [Diagnostic(.error, at: FileLocation(path: path, line: 1, column: 1), "not an interview plan")] : Array(reader.diagnostics.prefix(ScenarioReader.maximumDiagnostics)))
    }
}

extension ScenarioReader {
    mutating func readPlan(_ text: String, checklistIDs: [String]) -> PlanFile? {
        guard let root = composeRoot(text, expected: "'title' and 'phases'"),
              let map = mapping(root, context: "the plan", keys: ["title", "phases"]) else { return nil }
        let title = string(map, "title", required: true, at: root, expected: "the plan's title") ?? ""
        guard let phasesNode = map["phases"] else {
            error(at: root, "missing key 'phases'; expected a list of phases, each with id, title, minutes and checklist")
            return nil
        }
        var phases: [PlanFile.PhaseEntry] = []
        var ids = Set<String>()
        let items = list(phasesNode, context: "phases", example: "- { id: clarify, title: Clarify, minutes: 3-5, checklist: [scale] }")
        if items.isEmpty, phasesNode.sequence != nil { error(at: phasesNode, "'phases' is empty; a plan needs at least one phase") }
        for node in items {
            guard let pm = mapping(node, context: "a phase", keys: ["id", "title", "minutes", "prompts", "checklist"]) else { continue }
            let id = string(pm, "id", required: true, at: node, expected: "a short id such as clarify") ?? ""
            if let idNode = pm["id"], !id.isEmpty, !ids.insert(id).inserted { error(at: idNode, "duplicate phase id '\(Self.printable(id))'") }
            let phaseTitle = string(pm, "title") ?? id
            var low = 0.0, high = 0.0
            if let (s, mnode) = scalarText(pm, "minutes", required: true, at: node, expected: "minutes such as 5 or 3-5") {
                let parts = s.replacingOccurrences(of: "–", with: "-").split(separator: "-", omittingEmptySubsequences: false)
                    .map { Double($0.trimmingCharacters(in: .whitespaces)) }
                if parts.count == 1, let v = parts[0] { low = v; high = v } else if parts.count == 2, let a = parts[0], let b = parts[1] { low = a; high = b }
                if !(low > 0 && high >= low && high <= 240 && low.isFinite && high.isFinite) {
                    error(at: mnode, "invalid value '\(Self.printable(s))' for 'minutes': expected minutes such as 5 or 3-5 (above 0, at most 240, the low end first)")
                    low = 0
                }
            }
            let prompts = stringList(pm, "prompts") ?? []
            var checklist: [String] = []
            if let cnode = pm["checklist"] {
                for item in list(cnode, context: "checklist", example: "[goal, scale, latency]") {
                    guard let name = item.scalar?.string else { error(at: item, "expected a checklist item's name"); continue }
                    if checklistIDs.contains(name) {
                        checklist.append(name)
                    } else {
                        let hint = EditDistance.suggestion(for: name, among: checklistIDs).map { "; did you mean '\($0)'?" }
                            ?? "; expected one of \(checklistIDs.joined(separator: ", "))"
                        error(at: item, "unknown checklist item '\(Self.printable(name))'\(hint)")
                    }
                }
            }
            if low > 0, !id.isEmpty {
                phases.append(PlanFile.PhaseEntry(id: id, title: phaseTitle, minimumMinutes: low, maximumMinutes: high, prompts: prompts, checklist: checklist))
            }
        }
        return PlanFile(title: title, phases: phases)
    }
}
