import ArgumentParser
import Foundation
import MLSDCore

extension MLSD {
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shipped scenarios and your own (in $XDG_CONFIG_HOME/mlsd/scenarios).",
            aliases: ["list"])

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }
        @Option(help: "Output format: table or json.") var format: Format = .table

        func run() throws {
            struct Row: Encodable { var id, name, summary, path: String }
            var rows: [Row] = []
            for entry in ScenarioLibrary().entries() {
                let parsed = try? Scenario.parse(yaml: entry.source, path: entry.path)
                rows.append(Row(id: entry.id, name: parsed?.scenario.name ?? "(invalid: run mlsd validate \(entry.id))",
                                summary: parsed?.scenario.summary ?? "", path: entry.path))
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(SafeText.jsonEscaped(String(decoding: try encoder.encode(rows), as: UTF8.self)))
            case .table:
                let idWidth = max(2, rows.map { $0.id.count }.max() ?? 0)
                let nameWidth = max(4, rows.map { $0.name.count }.max() ?? 0)
                print("ID".padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  " + "NAME".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  PATH")
                for r in rows {
                    print(r.id.padding(toLength: idWidth, withPad: " ", startingAt: 0) + "  " + r.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + r.path)
                    // The summary wraps under the name within 80 columns (lines ran to 173).
                    let indent = String(repeating: " ", count: min(idWidth + 2, 40))
                    for line in TextWrap.lines(r.summary, width: 80 - indent.count) { print(indent + line) }
                }
            }
        }
    }
}
