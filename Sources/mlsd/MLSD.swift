import ArgumentParser
import Foundation
import MLSDCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The `mlsd` command: a terminal workbench for ML system design.
@main
struct MLSD: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mlsd",
        abstract: "A terminal workbench for ML system design: sketch, simulate, export, practise.",
        discussion: """
            Scenarios are YAML files or the id of a shipped scenario (see 'mlsd scenarios').
            Exit codes: 0 success, 64 usage error, 65 invalid scenario file, 66 file not found, 73 cannot write the output (a file, or standard output), 130 stopped by Ctrl-C.
            """,
        version: version,
        subcommands: MLSD.allSubcommands
    )

    @Option(help: ArgumentHelp("Colour theme for the TUI (see 'mlsd themes'); also $MLSD_THEME.", valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (selection, copy).")
    var noMouse = false

    /// A bare `mlsd` opens the TUI (or prints help when there is no terminal).
    mutating func run() throws {
        try MLSD.runTUI(themeName: theme, mouse: !noMouse)
    }

    /// The command line with `mlsd <file>` read as `mlsd open <file>`: a first argument that names no
    /// subcommand but a YAML file (or any existing path) opens it.
    static func rewrittenArguments() -> [String] {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let names = Set(commandNames + ["help"])
        var i = 0
        while i < arguments.count, arguments[i].hasPrefix("-") { i += arguments[i] == "--theme" ? 2 : 1 }
        if i < arguments.count, !names.contains(arguments[i]) {
            let a = arguments[i]
            // A scenario id is looked up only when the argument is not a path.
            if ScenarioLibrary.looksLikePath(a) || FileManager.default.fileExists(atPath: a)
                || ScenarioLibrary().entries().contains(where: { $0.id == a }) {
                arguments.insert("open", at: i)
            }
        }
        return joiningNegativeValues(arguments)
    }

    /// `--qps -5` as `--qps=-5`. ArgumentParser reads a word starting with `-` as an option, so a
    /// negative value after a long option was "Missing value"; joined, it reaches the option's own
    /// check, which names the value and what is expected ("invalid --qps '-5': expected a rate …").
    /// Only a long option without `=` followed by a negative number, or a change option followed by a
    /// change to a component whose id starts with `-`, is joined (such a command line failed before in
    /// any case: no option is named `-5` or `-api.replicas=3`), never after `--` or in a completion call.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        guard arguments.first != "---completion" else { return arguments }
        var joined: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { return joined + arguments[i...] }
            if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count,
               looksNegative(arguments[i + 1]) || (changeOptions.contains(a) && looksLikeDashedChange(arguments[i + 1])) {
                joined.append(a + "=" + arguments[i + 1])
                i += 2
            } else {
                joined.append(a)
                i += 1
            }
        }
        return joined
    }

    /// Options whose value names a component first (`--set -api.replicas=3`, `--down -api=1@1s-2s`).
    static let changeOptions: Set<String> = ["--set", "--vary", "--down", "--slow", "--hit-ratio"]

    /// `-api.replicas=3`, `-api=1@1s-2s`: a change to a component whose id starts with `-` (ids
    /// may), which ArgumentParser would read as short options and report "Missing value".
    static func looksLikeDashedChange(_ word: String) -> Bool {
        word.hasPrefix("-") && !word.hasPrefix("--") && word.count > 1 && (word.contains("=") || word.contains("@"))
    }

    /// `-5`, `-0.5`, `-.5`, `-20%`: a minus sign and then a digit (or a point and a digit).
    static func looksNegative(_ word: String) -> Bool {
        let rest = word.dropFirst()
        guard word.first == "-", let first = rest.first else { return false }
        return first.isASCII && first.isNumber || first == "." && rest.dropFirst().first.map { $0.isASCII && $0.isNumber } == true
    }
}


/// Reads `--seed`: a whole number from 0 to 2^64 − 1. Anything else (`-1`, `1.5`) is a usage error
/// that says so: "The value '-1' is invalid for '--seed <seed>': expected a whole number from 0 to …".
func parseSeed(_ text: String) throws -> UInt64 {
    guard let seed = UInt64(text) else { throw ValidationError("expected a whole number from 0 to \(UInt64.max)") }
    return seed
}

/// Reads a whole-number option (`--jobs`, `--steps`, `--width`, `--replications`): `--jobs x` says a
/// whole number is expected (ArgumentParser alone named no expectation); its range is the command's check.
func parseWholeNumber(_ text: String) throws -> Int {
    guard let n = Int(text) else { throw ValidationError("expected a whole number such as 4") }
    return n
}

