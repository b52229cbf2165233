import ArgumentParser

extension MLSD {
    /// Every subcommand, in the order `mlsd --help` lists them.
    static let allSubcommands: [any ParsableCommand.Type] = [
        Open.self, Scenarios.self, Validate.self, Show.self, Simulate.self, Compare.self, SweepCommand.self, Capacity.self, Optimize.self, Sensitivity.self, Export.self, Interview.self,
        CatalogCommand.self, Themes.self,
    ]
}
