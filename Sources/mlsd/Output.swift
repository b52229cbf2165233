import ArgumentParser
import Foundation
import MLSDCore
import MLSDTerminal
import MLSDTUI
import Synchronization

// The output boundary of the `mlsd` executable. Every byte mlsd prints or writes passes one of
// the three functions below, and each applies ``SafeText``'s rule, so no command (and no new
// command) can send a file's escape sequences to the user's terminal or into a written file.
//
// - `print` in this module is this function, not Swift's: standard output.
// - `printError`: standard error.
// - `TargetFile.write(_:to:)`: files (`-o`, exports, transcripts, the TUI's saves), and `-`.
// - `ProgressLine`: the progress bar of long commands on standard error (a terminal only).
// A test (`OutputBoundaryTests`) fails if a source file in `Sources/mlsd` writes any other way.

/// Prints to standard output through the escaping rule. Shadows `Swift.print` in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(SafeText.escaped(text), terminator: SafeText.escaped(terminator))
}

/// Prints a message and a newline to standard error through the escaping rule.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(SafeText.escaped(message + "\n").utf8))
}

/// Prints why a command failed, in the one spelling every failure has: `mlsd: error: …` (a
/// message that already starts with `error: ` keeps one). Usage errors found by the parser read
/// the same (``MLSD/errorText(_:)``); a scenario file's diagnostics keep `file:line:col: error:`.
func printFailure(_ message: String) {
    printError(failureText(message))
}

/// `mlsd: error: ` and the message, without a second `error: ` when the message has its own.
func failureText(_ message: String) -> String {
    "mlsd: error: " + (message.hasPrefix("error: ") ? String(message.dropFirst(7)) : message)
}

extension MLSD {
    /// Parses and runs the command; ArgumentParser's own messages (help, usage errors, which
    /// quote the user's arguments) go through the same boundary as everything else.
    static func main() {
        do {
            let arguments = rewrittenArguments()
            if let unknown = unknownHelpTopic(arguments) {
                let hint = EditDistance.suggestion(for: unknown, among: commandNames).map { " Did you mean '\($0)'?" } ?? ""
                printFailure("no command '\(unknown)'.\(hint) The commands: \(allSubcommands.map { $0._commandName }.joined(separator: ", ")).")
                Foundation.exit(64)
            }
            // `mlsd simulat fraud-detection`: a misspelt command read as "2 unexpected arguments".
            if let (word, near) = misspeltCommand(arguments) {
                let isCommand = commandNames.contains(near)
                printFailure("no command\(isCommand ? "" : " or scenario") '\(word)'; did you mean '\(near)'? (\(isCommand ? "mlsd --help lists the commands" : "mlsd scenarios lists them"))")
                Foundation.exit(64)
            }
            var command = try parseAsRoot(arguments)
            try command.run()
            exitIfOutputWasLost(code: 0)
        } catch {
            let code = exitCode(for: error)
            let message = code == .success ? fullMessage(for: error) : errorText(fullMessage(for: error))
            if !message.isEmpty {
                if code == .success { print(message) } else { printError(message) }
            }
            exitIfOutputWasLost(code: code.rawValue)
            Foundation.exit(code.rawValue)
        }
    }