/// Reads a number option (`--warmup`); its range is the command's check.
func parseNumber(_ text: String) throws -> Double {
    guard let x = Double(text) else { throw ValidationError("expected a number such as 0.1") }
    return x
}

/// A scenario with `--set id.key=value` changes applied; a change that cannot be made prints why and exits 64.
func applyingOverrides(_ texts: [String], to scenario: Scenario) throws -> Scenario {
    do { return try scenario.applying(try texts.map { o throws(DesignOverrideError) in try DesignOverride(parsing: o) }) } catch {
        printFailure("\(error.description)")
        throw ExitCode(64)
    }
}

/// The last `--set workload.qps=…` among `texts`, as written (parsed, so `workload.qps = 8k` counts
/// too): the load capacity and optimize set themselves, so they warn about it.
func workloadQPSOverride(_ texts: [String]) -> String? {
    texts.last { text in (try? DesignOverride(parsing: text)).map { $0.target == "workload" && $0.key == "qps" } ?? false }
}

/// Loads a scenario for a subcommand, turning every failure into a message on stderr and an exit code.
func loadScenario(_ reference: String, library: ScenarioLibrary = ScenarioLibrary(), showWarnings: Bool = true) throws -> (scenario: Scenario, path: String) {
    do {
        let (scenario, warnings, path) = try library.load(reference)
        if showWarnings { for w in warnings { printError(w.description) } }
        return (scenario, path)
    } catch let error as ScenarioLibrary.LookupError {
        printFailure("\(error)")
        throw ExitCode(66)
    } catch let error as ScenarioError {
        printError(error.description)
        throw ExitCode(65)
    }
}

extension MLSD {
    /// Shell completion for a scenario argument: the ids of shipped and user scenarios that start
    /// with what is typed, then the YAML files and folders it could be a path to.
    static let scenarioCompletion = CompletionKind.custom { _, _, prefix in
        let ids = ScenarioLibrary().entries().map(\.id).filter { $0.hasPrefix(prefix) }
        return ids + yamlPathCompletions(prefix)
    }

    /// The YAML files and folders in the folder `prefix` points into whose names start with the rest of it.
    static func yamlPathCompletions(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let path = folder.isEmpty ? "." : (folder.hasPrefix("~/") ? NSString(string: folder).expandingTildeInPath : folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var out: [String] = []
        for name in names.sorted() where name.hasPrefix(start) && (start.hasPrefix(".") || !name.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
            if isDirectory.boolValue { out.append(folder + name + "/") } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { out.append(folder + name) }
        }
        return out
    }
}

/// Ctrl-C during a capacity search or a sweep: a flag the work reads between steps, so it stops with what it has.
enum Interrupt {
    static let requested = Atomic<Bool>(false)
    static func install() {
        signal(SIGINT) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
        // A parent (a test runner, a script) may have blocked SIGINT; a long command must see it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
    static func uninstall() { signal(SIGINT, SIG_DFL) }

    /// The signal that stopped a line-by-line read (SIGINT or SIGTERM), 0 before one came
    /// (``InterruptibleLines``).
    static let stoppingSignal = Atomic<Int32>(0)

    /// For a loop that reads standard input (the interview): SIGINT and SIGTERM interrupt the
    /// read instead of ending the process, so the loop can save what it has first (a kill lost
    /// the time since the last note, which `--resume` promises to keep).
    static func installForReading() {
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { s in Interrupt.stoppingSignal.store(s, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0   // no SA_RESTART: the blocked read returns
            sigaction(sig, &action, nil)
        }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}

/// Lines of standard input, as `readLine()` gives them, that stop at SIGINT or SIGTERM once
/// ``Interrupt/installForReading()`` is in place: the read returns with EINTR and the signal ends
/// the lines. (`readLine()` spun at full CPU after such a signal: its stream kept the error.)
struct InterruptibleLines {
    private var pending: [UInt8] = []
    private var isAtEnd = false

    /// The next line without its newline (or `\r\n`); nil at the end of input or after a stopping signal.
    mutating func next() -> String? {
        while true {
            if Interrupt.stoppingSignal.load(ordering: .relaxed) != 0 { return nil }
            if let newline = pending.firstIndex(of: 10) {
                var line = pending[..<newline]
                if line.last == 13 { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                pending.removeFirst(newline + 1)
                return text
            }
            if isAtEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n > 0 {
                pending += chunk[..<n]
            } else if n < 0, errno == EINTR {
                continue   // a signal: the loop's first line decides
            } else {
                isAtEnd = true
            }
        }
    }
}
