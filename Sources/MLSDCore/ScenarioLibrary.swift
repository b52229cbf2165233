import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds scenarios by id or path: the shipped ones (embedded in the binary) and the user's own
/// under `$XDG_CONFIG_HOME/mlsd/scenarios` (default `~/.config/mlsd/scenarios`).
public struct ScenarioLibrary: Sendable {
    /// One scenario the library knows about.
    public struct Entry: Sendable, Hashable {
        /// File name without extension, e.g. `fraud-detection`.
        public var id: String
        /// `builtin:<id>` for shipped scenarios, otherwise the file path.
        public var path: String
        public var source: String
        public var isBuiltin: Bool
        /// A user file that takes the place of a shipped scenario with the same id.
        public var isShadowingBuiltin = false
        /// Why a user file could not be read (its ``source`` is then empty); nil when it was.
        public var problem: String?
    }

    public var userDirectory: String?

    /// Uses the process environment to find the user's scenario folder.
    public init() { self.init(environment: ProcessInfo.processInfo.environment) }

    public init(environment: [String: String]) {
        userDirectory = Self.configDirectory(environment: environment).map { $0 + "/scenarios" }
    }

    /// `$XDG_CONFIG_HOME/mlsd`, else `~/.config/mlsd`; nil when neither variable is set.
    public static func configDirectory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/mlsd" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/mlsd" }
        return nil
    }

    /// Shipped scenarios first (sorted by id), then the user's; a user file with a shipped id shadows it.
    ///
    /// Each user file is read through ``TextFile`` with the scenario size limit; one that cannot
    /// be read is still listed, with its ``Entry/problem``.
    public func entries() -> [Entry] {
        var byID: [String: Entry] = [:]
        for (id, text) in EmbeddedScenarios.files {
            byID[id] = Entry(id: id, path: "builtin:\(id)", source: text, isBuiltin: true)
        }
        for (id, path) in userFiles() {
            var entry = Entry(id: id, path: path, source: "", isBuiltin: false, isShadowingBuiltin: byID[id]?.isBuiltin == true)
            do { entry.source = try TextFile.read(path, maximumBytes: Scenario.maximumFileBytes) } catch {
                entry.problem = error.diagnostic(path: path).message
            }
            byID[id] = entry
        }
        return byID.values.sorted { ($0.isBuiltin ? 0 : 1, $0.id) < ($1.isBuiltin ? 0 : 1, $1.id) }
    }

    /// The user's scenario files by id, without reading them (`x.yml` wins over `x.yaml`).
    func userFiles() -> [(id: String, path: String)] {
        guard let dir = userDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var byID: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            byID[String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex))] = dir + "/" + name
        }
        return byID.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Why a scenario could not be found or opened.
    public enum LookupError: Error, Equatable, CustomStringConvertible {
        case notFound(String, suggestion: String?)
        /// The path names something that cannot be opened as a scenario file, and why.
        case cannotOpen(String, reason: String)
        public var description: String {
            switch self {
            case .notFound(let name, let suggestion):
                let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; run 'mlsd scenarios' to list them"
                return "error: no such file or scenario '\(name)'\(hint)"
            case .cannotOpen(let path, let reason):
                return "error: cannot read '\(path)': \(reason)"
            }
        }
    }

    /// The reference that reads a scenario from standard input (`mlsd simulate -`).
    public static let standardInput = "-"
    /// How standard input is named in messages and diagnostics (`<stdin>:3:7: error: …`).
    public static let standardInputName = "<stdin>"

    /// True when a reference is written as a path (has a `/` or ends in `.yaml` or `.yml`) rather
    /// than as a scenario id. (An existing file named like an id is a path too; callers check that.)
    public static func looksLikePath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
    }

    /// The text and display path of a file path or scenario id. A path (contains `/` or ends in
    /// `.yaml`) is read from disk; an id reads only its own file (user folder first, then shipped).
    ///
    /// - Throws: ``LookupError`` when nothing is found or the path cannot be opened; ``ScenarioError``
    ///   (located) when the file's content cannot be used (too large, not UTF-8, binary).
    public func source(for reference: String) throws -> (path: String, text: String) {
        if reference == Self.standardInput {
            guard isatty(0) == 0 else {
                throw LookupError.cannotOpen(Self.standardInputName, reason: "it is a terminal; pipe a scenario into it (cat design.yaml | mlsd validate -)")
            }
            do { return (Self.standardInputName, try TextFile.read("/dev/stdin", maximumBytes: Scenario.maximumFileBytes, allowsStreams: true)) } catch {
                switch error {
                case .notFound: throw LookupError.cannotOpen(Self.standardInputName, reason: "it is closed")
                case .cannotOpen(let reason): throw LookupError.cannotOpen(Self.standardInputName, reason: reason)
                case .badContent: throw ScenarioError(diagnostics: [error.diagnostic(path: Self.standardInputName)])
                }
            }
        }
        if Self.looksLikePath(reference) || FileManager.default.fileExists(atPath: reference) {
            return (reference, try Self.read(reference, allowsStreams: true))
        }
        if let dir = userDirectory {
            for ext in [".yml", ".yaml"] where FileManager.default.fileExists(atPath: dir + "/" + reference + ext) {
                let path = dir + "/" + reference + ext
                return (path, try Self.read(path))
            }
        }
        if let text = EmbeddedScenarios.files.first(where: { $0.0 == reference })?.1 { return ("Scenarios/\(reference).yaml", text) }
        let ids = EmbeddedScenarios.files.map(\.0) + userFiles().map(\.id)
        throw LookupError.notFound(reference, suggestion: EditDistance.suggestion(for: reference, among: ids))
    }

    static func read(_ path: String, allowsStreams: Bool = false) throws -> String {
        do { return try TextFile.read(path, maximumBytes: Scenario.maximumFileBytes, allowsStreams: allowsStreams) } catch {
            switch error {
            case .notFound: throw LookupError.notFound(path, suggestion: nil)
            case .cannotOpen(let reason): throw LookupError.cannotOpen(path, reason: reason)
            case .badContent: throw ScenarioError(diagnostics: [error.diagnostic(path: path)])
            }
        }
    }

    /// Loads and validates a scenario by path or id.
    public func load(_ reference: String) throws -> (scenario: Scenario, warnings: [Diagnostic], path: String) {
        let (path, text) = try source(for: reference)
        let (scenario, warnings) = try Scenario.parse(yaml: text, path: path)
        return (scenario, warnings, path)
    }
}
