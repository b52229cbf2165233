import MLSDCore

extension AppState {
    /// Applies one message. Pure: no I/O, no clock, no randomness; side effects are returned.
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .resize(let size):
            terminalSize = size
            return []
        case .scenarioLoaded(let id, let result):
            switch result {
            case .loaded(let s):
                scenario = s
                scenarioID = id
                componentSelection = 0
                screen = .design
                status = nil
            case .failed(let lines):
                status = lines.first ?? "could not load \(id)"
            }
            return []
        case .key(let key):
            return handle(key)
        }
    }

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .control("c") { return [.quit] }
        if isHelpVisible {
            if key == .escape || key == .character("?") || key == .character("q") { isHelpVisible = false }
            return []
        }
        switch key {
        case .character("?"), .function(1):
            isHelpVisible = true
            return []
        case .character("q"):
            if screen == .design {
                screen = .picker
                return []
            }
            return [.quit]
        default:
            break
        }
        switch screen {
        case .picker: return handlePicker(key)
        case .design: return handleDesign(key)
        }
    }

    private mutating func handlePicker(_ key: Key) -> [Effect] {
        guard !choices.isEmpty else { return [] }
        switch key {
        case .down, .character("j"): pickerSelection = min(pickerSelection + 1, choices.count - 1)
        case .up, .character("k"): pickerSelection = max(pickerSelection - 1, 0)
        case .home, .character("g"): pickerSelection = 0
        case .end, .character("G"): pickerSelection = choices.count - 1
        case .enter, .right, .character("l"):
            status = "Loading \(choices[pickerSelection].name)…"
            return [.loadScenario(id: choices[pickerSelection].id)]
        default: break
        }
        return []
    }

    private mutating func handleDesign(_ key: Key) -> [Effect] {
        let count = scenario?.design.components.count ?? 0
        switch key {
        case .escape, .left, .character("h"): screen = .picker
        case .down, .character("j"), .tab: if count > 0 { componentSelection = (componentSelection + 1) % count }
        case .up, .character("k"), .backTab: if count > 0 { componentSelection = (componentSelection - 1 + count) % count }
        default: break
        }
        return []
    }
}
