import Testing
@testable import MLSDCore

@Suite("Themes") struct ThemeTests {
    @Test(arguments: EmbeddedThemes.files.map(\.id))
    func shippedThemeStylesEveryRole(_ id: String) throws {
        let text = try #require(EmbeddedThemes.files.first { $0.id == id }?.text)
        let theme = try Theme.parse(yaml: text, path: "Themes/\(id).yaml")
        #expect(Set(theme.styles.keys) == Set(Theme.roleNames))
    }

    @Test func monoUsesNoColour() throws {
        let text = try #require(EmbeddedThemes.files.first { $0.id == "mono" }?.text)
        let theme = try Theme.parse(yaml: text, path: "mono.yaml")
        #expect(theme.styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
    }

    @Test func badColoursAndMissingRolesAreLocated() {
        let yaml = "name: t\nstyles:\n  normal: { fg: cyna }\n  title: { bold: yes }\n  titel: {}\n"
        do {
            _ = try Theme.parse(yaml: yaml, path: "t.yaml")
            Issue.record("expected errors")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains("t.yaml:3:17: error: invalid colour 'cyna' for 'fg'; did you mean 'cyan'?; expected black, red, green, yellow, blue, magenta, cyan, white, default or 0-255"))
            #expect(messages.contains("t.yaml:4:18: error: invalid value 'yes' for 'bold': expected true or false"))
            #expect(messages.contains("t.yaml:5:3: error: unknown key 'titel' in styles; did you mean 'title'?"))
            #expect(messages.contains { $0.hasPrefix("t.yaml:2:1: error: missing style 'dim'") })
        }
    }
}

@Suite("Embedded themes") struct EmbeddedThemeTests {
    @Test func embeddedCopiesMatchTheFilesOnDisk() throws {
        let dir = TestPaths.root.appendingPathComponent("Themes")
        for (id, text) in EmbeddedThemes.files {
            let disk = try String(contentsOf: dir.appendingPathComponent("\(id).yaml"), encoding: .utf8)
            #expect(disk == text, "Themes/\(id).yaml differs from its embedded copy; run scripts/embed-scenarios")
        }
    }
}
