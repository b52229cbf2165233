import MLSDCore

/// Runs the app: present view → read message → update → perform effects, until quit.
public struct Runtime<Terminal: TerminalDevice> {
    public var state: AppState
    public var terminal: Terminal
    /// Loads a scenario by id for the design screen (file I/O, kept out of `update`).
    public var loadScenario: (String) -> ScenarioLoadResult
    /// Writes a design under an id (file I/O, kept out of `update`).
    public var saveScenario: (String, String) -> SaveResult

    public init(state: AppState, terminal: Terminal, loadScenario: @escaping (String) -> ScenarioLoadResult,
                saveScenario: @escaping (String, String) -> SaveResult) {
        self.state = state
        self.terminal = terminal
        self.loadScenario = loadScenario
        self.saveScenario = saveScenario
    }

    /// Runs until an effect says quit, the terminal is asked to stop, or input ends.
    public mutating func run() {
        _ = state.update(.resize(terminal.size))
        var pending: [Message] = []
        while !terminal.shouldStop {
            terminal.present(state.view())
            let message: Message
            if !pending.isEmpty {
                message = pending.removeFirst()
            } else if let next = terminal.nextMessage(timeoutSeconds: 0.1) {
                message = next
            } else {
                continue
            }
            for effect in state.update(message) {
                switch effect {
                case .quit: return
                case .loadScenario(let id): pending.append(.scenarioLoaded(id: id, result: loadScenario(id)))
                case .save(let id, let yaml): pending.append(.saved(id: id, result: saveScenario(id, yaml)))
                }
            }
        }
    }
}
