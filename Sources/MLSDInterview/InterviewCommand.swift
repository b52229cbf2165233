import Foundation
import MLSDCore

/// A line typed during an interview: a note, or a command that is never stored as a note.
///
/// The same commands work in the CLI and the TUI (where `:` at the start of the note line starts one).
public enum InterviewCommand: Hashable, Sendable {
    case note(String)
    case next, time, prompts, done, pause, resume, numbers, help
    /// Every note so far, by phase (the TUI's notes panel shows only the latest that fit).
    case notes
    /// Turns advancing phases when their time is up on or off.
    case auto
    case calc(String)
    /// The interviewer's curveball now: a name (`surge`, `feature-store`, `large-model`, `zone`) or empty for one picked for the design.
    case curveball(String)
    /// `:something` that is no command; the text is not stored.
    case unknown(String)

    /// Every command with its one-line help, for `:help`.
    public static let commandHelp: [(String, String)] = [
        (":next", "end this phase and start the next"),
        (":time", "show the clock"),
        (":pause", "stop the clock (:resume starts it again)"),
        (":auto", "advance phases when their time is up (again: stop)"),
        (":calc EXPR", "arithmetic with units, e.g. :calc 2B users * 5 req/day / 86400s"),
        (":numbers", "reference numbers: latencies, speed-ups, targets"),
        (":curveball [NAME]", "the interviewer changes a condition now (surge, feature-store, large-model, zone)"),
        (":prompts", "show this phase's prompts again"),
        (":notes", "every note so far, by phase"),
        (":done", "finish now and score the interview"),
        (":help", "this list"),
    ]

    /// The command an unknown `:name` most likely meant (`note` → `notes`), with its colon.
    public static func suggestion(for name: String) -> String? {
        let names = ["next", "time", "prompts", "done", "end", "finish", "pause", "resume", "numbers", "notes", "auto", "help", "calc", "curveball"]
        return EditDistance.suggestion(for: name, among: names).map { ":" + $0 }
    }

    /// Reads a line: a command when it starts with `:` and a letter, else a note (trimmed).
    public init(parsing line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix(":"), let second = text.dropFirst().first, second.isLetter else {
            self = .note(text)
            return
        }
        let body = text.dropFirst()
        let name = String(body.prefix { $0.isLetter }).lowercased()
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "next", "n": self = .next
        case "time", "t": self = .time
        case "prompts": self = .prompts
        case "done", "end", "finish": self = .done
        case "pause": self = .pause
        case "resume", "continue": self = .resume
        case "numbers": self = .numbers
        case "notes": self = .notes
        case "auto": self = .auto
        case "help", "h": self = .help
        case "calc", "c": self = .calc(argument)
        case "curveball": self = .curveball(argument)
        default: self = .unknown(name)
        }
    }
}
