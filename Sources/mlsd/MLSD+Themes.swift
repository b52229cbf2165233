import ArgumentParser
import Foundation
import MLSDCore

extension MLSD {
    struct Themes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List colour themes: the shipped ones and your own (in $XDG_CONFIG_HOME/mlsd/themes).",
            discussion: "Choose one with 'mlsd --theme NAME' or MLSD_THEME. NO_COLOR selects 'mono'.")

        func run() throws {
            var failed = false
            for entry in Theme.available(environment: ProcessInfo.processInfo.environment) {
                do {
                    let theme = try Theme.parse(yaml: entry.text, path: entry.path)
                    print(entry.id.padded(16) + theme.name)
                    for line in TextWrap.lines(theme.summary, width: 62) where !theme.summary.isEmpty { print(String(repeating: " ", count: 16) + line) }
                } catch {
                    printError(error.description)
                    failed = true
                }
            }
            if failed { throw ExitCode(65) }
        }
    }
}
