/// Where unsaved work is kept until it is saved or discarded: one file per design in the recovery
/// folder, named after where the design came from, holding the scenario YAML under a header line.
public enum RecoveryFile {
    /// The recovery copy's path for a design source.
    public static func path(for source: DesignSource, in directory: String) -> String {
        switch source {
        case .shipped(let id): return directory + "/shipped-" + safe(id) + ".yaml"
        case .file(let path): return directory + "/file-" + safe(path) + ".yaml"
        }
    }

    /// The interview recovery copy's path (a Markdown transcript of the notes so far).
    public static func interviewPath(for source: DesignSource, in directory: String) -> String {
        path(for: source, in: directory).replacingOccurrences(of: ".yaml", with: "") + "-interview.md"
    }

    /// The recovery file's text: a comment naming the source, then the scenario.
    public static func text(yaml: String, source: DesignSource) -> String {
        "# mlsd recovery copy of unsaved work on \(describe(source)); mlsd offers to recover it when the design is opened\n" + yaml
    }

    static func describe(_ source: DesignSource) -> String {
        switch source {
        case .shipped(let id): return "the shipped scenario '\(id)'"
        case .file(let path): return path
        }
    }

    /// A file-name-safe spelling: `/` and other unsafe characters become `%`.
    static func safe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "%" }.prefix(200))
    }
}
