extension ScenarioLibrary {
    /// The shipped scenario with this name (a copy of a shipped file keeps its name), parsed from
    /// the copy built into mlsd; nil when no shipped scenario has it. The mock-interview rubric
    /// uses its design as the reference the candidate started from.
    public static func shippedScenario(named name: String) -> Scenario? {
        for (id, text) in EmbeddedScenarios.files {
            if let s = try? Scenario.parse(yaml: text, path: "Scenarios/\(id).yaml").scenario, s.name == name { return s }
        }
        return nil
    }
}
