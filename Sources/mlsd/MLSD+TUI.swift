import ArgumentParser
import Foundation
import MLSDCore
import MLSDTUI
import MLSDTerminal

extension MLSD {
    /// `mlsd open <file|id>`: the workbench with a design open.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a design file or a shipped scenario in the TUI workbench.",
            discussion: """
                'mlsd <file>' and 'mlsd tui <file>' do the same; without a design, 'mlsd tui' (like bare 'mlsd') \
                opens the picker of shipped scenarios and recent files. s saves to the file the design came from; a shipped \
                scenario is never overwritten (s asks for a new name). Unsaved edits are kept in a \
                recovery copy under $XDG_STATE_HOME/mlsd/recovery (default ~/.local/state/mlsd) and \
                offered back the next time the design is opened.
                """,
            // `mlsd tui fraud-detection` was "2 unexpected arguments": the word a new user tries first.
            aliases: ["tui"])
        // Optional: `mlsd tui` alone was "Missing expected argument '<design>'" while bare `mlsd` opened the picker.
        @Argument(help: "Scenario file (YAML) or the id of a shipped scenario; without one, the picker opens.", completion: MLSD.scenarioCompletion) var design: String?
        @Option(help: ArgumentHelp("Colour theme (see 'mlsd themes'); also $MLSD_THEME.", valueName: "name")) var theme: String?
        @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (selection, copy).") var noMouse = false

        func validate() throws {
            if design == ScenarioLibrary.standardInput {
                throw ValidationError("The workbench reads your keys from the terminal, so it cannot open a design from standard input ('-'); save it to a file and open that.")
            }
        }

        func run() throws {
            try MLSD.runTUI(themeName: theme, opening: design, mouse: !noMouse)
        }
    }

    /// Opens the interactive workbench; without a terminal, explains and prints help instead.
    static func runTUI(themeName: String?, opening reference: String? = nil, mouse: Bool = true) throws {
        let environment = ProcessInfo.processInfo.environment
        let library = ScenarioLibrary()
        let workingDirectory = FileManager.default.currentDirectoryPath
        let stateDirectory = Self.stateDirectory(environment: environment)
        let recoveryDirectory = stateDirectory.map { $0 + "/recovery" }
        let services = Self.services(library: library, workingDirectory: workingDirectory, stateDirectory: stateDirectory, recoveryDirectory: recoveryDirectory)
        // A file that cannot be opened is reported before the terminal is taken over.
        var first: OpenResult?
        if let reference {
            let result = services.open(reference)
            if case .failed(let lines) = result {
                for line in lines { printError(line) }
                let isMissing = lines.first?.contains("no such file or scenario") == true
                throw ExitCode(isMissing ? 66 : 65)
            }
            first = result
        }
        let theme = try loadTheme(themeName ?? environment["MLSD_THEME"] ?? (environment["NO_COLOR"] != nil ? "mono" : "default"), environment: environment)
        var state = AppState(choices: Self.choices(library: library, stateDirectory: stateDirectory), terminalSize: Size(width: 80, height: 24))
        state.workingDirectory = workingDirectory
        state.homeDirectory = environment["HOME"]
        state.recoveryDirectory = recoveryDirectory
        state.isMouseEnabled = mouse
        if reference == nil, let dir = recoveryDirectory, let (source, snapshot) = Self.pendingInterview(in: dir) {
            state.offerInterviewOnStart(reference: source, snapshot: snapshot)
        }
        var stopSignal: Int32?
        do {
            try withCursesTerminal(environment: environment, theme: theme, mouse: mouse) { terminal in
                state.terminalSize = terminal.size
                var runtime = Runtime(state: state, terminal: terminal, performer: EffectPerformer(services: services, mode: .background))
                if let first, let reference {
                    // The clock first: a status set before any tick (at time 0) faded at the first
                    // one, so the file's warnings and "Opened …" never showed for a file named on
                    // the command line.
                    _ = runtime.send(.tick(now: runtime.clock()))
                    _ = runtime.send(.opened(reference: reference, result: first))
                }
                runtime.run()
                stopSignal = runtime.terminal.stopSignal
            }
        } catch let error as CursesTerminal.StartError {
            printError(error.description)
            // `mlsd open X` asked for the workbench, and a script must see that it did not open
            // (it exited 0); a bare `mlsd` without a terminal is a request for help, as before.
            if let reference {
                printFailure("'\(reference)' was not opened; headless: mlsd simulate \(reference), mlsd show \(reference)")
                throw ExitCode(1)
            }
            print(MLSD.helpMessage())
            return
        }
        if let stopSignal { throw ExitCode(128 + stopSignal) }
    }

    /// The newest interview recovery copy that names its design: where the design came from and the snapshot.
    static func pendingInterview(in directory: String) -> (String, InterviewSnapshot)? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let copies = names.filter { $0.hasSuffix("-interview.md") }.map { directory + "/" + $0 }
            .map { ($0, (try? FileManager.default.attributesOfItem(atPath: $0))?[.modificationDate] as? Date ?? .distantPast) }
            .sorted { $0.1 > $1.1 }
        for (path, _) in copies {
            guard let text = try? TextFile.read(path, maximumBytes: 4 << 20), let snapshot = InterviewSnapshot.read(from: text),
                  let source = snapshot.source else { continue }
            return (source, snapshot)
        }
        return nil
    }

    /// `$XDG_STATE_HOME/mlsd`, else `~/.local/state/mlsd`; nil when neither variable is set.
    static func stateDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/mlsd" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/mlsd" }
        return nil
    }

    /// The picker's rows: recent files that still exist, then the shipped and the user's scenarios.
    static func choices(library: ScenarioLibrary, stateDirectory: String?) -> [PickerScreen.Choice] {
        var out: [PickerScreen.Choice] = []
        for path in recentFiles(stateDirectory: stateDirectory) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { continue }
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "\u{0}"
            let shownPath = path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
            // A recovery copy waits for this file: the list says so before it is opened.
            let recovery = stateDirectory.map { RecoveryFile.path(for: .file(path: path), in: $0 + "/recovery") }
            let unsaved = recovery.map { FileManager.default.fileExists(atPath: $0) } == true ? ["unsaved work from an earlier session: open it to recover or discard it"] : []
            if let (s, _) = try? Scenario.parse(yaml: text, path: path) {
                out.append(PickerScreen.Choice(id: path, name: s.name, summary: s.summary, highlights: unsaved + ["file: \(shownPath)"] + highlights(of: s), isRecent: true))
            } else {
                out.append(PickerScreen.Choice(id: path, name: URL(fileURLWithPath: path).lastPathComponent,
                                               summary: "This file has errors: run 'mlsd validate \(path)'.", highlights: ["file: \(shownPath)"], isRecent: true))
            }
        }
        for entry in library.entries() {
            guard let (s, _) = try? Scenario.parse(yaml: entry.source, path: entry.path) else {
                out.append(PickerScreen.Choice(id: entry.id, name: entry.id, summary: "This file has errors: run 'mlsd validate \(entry.id)'."))
                continue
            }
            // A saved copy of a shipped scenario says so, and where it lives.
            let name = entry.isShadowingBuiltin ? s.name + " (your copy)" : s.name
            let where_ = entry.isBuiltin ? [] : ["file: \(entry.path)"]
            out.append(PickerScreen.Choice(id: entry.isBuiltin ? entry.id : entry.path, name: name, summary: s.summary, highlights: highlights(of: s) + where_))
        }
        return out
    }

    /// The recent-files list, newest first.
    static func recentFiles(stateDirectory: String?) -> [String] {
        guard let dir = stateDirectory, let data = FileManager.default.contents(atPath: dir + "/recent"),
              let text = String(data: data, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("/") }
    }

    /// Files, the simulator and the exporter for the workbench.
    static func services(library: ScenarioLibrary, workingDirectory: String, stateDirectory: String?, recoveryDirectory: String?) -> WorkbenchServices {
        let shippedIDs = Set(library.entries().filter(\.isBuiltin).map(\.id))
        let write: @Sendable (String, String) -> SaveResult = { path, text in
            // Folders of our own (recovery copies, transcripts) are made on first use; a user's path must exist.
            if let stateDirectory, path.hasPrefix(stateDirectory + "/") {
                try? FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            }
            var isDirectory: ObjCBool = false
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                return .failed("the folder \(folder) does not exist")
            }
            // Atomic for regular files, with their mode kept; symlinks written through (TargetFile).
            do {
                try TargetFile.write(text, to: path)
                return .saved(path: path)
            } catch {
                return .failed("cannot write \(path): \(error)")
            }
        }
        return WorkbenchServices(
            open: { reference in
                Self.open(reference, library: library, workingDirectory: workingDirectory, shippedIDs: shippedIDs, recoveryDirectory: recoveryDirectory)
            },
            write: write,
            remove: { path in _ = unlink(path) },
            rememberRecent: { path in
                guard let stateDirectory else { return }
                let list = [path] + recentFiles(stateDirectory: stateDirectory).filter { $0 != path }
                _ = write(stateDirectory + "/recent", list.prefix(10).joined(separator: "\n") + "\n")
            })
    }

    /// Reads a design by path or shipped id, with the recovery copy of unsaved work if there is one.
    static func open(_ reference: String, library: ScenarioLibrary, workingDirectory: String, shippedIDs: Set<String>, recoveryDirectory: String?) -> OpenResult {
        let source: DesignSource
        let path: String
        let text: String
        do {
            if ScenarioLibrary.looksLikePath(reference) || FileManager.default.fileExists(atPath: reference) {
                let absolute = reference.hasPrefix("/") ? reference : workingDirectory + "/" + reference
                path = URL(fileURLWithPath: absolute).standardized.path
                // The library says why a path cannot be used (missing, a folder, not UTF-8, too large).
                text = try library.source(for: path).text
                source = .file(path: path)
            } else {
                let found = try library.source(for: reference)
                text = found.text
                path = found.path
                source = shippedIDs.contains(reference) && found.path.hasPrefix("Scenarios/") ? .shipped(id: reference) : .file(path: found.path)
            }
        } catch let error as ScenarioError {
            return .failed(error.diagnostics.map(\.description))
        } catch {
            return .failed([failureText("\(error)")])
        }
        let scenario: Scenario
        let warnings: [Diagnostic]
        do {
            (scenario, warnings) = try Scenario.parse(yaml: text, path: path)
        } catch {
            return .failed(error.diagnostics.map(\.description))
        }
        var opened = OpenedDesign(scenario: scenario, source: source, text: text)
        opened.warnings = warnings.map(\.description)
        if let dir = recoveryDirectory, let data = FileManager.default.contents(atPath: RecoveryFile.interviewPath(for: source, in: dir)),
           let text = String(data: data, encoding: .utf8) {
            opened.interviewRecovery = InterviewSnapshot.read(from: text)
        }
        if let dir = recoveryDirectory {
            let recoveryPath = RecoveryFile.path(for: source, in: dir)
            if let data = FileManager.default.contents(atPath: recoveryPath), let t = String(data: data, encoding: .utf8),
               let (recovered, _) = try? Scenario.parse(yaml: t, path: recoveryPath), recovered != scenario {
                opened.recovery = recovered
                if let date = (try? FileManager.default.attributesOfItem(atPath: recoveryPath))?[.modificationDate] as? Date {
                    let f = DateFormatter()
                    f.dateFormat = "yyyy-MM-dd HH:mm:ss"
                    opened.recoveryDate = f.string(from: date)
                    // The file changed after the copy was written (another editor): the offer says
                    // so, since recovering and saving would replace that change.
                    if let path = source.path, let fileDate = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, fileDate > date {
                        opened.fileChangedAfterRecovery = f.string(from: fileDate)
                    }
                }
            }
        }
        return .opened(opened)
    }

    /// Requirement lines for the picker's preview.
    static func highlights(of s: Scenario) -> [String] { PickerScreen.Choice.highlights(of: s) }

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
}
