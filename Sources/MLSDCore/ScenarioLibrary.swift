import Foundation

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
    public func entries() -> [Entry] {
        var byID: [String: Entry] = [:]
        for (id, text) in EmbeddedScenarios.files {
            byID[id] = Entry(id: id, path: "builtin:\(id)", source: text, isBuiltin: true)
        }
        if let dir = userDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                let path = dir + "/" + name
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { continue }
                let id = String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex))
                byID[id] = Entry(id: id, path: path, source: text, isBuiltin: false, isShadowingBuiltin: byID[id]?.isBuiltin == true)
            }
        }
        return byID.values.sorted { ($0.isBuiltin ? 0 : 1, $0.id) < ($1.isBuiltin ? 0 : 1, $1.id) }
    }

    /// Why a scenario could not be found.
    public enum LookupError: Error, Equatable, CustomStringConvertible {
        case notFound(String, suggestion: String?)
        public var description: String {
            switch self {
            case .notFound(let name, let suggestion):
                let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; run 'mlsd scenarios' to list them"
                return "error: no such file or scenario '\(name)'\(hint)"
            }
        }
    }

    /// The text and display path of a file path or scenario id. A path (contains `/` or ends in `.yaml`) is read from disk.
    public func source(for reference: String) throws(LookupError) -> (path: String, text: String) {
        let looksLikePath = reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
        if FileManager.default.fileExists(atPath: reference) || looksLikePath {
            guard let data = FileManager.default.contents(atPath: reference), let text = String(data: data, encoding: .utf8) else {
                throw .notFound(reference, suggestion: nil)
            }
            return (reference, text)
        }
        let all = entries()
        if let e = all.first(where: { $0.id == reference }) { return (e.isBuiltin ? "Scenarios/\(e.id).yaml" : e.path, e.source) }
        throw .notFound(reference, suggestion: EditDistance.suggestion(for: reference, among: all.map(\.id)))
    }

    /// Loads and validates a scenario by path or id.
    public func load(_ reference: String) throws -> (scenario: Scenario, warnings: [Diagnostic], path: String) {
        let (path, text) = try source(for: reference)
        let (scenario, warnings) = try Scenario.parse(yaml: text, path: path)
        return (scenario, warnings, path)
    }
}
