public import MLSDCore
public import MLSDSim

/// Runs the app: present view → read message → update → perform effects, until quit.
public struct Runtime<Terminal: TerminalDevice> {
    public var state: AppState
    public var terminal: Terminal
    /// Loads a scenario by id for the design screen (file I/O, kept out of `update`).
    public var loadScenario: (String) -> ScenarioLoadResult
    /// Writes a design under an id (file I/O, kept out of `update`).
    public var saveScenario: (String, String) -> SaveResult
    /// Runs a simulation (CPU work, kept out of `update`).
    public var simulate: (Scenario, UInt64, Int) -> SimulationOutcome

    public init(state: AppState, terminal: Terminal, loadScenario: @escaping (String) -> ScenarioLoadResult,
                saveScenario: @escaping (String, String) -> SaveResult,
                simulate: @escaping (Scenario, UInt64, Int) -> SimulationOutcome = Runtime.defaultSimulate) {
        self.simulate = simulate
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
                case .runSimulation(let scenario, let seed, let requests):
                    // Show "Simulating…" before the run takes the thread.
                    terminal.present(state.view())
                    pending.append(.simulationFinished(simulate(scenario, seed, requests)))
                }
            }
        }
    }
}

extension Runtime {
    /// Runs the simulator on the scenario with the given seed and request count.
    public static func defaultSimulate(_ scenario: Scenario, _ seed: UInt64, _ requests: Int) -> SimulationOutcome {
        do {
            return .finished(try Simulation.run(scenario, options: .init(seed: seed, stop: .requests(requests))))
        } catch {
            return .failed("\(error)")
        }
    }
}
