import Foundation
import Testing

/// `--help` of every command reads in an 80-column terminal, usage lines included (ArgumentParser
/// wraps the text but not the usage synopsis: `mlsd capacity --help` had a 159-column usage line).
@Suite("mlsd --help width") struct HelpWidthTests {
    /// The commands, as `mlsd --help` lists them, so a new one is checked too.
    static func commands() throws -> [String] {
        let help = try BinaryRunner.run(["--help"], environment: ["COLUMNS": "80"]).stdout
        let section = try #require(help.range(of: "SUBCOMMANDS:\n"))
        return help[section.upperBound...].split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && $0.dropFirst(2).first?.isLowercase == true }
            .compactMap { $0.split(separator: " ").first.map { String($0.filter { $0 != "," }) } }   // "scenarios, list": its alias
    }

    @Test func everyCommandsHelpFitsEightyColumns() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 10, "\(commands)")
        for command in commands {
            let help = try BinaryRunner.run([command, "--help"], environment: ["COLUMNS": "80"])
            #expect(help.status == 0, "\(command)")
            let wide = help.stdout.split(separator: "\n").filter { $0.count > 80 }.map(String.init)
            #expect(wide.isEmpty, "mlsd \(command) --help: \(wide)")
        }
    }

    /// A usage written by hand (to fit 80 columns) names every option the command has, unless it
    /// is ArgumentParser's short form `[<options>]`.
    @Test func everyUsageNamesEveryOption() throws {
        for command in try Self.commands() {
            let help = try BinaryRunner.run([command, "--help"], environment: ["COLUMNS": "80"]).stdout
            let start = try #require(help.range(of: "USAGE: "), "\(command)")
            let end = help.range(of: "\n\n", range: start.upperBound..<help.endIndex)?.lowerBound ?? help.endIndex
            let usage = String(help[start.upperBound..<end])
            #expect(usage.hasPrefix("mlsd \(command)"), "\(usage)")
            guard !usage.contains("[<options>]") else { continue }
            guard let options = help.range(of: "\nOPTIONS:\n") else { continue }
            var names: [String] = []
            for line in help[options.upperBound...].split(separator: "\n") where line.hasPrefix("  -") {
                // "  --qps <rate>   …" or "  -o, --output <output>   …": the long name.
                let words = line.split(separator: " ").prefix(3).map(String.init)
                if let long = words.first(where: { $0.hasPrefix("--") }), long != "--help", long != "--version" { names.append(long) }
            }
            for name in names {
                #expect(usage.contains("[\(name) ") || usage.contains("[\(name)]") || usage.contains(" \(name) "), "mlsd \(command): usage lacks \(name): \(usage)")
            }
        }
    }
}
