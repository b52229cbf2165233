import MLSDCore
@testable import MLSDTUI
import MLSDTestSupport

extension AppState {
    /// Applies a message and performs its `.layout` effects as the runtime does; returns the other effects.
    mutating func send(_ message: Message) -> [Effect] {
        var others: [Effect] = []
        for effect in update(message) {
            if case .layout(let request) = effect {
                _ = update(.laidOut(generation: request.generation, grid: request.grid()))
            } else {
                others.append(effect)
            }
        }
        return others
    }

    /// Types each character of `text` as a key.
    mutating func type(_ text: String) {
        for c in text { _ = send(.key(.character(c))) }
    }

    /// Opens a scenario as if read from `source` (shipped by default).
    mutating func load(_ scenario: Scenario, source: DesignSource = .shipped(id: "fraud-detection")) {
        _ = send(.opened(reference: source.name, result: .opened(OpenedDesign(scenario: scenario, source: source))))
    }

    /// A state at `size` with the fraud design open.
    static func fraudOpen(size: Size = Size(width: 100, height: 30), source: DesignSource = .shipped(id: "fraud-detection")) throws -> AppState {
        var s = AppState(choices: [], terminalSize: size)
        s.load(try AppStateTests.fraud(), source: source)
        return s
    }

    /// `F`, the prompt cleared, `text` typed and enter: the effects of submitting those faults.
    mutating func submitFaults(_ text: String) -> [Effect] {
        _ = send(.key(.character("F")))
        _ = send(.key(.control("u")))
        type(text)
        return send(.key(.enter))
    }

    /// Moves the inspector to the row of `target.key` (focusing the inspector).
    mutating func focusRow(_ key: String) {
        if design.focus != .inspector { _ = send(.key(.enter)) }
        let rows = inspectorRows
        if let i = rows.firstIndex(where: { if case .field(_, let k) = $0.kind { return k == key } else { return false } }) { design.row = i }
    }

    /// Edits the value of `key` on the selected component (or scenario row) to `value`.
    mutating func setField(_ key: String, _ value: String) {
        focusRow(key)
        _ = send(.key(.enter))
        _ = send(.key(.control("u")))
        type(value)
        _ = send(.key(.enter))
    }

    /// Selects the component with this id on the canvas.
    mutating func select(_ id: String) {
        design.focus = .canvas
        design.selection = scenario?.design.components.firstIndex { $0.id == id } ?? 0
    }

    /// A snapshot of text and style roles.
    func snapshotLines() -> [String] {
        let buffer = view()
        return buffer.lines + ["--- roles ---"] + buffer.roleLines
    }
}