    /// The parser's `Error: The value …` in the spelling of every other failure, `mlsd: error: the
    /// value …`; its usage and help lines follow unchanged. (Two spellings read as two programs: a
    /// bad `--qps` said `Error:`, a bad `--set` `mlsd:`.)
    static func errorText(_ message: String) -> String {
        guard message.hasPrefix("Error: ") else { return message }
        let rest = message.dropFirst(7)
        return withoutFarSuggestion(failureText(rest.prefix(1).lowercased() + rest.dropFirst()))
            // Two choices are one or the other: "Please provide one of 'table' and 'json'." read as both.
            .replacingOccurrences(of: #"one of '([^',]+)' and '([^',]+)'\."#, with: "'$1' or '$2'.", options: .regularExpression)
            // The parser ends `unknown option '--x'` with a full stop only when it suggests another.
            .replacingOccurrences(of: #"(?m)^(mlsd: error: unknown option '[^']+')$"#, with: "$1.", options: .regularExpression)
    }

    /// The parser suggests the nearest option however far it is (`capacity --bogus`: "Did you mean
    /// '--jobs'?"); the suggestion stays only when it is as near as a misspelt command's must be
    /// (``EditDistance/suggestion(for:among:)``: `--job`, `--reqests` keep theirs).
    static func withoutFarSuggestion(_ message: String) -> String {
        guard let open = message.range(of: "unknown option '"),
              let ask = message.range(of: "'. Did you mean '", range: open.upperBound..<message.endIndex),
              let close = message.range(of: "'?", range: ask.upperBound..<message.endIndex) else { return message }
        func bare(_ option: Substring) -> String { String(option.drop { $0 == "-" }) }
        let typed = bare(message[open.upperBound..<ask.lowerBound]), offered = bare(message[ask.upperBound..<close.lowerBound])
        guard EditDistance.suggestion(for: typed, among: [offered]) == nil else { return message }
        return String(message[..<ask.lowerBound]) + "'." + message[close.upperBound...]
    }

    /// Flushes standard output; when a write to it failed (`> /dev/full`, a full disk) the command
    /// says so and exits 73, as `-o` to such a file does, instead of 0 over a lost report. A
    /// command that already failed keeps its own code; a closed pipe (`| head`) is no error to report.
    static func exitIfOutputWasLost(code: Int32) {
        guard let reason = StandardOutput.flushFailure() else { return }
        guard reason != EPIPE else { Foundation.exit(code) }
        let why = reason == ENOSPC ? "no space left on the device" : reason == 0 ? "a write to it failed" : String(cString: strerror(reason)).lowercased()
        printFailure("cannot write the standard output: \(why)")
        Foundation.exit(code == 0 || code == 1 ? 73 : code)
    }
}

extension MLSD {
    /// Every command's name and its other names (`scenarios`, `list`).
    static var commandNames: [String] { allSubcommands.flatMap { [$0._commandName] + $0.configuration.aliases } }

    /// The first word and the command it is a likely typo of, when the word (after the root's
    /// options) names no command, file or scenario (those were rewritten to `open` already).
    static func misspeltCommand(_ arguments: [String]) -> (String, String)? {
        var i = 0
        // Only the root's own options come before a command; any other (--generate-completion-script
        // bash, --version) is the parser's to read.
        while i < arguments.count, arguments[i].hasPrefix("-") {
            switch arguments[i] {
            case "--theme": i += 2
            case "--no-mouse": i += 1
            default: return nil
            }
        }
        guard i < arguments.count, !Set(commandNames + ["help"]).contains(arguments[i]) else { return nil }
        if let command = EditDistance.suggestion(for: arguments[i], among: commandNames) { return (arguments[i], command) }
        // `mlsd fraud-detecton` opens nothing: a scenario's id, misspelt.
        return EditDistance.suggestion(for: arguments[i], among: ScenarioLibrary().entries().map(\.id)).map { (arguments[i], $0) }
    }

    /// The topic of `mlsd help <topic> …` when it names no command (the parser would print the
    /// general help and exit 0; a typo deserves a usage error instead).
    static func unknownHelpTopic(_ arguments: [String]) -> String? {
        guard arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-") else { return nil }
        return Set(commandNames + ["help"]).contains(arguments[1]) ? nil : arguments[1]
    }
}

/// How the reports draw their charts, bars and marks: in UTF-8, or with the TUI's one-column ASCII
/// stand-ins (``ASCIIFallback``: `█` `#`, `▓` `=`, `░` `.`, `┤` `+`, `≤` `<`) when the locale names
/// another character set (`LANG=C`), where UTF-8 bytes would show as mojibake. The TUI switched,
/// the CLI's charts did not. A locale left unset keeps UTF-8.
enum Charset {
    static let isASCII = isASCII(environment: ProcessInfo.processInfo.environment)

    /// The first of `LC_ALL`, `LC_CTYPE` and `LANG` that is set decides, as for the C library.
    static func isASCII(environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let v = value.lowercased()
            return !(v.contains("utf-8") || v.contains("utf8"))
        }
        return false
    }

    /// `text` as this terminal can show it: unchanged, or every character through ``ASCIIFallback``.
    static func shaped(_ text: String) -> String { isASCII ? ASCIIFallback.text(text) : text }
}

/// A one-line progress bar on standard error, only when it is a terminal.
final class ProgressLine: Sendable {
    let label: String
    let isTerminal = isatty(2) == 1
    private let shown = Atomic<Int>(-1)
    init(label: String) { self.label = label }

    func show(_ fraction: Double) {
        guard isTerminal else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        guard shown.exchange(percent, ordering: .relaxed) != percent else { return }
        let width = 30
        let filled = percent * width / 100
        let bar = Charset.shaped(String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled))
        FileHandle.standardError.write(Data(("\r" + SafeText.escaped("\(label) \(bar) \(percent)%")).utf8))
    }

    func clear() {
        guard isTerminal, shown.load(ordering: .relaxed) >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Ctrl-C's own way out, here at the output boundary: its only write is prepared text.
extension Interrupt {
    /// For a command with no partial answer (`mlsd simulate`: part of a run is not judged): Ctrl-C
    /// says so on standard error and exits 130, rather than ending with nothing printed. The
    /// handler only writes prepared bytes and calls `_exit` (both async-signal-safe).
    static func installQuitting() {
        _ = quittingMessage.count   // built now, not in the handler
        signal(SIGINT) { _ in
            Interrupt.quittingMessage.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(130)
        }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
    static let quittingMessage: [UInt8] = Array(
        "\nmlsd: stopped by Ctrl-C before the run ended: nothing to report, as part of a run is not judged; --requests or --duration gives a shorter run\n".utf8)
}
