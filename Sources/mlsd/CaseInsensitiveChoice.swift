import ArgumentParser

/// An option whose value is one of a few names (`--format json`, `--direction top-to-bottom`), read in
/// any case: `--format JSON` is `--format json`. A name that is none of them is still refused, and
/// ArgumentParser's message lists the accepted ones ("Please provide one of 'table', 'json' or 'csv'").
protocol CaseInsensitiveChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseInsensitiveChoice {
    init?(argument: String) {
        let wanted = argument.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted }) else { return nil }
        self = match
    }
}

// Every choice option of the commands. A new one belongs here (`CLIConventionTests` checks
// `--format` in capitals for each command that has it).
extension SimulationOptions.Format: CaseInsensitiveChoice {}
extension MLSD.SweepCommand.Format: CaseInsensitiveChoice {}
extension MLSD.Sensitivity.Format: CaseInsensitiveChoice {}
extension MLSD.Scenarios.Format: CaseInsensitiveChoice {}
extension MLSD.Capacity.Format: CaseInsensitiveChoice {}
extension MLSD.Optimize.Format: CaseInsensitiveChoice {}
extension MLSD.Export.OutputFormat: CaseInsensitiveChoice {}
extension MLSD.Export.Direction: CaseInsensitiveChoice {}
