import Foundation
internal import Yams

/// A colour theme: for each style role of the TUI, a foreground, background and attributes.
///
/// Themes are YAML files (`Themes/*.yaml`, shipped inside the binary, or the user's own in
/// `$XDG_CONFIG_HOME/mlsd/themes`). Colours are names (`black red green yellow blue magenta cyan
/// white`, `default`) or 256-colour indexes (`0`–`255`); on an 8-colour terminal an index above 7 is
/// reduced to the nearest of the eight.
public struct Theme: Hashable, Sendable {
    /// A terminal colour.
    public enum Color: Hashable, Sendable {
        case terminalDefault
        /// 0–255: 0–7 are black, red, green, yellow, blue, magenta, cyan, white.
        case indexed(Int)

        public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    }

    /// How one role looks.
    public struct Style: Hashable, Sendable {
        public var foreground: Color = .terminalDefault
        public var background: Color = .terminalDefault
        public var isBold = false
        public var isDim = false
        public var isReverse = false
        public var isUnderlined = false
        public init() {}
    }

    /// The roles a theme styles, in the TUI's order (`StyleRole`).
    public static let roleNames = ["normal", "title", "dim", "selected", "border", "accent", "good", "warning", "bad", "status_bar", "key"]

    public var name: String
    public var summary: String
    /// Style per role name; every name in ``roleNames`` is present.
    public var styles: [String: Style]

    /// Reads a theme file, reporting every problem with its line and column.
    public static func parse(yaml text: String, path: String) throws(ScenarioError) -> Theme {
        var reader = ScenarioReader(path: path)
        let theme = reader.readTheme(text)
        if let theme, reader.diagnostics.isEmpty { return theme }
        throw ScenarioError(diagnostics: reader.diagnostics.isEmpty
            ? [Diagnostic(.error, at: FileLocation(path: path, line: 1, column: 1), "not a theme")] : reader.diagnostics)
    }

    /// The shipped themes by id, then the user's (a user file with a shipped id takes its place).
    public static func available(environment: [String: String] = [:]) -> [(id: String, path: String, text: String)] {
        var byID: [String: (String, String, String)] = [:]
        for (id, text) in EmbeddedThemes.files { byID[id] = (id, "Themes/\(id).yaml", text) }
        if let dir = ScenarioLibrary.configDirectory(environment: environment).map({ $0 + "/themes" }), let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for name in names.sorted() where name.hasSuffix(".yaml") {
                let path = dir + "/" + name
                // Regular files up to 1 MB only: a FIFO or a huge file in the folder must not stall start-up.
                if let text = try? TextFile.read(path, maximumBytes: 1 << 20) {
                    byID[String(name.dropLast(5))] = (String(name.dropLast(5)), path, text)
                }
            }
        }
        return byID.values.sorted { $0.0 < $1.0 }.map { (id: $0.0, path: $0.1, text: $0.2) }
    }
}

extension ScenarioReader {
    mutating func readTheme(_ text: String) -> Theme? {
        guard let root = composeRoot(text, expected: "'name' and 'styles'"),
              let map = mapping(root, context: "the theme", keys: ["name", "summary", "styles"]) else { return nil }
        let name = string(map, "name", required: true, at: root, expected: "the theme's name") ?? ""
        let summary = string(map, "summary") ?? ""
        var styles: [String: Theme.Style] = [:]
        guard let stylesNode = map["styles"] else {
            self.error(at: root, "missing key 'styles'; expected a style for each of \(Theme.roleNames.joined(separator: ", "))")
            return nil
        }
        guard let sm = mapping(stylesNode, context: "styles", keys: Theme.roleNames) else { return nil }
        for (key, value) in sm where !hiddenKeys.contains(key.string ?? "") {
            guard let role = key.string, Theme.roleNames.contains(role),
                  let m = mapping(value, context: "style '\(role)'", keys: ["fg", "bg", "bold", "dim", "reverse", "underline"]) else { continue }
            var style = Theme.Style()
            style.foreground = color(m, "fg") ?? .terminalDefault
            style.background = color(m, "bg") ?? .terminalDefault
            style.isBold = flag(m, "bold")
            style.isDim = flag(m, "dim")
            style.isReverse = flag(m, "reverse")
            style.isUnderlined = flag(m, "underline")
            styles[role] = style
        }
        for role in Theme.roleNames where styles[role] == nil && sm[role] == nil {
            self.error(at: map.keys.first { $0.string == "styles" }, "missing style '\(role)'; every role needs a style ({} for the terminal's default)")
        }
        return Theme(name: name, summary: summary, styles: styles)
    }

    mutating func color(_ map: Node.Mapping, _ key: String) -> Theme.Color? {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "a colour name or 0-255") else { return nil }
        if s == "default" { return .terminalDefault }
        if let i = Theme.Color.names.firstIndex(of: s) { return .indexed(i) }
        if let n = Int(s), (0...255).contains(n) { return .indexed(n) }
        let hint = EditDistance.suggestion(for: s, among: Theme.Color.names + ["default"]).map { "; did you mean '\($0)'?" } ?? ""
        self.error(at: node, "invalid colour '\(Self.printable(s))' for '\(key)'\(hint); expected \(Theme.Color.names.joined(separator: ", ")), default or 0-255")
        return nil
    }

    mutating func flag(_ map: Node.Mapping, _ key: String) -> Bool {
        guard let (s, node) = scalarText(map, key, required: false, at: nil, expected: "true or false") else { return false }
        switch s {
        case "true": return true
        case "false": return false
        default:
            self.error(at: node, "invalid value '\(Self.printable(s))' for '\(key)': expected true or false")
            return false
        }
    }
}
