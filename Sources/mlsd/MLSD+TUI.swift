import ArgumentParser
import Foundation
import MLSDCore
import MLSDTUI
import MLSDTerminal

extension MLSD {
    /// Opens the interactive workbench; without a terminal, explains and prints help instead.
    static func runTUI(themeName: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        let theme = try loadTheme(themeName ?? environment["MLSD_THEME"] ?? (environment["NO_COLOR"] != nil ? "mono" : "default"), environment: environment)
        let library = ScenarioLibrary()
        let choices = library.entries().map { entry -> AppState.Choice in
            guard let (s, _) = try? Scenario.parse(yaml: entry.source, path: entry.path) else {
                return AppState.Choice(id: entry.id, name: entry.id, summary: "This file has errors: run 'mlsd validate \(entry.id)'.")
            }
            // A saved copy of a shipped scenario says so, and where it lives.
            let name = entry.isShadowingBuiltin ? s.name + " (your copy)" : s.name
            let where_ = entry.isShadowingBuiltin ? ["your copy: \(entry.path)"] : []
            return AppState.Choice(id: entry.id, name: name, summary: s.summary, highlights: highlights(of: s) + where_)
        }
        var stopSignal: Int32?
        do {
            try withCursesTerminal(environment: environment, theme: theme) { terminal in
                var runtime = Runtime(state: AppState(choices: choices, terminalSize: terminal.size), terminal: terminal) { id in
                    do {
                        return .loaded(try library.load(id).scenario)
                    } catch let error as ScenarioError {
                        return .failed(error.diagnostics.map(\.description))
                    } catch {
                        return .failed(["\(error)"])
                    }
                } saveScenario: { id, yaml in
                    saveUserScenario(id: id, yaml: yaml, library: library)
                }
                runtime.writeTranscript = { name, markdown in
                    writeUserFile(folder: "interviews", name: name, extension: "md", text: markdown, library: library, keepingEarlier: true)
                }
                runtime.run()
                stopSignal = runtime.terminal.stopSignal
            }
        } catch let error as CursesTerminal.StartError {
            printError(error.description)
            print(MLSD.helpMessage())
            return
        }
        if let stopSignal { throw ExitCode(128 + stopSignal) }
    }

    /// Writes a design into the user's scenario folder, atomically (temp file + rename).
    static func saveUserScenario(id: String, yaml: String, library: ScenarioLibrary) -> SaveResult {
        writeUserFile(folder: "scenarios", name: id, extension: "yaml", text: yaml, library: library)
    }

    /// Writes a file into a folder beside the user's scenario folder (`$XDG_CONFIG_HOME/mlsd/<folder>`), atomically.
    /// With `keepingEarlier`, an existing file is kept and the new one is numbered (`name-2.md`, …).
    static func writeUserFile(folder: String, name: String, extension ext: String, text: String, library: ScenarioLibrary,
                              keepingEarlier: Bool = false) -> SaveResult {
        guard let scenarios = library.userDirectory else { return .failed("no HOME or XDG_CONFIG_HOME to write into") }
        let dir = URL(fileURLWithPath: scenarios).deletingLastPathComponent().appendingPathComponent(folder).path
        var path = dir + "/" + name + "." + ext
        var n = 2
        while keepingEarlier, FileManager.default.fileExists(atPath: path), n < 10_000 {
            path = dir + "/" + name + "-\(n)." + ext
            n += 1
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            return .failed("cannot write \(path): \(error.localizedDescription)")
        }
        do {
            try TargetFile.write(text, to: path)
            return .saved(path: path)
        } catch {
            return .failed("cannot write \(path): \(error)")
        }
    }

    /// A theme by id (shipped or the user's), with located errors for a bad file.
    static func loadTheme(_ id: String, environment: [String: String]) throws -> Theme {
        let all = Theme.available(environment: environment)
        guard let entry = all.first(where: { $0.id == id }) else {
            let hint = EditDistance.suggestion(for: id, among: all.map(\.id)).map { "did you mean '\($0)'? " } ?? ""
            printError("mlsd: error: no theme '\(id)'; \(hint)themes: \(all.map(\.id).joined(separator: ", "))")
            throw ExitCode(64)
        }
        do {
            return try Theme.parse(yaml: entry.text, path: entry.path)
        } catch {
            printError(error.description)
            throw ExitCode(65)
        }
    }

    /// Requirement lines for the picker's preview.
    static func highlights(of s: Scenario) -> [String] {
        let r = s.requirements
        var out: [String] = []
        if let q = r.peakQPS { out.append("peak load \(q)") }
        if let u = r.users { out.append("users: \(u)") }
        let latency = [("p50", r.latencyP50), ("p95", r.latencyP95), ("p99", r.latencyP99)].compactMap { k, v in v.map { "\(k) < \($0)" } }
        if !latency.isEmpty { out.append("latency " + latency.joined(separator: ", ")) }
        if let a = r.availability { out.append("availability ≥ \(a)") }
        if let b = r.monthlyBudget { out.append("budget ≤ \(b)") }
        out.append("\(s.design.components.count) components")
        return out
    }
}
