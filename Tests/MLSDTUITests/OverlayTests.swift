import MLSDCore
import MLSDSim
import MLSDTestSupport
import Testing
@testable import MLSDTUI

/// Overlays drawn over each screen at 80×24 and 120×40.
@Suite("Overlays over the screens") struct OverlayTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    /// fraud-detection at `size` on `screen` (the results of a short run; the panels before a run).
    static func state(on screen: AppState.Screen, size: Size) throws -> AppState {
        var s = try AppState.fraudOpen(size: size)
        if screen == .results {
            guard case .simulate(let job)? = s.send(.key(.character("r"))).first else { throw Failure("r starts a run") }
            let result = try Simulation.run(job.scenario, options: .init(seed: job.seed, stop: .requests(5_000)))
            _ = s.send(.simulationFinished(job: job.job, outcome: .finished(result)))
        }
        s.screen = screen
        s.say(nil)
        return s
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// `?` on the results and fault screens was as tall as the body, so its corners sat beside the
    /// screen's own (`┌┌─ Keys · Fault injection ──┐┐`, `└└…┘┘`): it now keeps inside the screen's
    /// border on every side, as it did on the shorter capacity list.
    @Test(arguments: [AppState.Screen.design, .results, .capacity, .faults], sizes)
    func helpKeepsInsideTheScreensBorder(_ screen: AppState.Screen, _ size: Size) throws {
        var s = try Self.state(on: screen, size: size)
        let before = s.view().lines
        _ = s.send(.key(.character("?")))
        let lines = s.view().lines
        #expect(lines.contains { $0.contains("Keys · ") }, "the help is open")
        #expect(lines[1] == before[1], "the screen's top border is not drawn over: \(lines[1])")
        #expect(lines[size.height - 2] == before[size.height - 2], "nor its bottom border: \(lines[size.height - 2])")
        #expect(!lines.contains { $0.contains("┌┌") || $0.contains("└└") || $0.contains("┐┐") || $0.contains("┘┘") })
    }

    /// The fault prompt over the design canvas left the canvas's boxes in the column beside its
    /// own border (`│┌┌─ Fault:`, `│└└───`); over the capacity panel that column happened to be
    /// blank. An overlay now clears a ring one cell wide around its box, inside the screen's border.
    @Test(arguments: [AppState.Screen.design, .results, .capacity, .faults], sizes)
    func theFaultPromptClearsWhatIsAroundItsBox(_ screen: AppState.Screen, _ size: Size) throws {
        var s = try Self.state(on: screen, size: size)
        _ = s.send(.key(.character("F")))
        guard case .prompt? = s.overlay else { throw Failure("F asks for a fault") }
        let buffer = s.view()
        let lines = buffer.lines
        #expect(!lines.contains { $0.contains("┌┌") || $0.contains("└└") || $0.contains("┐┐") || $0.contains("┘┘") }, "\(lines.joined(separator: "\n"))")
        let box = overlayFrame(in: s.bodyRect, width: 76, height: 5)
        let inside = s.bodyRect.inset(by: 1)
        let ring = Rect(x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2)
        for y in max(ring.y, inside.y)..<min(ring.maxY, inside.maxY) {
            for x in max(ring.x, inside.x)..<min(ring.maxX, inside.maxX) where x == ring.x || x == ring.maxX - 1 || y == ring.y || y == ring.maxY - 1 {
                #expect(buffer[x, y].character == " ", "(\(x), \(y)) beside the prompt shows '\(buffer[x, y].character)': \(lines[y])")
            }
        }
    }

    /// The text inside `frame` (its border left out), the keys drawn in the key role left out too,
    /// rows joined by a space and runs of spaces made one: what a reader sees as running text.
    static func text(_ buffer: ScreenBuffer, in frame: Rect) -> String {
        var rows: [String] = []
        for y in (frame.y + 1)..<(frame.maxY - 1) {
            var row = ""
            for x in (frame.x + 1)..<(frame.maxX - 1) {
                let cell = buffer[x, y]
                guard cell != .continuation else { continue }
                row.append(cell.role == .key ? " " : cell.character)
            }
            rows.append(row)
        }
        return rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
    }

    /// At 80 columns the palette cut its entries mid-word ("… (choose the kind of", "tab shift-t"):
    /// with each entry selected in turn, its whole name reads across the rows and its keys show whole.
    @Test(arguments: [AppState.Screen.design, .results, .capacity, .faults], sizes)
    func everyPaletteEntryReadsWhole(_ screen: AppState.Screen, _ size: Size) throws {
        var s = try Self.state(on: screen, size: size)
        _ = s.send(.key(.character(":")))
        guard case .palette(_, _, let context)? = s.overlay else { throw Failure(": opens the palette") }
        let matches = s.paletteMatches("", context: context)
        #expect(matches.count > 5)
        for (i, entry) in matches.enumerated() {
            guard case .palette(_, let selection, _)? = s.overlay, selection == i else { throw Failure("↓ selects entry \(i)") }
            let buffer = s.view()
            let text = Self.text(buffer, in: CommandPaletteView.frame(in: s.bodyRect))
            #expect(text.contains(entry.help), "entry \(i) '\(entry.help)' in: \(text)")
            #expect(buffer.lines.contains { $0.contains(entry.label) }, "its keys '\(entry.label)'")
            _ = s.send(.key(.down))
        }
        #expect(s.view().lines.allSatisfy { DisplayWidth.of($0) == size.width })
    }

    /// The insert, add and export menus cut a component's summary mid-word at 80 columns ("Caller
    /// that sends requests; adds no s"): each item, selected in turn, reads whole.
    @Test(arguments: ["f", "a", "e"], sizes)
    func everyMenuItemReadsWhole(_ key: Character, _ size: Size) throws {
        var s = try Self.state(on: .design, size: size)
        _ = s.send(.key(.character(key)))
        guard case .menu(let first)? = s.overlay else { throw Failure("\(key) opens a menu") }
        _ = s.send(.key(.home)) // the insert menu opens on the cache
        for i in first.items.indices {
            guard case .menu(let menu)? = s.overlay, menu.selection == i else { throw Failure("↓ selects item \(i)") }
            let text = Self.text(s.view(), in: MenuView.frame(in: s.bodyRect, menu: menu))
            let item = menu.items[i]
            let summary = ComponentKind(rawValue: item.title).map { Catalog.standard[$0].summary } ?? item.detail
            #expect(text.contains(item.title) && text.contains(summary), "item \(i) '\(summary)' in: \(text)")
            _ = s.send(.key(.down))
        }
    }

    /// At 120×40 the tornado's header was cut at the column's edge for an LLM design
    /// ("Base: p99 20460 ms, errors 0%, $100,402/mon").
    @Test func theTornadoHeaderWrapsInItsColumn() throws {
        var s = try Self.state(on: .capacity, size: Size(width: 120, height: 40))
        let rows = PanelFixtures.tornado().rows
        s.capacity.tornado = SensitivityResult(base: PanelFixtures.outcome(20_460, cost: 100_402), rows: rows, change: 0.2, wasCancelled: false)
        let lines = s.view().lines
        let header = lines.compactMap { line -> String? in
            guard let bar = line.lastIndex(of: "│"), let start = line.dropLast().lastIndex(of: "│") else { return nil }
            return line[line.index(after: start)..<bar].trimmingCharacters(in: .whitespaces)
        }.drop { !$0.hasPrefix("Base:") }.prefix(2).joined(separator: " ")
        #expect(header.hasPrefix("Base: p99 ") && header.contains("errors 0%, $100,402/month"), "\(header)")
    }
}
